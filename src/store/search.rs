//! Full-text search over subject, addresses and body text (FTS5).

use super::messages::{summary_from_row, SUMMARY_COLUMNS};
use super::{Db, MessageSummary, Result};
use rusqlite::params;

/// Turn what a person types into an FTS5 query: words are ANDed and matched as prefixes
/// (so `회의` finds `회의를`), `"quoted phrases"` stay phrases, addresses match as phrases.
/// FTS5 syntax in the input is never interpreted, so no input is a syntax error.
pub fn build_fts_query(input: &str) -> Option<String> {
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
        if !cleaned.chars().any(char::is_alphanumeric) {
            continue;
        }
        let quoted = format!("\"{cleaned}\"");
        if phrase {
            terms.push(quoted);
        } else {
            terms.push(format!("{quoted}*"));
        }
    }
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

impl Db {
    /// Matching messages, newest first, plus the total number of matches.
    pub fn search(
        &self,
        query: &str,
        account_id: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<MessageSummary>, usize)> {
        let Some(fts) = build_fts_query(query) else {
            return Ok((Vec::new(), 0));
        };
        // The MATCH runs once: every hit's (date, id), sorted here, then the top rows read.
        let mut hits: Vec<(Option<i64>, i64)> = {
            let sql = match account_id {
                None => {
                    "SELECT m.date, m.id FROM search s JOIN messages m ON m.id = s.rowid
                     WHERE search MATCH ?1 AND ?2 IS NULL"
                }
                Some(_) => {
                    "SELECT m.date, m.id FROM search s JOIN messages m ON m.id = s.rowid
                     JOIN folders f ON f.id = m.folder_id
                     WHERE search MATCH ?1 AND f.account_id = ?2"
                }
            };
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt.query_map(params![fts, account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let total = hits.len();
        let top = limit.min(total);
        if top > 0 && top < total {
            hits.select_nth_unstable_by(top - 1, |a, b| b.cmp(a));
            hits.truncate(top);
        }
        hits.sort_unstable_by(|a, b| b.cmp(a));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE m.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(hits.len());
        for (_, id) in hits {
            out.push(stmt.query_row([id], summary_from_row)?);
        }
        Ok((out, total))
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
            Some("\"alice@example.com\"*")
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
