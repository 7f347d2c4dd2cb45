//! Jebi: the mail engine. Nothing in this library outside `ui` imports iced.

pub mod account;
pub mod engine;
pub mod imap;
pub mod instance;
pub mod locale;
pub mod mailto;
pub mod mime;
mod plain_line;
pub mod pop3;
pub mod remote_content;
pub mod secrets;
pub mod smtp;
pub mod store;
pub mod tls;
pub mod ui;
