//! The main window's view.

use super::{App, Message, PaneKind};
use crate::ui::strings::t;
use iced::widget::{column, container, pane_grid, row, rule, text};
use iced::{Element, Fill};

impl App {
    /// The main window: folder tree | message list (or the Outbox) | reader, then the status bar.
    pub fn view_main(&self) -> Element<'_, Message> {
        let main: Element<'_, Message> = match &self.setup {
            Some(setup) => row![
                container(self.tree.view(&self.status).map(Message::Folders))
                    .width(250)
                    .height(Fill),
                rule::vertical(1),
                setup.view().map(Message::Setup),
            ]
            .height(Fill)
            .into(),
            None => pane_grid(&self.panes, |_pane, kind, _maximized| {
                let body: Element<'_, Message> = match kind {
                    PaneKind::Folders => self.tree.view(&self.status).map(Message::Folders),
                    PaneKind::List if self.tree.outbox_selected => {
                        self.outbox.view().map(Message::Outbox)
                    }
                    PaneKind::List => self.list.view().map(Message::List),
                    PaneKind::Reader => self.reader.view().map(Message::Reader),
                };
                pane_grid::Content::new(container(body).width(Fill).height(Fill))
            })
            .spacing(2)
            .on_resize(8, Message::PaneResized)
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
        if let Some(n) = &self.notice {
            status.push(n.clone());
        }
        if let Some(e) = &self.error {
            status.push(e.clone());
        }
        if status.is_empty() {
            status.push(format!("{} — {}", t().local_folders(), t().no_accounts()));
        }
        column![
            main,
            rule::horizontal(1),
            container(text(status.join("   ·   ")).size(12)).padding([4, 8]),
        ]
        .into()
    }
}
