//! Addresses for the composer's autocomplete, from the local index: people the user wrote to
//! (To and Cc of the account's Sent folder) rank above people who only wrote to the user (From of
//! its other folders, junk left out). A name or an address matches when it (or one word of the
//! name) starts with what was typed, in any case.

use super::{Db, Result};
use rusqlite::params;
use std::collections::HashMap;

/// Suggestions shown at most.
pub const MAX_SUGGESTIONS: usize = 8;
/// Rows read per source at most (newest first): a long history must not slow the answer.
const SCAN_LIMIT: i64 = 5000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub email: String,
    /// Found in the To or Cc of a message the user sent.
    pub written_to: bool,
    /// How many messages name this address (the order within each group).
    pub count: u32,
}

/// Whether `name` or `email` starts with `prefix` (already lower case), or a word of `name` does.
fn matches(prefix: &str, name: Option<&str>, email: &str) -> bool {
    if email.to_lowercase().starts_with(prefix) {
        return true;
    }
    let Some(name) = name else { return false };
    let name = name.to_lowercase();
    name.starts_with(prefix)
        || name
            .split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '(')
            .any(|w| !w.is_empty() && w.starts_with(prefix))
}

/// `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An address list as the index stores it (`Name <a@b>, c@d, Other Name <e@f>`; names are not
/// quoted there) into (name, address) pairs. A comma inside a name stays in the name.
pub fn split_address_list(list: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut rest = list;
    let bare = |piece: &str, out: &mut Vec<(Option<String>, String)>| {
        let piece = piece.trim();
        if piece.contains('@') && !piece.contains(char::is_whitespace) {
            out.push((None, piece.to_string()));
            true
        } else {
            piece.is_empty()
        }
    };
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        // Before `<`: bare addresses, then this mailbox's name (which may hold commas).
        let before: Vec<&str> = rest[..open].split(',').collect();
        let mut first_name_piece = 0;
        for piece in &before[..before.len().saturating_sub(1)] {
            if !bare(piece, &mut out) {
                break;
            }
            first_name_piece += 1;
        }
        let name = before[first_name_piece..].join(",").trim().to_string();
        let email = rest[open + 1..close].trim().to_string();
        if !email.is_empty() {
            out.push(((!name.is_empty()).then_some(name), email));
        }
        rest = &rest[close + 1..];
    }
    for piece in rest.split(',') {
        bare(piece, &mut out);
    }
    out
}

impl Db {
    /// Up to `limit` addresses of the account (every account when None) starting with `prefix`,
    /// people the user wrote to first, each group by how often they appear. `exclude` (the
    /// user's own addresses) never appear.
    pub fn contacts_matching(
        &self,
        account_id: Option<&str>,
        prefix: &str,
        exclude: &[String],
        limit: usize,
    ) -> Result<Vec<Contact>> {
        let prefix = prefix.trim().to_lowercase();
        if prefix.is_empty() {
            return Ok(Vec::new());
        }
        let excluded = |email: &str| exclude.iter().any(|e| e.eq_ignore_ascii_case(email));
        let anywhere = format!("%{}%", like_escape(&prefix));
        let mut found: HashMap<String, Contact> = HashMap::new();

        // People the user wrote to: To and Cc of Sent messages that mention the prefix.
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.to_list, m.cc_list FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE (?1 IS NULL OR f.account_id = ?1) AND f.role = 'sent'
               AND (m.to_list LIKE ?2 ESCAPE '\\' OR m.cc_list LIKE ?2 ESCAPE '\\')
             ORDER BY m.date DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![account_id, anywhere, SCAN_LIMIT], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (to, cc) = row?;
            for (name, email) in split_address_list(&to)
                .into_iter()
                .chain(split_address_list(&cc))
            {
                if excluded(&email) || !matches(&prefix, name.as_deref(), &email) {
                    continue;
                }
                let c = found.entry(email.to_lowercase()).or_insert(Contact {
                    name: None,
                    email,
                    written_to: true,
                    count: 0,
                });
                c.count += 1;
                if c.name.is_none() {
                    c.name = name;
                }
            }
        }

        // People who wrote to the user: senders outside Sent (and Junk).
        let starts = format!("{}%", like_escape(&prefix));
        let word = format!("% {}%", like_escape(&prefix));
        let mut stmt = self.conn().prepare_cached(
            "SELECT max(m.from_name), m.from_email, count(*) AS n
             FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE (?1 IS NULL OR f.account_id = ?1)
               AND (f.role IS NULL OR f.role NOT IN ('sent', 'junk'))
               AND m.from_email IS NOT NULL AND m.from_email != ''
               AND (m.from_email LIKE ?2 ESCAPE '\\' OR m.from_name LIKE ?2 ESCAPE '\\'
                    OR m.from_name LIKE ?3 ESCAPE '\\')
             GROUP BY lower(m.from_email) ORDER BY n DESC LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![account_id, starts, word, SCAN_LIMIT], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (name, email, n) = row?;
            let name = name.filter(|n| !n.is_empty());
            if excluded(&email) || !matches(&prefix, name.as_deref(), &email) {
                continue;
            }
            found
                .entry(email.to_lowercase())
                .and_modify(|c| {
                    if c.name.is_none() {
                        c.name = name.clone();
                    }
                })
                .or_insert(Contact {
                    name,
                    email,
                    written_to: false,
                    count: n,
                });
        }

        let mut all: Vec<Contact> = found.into_values().collect();
        all.sort_by(|a, b| {
            b.written_to
                .cmp(&a.written_to)
                .then(b.count.cmp(&a.count))
                .then_with(|| a.email.to_lowercase().cmp(&b.email.to_lowercase()))
        });
        all.truncate(limit);
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::Address;
    use crate::store::{FolderRole, NewEnvelope};

    fn addr(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_string),
            email: email.to_string(),
        }
    }

    #[test]
    fn address_lists_split_with_commas_in_names() {
        assert_eq!(
            split_address_list(
                "a@x.test, Kim, Minji <minji@x.test>, 김철수 <kim@x.test>, b@x.test"
            ),
            vec![
                (None, "a@x.test".to_string()),
                (Some("Kim, Minji".to_string()), "minji@x.test".to_string()),
                (Some("김철수".to_string()), "kim@x.test".to_string()),
                (None, "b@x.test".to_string()),
            ]
        );
        assert!(split_address_list("").is_empty());
    }

    #[test]
    fn people_written_to_rank_above_people_who_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("acc", "INBOX", "Inbox", None, Some(FolderRole::Inbox), true)
            .unwrap();
        let sent = db
            .upsert_folder("acc", "Sent", "Sent", None, Some(FolderRole::Sent), true)
            .unwrap();
        let junk = db
            .upsert_folder("acc", "Junk", "Junk", None, Some(FolderRole::Junk), true)
            .unwrap();
        let other = db
            .upsert_folder(
                "other",
                "INBOX",
                "Inbox",
                None,
                Some(FolderRole::Inbox),
                true,
            )
            .unwrap();
        let me = addr(Some("Me"), "me@x.test");
        let mail = |uid: u32, from: Address, to: Vec<Address>, cc: Vec<Address>| NewEnvelope {
            uid,
            subject: format!("m{uid}"),
            date: Some(1_700_000_000 + uid as i64),
            from: vec![from],
            to,
            cc,
            ..NewEnvelope::default()
        };
        // Five messages from Alma (a frequent sender) and one from Albert (never written to).
        let mut received: Vec<NewEnvelope> = (1..=5)
            .map(|i| {
                mail(
                    i,
                    addr(Some("Alma Writer"), "alma@x.test"),
                    vec![me.clone()],
                    vec![],
                )
            })
            .collect();
        received.push(mail(
            6,
            addr(Some("Albert"), "albert@x.test"),
            vec![me.clone()],
            vec![],
        ));
        received.push(mail(
            7,
            addr(None, "ALICE@X.TEST"),
            vec![me.clone()],
            vec![],
        ));
        db.insert_envelopes(inbox, &received).unwrap();
        db.insert_envelopes(
            sent,
            &[
                mail(
                    1,
                    me.clone(),
                    vec![addr(Some("Alice Kim"), "alice@x.test")],
                    vec![],
                ),
                mail(
                    2,
                    me.clone(),
                    vec![addr(Some("Bob"), "bob@x.test")],
                    vec![addr(Some("Alice Kim"), "alice@x.test")],
                ),
                mail(
                    3,
                    me.clone(),
                    vec![addr(Some("Kim, Minji"), "minji@x.test")],
                    vec![],
                ),
            ],
        )
        .unwrap();
        db.insert_envelopes(
            junk,
            &[mail(
                1,
                addr(Some("Al Spam"), "al@spam.test"),
                vec![me.clone()],
                vec![],
            )],
        )
        .unwrap();
        db.insert_envelopes(
            other,
            &[mail(1, addr(None, "alfred@other.test"), vec![], vec![])],
        )
        .unwrap();

        let own = vec!["me@x.test".to_string()];
        let found = db.contacts_matching(Some("acc"), "AL", &own, 8).unwrap();
        let emails: Vec<&str> = found.iter().map(|c| c.email.as_str()).collect();
        // Alice (written to twice) first though Alma wrote five times; Alice's own mail to
        // the user counts under the same address; junk and other accounts are left out.
        assert_eq!(emails, ["alice@x.test", "alma@x.test", "albert@x.test"]);
        assert!(found[0].written_to && !found[1].written_to);
        assert_eq!(found[0].name.as_deref(), Some("Alice Kim"));
        assert_eq!(found[0].count, 2);

        // A word of the name matches; the user's own address never does.
        let kim = db.contacts_matching(Some("acc"), "kim", &own, 8).unwrap();
        let emails: Vec<&str> = kim.iter().map(|c| c.email.as_str()).collect();
        assert_eq!(emails, ["alice@x.test", "minji@x.test"]);
        assert!(db
            .contacts_matching(Some("acc"), "me", &own, 8)
            .unwrap()
            .is_empty());
        assert_eq!(db.contacts_matching(None, "alf", &own, 8).unwrap().len(), 1);
        assert_eq!(
            db.contacts_matching(Some("acc"), "a", &own, 2)
                .unwrap()
                .len(),
            2
        );
        assert!(db
            .contacts_matching(Some("acc"), "  ", &own, 8)
            .unwrap()
            .is_empty());
        assert!(db
            .contacts_matching(Some("acc"), "%", &own, 8)
            .unwrap()
            .is_empty());
    }
}
