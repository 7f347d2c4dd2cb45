//! The folder pane: accounts with their folders (special-use first, unread counts), each
//! account's state, and Local Folders.

use super::store_tasks::Snapshot;
use super::strings::t;
use crate::engine::local_folders;
use iced::widget::{button, column, container, row, scrollable, text, Column};
use iced::{Element, Fill};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub enum Message {
    Select(i64),
    AddAccount,
    AskRemove(String),
    Edit(String),
    ConfirmRemove(String),
    CancelRemove,
    Outbox,
    Compose,
}

pub enum Event {
    None,
    RemoveAccount(String),
    EditAccount(String),
    Selected(i64),
    AddAccount,
    Outbox,
    NewMessage,
}

#[derive(Debug, Default)]
pub struct FolderTree {
    pub snapshot: Snapshot,
    pub selected: Option<i64>,
    /// Account name waiting for the user to confirm its removal.
    pub confirm_remove: Option<String>,
    /// The Outbox is shown in the list pane (instead of the selected folder).
    pub outbox_selected: bool,
    /// Messages waiting in the outbox (queued, being sent or refused).
    pub outbox_count: usize,
}

impl FolderTree {
    pub fn update(&mut self, message: Message) -> Event {
        match message {
            Message::Select(id) => {
                self.selected = Some(id);
                self.outbox_selected = false;
                Event::Selected(id)
            }
            Message::Outbox => {
                self.outbox_selected = true;
                Event::Outbox
            }
            Message::Compose => Event::NewMessage,
            Message::AddAccount => Event::AddAccount,
            Message::Edit(name) => Event::EditAccount(name),
            Message::AskRemove(name) => {
                self.confirm_remove = Some(name);
                Event::None
            }
            Message::CancelRemove => {
                self.confirm_remove = None;
                Event::None
            }
            Message::ConfirmRemove(name) => {
                self.confirm_remove = None;
                Event::RemoveAccount(name)
            }
        }
    }

    /// The Inbox of the first account, else the local Inbox.
    pub fn default_folder(&self) -> Option<i64> {
        self.snapshot
            .folders
            .iter()
            .flat_map(|(_, f)| f.first())
            .map(|f| f.id)
            .next()
    }

    /// One message of a folder was read (-1) or marked unread (+1): its count follows at once
    /// (the next snapshot brings the stored count).
    pub fn adjust_unread(&mut self, folder_id: i64, delta: i32) {
        let folder = self
            .snapshot
            .folders
            .iter_mut()
            .flat_map(|(_, f)| f.iter_mut())
            .find(|f| f.id == folder_id);
        if let Some(f) = folder {
            f.unread = f.unread.saturating_add_signed(delta);
        }
    }

    pub fn contains(&self, id: i64) -> bool {
        self.snapshot
            .folders
            .iter()
            .any(|(_, f)| f.iter().any(|x| x.id == id))
    }

    /// `status` maps account id to a short state line.
    pub fn view<'a>(&'a self, status: &'a HashMap<String, String>) -> Element<'a, Message> {
        let mut col: Column<'a, Message> = column![].spacing(2).padding(8);
        for (account_id, folders) in &self.snapshot.folders {
            let title = if account_id == local_folders::LOCAL_ACCOUNT {
                t().local_folders().to_string()
            } else {
                self.snapshot
                    .accounts
                    .iter()
                    .find(|a| &a.id == account_id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default()
            };
            let is_local = account_id == local_folders::LOCAL_ACCOUNT;
            let mut head = row![text(title.clone()).size(15).width(Fill)].spacing(4);
            if !is_local {
                head = head.push(
                    button(text(t().edit()).size(11))
                        .style(button::text)
                        .on_press(Message::Edit(title.clone())),
                );
                head = head.push(
                    button(text(t().remove()).size(11))
                        .style(button::text)
                        .on_press(Message::AskRemove(title.clone())),
                );
            }
            col = col.push(head);
            if self.confirm_remove.as_deref() == Some(title.as_str()) && !is_local {
                col = col.push(text(t().confirm_remove(&title)).size(11));
                col = col.push(
                    row![
                        button(text(t().remove()).size(12))
                            .style(button::danger)
                            .on_press(Message::ConfirmRemove(title.clone())),
                        button(text(t().keep()).size(12))
                            .style(button::secondary)
                            .on_press(Message::CancelRemove),
                    ]
                    .spacing(6),
                );
            }
            if let Some(s) = status.get(account_id) {
                col = col.push(text(s.as_str()).size(11));
            }
            for f in folders.iter().filter(|f| f.selectable) {
                let depth = f
                    .delimiter
                    .as_deref()
                    .map(|d| f.name.matches(d).count())
                    .unwrap_or(0);
                let label = f
                    .delimiter
                    .as_deref()
                    .and_then(|d| f.display_name.rsplit(d).next())
                    .unwrap_or(&f.display_name)
                    .to_string();
                let name = if account_id == local_folders::LOCAL_ACCOUNT {
                    t().inbox().to_string()
                } else {
                    label
                };
                let unread = if f.unread > 0 {
                    text(f.unread.to_string()).size(12)
                } else {
                    text("").size(12)
                };
                let line = row![text(name).size(13).width(Fill), unread].spacing(4);
                let style = if self.selected == Some(f.id) && !self.outbox_selected {
                    button::primary
                } else {
                    button::text
                };
                col = col.push(
                    container(
                        button(line)
                            .on_press(Message::Select(f.id))
                            .style(style)
                            .width(Fill),
                    )
                    .padding(iced::Padding::ZERO.left(12.0 * depth as f32 + 4.0)),
                );
            }
            if is_local {
                col = col.push(self.outbox_line());
            }
        }
        col = col.push(
            button(text(t().add_account_button()).size(13))
                .on_press(Message::AddAccount)
                .style(button::secondary),
        );
        // "New message" stays at the bottom of the pane, whatever the tree's length.
        let new_message = button(text(t().new_message_button()).size(13))
            .on_press(Message::Compose)
            .style(button::primary);
        column![
            scrollable(col.width(Fill)).height(Fill),
            container(new_message).padding(8),
        ]
        .into()
    }

    /// Outbox sits under Local Folders, always (a place to find a message after Send, which
    /// does not vanish from under the pointer when the last message goes out).
    fn outbox_line(&self) -> Element<'_, Message> {
        let style = if self.outbox_selected {
            button::primary
        } else {
            button::text
        };
        container(
            button(text(t().outbox_entry(self.outbox_count)).size(13))
                .on_press(Message::Outbox)
                .style(style)
                .width(Fill),
        )
        .padding(iced::Padding::ZERO.left(4.0))
        .into()
    }
}
