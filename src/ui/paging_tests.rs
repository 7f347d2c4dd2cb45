//! A folder of 50,000 messages in a real store, paged into the list: the first page shows before
//! the rest has been read, scrolling far reads that page, results for a list that has moved on
//! are dropped, and Ctrl+A selects every row, loaded or not.

use super::app::{App, Message, Shortcut};
use super::folder_tree;
use super::message_list::{self, Head, MessageList, KEEP_ROWS, PAGE_ROWS, ROW_HEIGHT};
use super::test_runtime::{run, settle};
use super::window_state::WindowState;
use crate::engine::local_folders::LOCAL_ACCOUNT;
use crate::engine::Engine;
use iced::window;
use std::sync::Arc;
use std::time::Instant;

const ROWS: usize = 50_000;

fn load_snapshot(app: &mut App) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(super::store_tasks::load_snapshot(app.engine_for_tests()));
    settle(app, Message::Snapshot(snapshot));
}

/// An app whose Local Folders hold "Big", a folder of `ROWS` messages: row `i` is "Message i",
/// one minute older than row `i - 1`; every third one is unread. The app shows Local Folders'
/// Inbox; the big folder's id is returned.
fn app() -> (tempfile::TempDir, App, window::Id, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    let main = window::Id::unique();
    app.main = Some(main);
    load_snapshot(&mut app);
    app.setup = None;
    let big = app
        .engine_for_tests()
        .writer()
        .unwrap()
        .run_blocking(|db| {
            crate::engine::local_folders::ensure(db)?;
            let big = db.upsert_folder(LOCAL_ACCOUNT, "Big", "Big", None, None, true)?;
            let tx = db.conn_mut().transaction()?;
            {
                let mut insert = tx.prepare(
                    "INSERT INTO messages (folder_id, uid, flags, seen, date, subject, from_name)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'Kim')",
                )?;
                for i in 0..ROWS as i64 {
                    let seen = i % 3 != 0;
                    insert.execute(rusqlite::params![
                        big,
                        i + 1,
                        if seen { "\\Seen" } else { "" },
                        seen,
                        1_790_000_000 - i * 60,
                        format!("Message {i}"),
                    ])?;
                }
            }
            tx.commit()?;
            Ok(big)
        })
        .unwrap();
    load_snapshot(&mut app);
    (dir, app, main, big)
}

fn subject(list: &MessageList, i: usize) -> Option<String> {
    list.row(i).map(|m| m.subject.clone())
}

/// Scroll the list so that row `i` is at the top.
fn scroll_to_row(i: usize) -> Message {
    Message::List(message_list::Message::Scrolled {
        offset_y: i as f32 * ROW_HEIGHT,
        height: 600.0,
    })
}

#[test]
fn the_first_page_and_the_count_show_before_the_rest_is_read() {
    let (_dir, mut app, _main, big) = app();
    let opened = run(app.update(Message::Folders(folder_tree::Message::Select(big))));
    let [Message::FolderLoaded(id, Ok(head))] = opened.as_slice() else {
        panic!("opening a folder reads its first page: {opened:?}");
    };
    assert_eq!(*id, big);
    assert_eq!(head.total, ROWS, "the count comes with the first page");
    assert_eq!(head.first.len(), PAGE_ROWS, "only the first page is read");
    assert!(head.ids.is_none(), "the ids come after");

    let ids = run(app.update(opened.into_iter().next().unwrap()));
    assert_eq!(app.list.len(), ROWS, "the list has its full height at once");
    assert_eq!(subject(&app.list, 0).as_deref(), Some("Message 0"));
    assert_eq!(app.list.loaded_count(), PAGE_ROWS);
    assert!(!app.list.ids_complete());
    assert_eq!(subject(&app.list, PAGE_ROWS), None, "not read yet");
    {
        // The first rows are drawn.
        let date = message_list::list_date(
            app.list.row(0).unwrap().date,
            chrono::Local::now(),
            crate::ui::strings::Lang::English,
        );
        let mut ui = iced_test::simulator(app.list.view());
        assert!(ui.find(date.as_str()).is_ok(), "{date}");
    }

    let [Message::FolderIds(..)] = ids.as_slice() else {
        panic!("then the ids are read: {ids:?}");
    };
    for m in ids {
        settle(&mut app, m);
    }
    assert!(app.list.ids_complete());
    assert_eq!(app.list.len(), ROWS);
    assert!(app.list.id_at(ROWS - 1).is_some());
    assert_eq!(subject(&app.list, ROWS - 1), None, "far rows stay unread");
    assert!(app.list.loaded_count() <= 2 * PAGE_ROWS);
}

#[test]
fn scrolling_far_reads_that_page_and_far_pages_are_dropped() {
    let (_dir, mut app, _main, big) = app();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    assert!(app.list.ids_complete());

    // Before its page arrives, a far row is a blank one (the view builds it all the same).
    let pending = app.update(scroll_to_row(40_000));
    assert_eq!(subject(&app.list, 40_000), None);
    let _ = iced_test::simulator(app.list.view());
    for m in run(pending) {
        settle(&mut app, m);
    }
    assert_eq!(subject(&app.list, 40_000).as_deref(), Some("Message 40000"));
    assert_eq!(subject(&app.list, 40_010).as_deref(), Some("Message 40010"));

    // Jumping about keeps a bounded number of rows, and the ones on screen.
    let visited: Vec<usize> = (0..30).map(|step| step * 1_601 % ROWS).collect();
    for &row in &visited {
        settle(&mut app, scroll_to_row(row));
        assert!(app.list.loaded_count() <= KEEP_ROWS + PAGE_ROWS);
        assert_eq!(
            subject(&app.list, row).as_deref(),
            Some(format!("Message {row}").as_str())
        );
    }
    let held = visited
        .iter()
        .filter(|r| app.list.row(**r).is_some())
        .count();
    assert!(held < visited.len(), "far pages were dropped");
}

#[test]
fn a_page_for_a_list_that_moved_on_is_dropped() {
    let (_dir, mut app, _main, big) = app();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    let stale = app.update(scroll_to_row(30_000));
    let stale = run(stale);
    assert!(
        stale
            .iter()
            .any(|m| matches!(m, Message::PageLoaded(f, _, _, Ok(_)) if *f == big)),
        "{stale:?}"
    );

    // The user goes to the Inbox before the page arrives.
    let inbox = app.tree.default_folder().unwrap();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(inbox)),
    );
    let inbox_rows = app.list.len();
    assert!(inbox_rows < 10);
    for m in stale {
        settle(&mut app, m);
    }
    assert_eq!(app.list.folder_id, Some(inbox));
    assert_eq!(app.list.len(), inbox_rows);
    assert!(app
        .list
        .loaded_rows()
        .all(|m| !m.subject.starts_with("Message ")));

    // Back in the big folder, a page asked for before it was reloaded is dropped too.
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    let before_reload = run(app.update(scroll_to_row(20_000)));
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    let generation = app.list.generation();
    for m in before_reload {
        let Message::PageLoaded(_, g, page, Ok(rows)) = m else {
            continue;
        };
        assert_ne!(g, generation);
        assert!(
            !app.list.put_page(g, page, rows),
            "a stale page is not taken"
        );
    }
}

#[test]
fn ctrl_a_selects_every_row_of_the_folder_loaded_or_not() {
    let (_dir, mut app, main, big) = app();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    settle(
        &mut app,
        Message::Key(main, Shortcut::SelectAll, Instant::now()),
    );
    assert_eq!(app.list.selection_len(), ROWS);
    let selection = app.list.selection();
    assert_eq!(selection.len(), ROWS);
    assert_eq!(Some(selection[ROWS - 1]), app.list.id_at(ROWS - 1));
    assert_eq!(
        subject(&app.list, ROWS - 1),
        None,
        "selected without being read"
    );
    assert_eq!(app.list.first_selected(), app.list.id_at(0));

    // Ctrl+A before the ids have arrived: every row once they do.
    let inbox = app.tree.default_folder().unwrap();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(inbox)),
    );
    let opened = run(app.update(Message::Folders(folder_tree::Message::Select(big))));
    let ids: Vec<Message> = opened
        .into_iter()
        .flat_map(|m| run(app.update(m)))
        .collect();
    assert!(!app.list.ids_complete());
    settle(
        &mut app,
        Message::Key(main, Shortcut::SelectAll, Instant::now()),
    );
    for m in ids {
        settle(&mut app, m);
    }
    assert_eq!(app.list.selection().len(), ROWS);
}

#[test]
fn a_row_opened_before_its_page_arrived_is_marked_read() {
    let (_dir, mut app, _main, big) = app();
    settle(
        &mut app,
        Message::Folders(folder_tree::Message::Select(big)),
    );
    // Row 30,000 is unread (every third one is); click it while it is still blank.
    let page = app.update(scroll_to_row(30_000));
    assert_eq!(subject(&app.list, 30_000), None);
    settle(
        &mut app,
        Message::List(message_list::Message::Clicked(30_000)),
    );
    let id = app.list.id_at(30_000).unwrap();
    assert_eq!(app.reader.current_id(), Some(id));
    let db = app.engine_for_tests().reader().unwrap();
    let flags = db.message(id).unwrap().flags;
    assert!(flags.iter().any(|f| f == "\\Seen"), "{flags:?}");
    for m in run(page) {
        settle(&mut app, m);
    }
    assert_eq!(app.list.row(30_000).map(|m| m.seen), Some(true));
}

#[test]
fn rows_not_loaded_draw_blank_and_pages_wait_for_the_ids() {
    let rows: Vec<_> = (0..PAGE_ROWS as i64)
        .map(|i| crate::store::MessageSummary {
            id: i + 1,
            account_id: "a".into(),
            folder: "Inbox".into(),
            uid: i as u32 + 1,
            date: Some(1_577_880_000 - i * 86_400),
            from_name: None,
            from_email: Some("a@example.test".into()),
            subject: format!("Message {i}"),
            seen: true,
            flagged: false,
            has_attachments: false,
            has_body: false,
            size: 1,
            snippet: String::new(),
        })
        .collect();
    let mut list = MessageList::default();
    let generation = list.set_head(
        7,
        Head {
            total: 1_000,
            first: rows,
            ids: None,
        },
    );
    assert!(generation.is_some(), "the ids are wanted");
    assert!(
        list.wanted_pages().is_empty(),
        "no page can be read without ids"
    );
    let _ = list.update(message_list::Message::Scrolled {
        offset_y: 600.0 * ROW_HEIGHT,
        height: 600.0,
    });
    {
        let mut ui = iced_test::simulator(list.view());
        assert!(ui.find("2020-01-01").is_err(), "row 0 is off screen");
    }
    // Clicking a row whose id is not known yet does nothing.
    let (_, event) = list.update(message_list::Message::Clicked(700));
    assert!(matches!(event, message_list::Event::None));
    assert!(list.set_ids(generation.unwrap(), (1..=1_000).collect()));
    assert!(
        !list.set_ids(generation.unwrap() + 1, vec![]),
        "not asked for"
    );
    let wanted = list.wanted_pages();
    assert_eq!(wanted[0].page, 3, "the page on screen first");
    assert_eq!(wanted[0].ids, (601..=800).collect::<Vec<i64>>());
}
