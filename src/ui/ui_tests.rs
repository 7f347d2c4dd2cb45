//! Component tests with iced's headless simulator (ICED_TEST_BACKEND=tiny-skia).

use super::account_setup::{self, AccountSetup};
use super::message_list::{self, MessageList};
use super::reader::Reader;
use super::store_tasks::ReaderView;
use crate::store::MessageSummary;
use iced_test::simulator;

fn rows(n: usize) -> Vec<MessageSummary> {
    (0..n)
        .map(|i| MessageSummary {
            id: 1000 + i as i64,
            account_id: "acc".into(),
            folder: "Inbox".into(),
            uid: i as u32 + 1,
            date: Some(1_790_000_000 - i as i64 * 60),
            from_name: Some(format!("Sender {i}")),
            from_email: Some(format!("s{i}@example.test")),
            subject: format!("Subject {i}"),
            seen: i % 2 == 0,
            flagged: false,
            has_attachments: i == 3,
            has_body: true,
            size: 100,
            snippet: format!("Preview of message {i}"),
        })
        .collect()
}

/// Rows one day apart from 2020-01-01 back: each shows its own date ("2019-12-29" for row 3),
/// which the simulator can find (sender and subject are one rich text, which it cannot).
fn dated_rows(n: usize) -> Vec<MessageSummary> {
    let mut rows = rows(n);
    for (i, m) in rows.iter_mut().enumerate() {
        m.date = Some(1_577_880_000 - i as i64 * 86_400);
    }
    rows
}

#[test]
fn clicking_a_row_opens_that_message() {
    let mut list = MessageList::default();
    list.set_rows(7, dated_rows(50));
    let mut ui = simulator(list.view());
    ui.click("2019-12-29").expect("row 3 is on screen");
    let messages: Vec<_> = ui.into_messages().collect();
    let mut opened = None;
    for m in messages {
        if let (_, message_list::Event::Open(id)) = list.update(m) {
            opened = Some(id);
        }
    }
    assert_eq!(opened, Some(1003));
    assert_eq!(list.selected, Some(3));
}

#[test]
fn a_huge_folder_lays_out_only_visible_rows() {
    let mut list = MessageList::default();
    list.set_rows(7, dated_rows(100_000));
    let mut ui = simulator(list.view());
    assert!(ui.find("2020-01-01").is_ok(), "the first row is built");
    assert!(
        ui.find("1746-03-19").is_err() && ui.find("2019-11-01").is_err(),
        "far rows must not be built"
    );
}

#[test]
fn keyboard_moves_the_selection() {
    let mut list = MessageList::default();
    list.set_rows(7, rows(5));
    let (_, e) = list.update(message_list::Message::Next);
    assert!(matches!(e, message_list::Event::Open(1000)));
    let (_, e) = list.update(message_list::Message::Next);
    assert!(matches!(e, message_list::Event::Open(1001)));
    let (_, e) = list.update(message_list::Message::Previous);
    assert!(matches!(e, message_list::Event::Open(1000)));
    let (_, e) = list.update(message_list::Message::Previous);
    assert!(matches!(e, message_list::Event::None));
}

#[test]
fn reader_shows_headers_body_and_attachments() {
    let reader = Reader {
        view: Some(ReaderView {
            subject: "회의 일정".into(),
            from: "김철수 <kim@example.test>".into(),
            to: "alice@example.test".into(),
            body: "다음 주 회의 일정입니다.".into(),
            body_downloaded: true,
            attachments: vec![("청구서.pdf".into(), "application/pdf".into(), 2048)],
            ..ReaderView::default()
        }),
        ..Reader::default()
    };
    let mut ui = simulator(reader.view());
    assert!(ui.find("회의 일정").is_ok());
    assert!(ui.find("김철수 <kim@example.test>").is_ok());
    assert!(ui.find("다음 주 회의 일정입니다.").is_ok());
    assert!(ui
        .find("Attachment: 청구서.pdf  (application/pdf, 2 KB)")
        .is_ok());
}

#[test]
fn enter_in_any_field_of_the_account_form_submits_it() {
    for field in ["setup-name", "setup-email", "setup-server", "setup-smtp"] {
        let setup = AccountSetup::new(true);
        let mut ui = simulator(setup.view());
        ui.click(iced_test::selector::id(field)).unwrap();
        let _ = ui.typewrite("x");
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
        let messages: Vec<_> = ui.into_messages().collect();
        assert!(
            messages
                .iter()
                .any(|m| matches!(m, account_setup::Message::Submit)),
            "{field}: {messages:?}"
        );
    }
}

#[test]
fn account_form_says_what_is_missing() {
    let mut setup = AccountSetup::new(true);
    let mut ui = simulator(setup.view());
    ui.click(iced_test::selector::id("setup-name")).unwrap();
    let _ = ui.typewrite("Work");
    ui.click(iced_test::selector::id("setup-email")).unwrap();
    let _ = ui.typewrite("me@example.com");
    ui.click("Add account").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = setup.update(m);
    }
    assert_eq!(setup.form.name, "Work");
    assert_eq!(setup.form.email, "me@example.com");
    // Every problem at once, each under its field, in words.
    let fields: Vec<_> = setup.problems.iter().map(|p| p.field).collect();
    use crate::engine::form_check::FormField;
    assert_eq!(fields, [FormField::Server, FormField::Password]);
    {
        let mut ui = simulator(setup.view());
        for words in [
            "Enter the incoming mail server, like imap.example.com.",
            "Enter your password.",
            "Please fix what is marked in red above.",
        ] {
            assert!(ui.find(words).is_ok(), "{words}");
        }
    }
    // Fixing a field takes its problem away at once; the other stays until it is fixed.
    setup.update(account_setup::Message::Server("imap.example.com".into()));
    let fields: Vec<_> = setup.problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [FormField::Password]);

    // "bob at example" is something entered, just not an address.
    setup.update(account_setup::Message::Email("bob at example".into()));
    setup.update(account_setup::Message::Submit);
    let email = setup.problems.iter().find(|p| p.field == FormField::Email);
    assert_eq!(
        email.map(|p| p.text.as_str()),
        Some("\u{201c}bob at example\u{201d} is not an email address; it looks like you@example.com.")
    );
    setup.update(account_setup::Message::Email("me@example.com".into()));

    setup.update(account_setup::Message::Server(
        "imap.example.com:993".into(),
    ));
    setup.update(account_setup::Message::Password("secret".into()));
    assert!(matches!(
        setup.update(account_setup::Message::Submit),
        account_setup::Event::Submit(_, _)
    ));
    assert!(setup.busy);
}

#[test]
fn reader_limits_huge_bodies() {
    let mut reader = Reader {
        view: Some(ReaderView {
            subject: "Big".into(),
            body: "word ".repeat(60_000),
            body_downloaded: true,
            ..ReaderView::default()
        }),
        ..Reader::default()
    };
    // The first 40,000 characters, then more on request, up to the reader's limit.
    for _ in 0..3 {
        let mut ui = simulator(reader.view());
        assert!(ui
            .find("(The rest of this message, 37856 more characters, is not shown.)")
            .is_err());
        // (The button is below the fold: press it by its message.)
        assert!(ui.find("Show more of this message").is_ok());
        drop(ui);
        reader.update(super::reader::Message::ShowMore);
    }
    let mut ui = simulator(reader.view());
    assert!(ui
        .find("(The rest of this message, 37856 more characters, is not shown.)")
        .is_ok());
    assert!(ui.find("Show more of this message").is_err());
}

pub(super) fn html_reader(html: &str) -> Reader {
    let document = crate::mime::html_doc::to_document(html, super::reader::SHOWN_TEXT_LIMIT);
    let mut reader = Reader::default();
    reader.show(ReaderView {
        id: 42,
        subject: "News".into(),
        remote_refs: crate::mime::html::remote_references(html),
        document: Some(document),
        has_text: true,
        body: "plain alternative".into(),
        body_downloaded: true,
        ..ReaderView::default()
    });
    reader
}

#[test]
fn html_is_drawn_formatted_and_links_name_their_target() {
    let mut reader = html_reader(
        "<h1>Weekly news</h1><ul><li>first point</li></ul>\
         <p>Read <a href=\"https://evil.example/login\">your bank</a> now.</p>\
         <script>alert(1)</script>",
    );
    let mut ui = simulator(reader.view());
    assert!(ui.find("Weekly news").is_ok());
    assert!(ui.find("first point").is_ok());
    assert!(ui.find("•").is_ok());
    assert!(ui.find("alert(1)").is_err());
    assert!(ui.find("Plain text").is_ok());
    ui.click("Plain text").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        assert!(reader.update(m).is_none());
    }
    let mut ui = simulator(reader.view());
    assert!(ui.find("plain alternative").is_ok());
    assert!(ui.find("Weekly news").is_err());
}

#[test]
fn remote_pictures_load_only_when_asked() {
    let mut reader = html_reader(
        "<p>Hello</p><img src=\"http://127.0.0.1:9/logo.png\" alt=\"Logo\">\
         <img src=\"http://127.0.0.1:9/gone.png\" alt=\"Gone\">\
         <div style=\"background:url(http://127.0.0.1:9/bg.png)\">x</div>",
    );
    let mut ui = simulator(reader.view());
    assert!(ui
        .find("3 remote images or styles were not loaded, to protect your privacy.")
        .is_ok());
    assert!(ui.find("[Logo]").is_ok());
    ui.click("Show remote content").unwrap();
    let events: Vec<_> = ui
        .into_messages()
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|m| reader.update(m))
        .collect();
    let [super::reader::Event::ShowRemote { id: 42, urls }] = &events[..] else {
        panic!("pressing the button asks for the pictures");
    };
    assert_eq!(
        urls,
        &["http://127.0.0.1:9/logo.png", "http://127.0.0.1:9/gone.png"]
    );
    assert!(simulator(reader.view())
        .find("Loading remote pictures…")
        .is_ok());
    let picture = crate::remote_content::Picture {
        width: 2,
        height: 1,
        rgba: vec![255; 8],
    };
    let fetched = vec![
        (urls[0].clone(), Ok(picture)),
        (urls[1].clone(), Err("404 Not Found".to_string())),
    ];
    reader.update(super::reader::Message::RemoteLoaded(
        42,
        std::sync::Arc::new(fetched),
    ));
    let mut ui = simulator(reader.view());
    assert!(ui
        .find("Remote pictures of this message are shown.")
        .is_ok());
    assert!(ui.find("[picture Gone not shown: 404 Not Found]").is_ok());
    assert!(
        ui.find("[Logo]").is_err(),
        "the picture replaces its alt text"
    );
}

#[test]
fn a_refused_certificate_can_be_trusted_from_the_form() {
    let mut setup = AccountSetup::new(true);
    for m in [
        account_setup::Message::Name("Home".into()),
        account_setup::Message::Email("me@home.test".into()),
        account_setup::Message::Server("mail.home.test:993".into()),
        account_setup::Message::Password("pw".into()),
    ] {
        setup.update(m);
    }
    setup.untrusted = Some("ab".repeat(32));
    setup.busy = false;
    let mut ui = simulator(setup.view());
    ui.click("Trust this certificate").unwrap();
    let mut submitted = None;
    for m in ui.into_messages().collect::<Vec<_>>() {
        if let account_setup::Event::Submit(form, _) = setup.update(m) {
            submitted = Some(form);
        }
    }
    let form = submitted.expect("trusting resubmits the form");
    assert_eq!(form.pinned_sha256, vec!["ab".repeat(32)]);
    // The label says what is trusted now.
    setup.busy = false;
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("Server certificate: trusting the one you accepted")
        .is_ok());
}

#[test]
fn removing_an_account_asks_first() {
    use super::folder_tree::{self, FolderTree};
    let mut tree = FolderTree::default();
    tree.snapshot.accounts = vec![crate::account::Account {
        id: "acc-1".into(),
        name: "Work".into(),
        email: "me@work.test".into(),
        incoming: crate::account::Incoming::Imap,
        imap: None,
        pop3: None,
        pop3_policy: Default::default(),
        notify: true,
        smtp: None,
        identities: vec![],
        trust: Default::default(),
        allow_plaintext: false,
        file_sent_copy: true,
    }];
    tree.snapshot.folders = vec![("acc-1".into(), vec![])];
    let status = std::collections::HashMap::new();
    assert!(matches!(
        tree.update(folder_tree::Message::AskRemove("Work".into())),
        folder_tree::Event::None
    ));
    let mut ui = simulator(tree.view(&status));
    assert!(ui
        .find("Remove 'Work' and its local mail? The password is deleted from the keyring; mail on the server stays.")
        .is_ok());
    drop(ui);
    assert!(matches!(
        tree.update(folder_tree::Message::ConfirmRemove("Work".into(), false)),
        folder_tree::Event::RemoveAccount(n, false) if n == "Work"
    ));
    assert!(tree.confirm_remove.is_none());
}

#[test]
fn editing_an_account_tests_the_connection_without_a_new_password() {
    let account = crate::account::Account {
        id: "acc-1".into(),
        name: "Work".into(),
        email: "me@work.test".into(),
        incoming: crate::account::Incoming::Imap,
        imap: Some(crate::account::ServerConfig {
            host: "imap.work.test".into(),
            port: 993,
            security: crate::account::Security::Tls,
            login: "me".into(),
        }),
        pop3: None,
        pop3_policy: Default::default(),
        notify: true,
        smtp: None,
        identities: vec![],
        trust: Default::default(),
        allow_plaintext: false,
        file_sent_copy: true,
    };
    let mut setup = AccountSetup::edit(&account);
    let mut ui = simulator(setup.view());
    assert!(ui.find("Edit account 'Work'").is_ok());
    assert!(ui.find("Save changes").is_ok());
    ui.click("Test connection").unwrap();
    let mut tested = None;
    for m in ui.into_messages().collect::<Vec<_>>() {
        if let account_setup::Event::Test(form, password) = setup.update(m) {
            tested = Some((form, password));
        }
    }
    let (form, password) = tested.expect("the stored password is enough to test");
    assert_eq!(form.imap, "imap.work.test:993");
    assert_eq!(form.login, "me");
    assert_eq!(password, "");
    assert!(setup.busy);
    setup.finished(Ok(
        "Connection works: logged in to imap.work.test:993 as me.".into(),
    ));
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("Connection works: logged in to imap.work.test:993 as me.")
        .is_ok());
}

/// Compares what the simulator draws with the hash committed under `tests/snapshots/`. A
/// missing hash fails (iced_test would otherwise write it silently); `JEBI_UPDATE_SNAPSHOTS=1`
/// writes new ones after a deliberate change. A mismatch leaves the picture in
/// `target/snapshot-failures/` to look at. The hashes are tiny-skia's: a picture drawn by
/// wgpu (its pixels depend on the GPU's driver) fails with what to set.
pub(super) fn assert_snapshot(snapshot: iced_test::simulator::Snapshot, name: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root
        .join("tests/snapshots")
        .join(format!("{name}-tiny-skia.sha256"));
    // iced_test names the hash file after the renderer that drew: let it write one where
    // nothing is, and read back which one it was and the hash.
    let scratch = tempfile::tempdir().unwrap();
    assert!(snapshot.matches_hash(scratch.path().join(name)).unwrap());
    let drawn = scratch.path().join(format!("{name}-tiny-skia.sha256"));
    assert!(
        drawn.exists(),
        "{name} was drawn by another renderer than tiny-skia (wgpu on a GPU?): run the tests \
         with ICED_TEST_BACKEND=tiny-skia, as ./scripts/test-all.sh does"
    );
    let hash = std::fs::read_to_string(&drawn).unwrap();
    if std::env::var_os("JEBI_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&file, &hash).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run the test with JEBI_UPDATE_SNAPSHOTS=1 and commit it",
            file.display()
        )
    });
    if committed != hash {
        let picture = root.join("target/snapshot-failures").join(name);
        let _ = std::fs::remove_file(picture.with_file_name(format!("{name}-tiny-skia.png")));
        let _ = snapshot.matches_image(&picture);
        panic!(
            "{name} is drawn differently from its committed hash; see {}-tiny-skia.png",
            picture.display()
        );
    }
}

#[test]
fn snapshot_of_a_formatted_html_message() {
    let reader = html_reader(
        "<h1>Weekly news</h1><p>Hello <b>Alice</b>, <i>this</i> is <code>code</code>.</p>\
         <ul><li>first</li><li>second<ol><li>nested</li></ol></li></ul>\
         <blockquote>quoted</blockquote><pre>fn main() {}</pre><hr>\
         <p><a href=\"https://evil.example/\">your bank</a></p>\
         <img src=\"https://img.example/logo.png\" alt=\"Logo\">",
    );
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(640.0, 560.0),
        reader.view(),
    );
    assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), "reader-html");
}

#[test]
fn snapshot_of_the_account_form() {
    // Pressed with a bad address, a server without its port and no password: every problem
    // under its field; wide enough for the two sections side by side.
    let form_with_errors = || {
        let mut setup = AccountSetup::new(true);
        setup.update(account_setup::Message::Email("bob at example".into()));
        setup.update(account_setup::Message::Server("imap.work.test".into()));
        setup.update(account_setup::Message::Submit);
        assert_eq!(setup.problems.len(), 2);
        setup
    };
    let setup = form_with_errors();
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(1000.0, 640.0),
        setup.view(),
    );
    assert_snapshot(ui.snapshot(&iced::Theme::Dark).unwrap(), "account-form");
    crate::ui::strings::with_lang(crate::ui::strings::Lang::Korean, || {
        let setup = form_with_errors();
        let mut ui = iced_test::simulator::Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(1000.0, 640.0),
            setup.view(),
        );
        assert!(
            ui.find("이메일 주소가 아닙니다").is_err(),
            "a whole sentence, not part"
        );
        assert_snapshot(
            ui.snapshot(&iced::Theme::Light).unwrap(),
            "account-form-korean",
        );
    });
}

#[test]
fn the_window_speaks_korean_in_a_korean_locale() {
    use super::strings::{with_lang, Lang};
    with_lang(Lang::Korean, || {
        let reader = Reader {
            view: Some(ReaderView {
                subject: "회의 일정".into(),
                from: "김철수 <kim@example.test>".into(),
                body: "다음 주 회의는 화요일입니다.".into(),
                body_downloaded: true,
                attachments: vec![("청구서.pdf".into(), "application/pdf".into(), 2048)],
                ..ReaderView::default()
            }),
            ..Reader::default()
        };
        let mut ui = iced_test::simulator::Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(560.0, 300.0),
            reader.view(),
        );
        for words in [
            "보낸 사람",
            "날짜",
            "☆ 별표",
            "열기",
            "저장…",
            "다음 주 회의는 화요일입니다.",
        ] {
            assert!(ui.find(words).is_ok(), "{words}");
        }
        assert!(ui
            .find("첨부 파일: 청구서.pdf  (application/pdf, 2 KB)")
            .is_ok());
        assert!(ui.find("From").is_err());
        assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), "reader-korean");

        let setup = AccountSetup::new(false);
        let mut ui = simulator(setup.view());
        for words in ["메일 계정 추가", "비밀번호", "연결 테스트", "계정 추가"] {
            assert!(ui.find(words).is_ok(), "{words}");
        }
    });
}

#[test]
fn korean_typed_through_an_input_method_reaches_the_form() {
    use iced_test::core::input_method;
    let mut setup = AccountSetup::new(true);
    let mut ui = simulator(setup.view());
    ui.click(iced_test::selector::id("setup-name")).unwrap();
    ui.simulate([
        iced::Event::InputMethod(input_method::Event::Opened),
        iced::Event::InputMethod(input_method::Event::Preedit("하".into(), Some(0..3))),
        iced::Event::InputMethod(input_method::Event::Commit("한글".into())),
        iced::Event::InputMethod(input_method::Event::Closed),
    ]);
    for m in ui.into_messages().collect::<Vec<_>>() {
        setup.update(m);
    }
    assert_eq!(setup.form.name, "한글");
}

fn detail(raw: Vec<u8>) -> crate::store::MessageDetail {
    crate::store::MessageDetail {
        summary: rows(1).remove(0),
        folder_id: 1,
        flags: vec![],
        to_list: String::new(),
        cc_list: String::new(),
        raw: Some(raw),
    }
}

#[test]
fn a_message_with_ten_thousand_parts_lists_what_it_can() {
    let view = ReaderView::prepare(7, &detail(super::heavy_mail::many_parts(10_000)));
    let reader = Reader {
        view: Some(view),
        ..Reader::default()
    };
    let mut ui = simulator(reader.view());
    assert!(ui.find("intro").is_ok());
    assert!(ui
        .find("Attachment: f0.bin  (application/octet-stream, 2 bytes)")
        .is_ok());
    assert!(ui.find("…and 970 more attachments (not listed).").is_ok());
    assert!(ui
        .find("Attachment: f30.bin  (application/octet-stream, 2 bytes)")
        .is_err());
}

#[test]
fn a_fifty_megabyte_attachment_is_listed_with_its_size() {
    let view = ReaderView::prepare(8, &detail(super::heavy_mail::big_attachment(50)));
    let reader = Reader {
        view: Some(view),
        ..Reader::default()
    };
    let mut ui = simulator(reader.view());
    assert!(ui.find("see the video").is_ok());
    assert!(ui
        .find("Attachment: talk.mp4  (video/mp4, 50.0 MB)")
        .is_ok());
}

#[test]
fn reading_a_message_lowers_its_folders_unread_count_at_once() {
    use super::folder_tree::FolderTree;
    use crate::engine::local_folders::{self, LOCAL_ACCOUNT};
    let dir = tempfile::tempdir().unwrap();
    let mut db = crate::store::Db::open_in(dir.path()).unwrap();
    let inbox = local_folders::ensure(&mut db).unwrap();
    let mut tree = FolderTree::default();
    tree.snapshot.folders = vec![(LOCAL_ACCOUNT.into(), db.folders(LOCAL_ACCOUNT).unwrap())];
    let unread = |t: &FolderTree| t.snapshot.folders[0].1[0].unread;
    assert_eq!(unread(&tree), 1, "the welcome message starts unread");
    let status = std::collections::HashMap::new();
    let shows_count = |t: &FolderTree| simulator(t.view(&status)).find("1").is_ok();
    assert!(shows_count(&tree), "the count is shown");
    tree.adjust_unread(inbox, -1);
    assert_eq!(unread(&tree), 0);
    assert!(!shows_count(&tree), "no count once read");
    tree.adjust_unread(inbox, -1);
    assert_eq!(unread(&tree), 0, "never below zero");
    tree.adjust_unread(inbox, 1);
    assert_eq!(unread(&tree), 1, "marked unread again");
}
