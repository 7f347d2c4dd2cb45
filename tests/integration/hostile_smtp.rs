//! Scripted submission servers for what Postfix will not do: no STARTTLS, bytes injected
//! after STARTTLS, certificates for another host, expired, or self-signed and not pinned.
//! In each case the password never reaches the server and the message stays queued.

use crate::support::Jebi;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

const PASSWORD: &str = "pw-hostile-smtp-93";

/// A plaintext SMTP server answering each line with `reply(line)`; returns its port and
/// everything the client sent.
fn scripted(reply: impl Fn(&str) -> Option<String> + Send + 'static) -> (u16, Arc<Mutex<Vec<u8>>>) {
    crate::support::scripted_server(b"220 fake.example ESMTP\r\n", reply)
}

/// An account whose outgoing server is 127.0.0.1:`port` (no login check: the incoming side
/// is not reachable here).
fn account(jebi: &Jebi, port: u16, security: &str, ca_file: Option<&Path>) {
    let smtp = format!("127.0.0.1:{port}");
    let mut args = vec![
        "account",
        "add",
        "--name",
        "evil",
        "--email",
        "alice@example.test",
        "--imap",
        "127.0.0.1:9",
        "--smtp",
        &smtp,
        "--smtp-security",
        security,
        "--no-check",
        "--password-stdin",
    ];
    let ca = ca_file.map(|p| p.to_string_lossy().to_string());
    if let Some(ca) = &ca {
        args.extend(["--ca-file", ca.as_str()]);
    }
    let out = jebi.with_password(&args, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `jebi send` must fail, keep the message queued, and say why.
fn send_fails(jebi: &Jebi) -> String {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("b.txt");
    std::fs::write(&body, "secret plans\n").unwrap();
    let err = jebi.fails(&[
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        "hi",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    let outbox = jebi.json(&["outbox"]);
    assert_eq!(
        outbox[0]["state"], "queued",
        "kept for a later try: {outbox:#}"
    );
    err
}

fn assert_no_secrets(heard: &[u8]) {
    let text = String::from_utf8_lossy(heard);
    let plain = base64_plain();
    assert!(!text.contains(PASSWORD) && !text.contains(&plain), "{text}");
    assert!(!text.to_ascii_uppercase().contains("AUTH"), "{text}");
    assert!(!text.contains("secret plans"), "{text}");
}

/// What AUTH PLAIN would carry, base64-encoded.
fn base64_plain() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("\0alice@example.test\0{PASSWORD}"))
}

#[test]
fn server_without_starttls_never_gets_the_password() {
    let (port, heard) =
        scripted(
            |line| match line.split(' ').next()?.to_ascii_uppercase().as_str() {
                "EHLO" => {
                    Some("250-fake.example\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000000\r\n".into())
                }
                "QUIT" => None,
                _ => Some("250 ok\r\n".into()),
            },
        );
    let jebi = Jebi::new();
    account(&jebi, port, "starttls", None);
    let err = send_fails(&jebi);
    assert!(err.contains("does not offer STARTTLS"), "{err}");
    assert_no_secrets(&heard.lock().unwrap());
}

#[test]
fn bytes_injected_after_starttls_are_never_read_as_the_encrypted_reply() {
    let (port, heard) = scripted(|line| match line.to_ascii_uppercase().as_str() {
        l if l.starts_with("EHLO") => {
            Some("250-fake.example\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n".into())
        }
        "STARTTLS" => Some("220 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n".into()),
        _ => None,
    });
    let jebi = Jebi::new();
    account(&jebi, port, "starttls", None);
    let err = send_fails(&jebi);
    assert!(err.contains("after agreeing to STARTTLS"), "{err}");
    assert_no_secrets(&heard.lock().unwrap());
}

struct TestCa {
    key: KeyPair,
    params: CertificateParams,
    pem: String,
}

fn test_ca() -> TestCa {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Jebi hostile test CA");
    let pem = params.self_signed(&key).unwrap().pem();
    TestCa { key, params, pem }
}

/// A certificate (DER) and its private key (PKCS#8 DER).
type CertAndKey = (Vec<u8>, Vec<u8>);

/// A leaf signed by `ca`.
fn leaf(ca: &TestCa, names: &[&str], expired: bool) -> (Vec<u8>, Vec<u8>) {
    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    if expired {
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let issuer = Issuer::from_params(&ca.params, &ca.key);
    let cert = params.signed_by(&key, &issuer).unwrap();
    (cert.der().to_vec(), key.serialize_der())
}

/// An implicit-TLS server presenting `cert`; returns its port and the plaintext it received
/// after a handshake (nothing, when the client refuses the certificate).
fn tls_server(cert: Vec<u8>, key: Vec<u8>) -> (u16, Arc<Mutex<Vec<u8>>>) {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let log = heard.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, stream);
            if tls.write_all(b"220 fake.example ESMTP\r\n").is_err() {
                continue;
            }
            let mut buf = [0u8; 4096];
            while let Ok(n) = tls.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().extend_from_slice(&buf[..n]);
                let _ = tls.write_all(b"454 4.7.0 try again later\r\n");
            }
        }
    });
    (port, heard)
}

fn ca_file(dir: &Path, pem: &str) -> std::path::PathBuf {
    let p = dir.join("ca.pem");
    std::fs::write(&p, pem).unwrap();
    p
}

#[test]
fn certificates_for_another_host_expired_or_self_signed_are_refused() {
    let ca = test_ca();
    let dir = tempfile::tempdir().unwrap();
    let ca_path = ca_file(dir.path(), &ca.pem);
    let cases: Vec<(&str, CertAndKey)> = vec![
        ("wrong host", leaf(&ca, &["mail.elsewhere.test"], false)),
        ("expired", leaf(&ca, &["127.0.0.1", "localhost"], true)),
        ("self-signed, not pinned", {
            let key = KeyPair::generate().unwrap();
            let mut params = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            (
                params.self_signed(&key).unwrap().der().to_vec(),
                key.serialize_der(),
            )
        }),
    ];
    for (what, (cert, key)) in cases {
        let (port, heard) = tls_server(cert, key);
        let jebi = Jebi::new();
        account(&jebi, port, "tls", Some(&ca_path));
        let err = send_fails(&jebi);
        assert!(err.contains("is not trusted"), "{what}: {err}");
        assert!(
            err.contains("SHA-256"),
            "{what}: the fingerprint is named: {err}"
        );
        assert!(
            heard.lock().unwrap().is_empty(),
            "{what}: nothing after a refused handshake"
        );
    }
    // The control: a good certificate from the same CA is accepted (the fake then answers 454).
    let (cert, key) = leaf(&ca, &["127.0.0.1", "localhost"], false);
    let (port, heard) = tls_server(cert, key);
    let jebi = Jebi::new();
    account(&jebi, port, "tls", Some(&ca_path));
    let err = send_fails(&jebi);
    assert!(!err.contains("is not trusted"), "{err}");
    assert!(String::from_utf8_lossy(&heard.lock().unwrap()).contains("EHLO"));
}

#[test]
fn a_connection_lost_after_the_end_of_data_is_not_sent_twice() {
    let (port, heard) =
        scripted(
            |line| match line.split(' ').next()?.to_ascii_uppercase().as_str() {
                "EHLO" => Some("250-fake.example\r\n250 8BITMIME\r\n".into()),
                "MAIL" | "RCPT" => Some("250 ok\r\n".into()),
                "DATA" => Some("354 go on\r\n".into()),
                // The end of the data: hang up without a reply.
                "." => None,
                _ => Some("".into()),
            },
        );
    let (jebi, ok, err) = send_plain(port, "bob@example.test", "once only\n");
    assert!(ok, "{err}");
    assert!(err.contains("connection broke right after"), "{err}");
    // Nothing is left to send again.
    assert_eq!(jebi.json(&["outbox"]).as_array().unwrap().len(), 0);
    jebi.ok(&["outbox", "flush"]);
    let sent = String::from_utf8_lossy(&heard.lock().unwrap()).to_string();
    assert_eq!(sent.matches("once only").count(), 1, "{sent}");
}

/// A plain-text account (scripted servers speak no TLS) sending one message; returns the
/// data directory, whether `jebi send` succeeded, and its stderr.
fn send_plain(port: u16, to: &str, body_text: &str) -> (Jebi, bool, String) {
    let jebi = Jebi::new();
    let smtp = format!("127.0.0.1:{port}");
    let out = jebi.with_password(
        &[
            "account",
            "add",
            "--name",
            "plain",
            "--email",
            "alice@example.test",
            "--imap",
            "127.0.0.1:9",
            "--smtp",
            &smtp,
            "--smtp-security",
            "plain",
            "--allow-plaintext",
            "--no-sent-copy",
            "--no-check",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("b.txt");
    std::fs::write(&body, body_text).unwrap();
    let out = jebi.run(&[
        "send",
        "--to",
        to,
        "--subject",
        "주소",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    let ok = out.status.success();
    (jebi, ok, String::from_utf8_lossy(&out.stderr).to_string())
}

fn accepting(utf8: bool) -> impl Fn(&str) -> Option<String> + Send + 'static {
    move |line| match line.split(' ').next()?.to_ascii_uppercase().as_str() {
        "EHLO" if utf8 => Some("250-fake.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".into()),
        "EHLO" => Some("250-fake.example\r\n250 8BITMIME\r\n".into()),
        "MAIL" | "RCPT" => Some("250 ok\r\n".into()),
        "DATA" => Some("354 go on\r\n".into()),
        "." => Some("250 queued\r\n".into()),
        "QUIT" => Some("221 bye\r\n".into()),
        _ => Some(String::new()),
    }
}

#[test]
fn non_ascii_addresses_use_smtputf8_only_where_offered() {
    let (port, heard) = scripted(accepting(true));
    let (_, ok, err) = send_plain(port, "사용자@example.test", "안녕\n");
    assert!(ok, "{err}");
    let sent = String::from_utf8_lossy(&heard.lock().unwrap()).to_string();
    let mail = sent.lines().find(|l| l.starts_with("MAIL FROM")).unwrap();
    assert!(mail.contains("SMTPUTF8"), "{mail}");
    assert!(sent.contains("RCPT TO:<사용자@example.test>"), "{sent}");

    let (port, heard) = scripted(accepting(false));
    let (_, ok, err) = send_plain(port, "사용자@example.test", "안녕\n");
    assert!(!ok);
    assert!(err.contains("non-ASCII"), "{err}");
    assert!(!String::from_utf8_lossy(&heard.lock().unwrap()).contains("MAIL FROM"));

    // ASCII addresses never ask for SMTPUTF8, even with a Korean subject and body.
    let (port, heard) = scripted(accepting(true));
    let (_, ok, err) = send_plain(port, "bob@example.test", "안녕\n");
    assert!(ok, "{err}");
    let sent = String::from_utf8_lossy(&heard.lock().unwrap()).to_string();
    let mail = sent.lines().find(|l| l.starts_with("MAIL FROM")).unwrap();
    assert!(!mail.contains("SMTPUTF8"), "{mail}");
}
