//! New-mail notifications from the real window (Xvfb) against real Dovecot, received by
//! python3-dbusmock's notification daemon on the test's private D-Bus session: unread Inbox
//! mail is announced with sender and subject; Junk and mail already read are not; a click
//! (ActionInvoked) opens the message, which marks it read.

use super::desktop::{one_at_a_time, open_window, start_display, until};
use crate::support::{simple_message, Jebi, MailStack};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Daemon(std::process::Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn notification_daemon(log: &std::path::Path) -> Daemon {
    let has = Command::new("/usr/bin/python3")
        .args(["-c", "import dbusmock"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has,
        "python3-dbusmock is missing: install it with: apt-get install -y python3-dbusmock"
    );
    let child = Command::new("/usr/bin/python3")
        .args([
            "-m",
            "dbusmock",
            "--session",
            "--template",
            "notification_daemon",
            "-l",
        ])
        .arg(log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let up = until(Duration::from_secs(10), || {
        Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.Notifications",
            ])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    });
    assert!(
        up,
        "the mock notification daemon did not take its name on the session bus"
    );
    Daemon(child)
}

#[test]
fn unread_inbox_mail_is_announced_and_a_click_opens_it() {
    let _serial = one_at_a_time();
    let stack = MailStack::start(&[("alice", "pw-notify-1")], &[]);
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("notify.log");
    let _daemon = notification_daemon(&log);
    let display = start_display();
    let mut app = open_window(&jebi, &display.name, &[], Stdio::null());
    // The window's first sync of the (empty) mailbox, then its watch.
    std::thread::sleep(Duration::from_secs(4));
    stack.deliver("alice", "Junk", &simple_message(1, "Junk offer", "x"), None);
    stack.deliver(
        "alice",
        "INBOX",
        &simple_message(2, "Read elsewhere", "x"),
        Some("S"),
    );
    stack.deliver(
        "alice",
        "INBOX",
        &simple_message(3, "Lunch at noon", "x"),
        None,
    );
    let said = until(Duration::from_secs(30), || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("Lunch at noon"))
    });
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    if !said {
        let _ = app.kill();
        panic!("no notification of the new message; the daemon's log:\n{text}");
    }
    assert!(text.contains("Sender 3"), "{text}");
    assert!(
        !text.contains("Junk offer") && !text.contains("Read elsewhere"),
        "{text}"
    );
    assert!(
        text.contains("org.jebimail.Jebi"),
        "the desktop-entry hint: {text}"
    );

    // One notification (the daemon numbers them from 1). A click on it: the daemon says
    // ActionInvoked(1, "default"); the window opens the message, which marks it read.
    let announced = text.lines().filter(|l| l.contains(" Notify ")).count();
    assert_eq!(announced, 1, "one notification: {text}");
    let clicked = Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            "org.freedesktop.DBus.Mock.EmitSignal",
            "org.freedesktop.Notifications",
            "ActionInvoked",
            "us",
            "[<uint32 1>, <'default'>]",
        ])
        .output()
        .unwrap();
    assert!(
        clicked.status.success(),
        "{}",
        String::from_utf8_lossy(&clicked.stderr)
    );
    let opened = until(Duration::from_secs(15), || {
        jebi.json(&["list", "--account", "work", "--folder", "INBOX"])
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["subject"] == "Lunch at noon" && m["seen"] == true)
    });
    let _ = app.kill();
    let _ = app.wait();
    assert!(opened, "the click did not open the message");
}
