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
