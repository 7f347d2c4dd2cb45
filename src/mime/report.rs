//! Delivery status notifications (DSN, RFC 3464) and read receipts (MDN, RFC 8098): reading reports that
//! arrive, deciding whether a receipt may be sent, and building one.
//!
//! - [`parse_report`]: a `multipart/report` message -> [`Report`] with a one-line English summary.
//! - [`receipt_request`] + [`mdn_allowed`]: does a message ask for a receipt, and may the user be asked.
//! - [`build_mdn`]: the receipt itself, `multipart/report; report-type=disposition-notification`.
//!
//! Reports come from anyone: parsing runs under `catch_unwind`, reads at most [`MAX_STATUS_BYTES`] of a
//! status part, keeps at most [`MAX_REPORT_RECIPIENTS`] recipients and cuts every field value.

use std::panic::catch_unwind;

use mail_parser::{MessageParser, MessagePart, MimeHeaders};

use super::compose::clean_id;
use super::header::clean_line;
use super::tree::{with_header_end, MimeTree};

mod receipt;
#[cfg(test)]
mod tests;

pub use receipt::{
    build_mdn, mdn_allowed, receipt_request, MdnDecision, NoReceipt, ReceiptRequest,
};

/// Recipients kept from one delivery report.
pub const MAX_REPORT_RECIPIENTS: usize = 1000;
/// How much of a status part (or attached header block) is read.
pub const MAX_STATUS_BYTES: usize = 256 * 1024;
/// Longest field value kept, in characters.
const MAX_FIELD_CHARS: usize = 1000;
/// Recipients named in a summary before "and N more".
const SUMMARY_RECIPIENTS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportKind {
    Delivery(Vec<RecipientStatus>),
    Disposition(Disposition),
}

/// One recipient's fate in a delivery report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// The Final-Recipient address (else Original-Recipient), without its `rfc822;` type.
    pub recipient: String,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded` (lower case; from the status class when absent).
    pub action: String,
    /// Enhanced status code such as `5.1.1`; empty when the report gives none.
    pub status: String,
    /// The server's reply without its `smtp;` type, e.g. `550 5.1.1 <x@y>: User unknown`.
    pub diagnostic: Option<String>,
}

/// What a read receipt says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposition {
    pub final_recipient: Option<String>,
    /// The disposition type, lower case: `displayed`, `deleted`, `dispatched`, `processed`, ...
    pub disposition: String,
    /// Without angle brackets.
    pub original_message_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub kind: ReportKind,
    /// The reported message: MDN Original-Message-ID, else the attached original's Message-ID, else the
    /// envelope id when it could be a Message-ID (no blanks or brackets inside). Without angle brackets.
    pub original_message_id: Option<String>,
    /// Original-Envelope-Id (xtext decoded, angle brackets removed): the ENVID given at MAIL FROM.
    pub envelope_id: Option<String>,
    /// Reporting-MTA or Reporting-UA, without its type.
    pub reporter: Option<String>,
    /// One line of plain English, e.g. `Not delivered to x@y: 550 5.1.1 user unknown`.
    pub summary: String,
}

/// Reads a `multipart/report` message; `None` for anything else or when it holds no status part. Never panics.
pub fn parse_report(raw: &[u8]) -> Option<Report> {
    catch_unwind(|| {
        let raw = with_header_end(raw);
        let tree = MimeTree::parse(&raw)?;
        let root = tree.root_part();
        let content_type = root.content_type()?;
        if !content_type.ctype().eq_ignore_ascii_case("multipart")
            || !content_type
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        {
            return None;
        }
        let mut delivery: Option<&[u8]> = None;
        let mut disposition: Option<&[u8]> = None;
        let mut attached_id: Option<String> = None;
        for &id in root.sub_parts().unwrap_or_default() {
            let Some(part) = tree.part(id) else { continue };
            match essence(part).as_str() {
                "message/delivery-status" | "message/global-delivery-status" => {
                    delivery = delivery.or(Some(part.contents()));
                }
                "message/disposition-notification" | "message/global-disposition-notification" => {
                    disposition = disposition.or(Some(part.contents()));
                }
                "message/rfc822"
                | "message/global"
                | "text/rfc822-headers"
                | "text/global-headers" => {
                    attached_id = attached_id.or_else(|| original_id(part));
                }
                _ => {}
            }
        }
        if let Some(fields) = disposition {
            Some(disposition_report(&entries(fields), attached_id))
        } else {
            delivery.map(|fields| delivery_report(&entries(fields), attached_id))
        }
    })
    .ok()
    .flatten()
}

fn essence(part: &MessagePart<'_>) -> String {
    part.content_type()
        .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()))
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The Message-ID of an attached original (`message/rfc822`) or of its header block (`text/rfc822-headers`).
fn original_id(part: &MessagePart<'_>) -> Option<String> {
    if let Some(nested) = part.message() {
        return nested.message_id().and_then(clean_id);
    }
    let head = part.contents();
    let head = &head[..head.len().min(MAX_STATUS_BYTES)];
    let head = with_header_end(head);
    let parsed = catch_unwind(|| MessageParser::default().parse_headers(head.as_ref()))
        .ok()
        .flatten()?;
    parsed.message_id().and_then(clean_id)
}

/// One line of a status part: a field (name in lower case, value unfolded and cleaned) or a blank line.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Field(String, String),
    Blank,
}

/// The fields of a status body, folded lines joined. Lines that are not fields are skipped; only the first
/// [`MAX_STATUS_BYTES`] are read.
fn entries(body: &[u8]) -> Vec<Entry> {
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_STATUS_BYTES)]);
    let mut out: Vec<Entry> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            out.push(Entry::Blank);
        } else if line.starts_with([' ', '\t']) {
            if let Some(Entry::Field(_, value)) = out.last_mut() {
                if value.len() < MAX_FIELD_CHARS * 4 {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            }
        } else if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()) {
                out.push(Entry::Field(name.to_ascii_lowercase(), value.to_string()));
            }
        }
    }
    for entry in &mut out {
        if let Entry::Field(_, value) = entry {
            *value = clean_line(value).chars().take(MAX_FIELD_CHARS).collect();
        }
    }
    out
}

/// Per-recipient fields as read, before they become a [`RecipientStatus`].
#[derive(Default)]
struct Group {
    original: Option<String>,
    final_recipient: Option<String>,
    action: Option<String>,
    status: Option<String>,
    diagnostic: Option<String>,
}

impl Group {
    fn is_empty(&self) -> bool {
        self.original.is_none()
            && self.final_recipient.is_none()
            && self.action.is_none()
            && self.status.is_none()
    }

    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "original-recipient" => &mut self.original,
            "final-recipient" => &mut self.final_recipient,
            "action" => &mut self.action,
            "status" => &mut self.status,
            "diagnostic-code" => &mut self.diagnostic,
            _ => return None,
        })
    }

    fn into_status(self) -> Option<RecipientStatus> {
        let recipient = self
            .final_recipient
            .or(self.original)
            .map(|r| address_of(&r))
            .filter(|r| !r.is_empty())?;
        let status = self
            .status
            .as_deref()
            .and_then(status_code)
            .unwrap_or_default();
        let action = match self.action.map(|a| a.to_ascii_lowercase()) {
            Some(action) if !action.is_empty() => action,
            _ => match status.chars().next() {
                Some('2') => "delivered",
                Some('4') => "delayed",
                Some('5') => "failed",
                _ => "unknown",
            }
            .to_string(),
        };
        let diagnostic = self
            .diagnostic
            .map(|d| without_type(&d).to_string())
            .filter(|d| !d.is_empty());
        Some(RecipientStatus {
            recipient,
            action,
            status,
            diagnostic,
        })
    }
}

/// Reads the per-message and per-recipient fields. Groups normally end at blank lines; a field that the current
/// group already has also starts a new one, so reports that lost their blank lines still read right.
fn delivery_report(entries: &[Entry], attached_id: Option<String>) -> Report {
    let mut reporter = None;
    let mut envelope_id = None;
    let mut recipients = Vec::new();
    let mut group = Group::default();
    for entry in entries {
        if recipients.len() >= MAX_REPORT_RECIPIENTS {
            break;
        }
        match entry {
            Entry::Blank => {
                if !group.is_empty() {
                    recipients.extend(std::mem::take(&mut group).into_status());
                }
            }
            Entry::Field(name, value) => match name.as_str() {
                "reporting-mta" => {
                    reporter = reporter.or_else(|| Some(without_type(value).to_string()))
                }
                "original-envelope-id" => envelope_id = envelope_id.or_else(|| envelope(value)),
                _ => {
                    if group.slot(name).is_some_and(|slot| slot.is_some()) {
                        recipients.extend(std::mem::take(&mut group).into_status());
                    }
                    if let Some(slot) = group.slot(name) {
                        *slot = Some(value.clone());
                    }
                }
            },
        }
    }
    if recipients.len() < MAX_REPORT_RECIPIENTS {
        recipients.extend(group.into_status());
    }
    Report {
        summary: delivery_summary(&recipients),
        kind: ReportKind::Delivery(recipients),
        // The envelope id stands in for the Message-ID only when it could be one (Jebi sends
        // its Message-ID as ENVID); any other text stays the envelope id alone.
        original_message_id: attached_id.or_else(|| envelope_id.as_deref().and_then(clean_id)),
        envelope_id,
        reporter: reporter.filter(|r| !r.is_empty()),
    }
}

fn disposition_report(entries: &[Entry], attached_id: Option<String>) -> Report {
    let field = |wanted: &str| {
        entries.iter().find_map(|entry| match entry {
            Entry::Field(name, value) if name == wanted => Some(value.as_str()),
            _ => None,
        })
    };
    let original_message_id = field("original-message-id").and_then(clean_id);
    let disposition = Disposition {
        final_recipient: field("final-recipient")
            .map(address_of)
            .filter(|r| !r.is_empty()),
        disposition: field("disposition")
            .map(disposition_type)
            .unwrap_or_default(),
        original_message_id: original_message_id.clone(),
    };
    Report {
        summary: disposition_summary(&disposition),
        original_message_id: original_message_id.or(attached_id),
        envelope_id: None,
        reporter: field("reporting-ua")
            .map(|ua| ua.to_string())
            .filter(|ua| !ua.is_empty()),
        kind: ReportKind::Disposition(disposition),
    }
}

/// `manual-action/MDN-sent-manually; displayed` -> `displayed` (also `displayed/error` -> `displayed`).
fn disposition_type(value: &str) -> String {
    let after = value.split_once(';').map_or(value, |(_, after)| after);
    let word = after.split(['/', ';', ' ']).find(|w| !w.is_empty());
    word.unwrap_or_default().to_ascii_lowercase()
}

/// `rfc822; <bob@example.test>` -> `bob@example.test`.
fn address_of(value: &str) -> String {
    let address = without_type(value);
    let address = address.trim_start_matches('<').trim_end_matches('>');
    address.trim().to_string()
}

/// `smtp; 550 ...` -> `550 ...`; a value without a `type;` prefix as it is.
fn without_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.trim().is_empty() && !kind.trim().contains(' ') => rest.trim(),
        _ => value.trim(),
    }
}

/// The first `d.ddd.ddd` code in `value`.
fn status_code(value: &str) -> Option<String> {
    value
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|token| {
            let parts: Vec<&str> = token.split('.').collect();
            parts.len() == 3
                && matches!(parts[0], "2" | "4" | "5")
                && parts[1..]
                    .iter()
                    .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
}

/// Original-Envelope-Id: xtext decoded (`+40` -> `@`), angle brackets removed.
fn envelope(value: &str) -> Option<String> {
    let bytes = value.trim().as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'+', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let id = clean_line(&String::from_utf8_lossy(&out));
    // Brackets and blanks in any order (`< <id> >`): trimmed until neither end has one.
    let id = id.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace());
    (!id.is_empty()).then(|| id.to_string())
}

fn delivery_summary(recipients: &[RecipientStatus]) -> String {
    if recipients.is_empty() {
        return "Delivery report naming no recipient".to_string();
    }
    let mut phrases: Vec<String> = recipients
        .iter()
        .take(SUMMARY_RECIPIENTS)
        .map(|r| {
            let detail = match (&r.diagnostic, r.status.is_empty()) {
                (Some(diagnostic), _) => format!(": {diagnostic}"),
                (None, false) => format!(" (status {})", r.status),
                (None, true) => String::new(),
            };
            let who = &r.recipient;
            match r.action.as_str() {
                "delivered" => format!("Delivered to {who}"),
                "failed" => format!("Not delivered to {who}{detail}"),
                "delayed" => format!("Delivery to {who} delayed{detail}"),
                "relayed" => format!("Relayed toward {who}; no further reports will come"),
                "expanded" => format!("Delivered to {who}, a list or alias, for its members"),
                other => format!("Delivery report for {who}: {other}{detail}"),
            }
        })
        .collect();
    if recipients.len() > SUMMARY_RECIPIENTS {
        phrases.push(format!(
            "and {} more",
            recipients.len() - SUMMARY_RECIPIENTS
        ));
    }
    phrases.join("; ")
}

fn disposition_summary(disposition: &Disposition) -> String {
    let who = disposition
        .final_recipient
        .as_deref()
        .unwrap_or("the recipient");
    match disposition.disposition.as_str() {
        "displayed" => format!("Read (displayed) by {who}"),
        "deleted" => format!("Deleted without being read by {who}"),
        "dispatched" => format!("Sent on without being read by {who}"),
        "processed" => format!("Processed without being read by {who}"),
        "" => format!("Read receipt from {who}"),
        other => format!("Read receipt from {who}: {other}"),
    }
}
