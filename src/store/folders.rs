//! Folders (IMAP mailboxes) and their sync state.

use super::{Db, Result};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// Special-use roles (RFC 6154), in the order folder lists show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FolderRole {
    Inbox,
    Drafts,
    Sent,
    Archive,
    Junk,
    Trash,
}

impl FolderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FolderRole::Inbox => "inbox",
            FolderRole::Drafts => "drafts",
            FolderRole::Sent => "sent",
            FolderRole::Archive => "archive",
            FolderRole::Junk => "junk",
            FolderRole::Trash => "trash",
        }
    }

    pub fn parse(s: &str) -> Option<FolderRole> {
        Some(match s {
            "inbox" => FolderRole::Inbox,
            "drafts" => FolderRole::Drafts,
            "sent" => FolderRole::Sent,
            "archive" => FolderRole::Archive,
            "junk" => FolderRole::Junk,
            "trash" => FolderRole::Trash,
            _ => return None,
        })
    }
}

/// What the last sync learnt about a folder on the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FolderSyncState {
    pub uidvalidity: Option<u32>,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    pub server_count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Folder {
    pub id: i64,
    pub account_id: String,
    /// The server's mailbox name (used in commands).
    pub name: String,
    /// Decoded name for people.
    pub display_name: String,
    pub delimiter: Option<String>,
    pub role: Option<FolderRole>,
    pub selectable: bool,
    pub state: FolderSyncState,
    pub total: u32,
    pub unread: u32,
}

pub(super) fn folder_from_row(r: &Row<'_>) -> rusqlite::Result<Folder> {
    Ok(Folder {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        display_name: r.get(3)?,
        delimiter: r.get(4)?,
        role: r
            .get::<_, Option<String>>(5)?
            .as_deref()
            .and_then(FolderRole::parse),
        selectable: r.get(6)?,
        state: sync_state_from(r, 7)?,
        total: r.get(11)?,
        unread: r.get(12)?,
    })
}

/// The columns uidvalidity, uidnext, highestmodseq, server_count from `at`.
fn sync_state_from(r: &Row<'_>, at: usize) -> rusqlite::Result<FolderSyncState> {
    Ok(FolderSyncState {
        uidvalidity: r.get(at)?,
        uidnext: r.get(at + 1)?,
        highestmodseq: r.get::<_, Option<i64>>(at + 2)?.map(|v| v as u64),
        server_count: r.get(at + 3)?,
    })
}

const FOLDER_COLUMNS: &str = "f.id, f.account_id, f.name, f.display_name, f.delimiter, f.role, \
     f.selectable, f.uidvalidity, f.uidnext, f.highestmodseq, f.server_count, \
     (SELECT count(*) FROM messages m WHERE m.folder_id = f.id), \
     (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND m.seen = 0)";

impl Db {
    /// Create or update a folder as listed by the server; returns its id.
    pub fn upsert_folder(
        &self,
        account_id: &str,
        name: &str,
        display_name: &str,
        delimiter: Option<&str>,
        role: Option<FolderRole>,
        selectable: bool,
    ) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO folders (account_id, name, display_name, delimiter, role, selectable)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (account_id, name) DO UPDATE SET
                display_name = excluded.display_name, delimiter = excluded.delimiter,
                role = excluded.role, selectable = excluded.selectable",
            params![
                account_id,
                name,
                display_name,
                delimiter,
                role.map(FolderRole::as_str),
                selectable
            ],
        )?;
        Ok(self.conn().query_row(
            "SELECT id FROM folders WHERE account_id = ?1 AND name = ?2",
            params![account_id, name],
            |r| r.get(0),
        )?)
    }

    /// Folders of an account: special-use first (Inbox, Drafts, Sent, ...), then by name.
    pub fn folders(&self, account_id: &str) -> Result<Vec<Folder>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {FOLDER_COLUMNS} FROM folders f WHERE f.account_id = ?1"
        ))?;
        let mut out: Vec<Folder> = stmt
            .query_map([account_id], folder_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.sort_by(|a, b| {
            let ka = (a.role.is_none(), a.role, a.display_name.to_lowercase());
            let kb = (b.role.is_none(), b.role, b.display_name.to_lowercase());
            ka.cmp(&kb)
        });
        Ok(out)
    }

    pub fn folder_by_name(&self, account_id: &str, name: &str) -> Result<Option<Folder>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {FOLDER_COLUMNS} FROM folders f WHERE f.account_id = ?1 AND (f.name = ?2 OR f.display_name = ?2)"
                ),
                params![account_id, name],
                folder_from_row,
            )
            .optional()?)
    }

    pub fn folder_by_id(&self, id: i64) -> Result<Option<Folder>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {FOLDER_COLUMNS} FROM folders f WHERE f.id = ?1"),
                [id],
                folder_from_row,
            )
            .optional()?)
    }

    /// The folder's special use, if any (no counting).
    pub fn folder_role(&self, folder_id: i64) -> Result<Option<FolderRole>> {
        let role: Option<Option<String>> = self
            .conn()
            .query_row("SELECT role FROM folders WHERE id = ?1", [folder_id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(role.flatten().as_deref().and_then(FolderRole::parse))
    }

    /// What a sync needs to plan a folder, without the counts `Folder` carries (counting the
    /// unread messages of a big folder reads every row): the last sync state, how many
    /// messages are stored and the highest UID, from the (folder, uid) index alone.
    pub fn folder_sync_start(&self, folder_id: i64) -> Result<(FolderSyncState, u32, Option<u32>)> {
        let state = self
            .conn()
            .query_row(
                "SELECT uidvalidity, uidnext, highestmodseq, server_count FROM folders WHERE id = ?1",
                [folder_id],
                |r| sync_state_from(r, 0),
            )
            .optional()?
            .unwrap_or_default();
        let (count, max_uid) = self.conn().query_row(
            "SELECT count(*), max(uid) FROM messages WHERE folder_id = ?1 AND uid > 0",
            [folder_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((state, count, max_uid))
    }

    pub fn set_folder_state(&self, folder_id: i64, state: &FolderSyncState) -> Result<()> {
        self.conn().execute(
            "UPDATE folders SET uidvalidity = ?2, uidnext = ?3, highestmodseq = ?4, server_count = ?5
             WHERE id = ?1",
            params![
                folder_id,
                state.uidvalidity,
                state.uidnext,
                state.highestmodseq.map(|v| v as i64),
                state.server_count
            ],
        )?;
        Ok(())
    }

    /// UIDVALIDITY changed: every cached message of the folder is discarded.
    pub fn reset_folder(&mut self, folder_id: i64) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute("DELETE FROM messages WHERE folder_id = ?1", [folder_id])?;
        tx.execute(
            "UPDATE folders SET uidvalidity = NULL, uidnext = NULL, highestmodseq = NULL,
             server_count = 0 WHERE id = ?1",
            [folder_id],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Remove folders the server no longer lists (their messages go with them).
    pub fn remove_folders_except(&mut self, account_id: &str, keep: &[String]) -> Result<usize> {
        let existing: Vec<(i64, String)> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id, name FROM folders WHERE account_id = ?1")?;
            let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let tx = self.conn_mut().transaction()?;
        let mut removed = 0;
        for (id, name) in existing {
            if !keep.contains(&name) {
                tx.execute("DELETE FROM messages WHERE folder_id = ?1", [id])?;
                tx.execute("DELETE FROM folders WHERE id = ?1", [id])?;
                removed += 1;
            }
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Delete everything stored for an account.
    pub fn delete_account_data(&mut self, account_id: &str) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM messages WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?1)",
            [account_id],
        )?;
        tx.execute("DELETE FROM folders WHERE account_id = ?1", [account_id])?;
        super::local_accounts::forget_account_rows(&tx, account_id)?;
        tx.commit()?;
        Ok(())
    }
}
