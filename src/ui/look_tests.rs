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
