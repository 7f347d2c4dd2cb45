//! Merging the search index into one segment after a sync that wrote most of it.
//!
//! FTS5 writes a segment per committed batch and merges them eight at a time as it goes, so a
//! first sync of 20,000 messages leaves about ten segments of very different sizes. Every
//! search then looks each word up in each segment and, for a word typed as a prefix, merges
//! the doclists of every matching term from every segment: on the bench corpus a command-line
//! search took 0.3-0.4 ms longer on ten segments than on one, a third of its own work. Merging
//! rewrites the whole index (about 0.34 s for 20,000 messages), so it is done only when the
//! sync just wrote most of the index anyway: a first sync or a large import. Later syncs add
//! small segments that FTS5's own merging keeps in check.

use super::{Db, Result};

/// A sync that indexed fewer messages than this leaves the index as FTS5's merging keeps it.
pub const COMPACT_AT_LEAST: usize = 1_000;

impl Db {
    /// After a sync that indexed `indexed_now` messages: if that is at least
    /// `COMPACT_AT_LEAST` and at least half of the messages the index holds, merge the index
    /// into one segment (one transaction: killed or out of disk half-way, the index stays as
    /// it was). Returns whether it merged.
    pub fn compact_search_index_after(&mut self, indexed_now: usize) -> Result<bool> {
        if indexed_now < COMPACT_AT_LEAST {
            return Ok(false);
        }
        let held: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM search_docsize", [], |r| r.get(0))?;
        if (indexed_now as i64) * 2 < held {
            return Ok(false);
        }
        self.conn()
            .execute("INSERT INTO search (search) VALUES ('optimize')", [])?;
        Ok(true)
    }
}
