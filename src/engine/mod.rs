//! The engine: what the CLI and the window drive. Owns the data directory, the store writer,
//! and per-account work (sync, watch, flag changes). No UI code here.

mod account_setup;
pub mod actions;
mod after_send;
pub mod discovery;
pub mod draft_store;
pub mod drafts;
mod error;
pub mod explain;
mod folder_actions;
pub mod form_check;
pub mod identities;
pub mod local_folders;
mod local_mail;
pub mod new_mail;
pub mod outbox;
pub mod pop3_fetch;
pub mod receipts;
pub mod save_attachment;
mod threads;
pub mod unsubscribe;
pub mod worker;

pub use crate::imap::replay::{describe as describe_action, ReplayReport};
/// What a sync pass reports and takes, as the window and the command line see them (they reach
/// the protocol modules only through the engine).
pub use crate::imap::sync::Reporter;
pub use crate::imap::{SyncEvent, SyncOptions, SyncSummary};
pub use account_setup::{account_from_form, form_from_account, AccountForm};
pub use actions::{ActionDone, MailAction, Undo};
pub use error::{EngineError, Failure};
pub use worker::{Control, Update};

use crate::account::{Account, AccountBook, ServerConfig};
use crate::imap::sync::{sync_account, SyncContext};
use crate::secrets::{self, Password, Purpose};
use crate::store::{Db, Writer};
use crate::tls::TlsClient;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Engine {
    data_dir: PathBuf,
    writer: OnceLock<Writer>,
}

/// A flag change asked for by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagChange {
    Seen(bool),
    Flagged(bool),
    /// A read-receipt request was answered (sent or ignored): `$MDNSent` (RFC 3503).
    MdnSent,
}

impl FlagChange {
    /// The IMAP flag and whether it is set.
    pub fn flag(self) -> (&'static str, bool) {
        match self {
            FlagChange::Seen(on) => ("\\Seen", on),
            FlagChange::Flagged(on) => ("\\Flagged", on),
            FlagChange::MdnSent => ("$MDNSent", true),
        }
    }

    /// `flags` with this change made (the others kept, in order).
    pub fn apply(self, flags: &[String]) -> Vec<String> {
        let (flag, on) = self.flag();
        let mut out: Vec<String> = flags
            .iter()
            .filter(|f| !f.eq_ignore_ascii_case(flag))
            .cloned()
            .collect();
        if on {
            out.push(flag.to_string());
        }
        out
    }
}

impl Engine {
    pub fn new(data_dir: impl Into<PathBuf>) -> Engine {
        Engine {
            data_dir: data_dir.into(),
            writer: OnceLock::new(),
        }
    }

    /// The OS data directory (e.g. ~/.local/share/jebi).
    pub fn default_data_dir() -> PathBuf {
        directories::ProjectDirs::from("", "", "jebi")
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from(".jebi"))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn accounts(&self) -> Result<AccountBook, Failure> {
        AccountBook::load(&self.data_dir).map_err(Failure::from)
    }

    /// A read connection to the store.
    pub fn reader(&self) -> Result<Db, Failure> {
        Db::open_reader(&self.data_dir).map_err(|e| Failure::Store(e.to_string()))
    }

    pub fn writer(&self) -> Result<Writer, Failure> {
        if let Some(w) = self.writer.get() {
            return Ok(w.clone());
        }
        let w = Writer::start(&self.data_dir.join(crate::store::FILE_NAME))
            .map_err(|e| Failure::Store(e.to_string()))?;
        Ok(self.writer.get_or_init(|| w).clone())
    }

    /// The account's password from the keyring (on a blocking thread).
    pub async fn password(account: &Account) -> Result<Password, Failure> {
        let id = account.id.clone();
        tokio::task::spawn_blocking(move || secrets::load(&id, Purpose::Incoming))
            .await
            .map_err(|e| Failure::Internal(e.to_string()))?
            .map_err(Failure::Secret)
    }

    fn imap_server(account: &Account) -> Result<ServerConfig, Failure> {
        account
            .imap
            .clone()
            .ok_or_else(|| Failure::Config("the account has no IMAP server configured".into()))
    }

    async fn sync_context(&self, account: &Account) -> Result<SyncContext, Failure> {
        let server = Self::imap_server(account)?;
        let tls = TlsClient::new(&account.trust).map_err(Failure::from)?;
        let password = Self::password(account).await?;
        Ok(SyncContext {
            account: account.clone(),
            server,
            password,
            tls,
            writer: self.writer()?,
            data_dir: self.data_dir.clone(),
        })
    }

    /// One full sync pass of an account.
    pub async fn sync(
        &self,
        account: &Account,
        opts: &SyncOptions,
        report: Reporter,
    ) -> Result<SyncSummary, EngineError> {
        if account.incoming == crate::account::Incoming::Pop3 {
            return self.fetch_pop3(account, report).await;
        }
        let wrap = |f: Failure| EngineError::new(account, f);
        let ctx = self.sync_context(account).await.map_err(wrap)?;
        sync_account(&ctx, opts, report)
            .await
            .map_err(|e| wrap(Failure::Imap(e)))
    }

    /// Log in once with the stored password to check the settings.
    pub async fn check_login(&self, account: &Account) -> Result<(), EngineError> {
        let password = Self::password(account)
            .await
            .map_err(|f| EngineError::new(account, f))?;
        self.try_login(account, &password).await
    }

    /// Log in once with this password to check the settings ("Test connection", adding or
    /// editing an account, a new password). Nothing is stored.
    pub async fn try_login(
        &self,
        account: &Account,
        password: &Password,
    ) -> Result<(), EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        if account.incoming == crate::account::Incoming::Pop3 {
            return self.try_pop3_login(account, password).await.map_err(wrap);
        }
        let server = Self::imap_server(account).map_err(wrap)?;
        let tls = TlsClient::new(&account.trust).map_err(|e| wrap(Failure::from(e)))?;
        let mut conn = crate::imap::connect(account, &server, password, &tls)
            .await
            .map_err(|e| wrap(Failure::Imap(e)))?;
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout()).await;
        Ok(())
    }

    /// Change a flag on one message: at once in the index, queued for the server (the
    /// account's worker replays it). Returns the message's flags now.
    pub async fn set_flag(
        &self,
        message_id: i64,
        change: FlagChange,
    ) -> Result<Vec<String>, EngineError> {
        self.set_flags(&[message_id], change).await?;
        Ok(self
            .flags_of(&[message_id])?
            .pop()
            .map(|(_, f)| f)
            .unwrap_or_default())
    }

    /// Change a flag on many messages at once: one transaction, one queued change per folder.
    pub async fn set_flags(
        &self,
        message_ids: &[i64],
        change: FlagChange,
    ) -> Result<(), EngineError> {
        let (flag, on) = change.flag();
        let ids = message_ids.to_vec();
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.flag_messages(&ids, flag, on))
            .await
            .map_err(|e| EngineError::plain(Failure::Store(e.to_string())))?;
        Ok(())
    }

    /// The flags of these messages now, in the order given.
    pub fn flags_of(&self, message_ids: &[i64]) -> Result<Vec<(i64, Vec<String>)>, EngineError> {
        self.reader()
            .and_then(|db| {
                db.flags_of(message_ids)
                    .map_err(|e| Failure::Store(e.to_string()))
            })
            .map_err(EngineError::plain)
    }

    /// Send an account's queued actions now on a connection of its own (the CLI; the
    /// window's worker replays on the connection it holds).
    pub async fn replay(&self, account: &Account) -> Result<ReplayReport, EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let ctx = self.sync_context(account).await.map_err(wrap)?;
        let mut conn = ctx.connect().await.map_err(|e| wrap(Failure::Imap(e)))?;
        let report = crate::imap::replay::replay_locked(&ctx, &mut conn)
            .await
            .map_err(|e| wrap(Failure::Imap(e)))?;
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout()).await;
        Ok(report)
    }

    /// Whether the account's folders live only here (Local Folders, POP3 accounts): its
    /// actions queue nothing for a server.
    pub fn is_local_account(&self, account_id: &str) -> bool {
        account_id == local_folders::LOCAL_ACCOUNT
            || self
                .reader()
                .ok()
                .and_then(|db| db.is_local_account(account_id).ok())
                .unwrap_or(false)
    }

    /// The configured account with this id (a stored message's account).
    pub fn account_of(&self, account_id: &str) -> Result<Account, EngineError> {
        self.accounts()
            .map_err(EngineError::plain)?
            .accounts
            .into_iter()
            .find(|a| a.id == account_id)
            .ok_or_else(|| {
                EngineError::plain(Failure::Config(
                    "the message's account no longer exists".into(),
                ))
            })
    }

    /// Forget an account: keyring entries, local data, config entry. With `keep_mail` (POP3
    /// accounts, whose mail exists only here) its folders move under Local Folders instead,
    /// in a folder named after the account; returns that folder's name too.
    pub async fn remove_account(
        &self,
        name: &str,
        keep_mail: bool,
    ) -> Result<(Account, Option<String>), EngineError> {
        let mut book = self.accounts().map_err(EngineError::plain)?;
        let account = book
            .find(name)
            .map_err(|e| EngineError::plain(Failure::from(e)))?
            .clone();
        let wrap = |f: Failure| EngineError::new(&account, f);
        let id = account.id.clone();
        tokio::task::spawn_blocking(move || {
            secrets::delete(&id, Purpose::Incoming)?;
            secrets::delete(&id, Purpose::Outgoing)
        })
        .await
        .map_err(|e| wrap(Failure::Internal(e.to_string())))?
        .map_err(|e| wrap(Failure::Secret(e)))?;
        let id = account.id.clone();
        let under = account.name.clone();
        let kept = self
            .writer()
            .map_err(wrap)?
            .run(move |db| {
                let kept = if keep_mail {
                    Some(db.keep_under_local_folders(&id, &under)?)
                } else {
                    None
                };
                db.delete_account_data(&id)?;
                // Its downloaded mail leaves the disk now, not at the next sync.
                db.remove_dropped_body_files()?;
                Ok(kept)
            })
            .await
            .map_err(|e| wrap(Failure::Store(e.to_string())))?;
        book.remove(name).map_err(|e| wrap(Failure::from(e)))?;
        book.save().map_err(|e| wrap(Failure::from(e)))?;
        let _ = std::fs::remove_dir_all(self.data_dir.join("accounts").join(&account.id));
        Ok((account, kept))
    }
}
