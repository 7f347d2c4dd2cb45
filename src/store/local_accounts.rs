//! Accounts whose folders live only on this computer: Local Folders, and POP3 accounts (their
//! mail is downloaded and kept here). Moving, flagging and folder changes in them happen in
//! the index and queue nothing for a server.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Db, FolderRole, Result};
use crate::engine::local_folders::LOCAL_ACCOUNT;

/// The folders a local account starts with (server name, role); the window names them by role.
pub const STARTING_FOLDERS: [(&str, FolderRole); 5] = [
    ("Inbox", FolderRole::Inbox),
    ("Sent", FolderRole::Sent),
    ("Drafts", FolderRole::Drafts),
    ("Trash", FolderRole::Trash),
    ("Junk", FolderRole::Junk),
];

/// Folder names inside a local account nest with this.
pub const DELIMITER: &str = "/";

/// Whether an account's actions go to a server (Local Folders and POP3 accounts: no).
pub(super) fn is_server(conn: &Connection, account_id: &str) -> Result<bool> {
    if account_id == LOCAL_ACCOUNT {
        return Ok(false);
    }
    let local = conn
        .prepare_cached("SELECT 1 FROM local_accounts WHERE account_id = ?1")?
        .query_row([account_id], |_| Ok(()))
        .optional()?;
    Ok(local.is_none())
}

impl Db {
    /// Make `account_id` a local account with its starting folders (those missing); returns
    /// the Inbox's id.
    pub fn ensure_local_account(&mut self, account_id: &str) -> Result<i64> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO local_accounts (account_id) VALUES (?1)",
            [account_id],
        )?;
        let mut inbox = 0;
        for (name, role) in STARTING_FOLDERS {
            tx.execute(
                "INSERT OR IGNORE INTO folders
                    (account_id, name, display_name, delimiter, role, selectable)
                 VALUES (?1, ?2, ?2, ?3, ?4, 1)",
                params![account_id, name, DELIMITER, role.as_str()],
            )?;
            if role == FolderRole::Inbox {
                inbox = tx.query_row(
                    "SELECT id FROM folders WHERE account_id = ?1 AND name = ?2",
                    params![account_id, name],
                    |r| r.get(0),
                )?;
            }
        }
        tx.commit()?;
        Ok(inbox)
    }

    /// Put a message made here (a sent copy, a draft) into a local folder with the next UID;
    /// returns its row.
    pub fn add_local_message(
        &mut self,
        folder_id: i64,
        raw: Vec<u8>,
        flags: &[&str],
    ) -> Result<i64> {
        let tx = self.conn_mut().transaction()?;
        let uid = next_uid(&tx, folder_id)?;
        let flags = flags.iter().map(|f| f.to_string()).collect();
        let now = chrono::Utc::now().timestamp();
        let body = super::ParsedBody::from_raw(uid, flags, Some(now), raw, 64 * 1024);
        super::messages::insert_bodies_in(&tx, folder_id, &[body])?;
        let row = tx.query_row(
            "SELECT id FROM messages WHERE folder_id = ?1 AND uid = ?2",
            params![folder_id, uid],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Whether the account keeps its folders here only.
    pub fn is_local_account(&self, account_id: &str) -> Result<bool> {
        Ok(!is_server(self.conn(), account_id)?)
    }

    /// Keep a removed account's mail: its folders move under Local Folders, inside a folder
    /// named `under` (made unique with " (2)", " (3)"...), their special roles dropped.
    /// Returns the name used.
    pub fn keep_under_local_folders(&mut self, account_id: &str, under: &str) -> Result<String> {
        let tx = self.conn_mut().transaction()?;
        let taken = |name: &str| -> Result<bool> {
            Ok(tx
                .query_row(
                    "SELECT 1 FROM folders WHERE account_id = ?1
                        AND (name = ?2 OR substr(name, 1, length(?3)) = ?3)",
                    params![LOCAL_ACCOUNT, name, format!("{name}{DELIMITER}")],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        };
        let base = under.replace(DELIMITER, "-");
        let mut parent = base.clone();
        let mut n = 2;
        while taken(&parent)? {
            parent = format!("{base} ({n})");
            n += 1;
        }
        let folders: Vec<(i64, String, Option<String>)> = tx
            .prepare("SELECT id, name, delimiter FROM folders WHERE account_id = ?1")?
            .query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        tx.execute(
            "INSERT INTO folders (account_id, name, display_name, delimiter, role, selectable)
             VALUES (?1, ?2, ?2, ?3, NULL, 1)",
            params![LOCAL_ACCOUNT, parent, DELIMITER],
        )?;
        for (id, name, delimiter) in folders {
            let inner = match delimiter.as_deref() {
                Some(d) if d != DELIMITER => name.replace(DELIMITER, "-").replace(d, DELIMITER),
                _ => name,
            };
            let moved = format!("{parent}{DELIMITER}{inner}");
            tx.execute(
                "UPDATE folders SET account_id = ?2, name = ?3, display_name = ?3,
                    delimiter = ?4, role = NULL WHERE id = ?1",
                params![id, LOCAL_ACCOUNT, moved, DELIMITER],
            )?;
        }
        // Conversations follow (a thread known on both sides keeps Local Folders' id).
        tx.execute(
            "UPDATE OR IGNORE thread_ids SET account_id = ?2 WHERE account_id = ?1",
            params![account_id, LOCAL_ACCOUNT],
        )?;
        forget_account_rows(&tx, account_id)?;
        tx.commit()?;
        Ok(parent)
    }
}

/// The next UID of a folder whose UIDs are made here (POP3 downloads, local copies).
pub(super) fn next_uid(tx: &Connection, folder_id: i64) -> Result<u32> {
    Ok(tx.query_row(
        "SELECT coalesce(max(uid), 0) + 1 FROM messages WHERE folder_id = ?1",
        [folder_id],
        |r| r.get(0),
    )?)
}

/// The rows that exist for an account besides its folders and mail: its threads, its POP3
/// journal, its mark as a local account (inside the caller's transaction).
pub(super) fn forget_account_rows(tx: &Connection, account_id: &str) -> Result<()> {
    for table in ["thread_ids", "pop3_downloads", "local_accounts"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE account_id = ?1"),
            [account_id],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_account_queues_nothing_and_its_mail_can_be_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("m.sqlite")).unwrap();
        assert!(is_server(db.conn(), "pop").unwrap());
        let inbox = db.ensure_local_account("pop").unwrap();
        assert_eq!(db.ensure_local_account("pop").unwrap(), inbox);
        assert!(db.is_local_account("pop").unwrap());
        assert!(db.is_local_account(LOCAL_ACCOUNT).unwrap());
        assert!(!db.is_local_account("imap").unwrap());
        let names: Vec<String> = db
            .folders_uncounted("pop")
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names.len(), 5, "{names:?}");
        let trash = db.folder_with_role("pop", FolderRole::Trash).unwrap();
        let archive = db
            .create_folder("pop", "Archive", "Archive", Some("/"), None)
            .unwrap();
        let body = crate::store::ParsedBody::from_raw(
            1,
            Vec::new(),
            None,
            b"From: a@example.com\r\nSubject: kept\r\nMessage-ID: <k@x>\r\n\r\nhi\r\n".to_vec(),
            1024,
        );
        db.insert_bodies(inbox, &[body]).unwrap();
        let row = db.list_messages(Some("pop"), Some(inbox), 10).unwrap()[0].id;
        db.move_messages(&[row], archive).unwrap();
        db.flag_messages(&[row], "\\Flagged", true).unwrap();
        db.rename_folder(archive, "Old", "Old").unwrap();
        assert!(trash.is_some());
        assert!(db.pending_actions(Some("pop")).unwrap().is_empty());
        // Removing the account and keeping its mail.
        db.upsert_folder(LOCAL_ACCOUNT, "me", "me", Some("/"), None, true)
            .unwrap();
        let parent = db.keep_under_local_folders("pop", "me").unwrap();
        assert_eq!(parent, "me (2)");
        assert!(db.folders_uncounted("pop").unwrap().is_empty());
        let local = db.folders_uncounted(LOCAL_ACCOUNT).unwrap();
        let old = local.iter().find(|f| f.name == "me (2)/Old").unwrap();
        assert!(local
            .iter()
            .any(|f| f.name == "me (2)/Inbox" && f.role.is_none()));
        let kept = db
            .list_messages(Some(LOCAL_ACCOUNT), Some(old.id), 10)
            .unwrap();
        assert_eq!(kept.len(), 1);
        // Gone as an account: its id is an unknown (server) account again.
        assert!(!db.is_local_account("pop").unwrap());
    }
}
