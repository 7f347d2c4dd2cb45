//! Drafts. What a composer holds is saved locally every few seconds (a crash, a killed
//! process or a closed laptop loses nothing of it), filed in the account's Drafts folder when
//! the composer closes without sending, opened again whole from there, and removed from the
//! Drafts folder once the message made from it is sent.

use super::drafts::DraftSeed;
use super::{Engine, EngineError, Failure};
use crate::account::Account;
use crate::imap::append::{remove_message, select_or_create};
use crate::mime::compose::{compose_draft, AttachmentSource};
use crate::store::FolderRole;
use std::path::PathBuf;

/// A composer's contents saved on this machine.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LocalDraft {
    /// Which composer wrote it (stable while that composer is open).
    pub key: String,
    pub seed: DraftSeed,
    /// Unix seconds.
    pub saved_at: i64,
}

fn store(e: crate::store::StoreError) -> Failure {
    Failure::Store(e.to_string())
}

impl Engine {
    fn drafts_dir(&self) -> PathBuf {
        self.data_dir.join("drafts")
    }

    fn local_draft_path(&self, key: &str) -> PathBuf {
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect();
        self.drafts_dir().join(format!("{safe}.json"))
    }

    /// Save a composer's contents under `key` (replacing its last save). Blocking: call it off
    /// the UI thread.
    pub fn save_local_draft(&self, key: &str, seed: &DraftSeed) -> Result<(), Failure> {
        let draft = LocalDraft {
            key: key.to_string(),
            seed: seed.clone(),
            saved_at: chrono::Utc::now().timestamp(),
        };
        let text = serde_json::to_vec(&draft).map_err(|e| Failure::Internal(e.to_string()))?;
        crate::account::write_atomically(&self.local_draft_path(key), &text)
            .map_err(|e| Failure::Store(format!("the draft could not be saved: {e}")))
    }

    /// Drafts saved locally and not filed or sent (after a crash: what to offer again), newest
    /// first. A file that cannot be read is left where it is.
    pub fn local_drafts(&self) -> Vec<LocalDraft> {
        let mut out: Vec<LocalDraft> = std::fs::read_dir(self.drafts_dir())
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok())
            .collect();
        out.sort_by_key(|d| std::cmp::Reverse(d.saved_at));
        out
    }

    /// The composer was sent or filed: its local save goes.
    pub fn forget_local_draft(&self, key: &str) {
        let _ = std::fs::remove_file(self.local_draft_path(key));
    }

    /// File the draft in the account's Drafts folder (replacing the filed version it was opened
    /// from), then forget the local save `key`. Offline, the local save stays.
    pub async fn file_draft(
        &self,
        account: &Account,
        key: &str,
        seed: &DraftSeed,
    ) -> Result<(), EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let now = chrono::Local::now().fixed_offset();
        let made =
            compose_draft(&seed.draft, now).map_err(|e| wrap(Failure::Config(e.to_string())))?;
        if self.is_local_account(&account.id) {
            self.file_draft_locally(account, made.raw, seed.options.replaces_draft)
                .await?;
            self.forget_local_draft(key);
            return Ok(());
        }
        let db = self.reader().map_err(wrap)?;
        let folder = db
            .folders(&account.id)
            .map_err(|e| wrap(store(e)))?
            .into_iter()
            .find(|f| f.role == Some(FolderRole::Drafts))
            .map(|f| f.name)
            .unwrap_or_else(|| "Drafts".to_string());
        let earlier = match seed.options.replaces_draft {
            Some(id) => db.message(id).ok().map(|d| (d.folder_id, d.summary.uid)),
            None => None,
        };
        let ctx = self.sync_context(account).await.map_err(wrap)?;
        let mut conn = ctx.connect().await.map_err(|e| wrap(Failure::Imap(e)))?;
        select_or_create(&mut conn, &folder)
            .await
            .map_err(|e| wrap(Failure::Imap(e)))?;
        crate::imap::append::append_once(
            &mut conn,
            &folder,
            &made.message_id,
            &made.raw,
            "(\\Draft \\Seen)",
        )
        .await
        .map_err(|e| wrap(Failure::Imap(e)))?;
        if let Some((folder_id, uid)) = earlier {
            self.remove_filed(&mut conn, folder_id, uid)
                .await
                .map_err(wrap)?;
        }
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout()).await;
        self.forget_local_draft(key);
        // Show it in the Drafts folder now.
        let opts = crate::imap::SyncOptions {
            only_folders: vec![folder],
            ..Default::default()
        };
        let _ = self.sync(account, &opts, std::sync::Arc::new(|_| {})).await;
        Ok(())
    }

    /// Remove a message of the store's folder `folder_id` from the server and the store.
    pub(super) async fn remove_filed(
        &self,
        conn: &mut crate::imap::Connection,
        folder_id: i64,
        uid: u32,
    ) -> Result<(), Failure> {
        let folder = self
            .reader()?
            .folder_by_id(folder_id)
            .map_err(store)?
            .ok_or_else(|| Failure::Store("the draft's folder is gone".into()))?;
        remove_message(conn, &folder.name, uid).await?;
        self.writer()?
            .run(move |db| db.remove_uids(folder_id, &[uid]).map(|_| ()))
            .await
            .map_err(store)
    }

    /// A filed draft (stored message `id`) as the composer opens it: recipients (Bcc from its
    /// header), identity, subject, body, attachments; sending it removes it from Drafts.
    pub fn filed_draft_seed(&self, id: i64) -> Result<DraftSeed, Failure> {
        let detail = self.reader()?.message(id).map_err(store)?;
        let raw = detail
            .raw
            .ok_or_else(|| Failure::Store("the draft is not downloaded yet".into()))?;
        let parsed = crate::mime::parse(&raw);
        let list = |a: &[crate::mime::Address]| {
            a.iter()
                .map(crate::mime::compose::format_mailbox)
                .collect::<Vec<_>>()
        };
        let bcc = mail_parser::MessageParser::default()
            .parse(&raw)
            .and_then(|m| {
                m.bcc().map(|b| {
                    b.iter()
                        .filter_map(|a| a.address().map(str::to_string))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default();
        let attachments = (0..parsed.attachments.len())
            .filter_map(|i| crate::mime::attachment_bytes(&raw, i))
            .map(|(info, bytes)| AttachmentSource {
                name: info.name,
                content_type: Some(info.mime_type),
                bytes,
            })
            .collect();
        let book = self.accounts()?;
        let account = book
            .accounts
            .iter()
            .find(|a| a.id == detail.summary.account_id);
        let from = parsed
            .from
            .first()
            .cloned()
            .or_else(|| account.map(|a| super::drafts::identities(a)[0].clone()));
        Ok(DraftSeed {
            account_id: account.map(|a| a.id.clone()),
            draft: crate::mime::compose::Draft {
                from: from.unwrap_or_default(),
                to: list(&parsed.to),
                cc: list(&parsed.cc),
                bcc,
                subject: parsed.subject.clone(),
                body: parsed
                    .text_body
                    .clone()
                    .unwrap_or_default()
                    .replace("\r\n", "\n"),
                attachments,
                in_reply_to: parsed.in_reply_to.clone(),
                references: parsed.references.clone(),
                request_read_receipt: crate::mime::report::receipt_request(&raw).requested,
                extra_forwarded: None,
            },
            options: super::outbox::SendOptions {
                replaces_draft: Some(id),
                ..Default::default()
            },
            replaces: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_drafts_survive_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::new(dir.path());
        let seed = DraftSeed {
            draft: crate::mime::compose::Draft {
                to: vec!["bob@example.test".into()],
                subject: "반쯤 쓴 메일".into(),
                body: "half written".into(),
                attachments: vec![AttachmentSource {
                    name: "a.bin".into(),
                    content_type: None,
                    bytes: vec![0, 1, 2, 255],
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        engine.save_local_draft("composer-1", &seed).unwrap();
        engine.save_local_draft("composer-1", &seed).unwrap();
        let saved = engine.local_drafts();
        assert_eq!(saved.len(), 1, "one save per composer");
        assert_eq!(saved[0].seed.draft, seed.draft);
        engine.forget_local_draft("composer-1");
        assert!(engine.local_drafts().is_empty());
    }
}
