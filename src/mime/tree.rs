//! The mail-parser tree of one message, parsed under `catch_unwind` and torn down without recursion.
//!
//! mail-parser nests `message/rfc822` parts without a depth limit and its types drop recursively, so a
//! message with thousands of nested messages overflows the stack when dropped (an abort, which
//! `catch_unwind` cannot stop). [`MimeTree`] owns the parsed message and flattens it on drop.

use std::borrow::Cow;
use std::ops::Deref;
use std::panic::catch_unwind;

use mail_parser::{Message, MessageParser, PartType};

pub(crate) struct MimeTree<'x>(Message<'x>);

impl<'x> MimeTree<'x> {
    /// Parses `raw`; `None` when mail-parser finds no header at all or panics.
    pub(crate) fn parse(raw: &'x [u8]) -> Option<Self> {
        catch_unwind(|| MessageParser::default().parse(raw))
            .ok()
            .flatten()
            .filter(|message| !message.parts.is_empty())
            .map(MimeTree)
    }
}

/// mail-parser drops a last header line that has no line break after it (`Subject: x\nFrom: a@b.c` loses
/// From), so a message with no empty line ending its header block gets one. Appending keeps every offset
/// into the original bytes valid.
pub(crate) fn with_header_end(raw: &[u8]) -> Cow<'_, [u8]> {
    if header_end(raw).is_some() || raw.is_empty() {
        return Cow::Borrowed(raw);
    }
    let mut owned = raw.to_vec();
    owned.extend_from_slice(if raw.ends_with(b"\n") { b"\n" } else { b"\n\n" });
    Cow::Owned(owned)
}

/// Where the first empty line (`\n\n` or `\n\r\n`) ends: the offset of the body. One pass
/// that stops at the end of the header block (a byte-window search ran through whole CRLF
/// messages looking for `\n\n` first).
pub(crate) fn header_end(raw: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\n', raw).find_map(|i| match raw.get(i + 1..) {
        Some([b'\n', ..]) => Some(i + 2),
        Some([b'\r', b'\n', ..]) => Some(i + 3),
        _ => None,
    })
}

impl<'x> Deref for MimeTree<'x> {
    type Target = Message<'x>;

    fn deref(&self) -> &Message<'x> {
        &self.0
    }
}

impl Drop for MimeTree<'_> {
    fn drop(&mut self) {
        let mut pending = vec![std::mem::take(&mut self.0)];
        while let Some(mut message) = pending.pop() {
            for part in &mut message.parts {
                if let PartType::Message(nested) = std::mem::take(&mut part.body) {
                    pending.push(nested);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_nested_messages_drop_without_overflowing_the_stack() {
        let mut raw = String::new();
        for _ in 0..10_000 {
            raw.push_str("Subject: wrapper\nContent-Type: message/rfc822\n\n");
        }
        raw.push_str("Subject: deepest\n\nbody\n");
        // Run on a small stack so a recursive drop would fail here rather than only in production threads.
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let tree = MimeTree::parse(raw.as_bytes()).expect("parses");
                tree.subject().map(str::to_owned)
            })
            .expect("thread starts");
        assert_eq!(
            handle.join().expect("no overflow").as_deref(),
            Some("wrapper")
        );
    }

    #[test]
    fn header_block_gets_terminated_only_when_unterminated() {
        assert_eq!(
            with_header_end(b"Subject: a\nFrom: b").as_ref(),
            b"Subject: a\nFrom: b\n\n"
        );
        assert_eq!(
            with_header_end(b"Subject: a\r\n").as_ref(),
            b"Subject: a\r\n\n"
        );
        assert!(matches!(
            with_header_end(b"Subject: a\r\n\r\nbody"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            with_header_end(b"Subject: a\n\nbody"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn header_end_is_the_first_empty_line() {
        assert_eq!(header_end(b"A: b\r\n\r\nbody\n\nmore"), Some(8));
        assert_eq!(header_end(b"A: b\n\nbody"), Some(6));
        assert_eq!(header_end(b"A: b\r\nC: d\r\n"), None);
        assert_eq!(header_end(b"A: b\n\r"), None);
        assert_eq!(header_end(b""), None);
        assert_eq!(header_end(b"\n\n"), Some(2));
    }

    #[test]
    fn no_headers_is_none() {
        assert!(MimeTree::parse(b"").is_none());
        assert!(MimeTree::parse(b"just some words\n").is_none());
    }
}
