//! Syncing real Dovecot mailboxes: first pass, incremental passes, UIDVALIDITY change,
//! malformed mail, flags both ways.

use crate::support::{message_dir, simple_message, Jebi, MailStack};
use std::path::Path;

fn korean_messages() -> Vec<Vec<u8>> {
    vec![
        b"From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.test>\r\nTo: alice@example.test\r\n\
Subject: =?EUC-KR?B?yLjAxyDAz8Gk?=\r\nDate: Tue, 03 Nov 2026 09:00:00 +0900\r\n\
Message-ID: <kr1@example.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: base64\r\n\r\n\
vsiz58fPvLy/5CwgtNnAvSDB1iDIuMDHIMDPwaTA1LTPtNku\r\n"
            .to_vec(),
        b"From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Quarterly invoice attached\r\n\
Date: Wed, 04 Nov 2026 09:00:00 +0000\r\nMessage-ID: <att1@example.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n\
Please find the invoice attached.\r\n--b1\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename*=UTF-8''%EC%B2%AD%EA%B5%AC%EC%84%9C.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--b1--\r\n"
            .to_vec(),
    ]
}

fn find<'a>(list: &'a serde_json::Value, subject: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == subject)
        .unwrap_or_else(|| panic!("no message with subject {subject:?} in {list:#}"))
}

#[test]
fn first_sync_lists_shows_and_searches_decoded_mail() {
    let mut msgs = korean_messages();
    msgs.extend(
        (0..30).map(|i| simple_message(i, &format!("Plain note {i}"), "kubernetes meeting notes")),
    );
    let src = message_dir(&msgs);
    let stack = MailStack::start(
        &[("alice", "pw-first-sync-7788")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");

    let summary = jebi.ok(&["sync"]);
    assert!(summary.contains("32 new"), "{summary}");
    assert!(summary.contains("32 bodies"), "{summary}");

    let list = jebi.json(&["list", "--limit", "100"]);
    assert_eq!(list.as_array().unwrap().len(), 32);
    let kr = find(&list, "회의 일정");
    assert_eq!(kr["from_name"], "김철수");
    let att = find(&list, "Quarterly invoice attached");
    assert_eq!(att["has_attachments"], true);

    let id = kr["id"].as_i64().unwrap().to_string();
    let shown = jebi.json(&["show", &id]);
    assert_eq!(shown["subject"], "회의 일정");
    assert!(
        shown["text_body"]
            .as_str()
            .unwrap()
            .contains("다음 주 회의 일정입니다"),
        "{shown:#}"
    );

    let id = att["id"].as_i64().unwrap().to_string();
    let shown = jebi.json(&["show", &id]);
    assert_eq!(shown["attachments"][0]["name"], "청구서.pdf");
    assert_eq!(shown["attachments"][0]["size"], 15);

    let text = jebi.ok(&["show", &id]);
    assert!(text.contains("Attachment: 청구서.pdf"), "{text}");

    let found = jebi.json(&["search", "회의"]);
    assert_eq!(found["total"], 1, "{found:#}");
    let found = jebi.json(&["search", "kubernetes meeting"]);
    assert_eq!(found["total"], 30);
    let found = jebi.json(&["search", "bob@example.test"]);
    assert_eq!(found["total"], 1);
    // Terms narrow the words or stand alone.
    let found = jebi.json(&["search", "kubernetes from:sender7"]);
    assert_eq!(found["total"], 1, "{found:#}");
    let found = jebi.json(&["search", "has:attachment"]);
    assert_eq!(
        found["messages"][0]["subject"],
        "Quarterly invoice attached"
    );
    assert_eq!(
        jebi.json(&["search", "is:unread folder:INBOX"])["total"],
        32
    );
    let err = jebi.fails(&["search", "before:someday"]);
    assert!(err.contains("wants a date like 2026-11-29"), "{err}");

    let folders = jebi.json(&["folders"]);
    let names: Vec<&str> = folders[0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["role"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        &names[..6],
        &["inbox", "drafts", "sent", "archive", "junk", "trash"],
        "{folders:#}"
    );
    jebi.assert_password_absent("pw-first-sync-7788");
}

fn maildir_flags(path: &Path) -> String {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .rsplit_once(":2,")
        .map(|(_, f)| f.to_string())
        .unwrap_or_default()
}

#[test]
fn incremental_sync_follows_new_mail_flags_and_expunges() {
    let msgs: Vec<_> = (0..5)
        .map(|i| simple_message(i, &format!("Note {i}"), "body"))
        .collect();
    let src = message_dir(&msgs);
    let stack = MailStack::start(
        &[("alice", "pw-incremental-1")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);

    // No change: nothing new.
    let again = jebi.ok(&["sync"]);
    assert!(
        again.contains("0 new, 0 flag changes, 0 removed, 0 bodies"),
        "{again}"
    );

    // New mail, a flag change and an expunge made by another client (straight in the Maildir).
    stack.deliver(
        "alice",
        "INBOX",
        &simple_message(50, "Fresh arrival", "hello"),
        None,
    );
    let files = stack.maildir_files("alice", "INBOX");
    let victim = files
        .iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains("Subject: Note 0")
        })
        .unwrap();
    std::fs::remove_file(victim).unwrap();
    let flagged = files
        .iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains("Subject: Note 1")
        })
        .unwrap();
    let renamed = format!(
        "{}{}",
        flagged.to_string_lossy().split(":2,").next().unwrap(),
        ":2,FS"
    );
    std::fs::rename(flagged, &renamed).unwrap();

    let out = jebi.ok(&["sync"]);
    assert!(out.contains("1 new"), "{out}");
    assert!(out.contains("1 removed"), "{out}");
    let list = jebi.json(&["list"]);
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert!(subjects.contains(&"Fresh arrival"));
    assert!(!subjects.contains(&"Note 0"));
    let n1 = find(&list, "Note 1");
    assert_eq!(n1["flagged"], true);
    assert_eq!(n1["seen"], true);

    // Our own change goes to the server.
    let id = find(&list, "Note 2")["id"].as_i64().unwrap().to_string();
    let out = jebi.ok(&["flag", &id, "--flagged"]);
    assert!(out.contains("\\Flagged"), "{out}");
    let on_server = stack
        .maildir_files("alice", "INBOX")
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains("Subject: Note 2")
        })
        .unwrap();
    assert!(
        maildir_flags(&on_server).contains('F'),
        "{}",
        on_server.display()
    );
    let list = jebi.json(&["list"]);
    assert_eq!(find(&list, "Note 2")["flagged"], true);
    jebi.ok(&["flag", &id, "--unflagged", "--seen"]);
    let list = jebi.json(&["list"]);
    assert_eq!(find(&list, "Note 2")["flagged"], false);
    assert_eq!(find(&list, "Note 2")["seen"], true);
    jebi.assert_password_absent("pw-incremental-1");
}

#[test]
fn uidvalidity_change_never_shows_a_stale_body() {
    let src = message_dir(&[simple_message(1, "Old message", "old body text")]);
    let stack = MailStack::start(
        &[("alice", "pw-uidvalidity-2")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);
    let before = jebi.json(&["list"]);
    assert_eq!(before[0]["uid"], 1);

    // The server rebuilt its index: a different message now carries UID 1.
    for f in stack.maildir_files("alice", "INBOX") {
        std::fs::remove_file(f).unwrap();
    }
    stack.deliver(
        "alice",
        "INBOX",
        &simple_message(2, "New message", "new body text"),
        None,
    );
    stack.reset_uidvalidity("alice", "INBOX");

    let out = jebi.ok(&["sync"]);
    assert!(out.contains("1 folders reset"), "{out}");
    let list = jebi.json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list:#}");
    assert_eq!(list[0]["subject"], "New message");
    assert_eq!(list[0]["uid"], 1);
    let shown = jebi.json(&["show", &list[0]["id"].as_i64().unwrap().to_string()]);
    assert!(shown["text_body"]
        .as_str()
        .unwrap()
        .contains("new body text"));
    let found = jebi.json(&["search", "old"]);
    assert_eq!(found["total"], 0, "stale search rows must go: {found:#}");
}

#[test]
fn malformed_messages_are_all_listed_and_shown() {
    let corpus = crate::support::cpython_email_corpus();
    let count = std::fs::read_dir(&corpus)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .map(|e| e.file_name().to_string_lossy().starts_with("msg_"))
                .unwrap_or(false)
        })
        .count();
    let src = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&corpus).unwrap().filter_map(|e| e.ok()) {
        if e.file_name().to_string_lossy().starts_with("msg_") {
            std::fs::copy(e.path(), src.path().join(e.file_name())).unwrap();
        }
    }
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(src.path().join("garbage"), garbage).unwrap();
    std::fs::write(
        src.path().join("headers-only"),
        b"Subject: only headers\r\n",
    )
    .unwrap();
    let stack = MailStack::start(
        &[("alice", "pw-malformed-3")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);
    let list = jebi.json(&["list", "--limit", "1000"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), count + 2, "every message is listed");
    for m in rows {
        let id = m["id"].as_i64().unwrap().to_string();
        let shown = jebi.json(&["show", &id]);
        assert_eq!(shown["body_downloaded"], true);
        jebi.ok(&["show", &id]);
    }
}

#[test]
fn headers_only_then_bodies_later() {
    let msgs: Vec<_> = (0..40)
        .map(|i| simple_message(i, &format!("Batch {i}"), "deadline budget"))
        .collect();
    let src = message_dir(&msgs);
    let stack = MailStack::start(
        &[("alice", "pw-headers-4")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let out = jebi.ok(&["sync", "--headers-only"]);
    assert!(out.contains("40 new") && out.contains("0 bodies"), "{out}");
    let list = jebi.json(&["list"]);
    assert_eq!(list[0]["has_body"], false);
    let text = jebi.ok(&["show", &list[0]["id"].as_i64().unwrap().to_string()]);
    assert!(text.contains("not downloaded yet"), "{text}");
    assert_eq!(jebi.json(&["search", "deadline"])["total"], 0);
    // Not in the index yet, still found by subject and sender.
    assert_eq!(jebi.json(&["search", "Batch"])["total"], 40);
    assert_eq!(jebi.json(&["search", "sender7@example.test"])["total"], 1);
    let out = jebi.ok(&["sync"]);
    assert!(out.contains("0 new") && out.contains("40 bodies"), "{out}");
    assert_eq!(jebi.json(&["search", "deadline"])["total"], 40);
    assert_eq!(
        jebi.json(&["search", "Batch"])["total"],
        40,
        "indexed once, not twice"
    );
}

/// Every message file under the data directory's `bodies/` folder (in its subfolders; the
/// folder itself holds only the daily orphan check's marker).
fn body_files(jebi: &Jebi) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(jebi.data.path().join("bodies")) else {
        return out;
    };
    for dir in dirs.map(|d| d.unwrap().path()).filter(|p| p.is_dir()) {
        for file in std::fs::read_dir(dir).unwrap() {
            out.push(file.unwrap().path());
        }
    }
    out
}

/// Downloaded mail lives in files beside the store, not in it; when they cannot be written the
/// sync says so and the messages stay listed, to be downloaded later; a damaged file reads as
/// not downloaded and the next sync fetches that message again.
#[test]
fn downloaded_mail_lives_in_files_and_a_damaged_one_is_fetched_again() {
    let msgs: Vec<_> = (0..6)
        .map(|i| simple_message(i, &format!("Filed {i}"), &format!("zebracrossing{i} text")))
        .collect();
    let src = message_dir(&msgs);
    let stack = MailStack::start(
        &[("alice", "pw-body-files-3")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");

    // Nothing can be written where the files go (a full disk gives the same sentence).
    let blocked = jebi.data.path().join("bodies");
    std::fs::write(&blocked, "in the way").unwrap();
    let err = jebi.fails(&["sync"]);
    assert!(
        err.contains("Cannot write downloaded mail into") && err.contains("sync again"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    let list = jebi.json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 6, "listed all the same");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["has_body"] == false));

    std::fs::remove_file(&blocked).unwrap();
    let out = jebi.ok(&["sync"]);
    assert!(out.contains("6 bodies"), "{out}");
    let files = body_files(&jebi);
    assert!(!files.is_empty());
    for store in ["mail.sqlite", "mail.sqlite-wal"] {
        let bytes = std::fs::read(jebi.data.path().join(store)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        // The header lines as sent exist only in the raw message (the list keeps a snippet).
        assert!(
            !text.contains("To: alice@example.test\r\nSubject: Filed 3"),
            "the raw message is not in {store}"
        );
    }
    let id = find(&list, "Filed 3")["id"].as_i64().unwrap().to_string();
    assert!(jebi.ok(&["show", &id]).contains("zebracrossing3 text"));
    assert_eq!(jebi.json(&["search", "zebracrossing3"])["total"], 1);

    // A power cut before the files reached the disk leaves them empty.
    for f in &files {
        std::fs::write(f, b"").unwrap();
    }
    let shown = jebi.json(&["show", &id]);
    assert_eq!(shown["body_downloaded"], false, "{shown:#}");
    let out = jebi.ok(&["sync"]);
    assert!(out.contains("1 bodies"), "{out}");
    assert!(jebi.ok(&["show", &id]).contains("zebracrossing3 text"));
    assert_eq!(
        jebi.json(&["search", "zebracrossing3"])["total"],
        1,
        "indexed once, not twice"
    );
}

#[test]
fn several_accounts_and_removal() {
    let a = message_dir(&[simple_message(1, "For alice", "a")]);
    let b = message_dir(&[
        simple_message(2, "For bob", "b"),
        simple_message(3, "Also bob", "b"),
    ]);
    let stack = MailStack::start(
        &[("alice", "pw-alice-5"), ("bob", "pw-bob-5")],
        &[("alice", "INBOX", a.path()), ("bob", "INBOX", b.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "home", "alice");
    jebi.add_account(&stack, "work", "bob");
    let accounts = jebi.json(&["account", "list"]);
    assert_eq!(accounts.as_array().unwrap().len(), 2);
    jebi.ok(&["sync"]);
    assert_eq!(
        jebi.json(&["list", "--account", "home"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        jebi.json(&["list", "--account", "work"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let bob_id = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "work")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(jebi::secrets::load(&bob_id, jebi::secrets::Purpose::Incoming).is_ok());
    let files_before = body_files(&jebi).len();
    assert!(files_before >= 2, "one batch file per account at least");
    jebi.ok(&["account", "remove", "work"]);
    assert!(
        body_files(&jebi).len() < files_before,
        "the removed account's mail files are gone"
    );
    assert!(matches!(
        jebi::secrets::load(&bob_id, jebi::secrets::Purpose::Incoming),
        Err(jebi::secrets::SecretError::Missing)
    ));
    assert_eq!(jebi.json(&["list"]).as_array().unwrap().len(), 1);
    assert_eq!(jebi.json(&["account", "list"]).as_array().unwrap().len(), 1);
    // A password changed on the server: `account password` stores the new one after a login.
    let out = jebi.with_password(
        &["account", "password", "home", "--password-stdin"],
        "wrong-new-pw",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not changed"));
    jebi.ok(&["sync", "--account", "home"]); // the old password still works
    let out = jebi.with_password(
        &["account", "password", "home", "--password-stdin"],
        "pw-alice-5",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("login works"));
    jebi.assert_password_absent("pw-alice-5");
    jebi.assert_password_absent("pw-bob-5");
}

#[test]
fn list_mail_says_how_to_unsubscribe_and_the_list_shows_snippets() {
    let list_mail = |i: usize, unsubscribe: &str, post: &str| -> Vec<u8> {
        format!(
            "From: News <news@list.example>\r\nTo: alice@example.test\r\nSubject: Issue {i}\r\n\
             Date: Sat, 28 Nov 2026 10:0{i}:00 +0000\r\nMessage-ID: <n{i}@list.example>\r\n\
             List-Unsubscribe: {unsubscribe}\r\n{post}\r\n\
             Hello readers,\r\n\r\nthis week in issue {i}.\r\n> quoted line\r\n"
        )
        .into_bytes()
    };
    let src = message_dir(&[
        list_mail(1, "<mailto:leave@list.example?subject=stop%20please>", ""),
        list_mail(
            2,
            "<https://list.example/u/2>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
        ),
        simple_message(3, "Not from a list", "plain words"),
    ]);
    let stack = MailStack::start(
        &[("alice", "pw-unsub-5")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);
    let list = jebi.json(&["list"]);
    let id = |subject: &str| find(&list, subject)["id"].as_i64().unwrap().to_string();
    // The list's preview: the first words, without the quote.
    assert_eq!(
        find(&list, "Issue 1")["snippet"],
        "Hello readers, this week in issue 1.",
        "{list}"
    );

    let by_mail = jebi.ok(&["unsubscribe", &id("Issue 1")]);
    assert!(
        by_mail.contains("send a message to leave@list.example with the subject \"stop please\""),
        "{by_mail}"
    );
    let one_click = jebi.ok(&["unsubscribe", &id("Issue 2")]);
    assert!(
        one_click.contains(
            "would send the list's one-click unsubscribe request to https://list.example/u/2"
        ) && one_click.contains("--yes"),
        "{one_click}"
    );
    let none = jebi.fails(&["unsubscribe", &id("Not from a list")]);
    assert!(none.contains("does not say how to unsubscribe"), "{none}");
    let shown = jebi.json(&["show", &id("Issue 2")]);
    assert_eq!(shown["unsubscribe"]["one_click"], true, "{shown}");
}

/// A mailbox of many folders: each folder's envelopes are stored while the next folder is read
/// from the server. Every folder ends up complete and recorded (the next pass finds nothing new
/// and resets nothing), the next passes open only the folders whose counters moved (Dovecot
/// offers LIST-STATUS), and new mail in any of them is found.
#[test]
fn many_folders_are_stored_and_recorded_in_one_pass() {
    let names: Vec<String> = (0..12).map(|i| format!("F{i:02}")).collect();
    let dirs: Vec<_> = (0..12)
        .map(|i| {
            let msgs: Vec<Vec<u8>> = (0..=i * 3)
                .map(|k| simple_message(100 * i + k, &format!("{} #{k}", names[i]), "x"))
                .collect();
            message_dir(&msgs)
        })
        .collect();
    let fills: Vec<(&str, &str, &Path)> = names
        .iter()
        .zip(&dirs)
        .map(|(n, d)| ("alice", n.as_str(), d.path()))
        .collect();
    let stack = MailStack::start(&[("alice", "pw-alice-9")], &fills);
    let jebi = Jebi::new();
    jebi.add_account(&stack, "home", "alice");
    let summary = |args: &[&str]| jebi.json(args)[0]["summary"].clone();
    // Dovecot's logins so far (its log process writes them a moment later: read until the
    // count holds for 200 ms).
    let logins = || {
        let count = || {
            std::fs::read_to_string(stack.stack_dir().join("dovecot.log"))
                .unwrap()
                .matches("Login: user=<alice>")
                .count()
        };
        let mut last = count();
        for _ in 0..15 {
            std::thread::sleep(std::time::Duration::from_millis(200));
            match count() {
                now if now == last => break,
                now => last = now,
            }
        }
        last
    };
    let before = logins();
    let first = summary(&["sync", "--headers-only"]);
    let expected: u64 = (0..12).map(|i| i * 3 + 1).sum();
    assert_eq!(first["new_messages"], expected, "{first:#}");
    // 18 folders to read: three connections share them.
    assert_eq!(logins() - before, 3);
    assert_eq!(jebi.local_state("home"), stack.server_state("alice"));
    let folders = first["folders"].as_u64().unwrap();
    assert!(folders >= 12, "{first:#}");
    assert_eq!(first["folders_unchanged"], 0, "{first:#}");
    let before = logins();
    let again = summary(&["sync", "--headers-only"]);
    assert_eq!(logins() - before, 1, "nothing to read: one connection");
    assert_eq!(again["new_messages"], 0, "{again:#}");
    assert_eq!(again["folders_reset"], 0, "{again:#}");
    assert_eq!(again["folders_unchanged"], folders, "{again:#}");
    for folder in ["F00", "F07", "F11"] {
        stack.deliver("alice", folder, &simple_message(9000, "Late", "x"), None);
    }
    // A flag set by another client moves its folder's counters too.
    stack.peer("alice", &["store", "F03", "1", "+FLAGS", "(\\Flagged)"]);
    let late = summary(&["sync"]);
    assert_eq!(late["new_messages"], 3, "{late:#}");
    assert_eq!(late["flag_changes"], 1, "{late:#}");
    assert_eq!(late["folders_unchanged"], folders - 4, "{late:#}");
    assert_eq!(late["bodies"], expected + 3, "{late:#}");
    assert_eq!(jebi.local_state("home"), stack.server_state("alice"));
}
