//! Conversation mode in the window over a real store (Local Folders): one row per
//! conversation with its count, opening it marks its messages read and shows the whole
//! conversation (the reply from Sent included), acting on the row acts on all its messages.

use super::app::{App, Message, Shortcut};
use super::message_list;
use super::reader;
use super::test_runtime::settle;
use super::window_state::WindowState;
use crate::engine::Engine;
use crate::store::{FolderRole, ParsedBody};
use iced::window;
use std::sync::Arc;
use std::time::Instant;

fn load_snapshot(app: &mut App) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(super::store_tasks::load_snapshot(app.engine_for_tests()));
    settle(app, Message::Snapshot(snapshot));
}

fn mail(uid: u32, seen: bool, from: &str, subject: &str, id: &str, reply_to: &str) -> ParsedBody {
    let parent = if reply_to.is_empty() {
        String::new()
    } else {
        format!("In-Reply-To: <{reply_to}>\r\nReferences: <{reply_to}>\r\n")
    };
    let raw = format!(
        "From: {from}\r\nTo: me@example.test\r\nSubject: {subject}\r\n\
         Date: Mon, {uid} Mar 2025 10:00:00 +0000\r\nMessage-ID: <{id}>\r\n{parent}\r\n\
         Words of message {uid}.\r\n"
    );
    let flags = if seen { vec!["\\Seen".into()] } else { vec![] };
    ParsedBody::from_raw(uid, flags, None, raw.into_bytes(), 1000)
}

/// Local Folders' Inbox: the welcome message, a conversation of three (two unread) and one
/// lone message; a Sent folder holding the user's reply to the conversation, newest of all.
fn app() -> (tempfile::TempDir, App, window::Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Arc::new(Engine::new(dir.path())),
        WindowState {
            conversations: true,
            ..WindowState::default()
        },
    );
    let main = window::Id::unique();
    app.main = Some(main);
    load_snapshot(&mut app);
    app.setup = None;
    app.engine_for_tests()
        .writer()
        .unwrap()
        .run_blocking(|db| {
            let inbox = crate::engine::local_folders::ensure(db)?;
            let sent = db.upsert_folder(
                crate::engine::local_folders::LOCAL_ACCOUNT,
                "Sent",
                "Sent",
                None,
                Some(FolderRole::Sent),
                true,
            )?;
            db.insert_bodies(
                inbox,
                &[
                    mail(2, true, "Kim <kim@example.test>", "Picnic", "p1@x", ""),
                    mail(
                        3,
                        false,
                        "Lee <lee@example.test>",
                        "Re: Picnic",
                        "p2@x",
                        "p1@x",
                    ),
                    mail(
                        4,
                        false,
                        "Kim <kim@example.test>",
                        "Re: Picnic",
                        "p3@x",
                        "p2@x",
                    ),
                    mail(5, false, "Park <park@example.test>", "Budget", "b1@x", ""),
                ],
            )?;
            db.insert_bodies(
                sent,
                &[mail(
                    9,
                    true,
                    "Me <me@example.test>",
                    "Re: Picnic",
                    "p4@x",
                    "p3@x",
                )],
            )
        })
        .unwrap();
    load_snapshot(&mut app);
    (dir, app, main)
}

#[test]
fn a_conversation_is_one_row_and_opens_whole_with_the_reply_from_sent() {
    let (_dir, mut app, _main) = app();
    assert_eq!(
        app.list.len(),
        3,
        "welcome, Budget, and the Picnic conversation"
    );
    assert!(app.list.is_threaded());
    let row = (0..3)
        .find(|i| app.list.row(*i).is_some_and(|m| m.subject == "Picnic"))
        .expect("the conversation's row carries its first subject");
    let id = app.list.id_at(row).unwrap();
    let m = app.list.row(row).unwrap();
    assert!(!m.seen, "two of its messages are unread");
    assert_eq!(m.from_name.as_deref(), Some("Kim, Lee, Me"));
    assert_eq!(app.list.count_of(id), 4, "three here and the reply in Sent");
    let unread_before = app.tree.unread_of(app.list.folder_id.unwrap());

    settle(&mut app, Message::List(message_list::Message::Clicked(row)));
    settle(
        &mut app,
        Message::List(message_list::Message::Released(row)),
    );
    // The reader shows the newest message here, the two before it, and the reply after it.
    let v = app.reader.view.as_ref().expect("opened");
    assert_eq!(v.subject, "Re: Picnic");
    assert!(v.from.starts_with("Kim"));
    let cards = &app.reader.thread.cards;
    let who: Vec<&str> = cards.iter().map(|c| c.view.from.as_str()).collect();
    assert_eq!(cards.len(), 3, "{who:?}");
    assert_eq!(app.reader.thread.before, 2);
    assert!(who[0].starts_with("Kim") && who[1].starts_with("Lee") && who[2].starts_with("Me"));
    assert_eq!(cards[2].view.folder, "Sent");
    // The one that was unread comes open, the read ones closed.
    let open: Vec<bool> = cards.iter().map(|c| c.open).collect();
    assert_eq!(open, vec![false, true, false]);
    // Its messages here are read now: the row, the folder's count and the store agree.
    assert!(app.list.row(row).unwrap().seen);
    assert_eq!(
        app.tree.unread_of(app.list.folder_id.unwrap()),
        unread_before - 2
    );
    // A card opens and closes with a click.
    let open = app.reader.thread.cards[0].open;
    settle(&mut app, Message::Reader(reader::Message::Card(0)));
    assert_ne!(app.reader.thread.cards[0].open, open);
}

#[test]
fn deleting_a_conversation_row_moves_all_its_messages_here_to_trash() {
    let (_dir, mut app, main) = app();
    let row = (0..3)
        .find(|i| app.list.row(*i).is_some_and(|m| m.subject == "Picnic"))
        .unwrap();
    settle(&mut app, Message::List(message_list::Message::Clicked(row)));
    settle(
        &mut app,
        Message::List(message_list::Message::Released(row)),
    );
    assert_eq!(app.list.selection().len(), 3);
    settle(
        &mut app,
        Message::Key(main, Shortcut::Delete, Instant::now()),
    );
    assert_eq!(app.list.len(), 2, "the conversation's row left the list");
    assert_eq!(app.notice.as_deref(), Some("Moved 3 messages to Trash"));
    load_snapshot(&mut app);
    // Sent keeps the reply: only the messages in the Inbox were acted on.
    let engine = app.engine_for_tests();
    let db = engine.reader().unwrap();
    let by_folder = |role: FolderRole| {
        let f = db
            .folders(crate::engine::local_folders::LOCAL_ACCOUNT)
            .unwrap()
            .into_iter()
            .find(|f| f.role == Some(role))
            .unwrap();
        db.list_messages(None, Some(f.id), 100).unwrap().len()
    };
    assert_eq!(by_folder(FolderRole::Trash), 3);
    assert_eq!(by_folder(FolderRole::Sent), 1);
}

#[test]
fn turning_conversations_off_lists_every_message_again() {
    let (_dir, mut app, _main) = app();
    assert_eq!(app.list.len(), 3);
    settle(&mut app, Message::Conversations(false));
    assert_eq!(app.list.len(), 5);
    assert!(!app.list.is_threaded());
    settle(&mut app, Message::Conversations(true));
    assert_eq!(app.list.len(), 3);
}

#[test]
fn scrolling_to_the_end_of_a_long_conversation_list_reads_further() {
    let (_dir, mut app, _main) = app();
    let n = super::app::CONVERSATION_ROWS as u32 + 50;
    app.engine_for_tests()
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let inbox = crate::engine::local_folders::ensure(db)?;
            let lone: Vec<ParsedBody> = (100..100 + n)
                .map(|uid| {
                    let raw = format!(
                        "From: A <a@x>\r\nSubject: Lone {uid}\r\n\
                         Date: Sun, 2 Mar 2025 10:00:00 +0000\r\nMessage-ID: <l{uid}@x>\r\n\r\nHi\r\n"
                    );
                    ParsedBody::from_raw(uid, vec![], None, raw.into_bytes(), 1000)
                })
                .collect();
            db.insert_bodies(inbox, &lone)
        })
        .unwrap();
    load_snapshot(&mut app);
    assert_eq!(app.list.len(), super::app::CONVERSATION_ROWS);
    let height = 600.0;
    let bottom = app.list.content_height() - height;
    settle(
        &mut app,
        Message::List(message_list::Message::Scrolled {
            offset_y: bottom,
            height,
        }),
    );
    assert_eq!(
        app.list.len(),
        n as usize + 3,
        "every conversation, the first ones too"
    );
    assert_eq!(
        app.list.viewport.offset_y, bottom,
        "the rows on screen stay"
    );
}
