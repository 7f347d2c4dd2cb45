//! Sending through real Postfix submission (587-style STARTTLS and 465-style TLS, SASL through
//! Dovecot) delivering into Dovecot: what arrives is read back from the recipients' Maildirs.

use crate::support::{Jebi, MailStack};
use std::path::{Path, PathBuf};
use std::time::Duration;

const USERS: &[(&str, &str)] = &[
    ("alice", "alice-send-pw-4411"),
    ("bob", "bob-send-pw-4412"),
    ("carol", "carol-send-pw-4413"),
    ("dave", "dave-send-pw-4414"),
];

/// A stack with Postfix, alice's account sending over STARTTLS (or TLS from the first byte), and
/// a directory for the files a test writes.
fn alice_sending(implicit_tls: bool) -> (MailStack, Jebi, tempfile::TempDir) {
    let stack = MailStack::start_smtp(USERS, &[]);
    let jebi = Jebi::new();
    let (port, security) = if implicit_tls {
        (stack.smtps_port.unwrap(), "tls")
    } else {
        (stack.smtp_port.unwrap(), "starttls")
    };
    add_sender(&jebi, &stack, port, security);
    (stack, jebi, tempfile::tempdir().unwrap())
}

/// Alice's account, reading over IMAPS and sending over `smtp` (HOST:PORT) with `security`.
pub fn add_sender(jebi: &Jebi, stack: &MailStack, smtp_port: u16, security: &str) {
    add_user_account(jebi, stack, "alice", smtp_port, security);
}

/// `user`'s account (named "me"), reading over IMAPS and sending over `smtp_port`.
pub fn add_user_account(
    jebi: &Jebi,
    stack: &MailStack,
    user: &str,
    smtp_port: u16,
    security: &str,
) {
    let email = format!("{user}@example.test");
    let imap = format!("127.0.0.1:{}", stack.imaps_port);
    let smtp = format!("127.0.0.1:{smtp_port}");
    let ca = stack.ca_file.to_string_lossy().to_string();
    let out = jebi.with_password(
        &[
            "account",
            "add",
            "--name",
            "me",
            "--email",
            &email,
            "--display-name",
            if user == "alice" { "Alice Kim" } else { user },
            "--login",
            user,
            "--imap",
            &imap,
            "--ca-file",
            &ca,
            "--smtp",
            &smtp,
            "--smtp-security",
            security,
            "--password-stdin",
        ],
        stack.user(user).password.as_str(),
    );
    assert!(
        out.status.success(),
        "account add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn parse(path: &Path) -> (Vec<u8>, jebi::mime::ParsedMessage) {
    let raw = std::fs::read(path).unwrap();
    let parsed = jebi::mime::parse(&raw);
    (raw, parsed)
}

fn header_block(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .split("\n\n")
        .next()
        .unwrap_or("")
        .to_string()
}

/// The header block without what the receiving servers added (Return-Path, Delivered-To,
/// X-Original-To, Received: they name the envelope recipient of that copy).
fn written_headers(raw: &[u8]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in header_block(raw).split("\r\n").flat_map(|l| l.split('\n')) {
        let continued = line.starts_with(' ') || line.starts_with('\t');
        if !continued {
            let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
            skipping = matches!(
                name.as_str(),
                "return-path" | "delivered-to" | "x-original-to" | "received"
            );
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_message_with_cc_bcc_and_a_korean_attachment_arrives_once_everywhere() {
    let (stack, jebi, files) = alice_sending(false);
    let body = "안녕하세요 Bob,\n\n분기 보고서를 보냅니다.\n.\nFrom here on a line starts with a dot and From.\n";
    let body_file = write(files.path(), "body.txt", body.as_bytes());
    let pdf: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let attachment = write(files.path(), "보고서 2026.pdf", &pdf);
    let out = jebi.ok(&[
        "send",
        "--to",
        "Bob Lee <bob@example.test>",
        "--cc",
        "carol@example.test",
        "--bcc",
        "dave@example.test",
        "--subject",
        "분기 보고서 🙂",
        "--body-file",
        body_file.to_str().unwrap(),
        "--attach",
        attachment.to_str().unwrap(),
    ]);
    assert!(out.contains("Sent <"), "{out}");
    let message_id = out
        .split('<')
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap()
        .to_string();

    for user in ["bob", "carol", "dave"] {
        let got = stack.wait_for_messages(user, "INBOX", 1, Duration::from_secs(20));
        assert_eq!(got.len(), 1, "{user} got exactly one copy");
        let (raw, m) = parse(&got[0]);
        assert_eq!(m.subject, "분기 보고서 🙂", "{user}");
        assert_eq!(m.message_id.as_deref(), Some(message_id.as_str()));
        assert_eq!(m.from[0].email, "alice@example.test");
        assert_eq!(m.from[0].name.as_deref(), Some("Alice Kim"));
        assert_eq!(m.to[0].email, "bob@example.test");
        assert_eq!(m.cc[0].email, "carol@example.test");
        let text = m.text_body.clone().unwrap().replace("\r\n", "\n");
        assert!(text.contains("분기 보고서를 보냅니다."), "{text}");
        assert!(
            text.contains("\n.\nFrom here"),
            "dot line and From survive: {text:?}"
        );
        assert_eq!(m.attachments.len(), 1);
        let (info, bytes) = jebi::mime::attachment_bytes(&raw, 0).unwrap();
        assert_eq!(info.name, "보고서 2026.pdf");
        assert_eq!(bytes, pdf, "attachment bytes for {user}");
        let headers = written_headers(&raw);
        assert!(
            !headers.to_ascii_lowercase().contains("dave"),
            "Bcc leaked to {user}: {headers}"
        );
        assert!(!headers.to_ascii_lowercase().contains("bcc:"), "{headers}");
    }
    // The Sent copy: filed once, the same message, no Bcc header either.
    let sent = stack.maildir_files("alice", "Sent");
    assert_eq!(sent.len(), 1, "one Sent copy: {sent:?}");
    let (raw, m) = parse(&sent[0]);
    assert_eq!(m.message_id.as_deref(), Some(message_id.as_str()));
    assert!(!written_headers(&raw).to_ascii_lowercase().contains("dave"));
    // Nothing left in the outbox; the password is nowhere on disk.
    let outbox = jebi.json(&["outbox"]);
    assert_eq!(outbox.as_array().unwrap().len(), 0, "{outbox:#}");
    jebi.assert_password_absent(&stack.user("alice").password);
}

#[test]
fn implicit_tls_refusals_and_the_queue() {
    let (stack, jebi, files) = alice_sending(true);
    let body = write(files.path(), "b.txt", b"hello\n");
    let body = body.to_str().unwrap();

    // 465-style TLS works.
    jebi.ok(&[
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        "over tls",
        "--body-file",
        body,
    ]);
    assert_eq!(
        stack
            .wait_for_messages("bob", "INBOX", 1, Duration::from_secs(20))
            .len(),
        1
    );

    // A permanent refusal: failed, with the server's words, kept for the user.
    let err = jebi.fails(&[
        "send",
        "--to",
        "nobody@example.test",
        "--subject",
        "to nobody",
        "--body-file",
        body,
    ]);
    assert!(
        err.contains("5.1.1") && err.contains("nobody@example.test"),
        "{err}"
    );
    assert!(err.contains("failed"), "{err}");
    // A transient refusal: still queued, retried later.
    let err = jebi.fails(&[
        "send",
        "--to",
        "tempfail@example.test",
        "--subject",
        "later",
        "--body-file",
        body,
    ]);
    assert!(err.contains("450") && err.contains("still queued"), "{err}");
    // One refused recipient among good ones: the others get it, the refusal is said.
    let out = jebi.run(&[
        "send",
        "--to",
        "carol@example.test",
        "--to",
        "nobody@example.test",
        "--subject",
        "partly",
        "--body-file",
        body,
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nobody@example.test did not get it"));
    assert_eq!(
        stack
            .wait_for_messages("carol", "INBOX", 1, Duration::from_secs(20))
            .len(),
        1
    );

    let outbox = jebi.json(&["outbox"]);
    let rows = outbox.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{outbox:#}");
    let failed = rows.iter().find(|r| r["subject"] == "to nobody").unwrap();
    assert_eq!(failed["state"], "failed");
    assert!(failed["last_error"].as_str().unwrap().contains("5.1.1"));
    let queued = rows.iter().find(|r| r["subject"] == "later").unwrap();
    assert_eq!(queued["state"], "queued");
    assert!(queued["next_try"].as_i64().unwrap() > 0);
    let text = jebi.ok(&["outbox"]);
    assert!(
        text.contains("FAILED") && text.contains("last error"),
        "{text}"
    );

    let id = failed["id"].as_i64().unwrap().to_string();
    jebi.ok(&["outbox", "delete", &id]);
    assert_eq!(jebi.json(&["outbox"]).as_array().unwrap().len(), 1);
    // Bob got exactly the one message meant for him.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(stack.maildir_files("bob", "INBOX").len(), 1);
}

#[test]
fn offline_sends_wait_in_the_outbox_and_go_once_back_online() {
    let (stack, jebi, files) = alice_sending(false);
    let body = write(files.path(), "b.txt", b"written offline\n");
    let body = body.to_str().unwrap();
    // Point the account at a port nobody listens on (edit checks the login: write the config).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = jebi.data.path().join("accounts.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let real = format!("port = {}", stack.smtp_port.unwrap());
    assert!(text.contains(&real), "{text}");
    std::fs::write(&config, text.replace(&real, &format!("port = {closed}"))).unwrap();
    for i in 0..3 {
        let err = jebi.fails(&[
            "send",
            "--to",
            "bob@example.test",
            "--subject",
            &format!("offline {i}"),
            "--body-file",
            body,
        ]);
        assert!(
            err.contains("could not connect") && err.contains("still queued"),
            "{err}"
        );
    }
    assert_eq!(jebi.json(&["outbox"]).as_array().unwrap().len(), 3);
    std::fs::write(&config, text).unwrap();
    // Back online: "retry" makes them due now and flushes.
    for row in jebi.json(&["outbox"]).as_array().unwrap() {
        let id = row["id"].as_i64().unwrap().to_string();
        jebi.ok(&["outbox", "retry", &id]);
    }
    let got = stack.wait_for_messages("bob", "INBOX", 3, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        stack.maildir_files("bob", "INBOX").len(),
        3,
        "each exactly once: {got:?}"
    );
    assert_eq!(jebi.json(&["outbox"]).as_array().unwrap().len(), 0);
    assert_eq!(stack.maildir_files("alice", "Sent").len(), 3);
}

#[test]
fn a_delivery_status_request_brings_back_postfix_report() {
    let (stack, jebi, files) = alice_sending(false);
    let body = write(files.path(), "b.txt", b"tell me when it arrives\n");
    let out = jebi.ok(&[
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        "with dsn",
        "--dsn",
        "--receipt",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    let message_id = out
        .split('<')
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap()
        .to_string();
    let got = stack.wait_for_messages("bob", "INBOX", 1, Duration::from_secs(20));
    let raw = std::fs::read(&got[0]).unwrap();
    let headers = header_block(&raw);
    assert!(
        headers.contains("Disposition-Notification-To: "),
        "{headers}"
    );
    // Postfix reports the successful delivery to the sender (alice is local).
    let reports = stack.wait_for_messages("alice", "INBOX", 1, Duration::from_secs(20));
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("report-type=delivery-status"), "{report}");
    assert!(
        report.contains(&format!("Original-Envelope-Id: {message_id}")),
        "{report}"
    );
    assert!(report.contains("Action: delivered"), "{report}");
}

#[test]
fn a_draft_is_filed_whole_then_sent_from_drafts_and_leaves_it() {
    let (stack, jebi, files) = alice_sending(false);
    let body = write(files.path(), "b.txt", "아직 쓰는 중\n".as_bytes());
    let att = write(files.path(), "plan.txt", b"step 1\nstep 2\n");
    let out = jebi.ok(&[
        "send",
        "--draft",
        "--to",
        "bob@example.test",
        "--bcc",
        "dave@example.test",
        "--subject",
        "초안 draft",
        "--body-file",
        body.to_str().unwrap(),
        "--attach",
        att.to_str().unwrap(),
    ]);
    assert!(out.contains("Drafts"), "{out}");
    let filed = stack.maildir_files("alice", "Drafts");
    assert_eq!(filed.len(), 1, "{filed:?}");
    let name = filed[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.contains(":2,") && name.split(":2,").nth(1).unwrap().contains('D'),
        "\\Draft flag: {name}"
    );
    let raw = std::fs::read(&filed[0]).unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("Bcc: dave@example.test"));
    assert!(
        stack.maildir_files("bob", "INBOX").is_empty(),
        "a draft is not sent"
    );

    // The draft is in the local Drafts folder (filing synced it); send it as it is.
    let list = jebi.json(&["list", "--folder", "Drafts"]);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let sent = jebi.ok(&["send", "--from-draft", &id]);
    assert!(sent.contains("Sent <"), "{sent}");
    for user in ["bob", "dave"] {
        let got = stack.wait_for_messages(user, "INBOX", 1, Duration::from_secs(20));
        let (raw, m) = parse(&got[0]);
        assert_eq!(m.subject, "초안 draft");
        assert!(m.text_body.clone().unwrap().contains("아직 쓰는 중"));
        assert_eq!(
            jebi::mime::attachment_bytes(&raw, 0).unwrap().1,
            b"step 1\nstep 2\n"
        );
        assert!(
            !written_headers(&raw).to_ascii_lowercase().contains("dave"),
            "{user}"
        );
    }
    // Sending it removed it from Drafts (on the server: UID EXPUNGE of that message alone).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !stack.maildir_files("alice", "Drafts").is_empty() && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(stack.maildir_files("alice", "Drafts").is_empty());
    assert_eq!(stack.maildir_files("alice", "Sent").len(), 1);
}

#[test]
fn reply_all_and_forward_quote_thread_and_flag_the_original() {
    let original = b"From: Bob Lee <bob@example.test>\r\nTo: Alice Kim <alice@example.test>\r\n\
Cc: carol@example.test\r\nSubject: Quarterly plan\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <orig1@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Numbers attached below.\r\n"
        .to_vec();
    let src = crate::support::message_dir(&[original]);
    let stack = MailStack::start_smtp(USERS, &[("alice", "INBOX", src.path())]);
    let jebi = Jebi::new();
    add_sender(&jebi, &stack, stack.smtp_port.unwrap(), "starttls");
    jebi.ok(&["sync"]);
    let list = jebi.json(&["list", "--folder", "INBOX"]);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let files = tempfile::tempdir().unwrap();
    let text = write(files.path(), "r.txt", "Looks good to me.\n".as_bytes());

    let out = jebi.ok(&["reply", &id, "--all", "--body-file", text.to_str().unwrap()]);
    assert!(out.contains("Sent <"), "{out}");
    for user in ["bob", "carol"] {
        let got = stack.wait_for_messages(user, "INBOX", 1, Duration::from_secs(20));
        let (raw, m) = parse(&got[0]);
        assert_eq!(m.subject, "Re: Quarterly plan", "{user}");
        assert_eq!(m.in_reply_to.as_deref(), Some("orig1@example.test"));
        assert!(m.references.contains(&"orig1@example.test".to_string()));
        let body = m.text_body.clone().unwrap().replace("\r\n", "\n");
        assert!(body.starts_with("Looks good to me."), "{body}");
        assert!(body.contains("Bob Lee wrote:"), "{body}");
        assert!(body.contains("> Numbers attached below."), "{body}");
        let headers = written_headers(&raw).to_ascii_lowercase();
        assert!(
            !headers.contains("cc: alice") && !headers.contains("to: alice"),
            "{headers}"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        stack.maildir_files("alice", "INBOX").len() == 1,
        "no copy to oneself"
    );

    let out = jebi.ok(&[
        "forward",
        &id,
        "--to",
        "dave@example.test",
        "--as-attachment",
    ]);
    assert!(out.contains("Sent <"), "{out}");
    let got = stack.wait_for_messages("dave", "INBOX", 1, Duration::from_secs(20));
    let (raw, m) = parse(&got[0]);
    assert_eq!(m.subject, "Fwd: Quarterly plan");
    assert!(String::from_utf8_lossy(&raw).contains("message/rfc822"));
    assert!(String::from_utf8_lossy(&raw).contains("Message-ID: <orig1@example.test>"));

    // The original now says it was answered and forwarded, on the server and here.
    jebi.ok(&["sync"]);
    let shown = jebi.json(&["show", &id]);
    let flags: Vec<String> = serde_json::from_value(shown["flags"].clone()).unwrap();
    assert!(flags.iter().any(|f| f == "\\Answered"), "{flags:?}");
    assert!(flags.iter().any(|f| f == "$Forwarded"), "{flags:?}");
}

/// The one message of `jebi list --folder F` whose subject is `subject`.
fn id_of(jebi: &Jebi, folder: &str, subject: &str) -> String {
    let list = jebi.json(&["list", "--folder", folder]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == subject)
        .unwrap_or_else(|| panic!("no {subject:?} in {folder}: {list:#}"))["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

#[test]
fn a_read_receipt_goes_only_when_asked_and_both_sides_show_it() {
    let stack = MailStack::start_smtp(USERS, &[]);
    let (alice, bob) = (Jebi::new(), Jebi::new());
    add_sender(&alice, &stack, stack.smtp_port.unwrap(), "starttls");
    add_user_account(&bob, &stack, "bob", stack.smtp_port.unwrap(), "starttls");
    let files = tempfile::tempdir().unwrap();
    let body = write(files.path(), "b.txt", b"did you read this?\n");
    alice.ok(&[
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        "please confirm",
        "--receipt",
        "--dsn",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    stack.wait_for_messages("bob", "INBOX", 1, Duration::from_secs(20));

    // Bob's side: the message asks; nothing goes until he answers.
    bob.ok(&["sync"]);
    let id = id_of(&bob, "INBOX", "please confirm");
    let shown = bob.json(&["show", &id]);
    assert_eq!(shown["asks_for_receipt"], "alice@example.test", "{shown:#}");
    bob.ok(&["receipt", &id, "--send"]);
    assert!(
        bob.json(&["show", &id])["asks_for_receipt"].is_null(),
        "asked once"
    );
    assert!(bob
        .fails(&["receipt", &id, "--send"])
        .contains("answered already"));

    // Alice's side: the DSN and the read receipt, each shown on the report and on her Sent copy.
    stack.wait_for_messages("alice", "INBOX", 2, Duration::from_secs(20));
    alice.ok(&["sync"]);
    let sent_id = id_of(&alice, "Sent", "please confirm");
    let sent = alice.json(&["show", &sent_id]);
    let receipts: Vec<String> = sent["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["summary"].as_str().unwrap().to_string())
        .collect();
    assert!(
        receipts
            .iter()
            .any(|r| r.starts_with("Delivered to bob@example.test")),
        "{receipts:?}"
    );
    assert!(
        receipts
            .iter()
            .any(|r| r.contains("bob@example.test") && r.contains("Read")),
        "{receipts:?}"
    );
    let inbox = alice.json(&["list", "--folder", "INBOX"]);
    assert_eq!(inbox.as_array().unwrap().len(), 2);
    for m in inbox.as_array().unwrap() {
        let report = alice.json(&["show", &m["id"].as_i64().unwrap().to_string()]);
        assert!(report["report"].is_string(), "{report:#}");
        assert_eq!(
            report["reported_message"].as_i64().unwrap().to_string(),
            sent_id
        );
    }

    // The answer is remembered on bob's server too ($MDNSent), so no other client asks again.
    bob.ok(&["sync"]);
    let flags: Vec<String> =
        serde_json::from_value(bob.json(&["show", &id])["flags"].clone()).unwrap();
    assert!(flags.iter().any(|f| f == "$MDNSent"), "{flags:?}");
}

#[test]
fn a_second_identity_sends_with_its_name_and_signature() {
    let (stack, jebi, files) = alice_sending(false);
    let sig = write(files.path(), "sig.txt", "Support team\n지원팀\n".as_bytes());
    let out = jebi.ok(&[
        "account",
        "identity",
        "add",
        "me",
        "--email",
        "support@example.test",
        "--display-name",
        "Example Support",
        "--signature-file",
        sig.to_str().unwrap(),
    ]);
    assert!(
        out.contains("alice@example.test, support@example.test"),
        "{out}"
    );
    let listed = jebi.ok(&["account", "identity", "list", "me"]);
    assert!(
        listed.contains("Example Support <support@example.test>"),
        "{listed}"
    );
    assert!(jebi
        .fails(&[
            "account",
            "identity",
            "add",
            "me",
            "--email",
            "x@y\r\nBcc: z@y"
        ])
        .contains("account 'me'"));

    let body = write(files.path(), "b.txt", b"Your ticket is closed.\n");
    let err = jebi.fails(&[
        "send",
        "--from",
        "nobody@example.test",
        "--to",
        "bob@example.test",
        "--subject",
        "x",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert!(err.contains("not an identity"), "{err}");
    jebi.ok(&[
        "send",
        "--from",
        "support@example.test",
        "--to",
        "bob@example.test",
        "--subject",
        "Ticket 42",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    let got = stack.wait_for_messages("bob", "INBOX", 1, Duration::from_secs(20));
    let (_, m) = parse(&got[0]);
    assert_eq!(m.from[0].email, "support@example.test");
    assert_eq!(m.from[0].name.as_deref(), Some("Example Support"));
    let text = m.text_body.unwrap().replace("\r\n", "\n");
    assert!(
        text.contains("Your ticket is closed.\n\n-- \nSupport team\n지원팀"),
        "{text:?}"
    );

    jebi.ok(&[
        "account",
        "identity",
        "remove",
        "me",
        "--email",
        "alice@example.test",
    ]);
    assert!(jebi
        .fails(&[
            "account",
            "identity",
            "remove",
            "me",
            "--email",
            "support@example.test"
        ])
        .contains("at least one"));
}
