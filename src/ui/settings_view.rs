//! The Settings screen: theme, language, notifications, how often accounts without push are
//! checked, the default mail app, where the data lives. Each change is saved and applied at
//! once (no restart); the app applies it on `Event::Changed`.

use super::strings::t;
use crate::settings::{LangChoice, Settings, ThemeChoice, CHECK_MINUTES};
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Element, Fill};

#[derive(Debug, Clone)]
pub enum Message {
    Theme(ThemeChoice),
    Language(LangChoice),
    Notifications(bool),
    CheckEvery(String),
    MakeDefault,
    /// How "Make Jebi the default mail app" went, and whether it is the default now.
    DefaultMade(Result<(), String>, Option<bool>),
    OpenDataFolder,
    Close,
}

pub enum Event {
    None,
    /// Saved: apply these.
    Changed(Settings),
    MakeDefault,
    OpenDataFolder,
    Close,
}

#[derive(Debug, Clone)]
pub struct SettingsView {
    pub settings: Settings,
    /// The interval field as typed.
    check_text: String,
    check_problem: bool,
    /// Whether Jebi is the default mail app (None: cannot tell).
    pub is_default: Option<bool>,
    pub default_result: Option<Result<(), String>>,
    pub data_dir: String,
}

impl std::fmt::Display for ThemeWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            ThemeChoice::System => t().follow_system(),
            ThemeChoice::Light => t().theme_light(),
            ThemeChoice::Dark => t().theme_dark(),
        })
    }
}

impl std::fmt::Display for LangWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            LangChoice::System => t().follow_system(),
            LangChoice::English => "English",
            LangChoice::Korean => "한국어",
        })
    }
}

/// A choice with its words (the pick lists show these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeWords(pub ThemeChoice);
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangWords(pub LangChoice);

impl SettingsView {
    pub fn new(settings: Settings, data_dir: String, is_default: Option<bool>) -> SettingsView {
        SettingsView {
            settings,
            check_text: settings.check_every_minutes.to_string(),
            check_problem: false,
            is_default,
            default_result: None,
            data_dir,
        }
    }

    pub fn update(&mut self, message: Message) -> Event {
        match message {
            Message::Theme(v) => self.settings.theme = v,
            Message::Language(v) => self.settings.language = v,
            Message::Notifications(on) => self.settings.notifications = on,
            Message::CheckEvery(v) => {
                self.check_text = v;
                match self.check_text.trim().parse::<u32>() {
                    Ok(m) if CHECK_MINUTES.contains(&m) => {
                        self.check_problem = false;
                        self.settings.check_every_minutes = m;
                    }
                    _ => {
                        self.check_problem = true;
                        return Event::None;
                    }
                }
            }
            Message::MakeDefault => return Event::MakeDefault,
            Message::DefaultMade(result, now) => {
                self.default_result = Some(result);
                self.is_default = now;
                return Event::None;
            }
            Message::OpenDataFolder => return Event::OpenDataFolder,
            Message::Close => return Event::Close,
        }
        Event::Changed(self.settings)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let themes = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark].map(ThemeWords);
        let langs = [LangChoice::System, LangChoice::English, LangChoice::Korean].map(LangWords);
        let line = |label: &'static str, control: Element<'static, Message>| {
            row![text(label).size(14).width(260), control]
                .spacing(12)
                .align_y(iced::Center)
        };
        let mut col = column![
            text(t().settings_title()).size(22),
            line(
                t().theme_label(),
                pick_list(themes, Some(ThemeWords(self.settings.theme)), |w| {
                    Message::Theme(w.0)
                })
                .into()
            ),
            line(
                t().language_label(),
                pick_list(langs, Some(LangWords(self.settings.language)), |w| {
                    Message::Language(w.0)
                })
                .into()
            ),
            checkbox(self.settings.notifications)
                .label(t().notifications_label())
                .text_size(14)
                .on_toggle(Message::Notifications),
            row![
                text(t().check_every_label()).size(14).width(260),
                text_input("10", &self.check_text)
                    .id("settings-check-every")
                    .width(80)
                    .on_input(Message::CheckEvery),
                text(t().minutes()).size(14),
            ]
            .spacing(12)
            .align_y(iced::Center),
        ]
        .spacing(14)
        .max_width(760);
        if self.check_problem {
            col = col.push(text(t().check_every_problem()).size(12).style(text::danger));
        }
        let default_line = match self.is_default {
            Some(true) => text(t().is_default_mail_app()).size(13),
            Some(false) => text(t().not_default_mail_app()).size(13),
            None => text(t().default_unknown()).size(13),
        };
        col = col.push(
            row![
                default_line.width(Fill),
                button(text(t().make_default_mail_app()).size(13))
                    .style(button::secondary)
                    .on_press(Message::MakeDefault),
            ]
            .spacing(12)
            .align_y(iced::Center),
        );
        if let Some(Err(e)) = &self.default_result {
            col = col.push(text(e.as_str()).size(12).style(text::danger));
        }
        col = col.push(
            row![
                text(t().data_lives_in(&self.data_dir)).size(13).width(Fill),
                button(text(t().open_folder()).size(13))
                    .style(button::secondary)
                    .on_press(Message::OpenDataFolder),
            ]
            .spacing(12)
            .align_y(iced::Center),
        );
        col = col.push(button(text(t().done()).size(14)).on_press(Message::Close));
        scrollable(container(col).padding(24).width(Fill))
            .height(Fill)
            .into()
    }
}
