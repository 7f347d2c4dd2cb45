//! Which parts of a message are its body.
//!
//! mail-parser picks the text and HTML bodies; its lists also name parts of the other kind (an HTML-only
//! message lists its HTML part as the text body too) and inline images, which are skipped here. When it
//! finds no body at all, unnamed text parts it filed as attachments are shown as the body instead:
//! unknown text subtypes (`text/x-foo`, RFC 2046 4.1.4 says to treat them as text/plain) and a multipart
//! whose boundary is missing or never appears (kept whole as one part).
//!
//! mail-parser also swallows body lines that follow a part's headers without the empty separator line
//! (`Content-Type: text/plain\nbar\n\n` gives an empty body); those lines are put back.

use std::borrow::Cow;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Encoding, Message, MessagePart, MimeHeaders, PartType};

/// Body parts joined into one body at most.
const MAX_BODY_PARTS: usize = 64;

/// The text/plain body, several parts joined with a newline.
pub(crate) fn text(message: &Message<'_>, raw: &[u8]) -> Option<String> {
    let mut ids = of_kind(message, &message.text_body, false);
    if ids.is_empty() && of_kind(message, &message.html_body, true).is_empty() {
        ids = promoted(message);
    }
    join(message, raw, &ids)
}

/// The text/html body, several parts joined with a newline.
pub(crate) fn html(message: &Message<'_>, raw: &[u8]) -> Option<String> {
    join(message, raw, &of_kind(message, &message.html_body, true))
}

/// Attachments shown as the text body because the message has no other body; they are not listed
/// as attachments.
pub(crate) fn promoted(message: &Message<'_>) -> Vec<u32> {
    if !of_kind(message, &message.text_body, false).is_empty()
        || !of_kind(message, &message.html_body, true).is_empty()
    {
        return Vec::new();
    }
    message
        .attachments
        .iter()
        .copied()
        .filter(|&id| message.part(id).is_some_and(is_unnamed_text))
        .take(MAX_BODY_PARTS)
        .collect()
}

fn is_unnamed_text(part: &MessagePart<'_>) -> bool {
    let ctype = part.content_type().map(|ct| ct.ctype());
    let shown = match (&part.body, ctype) {
        (PartType::Text(_), None) => true,
        (PartType::Text(_), Some(t)) => {
            t.eq_ignore_ascii_case("text") || t.eq_ignore_ascii_case("multipart")
        }
        (PartType::Binary(_), Some(t)) => t.eq_ignore_ascii_case("multipart"),
        _ => false,
    };
    shown
        && part.attachment_name().is_none()
        && !part
            .content_disposition()
            .is_some_and(|d| d.is_attachment())
}

fn of_kind(message: &Message<'_>, ids: &[u32], html: bool) -> Vec<u32> {
    ids.iter()
        .copied()
        .filter(|&id| {
            message.part(id).is_some_and(|part| match part.body {
                PartType::Text(_) => !html,
                PartType::Html(_) => html,
                _ => false,
            })
        })
        .take(MAX_BODY_PARTS)
        .collect()
}

fn join(message: &Message<'_>, raw: &[u8], ids: &[u32]) -> Option<String> {
    let texts: Vec<Cow<'_, str>> = ids
        .iter()
        .filter_map(|&id| part_text(message.part(id)?, raw))
        .filter(|text| !text.is_empty())
        .collect();
    let joined = texts.join("\n");
    (!joined.is_empty()).then_some(joined)
}

/// The decoded text of a top-level part, with any body lines its header parsing swallowed put back.
fn part_text<'a>(part: &'a MessagePart<'_>, raw: &[u8]) -> Option<Cow<'a, str>> {
    let text = match &part.body {
        PartType::Text(text) | PartType::Html(text) => text.as_ref(),
        PartType::Binary(bytes) => return Some(String::from_utf8_lossy(bytes)),
        _ => return None,
    };
    if part.encoding != Encoding::None {
        return Some(Cow::Borrowed(text));
    }
    let Some(block) = raw.get(part.offset_header as usize..part.offset_body as usize) else {
        return Some(Cow::Borrowed(text));
    };
    let Some(start) = swallowed_body_start(block) else {
        return Some(Cow::Borrowed(text));
    };
    let swallowed = &block[start..];
    let swallowed = match part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|c| charset_decoder(c.as_bytes()))
    {
        Some(decode) => decode(swallowed),
        None => String::from_utf8_lossy(swallowed).into_owned(),
    };
    Some(Cow::Owned(swallowed + text))
}

/// Where a header block stops being headers: the first line, after at least one real header, that is
/// neither `Name: value` nor a folded continuation. `None` for a well-formed block.
fn swallowed_body_start(block: &[u8]) -> Option<usize> {
    let mut offset = 0;
    let mut seen_header = false;
    for line in block.split_inclusive(|&b| b == b'\n') {
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            return None;
        }
        let continuation = content[0] == b' ' || content[0] == b'\t';
        let name_len = content
            .iter()
            .take_while(|&&b| b.is_ascii_graphic() && b != b':')
            .count();
        let header = name_len > 0 && content.get(name_len) == Some(&b':');
        if !header && !continuation && seen_header {
            return Some(offset);
        }
        seen_header |= header;
        offset += line.len();
    }
    None
}
