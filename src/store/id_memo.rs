//! What the writer remembers of one account's Message-IDs while it fills an account that had
//! no mail: every id a stored envelope carries and every id remembered in `thread_ids`, each
//! with its conversation. Threading asks for each new envelope's own id and each parent's; on
//! a first sync nearly every answer is "not stored", which the indexes can only say after
//! three probes. The memo says it from memory.
//!
//! It is exact only while nothing but the envelope inserts that keep it has written to the
//! store since it was made, so it carries a stamp: the connection's count of changed rows
//! (any write of its own) and SQLite's `data_version` (a commit by any other connection),
//! taken after each commit that kept it. A different stamp drops it, and threading asks the
//! indexes again; so does anything unusual inside a batch (an envelope whose UID was already
//! stored), and a memo past [`MEMO_MAX_IDS`].

use rusqlite::Connection;
use std::collections::HashMap;

/// Past this many ids (a first sync of a very large account) the memo is dropped to bound
/// the writer's memory (about 100 bytes an id), and lookups go to the indexes.
pub const MEMO_MAX_IDS: usize = 200_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    data_version: i64,
    total_changes: u64,
}

fn stamp(conn: &Connection) -> rusqlite::Result<Stamp> {
    Ok(Stamp {
        data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        total_changes: conn.total_changes(),
    })
}

pub(super) struct IdMemo {
    account_id: String,
    /// Bare Message-ID -> conversation, as of when it was recorded (see `merged`).
    ids: HashMap<String, i64>,
    /// Conversations merged into a smaller one since: old -> new.
    merged: HashMap<i64, i64>,
    /// The next new conversation's id: a merged-away id is never given out again while the
    /// memo lives (its old rows' entries still point at it).
    next_thread: Option<i64>,
    stamp: Option<Stamp>,
}

impl IdMemo {
    /// A memo for an account with no stored message and no remembered id.
    pub(super) fn empty(account_id: &str) -> IdMemo {
        IdMemo {
            account_id: account_id.to_string(),
            ids: HashMap::new(),
            merged: HashMap::new(),
            next_thread: None,
            stamp: None,
        }
    }

    pub(super) fn account(&self) -> &str {
        &self.account_id
    }

    /// The conversation stored mail with this id is in, as the indexes would answer.
    pub(super) fn get(&self, id: &str) -> Option<i64> {
        let mut thread = *self.ids.get(id)?;
        while let Some(&next) = self.merged.get(&thread) {
            thread = next;
        }
        Some(thread)
    }

    pub(super) fn next_thread(&self) -> Option<i64> {
        self.next_thread
    }

    pub(super) fn set_next_thread(&mut self, next: Option<i64>) {
        self.next_thread = next;
    }

    pub(super) fn record(&mut self, id: &str, thread: i64) {
        self.ids.insert(id.to_string(), thread);
    }

    /// Conversation `from` was merged into `into` (every row and remembered id moved).
    pub(super) fn merge(&mut self, from: i64, into: i64) {
        if from != into {
            self.merged.insert(from, into);
        }
    }

    /// Keep the memo for the next write if nothing else writes first: stamps it with the
    /// connection's state after the commit that kept it up to date.
    pub(super) fn stamped(mut self, conn: &Connection) -> Option<IdMemo> {
        if self.ids.len() > MEMO_MAX_IDS {
            return None;
        }
        self.stamp = Some(stamp(conn).ok()?);
        Some(self)
    }

    /// The memo if the store is still as it was stamped (no write since but its own).
    pub(super) fn still_valid(self, conn: &Connection) -> Option<IdMemo> {
        let now = stamp(conn).ok()?;
        (self.stamp == Some(now)).then_some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_conversations_are_followed_to_the_last_one() {
        let mut m = IdMemo::empty("a");
        m.record("p@x", 7);
        m.record("q@x", 5);
        m.merge(7, 5);
        m.merge(5, 3);
        m.merge(3, 3);
        assert_eq!(m.get("p@x"), Some(3));
        assert_eq!(m.get("q@x"), Some(3));
        assert_eq!(m.get("r@x"), None);
    }

    #[test]
    fn any_other_write_or_too_many_ids_drops_the_memo() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        let m = IdMemo::empty("a").stamped(&conn).unwrap();
        let m = m.still_valid(&conn).expect("nothing written since");
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert!(m.still_valid(&conn).is_none());
        let mut big = IdMemo::empty("a");
        for i in 0..=MEMO_MAX_IDS {
            big.record(&format!("{i}@x"), 1);
        }
        assert!(big.stamped(&conn).is_none());
    }
}
