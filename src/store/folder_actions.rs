//! Creating, renaming and deleting folders in the index, at once; for a server account the
//! same transaction queues the change for the server.

use super::actions::{queue, ActionKind, NewAction};
use super::local_accounts::is_server;
use super::{Db, FolderRole, Result, StoreError};
use rusqlite::{params, OptionalExtension};

impl Db {
    /// Make a folder (its server name and the name people see); returns its id. An existing
    /// folder of that name is returned as it is.
    pub fn create_folder(
        &mut self,
        account_id: &str,
        name: &str,
        display_name: &str,
        delimiter: Option<&str>,
        role: Option<FolderRole>,
    ) -> Result<i64> {
        if let Some(f) = self.folder_by_name(account_id, name)? {
            return Ok(f.id);
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO folders (account_id, name, display_name, delimiter, role, selectable)
             VALUES (?1, ?2, ?3, ?4, ?5, 1)",
            params![
                account_id,
                name,
                display_name,
                delimiter,
                role.map(|r| r.as_str())
            ],
        )?;
        let id = tx.last_insert_rowid();
        if is_server(&tx, account_id)? {
            queue(
                &tx,
                &NewAction {
                    account_id: account_id.to_string(),
                    kind: Some(ActionKind::CreateFolder),
                    folder: name.to_string(),
                    target: name.to_string(),
                    ..NewAction::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Rename a folder (a new parent is part of the name); folders under it follow.
    pub fn rename_folder(&mut self, folder_id: i64, name: &str, display_name: &str) -> Result<()> {
        let folder = self
            .folder_by_id(folder_id)?
            .ok_or_else(|| StoreError::Sql(format!("folder {folder_id} does not exist")))?;
        if self.folder_by_name(&folder.account_id, name)?.is_some() {
            return Err(StoreError::Sql(format!(
                "a folder named \"{display_name}\" already exists"
            )));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE folders SET name = ?2, display_name = ?3 WHERE id = ?1",
            params![folder_id, name, display_name],
        )?;
        if let Some(d) = folder.delimiter.as_deref().filter(|d| !d.is_empty()) {
            let old_prefix = format!("{}{d}", folder.name);
            let new_prefix = format!("{name}{d}");
            let children: Vec<(i64, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, name FROM folders WHERE account_id = ?1 AND substr(name, 1, ?3) = ?2",
                )?;
                let rows = stmt.query_map(
                    params![
                        folder.account_id,
                        old_prefix,
                        old_prefix.chars().count() as i64
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (id, child) in children {
                let renamed = format!("{new_prefix}{}", &child[old_prefix.len()..]);
                tx.execute(
                    "UPDATE folders SET name = ?2 WHERE id = ?1",
                    params![id, renamed],
                )?;
            }
        }
        if is_server(&tx, &folder.account_id)? {
            queue(
                &tx,
                &NewAction {
                    account_id: folder.account_id.clone(),
                    kind: Some(ActionKind::RenameFolder),
                    folder: folder.name.clone(),
                    target: name.to_string(),
                    ..NewAction::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Delete a folder, its messages and the folders under it.
    pub fn delete_folder(&mut self, folder_id: i64) -> Result<()> {
        let folder = self
            .folder_by_id(folder_id)?
            .ok_or_else(|| StoreError::Sql(format!("folder {folder_id} does not exist")))?;
        let tx = self.conn_mut().transaction()?;
        let prefix = folder
            .delimiter
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(|d| format!("{}{d}", folder.name));
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare(
                "SELECT id FROM folders WHERE account_id = ?1
                 AND (id = ?2 OR (?3 IS NOT NULL AND substr(name, 1, length(?3)) = ?3))",
            )?;
            let rows =
                stmt.query_map(params![folder.account_id, folder_id, prefix], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in ids {
            tx.execute("DELETE FROM messages WHERE folder_id = ?1", [id])?;
            tx.execute("DELETE FROM folders WHERE id = ?1", [id])?;
        }
        if is_server(&tx, &folder.account_id)? {
            queue(
                &tx,
                &NewAction {
                    account_id: folder.account_id.clone(),
                    kind: Some(ActionKind::DeleteFolder),
                    folder: folder.name.clone(),
                    ..NewAction::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The account's folder with this special-use role, if it has one.
    pub fn folder_with_role(&self, account_id: &str, role: FolderRole) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM folders WHERE account_id = ?1 AND role = ?2 ORDER BY id LIMIT 1",
                params![account_id, role.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
