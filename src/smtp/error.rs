//! SMTP failures in plain words: what failed, with which server, and the server's own reply.
//! Never contains a password.

use crate::tls::{fingerprint_for_people, RejectedCertificate};
use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum SmtpError {
    #[error("cannot reach the outgoing server {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    #[error("{}", untrusted_text(.addr, .cert))]
    Untrusted {
        addr: String,
        cert: RejectedCertificate,
    },
    #[error("TLS with the outgoing server {addr} failed: {reason}")]
    Tls { addr: String, reason: String },
    #[error("the outgoing server {addr} does not offer STARTTLS, so the connection cannot be encrypted; Jebi will not send the password in plain text (use --smtp-security tls, or ask the provider)")]
    NoStartTls { addr: String },
    #[error("the outgoing server {addr} refused STARTTLS: {reply}")]
    StartTlsRefused { addr: String, reply: String },
    #[error("the outgoing server refused the login (wrong user name or password?): {reply}")]
    LoginRefused { reply: String },
    #[error("the outgoing server {addr} offers no login method Jebi can use (PLAIN or LOGIN)")]
    NoAuthMethod { addr: String },
    #[error("the outgoing server uses an unencrypted connection but plain text was not allowed (--allow-plaintext)")]
    PlaintextNotAllowed,
    #[error("{what} timed out after {} s", .after.as_secs())]
    Timeout { what: String, after: Duration },
    #[error("the connection to the outgoing server was lost during {what}: {reason}")]
    ConnectionLost { what: String, reason: String },
    #[error("the outgoing server sent something Jebi cannot read during {what}: {detail}")]
    Protocol { what: String, detail: String },
    /// The server answered with a 4xx (try again later) or 5xx (refused for good) reply.
    #[error("the outgoing server refused {what}: {code} {reply}")]
    Refused {
        what: String,
        code: u16,
        reply: String,
    },
    /// The port speaks the other security: SSL/TLS from the first byte (`wants_tls`) or a
    /// plain-text greeting before STARTTLS.
    #[error("the outgoing server {addr} does not speak the chosen security on this port (it expects {})", if *.wants_tls { "SSL/TLS" } else { "STARTTLS or plain text" })]
    WrongSecurity { addr: String, wants_tls: bool },
    #[error("{0}")]
    Local(String),
}

fn untrusted_text(addr: &str, cert: &RejectedCertificate) -> String {
    format!(
        "the certificate of the outgoing server {addr} is not trusted (SHA-256 {}): {}; if you trust this server, pass its certificate with --ca-file",
        fingerprint_for_people(&cert.sha256_hex),
        cert.reason
    )
}

impl SmtpError {
    /// Translate a lettre error that happened during `what`.
    pub fn from_lettre(what: &str, e: lettre::transport::smtp::Error) -> SmtpError {
        use std::error::Error as _;
        if let Some(code) = e.status() {
            let reply = e
                .source()
                .map(|s| s.to_string())
                .unwrap_or_default()
                .trim()
                .to_string();
            return SmtpError::Refused {
                what: what.to_string(),
                code: code.to_string().parse().unwrap_or(0),
                reply,
            };
        }
        let mut detail = e.to_string();
        if let Some(source) = e.source() {
            let s = source.to_string();
            if !detail.contains(&s) {
                detail = format!("{detail}: {s}");
            }
        }
        if e.is_response() {
            SmtpError::Protocol {
                what: what.to_string(),
                detail,
            }
        } else {
            SmtpError::ConnectionLost {
                what: what.to_string(),
                reason: detail,
            }
        }
    }

    pub fn from_io(what: &str, e: std::io::Error) -> SmtpError {
        SmtpError::ConnectionLost {
            what: what.to_string(),
            reason: e.to_string(),
        }
    }

    /// Worth trying again later: network trouble or a 4xx reply.
    pub fn is_transient(&self) -> bool {
        match self {
            SmtpError::Unreachable { .. }
            | SmtpError::Timeout { .. }
            | SmtpError::ConnectionLost { .. } => true,
            SmtpError::Refused { code, .. } => (400..500).contains(code),
            _ => false,
        }
    }
}
