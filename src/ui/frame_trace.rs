//! `JEBI_FRAME_TRACE`: what frames cost in the real window (`bench/scroll.sh` reads the lines
//! this prints on stderr).
//!
//! While tracing, the window redraws continuously (`window::frames`): one frame follows another
//! with no idle gap, so the time from the start of one frame to the start of the next is what a
//! frame costs (draw, present, update, view and layout). With `JEBI_FRAME_TRACE=scroll:PIXELS`
//! the message list also scrolls itself by PIXELS on every frame, once a folder of at least
//! 1,000 messages is open, for `SCROLL_FRAMES` frames: a scripted scroll in which every frame
//! draws a new position. `JEBI_FRAME_TRACE=reader:PIXELS` scrolls the open message's body
//! instead, once one is open (`bench/scroll.sh` opens a long HTML newsletter); the frame lines
//! then give the body's offset. A shortcut pressed while tracing prints, once its result is on screen,
//! `jebi: key: WHAT drawn after MS ms` (from the key event to the start of the frame after the
//! one that drew it; `bench/mark_read.sh` reads it).

use std::time::Instant;

pub const SCROLL_FRAMES: u32 = 600;

#[derive(Debug, Default)]
pub struct FrameTrace {
    on: bool,
    /// Pixels to scroll per frame, and frames left to scroll.
    scroll: Option<(f32, u32)>,
    /// What the scripted scroll moves: the message list, or the reader's body.
    pub reader: bool,
    last: Option<Instant>,
    /// A shortcut pressed (what, when) and the frames begun since it was handled.
    key: Option<(String, Instant, u8)>,
}

impl FrameTrace {
    pub fn from_env() -> FrameTrace {
        FrameTrace::parse(std::env::var("JEBI_FRAME_TRACE").ok().as_deref())
    }

    fn parse(value: Option<&str>) -> FrameTrace {
        let reader = value.is_some_and(|v| v.starts_with("reader:"));
        let scroll = value
            .and_then(|v| v.strip_prefix("scroll:").or(v.strip_prefix("reader:")))
            .and_then(|px| px.parse::<f32>().ok())
            .filter(|px| px.is_finite() && *px > 0.0)
            .map(|px| (px, SCROLL_FRAMES));
        FrameTrace {
            on: value.is_some(),
            scroll,
            reader,
            last: None,
            key: None,
        }
    }

    pub fn enabled(&self) -> bool {
        self.on
    }

    /// (Tracing only.) A shortcut was pressed at `at` and has been handled: the frame after the next one has
    /// drawn its result (`frame` then prints `jebi: key: WHAT drawn after MS ms`).
    pub fn key(&mut self, what: String, at: Instant) {
        self.key = Some((what, at, 0));
    }

    /// A frame began at `at`: the milliseconds since the previous one began.
    pub fn frame(&mut self, at: Instant) -> Option<f64> {
        if let Some((what, pressed, frames)) = self.key.as_mut() {
            *frames += 1;
            // The first frame begun after the key was handled draws its result; it is on
            // screen when the next one begins.
            if *frames == 2 {
                let ms = at.duration_since(*pressed).as_secs_f64() * 1000.0;
                eprintln!("jebi: key: {what} drawn after {ms:.1} ms");
                self.key = None;
            }
        }
        let since = self
            .last
            .map(|prev| at.duration_since(prev).as_secs_f64() * 1000.0);
        self.last = Some(at);
        since
    }

    /// Where the scripted scroll moves the list next (from `offset_y`, at most `max_y`), or
    /// None when it is not scrolling (not asked, the folder is small, or it has finished).
    pub fn next_offset(&mut self, rows: usize, offset_y: f32, max_y: f32) -> Option<f32> {
        self.step(!self.reader && rows >= 1000, offset_y, max_y)
    }

    /// The same for the reader's body (`reader:PIXELS`), once a message is `open`; `max_y` is
    /// 0 until the body has said how far it scrolls.
    pub fn next_reader_offset(&mut self, open: bool, offset_y: f32, max_y: f32) -> Option<f32> {
        self.step(self.reader && open, offset_y, max_y)
    }

    fn step(&mut self, ready: bool, offset_y: f32, max_y: f32) -> Option<f32> {
        let (step, left) = self.scroll.as_mut()?;
        if !ready || *left == 0 {
            return None;
        }
        *left -= 1;
        if *left == 0 {
            eprintln!("jebi: scripted scroll done");
        }
        let next = offset_y + *step;
        Some(if next > max_y && max_y > 0.0 {
            0.0
        } else {
            next
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn frames_are_timed_from_one_start_to_the_next() {
        let mut trace = FrameTrace::parse(Some("1"));
        assert!(trace.enabled());
        let t0 = Instant::now();
        assert_eq!(trace.frame(t0), None);
        let ms = trace.frame(t0 + Duration::from_millis(7)).unwrap();
        assert!((ms - 7.0).abs() < 1e-6, "{ms}");
        assert_eq!(
            trace.next_offset(100_000, 0.0, 1e6),
            None,
            "no scroll asked"
        );
    }

    #[test]
    fn the_scripted_scroll_steps_wraps_and_stops() {
        assert!(!FrameTrace::parse(None).enabled());
        assert!(FrameTrace::parse(Some("scroll:-3")).scroll.is_none());
        let mut trace = FrameTrace::parse(Some("scroll:100"));
        assert_eq!(
            trace.next_offset(999, 0.0, 1e6),
            None,
            "small folders stay put"
        );
        assert_eq!(trace.next_offset(5000, 0.0, 1e6), Some(100.0));
        assert_eq!(trace.next_offset(5000, 950.0, 1000.0), Some(0.0));
        let mut steps = 2;
        while trace.next_offset(5000, 0.0, 1e6).is_some() {
            steps += 1;
        }
        assert_eq!(steps, SCROLL_FRAMES);
        assert_eq!(
            trace.next_reader_offset(true, 0.0, 1e6),
            None,
            "the list's scroll"
        );
    }

    #[test]
    fn the_reader_scroll_moves_the_open_message_only() {
        let mut trace = FrameTrace::parse(Some("reader:40"));
        assert!(trace.reader);
        assert_eq!(trace.next_offset(100_000, 0.0, 1e6), None, "not the list");
        assert_eq!(
            trace.next_reader_offset(false, 0.0, 0.0),
            None,
            "nothing open"
        );
        // Before the body has said how long it is, it moves on.
        assert_eq!(trace.next_reader_offset(true, 0.0, 0.0), Some(40.0));
        assert_eq!(trace.next_reader_offset(true, 990.0, 1000.0), Some(0.0));
    }
}
