//! Signatures in the composer: a new message starts with its identity's, a reply carries it
//! above the quote, choosing another identity swaps an untouched block.

use super::{account, app_store_message, settle};
use crate::account::{AccountBook, Identity};
use crate::engine::drafts::DraftSeed;
use crate::engine::Engine;
use crate::mime::reply::ReplyKind;
use crate::ui::app::{App, Message, Shortcut};
use crate::ui::composer::{self, senders, Composer, Field};
use crate::ui::window_state::WindowState;
use iced::widget::text_editor::{Action, Edit};
use std::sync::Arc;
use std::time::Instant;

/// `account()` with two identities, each with its signature.
fn signed() -> crate::account::Account {
    let mut a = account();
    a.identities = vec![
        Identity {
            display_name: "Minji Kim".into(),
            email: "me@work.test".into(),
            signature: "Minji Kim\n제비 메일".into(),
        },
        Identity {
            display_name: "Sales".into(),
            email: "sales@work.test".into(),
            signature: "Sales team".into(),
        },
    ];
    a
}

fn signed_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut book = AccountBook::load(dir.path()).unwrap();
    book.accounts.push(signed());
    book.save().unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    app.main = Some(iced::window::Id::unique());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let snapshot = rt.block_on(crate::ui::store_tasks::load_snapshot(
        app.engine_for_tests(),
    ));
    settle(&mut app, Message::Snapshot(snapshot));
    (dir, app)
}

#[test]
fn a_new_message_starts_with_the_signature_and_switching_identity_swaps_it() {
    let (_dir, mut app) = signed_app();
    let main = app.main.unwrap();
    settle(
        &mut app,
        Message::Key(main, Shortcut::NewMessage, Instant::now()),
    );
    let id = *app.composers.keys().next().unwrap();
    let c = &app.composers[&id];
    assert_eq!(c.from.as_ref().unwrap().mailbox.email, "me@work.test");
    assert_eq!(c.body.text(), "\n\n-- \nMinji Kim\n제비 메일\n");
    assert!(
        !c.has_content(),
        "a signature alone is not something written"
    );
    let sales = c.senders[1].clone();
    let me = c.senders[0].clone();
    settle(
        &mut app,
        Message::Composer(id, composer::Message::From(sales)),
    );
    assert_eq!(app.composers[&id].body.text(), "\n\n-- \nSales team\n");
    // Written above it, the block still swaps; the text stays.
    settle(
        &mut app,
        Message::Composer(
            id,
            composer::Message::Body(Action::Edit(Edit::Paste(Arc::new("Hello".into())))),
        ),
    );
    settle(
        &mut app,
        Message::Composer(id, composer::Message::From(me.clone())),
    );
    assert_eq!(
        app.composers[&id].body.text(),
        "Hello\n\n-- \nMinji Kim\n제비 메일\n"
    );
}

#[test]
fn an_edited_signature_is_left_alone() {
    let list = senders(&[signed()]);
    let mut c = Composer::new(
        DraftSeed {
            account_id: Some("acc-1".into()),
            draft: crate::mime::Draft {
                from: list[0].mailbox.clone(),
                body: "\n\n-- \nMinji Kim (on leave)\n".into(),
                ..Default::default()
            },
            ..Default::default()
        },
        list.clone(),
    );
    c.update(composer::Message::From(list[1].clone()));
    assert_eq!(c.body.text(), "\n\n-- \nMinji Kim (on leave)\n");
    assert!(c.has_content(), "an edited signature is something written");
    // An identity without one: the untouched block goes.
    let mut plain = list[1].clone();
    plain.signature = String::new();
    let mut d = Composer::new(
        crate::engine::drafts::new_message_seed(Some(&signed())),
        list.clone(),
    );
    d.update(composer::Message::Recipients(
        Field::To,
        "kim@x.test".into(),
    ));
    d.update(composer::Message::From(plain));
    assert_eq!(d.body.text(), "\n\n");
}

#[test]
fn a_reply_carries_the_signature_of_the_identity_written_to() {
    let (_dir, mut app) = signed_app();
    let raw = b"From: Kim <kim@x.test>\r\nTo: Sales <sales@work.test>\r\nSubject: Price\r\n\
        Message-ID: <p1@x.test>\r\nDate: Tue, 3 Nov 2026 14:05:00 +0000\r\n\r\nHow much?\r\n";
    let id = app_store_message(&app, raw);
    app.reader.view = Some(crate::ui::store_tasks::ReaderView {
        id,
        ..Default::default()
    });
    settle(
        &mut app,
        Message::Reader(crate::ui::reader::Message::Reply(ReplyKind::Reply)),
    );
    let (window, c) = app.composers.iter().next().expect("a reply opened");
    let window = *window;
    assert_eq!(c.from.as_ref().unwrap().mailbox.email, "sales@work.test");
    let body = c.body.text();
    assert!(
        body.starts_with("\n\n-- \nSales team\n\nOn "),
        "the signature above the quote: {body:?}"
    );
    assert!(body.contains("> How much?"));
    // Answering as the other identity swaps it above the same quote.
    let me = c.senders[0].clone();
    settle(
        &mut app,
        Message::Composer(window, composer::Message::From(me)),
    );
    let body = app.composers[&window].body.text();
    assert!(
        body.starts_with("\n\n-- \nMinji Kim\n제비 메일\n\nOn "),
        "{body:?}"
    );
}

#[test]
fn snapshot_of_a_signed_composer_over_the_size_limit() {
    let list = senders(&[signed()]);
    let mut c = Composer::new(
        crate::engine::drafts::new_message_seed(Some(&signed())),
        list,
    );
    for m in [
        composer::Message::Recipients(Field::To, "Kim <kim@x.test>".into()),
        composer::Message::Subject("현장 사진".into()),
        composer::Message::SizeLimit("acc-1".into(), Some(10 * 1024 * 1024)),
        composer::Message::Read(vec![
            Ok(composer::Attached {
                name: "사진-1.zip".into(),
                content_type: None,
                bytes: Arc::new(vec![0; 6 * 1024 * 1024]),
            }),
            Ok(composer::Attached {
                name: "사진-2.zip".into(),
                content_type: None,
                bytes: Arc::new(vec![0; 3 * 1024 * 1024 + 300 * 1024]),
            }),
        ]),
    ] {
        c.update(m);
    }
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(720.0, 640.0),
        c.view(),
    );
    assert!(ui
        .find("Total 9.3 MB · the server takes up to 10.0 MB")
        .is_ok());
    assert!(ui.find("Sales team").is_err());
    super::super::ui_tests::assert_snapshot(
        ui.snapshot(&iced::Theme::Light).unwrap(),
        "composer-signed-over-size",
    );
}
