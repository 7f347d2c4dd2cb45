//! What can go wrong talking POP3, each in words a person can act on.

use crate::tls::RejectedCertificate;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Pop3Error {
    #[error("cannot reach the POP3 server {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    #[error("the secure connection to the POP3 server {addr} failed: {reason}")]
    Tls { addr: String, reason: String },
    #[error("the POP3 server {addr} presented a certificate that is not trusted ({})", cert.reason)]
    Untrusted {
        addr: String,
        cert: RejectedCertificate,
    },
    #[error("the POP3 server {addr} does not offer STLS, and this account requires encryption")]
    NoStls { addr: String },
    #[error("the account is set to send its password unencrypted, which is not allowed")]
    PlaintextNotAllowed,
    #[error("the POP3 server refused the user name or password: {reply}")]
    LoginRefused { reply: String },
    #[error("{what} took too long (over {} s)", after.as_secs())]
    Timeout {
        what: String,
        after: std::time::Duration,
    },
    #[error("the connection was lost during {what}: {reason}")]
    ConnectionLost { what: String, reason: String },
    #[error("the POP3 server refused {what}: {reply}")]
    Refused { what: String, reply: String },
    #[error("the POP3 server's answer to {what} cannot be read: {detail}")]
    Protocol { what: String, detail: String },
    /// Storing here failed (the messages stay on the server).
    #[error("{0}")]
    Local(String),
    #[error("{what} is larger than {limit} bytes, more than Jebi accepts")]
    TooLarge { what: String, limit: usize },
}

impl Pop3Error {
    /// Worth trying again later by itself (network trouble), not something to fix.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Pop3Error::Unreachable { .. }
                | Pop3Error::Timeout { .. }
                | Pop3Error::ConnectionLost { .. }
        )
    }
}
