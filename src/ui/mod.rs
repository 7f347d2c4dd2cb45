//! The window (iced). Everything iced lives under this module; it drives the engine through
//! per-account workers (updates out, commands in) and reads the local store off the UI thread.

mod account_setup;
mod account_tasks;
mod app;
mod folder_tree;
mod html_view;
mod linkify;
mod message_list;
mod reader;
mod store_tasks;
mod strings;
pub mod widget;
mod window_state;

use std::path::PathBuf;

/// Open the main window. Works with no account (setup screen and Local Folders).
pub fn run(data_dir: PathBuf) -> iced::Result {
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

#[cfg(test)]
mod ui_tests;
