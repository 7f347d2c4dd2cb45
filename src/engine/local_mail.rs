//! What follows a send, and filing a draft, for accounts whose folders live here (POP3): the
//! Sent copy and the draft go into its local folders, the answered message is flagged here.

use super::{Engine, EngineError, Failure};
use crate::account::Account;
use crate::store::{FolderRole, OutboxEntry};

fn store(e: crate::store::StoreError) -> Failure {
    Failure::Store(e.to_string())
}

impl Engine {
    /// The account's local folder with this role (made when missing).
    async fn local_role_folder(&self, account: &Account, role: FolderRole) -> Result<i64, Failure> {
        self.role_folder(&account.id, role)
            .await
            .map_err(|e| e.failure)
    }

    /// [`Engine::finish_sent`] for a local account: each step done here, recorded as done.
    pub(super) async fn finish_sent_locally(
        &self,
        account: &Account,
        pending: Vec<OutboxEntry>,
    ) -> Result<(), Failure> {
        let writer = self.writer()?;
        for entry in pending {
            let id = entry.id;
            if entry.sent_copy == "pending" {
                let sent = self.local_role_folder(account, FolderRole::Sent).await?;
                let raw = self.reader()?.outbox_raw(id).map_err(store)?;
                writer
                    .run(move |db| {
                        db.add_local_message(sent, raw, &["\\Seen"])?;
                        db.outbox_set_sent_copy(id, "done")
                    })
                    .await
                    .map_err(store)?;
            }
            if let Some(draft) = entry.replaces_draft {
                writer
                    .run(move |db| {
                        db.expunge_messages(&[draft])?;
                        db.outbox_draft_removed(id)
                    })
                    .await
                    .map_err(store)?;
            }
            if let (Some(answered), Some(flag)) = (entry.reply_to_message, entry.reply_flag) {
                writer
                    .run(move |db| {
                        // A message deleted meanwhile is left alone.
                        let _ = db.flag_messages(&[answered], &flag, true);
                        db.outbox_flag_applied(id)
                    })
                    .await
                    .map_err(store)?;
            }
        }
        Ok(())
    }

    /// [`Engine::file_draft`] for a local account: the draft goes into its Drafts folder,
    /// replacing the one it was opened from.
    pub(super) async fn file_draft_locally(
        &self,
        account: &Account,
        raw: Vec<u8>,
        replaces: Option<i64>,
    ) -> Result<(), EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let drafts = self
            .local_role_folder(account, FolderRole::Drafts)
            .await
            .map_err(wrap)?;
        self.writer()
            .map_err(wrap)?
            .run(move |db| {
                db.add_local_message(drafts, raw, &["\\Draft", "\\Seen"])?;
                if let Some(old) = replaces {
                    db.expunge_messages(&[old])?;
                }
                Ok(())
            })
            .await
            .map_err(|e| wrap(store(e)))
    }
}
