//! Conversation mode: the list shows one row per conversation (switched in the list's header,
//! remembered between runs), opening a row marks its messages here read and the reader shows
//! the whole conversation, the user's replies from Sent included.

use super::*;
use crate::ui::message_list::ThreadRow;
use crate::ui::reader::thread_cards::{self, Thread};

/// Conversations a folder's list reads at first (newest activity first); scrolling near the
/// end reads this many more.
pub const CONVERSATION_ROWS: usize = 2_000;

pub type Rows = Result<(Vec<ThreadRow>, Vec<MessageSummary>), String>;

impl App {
    /// Whether folder `id` is listed by conversation (views across accounts are not).
    pub(super) fn threaded(&self, folder_id: i64) -> bool {
        self.window.conversations && folder_id > 0
    }

    pub(super) fn set_conversations(&mut self, on: bool) -> Task<Message> {
        self.window.conversations = on;
        self.notice = None;
        match self.tree.selected {
            Some(folder) if !self.tree.outbox_selected => self.load_folder(folder),
            _ => Task::none(),
        }
    }

    /// How many conversations folder `id`'s list reads.
    fn conversation_limit(&self, folder_id: i64) -> usize {
        match self.more_rows {
            (folder, n) if folder == folder_id => n,
            _ => CONVERSATION_ROWS,
        }
    }

    pub(super) fn load_conversations(&self, folder_id: i64) -> Task<Message> {
        let limit = self.conversation_limit(folder_id);
        Task::perform(
            store_tasks::load_conversations(self.engine.clone(), folder_id, limit),
            move |r| Message::ConversationsLoaded(folder_id, Box::new(r)),
        )
    }

    pub(super) fn on_conversations_loaded(&mut self, folder_id: i64, r: Rows) -> Task<Message> {
        if self.tree.selected != Some(folder_id) || !self.threaded(folder_id) {
            return Task::none();
        }
        let (rows, members) = match r {
            Ok(r) => r,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        trace_first_rows(rows.len());
        match self.search.folder_list.as_mut() {
            Some(list) => list.set_conversations(folder_id, rows, members),
            None => {
                self.list.set_conversations(folder_id, rows, members);
                trace_list(&self.list);
            }
        }
        Task::none()
    }

    /// The list of conversations was scrolled near its end and stopped at its limit: read
    /// further (the rows already there stay where they are).
    pub(super) fn more_conversations(&mut self) -> Task<Message> {
        let Some(folder) = self.list.folder_id.filter(|_| self.list.is_threaded()) else {
            return Task::none();
        };
        let limit = self.conversation_limit(folder);
        let v = self.list.viewport;
        let near_end = v.offset_y + v.height
            >= self.list.content_height() - 20.0 * crate::ui::message_list::ROW_HEIGHT;
        if self.search.bar.active() || self.list.len() < limit || !near_end {
            return Task::none();
        }
        self.more_rows = (folder, limit + CONVERSATION_ROWS);
        self.load_conversations(folder)
    }

    /// Opening a conversation's row: its other unread messages here are marked read too, and
    /// the reader is given the conversation's other messages.
    pub(super) fn open_conversation(&mut self, id: i64) -> Task<Message> {
        let Some(thread) = self.list.thread(id) else {
            return Task::none();
        };
        let thread_id = thread.thread_id;
        let unread: Vec<(i64, String)> = thread
            .here
            .iter()
            .filter(|m| **m != id)
            .filter_map(|m| self.list.summary(*m))
            .filter(|m| !m.seen)
            .map(|m| (m.id, m.account_id.clone()))
            .collect();
        let mut tasks = Vec::new();
        // Shown as new (their cards open) though marked read before they arrive.
        let new: Vec<i64> = unread.iter().map(|(m, _)| *m).collect();
        for (m, account) in unread {
            if let Some(task) = self.change_flag(&account, m, FlagChange::Seen(true)) {
                self.show_flags(m, true, None);
                tasks.push(task);
            }
        }
        tasks.push(Task::perform(
            store_tasks::load_conversation(
                self.engine.clone(),
                thread_id,
                id,
                thread_cards::SHOWN_MESSAGES,
            ),
            move |r| {
                let r = r.map(|(mut views, before)| {
                    for v in views.iter_mut().filter(|v| new.contains(&v.id)) {
                        v.seen = false;
                    }
                    (views, before)
                });
                Message::Conversation(id, Box::new(r))
            },
        ));
        Task::batch(tasks)
    }

    pub(super) fn on_conversation(
        &mut self,
        id: i64,
        r: Result<(Vec<store_tasks::ReaderView>, usize), String>,
    ) -> Task<Message> {
        if self.opening != Some(id) {
            return Task::none();
        }
        match r {
            Ok((views, before)) => self.reader.thread = Thread::new(id, views, before),
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }
}
