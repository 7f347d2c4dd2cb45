//! The reader's requests: star, links, remote pictures, attachments, replies, drafts to edit;
//! reports and read-receipt answers.

use super::{App, Message};
use crate::engine::FlagChange;
use crate::ui::reader::{self, receipts};
use crate::ui::strings::t;
use crate::ui::{message_list, store_tasks};
use iced::Task;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

impl App {
    pub(super) fn on_reader(&mut self, m: reader::Message) -> Task<Message> {
        match self.reader.update(m) {
            None => Task::none(),
            Some(reader::Event::Star { id, on }) => {
                let Some(row) = self.list.summary(id).cloned() else {
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
                self.notice = Some(t().not_opening(&url));
                Task::none()
            }
            Some(reader::Event::OpenLink(url)) => {
                self.notice = Some(t().opening(&url));
                Task::perform(
                    async move {
                        let target = url.clone();
                        tokio::task::spawn_blocking(move || open::that_detached(&target))
                            .await
                            .map_err(|e| e.to_string())?
                            .map_err(|_| t().no_program_opens(&url))
                    },
                    |r| Message::Notice(r.err()),
                )
            }
            Some(reader::Event::Open { id, index }) => Task::perform(
                store_tasks::open_attachment(self.engine.clone(), id, index),
                |r| Message::Notice(r.err()),
            ),
            Some(reader::Event::Reply { id, kind }) => self.reply(id, kind, Instant::now()),
            Some(reader::Event::Unsubscribe(how)) => self.unsubscribe(how),
            Some(reader::Event::EditDraft(id)) => self.on_draft(super::DraftMessage::Edit(id)),
            Some(reader::Event::Save { id, index }) => Task::perform(
                async {
                    rfd::AsyncFileDialog::new()
                        .set_title(t().save_into_title())
                        .pick_folder()
                        .await
                        .map(|h| h.path().to_path_buf())
                },
                move |dir| Message::SaveInto(id, index, dir),
            ),
        }
    }

    pub(super) fn on_save_into(
        &mut self,
        id: i64,
        index: usize,
        dir: Option<PathBuf>,
    ) -> Task<Message> {
        match dir {
            None => Task::none(),
            Some(dir) => Task::perform(
                store_tasks::save_attachment(self.engine.clone(), id, index, dir),
                Message::Saved,
            ),
        }
    }

    /// Select and open a message by id (a report's original, a report): in the list when it is
    /// there, else in the reader alone.
    fn open_message(&mut self, id: i64) -> Task<Message> {
        match self.list.position(id) {
            Some(i) => self.on_list(message_list::Message::Clicked(i)),
            None => {
                self.list.selected = None;
                self.open(id)
            }
        }
    }

    /// The reader's reports: open a report or its original, answer a read-receipt request
    /// (a receipt queued is sent by its account's worker at once).
    pub(super) fn on_receipts(&mut self, m: receipts::Message) -> Task<Message> {
        if let receipts::Message::Loaded(id, _) = &m {
            if self.opening != Some(*id) {
                return Task::none();
            }
        }
        match self.reader.receipts.update(m) {
            None => Task::none(),
            Some(receipts::Event::Open(id)) => self.open_message(id),
            Some(receipts::Event::Problem(words)) => {
                self.notice = Some(words);
                Task::none()
            }
            Some(receipts::Event::Answer { id, send }) => Task::perform(
                receipts::answer(self.engine.clone(), id, send),
                |r| match r {
                    Ok(Some(account)) => Message::OutboxDone(Some(account), Ok(())),
                    Ok(None) => Message::Notice(None),
                    Err(e) => Message::Notice(Some(e)),
                },
            ),
        }
    }

    /// Leave a mailing list the way the message offers: the one-click POST, else a message to
    /// the list's address in a composer, else its web page in the browser.
    fn unsubscribe(&mut self, how: crate::mime::unsubscribe::Unsubscribe) -> Task<Message> {
        match (how.web, how.mail) {
            (Some(web), _) if how.one_click => {
                Task::perform(crate::engine::unsubscribe::one_click(web), |r| {
                    Message::Notice(Some(match r {
                        Ok(_) => t().unsubscribed().to_string(),
                        Err(e) => e.to_string(),
                    }))
                })
            }
            (_, Some(mail)) => {
                let accounts = &self.tree.snapshot.accounts;
                let on_screen = self.current_account();
                let account = accounts.iter().find(|a| Some(&a.id) == on_screen.as_ref());
                let mut seed = crate::engine::drafts::new_message_seed(account);
                seed.draft.to = vec![mail.to];
                seed.draft.subject = if mail.subject.is_empty() {
                    "unsubscribe".into()
                } else {
                    mail.subject
                };
                seed.draft.body = mail.body;
                self.open_composer(seed, Instant::now())
            }
            (Some(web), None) => self.on_reader(reader::Message::OpenLink(web)),
            (None, None) => Task::none(),
        }
    }
}
