//! LIST: which folders the server has, their special-use roles and readable names.

use super::connect::Session;
use super::error::ImapError;
use super::COMMAND_TIMEOUT;
use crate::store::FolderRole;
use base64::Engine;
use futures::TryStreamExt;
use imap_proto::types::NameAttribute;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFolder {
    pub name: String,
    pub display_name: String,
    pub delimiter: Option<String>,
    pub role: Option<FolderRole>,
    pub selectable: bool,
}

/// Role from RFC 6154 attributes, else from well-known names (servers without SPECIAL-USE).
pub fn role_of(name: &str, attributes: &[NameAttribute<'_>]) -> Option<FolderRole> {
    if name.eq_ignore_ascii_case("INBOX") {
        return Some(FolderRole::Inbox);
    }
    for a in attributes {
        let role = match a {
            NameAttribute::Sent => Some(FolderRole::Sent),
            NameAttribute::Drafts => Some(FolderRole::Drafts),
            NameAttribute::Trash => Some(FolderRole::Trash),
            NameAttribute::Junk => Some(FolderRole::Junk),
            NameAttribute::Archive => Some(FolderRole::Archive),
            _ => None,
        };
        if role.is_some() {
            return role;
        }
    }
    let last = name
        .rsplit(['/', '.'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    match last.as_str() {
        "sent" | "sent items" | "sent mail" | "sent messages" => Some(FolderRole::Sent),
        "drafts" | "draft" => Some(FolderRole::Drafts),
        "trash" | "deleted items" | "deleted messages" | "bin" => Some(FolderRole::Trash),
        "junk" | "spam" | "junk e-mail" | "bulk mail" => Some(FolderRole::Junk),
        "archive" | "archives" => Some(FolderRole::Archive),
        _ => None,
    }
}

/// Decode IMAP's modified UTF-7 mailbox names (RFC 3501 5.1.3): `&AOk-` -> `é`.
/// Anything malformed is left as it was.
pub fn decode_mailbox_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('-') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let encoded = &after[..end];
        if encoded.is_empty() {
            out.push('&');
        } else {
            let b64 = encoded.replace(',', "/");
            match base64::engine::general_purpose::STANDARD_NO_PAD.decode(b64.as_bytes()) {
                Ok(bytes) if bytes.len() % 2 == 0 => {
                    let units: Vec<u16> = bytes
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    match String::from_utf16(&units) {
                        Ok(s) => out.push_str(&s),
                        Err(_) => out.push_str(&rest[start..start + end + 2]),
                    }
                }
                _ => out.push_str(&rest[start..start + end + 2]),
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Encode a folder name people typed into modified UTF-7 (`Café` -> `Caf&AOk-`).
pub fn encode_mailbox_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
        out.push('&');
        out.push_str(&b64.replace('/', ","));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

pub async fn list_folders(session: &mut Session) -> Result<Vec<RemoteFolder>, ImapError> {
    let names = tokio::time::timeout(COMMAND_TIMEOUT, async {
        let stream = session.list(Some(""), Some("*")).await?;
        stream.try_collect::<Vec<_>>().await
    })
    .await
    .map_err(|_| ImapError::Timeout {
        what: "LIST".into(),
        after: COMMAND_TIMEOUT,
    })?
    .map_err(|e| ImapError::from_imap("LIST", e))?;
    let mut out = Vec::new();
    for n in names {
        let attrs = n.attributes();
        let selectable = !attrs
            .iter()
            .any(|a| matches!(a, NameAttribute::NoSelect))
            && !attrs
                .iter()
                .any(|a| matches!(a, NameAttribute::Extension(e) if e.eq_ignore_ascii_case("\\NonExistent")));
        out.push(RemoteFolder {
            name: n.name().to_string(),
            display_name: if n.name().eq_ignore_ascii_case("INBOX") {
                "Inbox".to_string()
            } else {
                decode_mailbox_name(n.name())
            },
            delimiter: n.delimiter().map(str::to_string),
            role: role_of(n.name(), attrs),
            selectable,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_utf7_names() {
        assert_eq!(decode_mailbox_name("INBOX"), "INBOX");
        assert_eq!(decode_mailbox_name("&vPSwuA- &07jJwA-"), "보낸 편지");
        assert_eq!(decode_mailbox_name("Caf&AOk-"), "Café");
        assert_eq!(decode_mailbox_name("A&-B"), "A&B");
        assert_eq!(decode_mailbox_name("broken&@@@-x"), "broken&@@@-x");
        assert_eq!(decode_mailbox_name("open&AOk"), "open&AOk");
        for name in ["보낸 편지", "Café", "A&B", "plain", "😀 mixed 한"] {
            assert_eq!(decode_mailbox_name(&encode_mailbox_name(name)), name);
        }
        assert_eq!(encode_mailbox_name("보낸 편지"), "&vPSwuA- &07jJwA-");
        assert_eq!(encode_mailbox_name("A&B"), "A&-B");
    }

    #[test]
    fn roles() {
        assert_eq!(role_of("INBOX", &[]), Some(FolderRole::Inbox));
        assert_eq!(
            role_of("Whatever", &[NameAttribute::Sent]),
            Some(FolderRole::Sent)
        );
        assert_eq!(role_of("INBOX.Trash", &[]), Some(FolderRole::Trash));
        assert_eq!(role_of("[Gmail]/Spam", &[]), Some(FolderRole::Junk));
        assert_eq!(role_of("Projects", &[]), None);
    }
}
