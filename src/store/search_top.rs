//! The newest matches of a word search across all accounts, without reading every match's date.
//!
//! A common word matches a quarter of a big mailbox; reading each match's date (kept beside the
//! index) to sort them cost about 20 ms for 25,000 matches of 100,000 messages, most of a
//! keystroke's budget. Here the match reads only the index's doclists (row ids), and:
//! - few matches: their dates are read and sorted, as before;
//! - many, compared with the page asked for and the mailbox: the messages are walked newest
//!   first on the date index and the first `limit` that matched are taken (for a word in one
//!   message of ten and a page of 50, about 500 index entries instead of thousands of lookups).
//!   A walk that goes on much longer than expected (the matches are old) gives way to reading.
//!
//! Trash and Junk stay out (their rows are excluded by id), and the total counts the matches
//! outside them, so the figures agree with the slower path exactly.

use super::{Db, Result};
use rusqlite::types::Value;
use std::collections::HashSet;
use std::rc::Rc;

/// Matches as (date, message id), newest first.
type Hits = Vec<(Option<i64>, i64)>;

impl Db {
    /// The newest `limit` (date, id) of the messages matching `fts` outside Trash and Junk, in
    /// any account, newest first, and how many match in all.
    pub(super) fn newest_matches(&self, fts: &str, limit: usize) -> Result<(Hits, usize)> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1")?;
        let ids: Vec<i64> = stmt
            .query_map([fts], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Ok((Vec::new(), 0));
        }
        // Through the folders (a handful), then each one's rows on the folder index: joined the
        // other way round, SQLite walked every message (6 ms for 100,000).
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM messages INDEXED BY messages_by_date
             WHERE folder_id IN (SELECT id FROM folders WHERE role IN ('trash', 'junk'))",
        )?;
        let left_out: HashSet<i64> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let wanted: Vec<i64> = ids
            .into_iter()
            .filter(|id| !left_out.contains(id))
            .collect();
        let messages: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
                    r.get(0)
                })?;
        let steps = walk_budget(wanted.len(), limit, messages.max(0) as usize);
        if steps > 0 {
            let matched: HashSet<i64> = wanted.iter().copied().collect();
            if let Some(found) = self.walk_newest(&matched, limit, steps)? {
                return Ok(found);
            }
        }
        self.read_newest(&wanted, limit)
    }

    /// The dates kept beside the index (the table's UNINDEXED `date`, which FTS5 keeps in its
    /// `search_content` table as column c3), read for these rows only, then the newest kept.
    /// Reading them through a second MATCH ran the query again (a phrase's positions, a
    /// prefix's expansion): twice the work.
    fn read_newest(&self, wanted: &[i64], limit: usize) -> Result<(Hits, usize)> {
        let list = Rc::new(wanted.iter().map(|&id| Value::from(id)).collect::<Vec<_>>());
        // The list drives the join: written as `id IN rarray(?1)`, SQLite first copied the
        // list into a temporary index (an insert per hit) and then looked each row up.
        let mut dated = self.conn().prepare_cached(
            "SELECT s.c3, s.id FROM rarray(?1) AS a CROSS JOIN search_content AS s
             ON s.id = a.value",
        )?;
        let mut hits: Hits = dated
            .query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if hits.len() < wanted.len() {
            // A hit without a date row still counts and lists (undated sorts last).
            let with_date: HashSet<i64> = hits.iter().map(|h| h.1).collect();
            hits.extend(
                wanted
                    .iter()
                    .filter(|id| !with_date.contains(id))
                    .map(|&id| (None, id)),
            );
        }
        let total = hits.len();
        keep_newest(&mut hits, limit);
        Ok((hits, total))
    }

    /// The messages newest first on the date index, taking the first `limit` that matched;
    /// `None` when `steps` rows go by before that (the matches are old: reading their dates
    /// is cheaper).
    fn walk_newest(
        &self,
        matched: &HashSet<i64>,
        limit: usize,
        steps: usize,
    ) -> Result<Option<(Hits, usize)>> {
        let mut walk = self.conn().prepare_cached(
            "SELECT date, id FROM messages INDEXED BY messages_by_date_all
             ORDER BY date DESC, id DESC",
        )?;
        let mut rows = walk.query([])?;
        let mut hits = Vec::with_capacity(limit);
        let mut stored = 0;
        let mut walked = 0;
        while hits.len() < limit {
            if walked == steps {
                return Ok(None);
            }
            walked += 1;
            let Some(r) = rows.next()? else { break };
            let id: i64 = r.get(1)?;
            if matched.contains(&id) {
                stored += 1;
                hits.push((r.get(0)?, id));
            }
        }
        // The walk stopped early: the matches not reached are assumed stored (the index and
        // the table change in one transaction).
        let total = if hits.len() < limit {
            stored
        } else {
            matched.len()
        };
        Ok(Some((hits, total)))
    }
}

/// A row looked up by id costs about as much as this many steps of the date index's walk
/// (callgrind: about 1,200 instructions against 300, and the walk's pages lie together).
const SEEK_STEPS: usize = 4;

/// How many rows of the date index to walk before reading the dates of `hits` matches
/// instead; 0: read them straight away. With matches spread over time, the walk meets about
/// `limit * messages / hits` rows before the `limit`-th match: it is tried when that is at most
/// half of what reading the dates would cost, and given up at the full cost.
fn walk_budget(hits: usize, limit: usize, messages: usize) -> usize {
    let reading = hits.saturating_mul(SEEK_STEPS);
    let expected = limit.saturating_mul(messages) / hits.max(1);
    if hits == 0 || expected.saturating_mul(2) > reading {
        0
    } else {
        reading
    }
}

/// Keep the newest `limit` hits, newest first (by date, then id): only those are sorted.
pub(super) fn keep_newest(hits: &mut Hits, limit: usize) {
    let top = limit.min(hits.len());
    if top > 0 && top < hits.len() {
        hits.select_nth_unstable_by(top - 1, |a, b| b.cmp(a));
    }
    hits.truncate(top);
    hits.sort_unstable_by(|a, b| b.cmp(a));
}

#[cfg(test)]
mod tests {
    use crate::store::{Db, FolderRole, ParsedBody};

    /// Message `uid`, dated `minute` minutes into March 2025.
    fn mail(uid: u32, minute: u32, word: &str) -> ParsedBody {
        let raw = format!(
            "From: A <a@x.test>\r\nSubject: {word} {uid}\r\n\
             Date: Sat, {} Mar 2025 {:02}:{:02}:00 +0000\r\n\r\nbody\r\n",
            minute / 1440 + 1,
            minute / 60 % 24,
            minute % 60
        );
        ParsedBody::from_raw(uid, vec![], None, raw.into_bytes(), 1000)
    }

    /// Both ways of finding the newest matches (dates read; the date index walked, and a
    /// walk that gives way to reading) give the newest `limit` matches outside Trash and Junk
    /// and their exact count.
    #[test]
    fn every_way_gives_the_newest_outside_trash_and_the_exact_total() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = crate::engine::local_folders::ensure(&mut db).unwrap();
        let trash = db
            .upsert_folder(
                "local",
                "Trash",
                "Trash",
                None,
                Some(FolderRole::Trash),
                true,
            )
            .unwrap();
        let word = |u: u32| match u {
            // The oldest sixty have a word of their own.
            _ if u <= 60 => "old",
            _ if u.is_multiple_of(3) => "rare",
            _ => "common",
        };
        let inbox_mail: Vec<ParsedBody> = (1..=1_500).map(|u| mail(u, u, word(u))).collect();
        db.insert_bodies(inbox, &inbox_mail).unwrap();
        let trash_mail: Vec<ParsedBody> = (1..=300).map(|u| mail(u, u, "common")).collect();
        db.insert_bodies(trash, &trash_mail).unwrap();
        let all: Vec<(Option<i64>, i64, String)> = db
            .list_messages(None, Some(inbox), usize::MAX)
            .unwrap()
            .into_iter()
            .map(|m| (m.date, m.id, m.subject))
            .collect();
        for (query, limit) in [
            ("common", 2000), // read: many matches, but a long page
            ("common", 50),   // walked
            ("rare", 500),    // read
            ("rare", 20),     // walked
            ("old", 50),      // read
            ("old", 2),       // walked, given up (the matches are the oldest), read
        ] {
            let (rows, total) = db.search(query, None, limit).unwrap();
            let mut want: Vec<(Option<i64>, i64)> = all
                .iter()
                .filter(|m| m.2.starts_with(query))
                .map(|m| (m.0, m.1))
                .collect();
            assert_eq!(total, want.len(), "{query} {limit}");
            want.sort_unstable_by(|a, b| b.cmp(a));
            let want: Vec<i64> = want.iter().take(limit).map(|h| h.1).collect();
            let got: Vec<i64> = rows.iter().map(|m| m.id).collect();
            assert_eq!(got, want, "{query} {limit}");
            assert!(rows.iter().all(|m| m.folder != "Trash"));
        }
    }

    #[test]
    fn the_walk_is_tried_when_it_should_meet_the_page_soon() {
        use super::walk_budget;
        // The bench's address query: 1,530 of 20,000 messages, a page of 50.
        assert_eq!(walk_budget(1_530, 50, 20_000), 1_530 * 4);
        // 302 matches: about 3,300 rows to walk, more than 302 lookups.
        assert_eq!(walk_budget(302, 50, 20_000), 0);
        assert_eq!(walk_budget(0, 50, 20_000), 0);
        assert_eq!(walk_budget(60, 2, 1_800), 240);
        assert_eq!(walk_budget(5, 0, 1_000_000), 20);
    }
}
