//! IMAP failures in plain words. Every message names what failed and, where the server
//! replied, quotes its reply. Never contains a password.

use crate::tls::{fingerprint_for_people, RejectedCertificate};
use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ImapError {
    #[error("cannot reach {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    #[error("{}", untrusted_text(.addr, .cert))]
    Untrusted {
        addr: String,
        cert: RejectedCertificate,
    },
    #[error("TLS with {addr} failed: {reason}")]
    Tls { addr: String, reason: String },
    #[error("{addr} does not offer STARTTLS, so the connection cannot be encrypted; Jebi will not send the password in plain text (use --imap-security tls, or ask the provider)")]
    NoStartTls { addr: String },
    #[error("{addr} refused STARTTLS: {reply}")]
    StartTlsRefused { addr: String, reply: String },
    #[error("login was refused by the server (wrong user name or password?): {reply}")]
    LoginRefused { reply: String },
    #[error("the account uses an unencrypted connection but plain text was not allowed (--allow-plaintext)")]
    PlaintextNotAllowed,
    #[error("{what} timed out after {} s", .after.as_secs())]
    Timeout { what: String, after: Duration },
    #[error("the server refused {what}: {reply}")]
    Refused { what: String, reply: String },
    #[error("the connection was lost during {what}: {reason}")]
    ConnectionLost { what: String, reason: String },
    #[error("the server sent something Jebi cannot read during {what}: {detail}")]
    Protocol { what: String, detail: String },
    #[error("the server announced a {size}-byte item during {what}, over the {limit}-byte limit")]
    TooLarge { what: String, size: u64, limit: u64 },
    /// The port speaks the other security: SSL/TLS from the first byte (`wants_tls`) or a
    /// plain-text greeting before STARTTLS.
    #[error("{addr} does not speak the chosen security on this port (it expects {})", if *.wants_tls { "SSL/TLS" } else { "STARTTLS or plain text" })]
    WrongSecurity { addr: String, wants_tls: bool },
    #[error("{0}")]
    Local(String),
}

fn untrusted_text(addr: &str, cert: &RejectedCertificate) -> String {
    format!(
        "the certificate of {addr} is not trusted (SHA-256 {}): {}; if you trust this server, pass its certificate with --ca-file",
        fingerprint_for_people(&cert.sha256_hex),
        cert.reason
    )
}

impl ImapError {
    /// Translate an async-imap error that happened during `what`.
    pub fn from_imap(what: &str, e: async_imap::error::Error) -> ImapError {
        use async_imap::error::Error as E;
        match e {
            E::No(reply) | E::Bad(reply) => ImapError::Refused {
                what: what.to_string(),
                reply: reply.trim().to_string(),
            },
            E::Io(io) => Self::from_io(what, io),
            E::ConnectionLost => ImapError::ConnectionLost {
                what: what.to_string(),
                reason: "the server closed the connection".into(),
            },
            other => ImapError::Protocol {
                what: what.to_string(),
                detail: other.to_string(),
            },
        }
    }

    pub fn from_io(what: &str, io: std::io::Error) -> ImapError {
        let text = io.to_string();
        if io.kind() == std::io::ErrorKind::InvalidData
            && text.contains(super::literal_guard::TOO_LARGE)
        {
            let size = text
                .split('(')
                .nth(1)
                .and_then(|t| t.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            return ImapError::TooLarge {
                what: what.to_string(),
                size,
                limit: super::MAX_LITERAL,
            };
        }
        // async-imap's words for a response it cannot parse: its parser's state, then the
        // whole unread buffer (maybe megabytes of mail). Only the response's start is shown.
        const UNREADABLE: &str = " during parsing of \"";
        if let Some(at) = text.find(UNREADABLE) {
            let rest = &text[at + UNREADABLE.len()..];
            let line = rest.split("\\r\\n").next().unwrap_or(rest);
            let line: String = line.trim_end_matches('"').chars().take(120).collect();
            return ImapError::Protocol {
                what: what.to_string(),
                detail: format!("\"{line}\""),
            };
        }
        ImapError::ConnectionLost {
            what: what.to_string(),
            reason: text,
        }
    }

    /// Worth retrying later (network trouble) rather than a problem the user must fix.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ImapError::Unreachable { .. }
                | ImapError::Timeout { .. }
                | ImapError::ConnectionLost { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_response_is_quoted_by_its_start_only() {
        let unread = format!(
            "* STATUS INBOX (MESSAGES x)\r\nA0004 OK done\r\n* 1 FETCH (BODY[] {{9}}\r\nsecret...{}",
            "x".repeat(100_000)
        );
        let io = std::io::Error::other(format!(
            "{:?} during parsing of {:?}",
            "Error(Error { input: [42, 32], code: TakeWhile1 })", unread
        ));
        let e = ImapError::from_io("LIST (RETURN STATUS)", io);
        let ImapError::Protocol { detail, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(detail, "\"* STATUS INBOX (MESSAGES x)\"");
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(e.to_string().len() < 200, "{e}");
    }
}
