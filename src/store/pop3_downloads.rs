//! The POP3 download journal: which server messages (by UIDL) are stored here, and which of
//! them the server has deleted. A message and its journal row commit in one durable
//! transaction before any DELE for it is sent.

use std::collections::HashMap;

use rusqlite::params;

use super::messages::insert_bodies_in;
use super::{Db, ParsedBody, Result};

/// What the journal knows of one server message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pop3Seen {
    pub downloaded_at: i64,
    pub deleted_on_server: bool,
}

impl Db {
    /// Every message of the account the journal knows, by UIDL.
    pub fn pop3_downloaded(&self, account_id: &str) -> Result<HashMap<String, Pop3Seen>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uidl, downloaded_at, deleted_on_server FROM pop3_downloads
             WHERE account_id = ?1",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok((
                r.get(0)?,
                Pop3Seen {
                    downloaded_at: r.get(1)?,
                    deleted_on_server: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Store downloaded messages in `folder_id` with their journal rows, durably (fsync'd
    /// before this returns): only then may the server be told to delete them. Each gets the
    /// folder's next local UID.
    pub fn store_pop3_messages(
        &mut self,
        account_id: &str,
        folder_id: i64,
        messages: Vec<(String, u64, ParsedBody)>,
        now: i64,
    ) -> Result<()> {
        self.durably(|tx| {
            let next = super::local_accounts::next_uid(tx, folder_id)?;
            let mut bodies = Vec::with_capacity(messages.len());
            let mut journal = tx.prepare_cached(
                "INSERT OR IGNORE INTO pop3_downloads (account_id, uidl, size, downloaded_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut placed = Vec::with_capacity(messages.len());
            for (i, (uidl, size, mut body)) in messages.into_iter().enumerate() {
                // Known already (a second download of the same message): not stored twice.
                if journal.execute(params![account_id, uidl, size as i64, now])? == 0 {
                    continue;
                }
                body.envelope.uid = next + i as u32;
                placed.push((uidl, body.envelope.uid));
                bodies.push(body);
            }
            insert_bodies_in(tx, folder_id, &bodies)?;
            // The local row each became: deleting it here can delete it on the server.
            let mut link = tx.prepare_cached(
                "UPDATE pop3_downloads SET message_row =
                    (SELECT id FROM messages WHERE folder_id = ?3 AND uid = ?4)
                 WHERE account_id = ?1 AND uidl = ?2",
            )?;
            for (uidl, uid) in placed {
                link.execute(params![account_id, uidl, folder_id, uid])?;
            }
            Ok(())
        })
    }

    /// Forget messages the server deleted and no longer lists (the journal stays as long as
    /// the server's list, not as long as the mail's history).
    pub fn forget_pop3_gone(&mut self, account_id: &str, listed: &[String]) -> Result<usize> {
        let listed: std::collections::HashSet<&str> = listed.iter().map(String::as_str).collect();
        let tx = self.conn_mut().transaction()?;
        let gone: Vec<String> = tx
            .prepare(
                "SELECT uidl FROM pop3_downloads WHERE account_id = ?1 AND deleted_on_server = 1",
            )?
            .query_map([account_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?
            .into_iter()
            .filter(|u| !listed.contains(u.as_str()))
            .collect();
        for uidl in &gone {
            tx.execute(
                "DELETE FROM pop3_downloads WHERE account_id = ?1 AND uidl = ?2",
                params![account_id, uidl],
            )?;
        }
        tx.commit()?;
        Ok(gone.len())
    }

    /// Messages still on the server whose local copy the user deleted (gone, or in the
    /// account's Trash): with "delete from the server when deleted here" they go there too.
    pub fn pop3_deleted_here(&self, account_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.uidl FROM pop3_downloads p
             LEFT JOIN messages m ON m.id = p.message_row
             LEFT JOIN folders f ON f.id = m.folder_id
             WHERE p.account_id = ?1 AND p.deleted_on_server = 0 AND p.message_row IS NOT NULL
               AND (m.id IS NULL OR f.account_id IS NOT ?1 OR f.role = 'trash')",
        )?;
        let rows = stmt.query_map([account_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The server answered QUIT after these DELEs: they are gone there.
    pub fn mark_pop3_deleted(&mut self, account_id: &str, uidls: &[String]) -> Result<()> {
        self.durably(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE pop3_downloads SET deleted_on_server = 1
                 WHERE account_id = ?1 AND uidl = ?2",
            )?;
            for uidl in uidls {
                stmt.execute(params![account_id, uidl])?;
            }
            Ok(())
        })
    }
}
