//! Creating, renaming (moving under another parent) and deleting folders: at once in the
//! index, queued for the server like message actions. Names are paths people type with "/"
//! between levels ("Projects/2026"); the server's delimiter and modified UTF-7 are applied here.

use super::{local_folders::LOCAL_ACCOUNT, Engine, EngineError, Failure};
use crate::store::{Folder, FolderRole};

fn config(text: impl Into<String>) -> EngineError {
    EngineError::plain(Failure::Config(text.into()))
}

/// A sentence in both languages (see [`Failure::said`]).
fn said(english: impl Into<String>, korean: impl Into<String>) -> EngineError {
    EngineError::plain(Failure::said(english, korean))
}

fn store(e: crate::store::StoreError) -> EngineError {
    EngineError::plain(Failure::Store(e.to_string()))
}

impl Engine {
    /// The folder a person means by `name` (its path as shown, or the server's name) in an
    /// account (`None`: any account, when only one has it).
    pub fn find_folder(&self, account_id: Option<&str>, name: &str) -> Result<Folder, EngineError> {
        let db = self.reader().map_err(EngineError::plain)?;
        let mut accounts: Vec<String> = match account_id {
            Some(a) => vec![a.to_string()],
            None => {
                let mut v: Vec<String> = self
                    .accounts()
                    .map_err(EngineError::plain)?
                    .accounts
                    .into_iter()
                    .map(|a| a.id)
                    .collect();
                v.push(LOCAL_ACCOUNT.into());
                v
            }
        };
        accounts.dedup();
        let mut found = Vec::new();
        for a in &accounts {
            for f in db.folders(a).map_err(store)? {
                let path = self.display_path(&f);
                if path == name
                    || f.name == name
                    || (name.eq_ignore_ascii_case("inbox") && f.role == Some(FolderRole::Inbox))
                {
                    found.push(f);
                }
            }
        }
        match found.len() {
            0 => Err(said(
                format!("There is no folder named \"{name}\"."),
                format!("\"{name}\" 폴더가 없습니다."),
            )),
            1 => Ok(found.remove(0)),
            _ => Err(config(format!(
                "More than one account has a folder named \"{name}\": say which with --account."
            ))),
        }
    }

    /// A folder's path as people see it, levels joined by "/".
    pub fn display_path(&self, f: &Folder) -> String {
        match f
            .delimiter
            .as_deref()
            .filter(|d| *d != "/" && !d.is_empty())
        {
            Some(d) => f.display_name.replace(d, "/"),
            None => f.display_name.clone(),
        }
    }

    /// Make a folder at `path` ("Projects/2026") in an account; returns its id.
    pub async fn create_folder(&self, account_id: &str, path: &str) -> Result<i64, EngineError> {
        let (name, display) = self.server_name(account_id, path)?;
        let db = self.reader().map_err(EngineError::plain)?;
        if db
            .folder_by_name(account_id, &name)
            .map_err(store)?
            .is_some()
        {
            return Err(said(
                format!("A folder named \"{path}\" already exists."),
                format!("\"{path}\" 폴더가 이미 있습니다."),
            ));
        }
        let delimiter = self.delimiter_of(account_id)?;
        let account = account_id.to_string();
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.create_folder(&account, &name, &display, delimiter.as_deref(), None))
            .await
            .map_err(store)
    }

    /// Rename a folder to `path` (a different parent moves it there).
    pub async fn rename_folder(&self, folder_id: i64, path: &str) -> Result<(), EngineError> {
        let folder = self.folder(folder_id)?;
        if folder.role == Some(FolderRole::Inbox) {
            return Err(said(
                "The Inbox cannot be renamed.",
                "받은편지함의 이름은 바꿀 수 없습니다.",
            ));
        }
        let (name, display) = self.server_name(&folder.account_id, path)?;
        if let Some(d) = folder.delimiter.as_deref().filter(|d| !d.is_empty()) {
            if name.starts_with(&format!("{}{d}", folder.name)) {
                return Err(said(
                    "A folder cannot be moved inside itself.",
                    "폴더를 그 안으로 옮길 수 없습니다.",
                ));
            }
        }
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.rename_folder(folder_id, &name, &display))
            .await
            .map_err(|e| config(format!("The folder was not renamed: {e}.")))
    }

    /// Delete a folder with its messages and sub-folders (the window asks first when it is
    /// not empty; the CLI wants --force).
    pub async fn delete_folder(&self, folder_id: i64) -> Result<(), EngineError> {
        let folder = self.folder(folder_id)?;
        if folder.role == Some(FolderRole::Inbox) {
            return Err(said(
                "The Inbox cannot be deleted.",
                "받은편지함은 지울 수 없습니다.",
            ));
        }
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.delete_folder(folder_id))
            .await
            .map_err(store)
    }

    fn folder(&self, folder_id: i64) -> Result<Folder, EngineError> {
        self.reader()
            .map_err(EngineError::plain)?
            .folder_by_id(folder_id)
            .map_err(store)?
            .ok_or_else(|| said("That folder no longer exists.", "그 폴더는 이제 없습니다."))
    }

    /// The server's name and the display name for a typed path.
    fn server_name(&self, account_id: &str, path: &str) -> Result<(String, String), EngineError> {
        let parts: Vec<&str> = path.split('/').map(str::trim).collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(said(
                "Enter a folder name (levels separated by \"/\").",
                "폴더 이름을 입력하세요 (단계는 \"/\"로 나눕니다).",
            ));
        }
        if path.chars().any(|c| c.is_control()) {
            return Err(said(
                "A folder name cannot contain control characters.",
                "폴더 이름에는 제어 문자를 쓸 수 없습니다.",
            ));
        }
        let delimiter = self.delimiter_of(account_id)?.unwrap_or_else(|| "/".into());
        if parts.iter().any(|p| p.contains(delimiter.as_str())) {
            return Err(config(format!(
                "A folder name cannot contain \"{delimiter}\" on this server."
            )));
        }
        let display = parts.join(&delimiter);
        let name = if self.is_local_account(account_id) {
            display.clone()
        } else {
            parts
                .iter()
                .map(|p| crate::imap::folder_list::encode_mailbox_name(p))
                .collect::<Vec<_>>()
                .join(&delimiter)
        };
        Ok((name, display))
    }
}
