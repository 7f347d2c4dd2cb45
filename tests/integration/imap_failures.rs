//! Failures against the real server stack: each ends non-zero with one plain sentence and
//! leaves nothing half-done behind.

use crate::support::{message_dir, simple_message, Jebi, MailStack};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn add_args(name: &str, port: u16, security: &str) -> Vec<String> {
    [
        "account",
        "add",
        "--name",
        name,
        "--email",
        "alice@example.test",
        "--login",
        "alice",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        "--imap".into(),
        format!("127.0.0.1:{port}"),
        "--imap-security".into(),
        security.into(),
        "--password-stdin".into(),
    ])
    .collect()
}

#[test]
fn wrong_password_is_reported_and_nothing_is_saved() {
    let stack = MailStack::start(&[("alice", "right-pw-11")], &[]);
    let jebi = Jebi::new();
    let mut args = add_args("work", stack.imaps_port, "tls");
    args.extend(["--ca-file".into(), stack.ca_file.to_string_lossy().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&args, "wrong-pw-11");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("account 'work'") && err.contains("refused the login"),
        "{err}"
    );
    assert!(
        err.contains("AUTHENTICATIONFAILED") || err.contains("Authentication failed"),
        "{err}"
    );
    assert!(!err.contains("wrong-pw-11"));
    let list = jebi.json(&["account", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 0);
    jebi.assert_password_absent("wrong-pw-11");
}

#[test]
fn unreachable_host_is_reported() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let jebi = Jebi::new();
    let args = add_args("work", port, "tls");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&args, "pw-unreachable-12");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "could not connect to the mail server 127.0.0.1:{port}"
        )),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
}

#[test]
fn untrusted_certificate_names_its_fingerprint() {
    let stack = MailStack::start(&[("alice", "pw-cert-13")], &[]);
    let jebi = Jebi::new();
    let args = add_args("work", stack.imaps_port, "tls");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&args, "pw-cert-13");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let fp = jebi::tls::fingerprint_for_people(&stack.cert_sha256);
    assert!(
        err.contains("is not trusted") && err.contains(&fp),
        "{err} / {fp}"
    );
}

#[test]
fn starttls_with_the_real_server_works_and_plain_needs_consent() {
    let src = message_dir(&[simple_message(1, "Over STARTTLS", "x")]);
    let stack = MailStack::start(
        &[("alice", "pw-starttls-14")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    let mut args = add_args("work", stack.imap_port, "starttls");
    args.extend(["--ca-file".into(), stack.ca_file.to_string_lossy().into()]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&a, "pw-starttls-14");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jebi.ok(&["sync"]);
    assert_eq!(jebi.json(&["list"])[0]["subject"], "Over STARTTLS");

    let args = add_args("plain", stack.imap_port, "plain");
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&a, "pw-starttls-14");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-plaintext"));
}

#[test]
fn no_keyring_service_is_a_clear_error_and_nothing_is_stored() {
    let stack = MailStack::start(&[("alice", "pw-nokeyring-15")], &[]);
    let jebi = Jebi::new();
    let mut args = add_args("work", stack.imaps_port, "tls");
    args.extend(["--ca-file".into(), stack.ca_file.to_string_lossy().into()]);
    let mut cmd = jebi.cmd();
    cmd.args(&args)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/jebi-test-bus",
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "pw-nokeyring-15").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no keyring service"), "{err}");
    assert_eq!(jebi.json(&["account", "list"]).as_array().unwrap().len(), 0);
    jebi.assert_password_absent("pw-nokeyring-15");
}

/// A TCP proxy to `target` that cuts the first connection after `cut_after` bytes from the
/// server; later connections pass through.
fn cutting_proxy(target: u16, cut_after: usize) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { break };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let limit = if n == 0 { cut_after } else { usize::MAX };
            let server = TcpStream::connect(("127.0.0.1", target)).unwrap();
            let (mut c_read, mut s_write) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c_read, &mut s_write);
            });
            std::thread::spawn(move || {
                let (mut s_read, mut c_write) = (server, client);
                let mut sent = 0usize;
                let mut buf = [0u8; 16384];
                loop {
                    let n = match s_read.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let take = n.min(limit - sent);
                    if c_write.write_all(&buf[..take]).is_err() {
                        break;
                    }
                    sent += take;
                    if sent >= limit {
                        let _ = c_write.shutdown(std::net::Shutdown::Both);
                        let _ = s_read.shutdown(std::net::Shutdown::Both);
                        break;
                    }
                }
            });
        }
    });
    (port, connections)
}

#[test]
fn connection_dropped_mid_fetch_then_next_pass_completes() {
    let filler = "lorem ipsum dolor sit amet ".repeat(200);
    let msgs: Vec<_> = (0..200)
        .map(|i| {
            simple_message(
                i,
                &format!("Bulk {i}"),
                &format!("marker-{i}-start {filler} marker-{i}-end"),
            )
        })
        .collect();
    let src = message_dir(&msgs);
    let stack = MailStack::start(
        &[("alice", "pw-drop-16")],
        &[("alice", "INBOX", src.path())],
    );
    let (proxy, _) = cutting_proxy(stack.imaps_port, 400_000);
    let jebi = Jebi::new();
    let mut args = add_args("work", proxy, "tls");
    args.extend([
        "--ca-file".into(),
        stack.ca_file.to_string_lossy().into(),
        "--no-check".into(),
    ]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&a, "pw-drop-16");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let err = jebi.fails(&["sync"]);
    assert!(
        err.contains("account 'work'") && err.contains("connection"),
        "{err}"
    );
    // Whatever is listed is whole: every downloaded body is complete.
    let list = jebi.json(&["list", "--limit", "500"]);
    let with_body: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["has_body"] == true)
        .collect();
    assert!(
        with_body.len() < 200,
        "the cut must have interrupted the download"
    );
    for m in &with_body {
        let shown = jebi.json(&["show", &m["id"].as_i64().unwrap().to_string()]);
        let i = m["subject"].as_str().unwrap().trim_start_matches("Bulk ");
        let body = shown["text_body"].as_str().unwrap();
        assert!(
            body.contains(&format!("marker-{i}-end")),
            "half-written body for {i}"
        );
    }

    let out = jebi.ok(&["sync"]);
    assert!(out.contains("bodies downloaded"), "{out}");
    let list = jebi.json(&["list", "--limit", "500"]);
    assert_eq!(list.as_array().unwrap().len(), 200);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["has_body"] == true));
    assert_eq!(jebi.json(&["search", "marker-199-end"])["total"], 1);
}

#[test]
fn self_signed_server_certificate_is_trusted_only_when_given() {
    let src = message_dir(&[simple_message(1, "From a self-signed server", "x")]);
    let stack = MailStack::start_with(
        &[("alice", "pw-selfsigned-17")],
        &[("alice", "INBOX", src.path())],
        true,
    );
    let jebi = Jebi::new();
    // Without trusting it: refused, with its fingerprint.
    let args = add_args("work", stack.imaps_port, "tls");
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&a, "pw-selfsigned-17");
    assert!(!out.status.success());
    let fp = jebi::tls::fingerprint_for_people(&stack.cert_sha256);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&fp));
    // Given the server's own (CA:TRUE, self-signed) certificate: pinned, works.
    let mut args = add_args("work", stack.imaps_port, "tls");
    args.extend(["--ca-file".into(), stack.cert_file.to_string_lossy().into()]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jebi.with_password(&a, "pw-selfsigned-17");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jebi.ok(&["sync"]);
    assert_eq!(
        jebi.json(&["list", "--account", "work"])[0]["subject"],
        "From a self-signed server"
    );
}
