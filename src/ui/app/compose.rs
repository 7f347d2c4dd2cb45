//! Writing mail from the window: composer windows (new, reply, forward, an outbox message to
//! edit), what they ask for (files, suggestions, queueing), the shortcuts, and the Outbox.

use super::{App, Files, Message, Shortcut};
use crate::engine::drafts::{new_message_seed, DraftSeed};
use crate::engine::local_folders::LOCAL_ACCOUNT;
use crate::engine::Control;
use crate::mime::reply::ReplyKind;
use crate::store::OutboxEntry;
use crate::ui::composer::{self, attachments, Composer, Field};
use crate::ui::outbox_view;
use crate::ui::strings::t;
use iced::widget::text_editor;
use iced::{window, Size, Task};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A composer window's size, and the smallest it may become.
const COMPOSER_SIZE: Size = Size::new(720.0, 640.0);
const COMPOSER_MIN: Size = Size::new(480.0, 420.0);

/// `JEBI_COMPOSER_BODY=FILE` (benchmarks): new composers start with that text, read at start-up.
pub(super) fn bench_body() -> Task<Message> {
    let Some(path) = std::env::var_os("JEBI_COMPOSER_BODY") else {
        return Task::none();
    };
    Task::perform(
        async move {
            let bytes = tokio::fs::read(&path).await.ok()?;
            Some(Arc::new(String::from_utf8_lossy(&bytes).into_owned()))
        },
        Message::BenchBody,
    )
}

impl App {
    /// The account of the folder on screen (not Local Folders), if any.
    pub(super) fn current_account(&self) -> Option<String> {
        let folder = self.tree.selected?;
        self.tree
            .snapshot
            .folders
            .iter()
            .find(|(_, folders)| folders.iter().any(|f| f.id == folder))
            .map(|(account, _)| account.clone())
            .filter(|a| a != LOCAL_ACCOUNT)
    }

    /// A new, empty message from the account on screen (else the first that can send), its
    /// identity's signature in place.
    pub fn new_message(&mut self, at: Instant) -> Task<Message> {
        let mut seed = self.new_message_seed_here();
        if let Some(body) = &self.bench_body {
            seed.draft.body = body.as_ref().clone();
        }
        self.open_composer(seed, at)
    }

    /// A new message's seed: from the account on screen, else the first that can send.
    pub(super) fn new_message_seed_here(&self) -> DraftSeed {
        let accounts = &self.tree.snapshot.accounts;
        let on_screen = self.current_account();
        let account = accounts
            .iter()
            .find(|a| Some(&a.id) == on_screen.as_ref())
            .or_else(|| accounts.iter().find(|a| a.smtp.is_some()));
        new_message_seed(account)
    }

    /// Reply to or forward stored message `id` (prepared off the UI thread).
    pub(super) fn reply(&mut self, id: i64, kind: ReplyKind, at: Instant) -> Task<Message> {
        let engine = self.engine.clone();
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || engine.reply_seed(id, kind))
                    .await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())
            },
            move |r| Message::OpenComposer(Box::new(r), at),
        )
    }

    /// The message a reply key acts on: the one in the reader, else the one selected.
    fn message_in_view(&self) -> Option<i64> {
        self.reader.view.as_ref().map(|v| v.id).or_else(|| {
            let i = self.list.selected?;
            self.list.id_at(i)
        })
    }

    /// Open a composer window for `seed`; the window's id is known (and its state kept) at once.
    pub fn open_composer(&mut self, seed: DraftSeed, at: Instant) -> Task<Message> {
        self.open_composer_keyed(seed, None, at)
    }

    /// Open a composer; with `key`, it continues that local save (a recovered draft).
    pub(super) fn open_composer_keyed(
        &mut self,
        seed: DraftSeed,
        key: Option<String>,
        at: Instant,
    ) -> Task<Message> {
        let (id, open) = window::open(crate::ui::app_identity::with_identity(window::Settings {
            size: COMPOSER_SIZE,
            min_size: Some(COMPOSER_MIN),
            exit_on_close_request: false,
            ..window::Settings::default()
        }));
        let senders = composer::senders(&self.tree.snapshot.accounts);
        let c = match key {
            Some(key) => Composer::recovered(seed, senders, key),
            None => Composer::new(seed, senders),
        };
        let focus = if c.to.is_empty() {
            c.field_id(Field::To)
        } else {
            c.widget_id("body")
        };
        let limit = match &c.from {
            Some(s) => self.load_size_limit(id, s.account_id.clone()),
            None => Task::none(),
        };
        self.composers.insert(id, c);
        self.compose_trace.opening(id, at);
        let shown = open.then(move |_| {
            Task::batch([
                Task::done(Message::Composer(id, composer::Message::Shown)),
                iced::widget::operation::focus(focus.clone()),
            ])
        });
        Task::batch([shown, limit])
    }

    pub(super) fn on_composer(&mut self, id: window::Id, m: composer::Message) -> Task<Message> {
        let edit = matches!(&m, composer::Message::Body(text_editor::Action::Edit(_)));
        let listed = matches!(
            &m,
            composer::Message::Read(_) | composer::Message::Remove(_)
        );
        let Some(c) = self.composers.get_mut(&id) else {
            return Task::none();
        };
        let fills = matches!(&m, composer::Message::Shown) && c.body_pending();
        let event = c.update(m);
        if fills {
            self.compose_trace.filled(id);
        }
        if edit {
            self.compose_trace.edited(id);
        }
        if listed {
            self.compose_trace.attachments(&c.attachments);
        }
        let save = self.schedule_save(id);
        let task = match event {
            composer::Event::None => Task::none(),
            composer::Event::SenderChanged(account_id) => self.load_size_limit(id, account_id),
            composer::Event::PickFiles => Task::perform(
                async {
                    rfd::AsyncFileDialog::new()
                        .set_title("Attach files")
                        .pick_files()
                        .await
                        .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect())
                        .unwrap_or_default()
                },
                move |paths| Message::Picked(id, paths),
            ),
            composer::Event::ReadFiles(paths) => read_files(id, paths),
            composer::Event::Suggest {
                field,
                account_id,
                prefix,
            } => {
                let engine = self.engine.clone();
                let typed = prefix.clone();
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            engine.contacts(account_id.as_deref(), &typed)
                        })
                        .await
                        .ok()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                    },
                    move |found| {
                        Message::Composer(
                            id,
                            composer::Message::Suggested(field, prefix.clone(), found),
                        )
                    },
                )
            }
            composer::Event::Send(outgoing) => self.queue(id, *outgoing),
        };
        Task::batch([task, save])
    }

    pub(super) fn on_picked(&mut self, id: window::Id, paths: Vec<PathBuf>) -> Task<Message> {
        match self.composers.get_mut(&id) {
            Some(c) if !paths.is_empty() => {
                c.reading_files(paths.len());
                read_files(id, paths)
            }
            _ => Task::none(),
        }
    }

    /// Build the message off the UI thread and put it in the outbox.
    fn queue(&mut self, id: window::Id, outgoing: composer::Outgoing) -> Task<Message> {
        let engine = self.engine.clone();
        let key = self
            .composers
            .get(&id)
            .map(|c| c.key.clone())
            .unwrap_or_default();
        let account = self
            .tree
            .snapshot
            .accounts
            .iter()
            .find(|a| a.id == outgoing.account_id)
            .cloned();
        Task::perform(
            async move {
                let account = account.ok_or_else(|| t().no_sender().to_string())?;
                let (_, draft, options, replaces) =
                    tokio::task::spawn_blocking(move || outgoing.into_draft())
                        .await
                        .map_err(|e| e.to_string())?;
                engine
                    .queue_seeded(&account, &draft, options, replaces)
                    .await
                    .map(|_| account.id.clone())
                    .map_err(|e| e.to_string())
            },
            move |r| Message::Queued(id, key.clone(), r),
        )
    }

    /// Queued: the composer closes, its local save goes, and the account's worker sends. Not
    /// queued: it stays open and says why (closed meanwhile: its local save keeps it).
    pub(super) fn on_queued(
        &mut self,
        id: window::Id,
        key: String,
        r: Result<String, String>,
    ) -> Task<Message> {
        match r {
            Ok(account_id) => {
                self.composers.remove(&id);
                let forget = self.forget_draft(key);
                self.notice = Some(match self.controls.get(&account_id) {
                    Some(control) => {
                        let _ = control.send(Control::FlushOutbox);
                        t().queued_notice().to_string()
                    }
                    None => t().queued_offline().to_string(),
                });
                Task::batch([window::close(id), self.reload_outbox(), forget])
            }
            Err(e) => {
                match self.composers.get_mut(&id) {
                    Some(c) => c.failed(e),
                    None => self.notice = Some(t().draft_not_filed(&e)),
                }
                Task::none()
            }
        }
    }

    /// Files dragged onto a composer window attach to that composer.
    pub(super) fn on_files(&mut self, id: window::Id, files: Files) -> Task<Message> {
        let m = match files {
            Files::Hovered => composer::Message::Hovered(true),
            Files::Left => composer::Message::Hovered(false),
            Files::Dropped(path) => composer::Message::Dropped(path),
        };
        self.on_composer(id, m)
    }

    /// Tab / Shift+Tab: the next or previous field of that window's form or composer. iced runs
    /// a widget operation over every open window as one sequence, so it is scoped to the
    /// window's own container.
    fn tab_task(&self, id: window::Id, forward: bool) -> Task<Message> {
        use iced::advanced::widget::operation::{focusable, scope};
        let target = match self.composers.get(&id) {
            Some(c) => c.widget_id("scope"),
            None if Some(id) == self.main => super::main_view::SCOPE.to_string(),
            None => return Task::none(),
        };
        let target = iced::advanced::widget::Id::from(target);
        if forward {
            iced::advanced::widget::operate(scope(target, focusable::focus_next()))
        } else {
            iced::advanced::widget::operate(scope(target, focusable::focus_previous()))
        }
    }

    pub(super) fn on_key(&mut self, id: window::Id, key: Shortcut, at: Instant) -> Task<Message> {
        let composing = self.composers.contains_key(&id);
        let main = Some(id) == self.main;
        let to_composer = |m| Message::Composer(id, m);
        match key {
            Shortcut::NewMessage => self.new_message(at),
            Shortcut::Send if composing => self.update(to_composer(composer::Message::Send)),
            Shortcut::Tab { .. }
                if composing
                    && self
                        .composers
                        .get(&id)
                        .is_some_and(|c| c.suggestions.is_some()) =>
            {
                self.update(to_composer(composer::Message::Tab))
            }
            // Tab / Shift+Tab move between the fields of a form or a composer (iced has no focus
            // chain of its own); a widget that took the key (the body editor) keeps it.
            Shortcut::Tab { free: true } => self.tab_task(id, true),
            Shortcut::BackTab => self.tab_task(id, false),
            Shortcut::Up if composing => self.update(to_composer(composer::Message::Highlight(-1))),
            Shortcut::Down if composing => {
                self.update(to_composer(composer::Message::Highlight(1)))
            }
            Shortcut::Search if main => self.focus_search(),
            Shortcut::Escape if main && self.setup.as_ref().is_some_and(|s| s.can_cancel) => {
                self.update(Message::Setup(crate::ui::account_setup::Message::Cancel))
            }
            Shortcut::Escape if main && self.list.menu.is_some() => {
                self.list.menu = None;
                Task::none()
            }
            Shortcut::Escape if main && self.acting.bar.picker => {
                self.acting.bar.picker = false;
                Task::none()
            }
            Shortcut::Escape if main && self.acting.help => {
                self.acting.help = false;
                Task::none()
            }
            Shortcut::Escape if main => self.escape_search(),
            Shortcut::Up if main => self.on_list(crate::ui::message_list::Message::Previous),
            Shortcut::Down if main => self.on_list(crate::ui::message_list::Message::Next),
            Shortcut::Open if main && self.setup.is_none() => match self.list.selected {
                Some(i) => match self.list.id_at(i) {
                    Some(id) if self.is_filed_draft(id) => {
                        self.on_draft(super::DraftMessage::Edit(id))
                    }
                    _ => Task::none(),
                },
                None => Task::none(),
            },
            Shortcut::Reply(kind) if main && self.setup.is_none() => match self.message_in_view() {
                Some(message) => self.reply(message, kind, at),
                None => Task::none(),
            },
            _ if main && self.setup.is_none() => self.on_mail_key(key, at),
            _ => Task::none(),
        }
    }

    pub(super) fn reload_outbox(&self) -> Task<Message> {
        let engine = self.engine.clone();
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || engine.outbox(None))
                    .await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())
            },
            Message::OutboxLoaded,
        )
    }

    pub(super) fn on_outbox_loaded(
        &mut self,
        r: Result<Vec<OutboxEntry>, String>,
    ) -> Task<Message> {
        match r {
            Ok(entries) => {
                self.outbox.set_entries(entries);
                self.tree.outbox_count = self.outbox.entries.len();
            }
            Err(e) => self.notice = Some(e),
        }
        Task::none()
    }

    pub(super) fn on_outbox(&mut self, m: outbox_view::Message) -> Task<Message> {
        let engine = self.engine.clone();
        match self.outbox.update(m) {
            outbox_view::Event::None => Task::none(),
            outbox_view::Event::SendNow { id, account_id } => Task::perform(
                async move {
                    engine
                        .outbox_retry_now(id)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                },
                move |r| Message::OutboxDone(Some(account_id.clone()), r),
            ),
            outbox_view::Event::Delete(id) => Task::perform(
                async move {
                    engine
                        .outbox_delete(id)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                },
                |r| Message::OutboxDone(None, r),
            ),
            outbox_view::Event::Edit(id) => {
                let at = Instant::now();
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || engine.outbox_seed(id))
                            .await
                            .map_err(|e| e.to_string())?
                            .map_err(|e| e.to_string())
                    },
                    move |r| Message::OpenComposer(Box::new(r), at),
                )
            }
        }
    }

    pub(super) fn on_outbox_done(
        &mut self,
        account: Option<String>,
        r: Result<(), String>,
    ) -> Task<Message> {
        match r {
            Ok(()) => {
                if let Some(control) = account.and_then(|a| self.controls.get(&a)) {
                    let _ = control.send(Control::FlushOutbox);
                }
            }
            Err(e) => self.notice = Some(e),
        }
        self.reload_outbox()
    }
}

fn read_files(id: window::Id, paths: Vec<PathBuf>) -> Task<Message> {
    Task::perform(attachments::read_files(paths), move |read| {
        Message::Composer(id, composer::Message::Read(read))
    })
}
