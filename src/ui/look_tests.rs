//! How the window looks (issue 10): the reader's quotes, a Korean paragraph wrapped at its
//! spaces, in light and dark, English and Korean. Snapshot hashes were renewed after looking at
//! each picture.

use super::reader::Reader;
use super::store_tasks::ReaderView;
use super::strings::{with_lang, Lang};
use super::ui_tests::assert_snapshot;
use iced_test::simulator::Simulator;

fn plain_reader(subject: &str, body: &str) -> Reader {
    Reader {
        view: Some(ReaderView {
            subject: subject.into(),
            from: "Kim Minji <minji@example.test>".into(),
            body: body.into(),
            body_downloaded: true,
            ..ReaderView::default()
        }),
        ..Reader::default()
    }
}

const REPLY: &str = "Sounds good, see you at 11.\n\nOn Tue, Lee Jun wrote:\n> Shall we meet at the park?\n> I can bring the mat.\n>> Who brings lunch?\n>> I can do kimbap.\n\nMinji\n";

#[test]
fn plain_mail_shows_quotes_with_a_bar_per_level() {
    let reader = plain_reader("Re: Picnic", REPLY);
    let mut ui = Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(560.0, 420.0),
        reader.view(),
    );
    // The quote marks are gone: each level is a bar.
    assert!(ui
        .find("Shall we meet at the park?\nI can bring the mat.")
        .is_ok());
    assert!(ui.find("Who brings lunch?\nI can do kimbap.").is_ok());
    assert!(ui.find("> Shall we meet at the park?").is_err());
    assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), "reader-quotes");
}

#[test]
fn a_long_quote_starts_folded_and_opens_on_a_click() {
    let quoted: String = (1..=20).map(|i| format!("> line {i}\n")).collect();
    let body = format!("My answer.\n\n{quoted}");
    let mut reader = plain_reader("Re: Long", &body);
    let mut ui = Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(560.0, 420.0),
        reader.view(),
    );
    assert!(ui.find("My answer.").is_ok());
    assert!(ui.find("line 1\nline 2").is_err(), "folded");
    ui.click("\u{2026} Show quoted text (20 lines)").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        reader.update(m);
    }
    {
        let mut ui = Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(560.0, 800.0),
            reader.view(),
        );
        assert!(ui.find("Hide quoted text").is_ok());
        let all: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        assert!(ui.find(all.trim_end()).is_ok());
    }
    // Another message starts folded again.
    reader.show(ReaderView::default());
    assert!(!reader.quotes_open);
}

#[test]
fn korean_mail_wraps_at_spaces_in_the_dark_theme() {
    with_lang(Lang::Korean, || {
        let body = "안녕하세요, 민지 씨. 다음 주 화요일 회의 자료를 미리 보내 드립니다. 검토하시고 의견을 주시면 감사하겠습니다.\n\n화요일에 뵙겠습니다.\n\n> 자료는 언제 받을 수 있을까요?\n";
        let reader = plain_reader("회의 자료", body);
        let mut ui = Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(420.0, 420.0),
            reader.view(),
        );
        assert!(ui.find("화요일에 뵙겠습니다.").is_ok());
        assert_snapshot(
            ui.snapshot(&iced::Theme::Dark).unwrap(),
            "reader-korean-dark",
        );
    });
}

#[test]
fn a_simple_html_table_is_a_grid_in_both_themes() {
    let html = "<p>Your order:</p><table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>\
                <tr><td>Green tea</td><td>2</td><td>6,000원</td></tr>\
                <tr><td>Rice cake, a long name that wraps in its cell</td><td>1</td><td>5,500원</td></tr>\
                </table><p>Thank you.</p>";
    let reader = super::ui_tests::html_reader(html);
    for (theme, name) in [
        (iced::Theme::Light, "reader-table"),
        (iced::Theme::Dark, "reader-table-dark"),
    ] {
        let mut ui = Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(560.0, 420.0),
            reader.view(),
        );
        for words in ["Item", "Qty", "Green tea", "6,000원", "Thank you."] {
            assert!(ui.find(words).is_ok(), "{words}");
        }
        assert_snapshot(ui.snapshot(&theme).unwrap(), name);
    }
}

#[test]
fn a_list_message_offers_unsubscribe_and_asks_first() {
    let raw = b"From: News <news@list.example>\r\nTo: me@example.test\r\nSubject: Weekly\r\n\
List-Unsubscribe: <mailto:leave@list.example?subject=stop>, <https://list.example/u/7>\r\n\
List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\nThis week.\r\n";
    let parsed = crate::mime::parse(raw);
    let how = parsed
        .unsubscribe
        .clone()
        .expect("List-Unsubscribe is read");
    assert!(how.one_click);
    let mut reader = plain_reader("Weekly", "This week.");
    if let Some(v) = reader.view.as_mut() {
        v.unsubscribe = Some(how.clone());
    }
    let mut ui = Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(640.0, 420.0),
        reader.view(),
    );
    ui.click("Unsubscribe").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        assert!(
            reader.update(m).is_none(),
            "nothing happens before the answer"
        );
    }
    let question = "Unsubscribe from this list? Jebi will send the list's one-click request to https://list.example/u/7.";
    let messages: Vec<_> = {
        let mut ui = Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(640.0, 420.0),
            reader.view(),
        );
        assert!(ui.find(question).is_ok());
        ui.click("Cancel").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        reader.update(m);
    }
    assert!(!reader.asking_unsubscribe, "Cancel closes the question");
    reader.update(super::reader::Message::AskUnsubscribe(true));
    match reader.update(super::reader::Message::Unsubscribe) {
        Some(super::reader::Event::Unsubscribe(got)) => assert_eq!(got, how),
        _ => panic!("the answer yes leaves the list"),
    }
    // A message without the header offers nothing.
    let plain = plain_reader("Hi", "hello");
    let mut ui = Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(640.0, 420.0),
        plain.view(),
    );
    assert!(ui.find("Unsubscribe").is_err());
}

/// The main window over a real store (Local Folders): rows with snippets, unread, starred and
/// attachment marks, one long subject cut with "…"; the list's clock fixed so that dates hold.
fn main_window() -> (tempfile::TempDir, super::app::App) {
    use super::app::{App, Message};
    use super::test_runtime::settle;
    let dir = tempfile::tempdir().unwrap();
    let engine = std::sync::Arc::new(crate::engine::Engine::new(dir.path()));
    let mut app = App::new(engine.clone(), super::window_state::WindowState::default());
    app.main = Some(iced::window::Id::unique());
    let load = |app: &mut App| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let snapshot = rt.block_on(super::store_tasks::load_snapshot(app.engine_for_tests()));
        settle(app, Message::Snapshot(snapshot));
    };
    load(&mut app);
    app.setup = None;
    let mail = |uid: u32, flags: &[&str], from: &str, subject: &str, body: &str, attach: bool| {
        let part = if attach {
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                .to_string()
                + body
                + "\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\nxx\r\n--b--\r\n"
        } else {
            format!("\r\n{body}\r\n")
        };
        let raw = format!(
            "From: {from}\r\nTo: me@example.test\r\nSubject: {subject}\r\n\
             Date: Mon, {uid} Sep 2025 10:00:00 +0000\r\nMessage-ID: <m{uid}@x>\r\n\
             MIME-Version: 1.0\r\n{part}"
        );
        crate::store::ParsedBody::from_raw(
            uid,
            flags.iter().map(|f| f.to_string()).collect(),
            None,
            raw.into_bytes(),
            1000,
        )
    };
    engine
        .writer()
        .unwrap()
        .run_blocking(move |db| {
            let inbox = crate::engine::local_folders::ensure(db)?;
            db.insert_bodies(
                inbox,
                &[
                    mail(
                        2,
                        &["\\Seen"],
                        "Kim Minji <kim@example.test>",
                        "Picnic on Saturday?",
                        "Shall we go to the park at eleven? I will bring kimbap.",
                        false,
                    ),
                    mail(
                        3,
                        &[],
                        "Lee Jun <lee@example.test>",
                        "Budget for Q4",
                        "Please see the attached figures before Monday.",
                        true,
                    ),
                    mail(
                        4,
                        &["\\Seen", "\\Flagged"],
                        "박소라 <park@example.test>",
                        "다음 주 회의 자료",
                        "안녕하세요, 회의 자료를 미리 보내 드립니다.",
                        false,
                    ),
                    mail(
                        5,
                        &[],
                        "A very long sender name that will not fit <long@example.test>",
                        "A very long subject line that goes on and on past the edge of the list",
                        "and a snippet too",
                        false,
                    ),
                ],
            )
        })
        .unwrap();
    load(&mut app);
    (dir, app)
}

#[test]
fn snapshots_of_the_main_window_in_both_languages_and_themes() {
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Local, 2025, 9, 6, 12, 0, 0).unwrap();
    super::message_list::with_clock(now, || {
        let (_dir, app) = main_window();
        assert_eq!(app.list.len(), 5, "the welcome message and four");
        let mut ui = Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(1100.0, 560.0),
            app.view_main(),
        );
        assert!(
            ui.find("Budget for Q4").is_err(),
            "subject and snippet are one text"
        );
        assert_snapshot(ui.snapshot(&iced::Theme::Light).unwrap(), "main-window");
        with_lang(Lang::Korean, || {
            let (_dir, app) = main_window();
            let mut ui = Simulator::with_size(
                iced::Settings::default(),
                iced::Size::new(1100.0, 560.0),
                app.view_main(),
            );
            assert!(ui.find("받은편지함").is_ok());
            assert_snapshot(
                ui.snapshot(&iced::Theme::Dark).unwrap(),
                "main-window-korean",
            );
        });
    });
}
