//! The open message's conversation in the reader: its other messages as cards in date order,
//! those before it above and those after it (a reply from Sent, say) below. A card shows its
//! sender, date and first line; a click opens it to its text. Unread ones come open.

use super::{paragraph_view, Message, Reader, Remote, FIRST_SHOWN};
use crate::store::local_time_text as date_text;
use crate::ui::store_tasks::ReaderView;
use crate::ui::strings::t;
use iced::widget::{button, column, container, row, text, Column};
use iced::{Element, Fill};

/// Messages of a conversation the reader shows at most (the newest).
pub const SHOWN_MESSAGES: usize = 50;
/// Characters of a closed card's first line.
const SNIPPET: usize = 140;

/// Another message of the open message's conversation.
#[derive(Debug, Clone)]
pub struct Card {
    pub view: ReaderView,
    pub open: bool,
}

/// The conversation around the open message.
#[derive(Debug, Clone, Default)]
pub struct Thread {
    /// The message these are around.
    pub of: Option<i64>,
    /// Its other messages, oldest first.
    pub cards: Vec<Card>,
    /// How many of `cards` come before it.
    pub before: usize,
}

impl Thread {
    pub fn new(of: i64, views: Vec<ReaderView>, before: usize) -> Thread {
        Thread {
            of: Some(of),
            before: before.min(views.len()),
            cards: views
                .into_iter()
                .map(|view| Card {
                    open: !view.seen,
                    view,
                })
                .collect(),
        }
    }
}

/// The first words of a body, on one line.
fn snippet(body: &str) -> String {
    let mut out = String::new();
    for word in body.split_whitespace() {
        if out.chars().count() + word.chars().count() > SNIPPET {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The sender's name as a card heads it ("Alice" of "Alice <alice@example.org>").
fn who(from: &str) -> &str {
    match from.split_once(" <") {
        Some((name, _)) if !name.trim().is_empty() => name.trim(),
        _ => from,
    }
}

impl Reader {
    /// Open or close card `i`.
    pub(super) fn toggle_card(&mut self, i: usize) {
        if let Some(c) = self.thread.cards.get_mut(i) {
            c.open = !c.open;
        }
    }

    /// The cards before (`true`) or after the open message.
    pub(super) fn cards(&self, before: bool, folder: &str) -> Option<Element<'_, Message>> {
        let range = if before {
            0..self.thread.before
        } else {
            self.thread.before..self.thread.cards.len()
        };
        if range.is_empty() {
            return None;
        }
        let col = Column::with_children(range.map(|i| self.card(i, &self.thread.cards[i], folder)))
            .spacing(6);
        Some(col.into())
    }

    fn card<'a>(&'a self, i: usize, c: &'a Card, folder: &str) -> Element<'a, Message> {
        let v = &c.view;
        let weight = if v.seen {
            iced::font::Weight::Normal
        } else {
            iced::font::Weight::Bold
        };
        let font = iced::Font {
            weight,
            ..iced::Font::DEFAULT
        };
        let place = (v.folder != folder).then(|| text(t().in_folder(&v.folder)).size(11));
        let head = button(
            row![
                text(who(&v.from).to_string())
                    .size(13)
                    .font(font)
                    .width(Fill),
                place,
                text(date_text(v.date)).size(12),
            ]
            .spacing(8),
        )
        .style(button::text)
        .padding([2, 0])
        .width(Fill)
        .on_press(Message::Card(i));
        let body: Element<'a, Message> = if !c.open {
            text(snippet(&v.body)).size(12).into()
        } else if !v.body.trim().is_empty() {
            let shown: String = v.body.chars().take(FIRST_SHOWN).collect();
            Column::with_children(shown.split("\n\n").map(paragraph_view).collect::<Vec<_>>())
                .spacing(6)
                .into()
        } else if let Some(doc) = &v.document {
            static BLOCKED: Remote = Remote::Blocked;
            crate::ui::html_view::document(doc, &BLOCKED, FIRST_SHOWN)
                .0
                .into()
        } else {
            text(t().no_text()).size(12).into()
        };
        container(column![head, body].spacing(4))
            .padding(8)
            .width(Fill)
            .style(container::rounded_box)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_card_shows_the_first_words_on_one_line() {
        assert_eq!(
            snippet("Hi Bob,\n\n  see you\tthere."),
            "Hi Bob, see you there."
        );
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SNIPPET + 1, "{s}");
        assert_eq!(who("Alice Kim <alice@example.org>"), "Alice Kim");
        assert_eq!(who("alice@example.org"), "alice@example.org");
    }
}
