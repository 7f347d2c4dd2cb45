//! What a user does to mail: read/unread, star, move, copy, delete, archive, junk, and undo.
//! Each action changes the index at once (the window shows it in the same frame, offline
//! too) and is queued for the server in the same transaction; the account's worker replays
//! the queue on its connection (`imap::replay`). Local Folders do the same with no server.

use super::{local_folders::LOCAL_ACCOUNT, Engine, EngineError, Failure};
use crate::store::{FlaggedRow, FolderRole, MovedRow, QueuedAction};

/// An action on selected messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailAction {
    Read(bool),
    Star(bool),
    MoveTo(i64),
    CopyTo(i64),
    /// To the account's Trash; in Trash itself (or Junk with no Trash), for good.
    Delete,
    /// For good, wherever they are (after the user confirmed).
    DeleteForever,
    Archive,
    /// To Junk (true) or back to the Inbox (false).
    Junk(bool),
}

/// How to take an action back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    Moves(Vec<MovedRow>),
    Flags { flag: String, rows: Vec<FlaggedRow> },
    Copies(Vec<i64>),
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDone {
    /// In words for the status bar: "Moved 3 messages to Archive".
    pub summary: String,
    /// What was done, for the window to say in its language (`summary` is these in English).
    pub said: Vec<Said>,
    pub undo: Option<Undo>,
    /// Accounts whose worker should replay now.
    pub accounts: Vec<String>,
}

fn store(e: crate::store::StoreError) -> EngineError {
    EngineError::plain(Failure::Store(e.to_string()))
}

/// What an action did, in parts a window can put in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// `n` messages marked: `flag` (`\Seen` or `\Flagged`) set or cleared.
    Marked {
        n: usize,
        flag: &'static str,
        on: bool,
    },
    /// `folder` as the server names it; `role` when it is a special-use folder (the window
    /// calls those by their role, in its language).
    Moved {
        n: usize,
        folder: String,
        role: Option<crate::store::FolderRole>,
    },
    Copied {
        n: usize,
        folder: String,
        role: Option<crate::store::FolderRole>,
    },
    DeletedForGood {
        n: usize,
    },
    Undone,
}

impl Said {
    /// In English, as the command line prints it.
    pub fn english(&self) -> String {
        match self {
            Said::Marked { n, flag, on } => {
                let word = match (*flag, on) {
                    ("\\Seen", true) => "read",
                    ("\\Seen", false) => "unread",
                    (_, true) => "starred",
                    (_, false) => "not starred",
                };
                format!("Marked {} as {word}", count(*n))
            }
            Said::Moved { n, folder, .. } => format!("Moved {} to {folder}", count(*n)),
            Said::Copied { n, folder, .. } => format!("Copied {} to {folder}", count(*n)),
            Said::DeletedForGood { n } => format!("Deleted {} for good", count(*n)),
            Said::Undone => "Undone".into(),
        }
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 message".into()
    } else {
        format!("{n} messages")
    }
}

/// Parts in English, as one line.
pub fn english(said: &[Said]) -> String {
    said.iter()
        .map(Said::english)
        .collect::<Vec<_>>()
        .join("; ")
}

/// One undo for an action carried out account by account.
fn merge_undo(a: Option<Undo>, b: Option<Undo>) -> Option<Undo> {
    match (a, b) {
        (Some(Undo::Moves(mut x)), Some(Undo::Moves(y))) => {
            x.extend(y);
            Some(Undo::Moves(x))
        }
        (Some(Undo::Flags { flag, rows: mut x }), Some(Undo::Flags { rows: y, .. })) => {
            x.extend(y);
            Some(Undo::Flags { flag, rows: x })
        }
        (Some(Undo::Copies(mut x)), Some(Undo::Copies(y))) => {
            x.extend(y);
            Some(Undo::Copies(x))
        }
        (x, None) => x,
        (None, y) => y,
        (x, _) => x,
    }
}

impl Engine {
    /// Carry out `action` on the messages `rows` (local ids). Messages of several accounts
    /// (the views across accounts) are acted on account by account; a move or copy names a
    /// folder, so its messages must share its account.
    pub async fn act(&self, rows: &[i64], action: MailAction) -> Result<ActionDone, EngineError> {
        if matches!(action, MailAction::MoveTo(_) | MailAction::CopyTo(_)) {
            return self.act_in_account(rows, action).await;
        }
        let db = self.reader().map_err(EngineError::plain)?;
        let homes = db.homes_of(rows).map_err(store)?;
        let mut groups: Vec<(String, Vec<i64>)> = Vec::new();
        for (&row, (a, _)) in rows.iter().zip(homes) {
            match groups.iter_mut().find(|(acc, _)| *acc == a) {
                Some((_, v)) => v.push(row),
                None => groups.push((a, vec![row])),
            }
        }
        drop(db);
        if groups.len() <= 1 {
            return self.act_in_account(rows, action).await;
        }
        let mut done = ActionDone {
            summary: String::new(),
            said: Vec::new(),
            undo: None,
            accounts: Vec::new(),
        };
        for (_, group) in groups {
            let d = self.act_in_account(&group, action).await?;
            done.said.extend(d.said);
            done.undo = merge_undo(done.undo.take(), d.undo);
            done.accounts.extend(d.accounts);
        }
        done.summary = english(&done.said);
        Ok(done)
    }

    async fn act_in_account(
        &self,
        rows: &[i64],
        action: MailAction,
    ) -> Result<ActionDone, EngineError> {
        let rows = rows.to_vec();
        if rows.is_empty() {
            return Err(EngineError::plain(Failure::said(
                "No message is selected.",
                "선택한 메시지가 없습니다.",
            )));
        }
        let account = self.account_of_rows(&rows)?;
        let writer = self.writer().map_err(EngineError::plain)?;
        let n = rows.len();
        let accounts = if self.is_local_account(&account) {
            Vec::new()
        } else {
            vec![account.clone()]
        };
        let flag = |flag: &'static str, on: bool| {
            let rows = rows.clone();
            let writer = writer.clone();
            async move {
                let before = writer
                    .run(move |db| db.flag_messages(&rows, flag, on))
                    .await
                    .map_err(store)?;
                Ok::<_, EngineError>((
                    Said::Marked { n, flag, on },
                    Some(Undo::Flags {
                        flag: flag.to_string(),
                        rows: before,
                    }),
                ))
            }
        };
        let (said, undo) = match action {
            MailAction::Read(on) => flag("\\Seen", on).await?,
            MailAction::Star(on) => flag("\\Flagged", on).await?,
            MailAction::MoveTo(folder) => self.move_rows(&rows, folder).await?,
            MailAction::CopyTo(folder) => {
                let (name, role) = self.folder_name(folder)?;
                let copies = writer
                    .run(move |db| db.copy_messages(&rows, folder))
                    .await
                    .map_err(store)?;
                (
                    Said::Copied {
                        n,
                        folder: name,
                        role,
                    },
                    Some(Undo::Copies(copies)),
                )
            }
            MailAction::Delete => {
                let in_trash = self.all_in_role(&rows, FolderRole::Trash)?;
                if in_trash {
                    return Box::pin(self.act_in_account(&rows, MailAction::DeleteForever)).await;
                }
                let trash = self.role_folder(&account, FolderRole::Trash).await?;
                self.move_rows(&rows, trash).await?
            }
            MailAction::DeleteForever => {
                writer
                    .run(move |db| db.expunge_messages(&rows))
                    .await
                    .map_err(store)?;
                (Said::DeletedForGood { n }, None)
            }
            MailAction::Archive => {
                let archive = self.role_folder(&account, FolderRole::Archive).await?;
                self.move_rows(&rows, archive).await?
            }
            MailAction::Junk(true) => {
                let junk = self.role_folder(&account, FolderRole::Junk).await?;
                self.move_rows(&rows, junk).await?
            }
            MailAction::Junk(false) => {
                let inbox = self.role_folder(&account, FolderRole::Inbox).await?;
                self.move_rows(&rows, inbox).await?
            }
        };
        Ok(ActionDone {
            summary: said.english(),
            said: vec![said],
            undo,
            accounts,
        })
    }

    /// Take an action back (itself an action: queued and replayed like any other).
    pub async fn undo(&self, undo: Undo) -> Result<ActionDone, EngineError> {
        let writer = self.writer().map_err(EngineError::plain)?;
        let rows: Vec<i64> = match &undo {
            Undo::Moves(m) => m.iter().map(|m| m.row).collect(),
            Undo::Flags { rows, .. } => rows.iter().map(|r| r.row).collect(),
            Undo::Copies(c) => c.clone(),
        };
        let account = self.account_of_rows(&rows)?;
        match undo {
            Undo::Moves(moved) => {
                let mut by_folder: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
                for m in &moved {
                    by_folder.entry(m.from_folder).or_default().push(m.row);
                }
                writer
                    .run(move |db| {
                        for (folder, rows) in by_folder {
                            db.move_messages(&rows, folder)?;
                        }
                        Ok(())
                    })
                    .await
                    .map_err(store)?;
            }
            Undo::Flags { flag, rows } => {
                writer
                    .run(move |db| {
                        let (had, had_not): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.had);
                        let ids = |v: Vec<&FlaggedRow>| v.iter().map(|r| r.row).collect::<Vec<_>>();
                        db.flag_messages(&ids(had), &flag, true)?;
                        db.flag_messages(&ids(had_not), &flag, false)?;
                        Ok(())
                    })
                    .await
                    .map_err(store)?;
            }
            Undo::Copies(copies) => {
                writer
                    .run(move |db| db.expunge_messages(&copies))
                    .await
                    .map_err(store)?;
            }
        }
        Ok(ActionDone {
            summary: Said::Undone.english(),
            said: vec![Said::Undone],
            undo: None,
            accounts: if self.is_local_account(&account) {
                Vec::new()
            } else {
                vec![account]
            },
        })
    }

    /// Queued actions waiting for the server, oldest first.
    pub fn pending(&self, account_id: Option<&str>) -> Result<Vec<QueuedAction>, EngineError> {
        self.reader()
            .map_err(EngineError::plain)?
            .pending_actions(account_id)
            .map_err(store)
    }

    async fn move_rows(
        &self,
        rows: &[i64],
        folder: i64,
    ) -> Result<(Said, Option<Undo>), EngineError> {
        let (name, role) = self.folder_name(folder)?;
        let rows = rows.to_vec();
        let n = rows.len();
        let moved = self
            .writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.move_messages(&rows, folder))
            .await
            .map_err(store)?;
        Ok((
            Said::Moved {
                n,
                folder: name,
                role,
            },
            Some(Undo::Moves(moved)),
        ))
    }

    /// A folder's name as the server calls it, and its special use if it has one.
    fn folder_name(
        &self,
        folder: i64,
    ) -> Result<(String, Option<crate::store::FolderRole>), EngineError> {
        self.reader()
            .map_err(EngineError::plain)?
            .folder_by_id(folder)
            .map_err(store)?
            .map(|f| (f.display_name, f.role))
            .ok_or_else(|| {
                EngineError::plain(Failure::said(
                    "That folder no longer exists.",
                    "그 폴더는 이제 없습니다.",
                ))
            })
    }

    /// The one account all these messages belong to.
    fn account_of_rows(&self, rows: &[i64]) -> Result<String, EngineError> {
        let db = self.reader().map_err(EngineError::plain)?;
        let mut account: Option<String> = None;
        for (a, _) in db.homes_of(rows).map_err(store)? {
            match &account {
                Some(seen) if *seen != a => {
                    return Err(EngineError::plain(Failure::said(
                        "These messages belong to different accounts: act on one account's messages at a time.",
                        "서로 다른 계정의 메시지입니다. 한 번에 한 계정의 메시지만 다루세요.",
                    )))
                }
                _ => account = Some(a),
            }
        }
        Ok(account.unwrap_or_default())
    }

    fn all_in_role(&self, rows: &[i64], role: FolderRole) -> Result<bool, EngineError> {
        let db = self.reader().map_err(EngineError::plain)?;
        let mut folders: Vec<i64> = db
            .homes_of(rows)
            .map_err(store)?
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        folders.sort_unstable();
        folders.dedup();
        for folder in folders {
            let f = db.folder_by_id(folder).map_err(store)?;
            if f.and_then(|f| f.role) != Some(role) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The account's folder with this role, made (here and, queued, on the server) when it
    /// has none: "Trash", "Archive", "Junk".
    pub async fn role_folder(
        &self,
        account_id: &str,
        role: FolderRole,
    ) -> Result<i64, EngineError> {
        let db = self.reader().map_err(EngineError::plain)?;
        if let Some(id) = db.folder_with_role(account_id, role).map_err(store)? {
            return Ok(id);
        }
        let name = match role {
            FolderRole::Inbox if account_id == LOCAL_ACCOUNT => super::local_folders::LOCAL_INBOX,
            FolderRole::Inbox => "INBOX",
            FolderRole::Drafts => "Drafts",
            FolderRole::Sent => "Sent",
            FolderRole::Archive => "Archive",
            FolderRole::Junk => "Junk",
            FolderRole::Trash => "Trash",
        };
        let account = account_id.to_string();
        let delimiter = self.delimiter_of(account_id)?;
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.create_folder(&account, name, name, delimiter.as_deref(), Some(role)))
            .await
            .map_err(store)
    }

    /// The hierarchy delimiter an account's folders use ("/" for Local Folders).
    pub(super) fn delimiter_of(&self, account_id: &str) -> Result<Option<String>, EngineError> {
        if self.is_local_account(account_id) {
            return Ok(Some(crate::store::LOCAL_DELIMITER.into()));
        }
        let folders = self
            .reader()
            .map_err(EngineError::plain)?
            .folders(account_id)
            .map_err(store)?;
        Ok(folders.into_iter().find_map(|f| f.delimiter))
    }
}
