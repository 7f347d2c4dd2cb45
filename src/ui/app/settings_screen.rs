//! The Settings screen in the main window (in place of the panes, like the account form):
//! each change saved and applied at once.

use super::{App, Message};
use crate::settings::{LangChoice, Settings, ThemeChoice};
use crate::ui::settings_view::{self, SettingsView};
use iced::Task;

impl App {
    pub(super) fn open_settings(&mut self) -> Task<Message> {
        let dir = self.engine.data_dir().display().to_string();
        self.setup = None;
        self.settings_view = Some(SettingsView::new(self.settings, dir, None));
        Task::perform(
            async {
                tokio::task::spawn_blocking(crate::desktop::is_default_mail_app)
                    .await
                    .ok()
                    .flatten()
            },
            |now| Message::Settings(settings_view::Message::DefaultMade(Ok(()), now)),
        )
    }

    pub(super) fn on_settings(&mut self, m: settings_view::Message) -> Task<Message> {
        let Some(view) = self.settings_view.as_mut() else {
            return Task::none();
        };
        match view.update(m) {
            settings_view::Event::None => Task::none(),
            settings_view::Event::Close => {
                self.settings_view = None;
                Task::none()
            }
            settings_view::Event::Changed(settings) => {
                self.apply_settings(settings);
                if let Err(e) = settings.save(self.engine.data_dir()) {
                    self.notice = Some(e.to_string());
                }
                Task::none()
            }
            settings_view::Event::MakeDefault => Task::perform(
                async {
                    tokio::task::spawn_blocking(|| {
                        let done = crate::desktop::make_default_mail_app();
                        (done, crate::desktop::is_default_mail_app())
                    })
                    .await
                    .unwrap_or((Err("stopped".into()), None))
                },
                |(done, now)| Message::Settings(settings_view::Message::DefaultMade(done, now)),
            ),
            settings_view::Event::OpenDataFolder => {
                let dir = self.engine.data_dir().to_path_buf();
                let name = dir.display().to_string();
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || open::that_detached(&dir))
                            .await
                            .ok()
                            .and_then(|r| r.err())
                            .map(|_| crate::ui::strings::t().no_program_opens(&name))
                    },
                    Message::Notice,
                )
            }
        }
    }

    /// Make `settings` the ones in force: the language at once, the theme at the next frame.
    pub(super) fn apply_settings(&mut self, settings: Settings) {
        self.settings = settings;
        crate::locale::set_lang(match settings.language {
            LangChoice::System => None,
            LangChoice::English => Some(crate::locale::Lang::English),
            LangChoice::Korean => Some(crate::locale::Lang::Korean),
        });
    }

    /// The theme of every window (None: the system's light or dark).
    pub fn theme(&self, _window: iced::window::Id) -> Option<iced::Theme> {
        match self.settings.theme {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some(iced::Theme::Light),
            ThemeChoice::Dark => Some(iced::Theme::Dark),
        }
    }
}
