//! Scripted servers for what a real server will not do: no STARTTLS, data injected after
//! STARTTLS, absurd literal sizes.

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
    let jebi = Jebi::new();
    let out = add_output(
        &jebi,
        port,
        "plain",
        &["--allow-plaintext"],
        "pw-hostile-22",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = jebi.fails(&["sync"]);
    assert!(
        err.contains("more than the") && err.contains("Jebi accepts"),
        "{err}"
    );
}
