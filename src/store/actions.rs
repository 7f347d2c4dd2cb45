//! The action queue: what the user did to mail and folders of a server account, applied
//! locally at once (see `mail_actions`) and replayed to the server in order by the account's
//! worker. A row leaves the queue when the server confirmed it or a conflict was reported.

use super::{Db, Result};
use rusqlite::{params, Transaction};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Flag,
    Move,
    Copy,
    Expunge,
    CreateFolder,
    RenameFolder,
    DeleteFolder,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Flag => "flag",
            ActionKind::Move => "move",
            ActionKind::Copy => "copy",
            ActionKind::Expunge => "expunge",
            ActionKind::CreateFolder => "create_folder",
            ActionKind::RenameFolder => "rename_folder",
            ActionKind::DeleteFolder => "delete_folder",
        }
    }

    fn parse(s: &str) -> ActionKind {
        match s {
            "flag" => ActionKind::Flag,
            "move" => ActionKind::Move,
            "copy" => ActionKind::Copy,
            "expunge" => ActionKind::Expunge,
            "create_folder" => ActionKind::CreateFolder,
            "rename_folder" => ActionKind::RenameFolder,
            _ => ActionKind::DeleteFolder,
        }
    }
}

/// One message an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    /// The local row acted on.
    pub row: i64,
    /// Its UID in the action's source folder; 0 while an earlier queued move has not told it.
    pub uid: u32,
    /// The local row standing for the server's copy (a move: the row itself).
    pub dest_row: Option<i64>,
}

/// An action as queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedAction {
    pub id: i64,
    pub account_id: String,
    pub kind: ActionKind,
    pub folder: String,
    pub uidvalidity: Option<u32>,
    pub target: String,
    pub flag_on: bool,
    /// "pending", or "copying" once a COPY may have reached the server.
    pub step: String,
    pub created_at: i64,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub items: Vec<ActionItem>,
}

/// An action to queue.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    pub account_id: String,
    pub kind: Option<ActionKind>,
    pub folder: String,
    pub uidvalidity: Option<u32>,
    pub target: String,
    pub flag_on: bool,
    pub items: Vec<ActionItem>,
}

/// Write an action inside the caller's transaction (with the local change it stands for).
pub(super) fn queue(tx: &Transaction<'_>, a: &NewAction) -> Result<i64> {
    let kind = a.kind.unwrap_or(ActionKind::Flag);
    tx.prepare_cached(
        "INSERT INTO actions (account_id, kind, folder, uidvalidity, target, flag_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%s','now'))",
    )?
    .execute(params![
        a.account_id,
        kind.as_str(),
        a.folder,
        a.uidvalidity,
        a.target,
        a.flag_on
    ])?;
    let id = tx.last_insert_rowid();
    let mut put = tx.prepare_cached(
        "INSERT INTO action_messages (action_id, row_id, uid, dest_row) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for i in &a.items {
        put.execute(params![id, i.row, i.uid, i.dest_row])?;
    }
    Ok(id)
}

impl Db {
    /// Queued actions, oldest first; `account_id` None for every account.
    pub fn pending_actions(&self, account_id: Option<&str>) -> Result<Vec<QueuedAction>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, account_id, kind, folder, uidvalidity, target, flag_on, step, created_at,
                    attempts, last_error
             FROM actions WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id",
        )?;
        let mut actions: Vec<QueuedAction> = stmt
            .query_map([account_id], |r| {
                Ok(QueuedAction {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    kind: ActionKind::parse(&r.get::<_, String>(2)?),
                    folder: r.get(3)?,
                    uidvalidity: r.get(4)?,
                    target: r.get(5)?,
                    flag_on: r.get(6)?,
                    step: r.get(7)?,
                    created_at: r.get(8)?,
                    attempts: r.get(9)?,
                    last_error: r.get(10)?,
                    items: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut items = self.conn().prepare_cached(
            "SELECT row_id, uid, dest_row FROM action_messages WHERE action_id = ?1 ORDER BY rowid",
        )?;
        for a in &mut actions {
            a.items = items
                .query_map([a.id], |r| {
                    Ok(ActionItem {
                        row: r.get(0)?,
                        uid: r.get(1)?,
                        dest_row: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(actions)
    }

    /// How many actions wait for the server; `account_id` None for every account.
    pub fn pending_count(&self, account_id: Option<&str>) -> Result<usize> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM actions WHERE ?1 IS NULL OR account_id = ?1",
            [account_id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The server confirmed the action (or it was reported as a conflict): forget it.
    pub fn finish_action(&mut self, id: i64) -> Result<()> {
        self.conn()
            .execute("DELETE FROM actions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A try failed for a passing reason: keep it for the next replay, with the reason.
    pub fn action_attempt_failed(&mut self, id: i64, error: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE actions SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            params![id, error],
        )?;
        Ok(())
    }

    /// Record that a COPY is about to be sent (a crash after it must not copy twice).
    pub fn set_action_step(&mut self, id: i64, step: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE actions SET step = ?2 WHERE id = ?1",
            params![id, step],
        )?;
        Ok(())
    }

    /// UIDs of `folder` that queued actions are about: a sync leaves their local state alone
    /// until the server has been told.
    pub fn held_uids(&self, account_id: &str, folder: &str) -> Result<HashSet<u32>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.uid FROM action_messages m JOIN actions a ON a.id = m.action_id
             WHERE a.account_id = ?1 AND a.folder = ?2 AND m.uid > 0",
        )?;
        let rows = stmt.query_map(params![account_id, folder], |r| r.get::<_, u32>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Folder names queued to be created or renamed to: a sync must not drop them as "gone
    /// from the server" before the server has heard of them.
    pub fn folders_being_made(&self, account_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT target FROM actions WHERE account_id = ?1
             AND kind IN ('create_folder', 'rename_folder', 'move', 'copy')",
        )?;
        let rows = stmt.query_map([account_id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The server told where a queued copy landed: the local row standing for it gets the
    /// UID (when it is still a stand-in in `folder_id`), and later queued actions about that
    /// row in that folder learn it too.
    pub fn learn_uid(
        &mut self,
        action_id: i64,
        account_id: &str,
        folder_id: i64,
        folder: &str,
        dest_row: i64,
        uid: u32,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let placeholder = tx
            .query_row(
                "SELECT 1 FROM messages WHERE id = ?1 AND folder_id = ?2 AND uid = -?1",
                params![dest_row, folder_id],
                |_| Ok(()),
            )
            .is_ok();
        if placeholder {
            // A sync may have fetched the server's copy already: the stand-in replaces it.
            tx.execute(
                "DELETE FROM messages WHERE folder_id = ?1 AND uid = ?2 AND id != ?3",
                params![folder_id, uid, dest_row],
            )?;
            tx.execute(
                "UPDATE messages SET uid = ?2 WHERE id = ?1",
                params![dest_row, uid],
            )?;
        }
        tx.execute(
            "UPDATE action_messages SET uid = ?3 WHERE row_id = ?1 AND uid = 0 AND action_id IN
               (SELECT id FROM actions WHERE account_id = ?2 AND folder = ?4 AND id > ?5)",
            params![dest_row, account_id, uid, folder, action_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A stand-in whose server copy is unknown (already moved elsewhere, no COPYUID): drop it;
    /// the next sync shows the server's copy where it is.
    pub fn drop_placeholder(&mut self, row: i64) -> Result<()> {
        self.conn()
            .execute("DELETE FROM messages WHERE id = ?1 AND uid = -?1", [row])?;
        Ok(())
    }

    /// The Message-ID (without <>) of a local row, if it has one.
    pub fn message_id_of(&self, row: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT message_id FROM messages WHERE id = ?1",
                [row],
                |r| r.get::<_, Option<String>>(0),
            )
            .unwrap_or(None))
    }

    /// After a conflict: make the next sync compare every flag of the folder, or (`refetch`)
    /// fetch the folder afresh.
    pub fn forget_folder_state(&mut self, folder_id: i64, refetch: bool) -> Result<()> {
        let sql = if refetch {
            "UPDATE folders SET uidvalidity = NULL, uidnext = NULL, highestmodseq = NULL WHERE id = ?1"
        } else {
            "UPDATE folders SET highestmodseq = NULL WHERE id = ?1"
        };
        self.conn().execute(sql, [folder_id])?;
        Ok(())
    }

    /// A move the server refused: put the stand-in back where it came from.
    pub fn restore_row(&mut self, row: i64, folder_id: i64, uid: u32) -> Result<()> {
        let taken = self
            .conn()
            .query_row(
                "SELECT 1 FROM messages WHERE folder_id = ?1 AND uid = ?2",
                params![folder_id, uid],
                |_| Ok(()),
            )
            .is_ok();
        if taken || uid == 0 {
            return self.drop_placeholder(row);
        }
        self.conn().execute(
            "UPDATE messages SET folder_id = ?2, uid = ?3 WHERE id = ?1 AND uid = -?1",
            params![row, folder_id, uid],
        )?;
        Ok(())
    }
}
