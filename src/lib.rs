//! Jebi: the mail engine. Nothing in this library outside `ui` imports iced.

pub mod account;
pub mod desktop;
pub mod engine;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod imap;
pub mod instance;
pub mod locale;
pub mod mailto;
pub mod mime;
pub mod notify;
mod plain_line;
pub mod pop3;
pub mod remote_content;
pub mod secrets;
pub mod settings;
pub mod smtp;
pub mod store;
pub mod tls;
#[cfg(feature = "window")]
pub mod ui;

/// Jebi's reverse-DNS application id: the desktop file's name, its icon's name, the windows'
/// Wayland app_id and X11 WM_CLASS, the AppStream id.
pub const APP_ID: &str = "org.jebimail.Jebi";
