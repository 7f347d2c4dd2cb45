//! The only place that touches the OS keyring (Secret Service, Keychain, Credential Manager).
//!
//! Passwords never leave this module except to be handed to a server login; they are not
//! logged, not put into error messages, not written to the config or the store.

use std::fmt;

const SERVICE: &str = "jebi";

/// What a keyring entry is for (one account may hold several passwords).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Incoming,
    Outgoing,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SecretError {
    #[error("no keyring service is available ({0}); Jebi keeps passwords only in the OS keyring, so start one (on Linux: gnome-keyring or another Secret Service provider in a D-Bus session)")]
    NoKeyring(String),
    #[error("the keyring is locked or refused access ({0})")]
    Locked(String),
    #[error("no password is stored in the keyring for this account; enter it with Edit beside the account in the window, or run `jebi account password NAME`")]
    Missing,
    #[error("the keyring failed: {0}")]
    Failed(String),
}

/// A password held in memory; its Debug/Display never shows the value.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn new(s: String) -> Password {
        Password(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

fn entry_user(account_id: &str, purpose: Purpose) -> String {
    match purpose {
        Purpose::Incoming => format!("{account_id}:incoming"),
        Purpose::Outgoing => format!("{account_id}:outgoing"),
    }
}

fn map_error(e: keyring::Error) -> SecretError {
    use keyring::Error as K;
    match e {
        K::NoDefaultStore => SecretError::NoKeyring("no default credential store".into()),
        K::NoStorageAccess(inner) => {
            let text = inner.to_string();
            if text.contains("org.freedesktop")
                || text.contains("D-Bus")
                || text.contains("dbus")
                || text.contains("DBUS")
            {
                SecretError::NoKeyring(text)
            } else {
                SecretError::Locked(text)
            }
        }
        K::NoEntry => SecretError::Missing,
        other => SecretError::Failed(other.to_string()),
    }
}

fn entry(account_id: &str, purpose: Purpose) -> Result<keyring::Entry, SecretError> {
    if let Err(e) = keyring::Entry::store_status() {
        return Err(SecretError::NoKeyring(e.to_string()));
    }
    keyring::Entry::new(SERVICE, &entry_user(account_id, purpose)).map_err(map_error)
}

/// Store (or replace) a password. Blocking: call from a blocking thread in async code.
pub fn store(account_id: &str, purpose: Purpose, password: &Password) -> Result<(), SecretError> {
    entry(account_id, purpose)?
        .set_password(password.expose())
        .map_err(map_error)
}

/// Read a password. Blocking.
pub fn load(account_id: &str, purpose: Purpose) -> Result<Password, SecretError> {
    entry(account_id, purpose)?
        .get_password()
        .map(Password)
        .map_err(map_error)
}

/// Delete a password; a missing entry is not an error. Blocking.
pub fn delete(account_id: &str, purpose: Purpose) -> Result<(), SecretError> {
    match entry(account_id, purpose)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_never_prints() {
        let p = Password::new("hunter2".into());
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
