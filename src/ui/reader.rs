//! The reader: decoded headers, the text body, attachments. The view model is prepared off
//! the UI thread (`store_tasks::load_message`) and cached here.

use super::message_list::date_text;
use super::store_tasks::ReaderView;
use super::strings::t;
use iced::widget::{
    button, column, container, rich_text, row, rule, scrollable, span, text, Column,
};
use iced::{Element, Fill};

#[derive(Debug, Clone)]
pub enum Message {
    Save(usize),
    Open(usize),
    Star(bool),
    OpenLink(String),
}

pub enum Event {
    Save { id: i64, index: usize },
    Open { id: i64, index: usize },
    Star { id: i64, on: bool },
    OpenLink(String),
}

/// Longest body text laid out at once; the rest is summarised (a 50 MB text part must not
/// freeze the window).
const SHOWN_TEXT_LIMIT: usize = 256 * 1024;

#[derive(Debug, Default)]
pub struct Reader {
    pub view: Option<ReaderView>,
    pub error: Option<String>,
}

fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

/// One paragraph of body text with its links clickable (showing their real target).
fn paragraph_view(paragraph: &str) -> Element<'static, Message> {
    let pieces = super::linkify::pieces(paragraph);
    if pieces.iter().all(|p| p.link.is_none()) {
        return text(paragraph.to_string()).size(14).into();
    }
    let spans: Vec<text::Span<'static, String>> = pieces
        .into_iter()
        .map(|p| match p.link {
            Some(target) => span(p.text)
                .link(target)
                .underline(true)
                .color(iced::color!(0x2f6fdb)),
            None => span(p.text),
        })
        .collect();
    rich_text(spans)
        .size(14)
        .on_link_click(Message::OpenLink)
        .into()
}

impl Reader {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        let v = self.view.as_mut()?;
        Some(match message {
            Message::Save(index) => Event::Save { id: v.id, index },
            Message::Open(index) => Event::Open { id: v.id, index },
            Message::OpenLink(url) => Event::OpenLink(url),
            Message::Star(on) => {
                v.flagged = on;
                Event::Star { id: v.id, on }
            }
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(e) = &self.error {
            return container(text(e.as_str()).size(13)).padding(16).into();
        }
        let Some(v) = &self.view else {
            return container(text(t().select_message()).size(13))
                .padding(16)
                .width(Fill)
                .height(Fill)
                .into();
        };
        let header = |label: &'static str, value: &str| {
            row![
                text(label).size(12).width(64),
                text(value.to_string()).size(13).width(Fill)
            ]
            .spacing(8)
        };
        let star = if v.flagged {
            button(text(t().starred()).size(12)).on_press(Message::Star(false))
        } else {
            button(text(t().star()).size(12)).on_press(Message::Star(true))
        }
        .style(button::secondary);
        let mut head: Column<'_, Message> =
            column![row![text(v.subject.as_str()).size(20).width(Fill), star].spacing(8)]
                .spacing(4);
        head = head.push(header(t().from(), &v.from));
        if !v.to.is_empty() {
            head = head.push(header(t().to(), &v.to));
        }
        if !v.cc.is_empty() {
            head = head.push(header(t().cc(), &v.cc));
        }
        head = head.push(header(t().date(), &date_text(v.date)));
        for (index, (name, mime, size)) in v.attachments.iter().enumerate() {
            head = head.push(
                row![
                    text(t().attachment(name, mime, &human_size(*size)))
                        .size(13)
                        .width(Fill),
                    button(text(t().open()).size(12))
                        .style(button::secondary)
                        .on_press(Message::Open(index)),
                    button(text(t().save()).size(12))
                        .style(button::secondary)
                        .on_press(Message::Save(index)),
                ]
                .spacing(8),
            );
        }
        let body = if !v.body_downloaded {
            t().not_downloaded().to_string()
        } else if v.body.trim().is_empty() {
            t().no_text().to_string()
        } else {
            v.body.clone()
        };
        let mut col = column![head, rule::horizontal(1)].spacing(10).padding(16);
        if v.html {
            let note = match v.remote_refs {
                0 => t().shown_as_text().to_string(),
                n => t().remote_not_loaded(n),
            };
            col = col.push(text(note).size(11));
        }
        let (shown, cut) = match body.char_indices().nth(SHOWN_TEXT_LIMIT) {
            Some((at, _)) => (&body[..at], true),
            None => (body.as_str(), false),
        };
        for paragraph in shown.split("\n\n") {
            col = col.push(paragraph_view(paragraph));
        }
        if cut {
            col = col
                .push(text(t().rest_not_shown(body.chars().count() - SHOWN_TEXT_LIMIT)).size(12));
        }
        scrollable(col.width(Fill)).height(Fill).into()
    }
}
