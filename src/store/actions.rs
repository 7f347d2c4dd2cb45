//! The action queue: what the user did to mail and folders of a server account, applied
//! locally at once (see `mail_actions`) and replayed to the server in order by the account's
//! worker. A row leaves the queue when the server confirmed it or a conflict was reported.

use super::{Db, Result};
use rusqlite::{params, OptionalExtension, Transaction};
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

const ACTION_COLUMNS: &str = "id, account_id, kind, folder, uidvalidity, target, flag_on, step, \
     created_at, attempts, last_error";

fn action_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueuedAction> {
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
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id"
        ))?;
        let mut actions: Vec<QueuedAction> = stmt
            .query_map([account_id], action_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        for a in &mut actions {
            a.items = self.action_items(a.id)?;
        }
        Ok(actions)
    }

    /// The ids of an account's queued actions, oldest first.
    pub fn pending_action_ids(&self, account_id: &str) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM actions WHERE account_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([account_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One queued action as it is now (earlier ones may have told it UIDs); None once done.
    pub fn pending_action(&self, id: i64) -> Result<Option<QueuedAction>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1"
        ))?;
        let Some(mut action) = stmt.query_row([id], action_from_row).optional()? else {
            return Ok(None);
        };
        action.items = self.action_items(id)?;
        Ok(Some(action))
    }

    fn action_items(&self, action_id: i64) -> Result<Vec<ActionItem>> {
        let mut items = self.conn().prepare_cached(
            "SELECT row_id, uid, dest_row FROM action_messages WHERE action_id = ?1 ORDER BY rowid",
        )?;
        let rows = items.query_map([action_id], |r| {
            Ok(ActionItem {
                row: r.get(0)?,
                uid: r.get(1)?,
                dest_row: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

    /// The server told where the copies of a queued move or copy landed: `landed` pairs the
    /// local row standing for each copy with its UID there. The row gets the UID when it still
    /// stands for that copy, wherever it shows now (a later queued rename of the folder leaves
    /// it in the same folder under another name), and later queued actions about the row learn
    /// it too, up to its next queued move, which starts another wait for a UID.
    pub fn learn_uids(&mut self, action_id: i64, landed: &[(i64, u32)]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        {
            // Usually nothing is queued after this action: then there is nobody else to tell.
            let later: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM actions WHERE id > ?1)",
                [action_id],
                |r| r.get(0),
            )?;
            let mut next_move = tx.prepare_cached(
                "SELECT min(a.id) FROM action_messages m JOIN actions a ON a.id = m.action_id
                 WHERE m.row_id = ?1 AND a.id > ?2 AND a.kind = 'move'",
            )?;
            // A sync may have fetched the server's copy already: the stand-in replaces it.
            let mut fetched = tx.prepare_cached(
                "DELETE FROM messages WHERE uid = ?2 AND id != ?1 AND folder_id =
                   (SELECT folder_id FROM messages WHERE id = ?1 AND uid = -?1)",
            )?;
            let mut set_uid =
                tx.prepare_cached("UPDATE messages SET uid = ?2 WHERE id = ?1 AND uid = -?1")?;
            let mut tell = tx.prepare_cached(
                "UPDATE action_messages SET uid = ?2
                 WHERE row_id = ?1 AND uid = 0 AND action_id > ?3 AND action_id <= ?4",
            )?;
            for &(row, uid) in landed {
                let until: Option<i64> = if later {
                    next_move.query_row(params![row, action_id], |r| r.get(0))?
                } else {
                    None
                };
                if until.is_none() {
                    fetched.execute(params![row, uid])?;
                    set_uid.execute(params![row, uid])?;
                }
                if later {
                    tell.execute(params![row, uid, action_id, until.unwrap_or(i64::MAX)])?;
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::ActionKind;
    use crate::store::{Db, ParsedBody};

    /// A store with one account "a": INBOX holding one message (UID 7), and that row's id.
    fn inbox_with_one() -> (tempfile::TempDir, Db, i64, i64) {
        let (dir, mut db, inbox) = crate::store::test_store::with_inbox();
        let raw = b"From: x@x.test\r\nSubject: One\r\nMessage-ID: <one@x.test>\r\n\r\nbody\r\n";
        db.insert_bodies(
            inbox,
            &[ParsedBody::from_raw(7, vec![], None, raw.to_vec(), 4096)],
        )
        .unwrap();
        let row = db.list_messages(None, Some(inbox), 10).unwrap()[0].id;
        (dir, db, inbox, row)
    }

    fn queued(db: &Db, kind: ActionKind) -> Vec<super::QueuedAction> {
        db.pending_actions(Some("a"))
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == kind)
            .collect()
    }

    /// Moved into a folder that is then renamed, and starred there, all before the server heard
    /// of it: the UID the move learns reaches the row (now in the renamed folder) and the
    /// star, which was queued under the folder's new name.
    #[test]
    fn a_uid_learnt_after_a_rename_reaches_the_row_and_later_actions() {
        let (_dir, mut db, _, row) = inbox_with_one();
        let projects = db
            .create_folder("a", "Projects", "Projects", Some("/"), None)
            .unwrap();
        db.move_messages(&[row], projects).unwrap();
        db.rename_folder(projects, "Clients", "Clients").unwrap();
        db.flag_messages(&[row], "\\Flagged", true).unwrap();
        let moved = &queued(&db, ActionKind::Move)[0];
        assert_eq!(moved.items[0].uid, 7);
        assert_eq!(queued(&db, ActionKind::Flag)[0].items[0].uid, 0);

        db.learn_uids(moved.id, &[(row, 41)]).unwrap();
        let m = db.message(row).unwrap();
        assert_eq!((m.folder_id, m.summary.uid), (projects, 41));
        assert_eq!(queued(&db, ActionKind::Flag)[0].items[0].uid, 41);
    }

    /// The lookups that act on 10,000 rows in one statement keep the order given, repeat a
    /// row named twice and refuse a row that does not exist.
    #[test]
    fn rows_are_looked_up_in_one_statement_in_the_order_given() {
        let (_dir, mut db, inbox, row) = inbox_with_one();
        db.flag_messages(&[row], "\\Seen", true).unwrap();
        let homes = db.homes_of(&[row, row]).unwrap();
        assert_eq!(homes, [("a".to_string(), inbox), ("a".to_string(), inbox)]);
        assert_eq!(
            db.flags_of(&[row]).unwrap(),
            [(row, vec!["\\Seen".to_string()])]
        );
        assert!(matches!(
            db.homes_of(&[row, row + 1000]),
            Err(crate::store::StoreError::NoSuchMessage(r)) if r == row + 1000
        ));
        assert!(db.flags_of(&[row + 1000]).is_err());
        assert!(db.flags_of(&[]).unwrap().is_empty());
    }

    /// Moved on again before the first move reached the server: the second move (and what was
    /// queued between) learns the UID in the first folder; the row keeps waiting for its UID
    /// in the second, and what was queued after the second move waits with it.
    #[test]
    fn a_row_moved_on_again_keeps_waiting_for_its_next_uid() {
        let (_dir, mut db, _, row) = inbox_with_one();
        let a = db.create_folder("a", "A", "A", Some("/"), None).unwrap();
        let b = db.create_folder("a", "B", "B", Some("/"), None).unwrap();
        db.move_messages(&[row], a).unwrap();
        db.flag_messages(&[row], "\\Seen", true).unwrap();
        db.move_messages(&[row], b).unwrap();
        db.flag_messages(&[row], "\\Flagged", true).unwrap();
        let first = queued(&db, ActionKind::Move)[0].id;

        db.learn_uids(first, &[(row, 41)]).unwrap();
        let moves = queued(&db, ActionKind::Move);
        assert_eq!(moves[1].items[0].uid, 41, "the move out of A");
        let flags = queued(&db, ActionKind::Flag);
        assert_eq!((flags[0].folder.as_str(), flags[0].items[0].uid), ("A", 41));
        assert_eq!((flags[1].folder.as_str(), flags[1].items[0].uid), ("B", 0));
        let m = db.message(row).unwrap();
        assert_eq!(
            (m.folder_id, m.summary.uid),
            (b, 0),
            "still a stand-in in B"
        );

        db.learn_uids(moves[1].id, &[(row, 5)]).unwrap();
        assert_eq!(queued(&db, ActionKind::Flag)[1].items[0].uid, 5);
        let m = db.message(row).unwrap();
        assert_eq!((m.folder_id, m.summary.uid), (b, 5));
    }
}
