//! The Settings screen in the window: opened from the folder tree, each change saved to
//! settings.json and in force at once (the theme of every window, the interval).

use super::app::{App, Message};
use super::folder_tree;
use super::settings_view;
use super::test_runtime::settle;
use super::window_state::WindowState;
use crate::engine::Engine;
use crate::settings::{Settings, ThemeChoice};
use std::sync::Arc;

#[test]
fn settings_change_at_once_and_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    let main = iced::window::Id::unique();
    app.main = Some(main);
    assert_eq!(app.theme(main), None, "the system's by default");
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::OpenSettings),
    );
    let mut ui = iced_test::simulator(app.view_main());
    assert!(ui.find("Settings").is_ok());
    assert!(ui.find("Make Jebi the default mail app").is_ok());
    assert!(ui
        .find(format!("Your mail and settings live in {}", dir.path().display()).as_str())
        .is_ok());
    ui.click("Show a notification when new mail arrives")
        .unwrap();
    let clicked: Vec<_> = ui.into_messages().collect();
    for m in clicked {
        settle(&mut app, m);
    }
    settle(
        &mut app,
        Message::Settings(settings_view::Message::Theme(ThemeChoice::Dark)),
    );
    settle(
        &mut app,
        Message::Settings(settings_view::Message::CheckEvery("0".into())),
    );
    settle(
        &mut app,
        Message::Settings(settings_view::Message::CheckEvery("25".into())),
    );
    assert_eq!(app.theme(main), Some(iced::Theme::Dark));
    let saved = Settings::load(dir.path());
    assert_eq!(saved.theme, ThemeChoice::Dark);
    assert!(!saved.notifications);
    assert_eq!(saved.check_every_minutes, 25);
    assert_eq!(
        crate::engine::pop3_fetch::fetch_every(dir.path()),
        std::time::Duration::from_secs(25 * 60)
    );
    settle(&mut app, Message::Settings(settings_view::Message::Close));
    let mut ui = iced_test::simulator(app.view_main());
    assert!(ui.find("Make Jebi the default mail app").is_err(), "closed");
}
