//! `JEBI_COMPOSER_TRACE`: what the composer costs in the real window (`bench/composer.sh` and the
//! end-to-end test read the lines this prints on stderr).
//!
//! - `jebi: composer: opened in X ms`: from the key press (or click) that asked for a composer to
//!   the end of the new window's first frame.
//! - `jebi: composer: long body shown in X ms`: for a body put into the editor after the first
//!   frame (see `composer::DEFERRED_BODY`), from the same key press to the end of the first frame
//!   that shows it.
//! - `jebi: composer: keystroke X ms`: from a body edit reaching the composer to the end of the
//!   next frame of its window.
//! - `jebi: composer: attachments: NAME (SIZE), ...`: the attachment list after each change.
//!
//! The end of a frame is when the app hears of it: iced reports a frame after drawing it, and the
//! report is handled after the frame is presented. Frames are reported only while something
//! waits for one ([`wanted`]), so tracing does not make the windows redraw continuously.

use iced::window;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static WANTED: AtomicBool = AtomicBool::new(false);
/// Main-window frame tracing (`JEBI_FRAME_TRACE`) wants every frame.
static ALWAYS: AtomicBool = AtomicBool::new(false);

/// Whether the frame subscription should report frames now.
pub fn wanted() -> bool {
    WANTED.load(Ordering::Relaxed) || ALWAYS.load(Ordering::Relaxed)
}

/// Report every frame (for `JEBI_FRAME_TRACE`).
pub fn want_all_frames() {
    ALWAYS.store(true, Ordering::Relaxed);
}

#[derive(Debug, Default)]
pub struct ComposerTrace {
    on: bool,
    /// Composer windows waiting for their first frame, with when they were asked for.
    opening: HashMap<window::Id, Instant>,
    /// Body edits waiting for their frame.
    edits: HashMap<window::Id, Instant>,
    /// When each open composer was asked for.
    asked: HashMap<window::Id, Instant>,
    /// Long bodies put into the editor (asked for, put in), waiting for their frame.
    filled: HashMap<window::Id, (Instant, Instant)>,
}

impl ComposerTrace {
    pub fn from_env() -> ComposerTrace {
        ComposerTrace {
            on: std::env::var_os("JEBI_COMPOSER_TRACE").is_some(),
            ..ComposerTrace::default()
        }
    }

    pub fn enabled(&self) -> bool {
        self.on
    }

    fn update_wanted(&self) {
        WANTED.store(
            !self.opening.is_empty() || !self.edits.is_empty() || !self.filled.is_empty(),
            Ordering::Relaxed,
        );
    }

    /// A composer window was asked for at `at`.
    pub fn opening(&mut self, id: window::Id, at: Instant) {
        if self.on {
            self.opening.insert(id, at);
            self.asked.insert(id, at);
            self.update_wanted();
        }
    }

    /// A long body went into the editor of composer `id` just now.
    pub fn filled(&mut self, id: window::Id) {
        if let Some(asked) = self.asked.get(&id).filter(|_| self.on) {
            self.filled.insert(id, (*asked, Instant::now()));
            self.update_wanted();
        }
    }

    /// The body of composer `id` was edited just now.
    pub fn edited(&mut self, id: window::Id) {
        if self.on {
            self.edits.entry(id).or_insert_with(Instant::now);
            self.update_wanted();
        }
    }

    /// A frame of window `id` that began at `began` has been drawn and presented.
    pub fn frame(&mut self, id: window::Id, began: Instant) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        if let Some(asked) = self.opening.remove(&id) {
            eprintln!(
                "jebi: composer: opened in {:.1} ms",
                now.duration_since(asked).as_secs_f64() * 1000.0
            );
        }
        if self.filled.get(&id).is_some_and(|(_, put)| began >= *put) {
            if let Some((asked, _)) = self.filled.remove(&id) {
                eprintln!(
                    "jebi: composer: long body shown in {:.1} ms",
                    now.duration_since(asked).as_secs_f64() * 1000.0
                );
            }
        }
        // Only a frame that began after the edit shows it.
        if self.edits.get(&id).is_some_and(|at| began >= *at) {
            let at = self.edits.remove(&id).unwrap_or(now);
            eprintln!(
                "jebi: composer: keystroke {:.2} ms",
                now.duration_since(at).as_secs_f64() * 1000.0
            );
        }
        self.update_wanted();
    }

    /// A composer window closed: nothing more to wait for there.
    pub fn closed(&mut self, id: window::Id) {
        self.opening.remove(&id);
        self.edits.remove(&id);
        self.asked.remove(&id);
        self.filled.remove(&id);
        self.update_wanted();
    }

    /// The attachment list of a composer changed.
    pub fn attachments(&self, list: &[super::composer::Attached]) {
        if !self.on {
            return;
        }
        let names: Vec<String> = list
            .iter()
            .map(|a| format!("{} ({})", a.name, super::composer::human_size(a.size())))
            .collect();
        let shown = if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        };
        eprintln!("jebi: composer: attachments: {shown}");
    }
}
