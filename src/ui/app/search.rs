//! The search field's wiring: queries run off the UI thread, results fill the message list in
//! place of the folder (which waits aside, kept current, with its selection and scroll), Esc or
//! an empty field bring the folder back.

use super::{trace_list, App, Message};
use crate::ui::message_list::MessageList;
use crate::ui::search_bar::{self, Event, Scope, SearchBar, FIELD_ID, LIMIT};
use crate::ui::store_tasks;
use iced::Task;

/// The search field and the folder's list while results stand in for it.
#[derive(Debug, Default)]
pub struct SearchState {
    pub bar: SearchBar,
    /// The folder's list, kept aside while the list shows results (None when not searching).
    pub folder_list: Option<MessageList>,
    /// The results being run again after the store changed: keep the scroll and selection.
    pub refreshing: bool,
}

impl App {
    pub(super) fn on_search(&mut self, m: search_bar::Message) -> Task<Message> {
        match self.search.bar.update(m) {
            Event::None => Task::none(),
            Event::Run { run, query, scope } => {
                let account = match scope {
                    Scope::AllAccounts => None,
                    Scope::ThisAccount => self.open_account(),
                };
                Task::perform(
                    store_tasks::search(self.engine.clone(), query, account, LIMIT),
                    move |r| Message::Search(search_bar::Message::Found(run, r)),
                )
            }
            Event::Show(rows) => {
                if let Some(at) = self.search.bar.typed_at().filter(|_| self.frames.enabled()) {
                    let what = format!("search {:?}", self.search.bar.query);
                    self.frames.key(what, at);
                }
                let keep = self.list.selected.and_then(|i| self.list.id_at(i));
                let keep = keep.filter(|_| self.search.folder_list.is_some());
                let mut results = MessageList::with_rows(rows, self.list.viewport);
                results.selected = keep.and_then(|id| results.position(id));
                trace_list(&results);
                let refreshed = std::mem::take(&mut self.search.refreshing);
                if refreshed {
                    results.set_picked(std::mem::take(&mut self.list.picked));
                    results.folder_id = self.list.folder_id;
                }
                let folder = std::mem::replace(&mut self.list, results);
                if self.search.folder_list.is_none() {
                    self.search.folder_list = Some(folder);
                }
                if refreshed {
                    return Task::none();
                }
                self.list.scroll_to(0.0).map(Message::List)
            }
            Event::Closed => self.back_to_folder(true),
        }
    }

    /// The store changed under the results: run the query again (rows moved or deleted by an
    /// action, new mail from a sync).
    pub(super) fn refresh_search(&mut self) -> Task<Message> {
        if self.search.folder_list.is_none() || !self.search.bar.active() {
            return Task::none();
        }
        self.search.refreshing = true;
        self.on_search(search_bar::Message::Refresh)
    }

    /// Ctrl+F or `/`: put the cursor in the search field.
    pub(super) fn focus_search(&mut self) -> Task<Message> {
        if self.setup.is_some() || self.tree.outbox_selected {
            return Task::none();
        }
        iced::widget::operation::focus(FIELD_ID)
    }

    /// Esc: leave the search, if one is on.
    pub(super) fn escape_search(&mut self) -> Task<Message> {
        if !self.search.bar.active() && self.search.folder_list.is_none() {
            return Task::none();
        }
        self.on_search(search_bar::Message::Clear)
    }

    /// The user went to another folder or the Outbox: the search ends, its results go.
    pub(super) fn leave_search(&mut self) {
        if self.search.bar.active() {
            let _ = self.search.bar.update(search_bar::Message::Clear);
        }
        let _ = self.back_to_folder(false);
    }

    /// Put the folder's list back (rows, selection, scroll); with `reopen`, the reader shows its
    /// selected message again (or nothing).
    fn back_to_folder(&mut self, reopen: bool) -> Task<Message> {
        let Some(folder) = self.search.folder_list.take() else {
            return Task::none();
        };
        self.list = folder;
        trace_list(&self.list);
        let scroll = self
            .list
            .scroll_to(self.list.viewport.offset_y)
            .map(Message::List);
        if !reopen {
            return scroll;
        }
        let selected = self.list.selected.and_then(|i| self.list.id_at(i));
        let reader = match selected {
            Some(id) if self.opening == Some(id) => Task::none(),
            Some(id) => self.open(id),
            None => {
                self.reader = crate::ui::reader::Reader::default();
                self.opening = None;
                Task::none()
            }
        };
        Task::batch([scroll, reader])
    }

    /// The account of the open folder (None: no folder is open).
    fn open_account(&self) -> Option<String> {
        let folder = self.tree.selected?;
        self.tree
            .snapshot
            .folders
            .iter()
            .find(|(_, folders)| folders.iter().any(|f| f.id == folder))
            .map(|(account, _)| account.clone())
    }
}
