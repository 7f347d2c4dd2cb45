//! The reader: decoded headers, the text body, attachments, delivery and read reports. The view
//! model is prepared off the UI thread (`store_tasks::load_message`) and cached here.

mod plain_quotes;
pub mod receipts;
#[cfg(test)]
mod receipts_tests;
pub mod thread_cards;

use super::composer::human_size;
use super::icons::{self, Icon};
use super::store_tasks::ReaderView;
use super::strings::t;
use crate::mime::reply::ReplyKind;
use crate::remote_content::Fetched;
use crate::store::local_time_text as date_text;
use iced::widget::{
    button, column, container, image, rich_text, row, rule, scrollable, span, text, Column,
};
use iced::{Element, Fill};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Message {
    Save(usize),
    Open(usize),
    Star(bool),
    OpenLink(String),
    /// Show the text/plain alternative (true) or the formatted HTML (false).
    Plain(bool),
    ShowMore,
    ShowRemote,
    RemoteLoaded(i64, Arc<Vec<Fetched>>),
    Reply(ReplyKind),
    /// Open this filed draft in a composer.
    EditDraft,
    /// Reports and read-receipt requests: the app routes these to [`receipts::Receipts::update`].
    Receipts(receipts::Message),
    /// Open or close a card of the conversation.
    Card(usize),
    /// Show (true) or fold (false) long quotes of plain-text mail.
    Quotes(bool),
    /// The body was scrolled (only with `track_scroll`): its offset and the largest offset.
    Scrolled {
        offset_y: f32,
        max_y: f32,
    },
    /// "Unsubscribe" pressed: ask first, saying how (true), or the question answered no (false).
    AskUnsubscribe(bool),
    /// The question answered yes.
    Unsubscribe,
}

pub enum Event {
    Save {
        id: i64,
        index: usize,
    },
    Open {
        id: i64,
        index: usize,
    },
    Star {
        id: i64,
        on: bool,
    },
    OpenLink(String),
    /// The user allowed this message's remote pictures: fetch them.
    ShowRemote {
        id: i64,
        urls: Vec<String>,
    },
    /// Reply to or forward this message (opens a composer).
    Reply {
        id: i64,
        kind: ReplyKind,
    },
    EditDraft(i64),
    /// Leave the mailing list the open message came from, the way it offers.
    Unsubscribe(crate::mime::unsubscribe::Unsubscribe),
}

pub use crate::mime::html_doc::SHOWN_TEXT_LIMIT;
/// Characters laid out when a message opens; "Show more" adds [`MORE_STEP`] at a time (laying
/// out a quarter of a million characters takes longer than a frame).
pub const FIRST_SHOWN: usize = 40_000;
const MORE_STEP: usize = 100_000;
/// Attachments listed at most (a message with 10,000 parts must not freeze the window).
pub const SHOWN_ATTACHMENTS: usize = 30;

/// The open message's remote pictures: blocked until the user asks for them.
#[derive(Debug, Default)]
pub enum Remote {
    #[default]
    Blocked,
    Loading,
    /// URL -> the picture, or why it is not shown.
    Shown(HashMap<String, Result<image::Handle, String>>),
}

#[derive(Debug, Default)]
pub struct Reader {
    pub view: Option<ReaderView>,
    pub error: Option<String>,
    /// Showing the plain-text alternative of an HTML message.
    pub plain: bool,
    pub remote: Remote,
    /// Characters shown beyond [`FIRST_SHOWN`] after "Show more".
    pub extra_shown: usize,
    /// Delivery and read reports of the open message, loaded beside it.
    pub receipts: receipts::Receipts,
    /// The open message is in a Drafts folder (it can be edited and sent).
    pub draft: bool,
    /// Its conversation's other messages (conversation mode).
    pub thread: thread_cards::Thread,
    /// Long quotes of plain-text mail shown (they start folded).
    pub quotes_open: bool,
    /// "Unsubscribe" was pressed: the question is on show.
    pub asking_unsubscribe: bool,
    /// `JEBI_FRAME_TRACE=reader:PX`: the body reports its scroll offset, which the scripted
    /// scroll moves on (off otherwise: nothing else needs it, and it costs a view per move).
    pub track_scroll: bool,
    /// The body's scroll offset and largest offset, when tracked.
    pub scroll: (f32, f32),
}

/// The id of the scrollable holding the open message.
pub const BODY_ID: &str = "reader-body";

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
    /// The question before unsubscribing, saying exactly what will happen and to which address.
    fn unsubscribe_question(&self, v: &ReaderView) -> Option<Element<'_, Message>> {
        let how = v.unsubscribe.as_ref().filter(|_| self.asking_unsubscribe)?;
        let words = match (&how.web, &how.mail) {
            (Some(web), _) if how.one_click => t().unsubscribe_one_click(web),
            (_, Some(mail)) => t().unsubscribe_by_mail(&mail.to),
            (Some(web), None) => t().unsubscribe_on_the_web(web),
            (None, None) => return None,
        };
        Some(
            container(
                row![
                    text(words).size(13).width(Fill),
                    button(text(t().unsubscribe()).size(12))
                        .style(button::danger)
                        .on_press(Message::Unsubscribe),
                    button(text(t().cancel()).size(12))
                        .style(button::secondary)
                        .on_press(Message::AskUnsubscribe(false)),
                ]
                .spacing(8)
                .align_y(iced::Center),
            )
            .padding(8)
            .style(container::rounded_box)
            .into(),
        )
    }

    /// Shows another message: its remote content is blocked again.
    pub fn show(&mut self, view: ReaderView) {
        self.view = Some(view);
        self.error = None;
        self.plain = false;
        self.remote = Remote::Blocked;
        self.extra_shown = 0;
        self.draft = false;
        self.quotes_open = false;
        self.asking_unsubscribe = false;
        self.scroll = (0.0, 0.0);
        if self.thread.of != self.current_id() {
            self.thread = thread_cards::Thread::default();
        }
    }

    /// The message on show, if any.
    pub fn current_id(&self) -> Option<i64> {
        self.view.as_ref().map(|v| v.id)
    }

    /// The open message was starred or not from the list.
    pub fn set_starred(&mut self, ids: &[i64], on: bool) {
        if let Some(v) = self.view.as_mut().filter(|v| ids.contains(&v.id)) {
            v.flagged = on;
        }
    }

    /// How many characters of the body are laid out now.
    fn shown_limit(&self) -> usize {
        (FIRST_SHOWN + self.extra_shown).min(SHOWN_TEXT_LIMIT)
    }

    fn more_button(&self) -> Element<'_, Message> {
        button(text(t().show_more()).size(12))
            .style(button::secondary)
            .on_press(Message::ShowMore)
            .into()
    }

    /// The scrollable around the open message.
    fn body<'a>(&self, col: Column<'a, Message>) -> Element<'a, Message> {
        let body = scrollable(col.width(Fill)).height(Fill).id(BODY_ID);
        if !self.track_scroll {
            return body.into();
        }
        body.on_scroll(|v| Message::Scrolled {
            offset_y: v.absolute_offset().y,
            max_y: (v.content_bounds().height - v.bounds().height).max(0.0),
        })
        .into()
    }

    /// Scroll the body to `offset_y` (the scripted scroll of `JEBI_FRAME_TRACE=reader:PX`).
    pub fn scroll_to(&mut self, offset_y: f32) -> iced::Task<Message> {
        use iced::widget::operation::{scroll_to, AbsoluteOffset};
        self.scroll.0 = offset_y;
        scroll_to(
            BODY_ID,
            AbsoluteOffset {
                x: None,
                y: Some(offset_y),
            },
        )
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        if let Message::Scrolled { offset_y, max_y } = message {
            self.scroll = (offset_y, max_y);
            return None;
        }
        if let Message::Card(i) = message {
            self.toggle_card(i);
            return None;
        }
        if let Message::Quotes(open) = message {
            self.quotes_open = open;
            return None;
        }
        if let Message::AskUnsubscribe(ask) = message {
            self.asking_unsubscribe = ask;
            return None;
        }
        if let Message::Unsubscribe = message {
            self.asking_unsubscribe = false;
            let how = self.view.as_ref()?.unsubscribe.clone()?;
            return Some(Event::Unsubscribe(how));
        }
        let v = self.view.as_mut()?;
        Some(match message {
            Message::Save(index) => Event::Save { id: v.id, index },
            Message::Open(index) => Event::Open { id: v.id, index },
            Message::OpenLink(url) => Event::OpenLink(url),
            Message::Reply(kind) => Event::Reply { id: v.id, kind },
            Message::EditDraft => Event::EditDraft(v.id),
            // Routed by the app to `self.receipts` (they can arrive before the message).
            Message::Receipts(_)
            | Message::Scrolled { .. }
            | Message::Card(_)
            | Message::Quotes(_)
            | Message::AskUnsubscribe(_)
            | Message::Unsubscribe => return None,
            Message::Star(on) => {
                v.flagged = on;
                Event::Star { id: v.id, on }
            }
            Message::Plain(on) => {
                self.plain = on;
                return None;
            }
            Message::ShowMore => {
                self.extra_shown += MORE_STEP;
                return None;
            }
            Message::ShowRemote => {
                let urls: Vec<String> = v
                    .document
                    .as_ref()
                    .map(|d| d.remote_images().map(str::to_string).collect())
                    .unwrap_or_default();
                if urls.is_empty() || !matches!(self.remote, Remote::Blocked) {
                    return None;
                }
                self.remote = Remote::Loading;
                Event::ShowRemote { id: v.id, urls }
            }
            Message::RemoteLoaded(id, fetched) => {
                if id != v.id {
                    return None;
                }
                let shown = fetched
                    .iter()
                    .map(|(url, result)| {
                        let picture = result
                            .as_ref()
                            .map(|p| image::Handle::from_rgba(p.width, p.height, p.rgba.clone()));
                        (url.clone(), picture.map_err(Clone::clone))
                    })
                    .collect();
                self.remote = Remote::Shown(shown);
                return None;
            }
        })
    }

    /// The note above an HTML body: what was blocked and the button to allow it.
    fn remote_notice(&self, v: &ReaderView) -> Option<Element<'_, Message>> {
        let pictures = v.document.as_ref().map_or(0, |d| d.remote_images().count());
        let (words, button_shown) = match (&self.remote, v.remote_refs) {
            (Remote::Blocked, 0) => return None,
            (Remote::Blocked, n) => (t().remote_not_loaded(n), pictures > 0),
            (Remote::Loading, _) => (t().loading_remote().to_string(), false),
            (Remote::Shown(_), _) => (t().remote_shown().to_string(), false),
        };
        let mut line = row![text(words).size(12).width(Fill)].spacing(8);
        if button_shown {
            line = line.push(
                button(text(t().show_remote()).size(12))
                    .style(button::secondary)
                    .on_press(Message::ShowRemote),
            );
        }
        Some(
            container(line)
                .padding(6)
                .width(Fill)
                .style(container::rounded_box)
                .into(),
        )
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
        let act = |words: &'static str, kind: ReplyKind| {
            let glyph = match kind {
                ReplyKind::Reply => Icon::Reply,
                ReplyKind::ReplyAll => Icon::ReplyAll,
                ReplyKind::ForwardInline => Icon::Forward,
                ReplyKind::ForwardAsAttachment => Icon::Paperclip,
            };
            button(
                row![icons::icon(glyph, 13.0), text(words).size(12)]
                    .spacing(5)
                    .align_y(iced::Center),
            )
            .style(button::secondary)
            .on_press(Message::Reply(kind))
        };
        let edit = self.draft.then(|| {
            button(text(t().edit_draft()).size(12))
                .style(button::primary)
                .on_press(Message::EditDraft)
        });
        let actions = row![
            edit,
            act(t().reply(), ReplyKind::Reply),
            act(t().reply_all(), ReplyKind::ReplyAll),
            act(t().forward(), ReplyKind::ForwardInline),
            act(t().forward_attachment(), ReplyKind::ForwardAsAttachment),
            iced::widget::space().width(Fill),
            v.unsubscribe.as_ref().map(|_| {
                button(text(t().unsubscribe()).size(12))
                    .style(button::secondary)
                    .on_press(Message::AskUnsubscribe(true))
            }),
            star,
        ]
        .spacing(6);
        // A conversation is titled once, above its earlier messages, by its first message
        // (the others mostly add "Re:"); a lone message under its actions.
        let first = match self.thread.before {
            0 => v,
            _ => &self.thread.cards[0].view,
        };
        let title = text(first.subject.as_str()).size(20).width(Fill);
        let (on_top, in_head) = if self.thread.cards.is_empty() {
            (None, Some(title))
        } else {
            (Some(title), None)
        };
        let mut head: Column<'_, Message> = column![actions, in_head].spacing(4);
        head = head.push(header(t().from(), &v.from));
        if !v.to.is_empty() {
            head = head.push(header(t().to(), &v.to));
        }
        if !v.cc.is_empty() {
            head = head.push(header(t().cc(), &v.cc));
        }
        head = head.push(header(t().date(), &date_text(v.date)));
        for (index, (name, mime, size)) in v.attachments.iter().enumerate().take(SHOWN_ATTACHMENTS)
        {
            head = head.push(
                row![
                    icons::icon(Icon::Paperclip, 13.0),
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
        if v.attachments.len() > SHOWN_ATTACHMENTS {
            let more = v.attachments.len() - SHOWN_ATTACHMENTS;
            head = head.push(text(t().more_attachments(more)).size(12));
        }
        if let Some(list) = self.receipts.list_view(v.id) {
            head = head.push(list.map(Message::Receipts));
        }
        if let Some(question) = self.unsubscribe_question(v) {
            head = head.push(question);
        }
        let report = self.receipts.report_view(v.id);
        let request = self.receipts.request_bar(v.id);
        let mut col = column![
            on_top,
            self.cards(true, &v.folder),
            report.map(|e| e.map(Message::Receipts)),
            head,
            request.map(|e| e.map(Message::Receipts)),
            rule::horizontal(1)
        ]
        .spacing(10)
        .padding(16);
        if let Some(doc) = v.document.as_ref().filter(|_| !self.plain) {
            if v.has_text {
                col = col.push(
                    button(text(t().plain_text()).size(12))
                        .style(button::text)
                        .on_press(Message::Plain(true)),
                );
            }
            if let Some(notice) = self.remote_notice(v) {
                col = col.push(notice);
            }
            let limit = self.shown_limit();
            let (blocks, more) = super::html_view::document(doc, &self.remote, limit);
            col = col.push(blocks);
            if more {
                col = col.push(self.more_button());
            } else if doc.cut_chars > 0 {
                col = col.push(text(t().rest_not_shown(doc.cut_chars)).size(12));
            }
            col = col.push(self.cards(false, &v.folder));
            return self.body(col);
        }
        if v.document.is_some() {
            col = col.push(
                button(text(t().formatted()).size(12))
                    .style(button::text)
                    .on_press(Message::Plain(false)),
            );
        }
        let body: &str = if !v.body_downloaded {
            t().not_downloaded()
        } else if v.body.trim().is_empty() {
            t().no_text()
        } else {
            &v.body
        };
        let limit = self.shown_limit();
        let (shown, cut) = match body.char_indices().nth(limit) {
            Some((at, _)) => (&body[..at], true),
            None => (body, false),
        };
        col = col.push(plain_quotes::view(shown, self.quotes_open, paragraph_view));
        if cut && limit < SHOWN_TEXT_LIMIT {
            col = col.push(self.more_button());
        } else if cut {
            col = col.push(text(t().rest_not_shown(body.chars().count() - limit)).size(12));
        }
        col = col.push(self.cards(false, &v.folder));
        self.body(col)
    }
}
