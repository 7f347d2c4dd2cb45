//! Engine errors: one plain sentence naming the account, what failed, and the server's reply.

use crate::account::Account;
use crate::imap::ImapError;
use crate::secrets::SecretError;
use crate::smtp::SmtpError;
use std::fmt;

/// Shown to people through [`super::explain::sentence`] (its `Display`), in the language and
/// for the surface chosen in [`crate::locale`].
#[derive(Debug, Clone)]
pub enum Failure {
    Imap(ImapError),
    Pop3(crate::pop3::Pop3Error),
    Smtp(SmtpError),
    Secret(SecretError),
    Store(String),
    /// Already a sentence for people (form checks, settings).
    Config(String),
    Internal(String),
}

impl From<ImapError> for Failure {
    fn from(e: ImapError) -> Failure {
        Failure::Imap(e)
    }
}

impl From<crate::pop3::Pop3Error> for Failure {
    fn from(e: crate::pop3::Pop3Error) -> Failure {
        Failure::Pop3(e)
    }
}

impl From<SmtpError> for Failure {
    fn from(e: SmtpError) -> Failure {
        Failure::Smtp(e)
    }
}

impl From<SecretError> for Failure {
    fn from(e: SecretError) -> Failure {
        Failure::Secret(e)
    }
}

impl From<crate::account::ConfigError> for Failure {
    fn from(e: crate::account::ConfigError) -> Failure {
        Failure::Config(super::explain::account_file(&e, crate::locale::lang()))
    }
}

impl From<crate::tls::TlsSetupError> for Failure {
    fn from(e: crate::tls::TlsSetupError) -> Failure {
        Failure::Config(super::explain::tls_setup(&e, crate::locale::lang()))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = super::explain::sentence(self, crate::locale::lang(), crate::locale::surface());
        f.write_str(&words)
    }
}

impl std::error::Error for Failure {}

impl Failure {
    /// A sentence for people made here, in the language sentences are made in now.
    pub fn said(english: impl Into<String>, korean: impl Into<String>) -> Failure {
        Failure::Config(crate::locale::pick(english.into(), korean.into()))
    }

    /// The SHA-256 (hex) of a server certificate that was refused, if that is what failed.
    pub fn untrusted_certificate(&self) -> Option<&str> {
        match self {
            Failure::Imap(ImapError::Untrusted { cert, .. })
            | Failure::Pop3(crate::pop3::Pop3Error::Untrusted { cert, .. })
            | Failure::Smtp(SmtpError::Untrusted { cert, .. }) => Some(&cert.sha256_hex),
            _ => None,
        }
    }

    pub fn is_transient(&self) -> bool {
        match self {
            Failure::Imap(e) => e.is_transient(),
            Failure::Smtp(e) => e.is_transient(),
            Failure::Pop3(e) => e.is_transient(),
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
            Some(name) if crate::locale::lang() == crate::locale::Lang::Korean => {
                write!(f, "'{name}' 계정: {}", self.failure)
            }
            Some(name) => write!(f, "account '{name}': {}", self.failure),
            None => write!(f, "{}", self.failure),
        }
    }
}

impl std::error::Error for EngineError {}
