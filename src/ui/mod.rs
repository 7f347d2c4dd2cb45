//! The window (iced). Everything iced lives under this module; it drives the engine through
//! per-account workers (updates out, commands in) and reads the local store off the UI thread.

mod account_setup;
mod account_tasks;
mod action_bar;
mod app;
mod app_identity;
mod composer;
mod composer_trace;
mod folder_tree;
mod frame_trace;
mod heavy_mail;
mod html_view;
pub mod icons;
mod linkify;
mod message_list;
mod outbox_view;
mod reader;
mod renderer_choice;
mod search_bar;
pub mod settings_view;
mod shortcut_sheet;
mod store_tasks;
mod strings;
pub mod widget;
mod window_state;

use std::path::PathBuf;

/// Open the main window. Works with no account (setup screen and Local Folders). `start`: how
/// the instance socket was claimed; `first`: what this start asks for (a `mailto:` URL).
pub fn run(
    data_dir: PathBuf,
    start: crate::instance::Start,
    first: Option<crate::instance::Request>,
) -> iced::Result {
    renderer_choice::apply();
    app::instance::start_with(start, first);
    app::run(data_dir)
}

/// For `benches/list_scroll.rs`: the message list as the window holds it, to time frames.
pub struct MessageListBench(message_list::MessageList);

impl MessageListBench {
    pub fn new(rows: Vec<crate::store::MessageSummary>) -> MessageListBench {
        let mut list = message_list::MessageList::default();
        list.set_rows(1, rows);
        MessageListBench(list)
    }

    /// Scroll to `offset_y` and build the view the window would draw.
    pub fn frame(&mut self, offset_y: f32, height: f32) -> iced::Element<'_, ()> {
        let _ = self
            .0
            .update(message_list::Message::Scrolled { offset_y, height });
        self.0.view().map(|_| ())
    }
}

/// The reader with a prepared message, for the benchmark: `prepare` is the work done off the UI
/// thread, `frame` the view the window builds each frame.
#[doc(hidden)]
pub struct ReaderBench(reader::Reader);

#[doc(hidden)]
pub use heavy_mail::{big_attachment, long_html, many_parts};

impl ReaderBench {
    pub fn prepare(raw: Vec<u8>) -> ReaderBench {
        let detail = crate::store::MessageDetail {
            summary: crate::store::MessageSummary {
                id: 1,
                account_id: "a".into(),
                folder: "Inbox".into(),
                uid: 1,
                date: None,
                from_name: None,
                from_email: Some("a@example.test".into()),
                subject: "heavy".into(),
                seen: true,
                flagged: false,
                has_attachments: true,
                has_body: true,
                size: raw.len() as u32,
                snippet: String::new(),
            },
            folder_id: 1,
            flags: vec![],
            to_list: String::new(),
            cc_list: String::new(),
            raw: Some(raw),
        };
        let mut r = reader::Reader::default();
        r.show(store_tasks::ReaderView::prepare(1, &detail));
        ReaderBench(r)
    }

    pub fn frame(&self) -> iced::Element<'_, ()> {
        self.0.view().map(|_| ())
    }
}

#[cfg(test)]
mod action_tests;
#[cfg(test)]
mod composer_tests;
#[cfg(test)]
mod conversation_tests;
#[cfg(test)]
mod look_tests;
#[cfg(test)]
mod paging_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod settings_tests;
#[cfg(test)]
mod test_runtime;
#[cfg(test)]
mod ui_tests;
