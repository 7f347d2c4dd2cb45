//! The main window's view.

use super::mail_actions::ActMessage;
use super::DraftMessage;
use super::{App, Message, PaneKind};
use crate::ui::strings::t;
use iced::widget::{button, column, container, pane_grid, row, rule, text};
use iced::{Element, Fill};

/// The id around the main window's content: Tab moves between its fields only.
pub const SCOPE: &str = "main-window";

impl App {
    /// The main window: folder tree | message list (or the Outbox) | reader, then the status bar.
    pub fn view_main(&self) -> Element<'_, Message> {
        /// Room on the right of a pane that belongs to the divider's grab zone.
        const DIVIDER_GAP: f32 = 5.0;
        let main: Element<'_, Message> = match (&self.setup, &self.settings_view) {
            (_, Some(settings)) => row![
                container(self.tree.view(&self.status).map(Message::Folders))
                    .width(250)
                    .height(Fill),
                rule::vertical(1),
                settings.view().map(Message::Settings),
            ]
            .height(Fill)
            .into(),
            (Some(setup), None) => row![
                container(self.tree.view(&self.status).map(Message::Folders))
                    .width(250)
                    .height(Fill),
                rule::vertical(1),
                setup.view().map(Message::Setup),
            ]
            .height(Fill)
            .into(),
            (None, None) => pane_grid(&self.panes, |_pane, kind, _maximized| {
                let body: Element<'_, Message> = match kind {
                    PaneKind::Folders => self.tree.view(&self.status).map(Message::Folders),
                    PaneKind::List if self.tree.outbox_selected => {
                        self.outbox.view().map(Message::Outbox)
                    }
                    PaneKind::List => self.view_list(),
                    PaneKind::Reader if self.acting.help => crate::ui::shortcut_sheet::view(),
                    PaneKind::Reader => self.reader.view().map(Message::Reader),
                };
                // A gap between each pane's scrollbar and the divider beside it, so that a drag
                // meant for the divider never takes the scrollbar.
                let gap = iced::Padding::ZERO.right(DIVIDER_GAP);
                pane_grid::Content::new(container(body).width(Fill).height(Fill).padding(gap))
            })
            .spacing(3)
            .on_resize(DIVIDER_GAP, Message::PaneResized)
            .height(Fill)
            .into(),
        };
        let mut status: Vec<String> = self
            .tree
            .snapshot
            .accounts
            .iter()
            .filter_map(|a| self.status.get(&a.id).map(|s| format!("{}: {s}", a.name)))
            .collect();
        status.extend(self.tree.snapshot.warnings.iter().cloned());
        status.extend(self.search.bar.status());
        if self.acting.pending > 0 {
            status.push(t().changes_waiting(self.acting.pending));
        }
        if let Some(n) = &self.notice {
            status.push(n.clone());
        }
        if let Some(e) = &self.error {
            status.push(e.clone());
        }
        if status.is_empty() {
            status.push(format!("{} — {}", t().local_folders(), t().no_accounts()));
        }
        let recovered = (!self.recovered.is_empty()).then(|| {
            row![
                text(t().drafts_recovered(self.recovered.len())).size(12),
                button(text(t().open_recovered()).size(12))
                    .style(button::primary)
                    .padding([2, 8])
                    .on_press(Message::Drafts(DraftMessage::OpenRecovered)),
            ]
            .spacing(8)
            .align_y(iced::Center)
        });
        let undo = self.undo_shown().then(|| {
            button(text(t().undo()).size(12))
                .style(button::secondary)
                .padding([2, 8])
                .on_press(Message::Act(ActMessage::Undo))
        });
        let bar = row![
            // One line, whatever the width: the rest is cut, not wrapped.
            container(
                text(status.join("   ·   ").replace('\n', " "))
                    .size(12)
                    .wrapping(iced::widget::text::Wrapping::None)
            )
            .width(Fill)
            .clip(true),
            undo,
            recovered,
            // Empty: with JEBI_STARTUP_TRACE, says which renderer draws the window.
            super::traces::startup_traced().then(|| {
                crate::ui::widget::renderer_probe::renderer_probe(super::traces::trace_renderer)
            }),
        ]
        .spacing(8)
        .align_y(iced::Center);
        container(column![
            main,
            rule::horizontal(1),
            container(bar).padding([4, 8])
        ])
        .id(SCOPE)
        .into()
    }

    /// The search field above the message list (a folder's rows or the search's).
    fn view_list(&self) -> Element<'_, Message> {
        let bar = &self.search.bar;
        let rows: Element<'_, Message> =
            if bar.active() && bar.total.is_some() && self.list.is_empty() {
                container(text(t().no_matches()).size(13))
                    .padding(16)
                    .width(Fill)
                    .height(Fill)
                    .into()
            } else {
                let list = self.list.view().map(Message::List);
                match self.row_menu() {
                    Some(menu) => iced::widget::stack![list, menu].into(),
                    None => list,
                }
            };
        let first = self
            .list
            .first_selected()
            .and_then(|id| self.list.shown(id));
        let in_junk = self
            .list
            .folder_id
            .and_then(|f| self.folder_role(f))
            .is_some_and(|r| r == crate::store::FolderRole::Junk);
        let actions = self
            .acting
            .bar
            .view(
                self.list.selected_rows(),
                first.is_some_and(|m| m.seen),
                first.is_some_and(|m| m.flagged),
                in_junk,
            )
            .map(|m| Message::Act(ActMessage::Bar(m)));
        let threads = iced::widget::checkbox(self.window.conversations)
            .label(t().conversations())
            .text_size(12)
            .size(14)
            .on_toggle(Message::Conversations);
        // Where to search matters once there is something to search; until then the place
        // holds the switch between messages and conversations (search results are messages).
        let searching = bar.active();
        let top = row![
            container(bar.view(searching).map(Message::Search)).width(Fill),
            (!searching).then(|| container(threads).padding([0, 8])),
        ]
        .align_y(iced::Center);
        column![top, rule::horizontal(1), actions, rule::horizontal(1), rows].into()
    }
}
