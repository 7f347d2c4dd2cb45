//! Drafts in the window: saved here after a change, filed through the account's worker when
//! a composer closes unsent, nothing left by an empty one, recovered after a crash, opened again
//! from a Drafts folder.

use super::{account, app, app_engine, run, settle};
use crate::engine::drafts::DraftSeed;
use crate::engine::Engine;
use crate::engine::{Control, Update};
use crate::store::FolderRole;
use crate::ui::app::{App, DraftMessage, Message, Shortcut, WorkerEvent};
use crate::ui::composer::{self, Field};
use iced::window;
use iced_test::simulator;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// The account's worker as the window sees it: the commands the app sends it arrive here.
fn worker(app: &mut App) -> UnboundedReceiver<Control> {
    let (tx, rx) = unbounded_channel();
    settle(app, Message::Worker("acc-1".into(), WorkerEvent::Ready(tx)));
    rx
}

fn new_composer(app: &mut App) -> window::Id {
    let main = app.main.unwrap();
    settle(
        app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    *app.composers.keys().next().expect("a composer opened")
}

fn type_body(words: &str) -> composer::Message {
    use iced::widget::text_editor::{Action, Edit};
    composer::Message::Body(Action::Edit(Edit::Paste(Arc::new(words.to_string()))))
}

fn filed(rx: &mut UnboundedReceiver<Control>) -> Vec<(String, DraftSeed)> {
    let mut out = Vec::new();
    while let Ok(c) = rx.try_recv() {
        if let Control::FileDraft { key, seed } = c {
            out.push((key, *seed));
        }
    }
    out
}

#[test]
fn a_composer_with_text_is_saved_here_a_moment_after_a_change() {
    let (_dir, mut app, _main) = app();
    app.draft_delay = std::time::Duration::from_millis(50);
    let id = new_composer(&mut app);
    let engine = app_engine(&app);
    assert!(engine.local_drafts().is_empty(), "nothing written yet");

    // The change starts the timer; nothing is written before it runs out.
    let ran = run(app.update(Message::Composer(id, type_body("반쯤 쓴 메일"))));
    assert!(engine.local_drafts().is_empty(), "not saved at once");
    // More typing meanwhile starts no second timer.
    let more = run(app.update(Message::Composer(
        id,
        composer::Message::Subject("회의".into()),
    )));
    assert!(more.messages.is_empty(), "one timer at a time");
    for m in ran.messages {
        settle(&mut app, m);
    }
    let saved = engine.local_drafts();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].key, app.composers[&id].key);
    assert_eq!(saved[0].seed.draft.body, "반쯤 쓴 메일");
    assert_eq!(saved[0].seed.draft.subject, "회의", "the latest contents");
    assert_eq!(saved[0].seed.account_id.as_deref(), Some("acc-1"));

    // Nothing changed since: the timer does not write again.
    let before = std::fs::metadata(engine.data_dir().join("drafts"))
        .unwrap()
        .modified()
        .unwrap();
    settle(&mut app, Message::Drafts(DraftMessage::Tick(id)));
    assert_eq!(engine.local_drafts().len(), 1);
    let after = std::fs::metadata(engine.data_dir().join("drafts"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn closing_a_composer_unsent_files_it_through_its_accounts_worker() {
    let (_dir, mut app, _main) = app();
    let mut rx = worker(&mut app);
    let id = new_composer(&mut app);
    for m in [
        composer::Message::Recipients(Field::To, "Kim <kim@x.test>, half typed".into()),
        composer::Message::Recipients(Field::Bcc, "boss@x.test".into()),
        composer::Message::Subject("분기 보고서".into()),
        type_body("draft text"),
        composer::Message::Read(vec![Ok(composer::Attached {
            name: "report.pdf".into(),
            content_type: None,
            bytes: Arc::new(b"%PDF-1.4".to_vec()),
        })]),
    ] {
        settle(&mut app, Message::Composer(id, m));
    }
    let key = app.composers[&id].key.clone();
    // The window's close button.
    settle(&mut app, Message::CloseRequested(id));
    settle(&mut app, Message::Closed(id));
    assert!(app.composers.is_empty());
    let filed = filed(&mut rx);
    assert_eq!(filed.len(), 1, "one FileDraft to the account's worker");
    let (filed_key, seed) = &filed[0];
    assert_eq!(filed_key, &key);
    assert_eq!(seed.account_id.as_deref(), Some("acc-1"));
    assert_eq!(seed.draft.from.email, "me@work.test");
    assert_eq!(seed.draft.to, ["Kim <kim@x.test>", "half typed"]);
    assert_eq!(seed.draft.bcc, ["boss@x.test"]);
    assert_eq!(seed.draft.subject, "분기 보고서");
    assert_eq!(seed.draft.body, "draft text");
    assert_eq!(seed.draft.attachments[0].bytes, b"%PDF-1.4");
    // Until the worker has filed it, it is kept here too (offline, it stays here).
    let here = app_engine(&app).local_drafts();
    assert_eq!(here.len(), 1);
    assert_eq!(here[0].key, key);
    settle(
        &mut app,
        Message::Worker(
            "acc-1".into(),
            WorkerEvent::Update(Update::DraftFiled { key }),
        ),
    );
    let main = app.main.unwrap();
    assert!(simulator(app.view(main))
        .find("Work: connecting…   ·   draft saved in Drafts")
        .is_ok());
    // Offline: it stays here, and the status bar says why, whatever the account's line says next.
    settle(
        &mut app,
        Message::Worker(
            "acc-1".into(),
            WorkerEvent::Update(Update::DraftNotFiled {
                key: "k".into(),
                message: "account 'Work': cannot connect".into(),
            }),
        ),
    );
    settle(
        &mut app,
        Message::Worker(
            "acc-1".into(),
            WorkerEvent::Update(Update::Failed {
                message: "cannot connect".into(),
                retry_in: None,
            }),
        ),
    );
    let words =
        "Work: error: cannot connect   ·   draft kept on this computer (not in Drafts yet): \
        account 'Work': cannot connect";
    assert!(simulator(app.view(main)).find(words).is_ok(), "{words}");
}

#[test]
fn an_empty_or_untouched_composer_leaves_nothing_behind() {
    let (_dir, mut app, main) = app();
    let mut rx = worker(&mut app);
    let engine = app_engine(&app);
    // Typed, saved, then erased: the save goes at the next tick.
    let id = new_composer(&mut app);
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Subject("x".into())),
    );
    assert_eq!(engine.local_drafts().len(), 1);
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Subject(String::new())),
    );
    assert!(engine.local_drafts().is_empty());
    settle(&mut app, Message::Closed(id));
    assert!(filed(&mut rx).is_empty(), "nothing to file");
    assert!(engine.local_drafts().is_empty());

    // A reply opened and closed without a change keeps nothing either.
    let raw = b"From: Kim <kim@x.test>\r\nTo: me@work.test\r\nSubject: Lunch\r\n\
        Message-ID: <l1@x.test>\r\n\r\nNoon?\r\n";
    let message = super::app_store_message(&app, raw);
    app.reader.view = Some(crate::ui::store_tasks::ReaderView {
        id: message,
        ..Default::default()
    });
    settle(
        &mut app,
        Message::Key(
            main,
            Shortcut::Reply(crate::mime::reply::ReplyKind::Reply),
            Instant::now(),
        ),
    );
    let (reply, c) = app.composers.iter().next().expect("a reply opened");
    assert_eq!(c.subject, "Re: Lunch");
    let reply = *reply;
    settle(&mut app, Message::Closed(reply));
    assert!(filed(&mut rx).is_empty());
    assert!(engine.local_drafts().is_empty());
}

#[test]
fn sending_forgets_the_local_save() {
    let (_dir, mut app, _main) = app();
    let id = new_composer(&mut app);
    for m in [
        composer::Message::Recipients(Field::To, "kim@x.test".into()),
        composer::Message::Subject("Lunch".into()),
    ] {
        settle(&mut app, Message::Composer(id, m));
    }
    let engine = app_engine(&app);
    assert_eq!(engine.local_drafts().len(), 1);
    settle(&mut app, Message::Composer(id, composer::Message::Send));
    assert!(app.composers.is_empty(), "queued and closed");
    assert_eq!(engine.outbox(None).unwrap().len(), 1);
    assert!(engine.local_drafts().is_empty(), "the local save went");
}

#[test]
fn drafts_a_crashed_run_left_are_offered_and_open_in_composers() {
    let (_dir, mut app, main) = app();
    let mut rx = worker(&mut app);
    let engine = app_engine(&app);
    let seed = DraftSeed {
        account_id: Some("acc-1".into()),
        draft: crate::mime::Draft {
            to: vec!["kim@x.test".into()],
            subject: "끝나지 않은 메일".into(),
            body: "before the crash".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    engine
        .save_local_draft("composer-1700000000000-4242-1", &seed)
        .unwrap();
    // As at start-up (a draft of this run would not be offered).
    engine
        .save_local_draft(&app.composers.len().to_string(), &seed)
        .unwrap();
    let own = crate::ui::composer::Composer::new(DraftSeed::default(), vec![]).key;
    engine.save_local_draft(&own, &seed).unwrap();
    for m in run(crate::ui::app::recover(engine.clone())).messages {
        settle(&mut app, m);
    }
    assert_eq!(app.recovered.len(), 2, "not this run's own");
    engine.forget_local_draft("0");
    app.recovered.retain(|d| d.key != "0");
    let mut ui = simulator(app.view(main));
    assert!(ui.find("1 unsent draft recovered").is_ok());
    ui.click("Open them").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    assert!(app.recovered.is_empty(), "offered once");
    let (id, c) = app.composers.iter().next().expect("the draft reopened");
    assert_eq!(c.subject, "끝나지 않은 메일");
    assert_eq!(c.body.text(), "before the crash");
    assert_eq!(
        c.key, "composer-1700000000000-4242-1",
        "the same local save"
    );
    assert!(simulator(app.view(main))
        .find("1 unsent draft recovered")
        .is_err());
    // Closed unchanged, it is filed all the same: it never reached Drafts.
    let id = *id;
    settle(&mut app, Message::Closed(id));
    let filed = filed(&mut rx);
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].0, "composer-1700000000000-4242-1");
    assert_eq!(filed[0].1.draft.subject, "끝나지 않은 메일");
}

#[test]
fn edit_draft_opens_a_stored_draft_in_a_composer_and_sending_replaces_it() {
    let (_dir, mut app, main) = app();
    let engine = app_engine(&app);
    let raw = b"From: Minji Kim <me@work.test>\r\nTo: Kim <kim@x.test>\r\nBcc: boss@x.test\r\n\
        Subject: =?UTF-8?B?7LSI7JWI?=\r\nMessage-ID: <d1@work.test>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\r\nhalf written\r\n--b\r\n\
        Content-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\
        Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n";
    let (folder, id) = engine
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let f = db.upsert_folder(
                "acc-1",
                "Drafts",
                "Drafts",
                None,
                Some(FolderRole::Drafts),
                true,
            )?;
            let body = crate::store::ParsedBody::from_raw(7, vec![], None, raw.to_vec(), 1000);
            db.insert_bodies(f, &[body])?;
            Ok((f, db.list_messages(None, Some(f), 1)?[0].id))
        })
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(crate::ui::store_tasks::load_snapshot(engine.clone()));
    settle(&mut app, Message::Snapshot(snapshot));
    settle(
        &mut app,
        Message::Folders(crate::ui::folder_tree::Message::Select(folder)),
    );
    assert_eq!(app.list.len(), 1);
    settle(
        &mut app,
        Message::List(crate::ui::message_list::Message::Clicked(0)),
    );
    assert!(app.reader.draft, "a message of a Drafts folder");
    let mut ui = simulator(app.view(main));
    ui.click("Edit draft").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        settle(&mut app, m);
    }
    let (window, c) = app.composers.iter().next().expect("a composer opened");
    let window = *window;
    assert_eq!(c.to, "Kim <kim@x.test>");
    assert_eq!(c.bcc, "boss@x.test");
    assert_eq!(c.subject, "초안");
    assert_eq!(c.body.text().trim_end(), "half written");
    assert_eq!(c.attachments.len(), 1);
    assert_eq!(c.attachments[0].bytes.as_slice(), b"%PDF-1.4");
    assert_eq!(c.from.as_ref().unwrap().mailbox.email, "me@work.test");
    // Enter on the selected draft opens it too.
    settle(&mut app, Message::Key(main, Shortcut::Open, Instant::now()));
    assert_eq!(app.composers.len(), 2);
    // Sent, the message says which draft it leaves behind to remove.
    settle(&mut app, Message::Composer(window, composer::Message::Send));
    let queued = engine.outbox(None).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].replaces_draft, Some(id));
    // A message of another folder has no such button.
    app.reader.draft = false;
    assert!(simulator(app.view(main)).find("Edit draft").is_err());
}

#[test]
fn the_composer_warns_when_attachments_are_over_the_servers_size() {
    let (dir, mut app, _main) = app();
    Engine::new(dir.path()).remember_smtp_size_limit(&account(), 10 * 1024 * 1024);
    let id = new_composer(&mut app);
    assert_eq!(app.composers[&id].size_limit, Some(10 * 1024 * 1024));
    let file = |mb: f64| composer::Attached {
        name: "사진.zip".into(),
        content_type: None,
        bytes: Arc::new(vec![0; (mb * 1024.0 * 1024.0) as usize]),
    };
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Read(vec![Ok(file(7.0))])),
    );
    let mut ui = simulator(app.view(id));
    assert!(ui
        .find("Total 7.0 MB · the server takes up to 10.0 MB")
        .is_ok());
    drop(ui);
    assert!(app.composers[&id].over_size_limit().is_none());
    // 9.2 MB of files is over 12 MB in base64.
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Read(vec![Ok(file(2.2))])),
    );
    let words = "These attachments (12.6 MB as sent) are over the 10.0 MB the server takes; \
        it will refuse the message.";
    assert!(simulator(app.view(id)).find(words).is_ok(), "{words}");
    crate::ui::strings::with_lang(crate::ui::strings::Lang::Korean, || {
        let mut ui = simulator(app.view(id));
        assert!(ui
            .find("합계 9.2 MB · 서버가 받는 최대 크기 10.0 MB")
            .is_ok());
        assert!(ui
            .find("이 첨부 파일로 보낼 메일이 12.6 MB가 되어 서버가 받는 10.0 MB를 넘습니다. 서버가 이 메일을 거부합니다.")
            .is_ok());
    });
    // Removing one brings it under again; unknown limit: no warning, the total alone.
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Remove(1)),
    );
    assert!(app.composers[&id].over_size_limit().is_none());
    settle(
        &mut app,
        Message::Composer(id, composer::Message::SizeLimit("acc-1".into(), None)),
    );
    settle(
        &mut app,
        Message::Composer(id, composer::Message::Read(vec![Ok(file(20.0))])),
    );
    assert!(app.composers[&id].over_size_limit().is_none());
    assert!(simulator(app.view(id)).find("Total 27.0 MB").is_ok());
}
