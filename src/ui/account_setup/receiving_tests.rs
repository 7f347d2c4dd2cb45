//! The account form's IMAP/POP3 choice and POP3 options, and the removal of a POP3 account,
//! in iced's headless simulator.

use super::{AccountSetup, Message};
use crate::account::Incoming;
use iced_test::simulator;

fn clicked(setup: &mut AccountSetup, label: &str) {
    let mut ui = simulator(setup.view());
    ui.click(label).unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        setup.update(m);
    }
}

#[test]
fn a_pop3_account_is_chosen_and_its_options_reach_the_account() {
    let mut setup = AccountSetup::new(true);
    for m in [
        Message::Email("me@home.test".into()),
        Message::Password("pw".into()),
        Message::Server("mail.home.test:993".into()),
    ] {
        setup.update(m);
    }
    clicked(&mut setup, "POP3: download to this computer");
    assert_eq!(setup.form.incoming, Incoming::Pop3);
    // The usual port follows the protocol.
    assert_eq!(setup.form.imap, "mail.home.test:995");
    let mut ui = simulator(setup.view());
    assert!(ui.find("POP3 server (host:port)").is_ok());
    // (The pick list draws its choice itself: its words checked directly.)
    let tls = super::receiving::SecurityChoice(super::ImapSecurity::Tls, Incoming::Pop3);
    assert_eq!(tls.to_string(), "SSL/TLS (port 995)");
    assert!(
        ui.find("Delete from the server after this many days (empty: never)")
            .is_err(),
        "shown only when a copy stays there"
    );
    drop(ui);
    clicked(
        &mut setup,
        "Leave a copy on the server (otherwise it is deleted there once downloaded)",
    );
    clicked(&mut setup, "Delete from the server when I delete it here");
    clicked(&mut setup, "Notify me of new mail");
    assert!(setup.form.no_notify, "unticked");
    setup.update(Message::DeleteAfterDays("0".into()));
    setup.update(Message::Submit);
    assert!(
        !setup.problems.is_empty(),
        "0 days is refused beside its field"
    );
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("\u{201c}0\u{201d} is not a number of days from 1 to 3650.")
        .is_ok());
    drop(ui);
    setup.update(Message::DeleteAfterDays("14".into()));
    let super::Event::Submit(form, _) = setup.update(Message::Submit) else {
        panic!("the form is complete");
    };
    let account = crate::engine::account_from_form(&form).unwrap();
    assert_eq!(account.incoming, Incoming::Pop3);
    assert!(account.imap.is_none());
    assert_eq!(account.pop3.as_ref().unwrap().port, 995);
    assert!(account.pop3_policy.leave_on_server);
    assert_eq!(account.pop3_policy.delete_after_days, Some(14));
    assert!(account.pop3_policy.delete_when_deleted_here);
    assert!(!account.notify);
    // Back to IMAP: the port follows again.
    setup.busy = false;
    clicked(&mut setup, "IMAP: mail stays on the server");
    assert_eq!(setup.form.imap, "mail.home.test:993");
}

#[test]
fn when_imap_does_not_answer_the_form_offers_pop3() {
    let mut setup = AccountSetup::new(true);
    setup.update(Message::Server("mail.home.test".into()));
    setup.update(Message::Pop3Offered(Some((
        "mail.home.test:995".into(),
        "tls".into(),
    ))));
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("This server does not offer IMAP, but it offers POP3 at mail.home.test:995: your mail is downloaded to this computer (and deleted from the server unless you leave a copy there).")
        .is_ok());
    drop(ui);
    clicked(&mut setup, "Use POP3");
    assert_eq!(setup.form.incoming, Incoming::Pop3);
    assert_eq!(setup.form.imap, "mail.home.test:995");
    assert!(setup.pop3_offer.is_none());
}

#[test]
fn removing_a_pop3_account_asks_whether_to_keep_its_mail() {
    use crate::ui::folder_tree::{self, FolderTree};
    let mut tree = FolderTree::default();
    tree.snapshot.accounts = vec![crate::account::Account {
        id: "acc-1".into(),
        name: "Home".into(),
        email: "me@home.test".into(),
        incoming: Incoming::Pop3,
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
    tree.update(folder_tree::Message::AskRemove("Home".into()));
    let status = std::collections::HashMap::new();
    let mut ui = simulator(tree.view(&status));
    assert!(ui.find("Remove 'Home'? Its mail was downloaded and exists only on this computer: keep it under Local Folders, or delete it with the account. The password is deleted from the keyring.").is_ok());
    ui.click("Remove, keep its mail").unwrap();
    let asked: Vec<_> = ui.into_messages().collect();
    let mut events = asked.into_iter().map(|m| tree.update(m));
    assert!(matches!(
        events.next(),
        Some(folder_tree::Event::RemoveAccount(n, true)) if n == "Home"
    ));
}

#[test]
fn only_an_address_looks_the_servers_up_and_fills_the_form() {
    let mut setup = AccountSetup::new(true);
    setup.update(Message::Email("minji@home.test".into()));
    setup.update(Message::Password("pw".into()));
    let super::Event::Discover(email) = setup.update(Message::Submit) else {
        panic!("no server given: look it up");
    };
    assert_eq!(email, "minji@home.test");
    assert!(setup.problems.is_empty(), "{:?}", setup.problems);
    let mut ui = simulator(setup.view());
    assert!(ui.find("Looking up…").is_ok());
    drop(ui);
    setup.update(Message::Discovered(Ok(super::receiving::Lookup {
        incoming: Incoming::Pop3,
        server: "pop.home.test:995".into(),
        security: "tls".into(),
        login: "minji".into(),
        smtp: Some(("smtp.home.test:465".into(), "tls".into())),
        source: "https://autoconfig.home.test/mail/config-v1.1.xml".into(),
    })));
    assert_eq!(setup.form.incoming, Incoming::Pop3);
    assert_eq!(setup.form.imap, "pop.home.test:995");
    assert_eq!(setup.form.login, "minji");
    assert_eq!(setup.form.smtp, "smtp.home.test:465");
    let mut ui = simulator(setup.view());
    assert!(ui
        .find("Found the servers (https://autoconfig.home.test/mail/config-v1.1.xml). Check them below, then press Add account.")
        .is_ok());
    drop(ui);
    // Now the form is complete: Add adds.
    assert!(matches!(
        setup.update(Message::Submit),
        super::Event::Submit(..)
    ));
    // Nothing found: said, and the fields stay for the person to fill.
    let mut other = AccountSetup::new(true);
    other.update(Message::Email("x@nowhere.test".into()));
    other.update(Message::Password("pw".into()));
    other.update(Message::Submit);
    other.update(Message::Discovered(Err(
        "No mail servers were found.".into()
    )));
    assert_eq!(other.error.as_deref(), Some("No mail servers were found."));
    assert!(!other.busy);
}
