//! Read receipts going out: whether a message asks for one, whether the user may be offered to send it, and
//! the receipt itself (RFC 8098).

use std::panic::catch_unwind;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use lettre::message::header::ContentType;
use lettre::message::{MultiPart, SinglePart};
use mail_parser::{HeaderForm, HeaderName, HeaderValue, MessageParser};

use super::address_of;
use crate::mime::compose::{
    clean_id, finish, lettre_mailbox, new_message_id, parse_recipient, single_line, start,
    threading, unique_hex, ComposeError, Composed, Mailbox, Part, Recipients,
};
use crate::mime::header::clean_line;
use crate::mime::tree::with_header_end;
use crate::mime::{address, ParsedMessage};

/// What a message says about read receipts, read from its raw header block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptRequest {
    /// The message has a Disposition-Notification-To header (even one naming no usable address).
    pub requested: bool,
    /// The addresses it names (at most a few are kept).
    pub notify_to: Vec<String>,
    /// Return-Path address, without angle brackets; `None` when absent or `<>`.
    pub return_path: Option<String>,
}

/// Reads Disposition-Notification-To and Return-Path from a raw message (the reader's view model has neither).
pub fn receipt_request(raw: &[u8]) -> ReceiptRequest {
    let found = catch_unwind(|| {
        let raw = with_header_end(raw);
        let message = MessageParser::default().parse_headers(raw.as_ref())?;
        let requests =
            message.header_as(HeaderName::DispositionNotificationTo, HeaderForm::Addresses);
        let mut notify_to = Vec::new();
        for value in requests.iter().take(4) {
            if let HeaderValue::Address(list) = value {
                notify_to.extend(
                    address::from_header(Some(list))
                        .into_iter()
                        .map(|a| a.email)
                        .filter(|e| !e.is_empty())
                        .take(4),
                );
            }
        }
        let return_path = message
            .header_raw(HeaderName::ReturnPath)
            .map(|rp| address_of(&clean_line(rp)))
            .filter(|rp| !rp.is_empty());
        Some(ReceiptRequest {
            requested: !requests.is_empty(),
            notify_to,
            return_path,
        })
    });
    found.ok().flatten().unwrap_or_default()
}

/// Why no receipt may be offered for a message that asks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoReceipt {
    #[error("The message is in a Sent folder.")]
    InSentFolder,
    #[error("The message is from you.")]
    FromYou,
    #[error("The receipt request names no usable address.")]
    NoAddress,
    #[error("The receipt request names several addresses.")]
    SeveralAddresses,
    #[error("The message has no Return-Path, so the request cannot be checked.")]
    NoReturnPath,
    #[error("The receipt would go to an address other than the message's Return-Path.")]
    ReturnPathDiffers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MdnDecision {
    /// Show the bar asking whether to send a receipt to `notify_to`.
    Ask { notify_to: String },
    /// The message does not ask for a receipt.
    NotRequested,
    /// It asks, but no receipt is offered (RFC 8098 section 6.1 and what careful clients do).
    Never(NoReceipt),
}

/// Whether to offer sending a read receipt for `original`. Never for mail in Sent or from the user, nor when
/// the request names several addresses, the message has no Return-Path, or the two differ.
pub fn mdn_allowed(
    original: &ParsedMessage,
    request: &ReceiptRequest,
    own_addresses: &[String],
    in_sent_folder: bool,
) -> MdnDecision {
    let is_own = |email: &str| {
        own_addresses
            .iter()
            .any(|own| own.trim().eq_ignore_ascii_case(email.trim()))
    };
    if !request.requested {
        return MdnDecision::NotRequested;
    }
    let never = MdnDecision::Never;
    if in_sent_folder {
        return never(NoReceipt::InSentFolder);
    }
    if original.from.iter().any(|a| is_own(&a.email)) {
        return never(NoReceipt::FromYou);
    }
    let notify_to = match request.notify_to.as_slice() {
        [] => return never(NoReceipt::NoAddress),
        [one] => one,
        _ => return never(NoReceipt::SeveralAddresses),
    };
    if is_own(notify_to) {
        return never(NoReceipt::FromYou);
    }
    match &request.return_path {
        None => never(NoReceipt::NoReturnPath),
        Some(rp) if !rp.eq_ignore_ascii_case(notify_to) => never(NoReceipt::ReturnPathDiffers),
        Some(_) => MdnDecision::Ask {
            notify_to: notify_to.clone(),
        },
    }
}

/// The read receipt the user chose to send: `multipart/report; report-type=disposition-notification` with a
/// short English note and a `message/disposition-notification` part (`Disposition: manual-action/
/// MDN-sent-manually; displayed`). `to` is the Disposition-Notification-To address; `from` the user.
pub fn build_mdn(
    original_message_id: &str,
    original_subject: &str,
    to: &str,
    from: &Mailbox,
    reporting_ua: &str,
    date: DateTime<FixedOffset>,
) -> Result<Composed, ComposeError> {
    let from = lettre_mailbox(from).map_err(ComposeError::InvalidFrom)?;
    let to = parse_recipient(to)
        .and_then(|mailbox| lettre_mailbox(&mailbox))
        .map_err(ComposeError::InvalidRecipient)?;
    let original_id = clean_id(original_message_id)
        .ok_or_else(|| ComposeError::InvalidMessageId(clean_line(original_message_id)))?;
    let subject = single_line(original_subject);
    let reader = from.email.to_string();

    let note = format!(
        "This is a read receipt for the message \"{subject}\" you sent to {reader}.\n\n\
         It was displayed on {reader}'s screen on {}. This does not mean that it was read or understood.\n",
        date.format("%a, %-d %b %Y at %H:%M %z")
    );
    let global = !reader.is_ascii();
    let ua: String = single_line(reporting_ua)
        .chars()
        .map(|c| if c.is_ascii() { c } else { '?' })
        .collect();
    let fields = format!(
        "Reporting-UA: {ua}\nFinal-Recipient: {}; {reader}\nOriginal-Message-ID: <{original_id}>\n\
         Disposition: manual-action/MDN-sent-manually; displayed\n",
        if global { "utf-8" } else { "rfc822" }
    );
    let fields_type = if global {
        "message/global-disposition-notification"
    } else {
        "message/disposition-notification"
    };
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let report_type = ContentType::parse(&format!(
        "multipart/report; report-type=disposition-notification; boundary=\"jebi-mdn-{}\"",
        unique_hex(nanos)
    ))
    .map_err(|e| ComposeError::Build(e.to_string()))?;
    let fields_type =
        ContentType::parse(fields_type).map_err(|e| ComposeError::Build(e.to_string()))?;
    let body = MultiPart::builder()
        .header(report_type)
        .build()
        .singlepart(SinglePart::plain(note))
        .singlepart(SinglePart::builder().header(fields_type).body(fields));

    let builder = start(
        &from,
        std::slice::from_ref(&to),
        &[],
        &format!("Read: {subject}"),
    );
    let builder = threading(builder, None, &[original_id]);
    let recipients = Recipients::new(std::iter::once(&to))?;
    let message_id = new_message_id(from.email.domain());
    finish(
        builder,
        Part::Multi(body),
        &from,
        recipients,
        &message_id,
        date,
    )
}
