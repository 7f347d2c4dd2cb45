//! What the user wrote -> the exact RFC 5322 bytes to send, built with lettre's message builder.
//!
//! - [`parse_recipient`] / [`parse_recipient_list`]: addresses as typed (`Name <a@b>`, `"Kim, Minji" <a@b>`, `a@b`).
//! - [`compose`]: a [`Draft`] into a [`Composed`] message: raw bytes, envelope, the Message-ID it carries.
//! - [`new_message_id`]: a fresh unique Message-ID (without angle brackets).
//!
//! No header can be injected: control characters are removed from subjects and display names, refused in
//! addresses and message ids, and every other value goes through lettre's encoder (RFC 2047 for anything
//! that is not plain ASCII). Bcc recipients reach the envelope only, never a header.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use lettre::address::Envelope;
use lettre::message::header::{HeaderName, HeaderValue, InReplyTo, MessageId, References};
use lettre::message::{MessageBuilder, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

use super::header::clean_line;

mod attach;
mod draft_copy;
mod recipient;

pub use draft_copy::compose_draft;
#[cfg(test)]
mod tests;

pub use attach::guess_content_type;
use attach::{attachment_part, forwarded_part};
pub(crate) use recipient::lettre_mailbox;
pub use recipient::{format_mailbox, parse_recipient, parse_recipient_list};

/// A mailbox as the composer handles it: `name` shown to people, `email` the bare address.
pub type Mailbox = super::Address;

/// Message ids longer than this are refused (RFC 5322 lines stop at 998 octets).
const MAX_ID_LEN: usize = 250;
/// How many recipients one message may have in all (to + cc + bcc).
pub const MAX_RECIPIENTS: usize = 500;
/// Used when the sender's domain cannot appear in a Message-ID (not plain ASCII).
const FALLBACK_ID_DOMAIN: &str = "jebi.localdomain";

/// One file to attach, already read into memory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttachmentSource {
    /// File name as shown to the recipient (no directory).
    pub name: String,
    /// `type/subtype`; guessed from the name's extension when `None` or not a valid type.
    pub content_type: Option<String>,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

/// Bytes as one base64 string in saved drafts (a JSON array of numbers would be 4x larger).
mod base64_bytes {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }

    pub mod optional {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
            match bytes {
                Some(b) => super::serialize(b, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            use base64::Engine as _;
            let text = Option::<String>::deserialize(d)?;
            text.map(|t| {
                base64::engine::general_purpose::STANDARD
                    .decode(t)
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
        }
    }
}

/// What the user wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Draft {
    pub from: Mailbox,
    /// As typed, one address each (`Name <a@b>` or `a@b`).
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// Envelope only: never written into a header.
    pub bcc: Vec<String>,
    pub subject: String,
    /// Plain UTF-8 text; any line ending.
    pub body: String,
    pub attachments: Vec<AttachmentSource>,
    /// Message-ID replied to, without angle brackets.
    pub in_reply_to: Option<String>,
    /// References ids, without angle brackets.
    pub references: Vec<String>,
    /// Adds `Disposition-Notification-To:` with the From address.
    pub request_read_receipt: bool,
    /// Forward as attachment: the original raw message, attached as `message/rfc822`.
    #[serde(with = "base64_bytes::optional")]
    pub extra_forwarded: Option<Vec<u8>>,
}

// Address is defined in address.rs, outside this change: `#[derive(Default)]` there would replace this.
#[allow(clippy::derivable_impls)]
impl Default for Mailbox {
    /// No name, empty address (as for `Draft::default()`).
    fn default() -> Self {
        Mailbox {
            name: None,
            email: String::new(),
        }
    }
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The Message-ID header's value, without angle brackets.
    pub message_id: String,
    /// The message, CRLF line endings (not dot-stuffed: the SMTP transport does that).
    pub raw: Vec<u8>,
    /// MAIL FROM address.
    pub envelope_from: String,
    /// RCPT TO addresses: to + cc + bcc, bare, deduplicated case-insensitively, first spelling and order kept.
    pub recipients: Vec<String>,
    /// Some envelope address is not ASCII: the server must offer SMTPUTF8.
    pub needs_smtputf8: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("The sender address is not usable: {0}")]
    InvalidFrom(String),
    #[error("{0}")]
    InvalidRecipient(String),
    #[error("The message has no recipients.")]
    NoRecipients,
    #[error("The message has {0} recipients; at most {MAX_RECIPIENTS} are allowed.")]
    TooManyRecipients(usize),
    #[error("“{0}” is not a usable Message-ID.")]
    InvalidMessageId(String),
    #[error("The message could not be built: {0}")]
    Build(String),
}

/// A new unique Message-ID for mail from `domain_of_from`, without angle brackets:
/// `<unix seconds>.<24 hex digits>@<domain>`. The hex digits hash the clock in nanoseconds, the process id,
/// a per-process counter and the thread, so two calls never collide even within one nanosecond.
pub fn new_message_id(domain_of_from: &str) -> String {
    let domain = domain_of_from.trim().to_ascii_lowercase();
    let usable = !domain.is_empty()
        && domain.len() <= 200
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !domain.starts_with('.');
    let domain = if usable {
        domain.as_str()
    } else {
        FALLBACK_ID_DOMAIN
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}.{}@{domain}", now.as_secs(), unique_hex(now.as_nanos()))
}

/// Turns the draft into the message to send. `message_id` (with or without angle brackets) is used when given,
/// so a message retried from the outbox keeps its id; otherwise a new one is made from the sender's domain.
pub fn compose(
    draft: &Draft,
    date: DateTime<FixedOffset>,
    message_id: Option<&str>,
) -> Result<Composed, ComposeError> {
    let from = lettre_mailbox(&draft.from).map_err(ComposeError::InvalidFrom)?;
    let to = parse_all(&draft.to)?;
    let cc = parse_all(&draft.cc)?;
    let bcc = parse_all(&draft.bcc)?;
    let envelope = Recipients::new(to.iter().chain(&cc).chain(&bcc))?;

    let mut builder = start(&from, &to, &cc, &draft.subject);
    let message_id = match message_id {
        Some(id) => clean_id(id).ok_or_else(|| ComposeError::InvalidMessageId(clean_line(id)))?,
        None => new_message_id(from.email.domain()),
    };
    builder = threading(builder, draft.in_reply_to.as_deref(), &draft.references);
    builder = receipt_request(builder, draft, &from);

    finish(builder, body_of(draft), &from, envelope, &message_id, date)
}

/// The body: the text alone, or the text and the attachments in `multipart/mixed`.
pub(crate) fn body_of(draft: &Draft) -> Part {
    let text = SinglePart::plain(normalise_newlines(&draft.body));
    if draft.attachments.is_empty() && draft.extra_forwarded.is_none() {
        return Part::Single(text);
    }
    let mut mixed = MultiPart::mixed().singlepart(text);
    for attachment in &draft.attachments {
        mixed = mixed.singlepart(attachment_part(attachment));
    }
    if let Some(original) = &draft.extra_forwarded {
        mixed = mixed.singlepart(forwarded_part(original));
    }
    Part::Multi(mixed)
}

/// `Disposition-Notification-To:` when the draft asks for a read receipt.
pub(crate) fn receipt_request(
    builder: MessageBuilder,
    draft: &Draft,
    from: &lettre::message::Mailbox,
) -> MessageBuilder {
    if !draft.request_read_receipt {
        return builder;
    }
    // A lettre-validated address holds no CR, LF or space: safe as a pre-encoded value.
    let address = from.email.to_string();
    builder.raw_header(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str("Disposition-Notification-To"),
        address.clone(),
        address,
    ))
}

/// The top-level body of a message being finished.
pub(crate) enum Part {
    Single(SinglePart),
    Multi(MultiPart),
}

/// The envelope recipients of a message, deduplicated.
pub(crate) struct Recipients(Vec<lettre::Address>);

impl Recipients {
    pub(crate) fn new<'a>(
        mailboxes: impl Iterator<Item = &'a lettre::message::Mailbox>,
    ) -> Result<Self, ComposeError> {
        let mut seen = std::collections::HashSet::new();
        let mut list: Vec<lettre::Address> = Vec::new();
        for mailbox in mailboxes {
            if seen.insert(mailbox.email.to_string().to_lowercase()) {
                list.push(mailbox.email.clone());
            }
        }
        match list.len() {
            0 => Err(ComposeError::NoRecipients),
            n if n > MAX_RECIPIENTS => Err(ComposeError::TooManyRecipients(n)),
            _ => Ok(Recipients(list)),
        }
    }
}

/// From, To (or `undisclosed-recipients:;` when there is none), Cc and Subject.
pub(crate) fn start(
    from: &lettre::message::Mailbox,
    to: &[lettre::message::Mailbox],
    cc: &[lettre::message::Mailbox],
    subject: &str,
) -> MessageBuilder {
    let mut builder = lettre::Message::builder().from(from.clone());
    for mailbox in to {
        builder = builder.to(mailbox.clone());
    }
    if to.is_empty() && cc.is_empty() {
        builder = builder.raw_header(HeaderValue::dangerous_new_pre_encoded(
            HeaderName::new_from_ascii_str("To"),
            "undisclosed-recipients:;".to_string(),
            "undisclosed-recipients:;".to_string(),
        ));
    }
    for mailbox in cc {
        builder = builder.cc(mailbox.clone());
    }
    builder.subject(single_line(subject))
}

/// One header line's worth of text: each run of control characters (CR, LF, NUL, tab, ...) becomes one space.
pub(crate) fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if c.is_control() {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out.trim().to_string()
}

/// In-Reply-To and References, ids that are not usable left out.
pub(crate) fn threading(
    mut builder: MessageBuilder,
    in_reply_to: Option<&str>,
    references: &[String],
) -> MessageBuilder {
    if let Some(id) = in_reply_to.and_then(clean_id) {
        builder = builder.header(InReplyTo::from(format!("<{id}>")));
    }
    let references: Vec<String> = references
        .iter()
        .filter_map(|id| clean_id(id))
        .map(|id| format!("<{id}>"))
        .collect();
    if !references.is_empty() {
        builder = builder.header(References::from(references.join(" ")));
    }
    builder
}

/// Message-ID, envelope and Date (with the sender's UTC offset, which lettre's own Date header lacks),
/// then the bytes.
pub(crate) fn finish(
    builder: MessageBuilder,
    body: Part,
    from: &lettre::message::Mailbox,
    recipients: Recipients,
    message_id: &str,
    date: DateTime<FixedOffset>,
) -> Result<Composed, ComposeError> {
    let envelope_from = from.email.to_string();
    let recipient_list: Vec<String> = recipients.0.iter().map(ToString::to_string).collect();
    let needs_smtputf8 = !envelope_from.is_ascii() || recipient_list.iter().any(|r| !r.is_ascii());
    let envelope = Envelope::new(Some(from.email.clone()), recipients.0)
        .map_err(|e| ComposeError::Build(e.to_string()))?;
    let builder = builder
        .header(MessageId::from(format!("<{message_id}>")))
        .envelope(envelope);
    let built = match body {
        Part::Single(part) => builder.singlepart(part),
        Part::Multi(part) => builder.multipart(part),
    };
    let mut message = built.map_err(|e| ComposeError::Build(e.to_string()))?;
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Date"),
        date.to_rfc2822(),
    ));
    Ok(Composed {
        message_id: message_id.to_string(),
        raw: message.formatted(),
        envelope_from,
        recipients: recipient_list,
        needs_smtputf8,
    })
}

fn parse_all(typed: &[String]) -> Result<Vec<lettre::message::Mailbox>, ComposeError> {
    typed
        .iter()
        .filter(|text| !text.trim().is_empty())
        .map(|text| {
            parse_recipient(text)
                .and_then(|mailbox| lettre_mailbox(&mailbox))
                .map_err(ComposeError::InvalidRecipient)
        })
        .collect()
}

/// A message id without angle brackets, or `None` when it could not be written into a header as is.
pub(crate) fn clean_id(id: &str) -> Option<String> {
    let id = id.trim();
    let id = id
        .strip_prefix('<')
        .and_then(|i| i.strip_suffix('>'))
        .unwrap_or(id);
    let usable = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
    usable.then(|| id.to_string())
}

/// 24 lower-case hex digits that differ on every call.
pub(crate) fn unique_hex(nanos: u128) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = Sha256::new();
    hasher.update(nanos.to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.update(format!("{:?}", std::thread::current().id()).as_bytes());
    let local = 0u8;
    hasher.update((&local as *const u8 as usize).to_le_bytes());
    hasher.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// CRLF, lone CR and LF all become LF (lettre turns LF into CRLF).
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}
