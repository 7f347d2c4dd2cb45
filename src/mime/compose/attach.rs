//! Attachment parts: files the user picked and a forwarded original message.

use base64::Engine as _;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, SinglePart};

use super::AttachmentSource;
use crate::mime::header::clean_line;

pub(super) fn attachment_part(source: &AttachmentSource) -> SinglePart {
    let name = clean_file_name(&source.name);
    let name = if name.is_empty() {
        "attachment".to_string()
    } else {
        name
    };
    let essence = source
        .content_type
        .as_deref()
        .and_then(valid_essence)
        .unwrap_or_else(|| guess_content_type(&name).to_string());
    Attachment::new(name.clone()).body(source.bytes.clone(), content_type_named(&essence, &name))
}

/// The forwarded original as `message/rfc822`: as it is (7bit) when it is ASCII with lines of at most 998
/// octets, else base64. RFC 2046 wants 7bit/8bit/binary only, but 8bit would need 8BITMIME from every hop,
/// and base64-encoded message parts are what Outlook sends and every reader (mail-parser too) decodes.
pub(super) fn forwarded_part(original: &[u8]) -> SinglePart {
    let subject = crate::mime::parse(original)
        .subject
        .replace(['/', '\\'], "-");
    let mut name = clean_file_name(&subject);
    if name.chars().count() > 80 {
        name = name
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    let name = if name.is_empty() {
        "forwarded message.eml".to_string()
    } else {
        format!("{name}.eml")
    };
    let crlf = to_crlf(original);
    let seven_bit = crlf.iter().all(|&b| b != 0 && b.is_ascii())
        && crlf.split(|&b| b == b'\n').all(|line| line.len() <= 999);
    let body = if seven_bit {
        // ASCII with CRLF line endings and short lines is valid 7bit content as it stands.
        Body::dangerous_pre_encoded(crlf, ContentTransferEncoding::SevenBit)
    } else {
        Body::new_with_encoding(original.to_vec(), ContentTransferEncoding::Base64)
            .unwrap_or_else(Body::new)
    };
    Attachment::new(name.clone()).body(body, content_type_named("message/rfc822", &name))
}

/// Bare LF (and lone CR) become CRLF.
pub(super) fn to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// `type/subtype` (lower case) from what the caller gave, parameters dropped; `None` when it is not one.
fn valid_essence(content_type: &str) -> Option<String> {
    let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
    let (kind, sub) = essence.split_once('/')?;
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    (token(kind) && token(sub)).then_some(essence)
}

/// The content type for a file name's extension; `application/octet-stream` when unknown.
pub fn guess_content_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "hwp" => "application/x-hwp",
        "eml" => "message/rfc822",
        "ics" => "text/calendar",
        _ => "application/octet-stream",
    }
}

/// `essence; name="..."`: the `name` parameter old readers look for (lettre writes only the RFC 2231
/// `filename` of Content-Disposition). Non-ASCII names are RFC 2047 encoded inside the quotes, as Thunderbird
/// and Outlook write them.
fn content_type_named(essence: &str, name: &str) -> ContentType {
    let plain = name
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
        && !name.contains("=?");
    let value = if plain {
        name.to_string()
    } else {
        rfc2047_words(name)
    };
    ContentType::parse(&format!("{essence}; name=\"{value}\""))
        .or_else(|_| ContentType::parse(essence))
        .unwrap_or_else(|_| ContentType::parse("application/octet-stream").expect("valid type"))
}

/// `=?utf-8?B?...?=` words of at most 75 characters, separated by spaces (where lettre may fold).
fn rfc2047_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            let encoded = base64::engine::general_purpose::STANDARD.encode(w.as_bytes());
            format!("=?utf-8?B?{encoded}?=")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file name fit for a header: no directory, no control characters, trimmed.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    clean_line(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_common_content_types() {
        assert_eq!(guess_content_type("a.PDF"), "application/pdf");
        assert_eq!(guess_content_type("photo.jpeg"), "image/jpeg");
        assert_eq!(
            guess_content_type("x.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            guess_content_type("archive.tar.zst"),
            "application/octet-stream"
        );
        assert_eq!(guess_content_type("README"), "application/octet-stream");
    }
}
