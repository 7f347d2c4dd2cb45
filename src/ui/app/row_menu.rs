//! The menu a right click on a row of the list opens, under the row (above it near the bottom
//! of the list): reply and forward for one message, then what the action bar offers. Esc, a
//! click elsewhere or a scroll closes it.

use super::mail_actions::ActMessage;
use super::{App, Message};
use crate::mime::reply::ReplyKind;
use crate::ui::action_bar::{self, Verb};
use crate::ui::message_list::ROW_HEIGHT;
use crate::ui::reader;
use crate::ui::strings::t;
use iced::widget::{button, column, container, rule, text, Column};
use iced::{Element, Fill, Padding};

const MENU_WIDTH: f32 = 210.0;
/// One entry's height, to place the menu where it fits.
const ENTRY_HEIGHT: f32 = 25.0;

impl App {
    /// The open row menu as a layer over the list (None: no menu open).
    pub(super) fn row_menu(&self) -> Option<Element<'_, Message>> {
        let row = self.list.menu?;
        let first = self
            .list
            .first_selected()
            .and_then(|id| self.list.shown(id));
        let (seen, flagged) = first.map_or((false, false), |m| (m.seen, m.flagged));
        let in_junk = self
            .list
            .folder_id
            .and_then(|f| self.folder_role(f))
            .is_some_and(|r| r == crate::store::FolderRole::Junk);
        let one = self.list.selected_rows() == 1 && self.reader.current_id().is_some();
        let entry = |label: &'static str, m: Message| {
            button(text(label).size(12))
                .style(button::text)
                .padding([4, 10])
                .width(Fill)
                .on_press(Message::Act(ActMessage::FromMenu(Box::new(m))))
                .into()
        };
        let bar = |m: action_bar::Message| Message::Act(ActMessage::Bar(m));
        let act = |v: Verb| bar(action_bar::Message::Do(v));
        let reply = |k: ReplyKind| Message::Reader(reader::Message::Reply(k));
        let mut entries: Vec<Element<'_, Message>> = Vec::new();
        if one {
            entries.push(entry(t().reply(), reply(ReplyKind::Reply)));
            entries.push(entry(t().reply_all(), reply(ReplyKind::ReplyAll)));
            entries.push(entry(t().forward(), reply(ReplyKind::ForwardInline)));
            entries.push(rule::horizontal(1).into());
        }
        entries.push(entry(t().archive(), act(Verb::Archive)));
        entries.push(entry(t().delete(), act(Verb::Delete)));
        entries.push(if in_junk {
            entry(t().not_junk(), act(Verb::Junk(false)))
        } else {
            entry(t().junk(), act(Verb::Junk(true)))
        });
        entries.push(entry(
            t().move_to(),
            bar(action_bar::Message::OpenPicker { copy: false }),
        ));
        entries.push(entry(
            t().copy_to(),
            bar(action_bar::Message::OpenPicker { copy: true }),
        ));
        entries.push(rule::horizontal(1).into());
        entries.push(if seen {
            entry(t().mark_unread_long(), act(Verb::Read(false)))
        } else {
            entry(t().mark_read_long(), act(Verb::Read(true)))
        });
        entries.push(if flagged {
            entry(t().unstar(), act(Verb::Star(false)))
        } else {
            entry(t().star(), act(Verb::Star(true)))
        });
        let height = entries.len() as f32 * ENTRY_HEIGHT + 8.0;
        let menu = container(Column::with_children(entries).width(MENU_WIDTH))
            .padding(4)
            .style(container::bordered_box);
        // Under the row, or above it when the list ends first.
        let v = self.list.viewport;
        let below = (row as f32 + 1.0) * ROW_HEIGHT - v.offset_y;
        let top = if below + height > v.height && below - ROW_HEIGHT - height >= 0.0 {
            below - ROW_HEIGHT - height
        } else {
            below.max(0.0)
        };
        Some(
            container(column![menu])
                .padding(Padding::ZERO.top(top).left(48.0))
                .into(),
        )
    }
}
