//! MIME: raw RFC 5322 bytes into the view model the reader, the store and the search index use, and back:
//! what the user writes into the bytes that are sent.
//!
//! - [`parse`]: the message as shown (headers decoded, bodies charset-converted, attachments listed).
//! - [`attachment_bytes`]: one attachment's decoded content, for saving.
//! - [`decode_header_value`]: RFC 2047 decoding of raw header text (IMAP ENVELOPE fields).
//! - [`html::to_plain_text`]: HTML bodies as readable text (search index, previews).
//! - [`compose()`]: a [`Draft`] into exact message bytes with lettre (Bcc in the envelope only).
//! - [`reply`]: reply/forward drafts (recipients, `Re:`/`Fwd:` subjects, quoting, threading ids).
//! - [`report`]: delivery reports and read receipts read (DSN/MDN), and read receipts written.
//!
//! Nothing here panics on hostile input: mail-parser runs under `catch_unwind`, its tree is torn down
//! without recursion, and every list taken from a message has a cap.

pub mod address;
pub mod attachment;
mod body;
pub mod compose;
pub mod header;
pub mod html;
pub mod html_doc;
pub mod html_table;
pub mod parse;
pub mod reply;
pub mod report;
pub(crate) mod rfc2231;
pub mod skeleton;
mod snippet;
pub(crate) mod tree;
pub mod unsubscribe;

pub use address::Address;
pub use attachment::{attachment_bytes, AttachmentInfo, MAX_ATTACHMENTS};
pub use compose::{compose, AttachmentSource, ComposeError, Composed, Draft, Mailbox};
pub use header::decode_header_value;
pub use parse::{
    parse, parse_for_sync, searchable_text, take_searchable_text, ParsedMessage,
    RAW_FALLBACK_LIMIT, SEARCH_TEXT_LIMIT,
};
pub use snippet::{snippet, SNIPPET_SOURCE_CHARS};
