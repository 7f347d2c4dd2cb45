//! The composer and the Outbox in iced's headless simulator (ICED_TEST_BACKEND=tiny-skia), and
//! the app's multi-window flow: tasks the app returns are run here as iced would run them (a
//! window-open action is answered with its id; messages are fed back into `update`).

mod drafts;
mod signatures;

use super::app::{App, Files, Message, Shortcut};
use super::composer::{self, senders, Composer, Field};
use super::window_state::WindowState;
use crate::account::{Account, Identity};
use crate::engine::drafts::DraftSeed;
use crate::engine::Engine;
use crate::mime::reply::ReplyKind;
use iced::{window, Task};
use iced_test::runtime::{task, window as runtime_window, Action};
use iced_test::simulator;
use std::sync::Arc;
use std::time::Instant;

fn account() -> Account {
    Account {
        id: "acc-1".into(),
        name: "Work".into(),
        email: "me@work.test".into(),
        incoming: crate::account::Incoming::Imap,
        imap: None,
        pop3: None,
        pop3_policy: Default::default(),
        notify: true,
        smtp: Some(crate::account::ServerConfig {
            host: "smtp.work.test".into(),
            port: 587,
            security: crate::account::Security::StartTls,
            login: String::new(),
        }),
        identities: vec![Identity {
            display_name: "Minji Kim".into(),
            email: "me@work.test".into(),
            signature: String::new(),
        }],
        trust: Default::default(),
        allow_plaintext: false,
        file_sent_copy: true,
    }
}

/// An app over a fresh data directory holding `account()`, with a main window.
fn app() -> (tempfile::TempDir, App, window::Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut book = crate::account::AccountBook::load(dir.path()).unwrap();
    book.accounts.push(account());
    book.save().unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    let main = window::Id::unique();
    app.main = Some(main);
    // The folder tree as the window loads it (accounts, Local Folders).
    let engine = app.engine_for_tests();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(super::store_tasks::load_snapshot(engine));
    settle(&mut app, Message::Snapshot(snapshot));
    assert_eq!(app.tree.snapshot.accounts, vec![account()]);
    (dir, app, main)
}

/// What running a task did: the windows it opened (with their settings) and its messages.
#[derive(Default)]
struct Ran {
    opened: Vec<(window::Id, window::Settings)>,
    messages: Vec<Message>,
}

/// Run `task` to its end as the iced runtime would, answering window opens.
fn run(task: Task<Message>) -> Ran {
    use iced::futures::StreamExt;
    let mut ran = Ran::default();
    let Some(mut stream) = task::into_stream(task) else {
        return ran;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        while let Some(action) = stream.next().await {
            match action {
                Action::Output(m) => ran.messages.push(m),
                Action::Window(runtime_window::Action::Open(id, settings, reply)) => {
                    ran.opened.push((id, settings));
                    let _ = reply.send(id);
                }
                _ => {}
            }
        }
    });
    ran
}

/// Update the app with `m`, then with every message its tasks produce, until none is left.
fn settle(app: &mut App, m: Message) -> Vec<(window::Id, window::Settings)> {
    let mut opened = Vec::new();
    let mut queue = vec![m];
    while let Some(m) = queue.pop() {
        let ran = run(app.update(m));
        opened.extend(ran.opened);
        queue.extend(ran.messages);
    }
    opened
}

fn composer_for(seed: DraftSeed) -> Composer {
    Composer::new(seed, senders(&[account()]))
}

#[test]
fn typing_recipients_marks_an_invalid_one() {
    let mut c = composer_for(DraftSeed::default());
    let mut ui = simulator(c.view());
    ui.click(iced_test::selector::id(c.field_id(Field::To)))
        .unwrap();
    let _ = ui.typewrite("bob, kim@x.test, lee@x");
    for m in ui.into_messages().collect::<Vec<_>>() {
        c.update(m);
    }
    assert_eq!(c.to, "bob, kim@x.test, lee@x");
    assert_eq!(
        c.invalid[0],
        ["bob"],
        "the piece being typed is not judged yet"
    );
    let mut ui = simulator(c.view());
    assert!(ui.find("Not valid addresses: bob").is_ok());
    drop(ui);

    // Sending says so in plain words and queues nothing.
    assert!(matches!(
        c.update(composer::Message::Send),
        composer::Event::None
    ));
    let error = c.error.clone().unwrap();
    assert!(error.contains("not valid email addresses: bob"), "{error}");
    assert!(!c.sending);

    // Fixed, it goes out from the account's identity with the valid addresses.
    c.update(composer::Message::Recipients(
        Field::To,
        "Bob <bob@x.test>, kim@x.test".into(),
    ));
    c.update(composer::Message::Subject("Lunch".into()));
    assert!(c.invalid.iter().all(Vec::is_empty));
    let composer::Event::Send(out) = c.update(composer::Message::Send) else {
        panic!("a valid message is sent");
    };
    assert_eq!(out.account_id, "acc-1");
    assert_eq!(out.draft.from.email, "me@work.test");
    assert_eq!(out.draft.to, ["Bob <bob@x.test>", "kim@x.test"]);
    assert_eq!(out.draft.subject, "Lunch");
    assert!(c.sending);
}

#[test]
fn ctrl_n_opens_a_composer_window() {
    let (_dir, mut app, main) = app();
    let ctrl_n = iced::keyboard::Event::KeyPressed {
        key: iced::keyboard::Key::Character("n".into()),
        modified_key: iced::keyboard::Key::Character("n".into()),
        physical_key: iced::keyboard::key::Physical::Code(iced::keyboard::key::Code::KeyN),
        location: iced::keyboard::Location::Standard,
        modifiers: iced::keyboard::Modifiers::CTRL,
        text: None,
        repeat: false,
    };
    let key = super::app::shortcut(&ctrl_n, iced::event::Status::Ignored);
    assert_eq!(key, Some(Shortcut::NewMessage));
    let opened = settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    assert_eq!(app.composers.len(), 1);
    assert_eq!(opened.len(), 1, "one window opens");
    let (id, settings) = &opened[0];
    assert!(
        app.composers.contains_key(id),
        "the new window is the composer"
    );
    assert_eq!(settings.size, iced::Size::new(720.0, 640.0));
    assert!(settings.min_size.is_some());
    assert_eq!(app.composers[id].from.as_ref().unwrap().account_id, "acc-1");
    // Its view and title are the composer's; the main window's stay the main window's.
    let mut ui = simulator(app.view(*id));
    assert!(ui.find("Request read receipt").is_ok());
    drop(ui);
    assert_eq!(app_title(&app, *id), "New message");
    let mut ui = simulator(app.view(main));
    assert!(ui.find("✉ New message").is_ok());
    drop(ui);
    // A second composer opens beside the first; closing one leaves the other.
    settle(
        &mut app,
        Message::Key(*id, Shortcut::NewMessage, Instant::now()),
    );
    assert_eq!(app.composers.len(), 2);
    settle(&mut app, Message::Closed(*id));
    assert_eq!(app.composers.len(), 1);
}

fn app_title(app: &App, id: window::Id) -> String {
    app.composers[&id].title()
}

#[test]
fn a_dropped_file_is_listed_with_its_size_and_can_be_removed() {
    let (dir, mut app, main) = app();
    settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    let id = *app.composers.keys().next().unwrap();
    let file = dir.path().join("청구서.pdf");
    std::fs::write(&file, vec![1u8; 2048]).unwrap();
    // As iced reports a drop: per file, with the window it landed on.
    settle(&mut app, Message::Files(id, Files::Hovered));
    assert!(app.composers[&id].hovering);
    assert!(simulator(app.view(id))
        .find("Drop the files here to attach them")
        .is_ok());
    settle(&mut app, Message::Files(id, Files::Dropped(file)));
    let c = &app.composers[&id];
    assert!(!c.hovering);
    assert_eq!(c.attachments.len(), 1);
    let mut ui = simulator(app.view(id));
    assert!(ui.find("청구서.pdf").is_ok());
    assert!(ui.find("2 KB").is_ok());
    ui.click("Remove").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    assert!(app.composers[&id].attachments.is_empty());
    assert!(simulator(app.view(id)).find("청구서.pdf").is_err());
    // A drop on the main window attaches nothing anywhere.
    settle(
        &mut app,
        Message::Files(main, Files::Dropped(dir.path().join("x"))),
    );
    assert!(app.composers[&id].attachments.is_empty());
}

#[test]
fn reply_all_fills_quote_subject_and_recipients() {
    let (_dir, mut app, main) = app();
    let raw = b"From: Kim Cheolsu <kim@x.test>\r\nTo: Minji Kim <me@work.test>, lee@x.test\r\n\
        Cc: park@x.test\r\nSubject: Re: Quarterly report\r\nMessage-ID: <q3@x.test>\r\n\
        References: <q1@x.test>\r\nDate: Tue, 3 Nov 2026 14:05:00 +0000\r\n\r\nNumbers attached.\r\n";
    let id = app_store_message(&app, raw);
    app.reader.view = Some(super::store_tasks::ReaderView {
        id,
        ..Default::default()
    });
    settle(
        &mut app,
        Message::Reader(super::reader::Message::Reply(ReplyKind::ReplyAll)),
    );
    let (_, c) = app.composers.iter().next().expect("a composer opened");
    assert_eq!(c.to, "Kim Cheolsu <kim@x.test>, lee@x.test");
    assert_eq!(c.cc, "park@x.test");
    assert_eq!(c.subject, "Re: Quarterly report");
    let body = c.body.text();
    assert!(body.contains("Kim Cheolsu wrote:"), "{body}");
    assert!(body.contains("> Numbers attached."), "{body}");
    let mut ui = simulator(c.view());
    assert!(ui.find("Re: Quarterly report").is_ok());
    assert!(ui.find("park@x.test").is_ok());
    drop(ui);
    // The keyboard does the same from the main window ("f": forward, inline).
    settle(
        &mut app,
        Message::Key(
            main,
            Shortcut::Reply(ReplyKind::ForwardInline),
            Instant::now(),
        ),
    );
    let forward = app
        .composers
        .values()
        .find(|c| c.subject == "Fwd: Re: Quarterly report")
        .expect("a forward opened");
    assert!(forward.to.is_empty());
    assert!(forward.body.text().contains("Forwarded message"));
}

/// Store `raw` in the account's Inbox; its local id.
fn app_store_message(app: &App, raw: &[u8]) -> i64 {
    let raw = raw.to_vec();
    app_engine(app)
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let f = db.upsert_folder(
                "acc-1",
                "INBOX",
                "Inbox",
                None,
                Some(crate::store::FolderRole::Inbox),
                true,
            )?;
            let body = crate::store::ParsedBody::from_raw(1, vec![], None, raw, 1000);
            db.insert_bodies(f, &[body])?;
            Ok(db.list_messages(None, Some(f), 1)?[0].id)
        })
        .unwrap()
}

fn app_engine(app: &App) -> Arc<Engine> {
    app.engine_for_tests()
}

#[test]
fn suggestions_complete_the_address_being_typed() {
    let (_dir, mut app, main) = app();
    let sent = b"From: Minji Kim <me@work.test>\r\nTo: Alice Park <alice@x.test>\r\n\
        Subject: hi\r\nMessage-ID: <s1@x.test>\r\n\r\nhi\r\n";
    app_engine(&app)
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let f = db.upsert_folder(
                "acc-1",
                "Sent",
                "Sent",
                None,
                Some(crate::store::FolderRole::Sent),
                true,
            )?;
            let body = crate::store::ParsedBody::from_raw(1, vec![], None, sent.to_vec(), 100);
            db.insert_bodies(f, &[body])
        })
        .unwrap();
    settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    let id = *app.composers.keys().next().unwrap();
    settle(
        &mut app,
        Message::Composer(
            id,
            composer::Message::Recipients(Field::To, "bob@x.test, ali".into()),
        ),
    );
    let mut ui = simulator(app.view(id));
    ui.click("Alice Park <alice@x.test>").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    assert_eq!(
        app.composers[&id].to,
        "bob@x.test, Alice Park <alice@x.test>, "
    );
    assert!(app.composers[&id].suggestions.is_none());
}

#[test]
fn the_outbox_lists_a_queued_message_and_deletes_it_when_confirmed() {
    let (_dir, mut app, _main) = app();
    let queued = crate::store::NewOutboxMessage {
        account_id: "acc-1".into(),
        message_id: "q1@work.test".into(),
        envelope_from: "me@work.test".into(),
        recipients: vec!["kim@x.test".into()],
        raw: b"Subject: Budget\r\n\r\nnumbers\r\n".to_vec(),
        subject: "Budget".into(),
        to_display: "Kim <kim@x.test>".into(),
        ..Default::default()
    };
    app_engine(&app)
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let id = db.outbox_add(&queued, 1_000)?;
            db.outbox_record_failure(id, "550 5.1.1 no such user", None)
        })
        .unwrap();
    settle(
        &mut app,
        Message::Folders(super::folder_tree::Message::Outbox),
    );
    assert!(app.tree.outbox_selected);
    let main = app.main.unwrap();
    let mut ui = simulator(app.view(main));
    assert!(ui.find("Outbox (1)").is_ok());
    assert!(ui.find("Budget").is_ok());
    assert!(ui.find("To: Kim <kim@x.test>").is_ok());
    assert!(ui.find("Last error: 550 5.1.1 no such user").is_ok());
    assert!(ui.find("Send now").is_ok());
    ui.click("Delete").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    let mut ui = simulator(app.view(main));
    assert!(ui
        .find("Delete 'Budget' from the outbox? It will not be sent.")
        .is_ok());
    ui.click("Delete").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    assert!(app.outbox.entries.is_empty());
    let mut ui = simulator(app.view(main));
    assert!(ui.find("The outbox is empty: everything was sent.").is_ok());
    assert!(ui.find("Outbox").is_ok());
}

#[test]
fn editing_an_outbox_message_opens_it_in_a_composer() {
    let (_dir, mut app, _main) = app();
    let work = account();
    let draft = crate::mime::Draft {
        from: crate::mime::Mailbox {
            name: Some("Minji Kim".into()),
            email: "me@work.test".into(),
        },
        to: vec!["kim@x.test".into()],
        bcc: vec!["boss@x.test".into()],
        subject: "Budget".into(),
        body: "numbers\n".into(),
        ..Default::default()
    };
    let engine = app_engine(&app);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (row, _) = rt
        .block_on(engine.queue_draft(&work, &draft, Default::default()))
        .unwrap();
    settle(
        &mut app,
        Message::Folders(super::folder_tree::Message::Outbox),
    );
    settle(
        &mut app,
        Message::Outbox(super::outbox_view::Message::Edit(row)),
    );
    let c = app.composers.values().next().expect("a composer opened");
    assert_eq!(
        (c.to.as_str(), c.bcc.as_str()),
        ("kim@x.test", "boss@x.test")
    );
    assert_eq!(c.subject, "Budget");
    assert_eq!(c.replaces.as_ref().map(|r| r.0), Some(row));
    assert_eq!(c.from.as_ref().unwrap().mailbox.email, "me@work.test");
}

#[test]
fn send_queues_the_message_and_closes_only_its_composer() {
    let (_dir, mut app, main) = app();
    settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    let id = *app.composers.keys().next().unwrap();
    for m in [
        composer::Message::Recipients(Field::To, "Kim <kim@x.test>".into()),
        composer::Message::Recipients(Field::Bcc, "boss@x.test".into()),
        composer::Message::Subject("분기 보고서".into()),
        composer::Message::Read(vec![Ok(composer::Attached {
            name: "report.pdf".into(),
            content_type: None,
            bytes: Arc::new(b"%PDF-1.4".to_vec()),
        })]),
    ] {
        settle(&mut app, Message::Composer(id, m));
    }
    // Ctrl+Enter in the composer's window.
    let ran = run(app.update(Message::Key(id, Shortcut::Send, Instant::now())));
    assert!(app.composers[&id].sending, "waiting for the outbox");
    for m in ran.messages {
        settle(&mut app, m);
    }
    assert!(app.composers.is_empty(), "the composer closed once queued");
    let queued = app_engine(&app).outbox(None).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].subject, "분기 보고서");
    assert_eq!(queued[0].recipients, ["kim@x.test", "boss@x.test"]);
    let raw = app_engine(&app)
        .reader()
        .unwrap()
        .outbox_raw(queued[0].id)
        .unwrap();
    let parsed = crate::mime::parse(&raw);
    assert_eq!(parsed.attachments[0].name, "report.pdf");
    assert!(
        !String::from_utf8_lossy(&raw).contains("boss@x.test"),
        "Bcc in no header"
    );
    assert_eq!(app.outbox.entries.len(), 1, "the Outbox shows it");
    assert_eq!(app.tree.outbox_count, 1);
}

#[test]
fn a_message_that_cannot_be_queued_keeps_its_composer_open_with_the_reason() {
    let (_dir, mut app, main) = app();
    // The account loses its outgoing server (as in a config from before sending existed).
    app.tree.snapshot.accounts[0].smtp = None;
    settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    let id = *app.composers.keys().next().unwrap();
    settle(
        &mut app,
        Message::Composer(
            id,
            composer::Message::Recipients(Field::To, "kim@x.test".into()),
        ),
    );
    settle(&mut app, Message::Composer(id, composer::Message::Send));
    let c = &app.composers[&id];
    assert!(!c.sending);
    let error = c.error.clone().unwrap_or_default();
    assert!(error.contains("no outgoing (SMTP) server"), "{error}");
    assert!(simulator(c.view()).find(error.as_str()).is_ok());
    assert!(app_engine(&app).outbox(None).unwrap().is_empty());
}

#[test]
fn snapshot_of_the_composer() {
    let mut c = composer_for(DraftSeed::default());
    for m in [
        composer::Message::Recipients(Field::To, "Kim <kim@x.test>, bob".into()),
        composer::Message::Subject("회의 자료".into()),
        composer::Message::ReadReceipt(true),
        composer::Message::Read(vec![Ok(composer::Attached {
            name: "청구서.pdf".into(),
            content_type: None,
            bytes: Arc::new(vec![0; 3 * 1024 * 1024 / 2]),
        })]),
    ] {
        c.update(m);
    }
    c.body = iced::widget::text_editor::Content::with_text("안녕하세요,\n\n자료 보내드립니다.");
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(720.0, 640.0),
        c.view(),
    );
    assert!(ui.find("Not valid addresses: bob").is_ok());
    assert!(ui.find("1.5 MB").is_ok());
    super::ui_tests::assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), "composer");
}

#[test]
fn the_composer_speaks_korean() {
    use super::strings::{with_lang, Lang};
    with_lang(Lang::Korean, || {
        let c = composer_for(DraftSeed::default());
        let mut ui = simulator(c.view());
        for words in [
            "보내기",
            "첨부…",
            "받는 사람",
            "숨은 참조",
            "제목",
            "읽음 확인 요청",
        ] {
            assert!(ui.find(words).is_ok(), "{words}");
        }
        assert_eq!(c.title(), "새 메일");
    });
}

#[test]
fn a_long_body_goes_into_the_editor_once_the_window_is_shown() {
    let line = "the quarterly report numbers 회의 자료 보고서 일정 확인\n";
    let body = line.repeat(2 * composer::DEFERRED_BODY / line.len());
    let mut c = composer_for(DraftSeed {
        draft: crate::mime::Draft {
            body: body.clone(),
            ..Default::default()
        },
        ..DraftSeed::default()
    });
    assert!(c.body.text().trim().is_empty(), "not laid out yet");
    c.update(composer::Message::Shown);
    assert_eq!(c.body.text(), body);
    assert_eq!(
        c.body.cursor().position.line,
        0,
        "the cursor starts at the top"
    );
    // Sending before the window showed still sends the whole body.
    let mut early = composer_for(DraftSeed {
        draft: crate::mime::Draft {
            body: body.clone(),
            to: vec!["kim@x.test".into()],
            ..Default::default()
        },
        ..DraftSeed::default()
    });
    let composer::Event::Send(out) = early.update(composer::Message::Send) else {
        panic!("sent");
    };
    assert_eq!(out.draft.body, body);
}

#[test]
#[ignore]
fn time_a_one_megabyte_body() {
    let line = "the quarterly report numbers meeting agenda 회의 자료 보고서 일정 확인\n";
    let body = line.repeat(1024 * 1024 / line.len());
    let mut c = composer_for(DraftSeed {
        draft: crate::mime::Draft {
            body,
            ..Default::default()
        },
        ..DraftSeed::default()
    });
    let size = iced::Size::new(720.0, 640.0);
    let t = Instant::now();
    drop(iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        size,
        c.view(),
    ));
    eprintln!("first layout (empty): {:?}", t.elapsed());
    let t = Instant::now();
    c.update(composer::Message::Shown);
    eprintln!("paste: {:?}", t.elapsed());
    let t = Instant::now();
    drop(iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        size,
        c.view(),
    ));
    eprintln!("layout after paste: {:?}", t.elapsed());
    let t = Instant::now();
    drop(iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        size,
        c.view(),
    ));
    eprintln!("layout again: {:?}", t.elapsed());
}
