//! What arrived since a point: unread messages in an account's Inbox with a row id above it
//! (row ids only grow for new rows), for new-mail notifications.

use super::messages::{summary_from_row, SUMMARY_COLUMNS};
use super::{Db, MessageSummary, Result};
use rusqlite::params;

impl Db {
    /// The highest message row id now (0 in an empty store).
    pub fn last_message_row(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
                r.get(0)
            })?)
    }

    /// Unread messages of the account's Inbox stored after row `after`, oldest first, at most
    /// `limit`.
    pub fn unread_inbox_after(
        &self,
        account_id: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<MessageSummary>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE f.account_id = ?1 AND f.role = 'inbox' AND m.id > ?2 AND m.seen = 0
             ORDER BY m.id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![account_id, after, limit as i64], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
