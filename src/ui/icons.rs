//! Icons: glyphs of a small cut of the Lucide icon font (ISC licence; see
//! `resources/icons/README.md`). Being text, they take the text colour of either theme and stay
//! sharp at any scale.

use iced::widget::{text, Text};
use iced::Font;
use std::sync::Once;

const BYTES: &[u8] = include_bytes!("../../resources/icons/lucide-subset.ttf");

/// The icon font's family.
pub const FONT: Font = Font::with_name("lucide");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Inbox,
    Send,
    Drafts,
    Trash,
    Junk,
    Archive,
    Folder,
    Star,
    Paperclip,
    Mail,
    MailOpen,
    Reply,
    ReplyAll,
    Forward,
    Search,
    Refresh,
    Dot,
    Settings,
    Plus,
    Pencil,
    Check,
    Close,
    Offline,
    Alert,
    Local,
    Undo,
    Move,
    Copy,
    AllMail,
    Download,
    Picture,
    File,
    Conversation,
}

impl Icon {
    pub fn glyph(self) -> char {
        match self {
            Icon::Inbox => '\u{e0f7}',
            Icon::Send => '\u{e152}',
            Icon::Drafts => '\u{e31f}',
            Icon::Trash => '\u{e18e}',
            Icon::Junk => '\u{e1fe}',
            Icon::Archive => '\u{e041}',
            Icon::Folder => '\u{e0d7}',
            Icon::Star => '\u{e176}',
            Icon::Paperclip => '\u{e12d}',
            Icon::Mail => '\u{e10f}',
            Icon::MailOpen => '\u{e363}',
            Icon::Reply => '\u{e22a}',
            Icon::ReplyAll => '\u{e22b}',
            Icon::Forward => '\u{e229}',
            Icon::Search => '\u{e151}',
            Icon::Refresh => '\u{e145}',
            Icon::Dot => '\u{e076}',
            Icon::Settings => '\u{e154}',
            Icon::Plus => '\u{e13d}',
            Icon::Pencil => '\u{e1f9}',
            Icon::Check => '\u{e06c}',
            Icon::Close => '\u{e1b2}',
            Icon::Offline => '\u{e1af}',
            Icon::Alert => '\u{e077}',
            Icon::Local => '\u{e0ed}',
            Icon::Undo => '\u{e2a1}',
            Icon::Move => '\u{e121}',
            Icon::Copy => '\u{e09e}',
            Icon::AllMail => '\u{e369}',
            Icon::Download => '\u{e0b2}',
            Icon::Picture => '\u{e0f6}',
            Icon::File => '\u{e0c0}',
            Icon::Conversation => '\u{e117}',
        }
    }

    /// The icon of a special-use folder (a plain folder for the others).
    pub fn of_role(role: Option<crate::store::FolderRole>) -> Icon {
        use crate::store::FolderRole;
        match role {
            Some(FolderRole::Inbox) => Icon::Inbox,
            Some(FolderRole::Sent) => Icon::Send,
            Some(FolderRole::Drafts) => Icon::Drafts,
            Some(FolderRole::Trash) => Icon::Trash,
            Some(FolderRole::Junk) => Icon::Junk,
            Some(FolderRole::Archive) => Icon::Archive,
            None => Icon::Folder,
        }
    }
}

/// Make the icon font known to the text system (once; the window and tests alike).
pub fn load() {
    static LOADED: Once = Once::new();
    LOADED.call_once(|| {
        if let Ok(mut fonts) = iced::advanced::graphics::text::font_system().write() {
            fonts.load_font(std::borrow::Cow::Borrowed(BYTES));
        }
    });
}

/// `icon` drawn at `size` pixels.
pub fn icon<'a>(icon: Icon, size: f32) -> Text<'a> {
    load();
    text(icon.glyph().to_string())
        .font(FONT)
        .size(size)
        .line_height(iced::widget::text::LineHeight::Relative(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_in_the_font() {
        let face = ttf_parser_face();
        for i in [
            Icon::Inbox,
            Icon::Send,
            Icon::Drafts,
            Icon::Trash,
            Icon::Junk,
            Icon::Archive,
            Icon::Folder,
            Icon::Star,
            Icon::Paperclip,
            Icon::Mail,
            Icon::MailOpen,
            Icon::Reply,
            Icon::ReplyAll,
            Icon::Forward,
            Icon::Search,
            Icon::Refresh,
            Icon::Dot,
            Icon::Settings,
            Icon::Plus,
            Icon::Pencil,
            Icon::Check,
            Icon::Close,
            Icon::Offline,
            Icon::Alert,
            Icon::Local,
            Icon::Undo,
            Icon::Move,
            Icon::Copy,
            Icon::AllMail,
            Icon::Download,
            Icon::Picture,
            Icon::File,
            Icon::Conversation,
        ] {
            assert!(face.contains(&i.glyph()), "{i:?} has no glyph");
        }
    }

    /// The characters the font maps.
    fn ttf_parser_face() -> std::collections::HashSet<char> {
        let face = ttf_parser::Face::parse(BYTES, 0).expect("the icon font parses");
        let mut chars = std::collections::HashSet::new();
        for table in face.tables().cmap.expect("a cmap").subtables {
            table.codepoints(|c| chars.extend(char::from_u32(c)));
        }
        chars
    }
}
