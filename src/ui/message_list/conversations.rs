//! Conversation mode of the message list: one row per conversation with a message in the
//! folder. A row's id is its newest message here; selecting it selects (and acting on it acts
//! on) all the conversation's messages in the folder.

use super::{Cached, MessageList};
use crate::store::{Conversation, MessageSummary};
use std::collections::HashSet;

/// A conversation as one row.
#[derive(Debug, Clone)]
pub struct ThreadRow {
    pub thread_id: i64,
    /// Messages in the whole conversation (all folders of its account).
    pub count: usize,
    /// Its messages in this folder, oldest first.
    pub here: Vec<i64>,
    /// The row as drawn: the newest message here, with the conversation's first subject, its
    /// senders, and read/starred as its messages here are.
    pub row: MessageSummary,
}

impl ThreadRow {
    /// A conversation listed for a folder, and the summaries of its messages there, oldest
    /// first (None: none of them is there).
    pub fn new(c: &Conversation, here: &[MessageSummary]) -> Option<ThreadRow> {
        let mut row = here.last()?.clone();
        if !c.subject.is_empty() {
            row.subject = c.subject.clone();
        }
        if !c.senders.is_empty() {
            row.from_name = Some(c.senders.join(", "));
        }
        row.has_attachments = c.has_attachments;
        row.seen = here.iter().all(|m| m.seen);
        row.flagged = here.iter().any(|m| m.flagged);
        Some(ThreadRow {
            thread_id: c.thread_id,
            count: c.count,
            here: here.iter().map(|m| m.id).collect(),
            row,
        })
    }
}

impl MessageList {
    /// Show a folder's conversations (newest activity first) with the summaries of their
    /// messages here. The cursor stays on the same conversation when reloading.
    pub fn set_conversations(
        &mut self,
        folder_id: i64,
        rows: Vec<ThreadRow>,
        members: Vec<MessageSummary>,
    ) {
        let same = self.folder_id == Some(folder_id);
        let keep = self
            .selected
            .and_then(|i| self.id_at(i))
            .filter(|_| same)
            .and_then(|id| self.threads.get(&id).map(|t| t.thread_id));
        if !same {
            self.viewport.offset_y = 0.0;
            self.anchor = None;
        }
        let picked_threads: HashSet<i64> = self
            .picked
            .iter()
            .filter_map(|id| self.threads.get(id).map(|t| t.thread_id))
            .collect();
        self.picked.clear();
        self.first_picked = None;
        self.select_all_pending = false;
        self.replaced(folder_id);
        self.cache.clear();
        for m in members {
            self.cache.insert(
                m.id,
                Cached {
                    row: m,
                    fresh: true,
                },
            );
        }
        self.ids = rows.iter().map(|t| t.row.id).collect();
        self.total = self.ids.len();
        for t in rows {
            let id = t.row.id;
            for m in &t.here {
                self.member_of.insert(*m, id);
            }
            if picked_threads.contains(&t.thread_id) {
                self.picked.insert(id);
            }
            self.threads.insert(id, t);
        }
        self.picked_changed();
        self.selected = keep.and_then(|thread| {
            self.ids
                .iter()
                .position(|id| self.threads.get(id).is_some_and(|t| t.thread_id == thread))
        });
    }

    /// Whether the rows are conversations.
    pub fn is_threaded(&self) -> bool {
        !self.threads.is_empty()
    }

    /// The conversation row `id` stands for (conversation mode).
    pub fn thread(&self, id: i64) -> Option<&ThreadRow> {
        self.threads.get(&id)
    }

    /// How many messages row `id` stands for in its conversation (0: not a conversation).
    pub fn count_of(&self, id: i64) -> usize {
        self.threads.get(&id).map_or(0, |t| t.count)
    }

    /// Rows -> the messages they stand for (a conversation's here, a message itself).
    pub(super) fn members(&self, rows: Vec<i64>) -> Vec<i64> {
        if self.threads.is_empty() {
            return rows;
        }
        rows.into_iter()
            .flat_map(|id| match self.threads.get(&id) {
                Some(t) => t.here.clone(),
                None => vec![id],
            })
            .collect()
    }

    /// Messages that left the folder -> the rows they were on, which go with them (their
    /// conversations and summaries are dropped).
    pub(super) fn take_rows(&mut self, ids: &[i64]) -> Vec<i64> {
        if self.threads.is_empty() {
            return ids.to_vec();
        }
        let rows: HashSet<i64> = ids
            .iter()
            .map(|id| self.member_of.get(id).copied().unwrap_or(*id))
            .collect();
        for row in &rows {
            if let Some(t) = self.threads.remove(row) {
                for m in t.here {
                    self.member_of.remove(&m);
                    self.cache.remove(&m);
                }
            }
        }
        rows.into_iter().collect()
    }

    /// A message's flags changed: its conversation's row follows (read when all its messages
    /// here are, starred when one is).
    pub(super) fn member_changed(&mut self, id: i64) {
        let Some(row) = self.member_of.get(&id).copied() else {
            return;
        };
        let Some(t) = self.threads.get(&row) else {
            return;
        };
        let mine = || t.here.iter().filter_map(|m| self.cache.get(m));
        let seen = mine().all(|c| c.row.seen);
        let flagged = mine().any(|c| c.row.flagged);
        if let Some(t) = self.threads.get_mut(&row) {
            t.row.seen = seen;
            t.row.flagged = flagged;
        }
    }
}
