//! Full-text search over subject, addresses and body text (FTS5).

use super::search_terms::{filter_sql, like_pattern, parse_search, Filter};
use super::{Db, MessageSummary, Result, StoreError};
use rusqlite::params;
use rusqlite::types::Value;

/// Turn what a person types into an FTS5 query: words are ANDed and matched as prefixes
/// (so `회의` finds `회의를`), `"quoted phrases"` stay phrases, addresses match as phrases.
/// FTS5 syntax in the input is never interpreted, so no input is a syntax error.
pub fn build_fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = query_terms(input)
        .into_iter()
        .map(|(t, phrase)| {
            // Words match as prefixes (회의 finds 회의를); addresses and other punctuated
            // terms match exactly, or `com*` would expand to every word starting with com.
            if phrase || t.contains(['@', '.', '/', ':']) {
                format!("\"{t}\"")
            } else {
                format!("\"{t}\"*")
            }
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// The words and quoted phrases of a query, without FTS5 syntax; (text, is_phrase).
fn query_terms(input: &str) -> Vec<(String, bool)> {
    let mut terms = Vec::new();
    let mut rest = input;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let (term, tail, phrase) = if let Some(stripped) = rest.strip_prefix('"') {
            match stripped.find('"') {
                Some(end) => (&stripped[..end], &stripped[end + 1..], true),
                None => (stripped, "", true),
            }
        } else {
            match rest.find(char::is_whitespace) {
                Some(end) => (&rest[..end], &rest[end..], false),
                None => (rest, "", false),
            }
        };
        rest = tail;
        let cleaned: String = term.chars().filter(|c| *c != '"').collect();
        if cleaned.chars().any(char::is_alphanumeric) {
            terms.push((cleaned, phrase));
        }
    }
    terms
}

impl Db {
    /// Matching messages, newest first, plus the total number of matches. `query` holds words
    /// (full text) and terms such as `from:` or `is:unread` (see `search_terms`).
    pub fn search(
        &self,
        query: &str,
        account_id: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<MessageSummary>, usize)> {
        // One read transaction for the whole search: each statement on its own took and gave
        // back the WAL's read lock (four fcntl calls), 2,000 times for a word with 2,000 hits.
        self.reading(|| self.search_now(query, account_id, limit))
    }

    fn search_now(
        &self,
        query: &str,
        account_id: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<MessageSummary>, usize)> {
        let parsed = parse_search(query).map_err(StoreError::BadQuery)?;
        let fts = build_fts_query(&parsed.text);
        if fts.is_none() && parsed.filters.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let account: Value = match account_id {
            Some(a) => a.to_string().into(),
            None => Value::Null,
        };
        // Words only, all accounts, everything indexed: the newest matches without reading
        // every match's date (see `search_top`).
        if let (Some(fts), true, None) = (&fts, parsed.filters.is_empty(), account_id) {
            if !self.any_unindexed()? {
                let (hits, total) = self.newest_matches(fts, limit)?;
                return Ok((self.summaries_of_hits(hits)?, total));
            }
        }
        // The MATCH runs once: every hit's (date, id), sorted here, then the top rows read.
        let mut hits: Vec<(Option<i64>, i64)> = match (&fts, parsed.filters.is_empty()) {
            (Some(fts), true) => {
                let sql = match account_id {
                    // The index keeps each message's date: no per-hit lookup in `messages`.
                    // Trash and Junk stay out (as `filter_sql` does for searches with terms).
                    None => {
                        "SELECT date, rowid FROM search WHERE search MATCH ?1 AND ?2 IS NULL
                         AND rowid NOT IN (SELECT m.id FROM messages m JOIN folders f
                             ON f.id = m.folder_id WHERE f.role IN ('trash', 'junk'))"
                    }
                    Some(_) => {
                        "SELECT m.date, m.id FROM search s JOIN messages m ON m.id = s.rowid
                         JOIN folders f ON f.id = m.folder_id
                         WHERE search MATCH ?1 AND f.account_id = ?2
                         AND coalesce(f.role, '') NOT IN ('trash', 'junk')"
                    }
                };
                let mut stmt = self.conn().prepare_cached(sql)?;
                let rows =
                    stmt.query_map(params![fts, account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            }
            (fts, _) => {
                // Terms: the words' hits (or every message) narrowed by the filters.
                let mut args = vec![account];
                let mut sql = match fts {
                    Some(fts) => {
                        args.push(fts.clone().into());
                        String::from(
                            "SELECT m.date, m.id FROM search s JOIN messages m ON m.id = s.rowid
                             JOIN folders f ON f.id = m.folder_id
                             WHERE search MATCH ?2 AND (?1 IS NULL OR f.account_id = ?1)",
                        )
                    }
                    None => String::from(
                        "SELECT coalesce(m.date, m.internal_date), m.id FROM messages m
                         JOIN folders f ON f.id = m.folder_id
                         WHERE (?1 IS NULL OR f.account_id = ?1)",
                    ),
                };
                sql.push_str(&filter_sql(&parsed.filters, &mut args));
                let mut stmt = self.conn().prepare(&sql)?;
                let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            }
        };
        if fts.is_some() {
            hits.extend(self.search_unindexed(&parsed.text, account_id, &parsed.filters)?);
        }
        let total = hits.len();
        super::search_top::keep_newest(&mut hits, limit);
        Ok((self.summaries_of_hits(hits)?, total))
    }

    /// The summaries of hits, in their order (`summaries_of`).
    fn summaries_of_hits(&self, hits: Vec<(Option<i64>, i64)>) -> Result<Vec<MessageSummary>> {
        let ids: Vec<i64> = hits.into_iter().map(|(_, id)| id).collect();
        self.summaries_of(&ids)
    }

    /// Whether some message is not in the full-text index yet (a headers-only sync).
    fn any_unindexed(&self) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM messages INDEXED BY messages_unindexed
                 WHERE indexed = 0)",
            )?
            .query_row([], |r| r.get(0))?)
    }
}

impl Db {
    /// Messages the index does not hold yet (after a headers-only sync): every term must
    /// appear in the subject or an address. Uses a partial index, so it costs nothing once
    /// everything is indexed.
    fn search_unindexed(
        &self,
        query: &str,
        account_id: Option<&str>,
        filters: &[Filter],
    ) -> Result<Vec<(Option<i64>, i64)>> {
        let terms = query_terms(query);
        if terms.is_empty() || !self.any_unindexed()? {
            return Ok(Vec::new());
        }
        let mut sql = String::from(
            "SELECT m.date, m.id FROM messages m INDEXED BY messages_unindexed
             JOIN folders f ON f.id = m.folder_id
             WHERE m.indexed = 0 AND (?1 IS NULL OR f.account_id = ?1)",
        );
        let mut args: Vec<rusqlite::types::Value> = vec![match account_id {
            Some(a) => a.to_string().into(),
            None => rusqlite::types::Value::Null,
        }];
        for (text, _) in &terms {
            args.push(like_pattern(text).into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (m.subject LIKE ?{n} ESCAPE '\\' OR m.from_name LIKE ?{n} ESCAPE '\\'
                   OR m.from_email LIKE ?{n} ESCAPE '\\' OR m.to_list LIKE ?{n} ESCAPE '\\'
                   OR m.cc_list LIKE ?{n} ESCAPE '\\')"
            ));
        }
        sql.push_str(&filter_sql(filters, &mut args));
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_translated_safely() {
        assert_eq!(build_fts_query("invoice").as_deref(), Some("\"invoice\"*"));
        assert_eq!(
            build_fts_query("quarterly report").as_deref(),
            Some("\"quarterly\"* \"report\"*")
        );
        assert_eq!(
            build_fts_query("\"quarterly report\"").as_deref(),
            Some("\"quarterly report\"")
        );
        assert_eq!(
            build_fts_query("alice@example.com").as_deref(),
            Some("\"alice@example.com\"")
        );
        assert_eq!(build_fts_query("회의").as_deref(), Some("\"회의\"*"));
        assert_eq!(build_fts_query("  ").as_deref(), None);
        assert_eq!(
            build_fts_query("AND OR ( * :").as_deref(),
            Some("\"AND\"* \"OR\"*")
        );
        assert_eq!(build_fts_query("a\"b").as_deref(), Some("\"ab\"*"));
    }
}

#[cfg(test)]
mod term_tests {
    use crate::store::{FolderRole, ParsedBody};

    fn message(i: u32, from: &str, subject: &str, date: &str, extra: &str) -> ParsedBody {
        let raw = format!(
            "From: {from}\r\nTo: me@work.test\r\nSubject: {subject}\r\nDate: {date}\r\n\
             Message-ID: <t{i}@x.test>\r\n{extra}Content-Type: text/plain\r\n\r\nbudget notes {i}\r\n"
        );
        ParsedBody::from_raw(i, vec![], None, raw.into_bytes(), 4096)
    }

    #[test]
    fn terms_narrow_words_and_stand_alone() {
        let (_dir, mut db, inbox) = crate::store::test_store::with_inbox();
        let sent = db
            .upsert_folder("a", "Sent", "Sent", Some("/"), Some(FolderRole::Sent), true)
            .unwrap();
        db.insert_bodies(
            inbox,
            &[
                message(
                    1,
                    "Kim Minji <kim@x.test>",
                    "Budget 2027",
                    "Mon, 02 Nov 2026 10:00:00 +0000",
                    "",
                ),
                message(
                    2,
                    "bob@x.test",
                    "Lunch",
                    "Tue, 24 Nov 2026 10:00:00 +0000",
                    "",
                ),
            ],
        )
        .unwrap();
        db.insert_bodies(
            sent,
            &[message(
                1,
                "me@work.test",
                "Re: Budget 2027",
                "Wed, 25 Nov 2026 10:00:00 +0000",
                "",
            )],
        )
        .unwrap();
        db.set_flags(
            inbox,
            &[(1, vec!["\\Seen".into()]), (2, vec!["\\Flagged".into()])],
        )
        .unwrap();
        let subjects = |q: &str| -> Vec<String> {
            let (rows, total) = db.search(q, None, 50).unwrap();
            assert_eq!(rows.len(), total);
            rows.into_iter().map(|r| r.subject).collect()
        };
        assert_eq!(
            subjects("budget"),
            vec!["Re: Budget 2027", "Lunch", "Budget 2027"]
        );
        assert_eq!(subjects("budget from:kim"), vec!["Budget 2027"]);
        assert_eq!(subjects("from:\"Kim Minji\""), vec!["Budget 2027"]);
        assert_eq!(
            subjects("subject:budget folder:sent"),
            vec!["Re: Budget 2027"]
        );
        assert_eq!(subjects("is:starred"), vec!["Lunch"]);
        assert_eq!(subjects("is:unread in:Inbox"), vec!["Lunch"]);
        assert_eq!(subjects("is:read"), vec!["Budget 2027"]);
        assert_eq!(
            subjects("after:2026-11-24 budget"),
            vec!["Re: Budget 2027", "Lunch"]
        );
        assert_eq!(subjects("before:2026-11-03"), vec!["Budget 2027"]);
        assert!(subjects("has:attachment").is_empty());
        assert!(db.search("before:soon", None, 5).is_err());
        // A limit of 0 counts without listing, whichever way the search runs.
        for (q, account) in [
            ("budget", None),
            ("budget", Some("a")),
            ("budget is:read", None),
        ] {
            let (rows, total) = db.search(q, account, 0).unwrap();
            assert!(rows.is_empty() && total > 0, "{q} {account:?}");
        }

        // Mail in Trash or Junk is found only when asked for by folder.
        let trash = db
            .upsert_folder(
                "a",
                "Trash",
                "Trash",
                Some("/"),
                Some(FolderRole::Trash),
                true,
            )
            .unwrap();
        let junk = db
            .upsert_folder("a", "Junk", "Junk", Some("/"), Some(FolderRole::Junk), true)
            .unwrap();
        let old = |i, s| message(i, "x@x.test", s, "Thu, 26 Nov 2026 10:00:00 +0000", "");
        db.insert_bodies(trash, &[old(7, "Budget deleted")])
            .unwrap();
        db.insert_bodies(junk, &[old(8, "Budget spam")]).unwrap();
        let subjects = |q: &str, account: Option<&str>| -> Vec<String> {
            let (rows, _) = db.search(q, account, 50).unwrap();
            rows.into_iter().map(|r| r.subject).collect()
        };
        for account in [None, Some("a")] {
            let found = subjects("budget", account);
            assert!(
                !found
                    .iter()
                    .any(|s| s.contains("deleted") || s.contains("spam")),
                "{found:?}"
            );
            assert_eq!(subjects("budget in:trash", account), vec!["Budget deleted"]);
            assert_eq!(subjects("budget folder:Junk", account), vec!["Budget spam"]);
        }
    }
}
