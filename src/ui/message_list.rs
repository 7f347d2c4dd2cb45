//! The message list: sender, subject, date and marks, newest first, keyboard up/down.
//! Lays out only the rows on screen (see `widget::virtual_list`).

use super::strings::t;
use super::widget::virtual_list::{self, Viewport};
use crate::store::MessageSummary;
use iced::widget::{column, container, mouse_area, row, space, text, text::Wrapping};
use iced::{Element, Fill, Task};

pub const ROW_HEIGHT: f32 = 46.0;
pub const LIST_ID: &str = "message-list";

#[derive(Debug, Clone)]
pub enum Message {
    Clicked(usize),
    Scrolled { offset_y: f32, height: f32 },
    Previous,
    Next,
}

pub enum Event {
    None,
    Open(i64),
}

#[derive(Debug, Default)]
pub struct MessageList {
    pub folder_id: Option<i64>,
    pub rows: Vec<MessageSummary>,
    pub selected: Option<usize>,
    pub viewport: Viewport,
}

pub use crate::store::local_time_text as date_text;

impl MessageList {
    /// New rows for a folder; keeps the selection on the same message when reloading.
    pub fn set_rows(&mut self, folder_id: i64, rows: Vec<MessageSummary>) {
        let keep = self
            .selected
            .and_then(|i| self.rows.get(i))
            .map(|m| m.id)
            .filter(|_| self.folder_id == Some(folder_id));
        if self.folder_id != Some(folder_id) {
            self.viewport.offset_y = 0.0;
        }
        self.folder_id = Some(folder_id);
        self.rows = rows;
        self.selected = keep.and_then(|id| self.rows.iter().position(|m| m.id == id));
    }

    pub fn mark_seen(&mut self, id: i64, seen: bool, flagged: Option<bool>) {
        if let Some(m) = self.rows.iter_mut().find(|m| m.id == id) {
            m.seen = seen;
            if let Some(f) = flagged {
                m.flagged = f;
            }
        }
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Event) {
        let select = |this: &mut Self, i: usize| -> (Task<Message>, Event) {
            this.selected = Some(i);
            let task = this.keep_visible(i);
            (task, Event::Open(this.rows[i].id))
        };
        match message {
            Message::Clicked(i) if i < self.rows.len() => select(self, i),
            Message::Clicked(_) => (Task::none(), Event::None),
            Message::Scrolled { offset_y, height } => {
                self.viewport = Viewport { offset_y, height };
                (Task::none(), Event::None)
            }
            Message::Previous => match self.selected {
                Some(i) if i > 0 => select(self, i - 1),
                None if !self.rows.is_empty() => select(self, 0),
                _ => (Task::none(), Event::None),
            },
            Message::Next => match self.selected {
                Some(i) if i + 1 < self.rows.len() => select(self, i + 1),
                None if !self.rows.is_empty() => select(self, 0),
                _ => (Task::none(), Event::None),
            },
        }
    }

    fn keep_visible(&self, i: usize) -> Task<Message> {
        use iced::widget::operation::{scroll_to, AbsoluteOffset};
        let y = i as f32 * ROW_HEIGHT;
        let v = self.viewport;
        if y < v.offset_y {
            scroll_to(
                LIST_ID,
                AbsoluteOffset {
                    x: None,
                    y: Some(y),
                },
            )
        } else if y + ROW_HEIGHT > v.offset_y + v.height {
            scroll_to(
                LIST_ID,
                AbsoluteOffset {
                    x: None,
                    y: Some(y + ROW_HEIGHT - v.height),
                },
            )
        } else {
            Task::none()
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.rows.is_empty() {
            return container(text(t().no_messages()).size(13))
                .padding(16)
                .width(Fill)
                .height(Fill)
                .into();
        }
        virtual_list::view(
            LIST_ID,
            self.rows.len(),
            ROW_HEIGHT,
            self.viewport,
            |i| self.row(i),
            |offset_y, height| Message::Scrolled { offset_y, height },
        )
    }

    fn row(&self, i: usize) -> Element<'_, Message> {
        let m = &self.rows[i];
        let sender = m.sender();
        let marks = format!(
            "{}{}{}",
            if m.seen { " " } else { "●" },
            if m.flagged { "★" } else { " " },
            if m.has_attachments { "@" } else { " " }
        );
        let subject = if m.subject.is_empty() {
            t().no_subject().to_string()
        } else {
            m.subject.clone()
        };
        let weight = if m.seen {
            iced::font::Weight::Normal
        } else {
            iced::font::Weight::Bold
        };
        let font = iced::Font {
            weight,
            ..iced::Font::DEFAULT
        };
        let top = row![
            text(marks).size(12).width(44),
            container(text(sender).size(13).font(font).wrapping(Wrapping::None))
                .width(Fill)
                .clip(true),
            text(date_text(m.date)).size(12),
        ]
        .spacing(6);
        let line = column![
            top,
            row![
                space().width(50),
                container(text(subject).size(13).wrapping(Wrapping::None))
                    .width(Fill)
                    .clip(true)
            ]
        ]
        .spacing(2);
        let selected = self.selected == Some(i);
        let body = container(line)
            .padding([4, 8])
            .height(ROW_HEIGHT)
            .width(Fill)
            .clip(true)
            .style(move |t: &iced::Theme| {
                if selected {
                    container::primary(t)
                } else {
                    container::transparent(t)
                }
            });
        mouse_area(body).on_press(Message::Clicked(i)).into()
    }
}
