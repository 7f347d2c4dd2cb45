//! POP3 (RFC 1939, CAPA and PIPELINING from RFC 2449, STLS from RFC 2595): a client that
//! logs in, lists, retrieves and deletes. Downloading into local folders builds on it.

pub mod client;
pub mod download;
pub mod error;
pub mod reply;

pub use client::{Limits, Pop3, Retrieved};
pub use download::{download, Downloaded, Policy};
pub use error::Pop3Error;
