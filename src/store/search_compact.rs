//! The search index while a sync writes most of it, and after.
//!
//! FTS5 writes a segment per committed batch and merges them eight at a time as it goes
//! (`automerge`), so a first sync of 20,000 messages leaves about ten segments of very different
//! sizes. Every search then looks each word up in each segment and, for a word typed as a
//! prefix, merges the doclists of every matching term from every segment: on the bench corpus a
//! command-line search took 0.3-0.4 ms longer on ten segments than on one, a third of its own
//! work. So a sync that writes most of the index (a first sync, a large import):
//! - turns FTS5's merging off while it writes (`begin_bulk_index`): the segments wait, up to
//!   FTS5's own limit of 16 a level, instead of being rewritten on the way;
//! - merges the index into one segment at the end (`compact_search_index_after`), rewriting
//!   each word once: 0.34 s for 20,000 messages, about what the merging on the way cost.
//!
//! Merging is turned back on at the end of every sync (`end_bulk_index`), and when a writer
//! starts (a sync killed half-way left it off). Later syncs add small segments that FTS5's
//! merging keeps in check.

use super::{Db, Result};

/// A sync that indexes fewer messages than this leaves the index as FTS5's merging keeps it.
const COMPACT_AT_LEAST: usize = 1_000;

/// FTS5's `automerge` outside bulk writes, as schema version 10 sets it.
const AUTOMERGE: i64 = 8;

impl Db {
    /// Before a sync indexes `coming` messages: if they will be at least `COMPACT_AT_LEAST` and
    /// at least as many as the index holds (so most of it once written), FTS5's merging is off
    /// until `end_bulk_index`. Returns whether it turned it off.
    pub fn begin_bulk_index(&mut self, coming: usize) -> Result<bool> {
        if coming < COMPACT_AT_LEAST || coming < self.indexed_messages()? {
            return Ok(false);
        }
        self.set_automerge(0)?;
        Ok(true)
    }

    /// FTS5's merging back on, if a bulk write turned it off.
    pub fn end_bulk_index(&mut self) -> Result<()> {
        let now: Option<i64> = self
            .conn()
            .query_row(
                "SELECT v FROM search_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .ok();
        if now == Some(0) {
            self.set_automerge(AUTOMERGE)?;
        }
        Ok(())
    }

    /// After a sync that indexed `indexed_now` messages: if that is at least
    /// `COMPACT_AT_LEAST` and at least half of the messages the index holds, merge the index
    /// into one segment (one transaction: killed or out of disk half-way, the index stays as
    /// it was). Returns whether it merged.
    pub fn compact_search_index_after(&mut self, indexed_now: usize) -> Result<bool> {
        if indexed_now < COMPACT_AT_LEAST || indexed_now * 2 < self.indexed_messages()? {
            return Ok(false);
        }
        self.conn()
            .execute("INSERT INTO search (search) VALUES ('optimize')", [])?;
        Ok(true)
    }

    fn indexed_messages(&self) -> Result<usize> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM search_docsize", [], |r| r.get(0))?;
        Ok(n.max(0) as usize)
    }

    fn set_automerge(&mut self, value: i64) -> Result<()> {
        self.conn().execute(
            "INSERT INTO search (search, rank) VALUES ('automerge', ?1)",
            [value],
        )?;
        Ok(())
    }
}
