//! Raw RFC 5322 bytes -> [`ParsedMessage`], the view model the reader, the store and the search index use.

use std::panic::catch_unwind;

use mail_parser::{HeaderName, HeaderValue, Message};

use super::address::{self, Address};
use super::attachment::{self, AttachmentInfo};
use super::body;
use super::header::{clean_line, scan_subject};
use super::html;
use super::tree::{with_header_end, MimeTree};

/// How much of an unparseable message is shown as text.
pub const RAW_FALLBACK_LIMIT: usize = 1024 * 1024;
/// Body text kept in the search index per message (IMAP and POP3 alike).
pub const SEARCH_TEXT_LIMIT: usize = 64 * 1024;
/// References kept at most (threading needs the first and the last few).
const MAX_REFERENCES: usize = 256;

#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedMessage {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// First In-Reply-To id, without angle brackets.
    pub in_reply_to: Option<String>,
    /// References ids in header order, without angle brackets.
    pub references: Vec<String>,
    /// Decoded subject; "" when there is none.
    pub subject: String,
    pub from: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// Unix seconds (UTC) from the Date header.
    pub date: Option<i64>,
    /// The text/plain body, decoded and converted to UTF-8; several inline parts are joined with a newline.
    pub text_body: Option<String>,
    /// The text/html body, decoded and converted to UTF-8 (not sanitised).
    pub html_body: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
    /// The message could not be parsed: `text_body` holds its raw bytes shown as text.
    pub raw_fallback: bool,
    /// How to leave the mailing list it came from (`List-Unsubscribe`).
    pub unsubscribe: Option<super::unsubscribe::Unsubscribe>,
}

/// Parses a raw message. Never panics: a message the parser cannot make sense of comes back with
/// `raw_fallback` set, the raw bytes (at most [`RAW_FALLBACK_LIMIT`]) as `text_body` and a best-effort subject.
pub fn parse(raw: &[u8]) -> ParsedMessage {
    let parsed = catch_unwind(|| {
        let terminated = with_header_end(raw);
        MimeTree::parse(&terminated)
            .map(|tree| view(&tree, &terminated))
            .filter(|parsed| !is_empty(parsed))
    });
    parsed.ok().flatten().unwrap_or_else(|| raw_fallback(raw))
}

/// [`parse`] for what a sync stores and indexes: the same headers, bodies and attachment list,
/// without decoding attachment content (their `size` is 0; see `mime::skeleton`).
pub fn parse_for_sync(raw: &[u8]) -> ParsedMessage {
    let slim = super::skeleton::without_attachment_content(raw);
    if matches!(slim, std::borrow::Cow::Borrowed(_)) {
        return parse(raw);
    }
    let parsed = parse(&slim);
    if parsed.raw_fallback {
        return parse(raw);
    }
    parsed
}

/// Body text for the full-text index: the plain body, else the HTML body as plain text, cut at a character
/// boundary to at most `max_bytes`.
pub fn searchable_text(msg: &ParsedMessage, max_bytes: usize) -> String {
    let text = match (&msg.text_body, &msg.html_body) {
        (Some(text), _) => text[..cut_at(text, max_bytes)].to_string(),
        (None, Some(html)) => html::to_plain_text(html),
        (None, None) => String::new(),
    };
    cut(text, max_bytes)
}

/// [`searchable_text`] that takes the plain body out of `msg` instead of copying it (a sync
/// keeps only the search text and the headers).
pub fn take_searchable_text(msg: &mut ParsedMessage, max_bytes: usize) -> String {
    let text = match (msg.text_body.take(), &msg.html_body) {
        (Some(text), _) => text,
        (None, Some(html)) => html::to_plain_text(html),
        (None, None) => String::new(),
    };
    cut(text, max_bytes)
}

/// Where `text` is cut to keep at most `max_bytes`: the last character boundary at or before.
fn cut_at(text: &str, max_bytes: usize) -> usize {
    if text.len() <= max_bytes {
        return text.len();
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

fn cut(mut text: String, max_bytes: usize) -> String {
    text.truncate(cut_at(&text, max_bytes));
    text
}

fn view(message: &Message<'_>, raw: &[u8]) -> ParsedMessage {
    ParsedMessage {
        message_id: message
            .message_id()
            .map(clean_line)
            .filter(|id| !id.is_empty()),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        subject: message.subject().map(clean_line).unwrap_or_default(),
        from: address::from_header(message.from()),
        to: address::from_header(message.to()),
        cc: address::from_header(message.cc()),
        reply_to: address::from_header(message.reply_to()),
        date: date(message),
        text_body: body::text(message, raw),
        html_body: body::html(message, raw),
        attachments: attachment::list(message, raw),
        raw_fallback: false,
        unsubscribe: message.header_raw("List-Unsubscribe").and_then(|v| {
            super::unsubscribe::from_headers(v, message.header_raw("List-Unsubscribe-Post"))
        }),
    }
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.as_ref()).collect(),
        _ => Vec::new(),
    };
    // The first (the conversation's root) and the last ones (the parent and its ancestors).
    let len = list.len();
    list.into_iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || i + MAX_REFERENCES > len)
        .map(|(_, id)| clean_line(id))
        .filter(|id| !id.is_empty())
        .collect()
}

fn date(message: &Message<'_>) -> Option<i64> {
    if let Some(date) = message.date().filter(|d| d.is_valid()) {
        return Some(date.to_timestamp());
    }
    let raw = message.header_raw(HeaderName::Date)?;
    chrono::DateTime::parse_from_rfc2822(raw.trim())
        .ok()
        .map(|d| d.timestamp())
}

/// True when the parser found nothing a person could read: such input is better shown raw.
fn is_empty(parsed: &ParsedMessage) -> bool {
    parsed.subject.is_empty()
        && parsed.text_body.is_none()
        && parsed.html_body.is_none()
        && parsed.attachments.is_empty()
        && parsed.from.is_empty()
        && parsed.to.is_empty()
        && parsed.message_id.is_none()
        && parsed.date.is_none()
}

fn raw_fallback(raw: &[u8]) -> ParsedMessage {
    let shown = &raw[..raw.len().min(RAW_FALLBACK_LIMIT)];
    // A cut inside a UTF-8 sequence would add one U+FFFD at the end; lossy conversion handles it.
    let text = String::from_utf8_lossy(shown).into_owned();
    ParsedMessage {
        message_id: None,
        in_reply_to: None,
        references: Vec::new(),
        subject: scan_subject(raw),
        from: Vec::new(),
        to: Vec::new(),
        cc: Vec::new(),
        reply_to: Vec::new(),
        date: None,
        text_body: (!text.is_empty()).then_some(text),
        html_body: None,
        attachments: Vec::new(),
        raw_fallback: true,
        unsubscribe: None,
    }
}

#[cfg(test)]
mod tests;
