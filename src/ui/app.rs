//! The root of the window: state, messages, a dispatch-table update, the views of its windows
//! (the main window and any number of composers, iced `daemon`), and one subscription per
//! account that runs the engine's worker.

mod compose;
mod conversations;
mod drafts;
pub mod instance;
mod keys;
mod mail_actions;
mod main_view;
mod opening;
mod reading;
mod row_menu;
mod search;
mod settings_screen;
mod setup;
mod traces;
use traces::{trace_first_rows, trace_list};
mod window_frame;
mod workers;

use super::account_setup::{self, AccountSetup};
use super::composer::{self, Composer};
use super::composer_trace::{self, ComposerTrace};
use super::folder_tree::{self, FolderTree};
use super::frame_trace::FrameTrace;
use super::message_list::{self, MessageList};
use super::outbox_view::{self, OutboxView};
use super::reader::{self, receipts, Reader};
use super::store_tasks::{self, ReaderView, Snapshot};
use super::strings::t;
use super::window_state::WindowState;
use crate::engine::drafts::DraftSeed;
use crate::engine::local_folders::LOCAL_ACCOUNT;
use crate::engine::{Control, Engine, FlagChange};
use crate::store::{MessageSummary, OutboxEntry};
#[cfg(test)]
pub use conversations::CONVERSATION_ROWS;
#[cfg(test)]
pub use drafts::recover;
pub use drafts::DraftMessage;
use iced::widget::pane_grid;
use iced::{window, Element, Size, Subscription, Task};
#[cfg(test)]
pub use keys::shortcut;
pub use keys::{Files, Shortcut};
#[cfg(test)]
pub use mail_actions::ActMessage;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;
use tokio::sync::mpsc::UnboundedSender;
pub use workers::WorkerEvent;

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
    crate::locale::init_window();
    let state = WindowState::load(&data_dir);
    let _ = INITIAL_STATE.set(state);
    let _ = DATA_DIR.set(data_dir);
    iced::daemon(App::boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .run()
}

static INITIAL_STATE: OnceLock<WindowState> = OnceLock::new();
static STARTED: OnceLock<std::time::Instant> = OnceLock::new();
/// The smallest the main window gets: the three panes keep an account's name, a sender and a
/// subject readable.
pub const MIN_WINDOW: Size = Size::new(760.0, 480.0);

/// How long a status-bar notice or error stays before it clears itself.
const NOTICE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, Clone)]
pub enum Message {
    Snapshot(Result<Snapshot, String>),
    /// A second `jebi` handed this over (see `crate::instance`).
    Instance(crate::instance::Request),
    Settings(super::settings_view::Message),
    Folders(folder_tree::Message),
    List(message_list::Message),
    Reader(reader::Message),
    Setup(account_setup::Message),
    Tested(Result<String, (String, Option<String>)>),
    /// A folder opened or reloaded: its count and first page (and on a reload its ids).
    FolderLoaded(i64, Result<message_list::Head, String>),
    /// The ids of all the rows of a folder, asked for in the list's generation `u64`.
    FolderIds(i64, u64, Result<Vec<i64>, String>),
    /// A page of a folder's list (folder, generation, page).
    PageLoaded(i64, u64, usize, Result<Vec<MessageSummary>, String>),
    /// The folder tree's counts, read after the tree (see `load_snapshot_uncounted`).
    Counts(Result<Snapshot, String>),
    Opened(i64, Box<Result<ReaderView, String>>),
    /// Err: the sentence to show, and the fingerprint of a refused certificate.
    AccountAdded(Result<(), (String, Option<String>)>),
    SaveInto(i64, usize, Option<PathBuf>),
    Saved(Result<PathBuf, String>),
    Resized(window::Id, Size),
    Notice(Option<String>),
    /// The status-bar notice of this generation has been read long enough.
    NoticeExpired(u64),
    Removed(String),
    PaneResized(pane_grid::ResizeEvent),
    CloseRequested(window::Id),
    /// A window is gone.
    Closed(window::Id),
    Worker(String, WorkerEvent),
    /// A message's flag changed in the index (its account, and its flags now).
    LocalFlags(i64, String, Result<Vec<String>, String>),
    /// A frame of a window was drawn; it began at the instant (only while a trace waits for one).
    Frame(window::Id, Instant),
    /// A shortcut pressed in a window, and when.
    Key(window::Id, Shortcut, Instant),
    /// Files dragged over or dropped on a window.
    Files(window::Id, Files),
    Composer(window::Id, composer::Message),
    /// A reply, forward or outbox message ready to open in a composer (asked for at the instant).
    OpenComposer(Box<Result<DraftSeed, String>>, Instant),
    /// Files picked for composer's attachments.
    Picked(window::Id, Vec<PathBuf>),
    /// The composer's message (its draft key) is in the outbox (its account id), or why not.
    Queued(window::Id, String, Result<String, String>),
    Drafts(DraftMessage),
    Outbox(outbox_view::Message),
    OutboxLoaded(Result<Vec<OutboxEntry>, String>),
    /// An outbox action finished: flush this account now, and what to say if it failed.
    OutboxDone(Option<String>, Result<(), String>),
    /// Text a benchmark prefills new composers with (`JEBI_COMPOSER_BODY`).
    BenchBody(Option<Arc<String>>),
    Search(super::search_bar::Message),
    /// Acting on the selected messages (see `mail_actions`).
    Act(mail_actions::ActMessage),
    /// The list shows one row per conversation (true) or per message.
    Conversations(bool),
    /// A folder's conversations read for the list.
    ConversationsLoaded(i64, Box<conversations::Rows>),
    /// The other messages of the open message's conversation, and how many come before it.
    Conversation(
        i64,
        Box<Result<(Vec<store_tasks::ReaderView>, usize), String>>,
    ),
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
    engine: Arc<Engine>,
    /// The main window (None until it is opened, and in tests).
    pub main: Option<window::Id>,
    pub composers: HashMap<window::Id, Composer>,
    pub outbox: OutboxView,
    compose_trace: ComposerTrace,
    bench_body: Option<Arc<String>>,
    draft_files: drafts::DraftFiles,
    /// How long after a change a composer is saved on this computer.
    pub draft_delay: std::time::Duration,
    /// Drafts earlier runs left, offered in the status bar until opened.
    pub recovered: Vec<crate::engine::draft_store::LocalDraft>,
    pub tree: FolderTree,
    pub list: MessageList,
    pub search: search::SearchState,
    pub reader: Reader,
    pub setup: Option<AccountSetup>,
    /// Account id -> one line of state ("syncing Inbox 1,240 of 20,000", "up to date", ...).
    pub status: HashMap<String, String>,
    controls: HashMap<String, UnboundedSender<Control>>,
    /// The message the reader is waiting for (later results for others are dropped).
    opening: Option<i64>,
    /// It was opened from a row not loaded yet: marked read once loaded, if unread.
    mark_when_loaded: bool,
    /// The last thing done that the status bar reports ("Saved ...").
    pub notice: Option<String>,
    /// Counts notices, so that only the latest one's timer clears it.
    notice_generation: u64,
    /// Size, pane widths and last folder, saved when the window closes.
    window: WindowState,
    panes: pane_grid::State<PaneKind>,
    /// The user picked a folder (until then the default follows the accounts).
    folder_chosen: bool,
    pub error: Option<String>,
    frames: FrameTrace,
    pub acting: mail_actions::Acting,
    /// The settings in force, and the Settings screen when it is open.
    settings: crate::settings::Settings,
    settings_view: Option<super::settings_view::SettingsView>,
    /// A folder whose conversation list was scrolled to its end, and how many it reads now.
    more_rows: (i64, usize),
}

impl App {
    /// The state of a window over `engine`, before anything is loaded.
    pub fn new(engine: Arc<Engine>, window: WindowState) -> App {
        App {
            engine,
            main: None,
            composers: HashMap::new(),
            outbox: OutboxView::default(),
            compose_trace: ComposerTrace::from_env(),
            bench_body: None,
            draft_files: drafts::DraftFiles::default(),
            draft_delay: drafts::SAVE_AFTER,
            recovered: Vec::new(),
            panes: panes_for(&window),
            window,
            tree: FolderTree::default(),
            list: MessageList::default(),
            search: search::SearchState::default(),
            reader: Reader {
                track_scroll: FrameTrace::from_env().reader,
                ..Reader::default()
            },
            setup: None,
            status: HashMap::new(),
            controls: HashMap::new(),
            opening: None,
            mark_when_loaded: false,
            notice: None,
            notice_generation: 0,
            folder_chosen: false,
            error: None,
            frames: FrameTrace::from_env(),
            acting: mail_actions::Acting::default(),
            more_rows: (0, 0),
            settings: crate::settings::Settings::default(),
            settings_view: None,
        }
    }

    #[cfg(test)]
    pub fn engine_for_tests(&self) -> Arc<Engine> {
        self.engine.clone()
    }

    fn boot() -> (App, Task<Message>) {
        let state = INITIAL_STATE.get().copied().unwrap_or_default();
        let mut app = App::new(engine(), state);
        app.apply_settings(crate::settings::Settings::load(app.engine.data_dir()));
        if app.frames.enabled() {
            composer_trace::want_all_frames();
        }
        let (main, open) = window::open(super::app_identity::with_identity(window::Settings {
            size: Size::new(state.width, state.height),
            min_size: Some(MIN_WINDOW),
            exit_on_close_request: false,
            ..window::Settings::default()
        }));
        app.main = Some(main);
        // The outbox is read after the first snapshot: two first opens of a new store at once
        // would both create its tables.
        let tasks = [
            open.discard(),
            app.reload_snapshot(),
            compose::bench_body(),
            drafts::recover(app.engine.clone()),
        ];
        (app, Task::batch(tasks))
    }

    fn title(&self, id: window::Id) -> String {
        match self.composers.get(&id) {
            Some(c) => c.title(),
            None => t().window_title(self.inbox_unread()),
        }
    }

    /// The view of window `id`: the main window or a composer.
    pub fn view(&self, id: window::Id) -> Element<'_, Message> {
        match self.composers.get(&id) {
            Some(c) => c.view().map(move |m| Message::Composer(id, m)),
            None => self.view_main(),
        }
    }

    /// Read the folder tree again: first without its counts (so that the folder on show
    /// reloads at once), then the counts.
    fn reload_snapshot(&self) -> Task<Message> {
        Task::perform(
            store_tasks::load_snapshot_uncounted(self.engine.clone()),
            Message::Snapshot,
        )
    }

    /// Open a folder: its count and first page. Reloading the folder on show reads all its ids
    /// too, and the new rows replace the old ones in one step.
    fn load_folder(&self, folder_id: i64) -> Task<Message> {
        if self.threaded(folder_id) {
            return self.load_conversations(folder_id);
        }
        let shown = self.search.folder_list.as_ref().unwrap_or(&self.list);
        let reload = shown.folder_id == Some(folder_id);
        Task::perform(
            store_tasks::load_folder(
                self.engine.clone(),
                folder_id,
                message_list::PAGE_ROWS,
                reload,
            ),
            move |r| Message::FolderLoaded(folder_id, r),
        )
    }

    /// Ask the store for the pages of the list the screen has come near (see `message_list`).
    fn fill_list(&mut self) -> Task<Message> {
        let Some(folder) = self.list.folder_id else {
            return Task::none();
        };
        let wanted = self.list.wanted_pages();
        if wanted.is_empty() {
            return Task::none();
        }
        Task::batch(wanted.into_iter().map(|p| {
            let (generation, page) = (p.generation, p.page);
            Task::perform(
                store_tasks::load_page(self.engine.clone(), p.ids),
                move |r| Message::PageLoaded(folder, generation, page, r),
            )
        }))
    }

    /// Every update may move the list (a scroll, a key, a folder, an action): its missing
    /// pages are asked for after it.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        let said = (self.notice.clone(), self.error.clone());
        let task = self.dispatch(message);
        self.scrub_status(&said);
        let expiry = self.notice_expiry(said);
        let pages = self.fill_list();
        if pages.units() == 0 && expiry.units() == 0 {
            return task;
        }
        Task::batch([task, pages, expiry])
    }

    fn dispatch(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Snapshot(r) => self.on_snapshot(r),
            Message::Instance(r) => self.on_request(r),
            Message::Settings(m) => self.on_settings(m),
            Message::Folders(m) => self.on_folders(m),
            Message::List(m) => self.on_list(m),
            Message::Reader(reader::Message::Receipts(m)) => self.on_receipts(m),
            Message::Reader(m) => self.on_reader(m),
            Message::SaveInto(id, index, dir) => self.on_save_into(id, index, dir),
            Message::PaneResized(e) => self.on_pane_resized(e),
            Message::Removed(n) => {
                self.notice = Some(n);
                self.folder_chosen = false;
                self.leave_search();
                self.list = MessageList::default();
                self.reader = Reader::default();
                self.reload_snapshot()
            }
            Message::NoticeExpired(generation) => {
                if generation == self.notice_generation {
                    self.notice = None;
                    self.error = None;
                }
                Task::none()
            }
            Message::Notice(n) => {
                if n.is_some() {
                    self.notice = n;
                }
                Task::none()
            }
            Message::Resized(id, size) => self.on_resized(id, size),
            Message::CloseRequested(id) => self.on_close_requested(id),
            Message::Closed(id) => self.on_closed(id),
            Message::Saved(r) => {
                self.notice = Some(match r {
                    Ok(path) => t().saved_to(&path.display().to_string()),
                    Err(e) => e,
                });
                Task::none()
            }
            Message::Setup(m) => {
                let task = self.on_setup(m);
                Task::batch([task, self.test_sending()])
            }
            Message::Tested(r) => self.on_tested(r),
            Message::FolderLoaded(id, r) => self.on_folder_loaded(id, r),
            Message::Conversations(on) => self.set_conversations(on),
            Message::ConversationsLoaded(id, r) => self.on_conversations_loaded(id, *r),
            Message::Conversation(id, r) => self.on_conversation(id, *r),
            Message::FolderIds(id, generation, r) => self.on_folder_ids(id, generation, r),
            Message::PageLoaded(id, generation, page, r) => {
                self.on_page_loaded(id, generation, page, r)
            }
            Message::Counts(r) => self.on_counts(r),
            Message::Opened(id, r) => self.on_message_loaded(id, *r),
            Message::AccountAdded(r) => self.on_account_added(r),
            Message::Worker(id, e) => self.on_worker(id, e),
            Message::Frame(id, at) => self.on_frame(id, at),
            Message::LocalFlags(id, account, r) => self.on_local_flags(id, account, r),
            Message::Key(id, key, at) => {
                let task = self.on_key(id, key, at);
                if Some(id) == self.main && self.frames.enabled() {
                    self.frames.key(format!("{key:?}"), at);
                }
                task
            }
            Message::Files(id, files) => self.on_files(id, files),
            Message::Composer(id, m) => self.on_composer(id, m),
            Message::OpenComposer(seed, at) => match *seed {
                Ok(seed) => self.open_composer(seed, at),
                Err(e) => {
                    self.notice = Some(e);
                    Task::none()
                }
            },
            Message::Picked(id, paths) => self.on_picked(id, paths),
            Message::Queued(id, key, r) => self.on_queued(id, key, r),
            Message::Drafts(m) => self.on_draft(m),
            Message::Search(m) => self.on_search(m),
            Message::Act(m) => self.on_act(m),
            Message::Outbox(m) => self.on_outbox(m),
            Message::OutboxLoaded(r) => self.on_outbox_loaded(r),
            Message::OutboxDone(account, r) => self.on_outbox_done(account, r),
            Message::BenchBody(body) => {
                self.bench_body = body;
                Task::none()
            }
        }
    }

    /// Run the account form's "Test sending server" when it asked for it.
    fn test_sending(&mut self) -> Task<Message> {
        match self
            .setup
            .as_mut()
            .and_then(AccountSetup::take_sending_test)
        {
            Some(test) => Task::perform(
                account_setup::sending_test(self.engine.clone(), test),
                |r| Message::Setup(account_setup::Message::SendingTested(r)),
            ),
            None => Task::none(),
        }
    }

    /// Closing the main window saves its state and quits; closing a composer closes only it.
    fn on_close_requested(&mut self, id: window::Id) -> Task<Message> {
        if Some(id) != self.main {
            return window::close(id);
        }
        let state = self.window;
        let dir = self.engine.data_dir().to_path_buf();
        let drafts = self.save_drafts_before_quit();
        Task::perform(
            async move {
                drafts.await;
                let _ = tokio::task::spawn_blocking(move || state.save(&dir)).await;
            },
            |_| (),
        )
        .then(|_| iced::exit())
    }

    fn on_closed(&mut self, id: window::Id) -> Task<Message> {
        self.compose_trace.closed(id);
        if Some(id) == self.main {
            return iced::exit();
        }
        match self.composers.remove(&id) {
            Some(c) => self.composer_closed(c),
            None => Task::none(),
        }
    }

    fn on_snapshot(&mut self, r: Result<Snapshot, String>) -> Task<Message> {
        let mut snapshot = match r {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        // Read without counts: the ones shown stay until the counted snapshot follows.
        let counts = if snapshot.counted {
            Task::none()
        } else {
            snapshot.take_counts(&self.tree.snapshot);
            Task::perform(
                store_tasks::load_snapshot(self.engine.clone()),
                Message::Counts,
            )
        };
        let first_start = self.tree.snapshot.folders.is_empty();
        let welcome = snapshot.accounts.is_empty() && first_start;
        if welcome {
            self.setup = Some(AccountSetup::new(true));
        }
        self.tree.snapshot = snapshot;
        let outbox = if welcome {
            let first = self.first_request();
            Task::batch([self.reload_outbox(), account_setup::focus_first(), first])
        } else if first_start {
            Task::batch([self.reload_outbox(), self.first_request()])
        } else {
            Task::none()
        };
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
        let search = self.refresh_search();
        let folder = match self.tree.selected {
            Some(id) if self.tree.contains(id) => self.load_folder(id),
            _ => match self.tree.default_folder() {
                Some(id) => {
                    self.tree.selected = Some(id);
                    self.load_folder(id)
                }
                None => Task::none(),
            },
        };
        // The counts read whole folders: after the folder's first page, not competing with it.
        Task::batch([folder.chain(counts), outbox, search])
    }

    fn on_counts(&mut self, r: Result<Snapshot, String>) -> Task<Message> {
        match r {
            Ok(counted) => self.tree.snapshot.take_counts(&counted),
            Err(e) => self.error = Some(e),
        }
        self.show_badge();
        Task::none()
    }

    fn on_folders(&mut self, m: folder_tree::Message) -> Task<Message> {
        match self.tree.update(m) {
            folder_tree::Event::Selected(id) => {
                self.leave_search();
                self.folder_chosen = true;
                self.window.folder_id = Some(id);
                self.watch_folder(id);
                self.setup = None;
                self.settings_view = None;
                if self.list.folder_id != Some(id) {
                    self.reader = Reader::default();
                    self.opening = None;
                }
                self.load_folder(id)
            }
            folder_tree::Event::None => Task::none(),
            folder_tree::Event::RemoveAccount(name, keep) => {
                let engine = self.engine.clone();
                Task::perform(
                    async move {
                        engine
                            .remove_account(&name, keep)
                            .await
                            .map(|(a, kept)| match kept {
                                Some(folder) => t().account_removed_kept(&a.name, &folder),
                                None => t().account_removed(&a.name),
                            })
                            .unwrap_or_else(|e| e.to_string())
                    },
                    Message::Removed,
                )
            }
            folder_tree::Event::OpenSettings => self.open_settings(),
            folder_tree::Event::AddAccount => {
                self.settings_view = None;
                self.setup = Some(AccountSetup::new(true));
                account_setup::focus_first()
            }
            folder_tree::Event::EditAccount(name) => {
                let account = self.tree.snapshot.accounts.iter().find(|a| a.name == name);
                self.setup = account.map(AccountSetup::edit);
                account_setup::focus_first()
            }
            folder_tree::Event::Outbox => {
                self.leave_search();
                self.setup = None;
                self.settings_view = None;
                self.reader = Reader::default();
                self.opening = None;
                self.reload_outbox()
            }
            folder_tree::Event::NewMessage => self.new_message(Instant::now()),
            other => self.on_folder_action(other),
        }
    }

    /// The account's worker syncs the folder just opened and keeps watching it.
    fn watch_folder(&self, id: i64) {
        for (account, folders) in &self.tree.snapshot.folders {
            if let Some(f) = folders.iter().find(|f| f.id == id) {
                if let Some(c) = self.controls.get(account) {
                    let _ = c.send(Control::Watch(Some(f.name.clone())));
                }
            }
        }
    }

    fn on_folder_loaded(
        &mut self,
        folder_id: i64,
        r: Result<message_list::Head, String>,
    ) -> Task<Message> {
        // A folder the user has left since (or now lists by conversation): drop the result.
        if self.tree.selected != Some(folder_id) || self.threaded(folder_id) {
            return Task::none();
        }
        let head = match r {
            Ok(head) => head,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        trace_first_rows(head.total);
        let engine = self.engine.clone();
        let ids_wanted = match self.search.folder_list.as_mut() {
            // Search results are on show: the folder waits behind them, kept current.
            Some(list) => list.set_head(folder_id, head),
            None => {
                let wanted = self.list.set_head(folder_id, head);
                trace_list(&self.list);
                wanted
            }
        };
        match ids_wanted {
            Some(generation) => Task::perform(store_tasks::load_ids(engine, folder_id), move |r| {
                Message::FolderIds(folder_id, generation, r)
            }),
            None => Task::none(),
        }
    }

    /// The list (on show or waiting behind search results) that asked for `generation`.
    fn list_of(&mut self, folder_id: i64, generation: u64) -> Option<&mut MessageList> {
        std::iter::once(&mut self.list)
            .chain(self.search.folder_list.as_mut())
            .find(|l| l.folder_id == Some(folder_id) && l.generation() == generation)
    }

    fn on_folder_ids(
        &mut self,
        folder_id: i64,
        generation: u64,
        r: Result<Vec<i64>, String>,
    ) -> Task<Message> {
        match r {
            Ok(ids) => {
                if let Some(list) = self.list_of(folder_id, generation) {
                    list.set_ids(generation, ids);
                }
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn on_page_loaded(
        &mut self,
        folder_id: i64,
        generation: u64,
        page: usize,
        r: Result<Vec<MessageSummary>, String>,
    ) -> Task<Message> {
        match r {
            Ok(rows) => {
                if let Some(list) = self.list_of(folder_id, generation) {
                    list.put_page(generation, page, rows);
                }
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn on_list(&mut self, m: message_list::Message) -> Task<Message> {
        let (task, event) = self.list.update(m);
        let task = task.map(Message::List);
        match event {
            message_list::Event::None => Task::batch([task, self.more_conversations()]),
            message_list::Event::Open(id) => Task::batch([task, self.open(id)]),
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
                Subscription::run_with(
                    (a.id.clone(), workers::settings_hash(a)),
                    workers::account_worker,
                )
                .map(|(id, e)| Message::Worker(id, e))
            })
            .collect();
        subs.push(window::resize_events().map(|(id, size)| Message::Resized(id, size)));
        subs.push(window::close_requests().map(Message::CloseRequested));
        subs.push(window::close_events().map(Message::Closed));
        if self.frames.enabled() || self.compose_trace.enabled() {
            subs.push(iced::event::listen_raw(|event, _, id| match event {
                iced::Event::Window(window::Event::RedrawRequested(at))
                    if composer_trace::wanted() =>
                {
                    Some(Message::Frame(id, at))
                }
                _ => None,
            }));
        }
        subs.push(Subscription::run(instance::requests).map(Message::Instance));
        subs.push(iced::event::listen_with(keys::window_input));
        Subscription::batch(subs)
    }
}
