//! What a user's action does to the index, at once: move, copy, delete for good, flag. For a
//! server account the same transaction queues the action for the server (`actions`); rows
//! moved or copied there hold a stand-in UID (minus their row id) until the server tells the
//! real one. Local Folders have no server: their rows get the next local UID.

use super::actions::{queue, ActionItem, ActionKind, NewAction};
use super::local_accounts::is_server;
use super::{Db, Result, StoreError};
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::{BTreeMap, HashMap};

/// Where a row was before a move (for undo and for putting it back after a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedRow {
    pub row: i64,
    pub from_folder: i64,
}

/// A row's state before a flag change (for undo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlaggedRow {
    pub row: i64,
    pub had: bool,
}

struct RowPlace {
    row: i64,
    folder_id: i64,
    uid: i64,
    flags: String,
}

struct FolderPlace {
    account_id: String,
    name: String,
    uidvalidity: Option<u32>,
}

// Statements run once a row are cached: acting on 10,000 messages prepares each once.
fn row_place(tx: &Transaction<'_>, row: i64) -> Result<RowPlace> {
    tx.prepare_cached("SELECT id, folder_id, uid, flags FROM messages WHERE id = ?1")?
        .query_row([row], |r| {
            Ok(RowPlace {
                row: r.get(0)?,
                folder_id: r.get(1)?,
                uid: r.get(2)?,
                flags: r.get(3)?,
            })
        })
        .optional()?
        .ok_or(StoreError::NoSuchMessage(row))
}

fn folder_place(tx: &Transaction<'_>, folder_id: i64) -> Result<FolderPlace> {
    tx.query_row(
        "SELECT account_id, name, uidvalidity FROM folders WHERE id = ?1",
        [folder_id],
        |r| {
            Ok(FolderPlace {
                account_id: r.get(0)?,
                name: r.get(1)?,
                uidvalidity: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::Sql(format!("folder {folder_id} does not exist")))
}

/// The UID a row takes in `folder_id`: a stand-in for a server account, else the next one.
fn new_uid(tx: &Transaction<'_>, folder_id: i64, row: i64, server: bool) -> Result<i64> {
    if server {
        return Ok(-row);
    }
    Ok(tx.query_row(
        "SELECT coalesce(max(uid), 0) + 1 FROM messages WHERE folder_id = ?1",
        [folder_id],
        |r| r.get(0),
    )?)
}

/// The rows grouped by the folder they are in now, in the order given.
fn by_folder(tx: &Transaction<'_>, rows: &[i64]) -> Result<BTreeMap<i64, Vec<RowPlace>>> {
    let mut out: BTreeMap<i64, Vec<RowPlace>> = BTreeMap::new();
    for &row in rows {
        let p = row_place(tx, row)?;
        out.entry(p.folder_id).or_default().push(p);
    }
    Ok(out)
}

fn item_uid(uid: i64) -> u32 {
    if uid > 0 {
        uid as u32
    } else {
        0
    }
}

impl Db {
    /// The account and folder of each row, in the order given (a missing row is an error):
    /// one statement for them all, reading no message text.
    pub fn homes_of(&self, rows: &[i64]) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.id, f.account_id, m.folder_id FROM json_each(?1) j
             JOIN messages m ON m.id = j.value JOIN folders f ON f.id = m.folder_id",
        )?;
        let found: HashMap<i64, (String, i64)> = stmt
            .query_map([super::messages::id_list(rows)], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.iter()
            .map(|row| {
                found
                    .get(row)
                    .cloned()
                    .ok_or(StoreError::NoSuchMessage(*row))
            })
            .collect()
    }

    /// Move rows into `target` (a folder of the same account as each row).
    pub fn move_messages(&mut self, rows: &[i64], target: i64) -> Result<Vec<MovedRow>> {
        let tx = self.conn_mut().transaction()?;
        let to = folder_place(&tx, target)?;
        let server = is_server(&tx, &to.account_id)?;
        let mut moved = Vec::new();
        for (folder_id, places) in by_folder(&tx, rows)? {
            if folder_id == target {
                continue;
            }
            let from = folder_place(&tx, folder_id)?;
            if from.account_id != to.account_id {
                return Err(StoreError::Sql(
                    "messages move only between folders of one account".into(),
                ));
            }
            let mut items = Vec::new();
            for p in places {
                let uid = new_uid(&tx, target, p.row, server)?;
                tx.prepare_cached("UPDATE messages SET folder_id = ?2, uid = ?3 WHERE id = ?1")?
                    .execute(params![p.row, target, uid])?;
                items.push(ActionItem {
                    row: p.row,
                    uid: item_uid(p.uid),
                    dest_row: Some(p.row),
                });
                moved.push(MovedRow {
                    row: p.row,
                    from_folder: folder_id,
                });
            }
            if server {
                queue(
                    &tx,
                    &NewAction {
                        account_id: from.account_id,
                        kind: Some(ActionKind::Move),
                        folder: from.name,
                        uidvalidity: from.uidvalidity,
                        target: to.name.clone(),
                        items,
                        ..NewAction::default()
                    },
                )?;
            }
        }
        tx.commit()?;
        Ok(moved)
    }

    /// Copy rows into `target`; returns the new rows.
    pub fn copy_messages(&mut self, rows: &[i64], target: i64) -> Result<Vec<i64>> {
        let tx = self.conn_mut().transaction()?;
        let to = folder_place(&tx, target)?;
        let server = is_server(&tx, &to.account_id)?;
        let mut copies = Vec::new();
        for (folder_id, places) in by_folder(&tx, rows)? {
            let from = folder_place(&tx, folder_id)?;
            if from.account_id != to.account_id {
                return Err(StoreError::Sql(
                    "messages copy only between folders of one account".into(),
                ));
            }
            let mut items = Vec::new();
            for p in places {
                // The copy is indexed for search again later (a contentless index cannot be
                // copied); search meanwhile finds it by scanning.
                let uid = new_uid(&tx, target, 0, false)?.max(1);
                tx.execute(
                    "INSERT INTO messages (folder_id, uid, flags, seen, flagged, size, internal_date,
                        date, subject, from_name, from_email, to_list, cc_list, message_id,
                        in_reply_to, has_attachments, has_body, indexed, thread_id, refs,
                        subject_key, snippet)
                     SELECT ?2, ?3, flags, seen, flagged, size, internal_date, date, subject,
                        from_name, from_email, to_list, cc_list, message_id, in_reply_to,
                        has_attachments, has_body, 0, thread_id, refs, subject_key, snippet
                     FROM messages WHERE id = ?1",
                    params![p.row, target, uid],
                )?;
                let copy = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO bodies (message_id, raw, file, file_len, file_crc, file_offset)
                     SELECT ?2, raw, file, file_len, file_crc, file_offset FROM bodies
                     WHERE message_id = ?1",
                    params![p.row, copy],
                )?;
                if server {
                    tx.execute("UPDATE messages SET uid = -id WHERE id = ?1", [copy])?;
                }
                items.push(ActionItem {
                    row: p.row,
                    uid: item_uid(p.uid),
                    dest_row: Some(copy),
                });
                copies.push(copy);
            }
            if server {
                queue(
                    &tx,
                    &NewAction {
                        account_id: from.account_id,
                        kind: Some(ActionKind::Copy),
                        folder: from.name,
                        uidvalidity: from.uidvalidity,
                        target: to.name.clone(),
                        items,
                        ..NewAction::default()
                    },
                )?;
            }
        }
        tx.commit()?;
        Ok(copies)
    }

    /// Delete rows for good (on the server: \Deleted and UID EXPUNGE of exactly these).
    pub fn expunge_messages(&mut self, rows: &[i64]) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let mut n = 0;
        for (folder_id, places) in by_folder(&tx, rows)? {
            let from = folder_place(&tx, folder_id)?;
            let mut items = Vec::new();
            for p in places {
                n += tx
                    .prepare_cached("DELETE FROM messages WHERE id = ?1")?
                    .execute([p.row])?;
                items.push(ActionItem {
                    row: p.row,
                    uid: item_uid(p.uid),
                    dest_row: None,
                });
            }
            if is_server(&tx, &from.account_id)? {
                queue(
                    &tx,
                    &NewAction {
                        account_id: from.account_id,
                        kind: Some(ActionKind::Expunge),
                        folder: from.name,
                        uidvalidity: from.uidvalidity,
                        items,
                        ..NewAction::default()
                    },
                )?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Set or clear a flag (`\Seen`, `\Flagged`, `$Junk`...) on rows; returns each row's state
    /// before. Rows that already had it as asked are left out of the queued change.
    pub fn flag_messages(&mut self, rows: &[i64], flag: &str, on: bool) -> Result<Vec<FlaggedRow>> {
        let tx = self.conn_mut().transaction()?;
        let mut before = Vec::new();
        for (folder_id, places) in by_folder(&tx, rows)? {
            let from = folder_place(&tx, folder_id)?;
            let mut items = Vec::new();
            for p in places {
                let mut flags: Vec<&str> = p.flags.split_whitespace().collect();
                let had = flags.iter().any(|f| f.eq_ignore_ascii_case(flag));
                before.push(FlaggedRow { row: p.row, had });
                if had == on {
                    continue;
                }
                if on {
                    flags.push(flag);
                } else {
                    flags.retain(|f| !f.eq_ignore_ascii_case(flag));
                }
                let has = |name: &str| flags.iter().any(|f| f.eq_ignore_ascii_case(name));
                tx.prepare_cached(
                    "UPDATE messages SET flags = ?2, seen = ?3, flagged = ?4 WHERE id = ?1",
                )?
                .execute(params![
                    p.row,
                    flags.join(" "),
                    has("\\Seen"),
                    has("\\Flagged")
                ])?;
                items.push(ActionItem {
                    row: p.row,
                    uid: item_uid(p.uid),
                    dest_row: None,
                });
            }
            if is_server(&tx, &from.account_id)? && !items.is_empty() {
                queue(
                    &tx,
                    &NewAction {
                        account_id: from.account_id,
                        kind: Some(ActionKind::Flag),
                        folder: from.name,
                        uidvalidity: from.uidvalidity,
                        target: flag.to_string(),
                        flag_on: on,
                        items,
                    },
                )?;
            }
        }
        tx.commit()?;
        Ok(before)
    }
}
