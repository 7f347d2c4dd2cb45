//! The message list: sender, subject, date and marks, newest first, keyboard up/down.
//! Lays out only the rows on screen (see `widget::virtual_list`). Several messages can be
//! selected (Ctrl-click, Shift-click ranges, Ctrl+A) and dragged onto a folder.

use super::strings::t;
use super::widget::virtual_list::{self, Viewport};
use crate::store::MessageSummary;
use iced::keyboard::Modifiers;
use iced::widget::{container, mouse_area, rich_text, row, space, span, text, text::Wrapping};
use iced::{Element, Fill, Task};
use std::collections::BTreeSet;

pub const ROW_HEIGHT: f32 = 46.0;
pub const LIST_ID: &str = "message-list";

#[derive(Debug, Clone)]
pub enum Message {
    Clicked(usize),
    /// The button went up over row `usize` (ends a click that kept a multiple selection).
    Released(usize),
    Scrolled {
        offset_y: f32,
        height: f32,
    },
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
    /// The row with the cursor (the one the reader shows).
    pub selected: Option<usize>,
    /// More rows selected with Ctrl/Shift or Ctrl+A (ids; empty: only `selected`).
    pub picked: BTreeSet<i64>,
    /// Where a Shift-click range starts.
    pub anchor: Option<usize>,
    /// The keyboard modifiers held now (the window tells them).
    pub modifiers: Modifiers,
    /// A row was pressed and the button is still down: a drag onto a folder may follow.
    pub pressed: Option<usize>,
    pub viewport: Viewport,
}

const MARK_WIDTH: f32 = 14.0;

/// The date column: the time for today's mail, month and day for this year's, the full date
/// before (local time; no spaces, see `row`).
pub fn list_date<Tz: chrono::TimeZone>(ts: Option<i64>, now: chrono::DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    use chrono::Datelike;
    let Some(d) = ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0)) else {
        return String::new();
    };
    let d = d.with_timezone(&now.timezone());
    let format = if d.date_naive() == now.date_naive() {
        "%H:%M"
    } else if d.year() == now.year() {
        "%m-%d"
    } else {
        "%Y-%m-%d"
    };
    d.format(format).to_string()
}

/// Move the list's scrollable to `offset_y`.
fn scroll_task(offset_y: f32) -> Task<Message> {
    use iced::widget::operation::{scroll_to, AbsoluteOffset};
    scroll_to(
        LIST_ID,
        AbsoluteOffset {
            x: None,
            y: Some(offset_y),
        },
    )
}

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
        if self.folder_id != Some(folder_id) {
            self.picked.clear();
            self.anchor = None;
        }
        self.folder_id = Some(folder_id);
        self.rows = rows;
        self.selected = keep.and_then(|id| self.rows.iter().position(|m| m.id == id));
        let present: BTreeSet<i64> = self.rows.iter().map(|m| m.id).collect();
        self.picked.retain(|id| present.contains(id));
    }

    /// The messages an action applies to: every selected row, in list order.
    pub fn selection(&self) -> Vec<i64> {
        if self.picked.is_empty() {
            return self
                .selected
                .and_then(|i| self.rows.get(i))
                .map(|m| vec![m.id])
                .unwrap_or_default();
        }
        self.rows
            .iter()
            .filter(|m| self.picked.contains(&m.id))
            .map(|m| m.id)
            .collect()
    }

    pub fn is_selected(&self, i: usize) -> bool {
        self.selected == Some(i) && self.picked.is_empty()
            || self
                .rows
                .get(i)
                .is_some_and(|m| self.picked.contains(&m.id))
    }

    /// Ctrl+A: every row.
    pub fn select_all(&mut self) {
        self.picked = self.rows.iter().map(|m| m.id).collect();
    }

    /// Rows acted on left this list (moved, deleted): drop them and put the cursor on the
    /// row that followed the first of them. Returns the message to show next, if any.
    pub fn remove(&mut self, ids: &[i64]) -> Option<i64> {
        let gone: BTreeSet<i64> = ids.iter().copied().collect();
        let first = self.rows.iter().position(|m| gone.contains(&m.id));
        self.rows.retain(|m| !gone.contains(&m.id));
        self.picked.clear();
        self.anchor = None;
        let first = first?;
        if self.rows.is_empty() {
            self.selected = None;
            return None;
        }
        let i = first.min(self.rows.len() - 1);
        self.selected = Some(i);
        Some(self.rows[i].id)
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
            this.picked.clear();
            let task = this.keep_visible(i);
            (task, Event::Open(this.rows[i].id))
        };
        match message {
            Message::Clicked(i) if i < self.rows.len() => {
                self.pressed = Some(i);
                let id = self.rows[i].id;
                if self.modifiers.command() {
                    // Ctrl-click: add or take away one row, open nothing.
                    if self.picked.is_empty() {
                        if let Some(cur) = self.selected.and_then(|c| self.rows.get(c)) {
                            self.picked.insert(cur.id);
                        }
                    }
                    if !self.picked.remove(&id) {
                        self.picked.insert(id);
                    }
                    self.anchor = Some(i);
                    return (Task::none(), Event::None);
                }
                if self.modifiers.shift() {
                    let from = self.anchor.or(self.selected).unwrap_or(i);
                    let (a, b) = (from.min(i), from.max(i));
                    self.picked = self.rows[a..=b].iter().map(|m| m.id).collect();
                    self.anchor = Some(from);
                    self.selected = Some(i);
                    return (Task::none(), Event::None);
                }
                if self.picked.len() > 1 && self.picked.contains(&id) {
                    // Pressed inside a multiple selection: it may be dragged; a release
                    // here makes it a plain click.
                    return (Task::none(), Event::None);
                }
                self.picked.clear();
                self.anchor = Some(i);
                select(self, i)
            }
            Message::Clicked(_) => (Task::none(), Event::None),
            Message::Released(i) => {
                let pressed = self.pressed.take();
                let plain = !self.modifiers.command() && !self.modifiers.shift();
                if plain && pressed == Some(i) && self.picked.len() > 1 && i < self.rows.len() {
                    self.picked.clear();
                    self.anchor = Some(i);
                    return select(self, i);
                }
                (Task::none(), Event::None)
            }
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

    /// The height of all rows.
    pub fn content_height(&self) -> f32 {
        self.rows.len() as f32 * ROW_HEIGHT
    }

    /// Scroll to `offset_y` (the view follows at once, the scrollable with the task).
    pub fn scroll_to(&mut self, offset_y: f32) -> Task<Message> {
        self.viewport.offset_y = offset_y;
        scroll_task(offset_y)
    }

    fn keep_visible(&self, i: usize) -> Task<Message> {
        let y = i as f32 * ROW_HEIGHT;
        let v = self.viewport;
        if y < v.offset_y {
            scroll_task(y)
        } else if y + ROW_HEIGHT > v.offset_y + v.height {
            scroll_task(y + ROW_HEIGHT - v.height)
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
        let now = chrono::Local::now();
        virtual_list::view(
            LIST_ID,
            self.rows.len(),
            ROW_HEIGHT,
            self.viewport,
            |i| self.row(i, now),
            |offset_y, height| Message::Scrolled { offset_y, height },
        )
    }

    fn row(&self, i: usize, now: chrono::DateTime<chrono::Local>) -> Element<'_, Message> {
        // Drawing cost matters here (every scroll redraws every row): text without spaces and
        // no clip layer where the content cannot overflow. iced's tiny-skia renderer does not
        // cache blank glyphs and sets up font hinting again for each text holding one, and each
        // clipping container is a layer that clears a window-sized mask.
        let m = &self.rows[i];
        let mark = |on: bool, glyph: &'static str| -> Element<'_, Message> {
            if on {
                text(glyph).size(12).width(MARK_WIDTH).into()
            } else {
                space().width(MARK_WIDTH).into()
            }
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
        let subject = if m.subject.is_empty() {
            t().no_subject().to_string()
        } else {
            m.subject.clone()
        };
        // Sender and subject as one two-line text in one clipping container, the date beside it.
        let names = rich_text::<(), _, _, _>([
            span(m.sender()).font(font).size(13),
            span("\n").size(13),
            span(subject).size(13),
        ])
        .line_height(iced::widget::text::LineHeight::Absolute(19.0.into()))
        .wrapping(Wrapping::None);
        let line = row![
            mark(!m.seen, "●"),
            mark(m.flagged, "★"),
            mark(m.has_attachments, "@"),
            space().width(8),
            container(names).width(Fill).clip(true),
            space().width(6),
            text(list_date(m.date, now)).size(12),
        ];
        let selected = self.is_selected(i);
        let body = container(line)
            .padding([4, 8])
            .height(ROW_HEIGHT)
            .width(Fill)
            .style(move |t: &iced::Theme| {
                if selected {
                    container::primary(t)
                } else {
                    container::transparent(t)
                }
            });
        mouse_area(body)
            .on_press(Message::Clicked(i))
            .on_release(Message::Released(i))
            .interaction(iced::mouse::Interaction::Pointer)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::list_date;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_date_column_is_short_for_recent_mail() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap();
        let at = |y, mo, d, h, mi| {
            Some(
                Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
                    .unwrap()
                    .timestamp(),
            )
        };
        assert_eq!(list_date(at(2026, 11, 22, 9, 5), now), "09:05");
        assert_eq!(list_date(at(2026, 11, 21, 23, 59), now), "11-21");
        assert_eq!(list_date(at(2025, 11, 22, 9, 5), now), "2025-11-22");
        assert_eq!(list_date(None, now), "");
    }
}
