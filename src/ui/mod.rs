//! The window (iced). Everything iced lives under this module; it drives the engine through
//! per-account workers (updates out, commands in) and reads the local store off the UI thread.

mod account_setup;
mod app;
mod folder_tree;
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

#[cfg(test)]
mod ui_tests;
