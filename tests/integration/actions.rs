//! Acting on mail against a real Dovecot with a second client (Python imaplib) changing the
//! same mailbox: move, copy, delete, archive, flags, folders; offline queueing, conflicts, and
//! a replay killed at every step.

use crate::support::{message_dir, simple_message, Jebi, MailStack, MailboxState};

fn non_empty(mut s: MailboxState) -> MailboxState {
    s.retain(|_, m| !m.is_empty());
    s
}

/// The index equals the server exactly: every folder's UIDs and their read/star state.
fn assert_converged(jebi: &Jebi, stack: &MailStack, user: &str) {
    let server = non_empty(stack.server_state(user));
    let local = non_empty(jebi.local_state("work"));
    assert_eq!(local, server, "index (left) and server (right) differ");
}

fn id_of(jebi: &Jebi, folder: &str, subject: &str) -> String {
    let list = jebi.json(&["list", "--folder", folder, "--limit", "1000"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == subject)
        .unwrap_or_else(|| panic!("no {subject:?} in {folder}: {list:#}"))["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

fn subjects(jebi: &Jebi, folder: &str) -> Vec<String> {
    let list = jebi.json(&["list", "--folder", folder, "--limit", "1000"]);
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn stack_with(n: usize, without_move: bool) -> (MailStack, Jebi) {
    let msgs: Vec<Vec<u8>> = (0..n)
        .map(|i| simple_message(i, &format!("Note {i}"), "body"))
        .collect();
    let src = message_dir(&msgs);
    let users = [("alice", "pw-actions-5521")];
    let fills = [("alice", "INBOX", src.path())];
    let stack = if without_move {
        MailStack::start_without_move(&users, &fills)
    } else {
        MailStack::start(&users, &fills)
    };
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    jebi.ok(&["sync"]);
    (stack, jebi)
}

#[test]
fn moves_flags_deletes_and_folders_reach_the_server() {
    let (stack, jebi) = stack_with(8, false);

    let made = jebi.ok(&["folder", "create", "Projects"]);
    assert!(made.contains("Created the folder Projects"), "{made}");
    assert!(stack.server_state("alice").contains_key("Projects"));

    let (a, b) = (
        id_of(&jebi, "INBOX", "Note 0"),
        id_of(&jebi, "INBOX", "Note 1"),
    );
    let moved = jebi.ok(&["move", &a, &b, "--to", "Projects"]);
    assert!(moved.contains("Moved 2 messages to Projects"), "{moved}");
    let server = stack.server_state("alice");
    assert_eq!(server["Projects"].len(), 2, "{server:?}");
    assert_eq!(server["INBOX"].len(), 6, "{server:?}");
    // The moved rows learnt their new UIDs from COPYUID: no second copy after a sync.
    assert_eq!(subjects(&jebi, "Projects"), ["Note 0", "Note 1"]);

    let c = id_of(&jebi, "INBOX", "Note 2");
    jebi.ok(&["flag", &c, "--seen", "--flagged"]);
    let server = stack.server_state("alice");
    assert!(
        server["INBOX"].values().any(|f| *f == (true, true)),
        "{server:?}"
    );

    // Another client marks a message \Deleted without expunging it: ours must survive our
    // permanent deletion (UID EXPUNGE of exactly our messages, never a bare EXPUNGE).
    let theirs = stack.server_state("alice")["INBOX"]
        .keys()
        .max()
        .copied()
        .unwrap();
    stack.peer("alice", &["mark-deleted", "INBOX", &theirs.to_string()]);

    let d = id_of(&jebi, "INBOX", "Note 3");
    let deleted = jebi.ok(&["delete", &d]);
    assert!(deleted.contains("Moved 1 message to Trash"), "{deleted}");
    assert_eq!(stack.server_state("alice")["Trash"].len(), 1);
    let again = jebi.fails(&["delete", &d]);
    assert!(again.contains("--permanent"), "{again}");
    let gone = jebi.ok(&["delete", &d, "--permanent"]);
    assert!(gone.contains("Deleted 1 message for good"), "{gone}");
    let server = stack.server_state("alice");
    assert!(server["Trash"].is_empty(), "{server:?}");
    assert!(
        server["INBOX"].contains_key(&theirs),
        "another client's \\Deleted mail was expunged"
    );

    let e = id_of(&jebi, "INBOX", "Note 4");
    let archived = jebi.ok(&["archive", &e]);
    assert!(archived.contains("to Archive"), "{archived}");
    assert_eq!(stack.server_state("alice")["Archive"].len(), 1);

    jebi.ok(&["folder", "rename", "Projects", "Clients"]);
    let server = stack.server_state("alice");
    assert!(
        !server.contains_key("Projects") && server["Clients"].len() == 2,
        "{server:?}"
    );
    let refused = jebi.fails(&["folder", "delete", "Clients"]);
    assert!(refused.contains("--force"), "{refused}");
    jebi.ok(&["folder", "delete", "Clients", "--force"]);
    assert!(!stack.server_state("alice").contains_key("Clients"));

    assert!(jebi.ok(&["pending"]).contains("Nothing is waiting"));
    jebi.ok(&["sync"]);
    assert_converged(&jebi, &stack, "alice");
}

#[test]
fn offline_changes_wait_in_the_queue_and_conflicts_are_reported() {
    let (stack, jebi) = stack_with(5, false);
    let (a, b, c) = (
        id_of(&jebi, "INBOX", "Note 0"),
        id_of(&jebi, "INBOX", "Note 1"),
        id_of(&jebi, "INBOX", "Note 2"),
    );
    let out = jebi.run(&["archive", &a, "--offline"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("waiting for the server"), "{err}");
    jebi.ok(&["flag", &b, "--seen"]); // replays the archive too
    let server = stack.server_state("alice");
    assert_eq!(server["Archive"].len(), 1, "{server:?}");

    // Queued offline, then another client moves the message away first.
    let note2_uid = jebi.json(&["show", &c])["uid"]
        .as_u64()
        .unwrap()
        .to_string();
    jebi.ok(&["move", &c, "--to", "Archive", "--offline"]);
    assert!(subjects(&jebi, "Archive").contains(&"Note 2".to_string()));
    let pending = jebi.json(&["pending"]);
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending:#}");
    assert_eq!(pending[0]["kind"], "move");
    stack.peer("alice", &["create", "Elsewhere"]);
    stack.peer("alice", &["move", "INBOX", &note2_uid, "Elsewhere"]);

    let out = jebi.run(&["sync"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already moved or deleted elsewhere"), "{err}");
    // Nothing lost: the message shows where the other client put it, once.
    assert_eq!(subjects(&jebi, "Elsewhere"), ["Note 2"]);
    assert!(!subjects(&jebi, "Archive").contains(&"Note 2".to_string()));
    assert!(jebi.ok(&["pending"]).contains("Nothing is waiting"));
    assert_converged(&jebi, &stack, "alice");
}

/// A replay killed after each step of a move leaves every message in exactly one of the two
/// folders after the next sync, with and without MOVE.
#[test]
fn a_move_killed_at_any_step_converges() {
    for (without_move, steps) in [
        (false, &["move"][..]),
        (true, &["copy", "mark-deleted", "expunge"][..]),
    ] {
        for step in steps {
            let (stack, jebi) = stack_with(4, without_move);
            let (a, b) = (
                id_of(&jebi, "INBOX", "Note 0"),
                id_of(&jebi, "INBOX", "Note 1"),
            );
            jebi.ok(&["folder", "create", "Kept"]);
            let out = jebi
                .cmd()
                .args(["move", &a, &b, "--to", "Kept"])
                .env("JEBI_FAULT_AFTER", step)
                .output()
                .unwrap();
            assert!(
                !out.status.success(),
                "the fault at {step} did not stop the process"
            );
            jebi.ok(&["sync"]);
            jebi.ok(&["sync"]);
            let server = stack.server_state("alice");
            assert_eq!(server["INBOX"].len(), 2, "after {step}: {server:?}");
            assert_eq!(server["Kept"].len(), 2, "after {step}: {server:?}");
            assert_eq!(
                subjects(&jebi, "Kept"),
                ["Note 0", "Note 1"],
                "after {step}"
            );
            assert_eq!(
                subjects(&jebi, "INBOX"),
                ["Note 2", "Note 3"],
                "after {step}"
            );
            assert!(
                jebi.ok(&["pending"]).contains("Nothing is waiting"),
                "after {step}"
            );
            assert_converged(&jebi, &stack, "alice");
        }
    }
}

/// Offline: mail moved into a folder, the folder renamed, the moved mail starred there. The
/// server ends with the mail in the renamed folder, starred, and nothing is reported as lost.
#[test]
fn a_folder_renamed_after_mail_was_moved_into_it_keeps_that_mail_and_its_later_changes() {
    let (stack, jebi) = stack_with(3, false);
    let a = id_of(&jebi, "INBOX", "Note 0");
    jebi.ok(&["folder", "create", "Projects", "--offline"]);
    jebi.ok(&["move", &a, "--to", "Projects", "--offline"]);
    jebi.ok(&["folder", "rename", "Projects", "Clients", "--offline"]);
    jebi.ok(&["flag", &a, "--flagged", "--offline"]);
    let out = jebi.run(&["sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("did not happen"), "{err}");
    let server = stack.server_state("alice");
    assert_eq!(
        server["Clients"].values().collect::<Vec<_>>(),
        [&(false, true)],
        "{server:?}"
    );
    assert_eq!(subjects(&jebi, "Clients"), ["Note 0"]);
    assert_converged(&jebi, &stack, "alice");
}
