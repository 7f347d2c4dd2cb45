//! Delivery and read reports in the reader: a report message says what it reports (with a way
//! to its original), a message lists the reports that came back about it, and a message asking
//! for a read receipt shows a bar to send one or not. Nothing is sent without that press; the
//! answer is remembered by the engine (`$MDNSent`), so the bar does not come back.

use crate::engine::receipts::ReceiptInfo;
use crate::engine::Engine;
use crate::store::local_time_text;
use crate::ui::strings::t;
use iced::widget::{button, column, container, row, text, Column};
use iced::{Alignment, Element, Fill};
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Message {
    /// The reports of message `id`, read off the UI thread when it was opened.
    Loaded(i64, Result<ReceiptInfo, String>),
    /// Open this message (a report's original, or a report).
    Open(i64),
    /// "Send receipt" (true) or "Ignore" (false) for message `id`.
    Answer { id: i64, send: bool },
}

pub enum Event {
    Open(i64),
    /// Answer the read-receipt request of message `id` (see [`answer`]).
    Answer {
        id: i64,
        send: bool,
    },
    /// Something to say in the status line.
    Problem(String),
}

#[derive(Debug, Default)]
pub struct Receipts {
    /// The message `info` is about.
    id: Option<i64>,
    pub info: ReceiptInfo,
    /// Requests answered here: their bar stays away even while the answer is on its way (or when
    /// it could not be recorded, so a second press cannot send a second receipt).
    answered: HashSet<i64>,
}

impl Receipts {
    /// What is known about message `id`'s reports, once loaded.
    fn about(&self, id: i64) -> Option<&ReceiptInfo> {
        (self.id == Some(id)).then_some(&self.info)
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Loaded(id, result) => {
                self.id = Some(id);
                match result {
                    Ok(mut info) => {
                        if self.answered.contains(&id) {
                            info.asks_for_receipt = None;
                        }
                        self.info = info;
                        None
                    }
                    Err(e) => {
                        self.info = ReceiptInfo::default();
                        Some(Event::Problem(t().receipts_unreadable(&e)))
                    }
                }
            }
            Message::Open(id) => Some(Event::Open(id)),
            Message::Answer { id, send } => {
                if self.id != Some(id) || self.info.asks_for_receipt.take().is_none() {
                    return None;
                }
                self.answered.insert(id);
                Some(Event::Answer { id, send })
            }
        }
    }

    /// For a report message: what it reports, and the way to the original.
    pub fn report_view(&self, id: i64) -> Option<Element<'_, Message>> {
        let info = self.about(id)?;
        let summary = info.report.as_deref()?;
        let mut line = row![text(t().report_status(info.report_kind, summary))
            .size(14)
            .width(Fill)]
        .spacing(8)
        .align_y(Alignment::Center);
        if let Some(original) = info.reported_message {
            line = line.push(
                button(text(t().open_original()).size(12))
                    .style(button::secondary)
                    .on_press(Message::Open(original)),
            );
        }
        Some(
            container(line)
                .padding(8)
                .width(Fill)
                .style(container::rounded_box)
                .into(),
        )
    }

    /// The reports that came back about this message, each opening the report.
    pub fn list_view(&self, id: i64) -> Option<Element<'_, Message>> {
        let info = self.about(id)?;
        if info.receipts.is_empty() {
            return None;
        }
        let mut list: Column<'_, Message> = column![text(t().reports_about()).size(12)].spacing(2);
        for r in &info.receipts {
            list = list.push(
                button(text(t().receipt_line(&r.summary, &local_time_text(r.date))).size(13))
                    .style(link)
                    .padding([2, 0])
                    .on_press(Message::Open(r.report_id)),
            );
        }
        Some(list.into())
    }

    /// "The sender asked to be told you read this": Send receipt / Ignore.
    pub fn request_bar(&self, id: i64) -> Option<Element<'_, Message>> {
        let address = self.about(id)?.asks_for_receipt.as_deref()?;
        let line = row![
            text(t().receipt_asked(address)).size(13).width(Fill),
            button(text(t().send_receipt()).size(12)).on_press(Message::Answer { id, send: true }),
            button(text(t().ignore()).size(12))
                .style(button::secondary)
                .on_press(Message::Answer { id, send: false }),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        Some(
            container(line)
                .padding(8)
                .width(Fill)
                .style(container::rounded_box)
                .into(),
        )
    }
}

/// A button that reads as a link (it opens a message).
fn link(theme: &iced::Theme, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    let color = match status {
        button::Status::Hovered | button::Status::Pressed => palette.primary.strong.color,
        _ => palette.primary.base.color,
    };
    button::Style {
        text_color: color,
        ..button::text(theme, status)
    }
}

/// The reports of message `id` (a store read: on a blocking thread).
pub async fn load(engine: Arc<Engine>, id: i64) -> Result<ReceiptInfo, String> {
    tokio::task::spawn_blocking(move || engine.receipt_info(id).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())?
}

/// Answer message `id`'s read-receipt request. `Ok(Some(account id))` when a receipt was
/// queued: that account's outbox is to be flushed now.
pub async fn answer(engine: Arc<Engine>, id: i64, send: bool) -> Result<Option<String>, String> {
    let not_answered = |e: String| t().receipt_not_answered(&e);
    let Some(outbox_id) = engine
        .answer_read_receipt(id, send)
        .await
        .map_err(|e| not_answered(e.to_string()))?
    else {
        return Ok(None);
    };
    // Which account sends it. Should the store not say, the worker sends it after its next
    // sync anyway.
    let account = tokio::task::spawn_blocking(move || {
        let db = engine.reader().ok()?;
        db.outbox_entry(outbox_id).ok().flatten()
    })
    .await
    .ok()
    .flatten()
    .map(|e| e.account_id);
    Ok(account)
}
