//! The account form's "Sending (SMTP)" section in iced's headless simulator
//! (ICED_TEST_BACKEND=tiny-skia); its test button through the app, against a real socket.

use super::{AccountSetup, Message, SmtpSecurity};
use crate::account::{Account, Identity, Incoming, Security, ServerConfig};
use crate::engine::{account_from_form, Engine};
use crate::secrets::Password;
use crate::ui::app::{App, Message as AppMessage};
use crate::ui::test_runtime::run;
use crate::ui::window_state::WindowState;
use iced_test::{selector::id, simulator};
use std::sync::Arc;

fn feed(setup: &mut AccountSetup, messages: Vec<Message>) {
    for m in messages {
        setup.update(m);
    }
}

#[test]
fn the_form_has_a_sending_section() {
    let mut setup = AccountSetup::new(true);
    let mut ui = simulator(setup.view());
    for words in [
        "Sending (SMTP)",
        "Outgoing server (host:port)",
        "Login for sending",
        "Save a copy in Sent",
        "Test sending server",
    ] {
        assert!(ui.find(words).is_ok(), "{words}");
    }
    ui.click(id("setup-smtp")).unwrap();
    let _ = ui.typewrite("smtp.work.test:465");
    ui.click("Save a copy in Sent").unwrap();
    let messages = ui.into_messages().collect();
    feed(&mut setup, messages);
    assert_eq!(setup.form.smtp, "smtp.work.test:465");
    assert!(setup.form.no_sent_copy, "unticked: no copy in Sent");
    assert_eq!(setup.form.smtp_security, "", "not chosen: the port decides");
    // (The pick list draws its choice itself: the simulator cannot find it as text.)
    assert_eq!(SmtpSecurity::of(&setup.form), SmtpSecurity::Tls, "port 465");
    assert_eq!(
        SmtpSecurity::of(&setup.form).to_string(),
        "SSL/TLS (port 465)"
    );

    setup.update(Message::SmtpSecurity(SmtpSecurity::StartTls));
    assert_eq!(setup.form.smtp_security, "starttls");
    assert_eq!(SmtpSecurity::of(&setup.form), SmtpSecurity::StartTls);
}

#[test]
fn testing_without_an_outgoing_server_says_what_is_missing() {
    let mut setup = AccountSetup::new(true);
    for m in [
        Message::Name("Work".into()),
        Message::Email("me@work.test".into()),
        Message::Server("imap.work.test:993".into()),
        Message::Password("pw".into()),
        Message::TestSending,
    ] {
        setup.update(m);
    }
    assert!(setup.take_sending_test().is_none());
    assert!(!setup.busy);
    let words = "Enter the outgoing server as host:port, e.g. smtp.example.com:587.";
    assert!(simulator(setup.view()).find(words).is_ok());
}

#[test]
fn testing_an_unreachable_sending_server_shows_the_engines_words() {
    // A loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(Engine::new(dir.path()));
    let mut app = App::new(engine.clone(), WindowState::default());
    let mut setup = AccountSetup::new(true);
    feed(
        &mut setup,
        vec![
            Message::Name("Work".into()),
            Message::Email("me@work.test".into()),
            Message::Server("imap.work.test:993".into()),
            Message::Password("pw".into()),
        ],
    );
    app.setup = Some(setup);

    let server = format!("127.0.0.1:{port}");
    let mut ui = simulator(app.view_main());
    ui.click(id("setup-smtp")).unwrap();
    let _ = ui.typewrite(&server);
    ui.click("Test sending server").unwrap();
    let mut outcome = Vec::new();
    for m in ui.into_messages().collect::<Vec<_>>() {
        outcome.extend(run(app.update(m)));
    }
    let setup = app.setup.as_ref().unwrap();
    assert_eq!(setup.form.smtp, server);
    assert!(setup.busy, "testing");
    assert!(matches!(
        &outcome[..],
        [AppMessage::Setup(Message::SendingTested(Err(_)))]
    ));
    for m in outcome {
        let _ = run(app.update(m));
    }

    // What the engine says for these settings, word for word, beside the button.
    let setup = app.setup.as_ref().unwrap();
    let account = account_from_form(&setup.form).unwrap();
    let expected = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(engine.try_smtp_login(&account, &Password::new("pw".into())))
        .unwrap_err()
        .failure
        .to_string();
    assert!(expected.contains(&server), "{expected}");
    assert_eq!(setup.sending_result, Some(Err(expected.clone())));
    assert!(!setup.busy);
    assert!(simulator(app.view_main()).find(expected.as_str()).is_ok());
}

#[test]
fn an_edited_account_shows_its_sending_server() {
    let account = Account {
        id: "acc-1".into(),
        name: "Work".into(),
        email: "me@work.test".into(),
        incoming: Incoming::Imap,
        imap: Some(ServerConfig {
            host: "imap.work.test".into(),
            port: 993,
            security: Security::Tls,
            login: "me".into(),
        }),
        pop3: None,
        pop3_policy: Default::default(),
        notify: true,
        smtp: Some(ServerConfig {
            host: "smtp.work.test".into(),
            port: 465,
            security: Security::Tls,
            login: "sender".into(),
        }),
        identities: vec![Identity {
            display_name: String::new(),
            email: "me@work.test".into(),
            signature: String::new(),
        }],
        trust: Default::default(),
        allow_plaintext: false,
        file_sent_copy: false,
    };
    let mut setup = AccountSetup::edit(&account);
    let mut ui = simulator(setup.view());
    assert!(ui.find("smtp.work.test:465").is_ok());
    assert_eq!(SmtpSecurity::of(&setup.form), SmtpSecurity::Tls);
    assert!(ui.find("sender").is_ok());
    assert!(setup.form.no_sent_copy);
    // Tested with the stored password: the request carries the form as shown.
    ui.click("Test sending server").unwrap();
    let messages = ui.into_messages().collect();
    feed(&mut setup, messages);
    let test = setup.take_sending_test().expect("asked for");
    assert_eq!(test.form.smtp, "smtp.work.test:465");
    assert_eq!(test.form.smtp_login, "sender");
    assert_eq!(test.password, "");
    assert_eq!(test.editing.as_deref(), Some("Work"));
}

#[test]
fn a_refused_certificate_of_the_sending_server_can_be_trusted() {
    let mut setup = AccountSetup::new(true);
    for m in [
        Message::Name("Home".into()),
        Message::Email("me@home.test".into()),
        Message::Server("mail.home.test:993".into()),
        Message::Password("pw".into()),
        Message::SmtpServer("mail.home.test:587".into()),
        Message::TestSending,
    ] {
        setup.update(m);
    }
    assert!(setup.take_sending_test().is_some());
    setup.update(Message::SendingTested(Err((
        "the certificate of mail.home.test is not trusted".into(),
        Some("cd".repeat(32)),
    ))));
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("the certificate of mail.home.test is not trusted")
        .is_ok());
    ui.click("Trust this certificate").unwrap();
    let messages = ui.into_messages().collect();
    feed(&mut setup, messages);
    let again = setup
        .take_sending_test()
        .expect("trusting tests the sending server again");
    assert_eq!(again.form.pinned_sha256, vec!["cd".repeat(32)]);
    assert_eq!(setup.form.pinned_sha256, vec!["cd".repeat(32)]);
}

#[test]
fn snapshot_of_the_whole_form_with_its_sending_section() {
    let mut setup = AccountSetup::new(true);
    for m in [
        Message::Name("Work".into()),
        Message::Email("me@work.test".into()),
        Message::Server("imap.work.test:993".into()),
        Message::SmtpServer("smtp.work.test:587".into()),
        Message::SendingTested(Ok("Logged in to smtp.work.test:587 as me@work.test.".into())),
    ] {
        setup.update(m);
    }
    setup.error = Some("Enter your password.".into());
    let mut ui = iced_test::simulator::Simulator::with_size(
        iced::Settings::default(),
        iced::Size::new(640.0, 900.0),
        setup.view(),
    );
    crate::ui::ui_tests::assert_snapshot(
        ui.snapshot(&iced::Theme::Dark).unwrap(),
        "account-form-sending",
    );
}
