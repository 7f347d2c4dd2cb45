//! The folder pane: accounts with their folders (special-use first, unread counts), each
//! account's state, and Local Folders. Messages dragged from the list drop on a folder; a
//! right click on a folder offers New folder…, Rename… and Delete folder.

use super::icons::{self, Icon};
use super::store_tasks::Snapshot;
use super::strings::t;
use super::widget::ellipsis::{ellipsis, Backdrop};
use crate::engine::local_folders;
use iced::widget::{
    button, column, container, mouse_area, row, scrollable, text, text_input, Column,
};
use iced::{Element, Fill};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub enum Message {
    Select(i64),
    OpenSettings,
    AddAccount,
    AskRemove(String),
    Edit(String),
    /// Remove the account; for one whose mail exists only here (POP3), whether to keep it.
    ConfirmRemove(String, bool),
    CancelRemove,
    Outbox,
    Compose,
    /// The mouse button went up over a folder (a drag from the list ends there).
    Dropped(i64),
    /// Right click on a folder: its menu.
    Menu(i64),
    CloseMenu,
    StartNew(i64),
    StartRename(i64),
    NameInput(String),
    SubmitName,
    AskDelete(i64),
    ConfirmDelete(i64),
}

/// A folder name being typed (a new folder in the account of `folder`, or its new name).
#[derive(Debug, Clone)]
pub struct Naming {
    pub folder: i64,
    pub rename: bool,
    pub text: String,
}

pub const NAME_FIELD: &str = "folder-name";

pub enum Event {
    None,
    /// Remove the account named so; keep its mail under Local Folders (POP3) when true.
    RemoveAccount(String, bool),
    EditAccount(String),
    Selected(i64),
    OpenSettings,
    AddAccount,
    Outbox,
    NewMessage,
    Dropped(i64),
    CreateFolder {
        account: String,
        path: String,
    },
    RenameFolder {
        folder: i64,
        path: String,
    },
    DeleteFolder(i64),
    /// The name field appeared: give it the keyboard.
    FocusName,
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
    /// The folder whose menu is open.
    pub menu: Option<i64>,
    pub naming: Option<Naming>,
    /// A non-empty folder waiting for "Delete".
    pub confirm_delete: Option<i64>,
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
            Message::OpenSettings => Event::OpenSettings,
            Message::Edit(name) => Event::EditAccount(name),
            Message::AskRemove(name) => {
                self.confirm_remove = Some(name);
                Event::None
            }
            Message::CancelRemove => {
                self.confirm_remove = None;
                Event::None
            }
            Message::ConfirmRemove(name, keep) => {
                self.confirm_remove = None;
                Event::RemoveAccount(name, keep)
            }
            Message::Dropped(id) => Event::Dropped(id),
            Message::Menu(id) => {
                self.menu = Some(id);
                self.naming = None;
                self.confirm_delete = None;
                Event::None
            }
            Message::CloseMenu => {
                self.menu = None;
                self.naming = None;
                self.confirm_delete = None;
                Event::None
            }
            Message::StartNew(id) | Message::StartRename(id) => {
                let rename = matches!(message, Message::StartRename(_));
                let text = if rename {
                    self.folder(id)
                        .map(|f| f.display_name.clone())
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                self.naming = Some(Naming {
                    folder: id,
                    rename,
                    text,
                });
                Event::FocusName
            }
            Message::NameInput(text) => {
                if let Some(n) = self.naming.as_mut() {
                    n.text = text;
                }
                Event::None
            }
            Message::SubmitName => {
                let Some(n) = self.naming.take() else {
                    return Event::None;
                };
                self.menu = None;
                let path = n.text.trim().to_string();
                match self.folder(n.folder) {
                    Some(_) if n.rename => Event::RenameFolder {
                        folder: n.folder,
                        path,
                    },
                    Some(f) => Event::CreateFolder {
                        account: f.account_id.clone(),
                        path,
                    },
                    None => Event::None,
                }
            }
            Message::AskDelete(id) => {
                if self.folder(id).is_some_and(|f| f.total > 0) {
                    self.confirm_delete = Some(id);
                    Event::None
                } else {
                    self.menu = None;
                    Event::DeleteFolder(id)
                }
            }
            Message::ConfirmDelete(id) => {
                self.confirm_delete = None;
                self.menu = None;
                Event::DeleteFolder(id)
            }
        }
    }

    fn folder(&self, id: i64) -> Option<&crate::store::Folder> {
        self.snapshot
            .folders
            .iter()
            .flat_map(|(_, f)| f.iter())
            .find(|f| f.id == id)
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

    /// A folder's unread count as the tree shows it.
    #[cfg(test)]
    pub fn unread_of(&self, folder_id: i64) -> u32 {
        self.snapshot
            .folders
            .iter()
            .flat_map(|(_, f)| f.iter())
            .find(|f| f.id == folder_id)
            .map_or(0, |f| f.unread)
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
        let role = folder.as_ref().and_then(|f| f.role);
        if let Some(f) = folder {
            f.unread = f.unread.saturating_add_signed(delta);
        }
        // The views across accounts count the same mail.
        use crate::store::{FolderRole, MailView};
        let shown_in = |v: MailView| match v {
            MailView::AllInboxes => folder_id == -1 || role == Some(FolderRole::Inbox),
            MailView::Unread => {
                folder_id == -2
                    || (folder_id > 0
                        && !matches!(role, Some(FolderRole::Trash | FolderRole::Junk)))
            }
            MailView::Starred => false,
        };
        for (v, n) in self.snapshot.views.iter_mut() {
            if shown_in(*v) {
                *n = n.saturating_add_signed(delta);
            }
        }
    }

    pub fn contains(&self, id: i64) -> bool {
        super::store_tasks::view_of(id).is_some()
            || self
                .snapshot
                .folders
                .iter()
                .any(|(_, f)| f.iter().any(|x| x.id == id))
    }

    /// `status` maps account id to a short state line.
    pub fn view<'a>(&'a self, status: &'a HashMap<String, String>) -> Element<'a, Message> {
        let mut col: Column<'a, Message> = column![].spacing(2).padding(8);
        col = col.push(self.views_view());
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
            // The name first and whole as far as the pane allows; Edit and Remove as small icons
            // (their words in a tooltip), so that a narrow pane still shows whose mail this is.
            let name = text(title.clone())
                .size(15)
                .wrapping(iced::widget::text::Wrapping::None);
            let mut head = row![ellipsis(name, Backdrop::Plain, 15.0)]
                .spacing(2)
                .align_y(iced::Center);
            if !is_local {
                let small = |glyph: Icon, words: &'static str, m: Message| {
                    iced::widget::tooltip(
                        button(icons::icon(glyph, 13.0))
                            .style(button::text)
                            .padding([2, 4])
                            .on_press(m),
                        container(text(words).size(12))
                            .padding([2, 6])
                            .style(container::rounded_box),
                        iced::widget::tooltip::Position::Bottom,
                    )
                };
                head = head.push(small(
                    Icon::Settings,
                    t().edit(),
                    Message::Edit(title.clone()),
                ));
                head = head.push(small(
                    Icon::Close,
                    t().remove(),
                    Message::AskRemove(title.clone()),
                ));
            }
            col = col.push(head);
            if self.confirm_remove.as_deref() == Some(title.as_str()) && !is_local {
                let downloads =
                    self.snapshot.accounts.iter().any(|a| {
                        &a.id == account_id && a.incoming == crate::account::Incoming::Pop3
                    });
                // "Keep" (the account) would read as keeping the mail beside the POP3 choices.
                let cancel_words = if downloads { t().cancel() } else { t().keep() };
                let cancel = button(text(cancel_words).size(12))
                    .style(button::secondary)
                    .on_press(Message::CancelRemove);
                if downloads {
                    // Its mail exists only here: keep it, or delete it with the account.
                    col = col.push(text(t().confirm_remove_local(&title)).size(11));
                    col = col.push(
                        column![
                            button(text(t().remove_keep_mail()).size(12))
                                .style(button::primary)
                                .on_press(Message::ConfirmRemove(title.clone(), true)),
                            button(text(t().remove_delete_mail()).size(12))
                                .style(button::danger)
                                .on_press(Message::ConfirmRemove(title.clone(), false)),
                            cancel,
                        ]
                        .spacing(4),
                    );
                } else {
                    col = col.push(text(t().confirm_remove(&title)).size(11));
                    col = col.push(
                        row![
                            button(text(t().remove()).size(12))
                                .style(button::danger)
                                .on_press(Message::ConfirmRemove(title.clone(), false)),
                            cancel,
                        ]
                        .spacing(6),
                    );
                }
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
                let name = folder_label(f, depth);
                let unread = if f.unread > 0 {
                    text(f.unread.to_string()).size(12)
                } else {
                    text("").size(12)
                };
                let chosen = self.selected == Some(f.id) && !self.outbox_selected;
                let line = named_line(Icon::of_role(f.role), name, unread, chosen);
                let style = if chosen {
                    button::primary
                } else {
                    button::text
                };
                col = col.push(
                    mouse_area(
                        container(
                            button(line)
                                .on_press(Message::Select(f.id))
                                .style(style)
                                .width(Fill),
                        )
                        .padding(iced::Padding::ZERO.left(12.0 * depth as f32 + 4.0)),
                    )
                    .on_release(Message::Dropped(f.id))
                    .on_right_press(Message::Menu(f.id)),
                );
                if self.menu == Some(f.id) {
                    col = col.push(self.menu_view(f));
                }
            }
            if is_local {
                col = col.push(self.outbox_line());
            }
        }
        col = col.push(
            row![
                button(text(t().add_account_button()).size(13))
                    .on_press(Message::AddAccount)
                    .style(button::secondary),
                button(text(t().settings_button()).size(13))
                    .on_press(Message::OpenSettings)
                    .style(button::secondary),
            ]
            .spacing(6),
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

    /// All Inboxes, Unread and Starred, across accounts, at the top.
    fn views_view(&self) -> Element<'_, Message> {
        let mut col: Column<'_, Message> = column![].spacing(2);
        for (view, count) in &self.snapshot.views {
            let Some(id) = super::store_tasks::VIEWS
                .iter()
                .find(|(v, _)| v == view)
                .map(|(_, id)| *id)
            else {
                continue;
            };
            let name = match view {
                crate::store::MailView::AllInboxes => t().all_inboxes(),
                crate::store::MailView::Unread => t().unread_view(),
                crate::store::MailView::Starred => t().starred_view(),
            };
            let n = if *count > 0 {
                count.to_string()
            } else {
                String::new()
            };
            let chosen = self.selected == Some(id) && !self.outbox_selected;
            let style = if chosen {
                button::primary
            } else {
                button::text
            };
            let glyph = match view {
                crate::store::MailView::AllInboxes => Icon::AllMail,
                crate::store::MailView::Unread => Icon::Mail,
                crate::store::MailView::Starred => Icon::Star,
            };
            col = col.push(
                container(
                    button(named_line(
                        glyph,
                        name.to_string(),
                        text(n).size(12),
                        chosen,
                    ))
                    .on_press(Message::Select(id))
                    .style(style)
                    .width(Fill),
                )
                .padding(iced::Padding::ZERO.left(4.0)),
            );
        }
        col.into()
    }

    /// A folder's menu: New folder…, Rename…, Delete folder (or the name being typed, or the
    /// question before deleting a folder that holds mail).
    fn menu_view<'a>(&'a self, f: &'a crate::store::Folder) -> Element<'a, Message> {
        let small = |label: &'static str, m: Message| {
            button(text(label).size(12))
                .style(button::secondary)
                .padding([2, 6])
                .on_press(m)
        };
        let body: Element<'a, Message> = if let Some(n) = &self.naming {
            column![
                text(t().folder_name_prompt()).size(11),
                text_input("", &n.text)
                    .id(NAME_FIELD)
                    .on_input(Message::NameInput)
                    .on_submit(Message::SubmitName)
                    .size(13),
                row![
                    small(t().ok(), Message::SubmitName),
                    small(t().cancel_action(), Message::CloseMenu)
                ]
                .spacing(4),
            ]
            .spacing(4)
            .into()
        } else if self.confirm_delete == Some(f.id) {
            column![
                text(t().delete_folder_question(&f.display_name, f.total)).size(11),
                row![
                    button(text(t().delete_folder()).size(12))
                        .style(button::danger)
                        .padding([2, 6])
                        .on_press(Message::ConfirmDelete(f.id)),
                    small(t().keep(), Message::CloseMenu)
                ]
                .spacing(4),
            ]
            .spacing(4)
            .into()
        } else {
            let mut r = row![small(t().new_folder(), Message::StartNew(f.id))].spacing(4);
            if f.role != Some(crate::store::FolderRole::Inbox) {
                r = r.push(small(t().rename_folder(), Message::StartRename(f.id)));
                r = r.push(small(t().delete_folder(), Message::AskDelete(f.id)));
            }
            r.push(small("×", Message::CloseMenu)).wrap().into()
        };
        container(body).padding([4, 12]).into()
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

/// A folder's name for people: a special-use folder at the top is called by its role in the
/// window's language (받은편지함, 보낸편지함, ... in Korean; Inbox, Sent, ... in English) for every
/// account, whatever the server calls it; other folders by the last part of their name.
pub fn folder_label(f: &crate::store::Folder, depth: usize) -> String {
    match f.role {
        Some(role) if depth == 0 => t().role_name(role).to_string(),
        _ => f
            .delimiter
            .as_deref()
            .and_then(|d| f.display_name.rsplit(d).next())
            .unwrap_or(&f.display_name)
            .to_string(),
    }
}

/// A folder or view line: its icon, its name (cut with "…" when the pane is narrow), its count.
fn named_line<'a>(
    glyph: Icon,
    name: String,
    count: iced::widget::Text<'a>,
    chosen: bool,
) -> iced::widget::Row<'a, Message> {
    let backdrop = if chosen {
        Backdrop::Selected
    } else {
        Backdrop::Plain
    };
    let name = text(name)
        .size(13)
        .wrapping(iced::widget::text::Wrapping::None);
    row![
        icons::icon(glyph, 13.0),
        ellipsis(name, backdrop, 13.0),
        count
    ]
    .spacing(6)
    .align_y(iced::Center)
}
