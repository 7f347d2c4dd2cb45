//! The mail-parser tree of one message, parsed under `catch_unwind` and torn down without recursion.
//!
//! mail-parser nests `message/rfc822` parts without a depth limit and its types drop recursively, so a
//! message with thousands of nested messages overflows the stack when dropped (an abort, which
//! `catch_unwind` cannot stop). [`MimeTree`] owns the parsed message and flattens it on drop.

use std::borrow::Cow;
use std::ops::Deref;
use std::panic::catch_unwind;
use std::sync::LazyLock;

use mail_parser::{HeaderName, Message, MessageParser, PartType};

/// The parser of whole messages: mail-parser's own reading of each registered field, except
/// that fields nothing reads in structured form are kept as raw text: `Received` (tokenised into
/// a structure each, and real mail carries several) and the `List-*` fields (read as address
/// lists; the unsubscribe link is taken from the raw field). Every field stays available raw.
/// (Once a parser names any field, mail-parser reads every field it does not name as raw, so
/// the others are named here as mail-parser reads them by default; a test compares the two.)
pub(crate) static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    use HeaderName as H;
    let text = [
        H::Subject,
        H::Comments,
        H::ContentDescription,
        H::ContentLocation,
        H::ContentTransferEncoding,
    ];
    let address = [
        H::From,
        H::To,
        H::Cc,
        H::Bcc,
        H::ReplyTo,
        H::Sender,
        H::ResentTo,
        H::ResentFrom,
        H::ResentBcc,
        H::ResentCc,
        H::ResentSender,
    ];
    let id = [
        H::MessageId,
        H::References,
        H::InReplyTo,
        H::ReturnPath,
        H::ContentId,
        H::ResentMessageId,
    ];
    let mut parser = MessageParser::new();
    parser = text.into_iter().fold(parser, MessageParser::header_text);
    parser = address
        .into_iter()
        .fold(parser, MessageParser::header_address);
    parser = id.into_iter().fold(parser, MessageParser::header_id);
    parser = [H::Date, H::ResentDate]
        .into_iter()
        .fold(parser, MessageParser::header_date);
    parser = [H::Keywords, H::ContentLanguage]
        .into_iter()
        .fold(parser, MessageParser::header_comma_separated);
    [H::ContentType, H::ContentDisposition]
        .into_iter()
        .fold(parser, MessageParser::header_content_type)
});

pub(crate) struct MimeTree<'x>(Message<'x>);

impl<'x> MimeTree<'x> {
    /// Parses `raw`; `None` when mail-parser finds no header at all or panics.
    pub(crate) fn parse(raw: &'x [u8]) -> Option<Self> {
        Self::parse_with(raw, &PARSER)
    }

    /// [`MimeTree::parse`] with another parser (tests compare [`PARSER`] with the default).
    pub(crate) fn parse_with(raw: &'x [u8], parser: &MessageParser) -> Option<Self> {
        catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(raw)))
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

    /// Received and List-* fields come back as their raw text (no structure is built for them),
    /// and what is read from the message is unchanged: subject, body, the unsubscribe link.
    #[test]
    fn received_and_list_fields_are_kept_raw_and_the_rest_reads_as_before() {
        let raw =
            b"Received: from a.example (a.example [192.0.2.1]) by b.example with ESMTPS id 1;\r\n\
            \tMon, 1 Dec 2025 10:00:00 +0000\r\n\
            Received: from c.example by a.example; Mon, 1 Dec 2025 09:59:00 +0000\r\n\
            List-Id: The list <list.example.org>\r\n\
            List-Unsubscribe: <https://example.org/u?x=1>, <mailto:leave@example.org>\r\n\
            Subject: Weekly notes\r\nFrom: Ann <ann@example.org>\r\n\r\nThe notes.\r\n";
        let tree = MimeTree::parse(raw).unwrap();
        let received: Vec<_> = tree.header_values(HeaderName::Received).collect();
        assert_eq!(received.len(), 2);
        assert!(
            matches!(received[0], mail_parser::HeaderValue::Text(t) if t.starts_with("from a.example")),
            "{received:?}"
        );
        assert!(matches!(
            tree.header(HeaderName::ListId),
            Some(mail_parser::HeaderValue::Text(_))
        ));
        let msg = crate::mime::parse(raw);
        assert_eq!(msg.subject, "Weekly notes");
        assert_eq!(msg.text_body.as_deref(), Some("The notes.\r\n"));
        assert_eq!(msg.from[0].email, "ann@example.org");
        let unsubscribe = format!("{:?}", msg.unsubscribe);
        assert!(
            unsubscribe.contains("https://example.org/u?x=1"),
            "{unsubscribe}"
        );
    }

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
