//! Finding an address's servers: a loopback web server plays the domain's autoconfig host
//! (`JEBI_DISCOVERY_VIA`), real Dovecot answers the guesses; hostile answers are refused.

use crate::support::{Jebi, MailStack};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A web server on loopback answering each request with `respond(path)`: (status line, body).
fn web(respond: fn(&str) -> (String, Vec<u8>)) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, body) = respond(&path);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nLocation: http://evil.example/x\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

static IMAPS: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);

fn config(path: &str) -> (String, Vec<u8>) {
    if !path.starts_with(
        "/autoconfig.example.test/mail/config-v1.1.xml?emailaddress=alice%40example%2Etest",
    ) {
        return ("404 Not Found".into(), Vec::new());
    }
    let port = IMAPS.load(std::sync::atomic::Ordering::SeqCst);
    imaps_config("127.0.0.1", port, "%EMAILLOCALPART%")
}

/// A configuration offering one IMAP server over TLS.
fn imaps_config(host: &str, port: u16, username: &str) -> (String, Vec<u8>) {
    let xml = format!(
        r#"<clientConfig version="1.1"><emailProvider id="x">
        <incomingServer type="imap"><hostname>{host}</hostname><port>{port}</port>
        <socketType>SSL</socketType><username>{username}</username></incomingServer>
        </emailProvider></clientConfig>"#
    );
    ("200 OK".into(), xml.into_bytes())
}

#[test]
fn an_address_alone_finds_its_servers_and_adds_the_account() {
    let stack = MailStack::start(&[("alice", "pw-disc-1")], &[]);
    IMAPS.store(stack.imaps_port, std::sync::atomic::Ordering::SeqCst);
    let port = web(config);
    let jebi = Jebi::new();
    let via = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let out = jebi
        .cmd()
        .args(["account", "discover", "alice@example.test", "--json"])
        .env("JEBI_DISCOVERY_VIA", &via)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(found["source"]
        .as_str()
        .unwrap()
        .starts_with("https://autoconfig.example.test/"));
    assert_eq!(found["incoming"][0]["port"], stack.imaps_port);
    assert_eq!(found["incoming"][0]["login"], "alice");

    // `account add` with only name, address and password uses it.
    let mut add = jebi.cmd();
    add.args([
        "account",
        "add",
        "--name",
        "home",
        "--email",
        "alice@example.test",
    ])
    .args(["--password-stdin", "--ca-file"])
    .arg(&stack.ca_file)
    .env("JEBI_DISCOVERY_VIA", &via)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = add.spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "pw-disc-1").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = jebi.json(&["account", "list"]);
    assert_eq!(list[0]["imap"]["port"], stack.imaps_port);
    assert_eq!(list[0]["imap"]["login"], "alice");
    jebi.ok(&["account", "check", "home"]);
}

fn hostile(path: &str) -> (String, Vec<u8>) {
    if path.starts_with("/autoconfig.nowhere.invalid/") {
        ("302 Found".into(), Vec::new())
    } else if path.starts_with("/nowhere.invalid/.well-known") {
        // Larger than any real configuration.
        ("200 OK".into(), vec![b' '; 50 * 1024 * 1024])
    } else {
        ("200 OK".into(), b"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap.nowhere.invalid</hostname><port>143</port><socketType>plain</socketType></incomingServer></emailProvider></clientConfig>".to_vec())
    }
}

#[test]
fn hostile_answers_are_refused_and_the_search_says_what_it_tried() {
    let port = web(hostile);
    let jebi = Jebi::new();
    let out = jebi
        .cmd()
        .args(["account", "discover", "bob@nowhere.invalid", "--json"])
        .env("JEBI_DISCOVERY_VIA", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    // The ISPDB stand-in offers only a plaintext server: found, marked unencrypted.
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["incoming"][0]["encrypted"], false);
    let tried = found["tried"].to_string();
    assert!(tried.contains("redirects elsewhere"), "{tried}");
    assert!(tried.contains("larger than 256 KB"), "{tried}");

    // Nothing answers anywhere: gives up in time, naming every source.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let silent_dns = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let started = Instant::now();
    let out = jebi
        .cmd()
        .args(["account", "discover", "bob@silent.test"])
        .env("JEBI_DISCOVERY_VIA", format!("http://127.0.0.1:{closed}"))
        .env(
            "JEBI_DISCOVERY_DNS",
            silent_dns.local_addr().unwrap().to_string(),
        )
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("no mail servers found for bob@silent.test")
            && err.contains("well-known")
            && err.contains("thunderbird.net")
            && err.contains("MX records of silent.test: the DNS server did not answer")
            && err.contains("SRV records of silent.test")
            && err.contains("guesses"),
        "{err}"
    );
}

#[test]
fn the_usual_names_are_probed_at_once() {
    use jebi::engine::discovery::{discover, Dns, Net};
    let stack = MailStack::start(&[("alice", "pw-disc-3")], &[]);
    let (imaps, pop3s) = (stack.imaps_port, stack.pop3s_port);
    let net = Net {
        url: std::sync::Arc::new(|_| "http://127.0.0.1:9/".to_string()),
        probe: std::sync::Arc::new(move |host, port| match (host, port) {
            ("imap.example.test", 993) => ("127.0.0.1".into(), imaps),
            ("mail.example.test", 995) => ("127.0.0.1".into(), pop3s),
            _ => ("127.0.0.1".into(), 9),
        }),
        dns: Dns::Off,
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let found = rt.block_on(discover("alice@example.test", &net)).unwrap();
    assert_eq!(found.source, "guesses");
    let seen: Vec<(String, u16)> = found
        .incoming
        .iter()
        .map(|o| (o.host.clone(), o.port))
        .collect();
    assert_eq!(
        seen,
        [
            ("imap.example.test".to_string(), 993),
            ("mail.example.test".to_string(), 995)
        ]
    );
}

static MX_IMAPS: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);

/// Only the ISPDB knows the provider that runs mx.test's mail exchanger.
fn provider_only(path: &str) -> (String, Vec<u8>) {
    if path != "/autoconfig.thunderbird.net/v1.1/provider.test" {
        return ("404 Not Found".into(), Vec::new());
    }
    let port = MX_IMAPS.load(std::sync::atomic::Ordering::SeqCst);
    imaps_config("localhost", port, "%EMAILADDRESS%")
}

#[test]
fn the_mail_exchangers_provider_and_srv_records_are_asked() {
    let stack = MailStack::start(&[("carol", "pw-disc-4")], &[]);
    MX_IMAPS.store(stack.imaps_port, std::sync::atomic::Ordering::SeqCst);
    let submission = stack.imap_port; // any open port: discovery only offers it
    let dns = crate::support::Dnsmasq::start(&[
        // The lowest preference wins; its registrable domain is asked like the address's own.
        "--mx-host=mx.test,mx1.mail.provider.test,10".into(),
        "--mx-host=mx.test,backup.elsewhere.test,20".into(),
        format!(
            "--srv-host=_imaps._tcp.srv.test,localhost,{},0,0",
            stack.imaps_port
        ),
        // No target: IMAP with STARTTLS is not offered.
        "--srv-host=_imap._tcp.srv.test".into(),
        format!(
            "--srv-host=_pop3s._tcp.srv.test,localhost,{},10,0",
            stack.pop3s_port
        ),
        "--srv-host=_pop3s._tcp.srv.test,pop-backup.srv.test,995,20,0".into(),
        format!("--srv-host=_submission._tcp.srv.test,localhost,{submission},0,0"),
    ]);
    let web_port = web(provider_only);
    let jebi = Jebi::new();
    let discover = |address: &str| {
        let out = jebi
            .cmd()
            .args(["account", "discover", address, "--json"])
            .env("JEBI_DISCOVERY_VIA", format!("http://127.0.0.1:{web_port}"))
            .env("JEBI_DISCOVERY_DNS", dns.addr.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };

    let found = discover("carol@mx.test");
    assert_eq!(
        found["source"],
        "https://autoconfig.thunderbird.net/v1.1/provider.test"
    );
    assert_eq!(found["incoming"][0]["host"], "localhost");
    assert_eq!(found["incoming"][0]["port"], stack.imaps_port);
    assert_eq!(found["incoming"][0]["login"], "carol@mx.test");
    let tried = found["tried"].to_string();
    assert!(tried.contains("autoconfig.mx.test"), "{tried}");

    let found = discover("dave@srv.test");
    assert_eq!(found["source"], "SRV records of srv.test", "{found}");
    let servers = |side: &str| -> Vec<(String, u64, bool)> {
        found[side]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    format!(
                        "{}:{}",
                        o["protocol"].as_str().unwrap(),
                        o["host"].as_str().unwrap()
                    ),
                    o["port"].as_u64().unwrap(),
                    o["encrypted"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        servers("incoming"),
        [
            (
                "imap:localhost".to_string(),
                u64::from(stack.imaps_port),
                true
            ),
            (
                "pop3:localhost".to_string(),
                u64::from(stack.pop3s_port),
                true
            ),
        ]
    );
    assert_eq!(
        servers("outgoing"),
        [("smtp:localhost".to_string(), u64::from(submission), true)]
    );
    let tried = found["tried"].to_string();
    assert!(tried.contains("MX records of srv.test"), "{tried}");
}
