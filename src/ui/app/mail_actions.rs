//! Acting on the selected messages: the list, the counts and the reader change in the same
//! update (offline too); the engine then writes the change and queues it, and the account's
//! worker is told to send it. The last action can be undone (Ctrl+Z, "Undo").

use super::keys::Shortcut;
use super::{App, Message};
use crate::engine::{ActionDone, Control, MailAction, Undo};
use crate::store::FolderRole;
use crate::ui::action_bar::{self, Choice, Verb};
use crate::ui::folder_tree;
use crate::ui::reader::Reader;
use crate::ui::strings::t;
use iced::Task;
use std::time::{Duration, Instant};

/// How long "Undo" stays in the status bar (Ctrl+Z works until the next action).
pub const UNDO_SHOWN: Duration = Duration::from_secs(15);
/// `g` then `i` within this goes to the Inbox.
const GO_WINDOW: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone)]
pub enum ActMessage {
    Bar(action_bar::Message),
    /// Rows dropped on a folder of the tree.
    DroppedOn(i64),
    Done(Result<ActionDone, String>),
    Undo,
    /// How many changes wait for the server (all accounts).
    Pending(usize),
    /// The mouse button went up anywhere: a drag is over.
    MouseUp,
    Modifiers(iced::keyboard::Modifiers),
    /// Ctrl+A.
    SelectAll,
    /// Keys on the selection: Delete, e, s, u, m, Shift+J.
    Key(Verb),
    ToggleStar,
    ToggleRead,
    OpenPicker,
    /// Re-check whether "Undo" should still show.
    Tick,
    /// A folder was made, renamed or deleted (what to say, the account to nudge), or why not.
    FolderDone(Result<(String, String), String>),
    /// An entry of a row's menu: the menu closes and the message runs.
    FromMenu(Box<Message>),
}

/// What the app keeps for acting on mail.
#[derive(Debug)]
pub struct Acting {
    /// How long "Undo" shows ([`UNDO_SHOWN`]; tests shorten it).
    pub undo_for: Duration,
    pub bar: action_bar::ActionBar,
    /// The last action's undo and when it was done.
    pub undo: Option<(Undo, Instant)>,
    /// Changes waiting for the server, all accounts.
    pub pending: usize,
    /// The sheet of shortcuts is on show (`?`).
    pub help: bool,
    /// When `g` was pressed (then `i` goes to the Inbox).
    pub go_at: Option<Instant>,
}

impl Default for Acting {
    fn default() -> Self {
        Acting {
            undo_for: UNDO_SHOWN,
            bar: Default::default(),
            undo: None,
            pending: 0,
            help: false,
            go_at: None,
        }
    }
}

impl App {
    pub(super) fn on_act(&mut self, m: ActMessage) -> Task<Message> {
        match m {
            ActMessage::Bar(b) => self.on_bar(b),
            ActMessage::DroppedOn(folder) => {
                if self.list.pressed.take().is_none() {
                    return Task::none();
                }
                let rows = self.list.selection();
                if self.list.folder_id == Some(folder) || rows.is_empty() {
                    return Task::none();
                }
                self.act(rows, MailAction::MoveTo(folder))
            }
            ActMessage::Done(r) => self.on_acted(r),
            ActMessage::Undo => self.undo_last(),
            ActMessage::Pending(n) => {
                self.acting.pending = n;
                Task::none()
            }
            ActMessage::MouseUp => {
                self.list.pressed = None;
                Task::none()
            }
            ActMessage::Modifiers(m) => {
                self.list.modifiers = m;
                Task::none()
            }
            ActMessage::SelectAll => {
                self.list.select_all();
                Task::none()
            }
            ActMessage::Key(verb) => self.on_bar(action_bar::Message::Do(verb)),
            ActMessage::ToggleStar => {
                let on = !self.first_selected().is_some_and(|m| m.flagged);
                self.on_bar(action_bar::Message::Do(Verb::Star(on)))
            }
            ActMessage::ToggleRead => {
                let on = !self.first_selected().is_some_and(|m| m.seen);
                self.on_bar(action_bar::Message::Do(Verb::Read(on)))
            }
            ActMessage::OpenPicker => self.on_bar(action_bar::Message::OpenPicker { copy: false }),
            ActMessage::Tick => Task::none(),
            ActMessage::FolderDone(Ok((said, account))) => {
                self.notice = Some(said);
                self.nudge(&[account]);
                Task::batch([self.reload_snapshot(), self.reload_pending()])
            }
            ActMessage::FromMenu(m) => {
                self.list.menu = None;
                self.update(*m)
            }
            ActMessage::FolderDone(Err(e)) => {
                self.notice = Some(e);
                Task::none()
            }
        }
    }

    /// The folder tree's requests: drops and its menu.
    pub(super) fn on_folder_action(&mut self, e: folder_tree::Event) -> Task<Message> {
        let engine = self.engine.clone();
        let done = |r| Message::Act(ActMessage::FolderDone(r));
        let account_of = |tree: &folder_tree::FolderTree, id: i64| {
            tree.snapshot
                .folders
                .iter()
                .find(|(_, f)| f.iter().any(|x| x.id == id))
                .map(|(a, _)| a.clone())
                .unwrap_or_default()
        };
        match e {
            folder_tree::Event::Dropped(id) => self.on_act(ActMessage::DroppedOn(id)),
            folder_tree::Event::FocusName => {
                iced::widget::operation::focus(folder_tree::NAME_FIELD)
            }
            folder_tree::Event::CreateFolder { account, path } => Task::perform(
                async move {
                    engine
                        .create_folder(&account, &path)
                        .await
                        .map(|_| (t().folder_created(&path), account))
                        .map_err(|e| e.to_string())
                },
                done,
            ),
            folder_tree::Event::RenameFolder { folder, path } => {
                let account = account_of(&self.tree, folder);
                Task::perform(
                    async move {
                        engine
                            .rename_folder(folder, &path)
                            .await
                            .map(|_| (t().folder_renamed(&path), account))
                            .map_err(|e| e.to_string())
                    },
                    done,
                )
            }
            folder_tree::Event::DeleteFolder(folder) => {
                let account = account_of(&self.tree, folder);
                if self.tree.selected == Some(folder) {
                    self.folder_chosen = false;
                    self.tree.selected = None;
                    self.list = crate::ui::message_list::MessageList::default();
                    self.reader = Reader::default();
                }
                Task::perform(
                    async move {
                        engine
                            .delete_folder(folder)
                            .await
                            .map(|_| (t().folder_deleted().to_string(), account))
                            .map_err(|e| e.to_string())
                    },
                    done,
                )
            }
            _ => Task::none(),
        }
    }

    /// The mail keys of the main window (no field has the keyboard).
    pub(super) fn on_mail_key(&mut self, key: Shortcut, at: Instant) -> Task<Message> {
        let go = self.acting.go_at.take();
        match key {
            Shortcut::SelectAll => self.on_act(ActMessage::SelectAll),
            Shortcut::Undo => self.on_act(ActMessage::Undo),
            Shortcut::Delete => self.on_act(ActMessage::Key(Verb::Delete)),
            Shortcut::Archive => self.on_act(ActMessage::Key(Verb::Archive)),
            Shortcut::Junk => self.on_act(ActMessage::Key(Verb::Junk(true))),
            Shortcut::ToggleStar => self.on_act(ActMessage::ToggleStar),
            Shortcut::ToggleRead => self.on_act(ActMessage::ToggleRead),
            Shortcut::MoveTo => self.on_act(ActMessage::OpenPicker),
            Shortcut::Help => {
                self.acting.help = !self.acting.help;
                Task::none()
            }
            Shortcut::Go => {
                self.acting.go_at = Some(at);
                Task::none()
            }
            Shortcut::GoInbox if go.is_some_and(|g| at.duration_since(g) < GO_WINDOW) => {
                match self.tree.default_folder() {
                    Some(inbox) => self.update(Message::Folders(
                        crate::ui::folder_tree::Message::Select(inbox),
                    )),
                    None => Task::none(),
                }
            }
            _ => Task::none(),
        }
    }

    fn first_selected(&self) -> Option<&crate::store::MessageSummary> {
        self.list.shown(self.list.first_selected()?)
    }

    fn on_bar(&mut self, m: action_bar::Message) -> Task<Message> {
        use action_bar::Message as B;
        // Gathered only for what acts on it (a whole huge folder may be selected).
        let rows = |app: &App| app.list.selection();
        match m {
            B::Do(Verb::Delete) if self.deletes_for_good() => {
                if self.list.selection_len() > 0 {
                    self.acting.bar.confirm = Some(rows(self));
                }
                Task::none()
            }
            B::Do(verb) => self.act(rows(self), mail_action(verb)),
            B::ConfirmForever => match self.acting.bar.confirm.take() {
                Some(rows) => self.act(rows, MailAction::DeleteForever),
                None => Task::none(),
            },
            B::CancelForever => {
                self.acting.bar.confirm = None;
                Task::none()
            }
            B::OpenPicker { copy } => {
                if self.list.selection_len() == 0 {
                    return Task::none();
                }
                self.acting.bar.choices = self.move_choices();
                self.acting.bar.picker = true;
                self.acting.bar.copy = copy;
                self.acting.bar.filter.clear();
                iced::widget::operation::focus(action_bar::PICKER_ID)
            }
            B::Filter(f) => {
                self.acting.bar.filter = f;
                Task::none()
            }
            B::PickFirst => match self.acting.bar.matches().first().map(|c| c.id) {
                Some(id) => self.on_bar(B::Picked(id)),
                None => Task::none(),
            },
            B::Picked(folder) => {
                self.acting.bar.picker = false;
                let action = if self.acting.bar.copy {
                    MailAction::CopyTo(folder)
                } else {
                    MailAction::MoveTo(folder)
                };
                self.act(rows(self), action)
            }
            B::ClosePicker => {
                self.acting.bar.picker = false;
                Task::none()
            }
        }
    }

    /// Delete here means for good: the folder on show is the account's Trash.
    fn deletes_for_good(&self) -> bool {
        self.list
            .folder_id
            .and_then(|id| self.folder_role(id))
            .is_some_and(|r| r == FolderRole::Trash)
            && !self.search.bar.active()
    }

    pub(super) fn folder_role(&self, id: i64) -> Option<FolderRole> {
        self.tree
            .snapshot
            .folders
            .iter()
            .flat_map(|(_, f)| f.iter())
            .find(|f| f.id == id)
            .and_then(|f| f.role)
    }

    /// The folders of the selection's account, as the picker lists them.
    fn move_choices(&self) -> Vec<Choice> {
        let account = self.first_selected().map(|m| m.account_id.clone());
        self.tree
            .snapshot
            .folders
            .iter()
            .filter(|(a, _)| Some(a) == account.as_ref())
            .flat_map(|(_, f)| f.iter())
            .filter(|f| f.selectable && Some(f.id) != self.list.folder_id)
            .map(|f| Choice {
                id: f.id,
                label: self.engine.display_path(f),
            })
            .collect()
    }

    /// Show the action's result at once, then write it through the engine.
    pub(super) fn act(&mut self, rows: Vec<i64>, action: MailAction) -> Task<Message> {
        if rows.is_empty() {
            return Task::none();
        }
        let shown = self.show_now(&rows, action);
        let engine = self.engine.clone();
        let write = Task::perform(
            async move { engine.act(&rows, action).await.map_err(|e| e.to_string()) },
            |r| Message::Act(ActMessage::Done(r)),
        );
        Task::batch([shown, write])
    }

    /// The optimistic part: rows leave the list (the reader moves on) or change their marks.
    fn show_now(&mut self, rows: &[i64], action: MailAction) -> Task<Message> {
        // The rows loaded (an unloaded one's marks are not on screen; the counts follow with
        // the next snapshot).
        let summaries: Vec<(i64, bool, bool)> = rows
            .iter()
            .filter_map(|id| self.list.summary(*id))
            .map(|m| (m.id, m.seen, m.flagged))
            .collect();
        match action {
            MailAction::Read(on) => {
                for (id, _, flagged) in summaries {
                    self.show_flags(id, on, Some(flagged));
                }
                Task::none()
            }
            MailAction::Star(on) => {
                for (id, seen, _) in summaries {
                    self.show_flags(id, seen, Some(on));
                }
                self.reader.set_starred(rows, on);
                Task::none()
            }
            MailAction::CopyTo(_) => Task::none(),
            _ => {
                let unread = summaries.iter().filter(|s| !s.1).count() as i32;
                if let Some(folder) = self.list.folder_id.filter(|_| !self.search.bar.active()) {
                    self.tree.adjust_unread(folder, -unread);
                }
                let showing = self.reader.current_id();
                let next = self.list.remove(rows);
                match (showing, next) {
                    (Some(open), Some(next)) if rows.contains(&open) => self.open(next),
                    (Some(open), None) if rows.contains(&open) => {
                        self.reader = Reader::default();
                        self.opening = None;
                        Task::none()
                    }
                    _ => Task::none(),
                }
            }
        }
    }

    fn on_acted(&mut self, r: Result<ActionDone, String>) -> Task<Message> {
        match r {
            Ok(done) => {
                let said: Vec<String> = done.said.iter().map(|s| t().action_done(s)).collect();
                self.notice = Some(said.join("; "));
                if let Some(undo) = done.undo.clone() {
                    self.acting.undo = Some((undo, Instant::now()));
                }
                self.nudge(&done.accounts);
                Task::batch([
                    self.reload_snapshot(),
                    self.reload_pending(),
                    Task::perform(undo_timer(self.acting.undo_for), |_| {
                        Message::Act(ActMessage::Tick)
                    }),
                ])
            }
            Err(e) => {
                // Nothing was written: show the store as it is.
                self.notice = Some(e);
                self.reload_snapshot()
            }
        }
    }

    fn undo_last(&mut self) -> Task<Message> {
        let Some((undo, _)) = self.acting.undo.take() else {
            return Task::none();
        };
        let engine = self.engine.clone();
        Task::perform(
            async move { engine.undo(undo).await.map_err(|e| e.to_string()) },
            |r| Message::Act(ActMessage::Done(r)),
        )
    }

    /// Whether "Undo" still shows in the status bar.
    pub(super) fn undo_shown(&self) -> bool {
        self.acting
            .undo
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() < self.acting.undo_for)
    }

    /// Tell the accounts' workers to send their queues now.
    pub(super) fn nudge(&self, accounts: &[String]) {
        for a in accounts {
            if let Some(c) = self.controls.get(a) {
                let _ = c.send(Control::Replay);
            }
        }
    }

    pub(super) fn reload_pending(&self) -> Task<Message> {
        let engine = self.engine.clone();
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || engine.pending(None).map(|p| p.len()))
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or(0)
            },
            |n| Message::Act(ActMessage::Pending(n)),
        )
    }
}

async fn undo_timer(d: Duration) {
    tokio::time::sleep(d).await
}

fn mail_action(verb: Verb) -> MailAction {
    match verb {
        Verb::Delete => MailAction::Delete,
        Verb::Archive => MailAction::Archive,
        Verb::Junk(on) => MailAction::Junk(on),
        Verb::Read(on) => MailAction::Read(on),
        Verb::Star(on) => MailAction::Star(on),
    }
}
