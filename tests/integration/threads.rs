//! Conversations from real Dovecot mailboxes: a conversation split over INBOX and Sent (the
//! user's own reply), threaded after `jebi sync`, beside an unrelated message of the same subject.

use crate::support::{message_dir, Jebi, MailStack};

fn message(from: &str, date: &str, id: &str, links: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: team@example.test\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{id}>\r\n{links}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         {body}\r\n"
    )
    .into_bytes()
}

#[test]
fn a_conversation_spans_inbox_and_sent() {
    let inbox = message_dir(&[
        message(
            "Bob <bob@example.test>",
            "Mon, 02 Nov 2026 09:00:00 +0000",
            "root@example.test",
            "",
            "Plans",
            "Shall we meet on Friday?",
        ),
        // Bob answers Alice's reply: References only (no In-Reply-To), which the IMAP
        // envelope does not carry; the body download brings it.
        message(
            "Bob <bob@example.test>",
            "Wed, 04 Nov 2026 09:00:00 +0000",
            "third@example.test",
            "References: <root@example.test> <mine@example.test>\r\n",
            "Re: Re: Plans",
            "Friday it is.",
        ),
        // Same words in the subject, no link: another conversation.
        message(
            "Carol <carol@example.test>",
            "Thu, 05 Nov 2026 09:00:00 +0000",
            "other@example.test",
            "",
            "Plans",
            "Unrelated plans.",
        ),
    ]);
    let sent = message_dir(&[message(
        "Alice <alice@example.test>",
        "Tue, 03 Nov 2026 09:00:00 +0000",
        "mine@example.test",
        "In-Reply-To: <root@example.test>\r\nReferences: <root@example.test>\r\n",
        "Re: Plans",
        "Friday works for me.",
    )]);
    let stack = MailStack::start(
        &[("alice", "pw-threads-4411")],
        &[
            ("alice", "INBOX", inbox.path()),
            ("alice", "Sent", sent.path()),
        ],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);

    let list = jebi.json(&["list", "--threads"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:#?}");
    // Newest activity first: Carol's message (Nov 5), then the conversation (Nov 4).
    assert_eq!(list[0]["count"], 1);
    assert_eq!(list[0]["senders"], serde_json::json!(["Carol"]));
    let talk = &list[1];
    assert_eq!(talk["count"], 3, "{talk:#}");
    assert_eq!(talk["unread"], 3);
    assert_eq!(talk["subject"], "Plans");
    assert_eq!(talk["senders"], serde_json::json!(["Bob", "Alice"]));
    // Wed, 04 Nov 2026 09:00:00 +0000
    assert_eq!(talk["latest_date"], 1_793_782_800);
    assert_eq!(talk["message_ids"].as_array().unwrap().len(), 3);

    // The same conversation from the Sent folder alone.
    let from_sent = jebi.json(&["list", "--threads", "--folder", "Sent"]);
    assert_eq!(from_sent.as_array().unwrap().len(), 1);
    assert_eq!(from_sent[0]["thread_id"], talk["thread_id"]);

    let id = talk["thread_id"].as_i64().unwrap().to_string();
    let thread = jebi.json(&["thread", &id]);
    let messages = thread["messages"].as_array().unwrap();
    let order: Vec<(&str, &str)> = messages
        .iter()
        .map(|m| {
            (
                m["folder"].as_str().unwrap(),
                m["subject"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("Inbox", "Plans"),
            ("Sent", "Re: Plans"),
            ("Inbox", "Re: Re: Plans"),
        ],
        "{thread:#}"
    );
    let dates: Vec<i64> = messages
        .iter()
        .map(|m| m["date"].as_i64().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");

    // By a message's id too, and as text.
    let mine = messages[1]["id"].as_i64().unwrap().to_string();
    let by_message = jebi.json(&["thread", "--message", &mine]);
    assert_eq!(by_message["thread_id"], talk["thread_id"]);
    let text = jebi.ok(&["thread", &id]);
    assert_eq!(text.lines().count(), 3, "{text}");
    let text = jebi.ok(&["list", "--threads"]);
    assert!(text.lines().any(|l| l.contains("Bob, Alice")), "{text}");
    let err = jebi.fails(&["thread", "999999"]);
    assert!(err.contains("no conversation"), "{err}");
}
