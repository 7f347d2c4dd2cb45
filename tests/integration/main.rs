//! Integration tests against real servers (Dovecot, gnome-keyring) and scripted hostile ones.
//! One test binary for build speed; run through ./scripts/test-all.sh.

#[path = "../support/mod.rs"]
mod support;

mod account_edit;
mod desktop;
mod hostile;
mod imap_failures;
mod imap_sync;
mod ime;
mod watch;
mod window;
