//! Editing an account (`jebi account edit`, the window's edit form share the engine call) and
//! checking it (`jebi account check`) against real Dovecot and the real keyring.

use crate::support::{Jebi, MailStack};

#[test]
fn edit_changes_settings_only_after_a_working_login() {
    let stack = MailStack::start(&[("alice", "alice-pw-21")], &[]);
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let id_before = jebi.json(&["account", "list"])[0]["id"].clone();

    // A port nothing listens on: the login fails and nothing changes.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let err = jebi.fails(&[
        "account",
        "edit",
        "work",
        "--imap",
        &format!("127.0.0.1:{closed}"),
    ]);
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(
        jebi.json(&["account", "list"])[0]["imap"]["port"],
        stack.imaps_port
    );

    // Switch to STARTTLS on the plain port and rename: works, same id (local mail kept).
    let out = jebi.ok(&[
        "account",
        "edit",
        "work",
        "--rename",
        "office",
        "--imap",
        &format!("127.0.0.1:{}", stack.imap_port),
        "--imap-security",
        "starttls",
    ]);
    assert!(out.contains("Changed account 'office'"), "{out}");
    let list = jebi.json(&["account", "list"]);
    assert_eq!(list[0]["name"], "office");
    assert_eq!(list[0]["id"], id_before);
    assert_eq!(list[0]["imap"]["security"], "starttls");
    assert_eq!(list[0]["imap"]["port"], stack.imap_port);
    assert!(jebi
        .ok(&["account", "check", "office"])
        .contains("the settings work"));

    // A wrong new password is refused by the server and never replaces the stored one.
    let out = jebi.with_password(
        &["account", "edit", "office", "--password-stdin"],
        "wrong-pw-21",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the login") && err.contains("nothing was changed"),
        "{err}"
    );
    jebi.ok(&["account", "check", "office"]);
    jebi.assert_password_absent("wrong-pw-21");
    jebi.assert_password_absent("alice-pw-21");
}
