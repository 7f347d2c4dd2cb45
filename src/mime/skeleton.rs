//! A message with the content of its attachments left out, for what a sync stores and indexes.
//!
//! A sync needs the headers, the text and HTML bodies and whether there are attachments; decoding
//! the base64 of every PDF and photo cost a fifth of a first sync's CPU (and as much memory as the
//! largest attachment). [`without_attachment_content`] keeps every part and its headers and drops
//! the encoded content of the parts that cannot be a body: base64 leaves whose type is not
//! `text/*`, `message/*` or `multipart/*`. The parts stay, so the parser still lists them.
//!
//! Only content that cannot change how the rest is read is dropped: a part is left out only when
//! its multipart's boundary is known, the part ends at a delimiter line, and the dropped bytes
//! are nothing but base64 letters and white space (mail-parser takes a boundary even in mid-line
//! and reads undecodable base64 as text), so no reading of the message can differ.
//! Anything unclear anywhere in the message (a multipart without parts, two boundaries, a
//! delimiter with text after it, base64 that does not decode, nesting deeper than 16) keeps the
//! whole message as it is: a part read differently changes how mail-parser reads the parts
//! after it. The reader always parses the whole message.

use std::borrow::Cow;
use std::ops::Range;

use memchr::memmem;

use super::tree::header_end;

/// Multiparts and forwarded messages followed at most this deep (the rest is kept whole).
const MAX_DEPTH: usize = 16;

/// `raw` without the content of its attachments (borrowed when there is nothing to leave out).
pub fn without_attachment_content(raw: &[u8]) -> Cow<'_, [u8]> {
    let mut dropped = Vec::new();
    if entity(raw, 0..raw.len(), 0, &mut dropped).is_err() || dropped.is_empty() {
        return Cow::Borrowed(raw);
    }
    let gone: usize = dropped.iter().map(|r| r.len()).sum();
    let mut out = Vec::with_capacity(raw.len() - gone);
    let mut at = 0;
    for r in dropped {
        out.extend_from_slice(&raw[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&raw[at..]);
    Cow::Owned(out)
}

/// What an entity's header says about its content.
#[derive(Debug, Default, PartialEq)]
struct Head {
    /// `type/subtype`, lower case; empty when there is no Content-Type.
    mime: String,
    boundary: Option<Vec<u8>>,
    base64: bool,
    /// Something this module does not read the way the parser would (two Content-Type fields, an
    /// encoded boundary): the entity is kept whole.
    unclear: bool,
}

/// Something in the message that this module may not read the way mail-parser does: then
/// nothing of the message is left out, since a part read differently changes how the parser
/// reads the parts after it (fuzzing found several such messages).
struct Unclear;

/// Walk the entity in `raw[span]`; push the ranges of attachment content to drop (in order).
fn entity(
    raw: &[u8],
    span: Range<usize>,
    depth: usize,
    dropped: &mut Vec<Range<usize>>,
) -> Result<(), Unclear> {
    if depth > MAX_DEPTH {
        return Err(Unclear);
    }
    let bytes = &raw[span.clone()];
    // No header at all (the part opens with its empty line): plain text by default, and the
    // first empty line further down must not be taken for the end of a header.
    if bytes.starts_with(b"\n") || bytes.starts_with(b"\r\n") {
        return Ok(());
    }
    let body_at = header_end(bytes).ok_or(Unclear)?;
    let head = read_head(&bytes[..body_at]);
    if head.unclear || !well_formed(&bytes[..body_at]) {
        return Err(Unclear);
    }
    let body = span.start + body_at..span.end;
    if head.mime.starts_with("multipart/") {
        let boundary = head.boundary.as_ref().ok_or(Unclear)?;
        let parts = parts(raw, body, boundary);
        if parts.is_empty() {
            return Err(Unclear);
        }
        for part in parts {
            entity(raw, part, depth + 1, dropped)?;
        }
    } else if head.mime == "message/rfc822" && !head.base64 {
        entity(raw, body, depth + 1, dropped)?;
    } else if depth > 0 && head.base64 && is_attachment_type(&head.mime) {
        // (A message that is one attachment, with no multipart around it, is kept whole.)
        let content = &raw[body.clone()];
        // Only base64 letters and white space: mail-parser finds a boundary even in the middle
        // of a line, and reads a part whose base64 does not decode as broken text.
        if !all_base64(content) {
            return Err(Unclear);
        }
        if !content.is_empty() {
            dropped.push(body);
        }
    }
    Ok(())
}

/// Every line of a header block is a field (`name:` with a printable ASCII name) or the
/// continuation of one: mail-parser reads a block with other lines its own way (fuzzing found
/// such messages read as text there and as multipart here).
fn well_formed(block: &[u8]) -> bool {
    block.split(|&b| b == b'\n').all(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() || line[0] == b' ' || line[0] == b'\t' {
            return true;
        }
        match line.iter().position(|&b| b == b':') {
            Some(n) => n > 0 && line[..n].iter().all(|b| (33..=126).contains(b)),
            None => false,
        }
    })
}

/// Whether every byte is one mail-parser decodes as base64 without complaint. Attachment
/// content is most of a mailbox's bytes: it is checked 64 bytes at a time with no early exit
/// inside a block, which the compiler turns into vector compares (a byte-by-byte `all` ran at
/// a fraction of that speed).
fn all_base64(content: &[u8]) -> bool {
    let mut blocks = content.chunks_exact(64);
    for block in &mut blocks {
        if !block.iter().fold(true, |ok, &b| ok & is_base64_byte(b)) {
            return false;
        }
    }
    blocks.remainder().iter().all(|&b| is_base64_byte(b))
}

/// A byte of base64 content as mail-parser decodes it without complaint.
fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n' | b' ' | b'\t')
}

/// A well-formed `type/subtype` that cannot hold a body. A malformed one (`/n`) is read as text
/// by mail-parser (a fuzzing find), so it is never taken for an attachment here.
fn is_attachment_type(mime: &str) -> bool {
    let Some((kind, subtype)) = mime.split_once('/') else {
        return false;
    };
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'+' | b'_'))
    };
    token(kind) && token(subtype) && !matches!(kind, "text" | "message" | "multipart")
}

/// The spans of the parts of a multipart body: from after each delimiter line to the line break
/// before the next delimiter. Parts are only returned when the closing delimiter is found
/// (otherwise nothing is, and the body is kept whole).
fn parts(raw: &[u8], body: Range<usize>, boundary: &[u8]) -> Vec<Range<usize>> {
    let mut delimiter = Vec::with_capacity(boundary.len() + 3);
    delimiter.extend_from_slice(b"\n--");
    delimiter.extend_from_slice(boundary);
    let finder = memmem::Finder::new(&delimiter);
    let bytes = &raw[body.clone()];
    // Delimiter lines: (offset of the "\n" before "--", offset after the line).
    let mut lines: Vec<(usize, usize, bool)> = Vec::new();
    // The first delimiter may open the body without a line break before it.
    let mut candidates: Vec<usize> = Vec::new();
    if bytes.starts_with(&delimiter[1..]) {
        candidates.push(usize::MAX);
    }
    candidates.extend(finder.find_iter(bytes));
    for at in candidates {
        let (line_start, dashes) = if at == usize::MAX {
            (0, 0)
        } else {
            (at, at + 1)
        };
        let rest_at = dashes + 2 + boundary.len();
        let rest = &bytes[rest_at..];
        let line_len = memchr::memchr(b'\n', rest).map_or(rest.len(), |n| n + 1);
        let tail = &rest[..line_len];
        let closing = tail.starts_with(b"--");
        let after = if closing { &tail[2..] } else { tail };
        // RFC 2046 lets only white space follow a delimiter, but mail-parser also ends a part
        // at "--boundaryX" (found by fuzzing): such a body is kept whole.
        if !after
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            return Vec::new();
        }
        lines.push((line_start, rest_at + line_len, closing));
        if closing {
            break;
        }
    }
    if !lines.last().is_some_and(|l| l.2) {
        return Vec::new();
    }
    lines
        .windows(2)
        .map(|w| {
            let start = w[0].1;
            // The line break before the next delimiter belongs to that delimiter.
            let mut end = w[1].0;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            body.start + start..body.start + end.max(start)
        })
        .collect()
}

/// Content-Type (type/subtype and boundary) and Content-Transfer-Encoding of a header block.
fn read_head(block: &[u8]) -> Head {
    let mut head = Head::default();
    let (mut seen_type, mut seen_encoding) = (false, false);
    for (name, value) in fields(block) {
        if name.eq_ignore_ascii_case(b"content-type") {
            if seen_type {
                head.unclear = true;
            }
            seen_type = true;
            let value = String::from_utf8_lossy(&value).into_owned();
            let mut params = value.split(';');
            head.mime = params.next().unwrap_or("").trim().to_ascii_lowercase();
            for param in params {
                let Some((key, val)) = param.split_once('=') else {
                    continue;
                };
                let key = key.trim().to_ascii_lowercase();
                if key.starts_with("boundary*") {
                    head.unclear = true;
                } else if key == "boundary" {
                    let val = val.trim();
                    let val = val
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(val);
                    // Two boundaries, or one with control characters: the parser may read
                    // another than this module would (found by fuzzing).
                    if val.is_empty()
                        || val.contains(['"', '\\'])
                        || val.chars().any(char::is_control)
                        || head.boundary.is_some()
                    {
                        head.unclear = true;
                    }
                    head.boundary = Some(val.as_bytes().to_vec());
                }
            }
        } else if name.eq_ignore_ascii_case(b"content-transfer-encoding") {
            if seen_encoding {
                head.unclear = true;
            }
            seen_encoding = true;
            head.base64 = String::from_utf8_lossy(&value)
                .trim()
                .eq_ignore_ascii_case("base64");
        }
    }
    head
}

/// The Content-Type and Content-Transfer-Encoding fields as (name, unfolded value).
fn fields(block: &[u8]) -> Vec<(&[u8], Vec<u8>)> {
    let mut out: Vec<(&[u8], Vec<u8>)> = Vec::new();
    // Whether the last field started is one of those two (continuation lines go to it).
    let mut kept = false;
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if let (true, Some((_, value))) = (kept, out.last_mut()) {
                value.push(b' ');
                value.extend_from_slice(line.trim_ascii());
            }
            continue;
        }
        kept = false;
        if let Some(colon) = memchr::memchr(b':', line) {
            let name = line[..colon].trim_ascii();
            if name.eq_ignore_ascii_case(b"content-type")
                || name.eq_ignore_ascii_case(b"content-transfer-encoding")
            {
                out.push((name, line[colon + 1..].trim_ascii().to_vec()));
                kept = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
