//! The Outbox in the list pane: each message waiting to be sent (or refused) with its state, last
//! error and next try, and "Send now", "Edit" and "Delete" (asked first).

use super::strings::t;
use crate::store::{local_time_text, OutboxEntry, OutboxState};
use iced::widget::{button, column, container, row, scrollable, text, Column};
use iced::{Element, Fill};

#[derive(Debug, Clone)]
pub enum Message {
    SendNow(i64),
    Edit(i64),
    AskDelete(i64),
    ConfirmDelete(i64),
    CancelDelete,
}

pub enum Event {
    None,
    SendNow { id: i64, account_id: String },
    Edit(i64),
    Delete(i64),
}

#[derive(Debug, Default)]
pub struct OutboxView {
    /// Messages not yet sent, oldest first.
    pub entries: Vec<OutboxEntry>,
    pub confirm_delete: Option<i64>,
}

impl OutboxView {
    /// Unsent rows only (sent ones wait for their Sent copy, out of the user's way).
    pub fn set_entries(&mut self, all: Vec<OutboxEntry>) {
        self.entries = all
            .into_iter()
            .filter(|e| e.state != OutboxState::Sent)
            .collect();
        if let Some(id) = self.confirm_delete {
            if !self.entries.iter().any(|e| e.id == id) {
                self.confirm_delete = None;
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Event {
        match message {
            Message::SendNow(id) => match self.entries.iter().find(|e| e.id == id) {
                Some(e) => Event::SendNow {
                    id,
                    account_id: e.account_id.clone(),
                },
                None => Event::None,
            },
            Message::Edit(id) => Event::Edit(id),
            Message::AskDelete(id) => {
                self.confirm_delete = Some(id);
                Event::None
            }
            Message::CancelDelete => {
                self.confirm_delete = None;
                Event::None
            }
            Message::ConfirmDelete(id) => {
                self.confirm_delete = None;
                Event::Delete(id)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.entries.is_empty() {
            return container(text(t().outbox_empty()).size(13))
                .padding(16)
                .width(Fill)
                .height(Fill)
                .into();
        }
        let mut list: Column<'_, Message> = column![].spacing(8).padding(8);
        for e in &self.entries {
            list = list.push(self.entry(e));
        }
        scrollable(list.width(Fill)).height(Fill).into()
    }

    fn entry<'a>(&'a self, e: &'a OutboxEntry) -> Element<'a, Message> {
        let subject = if e.subject.trim().is_empty() {
            t().no_subject()
        } else {
            e.subject.as_str()
        };
        let (state, next) = match e.state {
            OutboxState::Queued => (
                t().state_queued(),
                Some(if e.next_try <= chrono::Utc::now().timestamp() {
                    t().send_now().to_lowercase()
                } else {
                    local_time_text(Some(e.next_try))
                }),
            ),
            OutboxState::Sending => (t().state_sending(), None),
            OutboxState::Failed | OutboxState::Sent => (t().state_failed(), None),
        };
        let mut card: Column<'a, Message> = column![
            text(subject).size(14),
            text(t().outbox_to(&e.to_display)).size(12),
            text(t().outbox_state(state, e.attempts, next.as_deref())).size(12),
        ]
        .spacing(3);
        if let Some(error) = &e.last_error {
            let line = text(t().last_error(error)).size(12);
            card = card.push(if e.state == OutboxState::Failed {
                line.style(text::danger)
            } else {
                line
            });
        }
        let busy = e.state == OutboxState::Sending;
        if self.confirm_delete == Some(e.id) {
            card = card.push(text(t().confirm_delete(subject)).size(12));
            card = card.push(
                row![
                    button(text(t().delete()).size(12))
                        .style(button::danger)
                        .on_press(Message::ConfirmDelete(e.id)),
                    button(text(t().keep()).size(12))
                        .style(button::secondary)
                        .on_press(Message::CancelDelete),
                ]
                .spacing(6),
            );
        } else {
            let act = |words: &'static str, m: Message| {
                button(text(words).size(12))
                    .style(button::secondary)
                    .on_press_maybe((!busy).then_some(m))
            };
            card = card.push(
                row![
                    act(t().send_now(), Message::SendNow(e.id)),
                    act(t().edit(), Message::Edit(e.id)),
                    act(t().delete(), Message::AskDelete(e.id)),
                ]
                .spacing(6),
            );
        }
        container(card)
            .padding(8)
            .width(Fill)
            .style(container::bordered_box)
            .into()
    }
}
