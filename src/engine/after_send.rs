//! What follows a send on the IMAP side, on one connection per flush: the copy in the Sent
//! folder (once per Message-ID), the draft it came from removed from Drafts, the flag on the
//! message it answers (`\Answered`, `$Forwarded`, `$MDNSent`). Each step is recorded as it is
//! done, so a failure leaves the rest for the next flush.

use super::{Engine, EngineError, Failure};
use crate::account::Account;
use crate::imap::append::{append_once, select_or_create};
use crate::imap::Connection;
use crate::store::{Db, FolderRole, OutboxEntry, OutboxState, Writer};

fn store(e: crate::store::StoreError) -> Failure {
    Failure::Store(e.to_string())
}

impl Engine {
    /// Finish every sent outbox row that still has something to do on the server.
    pub(super) async fn finish_sent(&self, account: &Account) -> Result<(), EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let pending: Vec<OutboxEntry> = self
            .outbox(Some(account))
            .map_err(wrap)?
            .into_iter()
            .filter(|e| {
                e.state == OutboxState::Sent
                    && (e.sent_copy == "pending"
                        || e.replaces_draft.is_some()
                        || e.reply_flag.is_some())
            })
            .collect();
        if pending.is_empty() {
            return Ok(());
        }
        if self.is_local_account(&account.id) {
            return self
                .finish_sent_locally(account, pending)
                .await
                .map_err(wrap);
        }
        // Held across awaits: `&mut` (a store connection is Send, not Sync).
        let mut db = self.reader().map_err(wrap)?;
        let sent_folder = db
            .folders(&account.id)
            .map_err(|e| wrap(store(e)))?
            .into_iter()
            .find(|f| f.role == Some(FolderRole::Sent))
            .map(|f| f.name)
            .unwrap_or_else(|| "Sent".to_string());
        let ctx = self.sync_context(account).await.map_err(wrap)?;
        let mut conn = ctx.connect().await.map_err(|e| wrap(Failure::Imap(e)))?;
        let writer = self.writer().map_err(wrap)?;
        let mut selected = false;
        for entry in pending {
            if !selected {
                select_or_create(&mut conn, &sent_folder)
                    .await
                    .map_err(|e| wrap(Failure::Imap(e)))?;
                selected = true;
            }
            let wandered = self
                .finish_one(&mut conn, &mut db, &writer, &sent_folder, &entry)
                .await
                .map_err(wrap)?;
            // Removing a draft or flagging a message selected another folder.
            selected &= !wandered;
        }
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout()).await;
        Ok(())
    }

    /// One sent message's follow-ups; true when a folder other than Sent got selected.
    async fn finish_one(
        &self,
        conn: &mut Connection,
        db: &mut Db,
        writer: &Writer,
        sent_folder: &str,
        entry: &OutboxEntry,
    ) -> Result<bool, Failure> {
        let id = entry.id;
        let mut wandered = false;
        if entry.sent_copy == "pending" {
            let raw = db.outbox_raw(id).map_err(store)?;
            append_once(conn, sent_folder, &entry.message_id, &raw, "(\\Seen)").await?;
            writer
                .run(move |db| db.outbox_set_sent_copy(id, "done"))
                .await
                .map_err(store)?;
        }
        if let Some(draft) = entry.replaces_draft {
            // The draft it was written from leaves the Drafts folder (already gone: fine).
            if let Ok(d) = db.message(draft) {
                self.remove_filed(conn, d.folder_id, d.summary.uid).await?;
                wandered = true;
            }
            writer
                .run(move |db| db.outbox_draft_removed(id))
                .await
                .map_err(store)?;
        }
        if let (Some(answered), Some(flag)) = (entry.reply_to_message, &entry.reply_flag) {
            wandered |= flag_message(conn, db, writer, answered, flag).await;
            writer
                .run(move |db| db.outbox_flag_applied(id))
                .await
                .map_err(store)?;
        }
        Ok(wandered)
    }
}

/// Set `flag` on stored message `id` on the server, then in the index with what the server
/// reports. A message that is gone is left alone. True when its folder got selected.
async fn flag_message(
    conn: &mut Connection,
    db: &mut Db,
    writer: &Writer,
    id: i64,
    flag: &str,
) -> bool {
    let Ok(detail) = db.message(id) else {
        return false;
    };
    let Ok(Some(folder)) = db.folder_by_id(detail.folder_id) else {
        return false;
    };
    let uid = detail.summary.uid;
    if let Ok(flags) =
        crate::imap::flag_update::change_flags(conn, &folder.name, uid, &[flag], &[]).await
    {
        let folder_id = detail.folder_id;
        let _ = writer
            .run(move |db| db.set_flags(folder_id, &[(uid, flags)]))
            .await;
    }
    true
}
