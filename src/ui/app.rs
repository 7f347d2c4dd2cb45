//! The root of the window: state, messages, a dispatch-table update, the view, and one
//! subscription per account that runs the engine's worker.

use super::account_setup::{self, AccountSetup};
use super::account_tasks;
use super::folder_tree::{self, FolderTree};
use super::frame_trace::FrameTrace;
use super::message_list::{self, MessageList};
use super::reader::{self, Reader};
use super::store_tasks::{self, ReaderView, Snapshot};
use super::strings::t;
use super::window_state::WindowState;
use crate::engine::local_folders::LOCAL_ACCOUNT;
use crate::engine::{worker, Control, Engine, FlagChange, Update};
use crate::imap::{SyncEvent, SyncOptions};
use crate::store::MessageSummary;
use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, Stream};
use iced::widget::{column, container, pane_grid, row, rule, text};
use iced::{keyboard, window, Element, Fill, Size, Subscription, Task};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tokio::sync::mpsc::UnboundedSender;

static DATA_DIR: OnceLock<PathBuf> = OnceLock::new();
static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();

/// The one engine of this process (the subscription builders cannot capture it).
fn engine() -> Arc<Engine> {
    ENGINE
        .get_or_init(|| {
            let dir = DATA_DIR
                .get()
                .cloned()
                .unwrap_or_else(Engine::default_data_dir);
            Arc::new(Engine::new(dir))
        })
        .clone()
}

pub fn run(data_dir: PathBuf) -> iced::Result {
    let _ = STARTED.set(std::time::Instant::now());
    super::strings::init_from_env();
    let state = WindowState::load(&data_dir);
    let _ = INITIAL_STATE.set(state);
    let _ = DATA_DIR.set(data_dir);
    iced::application(App::boot, App::update, App::view)
        .title(App::title)
        .subscription(App::subscription)
        .window_size((state.width, state.height))
        .exit_on_close_request(false)
        .run()
}

static INITIAL_STATE: OnceLock<WindowState> = OnceLock::new();
static STARTED: OnceLock<std::time::Instant> = OnceLock::new();

/// With `JEBI_STARTUP_TRACE` set, says on stderr when the first folder's rows reach the list
/// (the next frame draws them): `bench/window.sh` reads it.
fn trace_first_rows(rows: usize) {
    static DONE: OnceLock<()> = OnceLock::new();
    if std::env::var_os("JEBI_STARTUP_TRACE").is_some() && DONE.set(()).is_ok() {
        if let Some(started) = STARTED.get() {
            eprintln!(
                "jebi: startup: {rows} rows ready after {} ms",
                started.elapsed().as_millis()
            );
        }
    }
}

/// With `JEBI_LIST_TRACE` set, says on stderr what the message list holds each time it is
/// (re)filled: its row count and the newest subject. The end-to-end test reads it to see mail
/// pushed by IDLE reach the open list.
fn trace_list(rows: &[MessageSummary]) {
    if std::env::var_os("JEBI_LIST_TRACE").is_some() {
        let newest = rows.first().map(|m| m.subject.as_str()).unwrap_or("");
        eprintln!("jebi: list: {} rows, newest: {newest}", rows.len());
    }
}

/// What an account's worker tells the window.
#[derive(Debug, Clone)]
pub enum WorkerEvent {
    Ready(UnboundedSender<Control>),
    Update(Update),
}

#[derive(Debug, Clone)]
pub enum Message {
    Snapshot(Result<Snapshot, String>),
    Folders(folder_tree::Message),
    List(message_list::Message),
    Reader(reader::Message),
    Setup(account_setup::Message),
    Tested(Result<String, (String, Option<String>)>),
    FolderLoaded(i64, Result<Vec<MessageSummary>, String>),
    Opened(i64, Result<ReaderView, String>),
    /// Err: the sentence to show, and the fingerprint of a refused certificate.
    AccountAdded(Result<(), (String, Option<String>)>),
    SaveInto(i64, usize, Option<PathBuf>),
    Saved(Result<PathBuf, String>),
    Resized(Size),
    Notice(Option<String>),
    Removed(String),
    PaneResized(pane_grid::ResizeEvent),
    CloseRequested(window::Id),
    Worker(String, WorkerEvent),
    /// A flag of a Local Folders message changed in the index (its flags now).
    LocalFlags(i64, Result<Vec<String>, String>),
    /// A frame began (only while `JEBI_FRAME_TRACE` is set).
    Frame(std::time::Instant),
}

/// The three panes of the main view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneKind {
    Folders,
    List,
    Reader,
}

fn panes_for(state: &WindowState) -> pane_grid::State<PaneKind> {
    use pane_grid::{Axis, Configuration};
    pane_grid::State::with_configuration(Configuration::Split {
        axis: Axis::Vertical,
        ratio: state.folders_ratio,
        a: Box::new(Configuration::Pane(PaneKind::Folders)),
        b: Box::new(Configuration::Split {
            axis: Axis::Vertical,
            ratio: state.list_ratio,
            a: Box::new(Configuration::Pane(PaneKind::List)),
            b: Box::new(Configuration::Pane(PaneKind::Reader)),
        }),
    })
}

pub struct App {
    pub tree: FolderTree,
    pub list: MessageList,
    pub reader: Reader,
    pub setup: Option<AccountSetup>,
    /// Account id -> one line of state ("syncing Inbox 1,240 of 20,000", "up to date", ...).
    pub status: HashMap<String, String>,
    controls: HashMap<String, UnboundedSender<Control>>,
    /// The message the reader is waiting for (later results for others are dropped).
    opening: Option<i64>,
    /// The last thing done that the status bar reports ("Saved ...").
    notice: Option<String>,
    /// Size, pane widths and last folder, saved when the window closes.
    window: WindowState,
    panes: pane_grid::State<PaneKind>,
    /// The user picked a folder (until then the default follows the accounts).
    folder_chosen: bool,
    pub error: Option<String>,
    frames: FrameTrace,
}

impl App {
    fn boot() -> (App, Task<Message>) {
        let window = INITIAL_STATE.get().copied().unwrap_or_default();
        let app = App {
            panes: panes_for(&window),
            window,
            tree: FolderTree::default(),
            list: MessageList::default(),
            reader: Reader::default(),
            setup: None,
            status: HashMap::new(),
            controls: HashMap::new(),
            opening: None,
            notice: None,
            folder_chosen: false,
            error: None,
            frames: FrameTrace::from_env(),
        };
        (app, App::reload_snapshot())
    }

    /// Remember the split ratios after the user dragged one.
    fn on_pane_resized(&mut self, e: pane_grid::ResizeEvent) -> Task<Message> {
        self.panes.resize(e.split, e.ratio);
        if let pane_grid::Node::Split { ratio, b, .. } = self.panes.layout() {
            self.window.folders_ratio = *ratio;
            if let pane_grid::Node::Split { ratio, .. } = b.as_ref() {
                self.window.list_ratio = *ratio;
            }
        }
        Task::none()
    }

    fn title(&self) -> String {
        "Jebi".to_string()
    }

    fn reload_snapshot() -> Task<Message> {
        Task::perform(store_tasks::load_snapshot(engine()), Message::Snapshot)
    }

    fn load_folder(folder_id: i64) -> Task<Message> {
        Task::perform(store_tasks::load_folder(engine(), folder_id), move |r| {
            Message::FolderLoaded(folder_id, r)
        })
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Snapshot(r) => self.on_snapshot(r),
            Message::Folders(m) => self.on_folders(m),
            Message::List(m) => self.on_list(m),
            Message::Reader(m) => self.on_reader(m),
            Message::SaveInto(id, index, dir) => self.on_save_into(id, index, dir),
            Message::PaneResized(e) => self.on_pane_resized(e),
            Message::Removed(n) => {
                self.notice = Some(n);
                self.folder_chosen = false;
                self.list = MessageList::default();
                self.reader = Reader::default();
                Self::reload_snapshot()
            }
            Message::Notice(n) => {
                if n.is_some() {
                    self.notice = n;
                }
                Task::none()
            }
            Message::Resized(size) => {
                self.window.width = size.width;
                self.window.height = size.height;
                Task::none()
            }
            Message::CloseRequested(id) => {
                let state = self.window;
                Task::perform(
                    async move {
                        let dir = engine().data_dir().to_path_buf();
                        let _ = tokio::task::spawn_blocking(move || state.save(&dir)).await;
                    },
                    move |_| id,
                )
                .then(window::close)
            }
            Message::Saved(r) => {
                self.notice = Some(match r {
                    Ok(path) => format!("Saved {}", path.display()),
                    Err(e) => e,
                });
                Task::none()
            }
            Message::Setup(m) => self.on_setup(m),
            Message::Tested(r) => self.on_tested(r),
            Message::FolderLoaded(id, r) => self.on_folder_loaded(id, r),
            Message::Opened(id, r) => self.on_message_loaded(id, r),
            Message::AccountAdded(r) => self.on_account_added(r),
            Message::Worker(id, e) => self.on_worker(id, e),
            Message::Frame(at) => self.on_frame(at),
            Message::LocalFlags(id, r) => self.on_local_flags(id, r),
        }
    }

    fn on_snapshot(&mut self, r: Result<Snapshot, String>) -> Task<Message> {
        let snapshot = match r {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        let first_start = self.tree.snapshot.folders.is_empty();
        if snapshot.accounts.is_empty() && first_start {
            self.setup = Some(AccountSetup::new(true));
        }
        self.tree.snapshot = snapshot;
        // Until the user picks a folder, follow the best default (an account's Inbox once
        // its folders are known, Local Folders before).
        if !self.folder_chosen {
            // The folder open when the window last closed, once it is known again.
            match self.window.folder_id.filter(|id| self.tree.contains(*id)) {
                Some(id) => {
                    self.tree.selected = Some(id);
                    self.folder_chosen = true;
                }
                None => self.tree.selected = None,
            }
        }
        match self.tree.selected {
            Some(id) if self.tree.contains(id) => Self::load_folder(id),
            _ => match self.tree.default_folder() {
                Some(id) => {
                    self.tree.selected = Some(id);
                    Self::load_folder(id)
                }
                None => Task::none(),
            },
        }
    }

    fn on_folders(&mut self, m: folder_tree::Message) -> Task<Message> {
        match self.tree.update(m) {
            folder_tree::Event::Selected(id) => {
                self.folder_chosen = true;
                self.window.folder_id = Some(id);
                self.setup = None;
                if self.list.folder_id != Some(id) {
                    self.reader = Reader::default();
                    self.opening = None;
                }
                Self::load_folder(id)
            }
            folder_tree::Event::None => Task::none(),
            folder_tree::Event::RemoveAccount(name) => Task::perform(
                async move {
                    engine()
                        .remove_account(&name)
                        .await
                        .map(|a| format!("Removed account '{}'", a.name))
                        .unwrap_or_else(|e| e.to_string())
                },
                Message::Removed,
            ),
            folder_tree::Event::AddAccount => {
                self.setup = Some(AccountSetup::new(true));
                Task::none()
            }
            folder_tree::Event::EditAccount(name) => {
                let account = self.tree.snapshot.accounts.iter().find(|a| a.name == name);
                self.setup = account.map(AccountSetup::edit);
                Task::none()
            }
        }
    }

    fn on_folder_loaded(
        &mut self,
        folder_id: i64,
        r: Result<Vec<MessageSummary>, String>,
    ) -> Task<Message> {
        // A folder the user has left since: drop the stale result.
        if self.tree.selected != Some(folder_id) {
            return Task::none();
        }
        match r {
            Ok(rows) => {
                trace_first_rows(rows.len());
                trace_list(&rows);
                self.list.set_rows(folder_id, rows);
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn on_list(&mut self, m: message_list::Message) -> Task<Message> {
        let (task, event) = self.list.update(m);
        let task = task.map(Message::List);
        match event {
            message_list::Event::None => task,
            message_list::Event::Open(id) => Task::batch([task, self.open(id)]),
        }
    }

    /// Show a message and mark it read (on the server through its account's worker).
    fn open(&mut self, id: i64) -> Task<Message> {
        self.opening = Some(id);
        let row = self.list.rows.iter().find(|m| m.id == id).cloned();
        let mark = row
            .filter(|m| !m.seen)
            .and_then(|m| self.change_flag(&m.account_id, id, FlagChange::Seen(true)));
        let mark = match mark {
            Some(task) => {
                self.show_flags(id, true, None);
                task
            }
            None => Task::none(),
        };
        let load = Task::perform(store_tasks::load_message(engine(), id), move |r| {
            Message::Opened(id, r)
        });
        Task::batch([mark, load])
    }

    /// A flag change: through the account's worker (the server first), or straight into the
    /// index for Local Folders, which have no server. None while the account's worker is not
    /// ready (nothing is changed then).
    fn change_flag(
        &mut self,
        account_id: &str,
        message_id: i64,
        change: FlagChange,
    ) -> Option<Task<Message>> {
        if let Some(control) = self.controls.get(account_id) {
            let _ = control.send(Control::SetFlag { message_id, change });
            return Some(Task::none());
        }
        if account_id != LOCAL_ACCOUNT {
            return None;
        }
        Some(Task::perform(
            async move {
                engine()
                    .set_flag(message_id, change)
                    .await
                    .map_err(|e| e.to_string())
            },
            move |r| Message::LocalFlags(message_id, r),
        ))
    }

    fn on_local_flags(&mut self, id: i64, r: Result<Vec<String>, String>) -> Task<Message> {
        match r {
            Ok(flags) => self.show_flag_list(id, &flags),
            Err(e) => self.notice = Some(e),
        }
        Task::none()
    }

    /// Show a message's flags as stored (server or index) in the list and the unread count.
    fn show_flag_list(&mut self, id: i64, flags: &[String]) {
        let seen = flags.iter().any(|f| f == "\\Seen");
        let flagged = flags.iter().any(|f| f == "\\Flagged");
        self.show_flags(id, seen, Some(flagged));
    }

    /// Show a message as read or not (and starred or not) in the list, and keep its folder's
    /// unread count in the tree in step.
    fn show_flags(&mut self, id: i64, seen: bool, flagged: Option<bool>) {
        let was_seen = self.list.rows.iter().find(|m| m.id == id).map(|m| m.seen);
        self.list.mark_seen(id, seen, flagged);
        if let (Some(was), Some(folder)) = (was_seen, self.list.folder_id) {
            if was != seen {
                self.tree.adjust_unread(folder, if seen { -1 } else { 1 });
            }
        }
    }

    fn on_message_loaded(&mut self, id: i64, r: Result<ReaderView, String>) -> Task<Message> {
        if self.opening != Some(id) {
            return Task::none();
        }
        match r {
            Ok(v) => self.reader.show(v),
            Err(e) => self.reader.error = Some(e),
        }
        Task::none()
    }

    fn on_reader(&mut self, m: reader::Message) -> Task<Message> {
        match self.reader.update(m) {
            None => Task::none(),
            Some(reader::Event::Star { id, on }) => {
                let Some(row) = self.list.rows.iter().find(|r| r.id == id).cloned() else {
                    return Task::none();
                };
                match self.change_flag(&row.account_id, id, FlagChange::Flagged(on)) {
                    Some(task) => {
                        self.show_flags(id, row.seen, Some(on));
                        task
                    }
                    None => Task::none(),
                }
            }
            Some(reader::Event::ShowRemote { id, urls }) => {
                Task::perform(store_tasks::fetch_remote(urls), move |fetched| {
                    Message::Reader(reader::Message::RemoteLoaded(id, Arc::new(fetched)))
                })
            }
            Some(reader::Event::OpenLink(url)) if !crate::mime::html_doc::followable(&url) => {
                self.notice = Some(format!("Not opening {url}: not a web or mail address"));
                Task::none()
            }
            Some(reader::Event::OpenLink(url)) => {
                self.notice = Some(format!("Opening {url}"));
                Task::perform(
                    async move {
                        let target = url.clone();
                        tokio::task::spawn_blocking(move || open::that_detached(&target))
                            .await
                            .map_err(|e| e.to_string())?
                            .map_err(|e| format!("cannot open {url}: {e}"))
                    },
                    |r| Message::Notice(r.err()),
                )
            }
            Some(reader::Event::Open { id, index }) => {
                Task::perform(store_tasks::open_attachment(engine(), id, index), |r| {
                    Message::Notice(r.err())
                })
            }
            Some(reader::Event::Save { id, index }) => Task::perform(
                async {
                    rfd::AsyncFileDialog::new()
                        .set_title("Save attachment into")
                        .pick_folder()
                        .await
                        .map(|h| h.path().to_path_buf())
                },
                move |dir| Message::SaveInto(id, index, dir),
            ),
        }
    }

    fn on_save_into(&mut self, id: i64, index: usize, dir: Option<PathBuf>) -> Task<Message> {
        match dir {
            None => Task::none(),
            Some(dir) => Task::perform(
                store_tasks::save_attachment(engine(), id, index, dir),
                Message::Saved,
            ),
        }
    }

    fn on_setup(&mut self, m: account_setup::Message) -> Task<Message> {
        let Some(setup) = self.setup.as_mut() else {
            return Task::none();
        };
        match setup.update(m) {
            account_setup::Event::None => Task::none(),
            account_setup::Event::Cancel => {
                self.setup = None;
                Task::none()
            }
            account_setup::Event::PickCa => Task::perform(
                async {
                    let file = rfd::AsyncFileDialog::new()
                        .set_title("Certificate or CA to trust (PEM)")
                        .add_filter("PEM certificate", &["pem", "crt", "cer"])
                        .pick_file()
                        .await?;
                    let pem = String::from_utf8_lossy(&file.read().await).into_owned();
                    Some((file.file_name(), pem))
                },
                |picked| Message::Setup(account_setup::Message::CaPicked(picked)),
            ),
            account_setup::Event::Test(form, password) => {
                let editing = setup.editing.clone();
                Task::perform(
                    account_tasks::test_connection(engine(), *form, password, editing),
                    Message::Tested,
                )
            }
            account_setup::Event::Submit(form, password) => {
                let editing = setup.editing.clone();
                Task::perform(
                    account_tasks::save(engine(), *form, password, editing),
                    Message::AccountAdded,
                )
            }
        }
    }

    fn on_tested(&mut self, r: Result<String, (String, Option<String>)>) -> Task<Message> {
        if let Some(setup) = self.setup.as_mut() {
            setup.finished(r);
        }
        Task::none()
    }

    fn on_account_added(&mut self, r: Result<(), (String, Option<String>)>) -> Task<Message> {
        match r {
            Ok(()) => {
                // An edited account syncs at once (a new password does not change the settings
                // its worker is keyed on; new settings start a new worker anyway).
                let edited = self.setup.as_ref().and_then(|s| s.editing.as_deref());
                let account = edited
                    .and_then(|name| self.tree.snapshot.accounts.iter().find(|a| a.name == name));
                if let Some(control) = account.and_then(|a| self.controls.get(&a.id)) {
                    let _ = control.send(Control::SyncNow);
                }
                self.setup = None;
                self.tree.selected = None;
                Self::reload_snapshot()
            }
            Err(failure) => {
                if let Some(s) = self.setup.as_mut() {
                    s.finished(Err(failure));
                }
                Task::none()
            }
        }
    }

    fn on_worker(&mut self, account_id: String, e: WorkerEvent) -> Task<Message> {
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
            Update::Stopped => Some(t().stopped().to_string()),
        };
        if let Some(l) = line {
            self.status.insert(account_id.clone(), l);
        }
        match update {
            // Re-read the store only when a pass changed something (not every 9-minute renewal).
            Update::Synced(s) | Update::Progress(SyncEvent::FolderDone { summary: s, .. })
                if s.changed() || !self.knows_folders_of(&account_id) =>
            {
                Self::reload_snapshot()
            }
            Update::FlagsChanged { message_id, flags } => {
                self.show_flag_list(message_id, &flags);
                Task::none()
            }
            _ => Task::none(),
        }
    }

    /// `JEBI_FRAME_TRACE`: time this frame, and move the list on in a scripted scroll.
    fn on_frame(&mut self, at: std::time::Instant) -> Task<Message> {
        let offset = self.list.viewport.offset_y;
        if let Some(ms) = self.frames.frame(at) {
            eprintln!("jebi: frame: {ms:.3} ms at offset {offset}");
        }
        if self.setup.is_some() {
            return Task::none();
        }
        let max = self.list.content_height() - self.list.viewport.height;
        match self.frames.next_offset(self.list.rows.len(), offset, max) {
            Some(y) => self.list.scroll_to(y).map(Message::List),
            None => Task::none(),
        }
    }

    /// Whether the folder tree already lists this account's folders.
    fn knows_folders_of(&self, account_id: &str) -> bool {
        self.tree
            .snapshot
            .folders
            .iter()
            .any(|(id, f)| id == account_id && !f.is_empty())
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs: Vec<Subscription<Message>> = self
            .tree
            .snapshot
            .accounts
            .iter()
            .map(|a| {
                // Keyed on the settings too: an edited account gets a new worker.
                Subscription::run_with((a.id.clone(), settings_hash(a)), account_worker)
                    .map(|(id, e)| Message::Worker(id, e))
            })
            .collect();
        subs.push(window::resize_events().map(|(_, size)| Message::Resized(size)));
        subs.push(window::close_requests().map(Message::CloseRequested));
        if self.frames.enabled() {
            subs.push(window::frames().map(Message::Frame));
        }
        subs.push(keyboard::listen().filter_map(|e| {
            use keyboard::key::Named;
            match e {
                keyboard::Event::KeyPressed {
                    key: keyboard::Key::Named(Named::ArrowUp),
                    ..
                } => Some(Message::List(message_list::Message::Previous)),
                keyboard::Event::KeyPressed {
                    key: keyboard::Key::Named(Named::ArrowDown),
                    ..
                } => Some(Message::List(message_list::Message::Next)),
                _ => None,
            }
        }));
        Subscription::batch(subs)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let main: Element<'_, Message> = match &self.setup {
            Some(setup) => row![
                container(self.tree.view(&self.status).map(Message::Folders))
                    .width(250)
                    .height(Fill),
                rule::vertical(1),
                setup.view().map(Message::Setup),
            ]
            .height(Fill)
            .into(),
            None => pane_grid(&self.panes, |_pane, kind, _maximized| {
                let body: Element<'_, Message> = match kind {
                    PaneKind::Folders => self.tree.view(&self.status).map(Message::Folders),
                    PaneKind::List => self.list.view().map(Message::List),
                    PaneKind::Reader => self.reader.view().map(Message::Reader),
                };
                pane_grid::Content::new(container(body).width(Fill).height(Fill))
            })
            .spacing(2)
            .on_resize(8, Message::PaneResized)
            .height(Fill)
            .into(),
        };
        let mut status: Vec<String> = self
            .tree
            .snapshot
            .accounts
            .iter()
            .filter_map(|a| self.status.get(&a.id).map(|s| format!("{}: {s}", a.name)))
            .collect();
        status.extend(self.tree.snapshot.warnings.iter().cloned());
        if let Some(n) = &self.notice {
            status.push(n.clone());
        }
        if let Some(e) = &self.error {
            status.push(e.clone());
        }
        if status.is_empty() {
            status.push(format!("{} — {}", t().local_folders(), t().no_accounts()));
        }
        column![
            main,
            rule::horizontal(1),
            container(text(status.join("   ·   ")).size(12)).padding([4, 8]),
        ]
        .into()
    }
}

/// A fingerprint of an account's settings.
fn settings_hash(account: &crate::account::Account) -> u64 {
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
fn account_worker(key: &(String, u64)) -> impl Stream<Item = (String, WorkerEvent)> + use<> {
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
