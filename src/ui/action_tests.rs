//! Acting on mail in the window over a real store (Local Folders, no server): selection, the
//! list changing in the same update, Trash, undo, the folder picker, dropping on a folder.

use super::action_bar;
use super::app::{ActMessage, App, Message, Shortcut};
use super::folder_tree;
use super::message_list;
use super::test_runtime::settle;
use super::window_state::WindowState;
use crate::engine::Engine;
use crate::store::ParsedBody;
use iced::keyboard::Modifiers;
use iced::window;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn load_snapshot(app: &mut App) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(super::store_tasks::load_snapshot(app.engine_for_tests()));
    settle(app, Message::Snapshot(snapshot));
}

/// Local Folders' Inbox with the welcome message and four more, open in the list.
fn app() -> (tempfile::TempDir, App, window::Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    app.acting.undo_for = Duration::ZERO;
    let main = window::Id::unique();
    app.main = Some(main);
    load_snapshot(&mut app);
    app.setup = None;
    app.engine_for_tests()
        .writer()
        .unwrap()
        .run_blocking(|db| {
            let f = crate::engine::local_folders::ensure(db)?;
            let bodies: Vec<ParsedBody> = (2..6)
                .map(|uid| {
                    let raw = format!(
                        "From: Kim <kim@example.test>\r\nSubject: Note {uid}\r\n\
                         Date: Mon, {uid} Mar 2025 10:00:00 +0000\r\n\
                         Message-ID: <n{uid}@example.test>\r\n\r\nbody\r\n"
                    );
                    ParsedBody::from_raw(uid, vec![], None, raw.into_bytes(), 1000)
                })
                .collect();
            db.insert_bodies(f, &bodies)
        })
        .unwrap();
    load_snapshot(&mut app);
    assert_eq!(app.list.len(), 5);
    (dir, app, main)
}

fn subjects(app: &App) -> Vec<String> {
    let mut v: Vec<String> = app.list.loaded_rows().map(|m| m.subject.clone()).collect();
    v.sort();
    v
}

fn folder_named(app: &App, name: &str) -> Option<i64> {
    app.tree
        .snapshot
        .folders
        .iter()
        .flat_map(|(_, f)| f.iter())
        .find(|f| f.display_name == name)
        .map(|f| f.id)
}

fn click(app: &mut App, row: usize, modifiers: Modifiers) {
    settle(app, Message::Act(ActMessage::Modifiers(modifiers)));
    settle(app, Message::List(message_list::Message::Clicked(row)));
    settle(app, Message::List(message_list::Message::Released(row)));
    settle(app, Message::Act(ActMessage::MouseUp));
    settle(app, Message::Act(ActMessage::Modifiers(Modifiers::empty())));
}

fn key(app: &mut App, main: window::Id, k: Shortcut) {
    settle(app, Message::Key(main, k, Instant::now()));
}

#[test]
fn ctrl_click_shift_click_and_ctrl_a_select_rows() {
    let (_dir, mut app, main) = app();
    click(&mut app, 0, Modifiers::empty());
    assert_eq!(app.list.selection().len(), 1);
    click(&mut app, 3, Modifiers::SHIFT);
    assert_eq!(
        app.list.selection().len(),
        4,
        "Shift-click selects rows 0..=3"
    );
    click(&mut app, 2, Modifiers::CTRL);
    assert_eq!(app.list.selection().len(), 3, "Ctrl-click takes one away");
    click(&mut app, 2, Modifiers::CTRL);
    assert_eq!(app.list.selection().len(), 4, "and adds it again");
    click(&mut app, 4, Modifiers::empty());
    assert_eq!(app.list.selection().len(), 1, "a plain click selects one");
    key(&mut app, main, Shortcut::SelectAll);
    assert_eq!(app.list.selection().len(), 5);
}

#[test]
fn delete_takes_rows_out_in_the_same_update_and_undo_brings_them_back() {
    let (_dir, mut app, main) = app();
    click(&mut app, 1, Modifiers::empty());
    click(&mut app, 2, Modifiers::CTRL);
    let chosen: Vec<i64> = app.list.selection();
    // Without running any task: the rows are gone from the list at once.
    let task = app.update(Message::Key(main, Shortcut::Delete, Instant::now()));
    assert_eq!(app.list.len(), 3);
    assert!(app.list.loaded_rows().all(|m| !chosen.contains(&m.id)));
    for m in super::test_runtime::run(task) {
        settle(&mut app, m);
    }
    assert_eq!(app.notice.as_deref(), Some("Moved 2 messages to Trash"));
    // Once written: a Local Folders Trash holds them.
    load_snapshot(&mut app);
    let trash = folder_named(&app, "Trash").expect("Local Folders Trash was made");
    let db = app.engine_for_tests().reader().unwrap();
    let in_trash = db.list_messages(None, Some(trash), 10).unwrap();
    assert_eq!(in_trash.len(), 2);
    drop(db);
    key(&mut app, main, Shortcut::Undo);
    load_snapshot(&mut app);
    assert_eq!(
        app.list.len(),
        5,
        "undo put both back: {:?}",
        subjects(&app)
    );
}

#[test]
fn delete_in_trash_asks_before_deleting_for_good() {
    let (_dir, mut app, main) = app();
    click(&mut app, 0, Modifiers::empty());
    key(&mut app, main, Shortcut::Delete);
    load_snapshot(&mut app);
    let trash = folder_named(&app, "Trash").unwrap();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(trash)),
    );
    assert_eq!(app.list.len(), 1);
    click(&mut app, 0, Modifiers::empty());
    key(&mut app, main, Shortcut::Delete);
    assert!(app.acting.bar.confirm.is_some(), "it asks first");
    assert_eq!(app.list.len(), 1, "nothing deleted yet");
    {
        let mut ui = iced_test::simulator(app.view(main));
        assert!(ui
            .find("Delete this message for good? It cannot be undone.")
            .is_ok());
    }
    settle(
        &mut app,
        Message::Act(ActMessage::Bar(action_bar::Message::ConfirmForever)),
    );
    load_snapshot(&mut app);
    assert!(app.list.is_empty());
    let db = app.engine_for_tests().reader().unwrap();
    assert!(db.list_messages(None, Some(trash), 10).unwrap().is_empty());
}

#[test]
fn the_move_picker_filters_folders_and_enter_takes_the_first() {
    let (_dir, mut app, main) = app();
    let engine = app.engine_for_tests();
    let rt = tokio::runtime::Runtime::new().unwrap();
    for name in ["Projects", "Personal", "Receipts"] {
        rt.block_on(engine.create_folder(crate::engine::local_folders::LOCAL_ACCOUNT, name))
            .unwrap();
    }
    load_snapshot(&mut app);
    click(&mut app, 0, Modifiers::empty());
    let moved = app.list.selection()[0];
    key(&mut app, main, Shortcut::MoveTo);
    assert!(app.acting.bar.picker);
    settle(
        &mut app,
        Message::Act(ActMessage::Bar(action_bar::Message::Filter("pro".into()))),
    );
    let shown: Vec<&str> = app
        .acting
        .bar
        .matches()
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(shown, ["Projects"]);
    settle(
        &mut app,
        Message::Act(ActMessage::Bar(action_bar::Message::PickFirst)),
    );
    assert!(!app.acting.bar.picker);
    let projects = folder_named(&app, "Projects").unwrap();
    let db = engine.reader().unwrap();
    let there = db.list_messages(None, Some(projects), 10).unwrap();
    assert_eq!(there.iter().map(|m| m.id).collect::<Vec<_>>(), [moved]);
}

#[test]
fn dragging_rows_onto_a_folder_moves_them() {
    let (_dir, mut app, _main) = app();
    let engine = app.engine_for_tests();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let kept = rt
        .block_on(engine.create_folder(crate::engine::local_folders::LOCAL_ACCOUNT, "Kept"))
        .unwrap();
    load_snapshot(&mut app);
    click(&mut app, 0, Modifiers::empty());
    click(&mut app, 1, Modifiers::SHIFT);
    // Press inside the selection, release over the folder.
    settle(&mut app, Message::List(message_list::Message::Clicked(1)));
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Dropped(kept)),
    );
    settle(&mut app, Message::Act(ActMessage::MouseUp));
    assert_eq!(app.list.len(), 3);
    let db = engine.reader().unwrap();
    assert_eq!(db.list_messages(None, Some(kept), 10).unwrap().len(), 2);
    // A release over a folder with no press in the list moves nothing.
    drop(db);
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Dropped(kept)),
    );
    assert_eq!(app.list.len(), 3);
}

#[test]
fn the_views_across_accounts_list_and_count_mail() {
    let (_dir, mut app, main) = app();
    let tree = |app: &App| app.tree.snapshot.views.clone();
    // The welcome message is read when opened elsewhere; here all five are unread.
    let unread_before = tree(&app)[1].1;
    assert_eq!(unread_before, 5, "{:?}", tree(&app));
    settle(&mut app, Message::Folders(folder_tree::Message::Select(-1)));
    assert_eq!(
        app.list.len(),
        5,
        "All Inboxes holds the Local Folders Inbox"
    );
    {
        let mut ui = iced_test::simulator(app.view(main));
        assert!(ui.find("All Inboxes").is_ok() && ui.find("Starred").is_ok());
    }
    click(&mut app, 0, Modifiers::empty());
    key(&mut app, main, Shortcut::ToggleStar);
    load_snapshot(&mut app);
    assert_eq!(tree(&app)[2].1, 1, "one starred: {:?}", tree(&app));
    assert_eq!(tree(&app)[1].1, 4, "opening it read it: {:?}", tree(&app));
    settle(&mut app, Message::Folders(folder_tree::Message::Select(-3)));
    assert_eq!(app.list.len(), 1, "Starred shows it");
}

#[test]
fn a_right_click_opens_the_rows_menu_and_its_entries_act_on_the_row() {
    use iced_test::simulator;
    let (_dir, mut app, main) = app();
    let row = (0..5)
        .find(|i| app.list.row(*i).is_some_and(|m| !m.seen))
        .expect("an unread row");
    let id = app.list.id_at(row).unwrap();
    settle(&mut app, Message::List(message_list::Message::Menu(row)));
    assert_eq!(app.list.menu, Some(row));
    assert_eq!(app.list.selection(), vec![id], "the row is selected first");
    // Opening it marked it read: the menu offers the opposite.
    let mut ui = simulator(app.view(main));
    ui.click("Mark as unread").expect("the menu's entry");
    let picked: Vec<Message> = ui.into_messages().collect();
    for m in picked {
        settle(&mut app, m);
    }
    assert_eq!(app.list.menu, None, "an entry closes the menu");
    assert!(!app.list.summary(id).unwrap().seen, "and acted on the row");
    // Esc closes it too; on a multiple selection it acts on all of it.
    settle(&mut app, Message::List(message_list::Message::Menu(row)));
    key(&mut app, main, Shortcut::Escape);
    assert_eq!(app.list.menu, None);
    key(&mut app, main, Shortcut::SelectAll);
    settle(&mut app, Message::List(message_list::Message::Menu(0)));
    assert_eq!(
        app.list.selection().len(),
        5,
        "the selection it was opened on stays"
    );
    let mut ui = simulator(app.view(main));
    ui.click("☆ Star")
        .expect("the menu's star entry (the reader's says the same)");
    let picked: Vec<Message> = ui.into_messages().collect();
    for m in picked {
        settle(&mut app, m);
    }
    assert_eq!(app.list.menu, None);
    assert!(
        app.list.loaded_rows().all(|m| m.flagged),
        "every selected row starred"
    );
}

#[test]
fn the_status_bar_says_what_was_done_in_korean_too() {
    use super::strings::{with_lang, Lang};
    let (_dir, mut app, main) = app();
    with_lang(Lang::Korean, || {
        click(&mut app, 1, Modifiers::empty());
        click(&mut app, 2, Modifiers::CTRL);
        key(&mut app, main, Shortcut::Delete);
        assert_eq!(
            app.notice.as_deref(),
            Some("메시지 2개를 '휴지통' 폴더로 옮겼습니다"),
            "the Trash is called as the folder tree calls it"
        );
        click(&mut app, 0, Modifiers::empty());
        key(&mut app, main, Shortcut::ToggleStar);
        assert_eq!(app.notice.as_deref(), Some("메시지 1개를 별표했습니다"));
        settle(&mut app, Message::Act(ActMessage::Undo));
        assert_eq!(app.notice.as_deref(), Some("실행을 취소했습니다"));
    });
}
