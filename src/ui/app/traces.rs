//! The trace lines scripts read (`JEBI_STARTUP_TRACE`, `JEBI_LIST_TRACE`, `JEBI_FRAME_TRACE`):
//! their words are a public interface.

use super::{App, Message, MessageList, STARTED};
use iced::{window, Task};
use std::sync::OnceLock;
use std::time::Instant;

/// With `JEBI_STARTUP_TRACE` set, says on stderr when the first folder's rows reach the list
/// (the next frame draws them): `bench/window.sh` reads it.
pub(super) fn trace_first_rows(rows: usize) {
    static DONE: OnceLock<()> = OnceLock::new();
    if std::env::var_os("JEBI_STARTUP_TRACE").is_some() && DONE.set(()).is_ok() {
        if let Some(started) = STARTED.get() {
            eprintln!(
                "jebi: startup: {rows} rows ready after {} ms",
                started.elapsed().as_millis()
            );
        }
    }
}

/// Whether `JEBI_STARTUP_TRACE` is set.
pub(super) fn startup_traced() -> bool {
    static TRACED: OnceLock<bool> = OnceLock::new();
    *TRACED.get_or_init(|| std::env::var_os("JEBI_STARTUP_TRACE").is_some())
}

/// With `JEBI_STARTUP_TRACE` set, says once which renderer draws the window ("wgpu" or
/// "tiny-skia", see `ui::renderer_choice`): `jebi: startup: renderer NAME`.
pub(super) fn trace_renderer(name: &'static str) {
    static DONE: OnceLock<()> = OnceLock::new();
    if startup_traced() && DONE.set(()).is_ok() {
        eprintln!("jebi: startup: renderer {name}");
    }
}

/// With `JEBI_LIST_TRACE` set, says on stderr what the message list holds each time it is
/// (re)filled: its row count and the newest subject. The end-to-end test reads it to see mail
/// pushed by IDLE reach the open list.
pub(super) fn trace_list(list: &MessageList) {
    if std::env::var_os("JEBI_LIST_TRACE").is_some() {
        let newest = list.row(0).map(|m| m.subject.as_str()).unwrap_or("");
        eprintln!("jebi: list: {} rows, newest: {newest}", list.len());
    }
}

impl App {
    /// `JEBI_FRAME_TRACE`: time this frame, and move the list on in a scripted scroll.
    pub(super) fn on_frame(&mut self, id: window::Id, at: Instant) -> Task<Message> {
        if Some(id) != self.main {
            self.compose_trace.frame(id, at);
            return Task::none();
        }
        if !self.frames.enabled() {
            return Task::none();
        }
        let offset = if self.frames.reader {
            self.reader.scroll.0
        } else {
            self.list.viewport.offset_y
        };
        if let Some(ms) = self.frames.frame(at) {
            eprintln!("jebi: frame: {ms:.3} ms at offset {offset}");
        }
        if self.setup.is_some() {
            return Task::none();
        }
        if self.frames.reader {
            let (open, max) = (self.reader.view.is_some(), self.reader.scroll.1);
            return match self.frames.next_reader_offset(open, offset, max) {
                Some(y) => self.reader.scroll_to(y).map(Message::Reader),
                None => Task::none(),
            };
        }
        let max = self.list.content_height() - self.list.viewport.height;
        match self.frames.next_offset(self.list.len(), offset, max) {
            Some(y) => self.list.scroll_to(y).map(Message::List),
            None => Task::none(),
        }
    }
}
