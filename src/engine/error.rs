//! Engine errors: one plain sentence naming the account, what failed, and the server's reply.

use crate::account::Account;
use crate::imap::ImapError;
use crate::secrets::SecretError;
use crate::smtp::SmtpError;
use std::fmt;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Imap(#[from] ImapError),
    #[error("{0}")]
    Smtp(#[from] SmtpError),
    #[error("{0}")]
    Secret(#[from] SecretError),
    #[error("{0}")]
    Store(String),
    #[error("{0}")]
    Config(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Failure {
    /// The SHA-256 (hex) of a server certificate that was refused, if that is what failed.
    pub fn untrusted_certificate(&self) -> Option<&str> {
        match self {
            Failure::Imap(ImapError::Untrusted { cert, .. })
            | Failure::Smtp(SmtpError::Untrusted { cert, .. }) => Some(&cert.sha256_hex),
            _ => None,
        }
    }

    pub fn is_transient(&self) -> bool {
        match self {
            Failure::Imap(e) => e.is_transient(),
            Failure::Smtp(e) => e.is_transient(),
            _ => false,
        }
    }
}

/// A failure with the account it concerns.
#[derive(Debug, Clone)]
pub struct EngineError {
    pub account: Option<String>,
    pub failure: Failure,
}

impl EngineError {
    pub fn new(account: &Account, failure: Failure) -> EngineError {
        EngineError {
            account: Some(account.name.clone()),
            failure,
        }
    }

    pub fn plain(failure: Failure) -> EngineError {
        EngineError {
            account: None,
            failure,
        }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.account {
            Some(name) => write!(f, "account '{name}': {}", self.failure),
            None => write!(f, "{}", self.failure),
        }
    }
}

impl std::error::Error for EngineError {}
