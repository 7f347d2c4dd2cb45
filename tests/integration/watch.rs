//! `jebi watch`: changes pushed by IDLE reach the local store without a new command.

use crate::support::{message_dir, simple_message, Jebi, MailStack};
use std::time::{Duration, Instant};

#[test]
fn new_mail_arrives_while_watching() {
    let src = message_dir(&[simple_message(1, "Already here", "x")]);
    let stack = MailStack::start(
        &[("alice", "pw-watch-31")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let mut child = jebi
        .cmd()
        .arg("watch")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |subject: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let list = jebi.json(&["list"]);
            if list
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["subject"] == subject && m["has_body"] == true)
            {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    assert!(wait_for("Already here"), "the first pass did not finish");
    std::thread::sleep(Duration::from_millis(500));
    stack.deliver(
        "alice",
        "INBOX",
        &simple_message(2, "Pushed by IDLE", "y"),
        None,
    );
    let arrived = wait_for("Pushed by IDLE");
    let _ = child.kill();
    let _ = child.wait();
    assert!(arrived, "the new message did not arrive while watching");
}

/// The folder on screen is watched too (a second IDLE): mail another client puts there shows
/// within seconds, not at the next periodic pass.
#[test]
fn a_watched_folder_shows_another_clients_change() {
    let src = message_dir(&[simple_message(1, "Already here", "x")]);
    let stack = MailStack::start(
        &[("alice", "pw-watch-32")],
        &[("alice", "INBOX", src.path())],
    );
    stack.peer("alice", &["create", "Work"]);
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let mut child = jebi
        .cmd()
        .args(["watch", "--folder", "Work"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let in_work = |subject: &str, wait: Duration| {
        let deadline = Instant::now() + wait;
        loop {
            let list = jebi.run(&["list", "--folder", "Work", "--json"]);
            let list: serde_json::Value =
                serde_json::from_slice(&list.stdout).unwrap_or(serde_json::Value::Null);
            if list
                .as_array()
                .is_some_and(|l| l.iter().any(|m| m["subject"] == subject))
            {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    // The first pass knows the (empty) folder; give the watches a moment to start.
    let first = Instant::now() + Duration::from_secs(30);
    while jebi
        .run(&["list", "--folder", "Work", "--json"])
        .status
        .code()
        != Some(0)
        && Instant::now() < first
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        simple_message(9, "Filed by another client", "z"),
    )
    .unwrap();
    stack.peer("alice", &["append", "Work", &file.path().to_string_lossy()]);
    let shown = in_work("Filed by another client", Duration::from_secs(15));
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        shown,
        "a change in the watched folder did not show within 15 s"
    );
}
