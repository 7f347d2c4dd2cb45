//! Drafts from the window: each composer's contents saved on this computer a few seconds after
//! a change, filed in its account's Drafts folder (through the account's worker) when its window
//! closes unsent, forgotten once sent or when nothing was written; drafts a crashed run left are
//! offered at start-up; a message in a Drafts folder opens again in a composer ("Edit draft").
//!
//! Every write and removal of a local save goes through one thread, in the order the window
//! asked for them: a save still under way can never land after the removal that follows a send.

use super::{App, Message};
use crate::engine::draft_store::LocalDraft;
use crate::engine::drafts::DraftSeed;
use crate::engine::{Control, Engine};
use crate::store::FolderRole;
use crate::ui::composer::{self, is_own_key, DraftState};
use crate::ui::strings::t;
use iced::{window, Task};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How long after a change a composer's contents are saved on this computer.
pub const SAVE_AFTER: Duration = if cfg!(test) {
    Duration::from_millis(5)
} else {
    Duration::from_secs(3)
};

#[derive(Debug, Clone)]
pub enum DraftMessage {
    /// A composer's save timer ran out.
    Tick(window::Id),
    /// A closed composer's contents are saved here: file them in this account's Drafts.
    File {
        account_id: Option<String>,
        key: String,
        seed: Box<Result<DraftSeed, String>>,
    },
    /// Drafts earlier runs left on this computer.
    Recovered(Vec<LocalDraft>),
    /// "Open them": the recovered drafts, each in a composer.
    OpenRecovered,
    /// A message of a Drafts folder, to open in a composer.
    Edit(i64),
}

enum Job {
    Save(Box<DraftState>, oneshot::Sender<Result<DraftSeed, String>>),
    Forget(String, oneshot::Sender<()>),
}

/// The thread that writes and removes local saves, in order.
#[derive(Default)]
pub struct DraftFiles {
    jobs: Option<mpsc::Sender<Job>>,
}

impl DraftFiles {
    fn send(&mut self, engine: &Arc<Engine>, job: Job) {
        let jobs = self.jobs.get_or_insert_with(|| {
            let (tx, rx) = mpsc::channel::<Job>();
            let engine = engine.clone();
            std::thread::Builder::new()
                .name("jebi-drafts".into())
                .spawn(move || {
                    for job in rx {
                        match job {
                            Job::Save(state, done) => {
                                let key = state.key.clone();
                                let seed = state.into_seed();
                                let saved = engine
                                    .save_local_draft(&key, &seed)
                                    .map(|_| seed)
                                    .map_err(|e| e.to_string());
                                let _ = done.send(saved);
                            }
                            Job::Forget(key, done) => {
                                engine.forget_local_draft(&key);
                                let _ = done.send(());
                            }
                        }
                    }
                })
                .expect("a thread for drafts");
            tx
        });
        // The thread ends only with this sender.
        let _ = jobs.send(job);
    }

    /// Save `state` under its key; the answer is the seed saved.
    fn save(
        &mut self,
        engine: &Arc<Engine>,
        state: DraftState,
    ) -> oneshot::Receiver<Result<DraftSeed, String>> {
        let (tx, rx) = oneshot::channel();
        self.send(engine, Job::Save(Box::new(state), tx));
        rx
    }

    /// Remove the save `key` (if there is one).
    fn forget(&mut self, engine: &Arc<Engine>, key: String) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        self.send(engine, Job::Forget(key, tx));
        rx
    }
}

impl App {
    pub(super) fn on_draft(&mut self, m: DraftMessage) -> Task<Message> {
        match m {
            DraftMessage::Tick(id) => self.save_draft(id),
            DraftMessage::File {
                account_id,
                key,
                seed,
            } => self.file_draft(account_id, key, *seed),
            DraftMessage::Recovered(drafts) => {
                self.recovered = drafts;
                Task::none()
            }
            DraftMessage::OpenRecovered => {
                let at = Instant::now();
                let drafts = std::mem::take(&mut self.recovered);
                Task::batch(
                    drafts
                        .into_iter()
                        .map(|d| self.open_composer_keyed(d.seed, Some(d.key), at)),
                )
            }
            DraftMessage::Edit(id) => self.edit_draft(id),
        }
    }

    /// After a composer changed: its save is due in [`SAVE_AFTER`] (one timer at a time).
    pub(super) fn schedule_save(&mut self, id: window::Id) -> Task<Message> {
        let delay = self.draft_delay;
        match self.composers.get_mut(&id) {
            Some(c) if c.unsaved() && !c.save_due && !c.sending => {
                c.save_due = true;
                Task::perform(async move { tokio::time::sleep(delay).await }, move |_| {
                    Message::Drafts(DraftMessage::Tick(id))
                })
            }
            _ => Task::none(),
        }
    }

    /// The timer ran out: save what changed (or, when everything was erased, the save goes).
    fn save_draft(&mut self, id: window::Id) -> Task<Message> {
        let Some(c) = self.composers.get_mut(&id) else {
            return Task::none();
        };
        c.save_due = false;
        if !c.unsaved() || c.sending {
            return Task::none();
        }
        let content = c.has_content();
        let state = c.take_draft();
        if !content {
            return self.forget_draft(state.key);
        }
        let saved = self.draft_files.save(&self.engine, state);
        Task::perform(saved, |r| match r {
            Ok(Ok(_)) => Message::Notice(None),
            Ok(Err(e)) => Message::Notice(Some(e)),
            Err(_) => Message::Notice(None),
        })
    }

    pub(super) fn forget_draft(&mut self, key: String) -> Task<Message> {
        let gone = self.draft_files.forget(&self.engine, key);
        Task::perform(gone, |_| Message::Notice(None))
    }

    /// A composer's window closed. Sent (or being queued): nothing to do here. Something
    /// written: saved here, then filed in Drafts by its account's worker. Nothing: its save goes.
    pub(super) fn composer_closed(&mut self, c: composer::Composer) -> Task<Message> {
        if c.sending {
            // Queued or not, a local save holds it until the answer (see `on_queued`).
            let saved = self.draft_files.save(&self.engine, c.draft_state());
            return Task::perform(saved, |_| Message::Notice(None));
        }
        if !c.worth_keeping() {
            return self.forget_draft(c.key.clone());
        }
        let state = c.draft_state();
        let (account_id, key) = (state.account_id.clone(), state.key.clone());
        let saved = self.draft_files.save(&self.engine, state);
        Task::perform(saved, move |r| {
            Message::Drafts(DraftMessage::File {
                account_id: account_id.clone(),
                key: key.clone(),
                seed: Box::new(r.unwrap_or_else(|e| Err(e.to_string()))),
            })
        })
    }

    /// Hand a saved draft to its account's worker (which forgets the local save once filed).
    fn file_draft(
        &mut self,
        account_id: Option<String>,
        key: String,
        seed: Result<DraftSeed, String>,
    ) -> Task<Message> {
        let seed = match seed {
            Ok(seed) => seed,
            Err(e) => {
                self.notice = Some(e);
                return Task::none();
            }
        };
        let Some(account_id) = account_id else {
            self.notice = Some(t().draft_not_filed(t().no_account_to_file()));
            return Task::none();
        };
        match self.controls.get(&account_id) {
            Some(control) => {
                let seed = Box::new(seed);
                if control.send(Control::FileDraft { key, seed }).is_err() {
                    self.notice = Some(t().draft_not_filed(t().not_connected()));
                }
            }
            None => self.notice = Some(t().draft_not_filed(t().not_connected())),
        }
        Task::none()
    }

    /// The main window is closing (the app quits): every composer with something in it is
    /// saved here, to be offered at the next start.
    pub(super) fn save_drafts_before_quit(&mut self) -> impl std::future::Future<Output = ()> {
        let states: Vec<DraftState> = self
            .composers
            .values()
            .filter(|c| c.sending || c.worth_keeping())
            .map(|c| c.draft_state())
            .collect();
        let saves: Vec<_> = states
            .into_iter()
            .map(|s| self.draft_files.save(&self.engine, s))
            .collect();
        async move {
            for saved in saves {
                let _ = saved.await;
            }
        }
    }

    /// Open a filed draft (stored message `id`) in a composer.
    fn edit_draft(&mut self, id: i64) -> Task<Message> {
        let engine = self.engine.clone();
        let at = Instant::now();
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || engine.filed_draft_seed(id))
                    .await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())
            },
            move |r| Message::OpenComposer(Box::new(r), at),
        )
    }

    /// Whether message `id` is listed from a Drafts folder.
    pub(super) fn is_filed_draft(&self, id: i64) -> bool {
        let Some(folder) = self.list.folder_id else {
            return false;
        };
        let drafts = self
            .tree
            .snapshot
            .folders
            .iter()
            .flat_map(|(_, f)| f)
            .any(|f| f.id == folder && f.role == Some(FolderRole::Drafts));
        drafts && self.list.contains(id)
    }

    /// The size limit of `account_id`'s outgoing server, for composer `id` (read off the UI
    /// thread: it is a small file).
    pub(super) fn load_size_limit(&self, id: window::Id, account_id: String) -> Task<Message> {
        let engine = self.engine.clone();
        let account = self
            .tree
            .snapshot
            .accounts
            .iter()
            .find(|a| a.id == account_id)
            .cloned();
        let Some(account) = account else {
            return Task::none();
        };
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || engine.smtp_size_limit(&account))
                    .await
                    .ok()
                    .flatten()
            },
            move |limit| {
                Message::Composer(id, composer::Message::SizeLimit(account_id.clone(), limit))
            },
        )
    }
}

/// Drafts left on this computer by earlier runs (a crash, a quit with composers open, filing
/// that failed offline), read at start-up.
pub fn recover(engine: Arc<Engine>) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || engine.local_drafts())
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|d| !is_own_key(&d.key))
                .collect()
        },
        |drafts| Message::Drafts(DraftMessage::Recovered(drafts)),
    )
}
