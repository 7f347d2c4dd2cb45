//! Accounts: who the user is on which servers. Passwords are never part of this model;
//! they live in the OS keyring (see `crate::secrets`).

mod config_file;

pub use config_file::{write_atomically, AccountBook, ConfigError};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How a connection to a server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, SMTPS 465, POP3S 995).
    Tls,
    /// Plain connection upgraded with STARTTLS/STLS; failure to upgrade is an error, never a fallback.
    StartTls,
    /// No encryption at all. Only allowed when the user opted in explicitly.
    Plain,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s.to_ascii_lowercase().as_str() {
            "tls" | "ssl" | "imaps" => Some(Security::Tls),
            "starttls" => Some(Security::StartTls),
            "plain" | "none" => Some(Security::Plain),
            _ => None,
        }
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Tls => "tls",
            Security::StartTls => "starttls",
            Security::Plain => "plain",
        })
    }
}

/// Where and how to reach one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Login name; defaults to the account's address when empty.
    #[serde(default)]
    pub login: String,
}

impl ServerConfig {
    /// Parse `host:port` (IPv6 as `[::1]:993`).
    pub fn parse_host_port(s: &str) -> Result<(String, u16), String> {
        let (host, port) = s
            .rsplit_once(':')
            .ok_or_else(|| format!("'{s}' is not HOST:PORT"))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(format!("'{s}' has no host name"));
        }
        let port = port
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| format!("'{port}' is not a port number (1-65535)"))?;
        Ok((host.to_string(), port))
    }

    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Which certificates to trust for an account beyond the system roots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustSettings {
    /// PEM text of extra CA or server certificates (copied from `--ca-file` at setup time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_pem: Option<String>,
    /// SHA-256 fingerprints (hex, lower case, no separators) of server certificates the user
    /// accepted explicitly ("trust this certificate").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned_sha256: Vec<String>,
}

/// A sending identity (From address) of an account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    #[serde(default)]
    pub display_name: String,
    pub email: String,
    /// Plain text put under `-- ` below the writing area of new messages, replies and forwards
    /// sent from this identity (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// How mail is received for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Incoming {
    #[default]
    Imap,
    Pop3,
}

/// What a POP3 account leaves on the server after downloading (the default: nothing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pop3Policy {
    /// Keep messages on the server after downloading them.
    #[serde(default)]
    pub leave_on_server: bool,
    /// With `leave_on_server`: delete them from the server this many days after download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<u32>,
    /// With `leave_on_server`: delete a message from the server once it is deleted here
    /// (moved to Trash or deleted for good).
    #[serde(default)]
    pub delete_when_deleted_here: bool,
}

/// One mail account as the user configured it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Stable identifier used for keyring entries and local data; never shown as the name.
    pub id: String,
    /// The user's name for this account (unique, used on the command line).
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub incoming: Incoming,
    pub imap: Option<ServerConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pop3: Option<ServerConfig>,
    /// For POP3 accounts: what stays on the server.
    #[serde(default, skip_serializing_if = "is_default_policy")]
    pub pop3_policy: Pop3Policy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp: Option<ServerConfig>,
    #[serde(default)]
    pub identities: Vec<Identity>,
    #[serde(default)]
    pub trust: TrustSettings,
    /// The user accepted sending the password unencrypted (`--allow-plaintext`).
    #[serde(default)]
    pub allow_plaintext: bool,
    /// File a copy of each sent message in the Sent folder (off for servers that file sent
    /// mail themselves).
    #[serde(default = "default_true")]
    pub file_sent_copy: bool,
    /// Tell the person about new mail with a desktop notification.
    #[serde(default = "default_true")]
    pub notify: bool,
}

fn is_default_policy(p: &Pop3Policy) -> bool {
    *p == Pop3Policy::default()
}

fn default_true() -> bool {
    true
}

impl Account {
    /// The server mail comes from (IMAP or POP3, as the account says).
    pub fn incoming_server(&self) -> Option<&ServerConfig> {
        match self.incoming {
            Incoming::Imap => self.imap.as_ref(),
            Incoming::Pop3 => self.pop3.as_ref(),
        }
    }

    /// The login for a server: its own login, else the account address.
    pub fn login_for(&self, server: &ServerConfig) -> String {
        if server.login.is_empty() {
            self.email.clone()
        } else {
            server.login.clone()
        }
    }

    /// A fresh id: stable, file-name safe, distinct from other accounts.
    pub fn new_id(name: &str) -> String {
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(24)
            .collect();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{slug}-{:x}", (nanos as u64) ^ (std::process::id() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_parsing() {
        assert_eq!(
            ServerConfig::parse_host_port("imap.example.com:993").unwrap(),
            ("imap.example.com".to_string(), 993)
        );
        assert_eq!(
            ServerConfig::parse_host_port("[::1]:143").unwrap(),
            ("::1".to_string(), 143)
        );
        assert!(ServerConfig::parse_host_port("example.com").is_err());
        assert!(ServerConfig::parse_host_port("example.com:0").is_err());
        assert!(ServerConfig::parse_host_port("example.com:99999").is_err());
        assert!(ServerConfig::parse_host_port(":993").is_err());
    }

    #[test]
    fn security_names() {
        assert_eq!(Security::parse("TLS"), Some(Security::Tls));
        assert_eq!(Security::parse("starttls"), Some(Security::StartTls));
        assert_eq!(Security::parse("plain"), Some(Security::Plain));
        assert_eq!(Security::parse("maybe"), None);
    }

    #[test]
    fn ids_are_file_name_safe() {
        let id = Account::new_id("Work / 회사");
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }
}
