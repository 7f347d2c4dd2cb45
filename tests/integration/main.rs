//! Integration tests against real servers (Dovecot, gnome-keyring) and scripted hostile ones.
//! One test binary for build speed; run through ./scripts/test-all.sh.

#[path = "../support/mod.rs"]
mod support;

mod account_edit;
mod actions;
mod cli_output;
mod composer;
mod convergence;
mod desktop;
mod discovery;
mod form_keys;
mod hostile;
mod hostile_smtp;
mod imap_failures;
mod imap_sync;
mod ime;
mod mailto;
mod notifications;
mod pop3;
mod pop3_account;
mod pop3_faults;
mod renderer;
mod send;
mod send_faults;
mod threads;
mod watch;
mod window;
