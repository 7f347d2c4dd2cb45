//! Turning a FETCH response (ENVELOPE, BODYSTRUCTURE, FLAGS, ...) into a store envelope.

use crate::mime::{decode_header_value, Address};
use crate::store::NewEnvelope;
use async_imap::types::{Fetch, Flag};
use imap_proto::types::{Address as ImapAddress, BodyStructure};

/// The IMAP name of a flag (`\Seen`, `$Forwarded`, ...). `\Recent` is session state: dropped.
pub fn flag_name(f: &Flag<'_>) -> Option<String> {
    Some(match f {
        Flag::Seen => "\\Seen".into(),
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Recent | Flag::MayCreate => return None,
        Flag::Custom(c) => c.to_string(),
    })
}

pub fn flags_of(fetch: &Fetch) -> Vec<String> {
    let mut v: Vec<String> = fetch.flags().filter_map(|f| flag_name(&f)).collect();
    v.sort();
    v.dedup();
    v
}

fn text(bytes: &Option<std::borrow::Cow<'_, [u8]>>) -> Option<String> {
    Some(decode_header_value(bytes.as_deref()?)).filter(|s| !s.is_empty())
}

fn addresses(list: &Option<Vec<ImapAddress<'_>>>) -> Vec<Address> {
    let Some(list) = list else { return Vec::new() };
    list.iter()
        .filter(|a| a.mailbox.is_some())
        .filter(|a| a.host.is_some()) // group markers have no host
        .map(|a| {
            let mailbox = String::from_utf8_lossy(a.mailbox.as_deref().unwrap_or_default());
            let host = String::from_utf8_lossy(a.host.as_deref().unwrap_or_default());
            Address {
                name: text(&a.name),
                email: format!("{mailbox}@{host}"),
            }
        })
        .collect()
}

/// Does the structure hold a part a person would call an attachment?
pub fn has_attachment(body: &BodyStructure<'_>) -> bool {
    match body {
        BodyStructure::Multipart { bodies, .. } => bodies.iter().any(has_attachment),
        BodyStructure::Message { .. } => true,
        BodyStructure::Basic { common, .. } | BodyStructure::Text { common, .. } => {
            let disposition = common
                .disposition
                .as_ref()
                .map(|d| d.ty.to_ascii_lowercase());
            if disposition.as_deref() == Some("attachment") {
                return true;
            }
            let ty = common.ty.ty.to_ascii_lowercase();
            ty != "text" && ty != "multipart" && disposition.as_deref() != Some("inline")
        }
    }
}

fn parse_date(raw: &[u8]) -> Option<i64> {
    let s = String::from_utf8_lossy(raw);
    let s = s.trim();
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.timestamp())
}

/// Build the store's envelope from a FETCH; None when it carries no UID.
pub fn envelope_of(fetch: &Fetch) -> Option<NewEnvelope> {
    let uid = fetch.uid?;
    let mut e = NewEnvelope {
        uid,
        flags: flags_of(fetch),
        size: fetch.size.unwrap_or(0),
        internal_date: fetch
            .internal_date_raw()
            .and_then(super::internal_date::seconds),
        ..NewEnvelope::default()
    };
    if let Some(env) = fetch.envelope() {
        e.subject = text(&env.subject).unwrap_or_default();
        e.from = addresses(&env.from);
        if e.from.is_empty() {
            e.from = addresses(&env.sender);
        }
        e.to = addresses(&env.to);
        e.cc = addresses(&env.cc);
        e.message_id = text(&env.message_id);
        e.in_reply_to = text(&env.in_reply_to);
        e.date = env.date.as_deref().and_then(parse_date);
    }
    if e.date.is_none() {
        e.date = e.internal_date;
    }
    if let Some(b) = fetch.bodystructure() {
        e.has_attachments = has_attachment(b);
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::text;
    use std::borrow::Cow;

    #[test]
    fn plain_and_encoded_values() {
        let t = |b: &[u8]| text(&Some(Cow::Borrowed(b)));
        assert_eq!(t(b" Hello there ").as_deref(), Some("Hello there"));
        assert_eq!(t("회의 일정".as_bytes()).as_deref(), Some("회의 일정"));
        assert_eq!(
            t(b"=?EUC-KR?B?yLjAxyDAz8Gk?=").as_deref(),
            Some("회의 일정")
        );
        assert_eq!(t(b"=?UTF-8?Q?caf=C3=A9?=").as_deref(), Some("café"));
        assert_eq!(t(b"   ").as_deref(), None);
        assert_eq!(text(&None), None);
    }
}
