//! The row of actions above the message list (Delete, Archive, Junk, Move to…, read, star),
//! the folder picker that "Move to…" and `m` open (type to filter, Enter takes the first),
//! and the question before deleting for good.

use super::icons::{self, Icon};
use super::strings::t;
use iced::widget::{button, column, container, row, scrollable, text, text_input, Column};
use iced::{Element, Fill};

pub const PICKER_ID: &str = "move-picker";

/// What a button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Delete,
    Archive,
    Junk(bool),
    Read(bool),
    Star(bool),
}

#[derive(Debug, Clone)]
pub enum Message {
    Do(Verb),
    OpenPicker {
        copy: bool,
    },
    Filter(String),
    /// Enter in the filter: the first folder shown.
    PickFirst,
    Picked(i64),
    ClosePicker,
    ConfirmForever,
    CancelForever,
}

/// A folder the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Default)]
pub struct ActionBar {
    /// The picker is open (for a copy when true in `copy`).
    pub picker: bool,
    pub copy: bool,
    pub filter: String,
    /// Folders of the selection's account.
    pub choices: Vec<Choice>,
    /// Messages waiting for "Delete for good".
    pub confirm: Option<Vec<i64>>,
}

impl ActionBar {
    /// The folders the filter matches (any part of the path, any case).
    pub fn matches(&self) -> Vec<&Choice> {
        let f = self.filter.to_lowercase();
        self.choices
            .iter()
            .filter(|c| c.label.to_lowercase().contains(&f))
            .collect()
    }

    /// `selected`: how many messages are selected; `seen`/`starred`: the state of the first.
    pub fn view(
        &self,
        selected: usize,
        seen: bool,
        starred: bool,
        in_junk: bool,
    ) -> Element<'_, Message> {
        if let Some(rows) = &self.confirm {
            return container(
                row![
                    text(t().delete_forever_question(rows.len()))
                        .size(13)
                        .width(Fill),
                    button(text(t().delete_forever()).size(12))
                        .style(button::danger)
                        .on_press(Message::ConfirmForever),
                    button(text(t().cancel_action()).size(12))
                        .style(button::secondary)
                        .on_press(Message::CancelForever),
                ]
                .spacing(6)
                .align_y(iced::Center),
            )
            .padding([4, 8])
            .into();
        }
        let enabled = selected > 0;
        // Icons with their words in a tooltip: the bar stays one line in a narrow list.
        let act = |glyph: Icon, label: &'static str, m: Message| {
            let b = button(icons::icon(glyph, 14.0))
                .padding([3, 7])
                .style(button::secondary);
            let b = if enabled { b.on_press(m) } else { b };
            iced::widget::tooltip(
                b,
                container(text(label).size(12))
                    .padding([2, 6])
                    .style(container::rounded_box),
                iced::widget::tooltip::Position::Bottom,
            )
        };
        let count: Element<'_, Message> = if selected > 1 {
            text(t().selected_count(selected)).size(12).into()
        } else {
            text("").size(12).into()
        };
        let bar = row![
            act(Icon::Trash, t().delete(), Message::Do(Verb::Delete)),
            act(Icon::Archive, t().archive(), Message::Do(Verb::Archive)),
            if in_junk {
                act(Icon::Inbox, t().not_junk(), Message::Do(Verb::Junk(false)))
            } else {
                act(Icon::Junk, t().junk(), Message::Do(Verb::Junk(true)))
            },
            act(
                Icon::Move,
                t().move_to(),
                Message::OpenPicker { copy: false }
            ),
            act(
                Icon::Copy,
                t().copy_to(),
                Message::OpenPicker { copy: true }
            ),
            if seen {
                act(
                    Icon::Mail,
                    t().mark_unread(),
                    Message::Do(Verb::Read(false)),
                )
            } else {
                act(
                    Icon::MailOpen,
                    t().mark_read(),
                    Message::Do(Verb::Read(true)),
                )
            },
            act(
                Icon::Star,
                if starred { t().unstar() } else { t().star() },
                Message::Do(Verb::Star(!starred))
            ),
            count,
        ]
        .spacing(3)
        .align_y(iced::Center)
        .wrap();
        let mut col: Column<'_, Message> = column![container(bar).padding([4, 8])];
        if self.picker {
            col = col.push(self.picker_view());
        }
        col.into()
    }

    fn picker_view(&self) -> Element<'_, Message> {
        let mut list: Column<'_, Message> = column![].spacing(1);
        for c in self.matches().into_iter().take(50) {
            list = list.push(
                button(text(c.label.as_str()).size(13))
                    .style(button::text)
                    .width(Fill)
                    .on_press(Message::Picked(c.id)),
            );
        }
        container(
            column![
                row![
                    text_input(t().filter_folders(), &self.filter)
                        .id(PICKER_ID)
                        .on_input(Message::Filter)
                        .on_submit(Message::PickFirst)
                        .size(13),
                    button(text(t().cancel_action()).size(12))
                        .style(button::secondary)
                        .on_press(Message::ClosePicker),
                ]
                .spacing(6),
                scrollable(list).height(iced::Length::Shrink),
            ]
            .spacing(4),
        )
        .max_height(260)
        .padding([4, 8])
        .into()
    }
}
