//! Keyboard shortcuts and the window events the app routes by window: which key does what, and
//! files dragged onto a composer.
//!
//! Ctrl combinations work whatever has focus (a text field does not take them). Single letters
//! (r, a, f) and the arrows act only when no widget took the key, so they never fire while the
//! user types in a field.

use super::Message;
use crate::mime::reply::ReplyKind;
use iced::event::Status;
use iced::keyboard::{self, key::Named, Key};
use iced::{window, Event};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    NewMessage,
    Reply(ReplyKind),
    /// Ctrl+Enter in a composer.
    Send,
    Up,
    Down,
    /// Tab: take the highlighted address suggestion, else the next field (when the focused
    /// widget did not take the key itself).
    Tab {
        free: bool,
    },
    /// Shift+Tab: the previous field.
    BackTab,
    /// Enter (no field has the keyboard): open the selected message (a draft, in a composer).
    Open,
    /// Ctrl+F, or `/` when no field has the keyboard: the search field.
    Search,
    /// Esc (in a field too): leave the search.
    Escape,
    /// Ctrl+A outside a field: select every message of the list.
    SelectAll,
    /// Ctrl+Z outside a field: take the last action back.
    Undo,
    /// Delete: to Trash (in Trash, for good after asking).
    Delete,
    /// e: archive.
    Archive,
    /// Shift+J: junk.
    Junk,
    /// s: star or unstar.
    ToggleStar,
    /// u: read or unread.
    ToggleRead,
    /// m: the folder picker.
    MoveTo,
    /// ?: the sheet of shortcuts.
    Help,
    /// g, then i: go to the Inbox.
    Go,
    GoInbox,
}

/// What a key press means, if anything.
pub fn shortcut(event: &keyboard::Event, status: Status) -> Option<Shortcut> {
    let keyboard::Event::KeyPressed {
        key,
        physical_key,
        modifiers,
        ..
    } = event
    else {
        return None;
    };
    let free = status == Status::Ignored;
    let letter = key.to_latin(*physical_key).map(|c| c.to_ascii_lowercase());
    if modifiers.command() && !modifiers.alt() {
        return match (letter, key.as_ref()) {
            (Some('n'), _) if !modifiers.shift() => Some(Shortcut::NewMessage),
            (Some('r'), _) if modifiers.shift() => Some(Shortcut::Reply(ReplyKind::ReplyAll)),
            (Some('r'), _) => Some(Shortcut::Reply(ReplyKind::Reply)),
            (Some('l'), _) if !modifiers.shift() => Some(Shortcut::Reply(ReplyKind::ForwardInline)),
            (_, Key::Named(Named::Enter)) => Some(Shortcut::Send),
            (Some('f'), _) if !modifiers.shift() => Some(Shortcut::Search),
            (Some('a'), _) if free && !modifiers.shift() => Some(Shortcut::SelectAll),
            (Some('z'), _) if free && !modifiers.shift() => Some(Shortcut::Undo),
            _ => None,
        };
    }
    match key.as_ref() {
        Key::Named(Named::ArrowUp) if free => Some(Shortcut::Up),
        Key::Named(Named::ArrowDown) if free => Some(Shortcut::Down),
        Key::Named(Named::Tab) if modifiers.shift() => free.then_some(Shortcut::BackTab),
        Key::Named(Named::Tab) => Some(Shortcut::Tab { free }),
        Key::Named(Named::Enter) if free && modifiers.is_empty() => Some(Shortcut::Open),
        Key::Named(Named::Escape) if modifiers.is_empty() => Some(Shortcut::Escape),
        Key::Character("/") if free && !modifiers.control() && !modifiers.alt() => {
            Some(Shortcut::Search)
        }
        Key::Character("?") if free && !modifiers.control() && !modifiers.alt() => {
            Some(Shortcut::Help)
        }
        Key::Named(Named::Delete) if free && modifiers.is_empty() => Some(Shortcut::Delete),
        _ if !free || modifiers.alt() || modifiers.control() || modifiers.logo() => None,
        _ if modifiers.shift() => match letter {
            Some('j') => Some(Shortcut::Junk),
            _ => None,
        },
        _ => match letter {
            Some('r') => Some(Shortcut::Reply(ReplyKind::Reply)),
            Some('a') => Some(Shortcut::Reply(ReplyKind::ReplyAll)),
            Some('f') => Some(Shortcut::Reply(ReplyKind::ForwardInline)),
            Some('j') => Some(Shortcut::Down),
            Some('k') => Some(Shortcut::Up),
            Some('o') => Some(Shortcut::Open),
            Some('e') => Some(Shortcut::Archive),
            Some('s') => Some(Shortcut::ToggleStar),
            Some('u') => Some(Shortcut::ToggleRead),
            Some('m') => Some(Shortcut::MoveTo),
            Some('g') => Some(Shortcut::Go),
            Some('i') => Some(Shortcut::GoInbox),
            _ => None,
        },
    }
}

/// Files dragged over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Files {
    Hovered,
    Left,
    Dropped(std::path::PathBuf),
}

/// The app's reading of runtime events (for `event::listen_with`): shortcuts with the time the
/// key arrived, and file drags, each with its window.
pub fn window_input(event: Event, status: Status, window: window::Id) -> Option<Message> {
    use super::mail_actions::ActMessage;
    match event {
        Event::Keyboard(keyboard::Event::ModifiersChanged(m)) => {
            Some(Message::Act(ActMessage::Modifiers(m)))
        }
        Event::Mouse(iced::mouse::Event::ButtonReleased(iced::mouse::Button::Left)) => {
            Some(Message::Act(ActMessage::MouseUp))
        }
        Event::Keyboard(k) => shortcut(&k, status).map(|s| Message::Key(window, s, Instant::now())),
        Event::Window(window::Event::FileHovered(_)) => {
            Some(Message::Files(window, Files::Hovered))
        }
        Event::Window(window::Event::FilesHoveredLeft) => Some(Message::Files(window, Files::Left)),
        Event::Window(window::Event::FileDropped(path)) => {
            Some(Message::Files(window, Files::Dropped(path)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::{key::Physical, Location, Modifiers};

    fn press(key: Key, modifiers: Modifiers) -> keyboard::Event {
        keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: Physical::Unidentified(keyboard::key::NativeCode::Unidentified),
            location: Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        }
    }

    fn ch(c: &str) -> Key {
        Key::Character(c.into())
    }

    #[test]
    fn tab_moves_between_fields_unless_a_widget_took_it() {
        let tab = press(Key::Named(Named::Tab), Modifiers::empty());
        assert_eq!(
            shortcut(&tab, Status::Ignored),
            Some(Shortcut::Tab { free: true })
        );
        // The body editor took it (a tab character): still offered, for a suggestion only.
        assert_eq!(
            shortcut(&tab, Status::Captured),
            Some(Shortcut::Tab { free: false })
        );
        let back = press(Key::Named(Named::Tab), Modifiers::SHIFT);
        assert_eq!(shortcut(&back, Status::Ignored), Some(Shortcut::BackTab));
        assert_eq!(shortcut(&back, Status::Captured), None);
    }

    #[test]
    fn letters_act_only_when_no_field_takes_them() {
        let none = Modifiers::empty();
        let r = press(ch("r"), none);
        assert_eq!(
            shortcut(&r, Status::Ignored),
            Some(Shortcut::Reply(ReplyKind::Reply))
        );
        assert_eq!(shortcut(&r, Status::Captured), None, "typed into a field");
        assert_eq!(
            shortcut(&press(ch("a"), none), Status::Ignored),
            Some(Shortcut::Reply(ReplyKind::ReplyAll))
        );
        assert_eq!(
            shortcut(&press(ch("f"), none), Status::Ignored),
            Some(Shortcut::Reply(ReplyKind::ForwardInline))
        );
        assert_eq!(shortcut(&press(ch("x"), none), Status::Ignored), None);
        for (c, want) in [
            ("e", Shortcut::Archive),
            ("s", Shortcut::ToggleStar),
            ("u", Shortcut::ToggleRead),
            ("m", Shortcut::MoveTo),
            ("j", Shortcut::Down),
            ("k", Shortcut::Up),
            ("?", Shortcut::Help),
        ] {
            assert_eq!(
                shortcut(&press(ch(c), none), Status::Ignored),
                Some(want),
                "{c}"
            );
            assert_eq!(
                shortcut(&press(ch(c), none), Status::Captured),
                None,
                "{c} typed"
            );
        }
        assert_eq!(
            shortcut(&press(ch("J"), Modifiers::SHIFT), Status::Ignored),
            Some(Shortcut::Junk)
        );
        let delete = press(Key::Named(Named::Delete), none);
        assert_eq!(shortcut(&delete, Status::Ignored), Some(Shortcut::Delete));
        assert_eq!(
            shortcut(&delete, Status::Captured),
            None,
            "Delete in a field"
        );
        // Ctrl+A / Ctrl+Z belong to a field that has the keyboard.
        let ctrl_a = press(ch("a"), Modifiers::CTRL);
        assert_eq!(
            shortcut(&ctrl_a, Status::Ignored),
            Some(Shortcut::SelectAll)
        );
        assert_eq!(shortcut(&ctrl_a, Status::Captured), None);
        let ctrl_z = press(ch("z"), Modifiers::CTRL);
        assert_eq!(shortcut(&ctrl_z, Status::Ignored), Some(Shortcut::Undo));
        assert_eq!(shortcut(&ctrl_z, Status::Captured), None);
    }

    #[test]
    fn control_combinations_work_from_inside_fields() {
        let ctrl = Modifiers::CTRL;
        let ctrl_shift = Modifiers::CTRL | Modifiers::SHIFT;
        for status in [Status::Ignored, Status::Captured] {
            assert_eq!(
                shortcut(&press(ch("n"), ctrl), status),
                Some(Shortcut::NewMessage)
            );
            assert_eq!(
                shortcut(&press(ch("r"), ctrl), status),
                Some(Shortcut::Reply(ReplyKind::Reply))
            );
            assert_eq!(
                shortcut(&press(ch("r"), ctrl_shift), status),
                Some(Shortcut::Reply(ReplyKind::ReplyAll))
            );
            assert_eq!(
                shortcut(&press(ch("l"), ctrl), status),
                Some(Shortcut::Reply(ReplyKind::ForwardInline))
            );
            assert_eq!(
                shortcut(&press(Key::Named(Named::Enter), ctrl), status),
                Some(Shortcut::Send)
            );
        }
        assert_eq!(
            shortcut(
                &press(Key::Named(Named::Enter), Modifiers::empty()),
                Status::Captured
            ),
            None,
            "Enter in a field is the field's"
        );
        assert_eq!(
            shortcut(
                &press(Key::Named(Named::Enter), Modifiers::empty()),
                Status::Ignored
            ),
            Some(Shortcut::Open)
        );
    }
}
