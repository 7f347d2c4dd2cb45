//! Reports and read-receipt requests in the reader, through the app (iced's headless simulator,
//! ICED_TEST_BACKEND=tiny-skia): messages are stored in a temporary data directory, opened as a
//! click in the list opens them, and the reader's buttons are pressed.

use crate::account::{Account, AccountBook, Identity, Incoming};
use crate::engine::Engine;
use crate::store::{Db, FolderRole, ParsedBody};
use crate::ui::app::{App, Message};
use crate::ui::message_list;
use crate::ui::reader;
use crate::ui::strings::{with_lang, Lang};
use crate::ui::test_runtime::{run, settle};
use crate::ui::window_state::WindowState;
use iced_test::simulator;
use std::sync::Arc;

const ASKING: &str = "Return-Path: <alice@other.test>\r
From: Alice <alice@other.test>\r
To: me@work.test\r
Subject: Did you get this?\r
Date: Tue, 3 Nov 2026 10:00:00 +0900\r
Message-ID: <ask.1@other.test>\r
Disposition-Notification-To: alice@other.test\r
\r
Tell me when you read it.\r
";

const ORIGINAL: &str = "From: Me <me@work.test>\r
To: bob@other.test\r
Subject: Plans\r
Date: Tue, 3 Nov 2026 14:00:00 +0900\r
Message-ID: <plans.1@work.test>\r
\r
Here are the plans.\r
";

const DELIVERED: &str = "From: MAILER-DAEMON@mail.work.test (Mail Delivery System)\r
To: me@work.test\r
Subject: Successful Mail Delivery Report\r
Date: Tue, 3 Nov 2026 14:05:02 +0900\r
Message-ID: <dsn.1@mail.work.test>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r
\r
--d\r
Content-Type: text/plain\r
\r
Your message was delivered.\r
--d\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mail.work.test\r
\r
Final-Recipient: rfc822; bob@other.test\r
Action: delivered\r
Status: 2.0.0\r
\r
--d\r
Content-Type: text/rfc822-headers\r
\r
From: Me <me@work.test>\r
Subject: Plans\r
Message-ID: <plans.1@work.test>\r
\r
--d--\r
";

const DISPLAYED: &str = "From: Bob <bob@other.test>\r
To: me@work.test\r
Subject: Read: Plans\r
Date: Tue, 3 Nov 2026 15:00:00 +0900\r
Message-ID: <mdn.1@other.test>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=disposition-notification; boundary=\"m\"\r
\r
--m\r
Content-Type: text/plain\r
\r
Your message was displayed.\r
--m\r
Content-Type: message/disposition-notification\r
\r
Reporting-UA: bob-laptop; Thunderbird\r
Final-Recipient: rfc822; bob@other.test\r
Original-Message-ID: <plans.1@work.test>\r
Disposition: manual-action/MDN-sent-manually; displayed\r
\r
--m--\r
";

fn account() -> Account {
    Account {
        id: "acc-1".into(),
        name: "Work".into(),
        email: "me@work.test".into(),
        incoming: Incoming::Imap,
        imap: None,
        pop3: None,
        pop3_policy: Default::default(),
        notify: true,
        smtp: None,
        identities: vec![Identity {
            display_name: "Me".into(),
            email: "me@work.test".into(),
            signature: String::new(),
        }],
        trust: Default::default(),
        allow_plaintext: false,
        file_sent_copy: true,
    }
}

struct Mail {
    _dir: tempfile::TempDir,
    app: App,
    inbox: i64,
}

/// An app over a data directory holding `account()`, its Inbox (`inbox`: raw message and
/// flags, UIDs from 1) listed, and its Sent folder (`sent`).
fn mail(inbox: &[(&str, &[&str])], sent: &[&str]) -> Mail {
    let dir = tempfile::tempdir().unwrap();
    let mut book = AccountBook::load(dir.path()).unwrap();
    book.accounts.push(account());
    book.save().unwrap();
    let mut db = Db::open_in(dir.path()).unwrap();
    let folder = |db: &Db, name: &str, role| {
        db.upsert_folder("acc-1", name, name, Some("/"), Some(role), true)
            .unwrap()
    };
    let inbox_id = folder(&db, "INBOX", FolderRole::Inbox);
    let sent_id = folder(&db, "Sent", FolderRole::Sent);
    let body = |uid: usize, raw: &str, flags: &[&str]| {
        let flags = flags.iter().map(|f| f.to_string()).collect();
        ParsedBody::from_raw(uid as u32 + 1, flags, None, raw.as_bytes().to_vec(), 4096)
    };
    let stored: Vec<ParsedBody> = inbox
        .iter()
        .enumerate()
        .map(|(i, (raw, flags))| body(i, raw, flags))
        .collect();
    db.insert_bodies(inbox_id, &stored).unwrap();
    let stored: Vec<ParsedBody> = sent
        .iter()
        .enumerate()
        .map(|(i, r)| body(i, r, &[]))
        .collect();
    db.insert_bodies(sent_id, &stored).unwrap();
    let rows = db.list_messages(None, Some(inbox_id), 100).unwrap();
    let mut app = App::new(Arc::new(Engine::new(dir.path())), WindowState::default());
    app.list.set_rows(inbox_id, rows);
    Mail {
        _dir: dir,
        app,
        inbox: inbox_id,
    }
}

/// Open the listed message with this subject, as a click in the list does.
fn open(mail: &mut Mail, subject: &str) -> i64 {
    let index = mail
        .app
        .list
        .loaded_rows()
        .position(|r| r.subject == subject)
        .expect("listed");
    assert_eq!(mail.app.list.folder_id, Some(mail.inbox));
    settle(
        &mut mail.app,
        Message::List(message_list::Message::Clicked(index)),
    );
    let view = mail.app.reader.view.as_ref().expect("opened");
    assert_eq!(view.subject, subject);
    view.id
}

/// Click `words` in the reader; the app messages that makes.
fn click(app: &App, words: &str) -> Vec<Message> {
    let mut ui = simulator(app.reader.view());
    ui.click(words).unwrap_or_else(|e| panic!("{words}: {e:?}"));
    ui.into_messages().map(Message::Reader).collect()
}

fn shows(app: &App, words: &str) -> bool {
    simulator(app.reader.view()).find(words).is_ok()
}

const ASKED: &str = "The sender asked to be told you read this (to alice@other.test):";

#[test]
fn a_read_receipt_request_shows_a_bar_that_ignore_hides() {
    let mut mail = mail(&[(ASKING, &[])], &[]);
    let id = open(&mut mail, "Did you get this?");
    assert!(shows(&mail.app, ASKED));
    assert!(shows(&mail.app, "Send receipt"));
    let pressed = click(&mail.app, "Ignore");
    assert!(matches!(
        &pressed[..],
        [Message::Reader(reader::Message::Receipts(
            reader::receipts::Message::Answer { send: false, .. }
        ))]
    ));
    let task = mail.app.update(pressed.into_iter().next().unwrap());
    assert!(!shows(&mail.app, ASKED), "the bar goes at once");
    assert!(!shows(&mail.app, "Send receipt"));
    // The engine records the answer in the index at once (offline too: there is no server in
    // this test, and setting $MDNSent there is left to a later connection): nothing to report.
    let said = run(task);
    assert!(matches!(&said[..], [Message::Notice(None)]), "{said:?}");
    assert!(
        Engine::new(mail._dir.path())
            .receipt_info(id)
            .unwrap()
            .asks_for_receipt
            .is_none(),
        "remembered in the index"
    );
    // Opened again, it does not ask again.
    let again = open(&mut mail, "Did you get this?");
    assert_eq!(again, id);
    assert!(!shows(&mail.app, ASKED));
}

#[test]
fn an_answered_request_is_not_asked_again() {
    // $MDNSent: the engine's record of an answer (sent or ignored), from any client.
    let mut mail = mail(&[(ASKING, &["$MDNSent"])], &[]);
    open(&mut mail, "Did you get this?");
    assert!(shows(&mail.app, "Did you get this?"));
    assert!(!shows(&mail.app, ASKED));
    assert!(!shows(&mail.app, "Send receipt"));
}

#[test]
fn reports_say_what_they_report_and_lead_to_the_original_and_back() {
    let mut mail = mail(&[(DELIVERED, &[]), (DISPLAYED, &[])], &[ORIGINAL]);
    open(&mut mail, "Successful Mail Delivery Report");
    assert!(shows(
        &mail.app,
        "Delivery report: Delivered to bob@other.test"
    ));
    let report = open(&mut mail, "Read: Plans");
    assert!(shows(
        &mail.app,
        "Read receipt: Read (displayed) by bob@other.test"
    ));
    assert!(!shows(&mail.app, ASKED), "a report never asks for one");

    // The original is in Sent, not in this list: it opens in the reader alone.
    for m in click(&mail.app, "Open the original message") {
        settle(&mut mail.app, m);
    }
    let view = mail.app.reader.view.as_ref().expect("the original opened");
    assert_eq!(view.subject, "Plans");
    assert_eq!(mail.app.list.selected, None);
    assert!(shows(&mail.app, "Reports about this message"));
    let line = |summary: &str, date: &str| {
        let local = crate::store::local_time_text(
            chrono::DateTime::parse_from_rfc2822(date)
                .ok()
                .map(|d| d.timestamp()),
        );
        format!("{summary} — {local}")
    };
    let delivered = line(
        "Delivered to bob@other.test",
        "Tue, 3 Nov 2026 14:05:02 +0900",
    );
    let displayed = line(
        "Read (displayed) by bob@other.test",
        "Tue, 3 Nov 2026 15:00:00 +0900",
    );
    assert!(shows(&mail.app, &delivered), "{delivered}");
    assert!(shows(&mail.app, &displayed), "{displayed}");

    // A receipt opens the report, selected in the list where it is.
    for m in click(&mail.app, &displayed) {
        settle(&mut mail.app, m);
    }
    assert_eq!(mail.app.reader.view.as_ref().map(|v| v.id), Some(report));
    let selected = mail.app.list.selected.and_then(|i| mail.app.list.id_at(i));
    assert_eq!(selected, Some(report));
}

#[test]
fn reports_and_requests_speak_korean() {
    with_lang(Lang::Korean, || {
        let mut mail = mail(&[(ASKING, &[]), (DISPLAYED, &[])], &[ORIGINAL]);
        open(&mut mail, "Did you get this?");
        for words in [
            "보낸 사람이 이 메일을 읽었는지 알려 달라고 요청했습니다 (alice@other.test에게):",
            "읽음 확인 보내기",
            "무시",
        ] {
            assert!(shows(&mail.app, words), "{words}");
        }
        open(&mut mail, "Read: Plans");
        for words in [
            "읽음 확인: Read (displayed) by bob@other.test",
            "원본 메일 열기",
        ] {
            assert!(shows(&mail.app, words), "{words}");
        }
    });
}

/// The reader at 640 x 400 (light theme) compared with its committed hash. Dates are left
/// out: they are shown in the local time zone.
fn assert_reader_snapshot(app: &mut App, name: &str) {
    if let Some(v) = app.reader.view.as_mut() {
        v.date = None;
    }
    for r in &mut app.reader.receipts.info.receipts {
        r.date = None;
    }
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(640.0, 400.0),
        app.reader.view(),
    );
    crate::ui::ui_tests::assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), name);
}

#[test]
fn snapshots_of_a_request_and_of_a_message_with_reports() {
    let mut mail = mail(&[(ASKING, &[]), (DISPLAYED, &[])], &[ORIGINAL]);
    open(&mut mail, "Did you get this?");
    assert_reader_snapshot(&mut mail.app, "reader-receipt-request");
    open(&mut mail, "Read: Plans");
    for m in click(&mail.app, "Open the original message") {
        settle(&mut mail.app, m);
    }
    assert_reader_snapshot(&mut mail.app, "reader-reports");
}
