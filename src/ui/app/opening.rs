//! Opening a message (marking it read through the queue) and showing flag changes in the
//! list, the counts and the reader.

use super::*;

impl App {
    /// Show a message and mark it read (on the server through its account's worker).
    pub(super) fn open(&mut self, id: i64) -> Task<Message> {
        self.opening = Some(id);
        let row = self.list.summary(id).cloned();
        self.mark_when_loaded = row.is_none() && self.list.contains(id);
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
        let load = Task::perform(
            store_tasks::load_message(self.engine.clone(), id),
            move |r| Message::Opened(id, Box::new(r)),
        );
        let reports = Task::perform(receipts::load(self.engine.clone(), id), move |r| {
            Message::Reader(reader::Message::Receipts(receipts::Message::Loaded(id, r)))
        });
        let thread = self.open_conversation(id);
        Task::batch([mark, load, reports, thread])
    }

    /// A flag change: into the index at once and queued; the account's worker sends it on
    /// the connection it holds (offline: when it is back). Local Folders have no server.
    pub(super) fn change_flag(
        &mut self,
        account_id: &str,
        message_id: i64,
        change: FlagChange,
    ) -> Option<Task<Message>> {
        let engine = self.engine.clone();
        let account = account_id.to_string();
        Some(Task::perform(
            async move {
                engine
                    .set_flag(message_id, change)
                    .await
                    .map_err(|e| e.to_string())
            },
            move |r| Message::LocalFlags(message_id, account.clone(), r),
        ))
    }

    pub(super) fn on_local_flags(
        &mut self,
        id: i64,
        account: String,
        r: Result<Vec<String>, String>,
    ) -> Task<Message> {
        match r {
            Ok(flags) => {
                self.show_flag_list(id, &flags);
                if account != LOCAL_ACCOUNT {
                    self.nudge(&[account]);
                    return self.reload_pending();
                }
            }
            Err(e) => self.notice = Some(e),
        }
        Task::none()
    }

    /// Show a message's flags as stored (server or index) in the list and the unread count.
    pub(super) fn show_flag_list(&mut self, id: i64, flags: &[String]) {
        let seen = flags.iter().any(|f| f == "\\Seen");
        let flagged = flags.iter().any(|f| f == "\\Flagged");
        self.show_flags(id, seen, Some(flagged));
    }

    /// Show a message as read or not (and starred or not) in the list, and keep its folder's
    /// unread count in the tree in step.
    pub(super) fn show_flags(&mut self, id: i64, seen: bool, flagged: Option<bool>) {
        // Search results (no folder) and the folder waiting behind them both follow.
        for list in std::iter::once(&mut self.list).chain(self.search.folder_list.as_mut()) {
            let was_seen = list.summary(id).map(|m| m.seen);
            list.mark_seen(id, seen, flagged);
            if let (Some(was), Some(folder)) = (was_seen, list.folder_id) {
                if was != seen {
                    self.tree.adjust_unread(folder, if seen { -1 } else { 1 });
                }
            }
        }
    }

    pub(super) fn on_message_loaded(
        &mut self,
        id: i64,
        r: Result<ReaderView, String>,
    ) -> Task<Message> {
        if self.opening != Some(id) {
            return Task::none();
        }
        let mut mark = Task::none();
        match r {
            Ok(v) => {
                // Opened before its row was loaded: mark it read now, as `open` would have.
                let unread = !v.seen && self.list.summary(id).is_none_or(|m| !m.seen);
                if std::mem::take(&mut self.mark_when_loaded) && unread {
                    if let Some(task) = self.change_flag(&v.account_id, id, FlagChange::Seen(true))
                    {
                        self.show_flags(id, true, None);
                        mark = task;
                    }
                }
                self.reader.show(v);
                self.reader.draft = self.is_filed_draft(id);
            }
            Err(e) => self.reader.error = Some(e),
        }
        mark
    }
}
