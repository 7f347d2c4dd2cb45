//! Attachments of a message: what the reader lists, and their decoded bytes for saving.

use std::panic::catch_unwind;

use mail_parser::{Encoding, HeaderName, Message, MessagePart, MimeHeaders, PartType};

use super::body;
use super::header::clean_line;
use super::rfc2231::extended_parameter;
use super::tree::{with_header_end, MimeTree};

/// Attachments beyond this many are not listed (a message with 10,000 parts stays cheap to show).
pub const MAX_ATTACHMENTS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AttachmentInfo {
    /// Position among the message's attachments, the key for [`attachment_bytes`].
    pub index: usize,
    /// Decoded file name as the sender wrote it (path parts kept, control characters removed);
    /// `attachment-N` (N = index + 1) when there is none, `<subject>.eml` for an unnamed forwarded message.
    pub name: String,
    /// `type/subtype`, lower case.
    pub mime_type: String,
    /// Size of the decoded content in bytes.
    pub size: u64,
    /// The sender asked for it to be shown in the body (Content-Disposition: inline, or an inline image).
    pub inline: bool,
}

/// The decoded content of attachment `index` of `raw` (as listed in `ParsedMessage::attachments`), for saving.
/// Text attachments come back as UTF-8, since the parser converts their charset.
pub fn attachment_bytes(raw: &[u8], index: usize) -> Option<(AttachmentInfo, Vec<u8>)> {
    if index >= MAX_ATTACHMENTS {
        return None;
    }
    let found = catch_unwind(|| {
        let raw = with_header_end(raw);
        let tree = MimeTree::parse(&raw)?;
        let part = parts(&tree).nth(index)?;
        Some((describe(index, part, &raw), content(part, &raw).to_vec()))
    });
    found.ok().flatten()
}

/// Lists the top-level attachments of `message` (a forwarded message is one entry; its own attachments are not).
pub(crate) fn list(message: &Message<'_>, raw: &[u8]) -> Vec<AttachmentInfo> {
    parts(message)
        .enumerate()
        .map(|(index, part)| describe(index, part, raw))
        .collect()
}

/// The attachments in listing order: mail-parser's, minus those shown as the body.
fn parts<'m, 'x>(message: &'m Message<'x>) -> impl Iterator<Item = &'m MessagePart<'x>> {
    let shown_as_body = body::promoted(message);
    message
        .attachments
        .iter()
        .filter(move |id| !shown_as_body.contains(id))
        .filter_map(|&id| message.part(id))
        .take(MAX_ATTACHMENTS)
}

fn describe(index: usize, part: &MessagePart<'_>, raw: &[u8]) -> AttachmentInfo {
    AttachmentInfo {
        index,
        name: name(part, raw).unwrap_or_else(|| match nested_subject(part) {
            Some(subject) => format!("{subject}.eml"),
            None if part.is_message() => format!("attachment-{}.eml", index + 1),
            None => format!("attachment-{}", index + 1),
        }),
        mime_type: mime_type(part),
        size: content(part, raw).len() as u64,
        inline: match part.content_disposition() {
            Some(disposition) => disposition.is_inline(),
            None => matches!(part.body, PartType::InlineBinary(_)),
        },
    }
}

/// The decoded bytes of a top-level part. mail-parser's own `contents()` returns the *whole outer message*
/// for a `message/rfc822` part that has no transfer encoding, so that case is cut from `raw` by offsets.
fn content<'a>(part: &'a MessagePart<'_>, raw: &'a [u8]) -> &'a [u8] {
    match &part.body {
        PartType::Message(_) if part.encoding == Encoding::None => {
            let range = part.offset_body as usize..part.offset_end as usize;
            raw.get(range).unwrap_or_default()
        }
        _ => part.contents(),
    }
}

/// The file name: Content-Disposition `filename` before Content-Type `name`, each in RFC 2231 form
/// (re-read from the raw header, see [`extended_parameter`]) or as mail-parser decoded it (RFC 2047 too).
fn name(part: &MessagePart<'_>, raw: &[u8]) -> Option<String> {
    let sources = [
        (
            HeaderName::ContentDisposition,
            "filename",
            part.content_disposition(),
        ),
        (HeaderName::ContentType, "name", part.content_type()),
    ];
    sources.into_iter().find_map(|(header, param, parsed)| {
        let raw_value = part
            .headers
            .iter()
            .rev()
            .find(|h| h.name == header)
            .and_then(|h| raw.get(h.offset_start as usize..h.offset_end as usize));
        let name = raw_value
            .and_then(|value| extended_parameter(value, param))
            .or_else(|| parsed?.attribute(param).map(str::to_owned))?;
        Some(clean_file_name(&name)).filter(|n| !n.is_empty())
    })
}

/// Removes control characters (NUL, CR, LF, ...) and bidirectional overrides that disguise extensions
/// (`invoice\u{202e}fdp.exe`). Path parts stay: saving sanitises them.
fn clean_file_name(name: &str) -> String {
    let is_bidi_control = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let kept: String = name
        .chars()
        .filter(|&c| !c.is_control() && !is_bidi_control(c))
        .collect();
    kept.trim().to_string()
}

fn nested_subject(part: &MessagePart<'_>) -> Option<String> {
    let subject = clean_file_name(&clean_line(part.message()?.subject()?));
    (!subject.is_empty()).then_some(subject)
}

fn mime_type(part: &MessagePart<'_>) -> String {
    if let Some(ct) = part.content_type() {
        let mut mime = ct.ctype().to_ascii_lowercase();
        if let Some(subtype) = ct.subtype() {
            mime.push('/');
            mime.push_str(&subtype.to_ascii_lowercase());
        }
        return mime;
    }
    match part.body {
        PartType::Message(_) => "message/rfc822",
        PartType::Html(_) => "text/html",
        PartType::Text(_) => "text/plain",
        _ => "application/octet-stream",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &[u8] = b"From: a@example.com\r\n\
Subject: files\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\
\r\n\
--XX\r\n\
Content-Type: text/plain\r\n\
\r\n\
see attached\r\n\
--XX\r\n\
Content-Type: application/pdf\r\n\
Content-Disposition: attachment;\r\n filename*0*=UTF-8''%ED%95%9C%EA;\r\n filename*1*=%B8%80.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--XX\r\n\
Content-Type: image/png\r\n\
Content-Disposition: inline\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--XX\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
Subject: Fwd: minutes\r\n\
From: b@example.com\r\n\
\r\n\
inner body\r\n\
--XX\r\n\
Content-Type: application/octet-stream; name=\"../../etc/pa\\\"ss\x01wd\"\r\n\
Content-Disposition: attachment; filename=\"C:\\\\evil\x00.exe\"\r\n\
\r\n\
raw\r\n\
--XX--\r\n";

    #[test]
    fn lists_names_types_sizes_and_inline_flags() {
        let tree = MimeTree::parse(MIXED).expect("parses");
        let listed = list(&tree, MIXED);
        let summary: Vec<_> = listed
            .iter()
            .map(|a| {
                (
                    a.index,
                    a.name.as_str(),
                    a.mime_type.as_str(),
                    a.size,
                    a.inline,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (0, "한글.pdf", "application/pdf", 9, false),
                (1, "attachment-2", "image/png", 8, true),
                (2, "Fwd: minutes.eml", "message/rfc822", 56, false),
                (3, "C:\\evil.exe", "application/octet-stream", 3, false),
            ]
        );
    }

    #[test]
    fn bytes_are_decoded_and_nested_message_is_only_itself() {
        let (info, pdf) = attachment_bytes(MIXED, 0).expect("pdf");
        assert_eq!(info.name, "한글.pdf");
        assert_eq!(pdf, b"%PDF-1.4\n");
        let (_, png) = attachment_bytes(MIXED, 1).expect("png");
        assert_eq!(png, b"\x89PNG\r\n\x1a\n");
        let (info, eml) = attachment_bytes(MIXED, 2).expect("eml");
        assert_eq!(
            eml,
            b"Subject: Fwd: minutes\r\nFrom: b@example.com\r\n\r\ninner body"
        );
        assert_eq!(info.size, eml.len() as u64);
        assert!(attachment_bytes(MIXED, 4).is_none());
        assert!(attachment_bytes(b"", 0).is_none());
    }

    #[test]
    fn rfc2047_names_and_disposition_before_content_type() {
        let raw = b"Subject: n\nContent-Type: multipart/mixed; boundary=B\n\n--B\n\
Content-Type: application/pdf; name=\"=?UTF-8?B?7ZWc6riALnBkZg==?=\"\n\n%PDF\n--B\n\
Content-Type: text/plain; name*=UTF-8''from-type.txt\nContent-Disposition: attachment; filename=\"from-disposition.txt\"\n\n\
x\n--B--\n";
        let tree = MimeTree::parse(raw).expect("parses");
        let names: Vec<_> = list(&tree, raw).into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["한글.pdf", "from-disposition.txt"]);
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_removed_from_names() {
        assert_eq!(clean_file_name("../../x\0\r\n.txt"), "../../x.txt");
        assert_eq!(clean_file_name("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(clean_file_name(" \u{7} "), "");
    }
}
