//! The main window's frame: its title (with the Inboxes' unread count), its minimum size, and
//! the status bar's passing notices.

use super::{App, Message, MIN_WINDOW, NOTICE_LIFETIME};
use iced::widget::pane_grid;
use iced::{window, Size, Task};

impl App {
    /// Remember the split ratios after the user dragged one.
    pub(super) fn on_pane_resized(&mut self, e: pane_grid::ResizeEvent) -> Task<Message> {
        self.panes.resize(e.split, e.ratio);
        if let pane_grid::Node::Split { ratio, b, .. } = self.panes.layout() {
            self.window.folders_ratio = *ratio;
            if let pane_grid::Node::Split { ratio, .. } = b.as_ref() {
                self.window.list_ratio = *ratio;
            }
        }
        Task::none()
    }

    /// Whatever the source, no error numbers reach the status bar.
    pub(super) fn scrub_status(&mut self, before: &(Option<String>, Option<String>)) {
        use crate::engine::explain::without_errno;
        if self.notice != before.0 {
            self.notice = self.notice.take().map(|n| without_errno(&n));
        }
        if self.error != before.1 {
            self.error = self.error.take().map(|e| without_errno(&e));
        }
    }

    /// A new notice or error in the status bar goes away by itself after a while.
    pub(super) fn notice_expiry(
        &mut self,
        before: (Option<String>, Option<String>),
    ) -> Task<Message> {
        let now = (&self.notice, &self.error);
        if (now.0.is_none() && now.1.is_none()) || (now.0, now.1) == (&before.0, &before.1) {
            return Task::none();
        }
        self.notice_generation += 1;
        let generation = self.notice_generation;
        if cfg!(test) {
            // Tests settle every task: they send NoticeExpired themselves.
            return Task::none();
        }
        Task::perform(tokio::time::sleep(NOTICE_LIFETIME), move |()| {
            Message::NoticeExpired(generation)
        })
    }

    /// Put the Inboxes' unread count on the dock icon when it changed (off the UI thread).
    pub(super) fn show_badge(&self) {
        static SHOWN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(u32::MAX);
        let unread = self.inbox_unread();
        if SHOWN.swap(unread, std::sync::atomic::Ordering::Relaxed) != unread {
            std::thread::spawn(move || crate::desktop::set_unread_badge(unread));
        }
    }

    /// Unread messages in the Inboxes of every account (Local Folders included).
    pub(super) fn inbox_unread(&self) -> u32 {
        self.tree
            .snapshot
            .folders
            .iter()
            .flat_map(|(_, folders)| folders)
            .filter(|f| f.role == Some(crate::store::FolderRole::Inbox))
            .map(|f| f.unread)
            .sum()
    }

    /// The main window was resized: remember its size, and grow it back to the minimum when
    /// something made it smaller.
    pub(super) fn on_resized(&mut self, id: window::Id, size: Size) -> Task<Message> {
        if Some(id) != self.main {
            return Task::none();
        }
        // Without a window manager (or with one that ignores size hints) the window can
        // still be made smaller than its minimum: grow it back.
        let kept = Size::new(
            size.width.max(MIN_WINDOW.width),
            size.height.max(MIN_WINDOW.height),
        );
        self.window.width = kept.width;
        self.window.height = kept.height;
        if kept != size {
            return window::resize(id, kept);
        }
        Task::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_clears_itself_and_a_stale_timer_leaves_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(
            std::sync::Arc::new(crate::engine::Engine::new(dir.path())),
            crate::ui::window_state::WindowState::default(),
        );
        let _ = app.update(Message::Notice(Some("Saved a.pdf".into())));
        let first = app.notice_generation;
        let _ = app.update(Message::NoticeExpired(first));
        assert_eq!(app.notice, None, "cleared after its time");
        let _ = app.update(Message::Notice(Some("Saved b.pdf".into())));
        let _ = app.update(Message::NoticeExpired(first));
        assert_eq!(
            app.notice.as_deref(),
            Some("Saved b.pdf"),
            "an older timer is stale"
        );
        let _ = app.update(Message::NoticeExpired(app.notice_generation));
        assert_eq!(app.notice, None);
    }

    #[test]
    fn the_title_counts_unread_mail_in_the_inboxes() {
        use crate::ui::strings::{Lang, Words};
        assert_eq!(Words(Lang::English).window_title(0), "Jebi");
        assert_eq!(
            Words(Lang::English).window_title(3),
            "Jebi \u{2014} 3 unread"
        );
        assert_eq!(
            Words(Lang::Korean).window_title(3),
            "Jebi \u{2014} 읽지 않은 메일 3개"
        );
    }
}
