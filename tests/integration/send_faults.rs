//! Kill -9 the sending process at random points while it sends 100 messages through real
//! Postfix; afterwards every message was delivered exactly once (none lost, none twice), and
//! every Sent copy was filed once.

use crate::send::add_sender;
use crate::support::{Jebi, MailStack};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const MESSAGES: usize = 100;

fn message_id_of(path: &std::path::Path) -> String {
    let raw = std::fs::read(path).unwrap();
    jebi::mime::parse(&raw).message_id.unwrap_or_default()
}

#[test]
fn killing_the_sender_at_random_points_loses_and_duplicates_nothing() {
    let stack = MailStack::start_smtp(
        &[("alice", "alice-fault-pw-1"), ("bob", "bob-fault-pw-2")],
        &[],
    );
    let jebi = Jebi::new();
    add_sender(&jebi, &stack, stack.smtp_port.unwrap(), "starttls");
    let files = tempfile::tempdir().unwrap();
    let body = files.path().join("b.txt");
    std::fs::write(&body, "fault test body\n".repeat(40)).unwrap();
    for i in 0..MESSAGES {
        jebi.ok(&[
            "send",
            "--queue-only",
            "--to",
            "bob@example.test",
            "--subject",
            &format!("fault {i:03}"),
            "--body-file",
            body.to_str().unwrap(),
        ]);
    }
    let queued: Vec<String> = jebi
        .json(&["outbox"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(queued.len(), MESSAGES);

    let seed = std::env::var("JEBI_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("send_faults: seed {seed} (JEBI_FAULT_SEED={seed} replays it)");
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut kills = 0;
    let started = Instant::now();
    // Kill flushes after random delays until the outbox is empty (at most 60 kills), then one
    // flush runs to the end.
    while kills < 60 && !jebi.json(&["outbox"]).as_array().unwrap().is_empty() {
        let mut child = jebi
            .cmd()
            .args(["outbox", "flush"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.u64(..150_000)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let _ = child.wait();
    }
    let last = jebi.run(&["outbox", "flush"]);
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    let left = jebi.json(&["outbox"]);
    assert_eq!(
        left.as_array().unwrap().len(),
        0,
        "everything sent: {left:#}"
    );

    // Wait for Postfix to hand everything to Dovecot, then for the count to stay put.
    stack.wait_for_messages("bob", "INBOX", MESSAGES, Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(2));
    let delivered = stack.maildir_files("bob", "INBOX");
    let mut count: HashMap<String, usize> = HashMap::new();
    for f in &delivered {
        *count.entry(message_id_of(f)).or_default() += 1;
    }
    let lost: Vec<_> = queued
        .iter()
        .filter(|id| !count.contains_key(*id))
        .collect();
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    eprintln!(
        "send_faults: {MESSAGES} messages, {kills} kills in {:.1} s, {} delivered, {} lost, {} duplicated",
        started.elapsed().as_secs_f64(), delivered.len(), lost.len(), twice.len()
    );
    if !twice.is_empty() {
        // What Postfix saw of each duplicated message (queue ids, connections), to see where
        // the process died.
        let log = std::fs::read_to_string(stack.postfix_log()).unwrap_or_default();
        for (id, _) in &twice {
            let queue_ids: Vec<&str> = log
                .lines()
                .filter(|l| l.contains(id.as_str()) && l.contains("cleanup"))
                .filter_map(|l| l.split(": ").nth(1))
                .collect();
            for l in log
                .lines()
                .filter(|l| queue_ids.iter().any(|q| l.contains(q)))
            {
                eprintln!("send_faults: postfix: {l}");
            }
        }
    }
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert!(twice.is_empty(), "delivered twice: {twice:?}");
    assert_eq!(delivered.len(), MESSAGES);
    assert!(
        kills >= 3,
        "the test must actually interrupt sends (kills: {kills})"
    );

    let mut sent: HashMap<String, usize> = HashMap::new();
    for f in stack.maildir_files("alice", "Sent") {
        *sent.entry(message_id_of(&f)).or_default() += 1;
    }
    assert_eq!(sent.len(), MESSAGES, "one Sent copy each");
    assert!(sent.values().all(|n| *n == 1), "a Sent copy filed twice");
}
