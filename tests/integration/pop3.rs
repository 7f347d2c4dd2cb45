//! The POP3 client against real Dovecot POP3/POP3S, and against scripted servers for what a real
//! server will not do (garbage greeting, a message cut off, an oversize message, a trickle).

use crate::support::{message_dir, simple_message, MailStack};
use jebi::account::{Security, ServerConfig, TrustSettings};
use jebi::pop3::{Limits, Pop3, Pop3Error};
use jebi::tls::TlsClient;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Runtime::new().unwrap().block_on(f)
}

fn server(port: u16, security: Security) -> ServerConfig {
    ServerConfig {
        host: "localhost".into(),
        port,
        security,
        login: "alice".into(),
    }
}

fn trust(stack: &MailStack) -> TlsClient {
    TlsClient::new(&TrustSettings {
        extra_pem: Some(std::fs::read_to_string(&stack.ca_file).unwrap()),
        pinned_sha256: Vec::new(),
    })
    .unwrap()
}

async fn session(stack: &MailStack, security: Security) -> Pop3 {
    let port = if security == Security::Tls {
        stack.pop3s_port
    } else {
        stack.pop3_port
    };
    let mut pop = Pop3::connect(&server(port, security), &trust(stack), Limits::default())
        .await
        .unwrap();
    pop.login("alice", "pw-pop-1").await.unwrap();
    pop
}

#[test]
fn list_retrieve_and_delete_only_at_quit() {
    let mut msgs: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            simple_message(
                i,
                &format!("Pop {i}"),
                &format!("line one {i}\r\n.dotted line"),
            )
        })
        .collect();
    msgs.push(b"Subject: lf only\n\nbare\nlines\n".to_vec());
    let src = message_dir(&msgs);
    let stack = MailStack::start(&[("alice", "pw-pop-1")], &[("alice", "INBOX", src.path())]);
    run(async {
        let mut pop = session(&stack, Security::Tls).await;
        assert!(pop.caps.pipelining && pop.caps.uidl, "{:?}", pop.caps);
        assert_eq!(pop.stat().await.unwrap().0, 6);
        let ids = pop.uidl().await.unwrap();
        let unique: std::collections::HashSet<_> = ids.iter().map(|(_, id)| id).collect();
        assert_eq!((ids.len(), unique.len()), (6, 6));
        let sizes = pop.list().await.unwrap();
        let got = pop.retrieve(&sizes).await.unwrap();
        for (r, original) in got.iter().zip(&msgs) {
            let bytes = r.message.as_ref().unwrap();
            let want = String::from_utf8_lossy(original)
                .replace("\r\n", "\n")
                .replace('\n', "\r\n");
            assert_eq!(String::from_utf8_lossy(bytes), want, "message {}", r.number);
            let (_, size) = sizes.iter().find(|(n, _)| *n == r.number).unwrap();
            assert_eq!(bytes.len() as u64, *size, "LIST size of {}", r.number);
        }
        // Marked, but the connection is lost before QUIT: nothing is deleted.
        pop.delete(&[1, 2]).await.unwrap();
        drop(pop);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut pop = session(&stack, Security::StartTls).await;
        assert_eq!(
            pop.stat().await.unwrap().0,
            6,
            "DELE without QUIT deletes nothing"
        );
        pop.delete(&[1, 2]).await.unwrap();
        pop.quit().await.unwrap();
        let mut pop = session(&stack, Security::Tls).await;
        assert_eq!(pop.stat().await.unwrap().0, 4);
        let left: Vec<String> = pop
            .uidl()
            .await
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(
            left,
            ids[2..]
                .iter()
                .map(|(_, id)| id.clone())
                .collect::<Vec<_>>()
        );
        pop.quit().await.unwrap();
    });
}

#[test]
fn a_wrong_password_is_refused_in_the_servers_words() {
    let stack = MailStack::start(&[("alice", "pw-pop-1")], &[]);
    run(async {
        let mut pop = Pop3::connect(
            &server(stack.pop3s_port, Security::Tls),
            &trust(&stack),
            Limits::default(),
        )
        .await
        .unwrap();
        let err = pop.login("alice", "not-it").await.unwrap_err();
        assert!(matches!(err, Pop3Error::LoginRefused { .. }), "{err:?}");
        assert!(!err.to_string().contains("not-it"), "{err}");
    });
}

/// A scripted server on a loopback port: writes `script` (with pauses where it says so) after
/// reading each line the client sends, in order.
fn fake_server(steps: Vec<Vec<u8>>, trickle: bool) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            listener.set_nonblocking(true).unwrap();
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            for (i, step) in steps.into_iter().enumerate() {
                if i > 0 && sock.read(&mut buf).await.unwrap_or(0) == 0 {
                    return;
                }
                if trickle {
                    for b in step {
                        if sock.write_all(&[b]).await.is_err() {
                            return;
                        }
                        tokio::time::sleep(Duration::from_millis(300)).await;
                    }
                } else if sock.write_all(&step).await.is_err() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        });
    });
    port
}

fn quick() -> Limits {
    Limits {
        idle: Duration::from_secs(2),
        grace: Duration::from_secs(2),
        min_rate: 1000,
        max_message: 64 * 1024,
    }
}

async fn fake_session(steps: Vec<Vec<u8>>, trickle: bool) -> Result<Pop3, Pop3Error> {
    let port = fake_server(steps, trickle);
    let tls = TlsClient::new(&TrustSettings::default()).unwrap();
    let mut server = server(port, Security::Plain);
    server.host = "127.0.0.1".into();
    Pop3::connect(&server, &tls, quick()).await
}

fn greeted() -> Vec<Vec<u8>> {
    vec![
        b"+OK ready\r\n".to_vec(),
        b"+OK\r\nPIPELINING\r\nUSER\r\n.\r\n".to_vec(),
    ]
}

#[test]
fn hostile_servers_give_a_clear_error() {
    run(async {
        // Not a POP3 server at all.
        let err = fake_session(vec![b"220 smtp.example ESMTP\r\n".to_vec()], false)
            .await
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("greeting") && err.to_string().contains("220 smtp"),
            "{err}"
        );

        // A message cut off before its terminating line.
        let mut steps = greeted();
        steps.push(b"+OK 30 octets\r\nSubject: cut\r\n\r\nhalf a bo".to_vec());
        let mut pop = fake_session(steps, false).await.unwrap();
        let err = pop.retrieve(&[(1, 30)]).await.unwrap_err();
        assert!(matches!(err, Pop3Error::ConnectionLost { .. }), "{err:?}");
        assert!(err.to_string().contains("RETR 1"), "{err}");

        // -ERR in the middle of a pipelined RETR: that message refused, the next one read.
        let mut steps = greeted();
        steps.push(b"-ERR message 1 is being read by another session\r\n+OK\r\nSubject: two\r\n\r\nok\r\n.\r\n".to_vec());
        let mut pop = fake_session(steps, false).await.unwrap();
        let got = pop.retrieve(&[(1, 10), (2, 25)]).await.unwrap();
        assert!(got[0]
            .message
            .as_ref()
            .unwrap_err()
            .contains("another session"));
        assert_eq!(
            got[1].message.as_ref().unwrap(),
            b"Subject: two\r\n\r\nok\r\n"
        );

        // Larger than allowed, announced or not.
        let mut steps = greeted();
        steps.push(b"+OK\r\n".to_vec());
        let mut pop = fake_session(steps, false).await.unwrap();
        let err = pop.retrieve(&[(1, 10_000_000)]).await.unwrap_err();
        assert!(matches!(err, Pop3Error::TooLarge { .. }), "{err:?}");
        let mut steps = greeted();
        let mut big = b"+OK\r\n".to_vec();
        for _ in 0..2000 {
            big.extend_from_slice(b"0123456789012345678901234567890123456789\r\n");
        }
        steps.push(big);
        let mut pop = fake_session(steps, false).await.unwrap();
        let err = pop.retrieve(&[(1, 100)]).await.unwrap_err();
        assert!(matches!(err, Pop3Error::TooLarge { .. }), "{err:?}");
    });
}

#[test]
fn a_server_trickling_a_byte_at_a_time_is_given_up_on() {
    run(async {
        let started = std::time::Instant::now();
        let err = fake_session(
            vec![b"+OK a very slow server greets you at last\r\n".to_vec()],
            true,
        )
        .await
        .err()
        .unwrap();
        assert!(matches!(err, Pop3Error::Timeout { .. }), "{err:?}");
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "{:?}",
            started.elapsed()
        );
    });
}

/// Download-and-delete into a folder here: every message stored once across runs, whatever
/// the policy was before; nothing deleted from the server that is not stored.
#[test]
fn download_stores_each_message_once_and_deletes_only_what_is_stored() {
    use jebi::pop3::{download, Policy};
    let msgs: Vec<Vec<u8>> = (0..30)
        .map(|i| simple_message(i, &format!("Kept {i}"), &format!("pop body {i}")))
        .collect();
    let src = message_dir(&msgs);
    let stack = MailStack::start(&[("alice", "pw-pop-1")], &[("alice", "INBOX", src.path())]);
    let data = tempfile::tempdir().unwrap();
    let writer = jebi::store::Writer::start(&data.path().join("mail.sqlite")).unwrap();
    let inbox = writer
        .run_blocking(jebi::engine::local_folders::ensure)
        .unwrap();
    let now = 1_780_000_000;
    let subjects = |writer: &jebi::store::Writer| -> Vec<String> {
        let mut s: Vec<String> = writer
            .run_blocking(move |db| db.list_messages(None, Some(inbox), 1000))
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .filter(|s| s.starts_with("Kept"))
            .collect();
        s.sort();
        s
    };
    run(async {
        let leave = Policy {
            leave_on_server: true,
            delete_after_days: Some(7),
            ..Policy::default()
        };
        let pop = session(&stack, Security::Tls).await;
        let done = download(pop, &writer, "acct", inbox, leave, now, &|_, _| {})
            .await
            .unwrap();
        assert_eq!((done.stored, done.deleted_on_server), (30, 0));
        let mut pop = session(&stack, Security::Tls).await;
        assert_eq!(pop.stat().await.unwrap().0, 30, "left on the server");
        pop.quit().await.unwrap();
        // A week later the same policy deletes them, and stores nothing twice.
        let pop = session(&stack, Security::Tls).await;
        let done = download(
            pop,
            &writer,
            "acct",
            inbox,
            leave,
            now + 8 * 86_400,
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!((done.stored, done.deleted_on_server), (0, 30));
        stack.deliver(
            "alice",
            "INBOX",
            &simple_message(40, "Kept 40", "late"),
            None,
        );
        let pop = session(&stack, Security::StartTls).await;
        let done = download(
            pop,
            &writer,
            "acct",
            inbox,
            Policy::default(),
            now,
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!((done.stored, done.deleted_on_server), (1, 1));
        let mut pop = session(&stack, Security::Tls).await;
        assert_eq!(pop.stat().await.unwrap().0, 0);
        pop.quit().await.unwrap();
    });
    let got = subjects(&writer);
    let mut want: Vec<String> = (0..30).map(|i| format!("Kept {i}")).collect();
    want.push("Kept 40".into());
    want.sort();
    assert_eq!(got, want, "each message exactly once");
    let id = writer
        .run_blocking(move |db| db.list_messages(None, Some(inbox), 1000))
        .unwrap()
        .into_iter()
        .find(|m| m.subject == "Kept 7")
        .unwrap()
        .id;
    let raw = writer
        .run_blocking(move |db| db.message(id))
        .unwrap()
        .raw
        .unwrap();
    assert_eq!(raw, msgs[7], "stored byte for byte");
}

/// A server without UIDL: messages are told apart by Message-ID and size (TOP n 0), so a second
/// run stores nothing twice and deletes what the first stored.
#[test]
fn without_uidl_messages_are_known_by_their_header() {
    use jebi::pop3::{download, Policy};
    let data = tempfile::tempdir().unwrap();
    let writer = jebi::store::Writer::start(&data.path().join("mail.sqlite")).unwrap();
    let inbox = writer
        .run_blocking(jebi::engine::local_folders::ensure)
        .unwrap();
    let one = "Message-ID: <one@x>\r\nSubject: first\r\n\r\nbody one\r\n";
    let two = "Subject: second, no id\r\n\r\nbody two\r\n";
    // Round 1 leaves the mail on the server (RETR, no DELE); round 2 retrieves nothing and
    // deletes both.
    let script = |round: u32| -> Vec<Vec<u8>> {
        let mut steps = vec![
            b"+OK ready\r\n".to_vec(),
            b"+OK\r\nPIPELINING\r\nUSER\r\nTOP\r\n.\r\n".to_vec(),
            b"+OK\r\n".to_vec(),
            b"+OK logged in\r\n".to_vec(),
            format!("+OK\r\n1 {}\r\n2 {}\r\n.\r\n", one.len(), two.len()).into_bytes(),
            b"-ERR UIDL not supported\r\n".to_vec(),
            b"+OK\r\nMessage-ID: <one@x>\r\nSubject: first\r\n\r\n.\r\n\
              +OK\r\nSubject: second, no id\r\n\r\n.\r\n"
                .to_vec(),
        ];
        if round == 1 {
            steps.push(format!("+OK\r\n{one}.\r\n+OK\r\n{two}.\r\n").into_bytes());
        } else {
            steps.push(b"+OK\r\n+OK\r\n".to_vec());
        }
        steps.push(b"+OK bye\r\n".to_vec());
        steps
    };
    run(async {
        let leave = Policy {
            leave_on_server: true,
            delete_after_days: None,
            ..Policy::default()
        };
        for (round, policy, want) in [(1, leave, (2, 0)), (2, Policy::default(), (0, 2))] {
            let mut pop = fake_session(script(round), false).await.unwrap();
            pop.login("alice", "pw").await.unwrap();
            let done = download(
                pop,
                &writer,
                "old-server",
                inbox,
                policy,
                1_780_000_000,
                &|_, _| {},
            )
            .await
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!((done.stored, done.deleted_on_server), want, "round {round}");
        }
    });
    let subjects: Vec<String> = writer
        .run_blocking(move |db| db.list_messages(None, Some(inbox), 100))
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .filter(|s| !s.starts_with("Welcome"))
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
}

/// A server offering APOP on an unencrypted connection gets the digest, never the password.
#[test]
fn apop_keeps_the_password_off_an_unencrypted_connection() {
    use tokio::io::AsyncBufReadExt;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heard = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            listener.set_nonblocking(true).unwrap();
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let (sock, _) = listener.accept().await.unwrap();
            let mut sock = tokio::io::BufReader::new(sock);
            sock.get_mut()
                .write_all(b"+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n")
                .await
                .unwrap();
            let mut lines = Vec::new();
            for answer in [&b"-ERR no CAPA\r\n"[..], b"+OK maildrop locked\r\n"] {
                let mut line = String::new();
                sock.read_line(&mut line).await.unwrap();
                lines.push(line.trim_end().to_string());
                sock.get_mut().write_all(answer).await.unwrap();
            }
            lines
        })
    });
    run(async {
        let tls = TlsClient::new(&TrustSettings::default()).unwrap();
        let mut server = server(port, Security::Plain);
        server.host = "127.0.0.1".into();
        let mut pop = Pop3::connect(&server, &tls, quick()).await.unwrap();
        pop.login("mrose", "tanstaaf").await.unwrap();
    });
    let lines = heard.join().unwrap();
    assert_eq!(
        lines,
        ["CAPA", "APOP mrose c4c9334bac560ecc979e58001b3e22fb"],
        "RFC 1939's example"
    );
}
