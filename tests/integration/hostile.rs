//! Scripted servers for what a real server will not do: no STARTTLS, data injected after
//! STARTTLS, absurd literal sizes, LIST-STATUS counters that are partial, foreign or refused.

use crate::support::Jebi;
use std::sync::{Arc, Mutex};

/// Serve one connection: greet, then answer each command line with `reply(tag, command)`.
/// Returns the port and everything the client sent.
fn scripted(
    reply: impl Fn(&str, &str) -> Option<String> + Send + 'static,
) -> (u16, Arc<Mutex<Vec<u8>>>) {
    crate::support::scripted_server(b"* OK fake server ready\r\n", move |line| {
        let mut parts = line.splitn(2, ' ');
        let tag = parts.next().unwrap_or("");
        let cmd = parts.next().unwrap_or("");
        reply(tag, cmd)
    })
}

/// `jebi account add` against the scripted server on `port`.
fn add_output(
    jebi: &Jebi,
    port: u16,
    security: &str,
    extra: &[&str],
    password: &str,
) -> std::process::Output {
    let imap = format!("127.0.0.1:{port}");
    let mut args = vec![
        "account",
        "add",
        "--name",
        "evil",
        "--email",
        "alice@example.test",
        "--imap",
        &imap,
        "--imap-security",
        security,
        "--password-stdin",
    ];
    args.extend_from_slice(extra);
    jebi.with_password(&args, password)
}

/// A Jebi with an account on the scripted server on `port` over plain text (allowed).
fn plain_account(port: u16, password: &str) -> Jebi {
    let jebi = Jebi::new();
    let out = add_output(&jebi, port, "plain", &["--allow-plaintext"], password);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jebi
}

/// Same, required to fail; returns stderr.
fn add(jebi: &Jebi, port: u16, security: &str, extra: &[&str]) -> String {
    let out = add_output(jebi, port, security, extra, "pw-hostile-21");
    assert!(
        !out.status.success(),
        "must fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn server_without_starttls_never_gets_the_password() {
    let (port, heard) = scripted(|tag, cmd| match cmd.to_ascii_uppercase().as_str() {
        "CAPABILITY" => Some(format!(
            "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n"
        )),
        _ => Some(format!("{tag} OK whatever\r\n")),
    });
    let jebi = Jebi::new();
    let err = add(&jebi, port, "starttls", &[]);
    assert!(err.contains("does not offer STARTTLS"), "{err}");
    let sent = String::from_utf8_lossy(&heard.lock().unwrap()).to_string();
    assert!(
        !sent.contains("pw-hostile-21") && !sent.to_uppercase().contains("LOGIN"),
        "{sent}"
    );
}

#[test]
fn data_injected_after_starttls_is_refused() {
    let (port, heard) = scripted(|tag, cmd| match cmd.to_ascii_uppercase().as_str() {
        "CAPABILITY" => Some(format!(
            "* CAPABILITY IMAP4rev1 STARTTLS\r\n{tag} OK done\r\n"
        )),
        "STARTTLS" => Some(format!(
            "{tag} OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n"
        )),
        _ => None,
    });
    let jebi = Jebi::new();
    let err = add(&jebi, port, "starttls", &[]);
    assert!(err.contains("after agreeing to STARTTLS"), "{err}");
    assert!(!String::from_utf8_lossy(&heard.lock().unwrap()).contains("pw-hostile-21"));
}

#[test]
fn huge_literal_announcement_is_refused_without_allocating_it() {
    let (port, _) = scripted(|tag, cmd| {
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("LOGIN") {
            Some(format!("{tag} OK logged in\r\n"))
        } else if upper.starts_with("CAPABILITY") {
            Some(format!("* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"))
        } else if upper.starts_with("LIST") {
            Some("* LIST () \"/\" {400000000}\r\nAAAA".to_string())
        } else if upper.starts_with("LOGOUT") {
            Some(format!("* BYE\r\n{tag} OK bye\r\n"))
        } else {
            Some(format!("{tag} OK\r\n"))
        }
    });
    let jebi = plain_account(port, "pw-hostile-22");
    let err = jebi.fails(&["sync"]);
    assert!(
        err.contains("more than the") && err.contains("Jebi accepts"),
        "{err}"
    );
}

/// A server offering LIST-STATUS with two empty folders: `counters` answers the LIST-STATUS
/// command (after the LIST lines). Returns the port and what it heard.
fn list_status_server(counters: &'static str) -> (u16, Arc<Mutex<Vec<u8>>>) {
    scripted(move |tag, cmd| {
        let upper = cmd.to_ascii_uppercase();
        let select = |validity: u32| {
            format!(
                "* 0 EXISTS\r\n* OK [UIDVALIDITY {validity}] ok\r\n* OK [UIDNEXT 1] ok\r\n\
                 * OK [HIGHESTMODSEQ 1] ok\r\n{tag} OK [READ-WRITE] selected\r\n"
            )
        };
        Some(if upper.starts_with("CAPABILITY") {
            format!("* CAPABILITY IMAP4rev1 CONDSTORE LIST-STATUS\r\n{tag} OK done\r\n")
        } else if upper.starts_with("LIST") && upper.contains("RETURN") {
            match counters {
                "refuse" => format!("{tag} BAD unknown return option\r\n"),
                _ => format!(
                    "* LIST () \"/\" INBOX\r\n* LIST () \"/\" Other\r\n{counters}{tag} OK done\r\n"
                ),
            }
        } else if upper.starts_with("LIST") {
            format!("* LIST () \"/\" INBOX\r\n* LIST () \"/\" Other\r\n{tag} OK done\r\n")
        } else if upper.starts_with("SELECT INBOX") || upper.starts_with("SELECT \"INBOX\"") {
            select(7)
        } else if upper.starts_with("SELECT") {
            select(8)
        } else if upper.starts_with("LOGOUT") {
            format!("* BYE bye\r\n{tag} OK bye\r\n")
        } else {
            format!("{tag} OK done\r\n")
        })
    })
}

/// Two syncs against `list_status_server(counters)`: the second pass's summary and the
/// SELECTs it sent.
fn second_pass(counters: &'static str) -> (serde_json::Value, usize) {
    let (port, heard) = list_status_server(counters);
    let jebi = plain_account(port, "pw-hostile-23");
    let first = &jebi.json(&["sync"])[0]["summary"];
    assert_eq!(first["folders"], 2, "{first:#}");
    let selects = || {
        String::from_utf8_lossy(&heard.lock().unwrap())
            .matches(" SELECT ")
            .count()
    };
    let before = selects();
    assert_eq!(before, 2, "a first sync opens every folder");
    let second = jebi.json(&["sync"])[0]["summary"].clone();
    (second, selects() - before)
}

#[test]
fn folders_are_opened_unless_the_servers_counters_say_nothing_moved() {
    // Counters equal to what the first pass recorded: neither folder is opened again.
    let same = "* STATUS INBOX (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 7 HIGHESTMODSEQ 1)\r\n\
                * STATUS Other (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 8 HIGHESTMODSEQ 1)\r\n";
    let (second, selects) = second_pass(same);
    assert_eq!(
        (second["folders_unchanged"].clone(), selects),
        (2.into(), 0),
        "{second:#}"
    );
    // Other's counters moved (and INBOX's are not given): both are opened.
    let moved = "* STATUS Other (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 8 HIGHESTMODSEQ 2)\r\n";
    let (second, selects) = second_pass(moved);
    assert_eq!(
        (second["folders_unchanged"].clone(), selects),
        (0.into(), 2),
        "{second:#}"
    );
    // Counters missing one value count for nothing; a mailbox the LIST did not name is ignored.
    let partial = "* STATUS INBOX (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 7)\r\n\
                   * STATUS Elsewhere (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 8 HIGHESTMODSEQ 1)\r\n";
    let (second, selects) = second_pass(partial);
    assert_eq!(
        (second["folders_unchanged"].clone(), selects),
        (0.into(), 2),
        "{second:#}"
    );
    // A STATUS line that cannot be read.
    let (second, selects) = second_pass("* STATUS INBOX (MESSAGES x UIDNEXT)\r\n");
    assert_eq!(
        (second["folders_unchanged"].clone(), selects),
        (0.into(), 2),
        "{second:#}"
    );
    // A server that refuses the command: every folder is opened, as without LIST-STATUS.
    let (second, selects) = second_pass("refuse");
    assert_eq!(
        (second["folders_unchanged"].clone(), selects),
        (0.into(), 2),
        "{second:#}"
    );
}
