//! The account workers as the window sees them: one subscription per account runs the engine's
//! worker; its updates become status lines, store reloads and flag changes.

use super::{engine, App, Message};
use crate::engine::{worker, Control, Update};
use crate::engine::{SyncEvent, SyncOptions};
use crate::ui::strings::t;
use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, Stream};
use iced::Task;
use tokio::sync::mpsc::UnboundedSender;

/// What an account's worker tells the window.
#[derive(Debug, Clone)]
pub enum WorkerEvent {
    Ready(UnboundedSender<Control>),
    Update(Update),
}

impl App {
    pub(super) fn on_worker(&mut self, account_id: String, e: WorkerEvent) -> Task<Message> {
        let update = match e {
            WorkerEvent::Ready(control) => {
                self.controls.insert(account_id.clone(), control);
                self.status.insert(account_id, t().connecting().into());
                return Task::none();
            }
            WorkerEvent::Update(u) => u,
        };
        let line = match &update {
            Update::Progress(SyncEvent::Headers {
                folder,
                done,
                total,
            }) => Some(t().syncing(folder, *done, *total)),
            Update::Progress(SyncEvent::Bodies { done, total }) => {
                Some(t().downloading(*done, *total))
            }
            Update::Progress(_) => None,
            Update::Synced(_) | Update::Watching => Some(t().up_to_date().to_string()),
            Update::Failed { message, retry_in } => Some(match retry_in {
                Some(d) => t().retrying(d.as_secs(), message),
                None => t().error(message),
            }),
            Update::FlagsChanged { .. } => None,
            Update::OutboxFlushed {
                sent,
                failed,
                deferred,
                warnings,
            } => {
                let problem = failed.iter().chain(deferred).chain(warnings).next();
                (*sent > 0 || problem.is_some())
                    .then(|| t().outbox_flushed(*sent, problem.map(String::as_str)))
            }
            // Said where the next sync's line does not replace it at once.
            Update::DraftFiled { .. } => {
                self.notice = Some(t().draft_filed().to_string());
                None
            }
            Update::DraftNotFiled { message, .. } => {
                self.notice = Some(t().draft_not_filed(message));
                None
            }
            Update::Stopped => Some(t().stopped().to_string()),
            Update::Replayed { conflicts, .. } => {
                if !conflicts.is_empty() {
                    self.notice = Some(conflicts.join("\n"));
                }
                None
            }
            Update::ReplayWaiting { .. } | Update::NewMail(_) => None,
        };
        if let Some(l) = line {
            self.status.insert(account_id.clone(), l);
        }
        match update {
            // Re-read the store only when a pass changed something (not every 9-minute renewal).
            Update::Synced(s) | Update::Progress(SyncEvent::FolderDone { summary: s, .. })
                if s.changed() || !self.knows_folders_of(&account_id) =>
            {
                Task::batch([self.reload_snapshot(), self.reload_pending()])
            }
            Update::NewMail(news) => self.notify_new_mail(&account_id, news),
            Update::OutboxFlushed { .. } => {
                // "Queued; sending…" is over: the account's line says how it went.
                if self.notice.as_deref() == Some(t().queued_notice()) {
                    self.notice = None;
                }
                self.reload_outbox()
            }
            // A conflict corrected the view from the server: show it as it is now.
            Update::Replayed { conflicts, .. } if !conflicts.is_empty() => {
                Task::batch([self.reload_snapshot(), self.reload_pending()])
            }
            Update::Replayed { .. } | Update::ReplayWaiting { .. } | Update::Synced(_) => {
                self.reload_pending()
            }
            Update::FlagsChanged { message_id, flags } => {
                self.show_flag_list(message_id, &flags);
                Task::none()
            }
            _ => Task::none(),
        }
    }
}

/// A fingerprint of an account's settings.
pub(super) fn settings_hash(account: &crate::account::Account) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(account)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// One account's engine worker as a stream: first its command channel, then its updates.
// `Subscription::run_with` hands the key by reference to a plain `fn(&D)`.
#[allow(clippy::ptr_arg)]
pub(super) fn account_worker(
    key: &(String, u64),
) -> impl Stream<Item = (String, WorkerEvent)> + use<> {
    let id = key.0.clone();
    iced::stream::channel(
        64,
        async move |mut out: mpsc::Sender<(String, WorkerEvent)>| {
            let engine = engine();
            let account = engine
                .accounts()
                .ok()
                .and_then(|b| b.accounts.into_iter().find(|a| a.id == id));
            let Some(account) = account else { return };
            let (control, mut updates) = worker::spawn(engine, account, SyncOptions::default());
            let _ = out.send((id.clone(), WorkerEvent::Ready(control))).await;
            while let Some(u) = updates.recv().await {
                if out
                    .send((id.clone(), WorkerEvent::Update(u)))
                    .await
                    .is_err()
                {
                    break;
                }
            }
        },
    )
}
