//! End to end: the real binary under Xvfb against real Dovecot. The account is set up with the
//! CLI; the window syncs it, shows the newest message at the top of the list, and a click on
//! that row opens it, which marks it read on the server. Mail delivered while the window is open
//! reaches its list through IDLE.

use super::desktop::{one_at_a_time, open_window, start_display, until, xdotool};
use crate::support::{simple_message, Jebi, MailStack};
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn window_lists_server_mail_and_opening_marks_it_read() {
    // The newest message is hostile HTML pointing at a loopback listener: opening it in the
    // reader must not touch the network.
    let _serial = one_at_a_time();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            if conn.is_ok() {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    let u = format!("http://127.0.0.1:{port}");
    let hostile = format!(
        "From: Sender 27 <sender27@example.test>\r\nTo: alice@example.test\r\n\
         Subject: Newest note from the server\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\
         Message-ID: <hostile@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n\
         <html><head><meta http-equiv=refresh content=\"0;url={u}/refresh\">\
         <link rel=stylesheet href=\"{u}/css\"><style>body{{background:url({u}/bg)}}</style>\
         <script src=\"{u}/js\"></script><script>fetch('{u}/inline')</script></head><body>\
         <p>Hello <a href=\"javascript:alert(1)\">click</a> <a href=\"{u}/real\">a link</a></p>\
         <img src=\"{u}/img\" srcset=\"{u}/img2 2x\"><form action=\"{u}/form\"><input></form>\
         <iframe src=\"{u}/frame\"></iframe></body></html>\r\n"
    );
    let src = crate::support::message_dir(&[
        simple_message(1, "Older note", "a"),
        simple_message(2, "Middle note", "b"),
        hostile.into_bytes(),
    ]);
    let stack = MailStack::start(
        &[("alice", "pw-window-41")],
        &[("alice", "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", "alice");
    let display = start_display();
    let mut app = open_window(
        &jebi,
        &display.name,
        &[("JEBI_LIST_TRACE", "1")],
        Stdio::piped(),
    );
    // What the message list holds each time it is filled ("jebi: list: N rows, newest: S").
    let lists = Arc::new(Mutex::new(Vec::<String>::new()));
    let stderr = app.stderr.take().unwrap();
    let seen_lists = lists.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.strip_prefix("jebi: list: ") {
                seen_lists.lock().unwrap().push(rest.to_string());
            }
        }
    });
    // The window's own worker syncs the account (nothing else does in this test).
    let synced = until(Duration::from_secs(40), || {
        let list = jebi.json(&["list", "--account", "work"]);
        list.as_array()
            .map(|l| l.len() == 3 && l.iter().all(|m| m["has_body"] == true))
            .unwrap_or(false)
    });
    assert!(synced, "the window did not sync the account");
    assert!(
        until(Duration::from_secs(20), || xdotool(
            &display.name,
            &["search", "--name", "Jebi"]
        )),
        "no Jebi window"
    );
    std::thread::sleep(Duration::from_secs(2));
    let newest_is_seen = || {
        stack
            .maildir_files("alice", "INBOX")
            .iter()
            .find(|p| {
                std::fs::read_to_string(p)
                    .unwrap_or_default()
                    .contains("Newest note")
            })
            .map(|p| {
                p.to_string_lossy()
                    .rsplit(":2,")
                    .next()
                    .unwrap_or("")
                    .contains('S')
            })
            .unwrap_or(false)
    };
    assert!(!newest_is_seen());
    // The first row of the message list, under the search field and the action buttons (the
    // window fills the screen's top-left corner).
    xdotool(&display.name, &["mousemove", "440", "100", "click", "1"]);
    let opened = until(Duration::from_secs(15), newest_is_seen);
    let listed = |wanted: &str| lists.lock().unwrap().iter().any(|l| l == wanted);
    let had_three = listed("3 rows, newest: Newest note from the server");
    // New mail while the window is open: IDLE wakes the worker and the open list refills.
    stack.deliver(
        "alice",
        "INBOX",
        b"From: Late <late@example.test>\r\nTo: alice@example.test\r\n\
          Subject: Pushed while the window is open\r\nDate: Sun, 29 Nov 2026 09:00:00 +0000\r\n\
          Message-ID: <late@example.test>\r\n\r\njust arrived\r\n",
        None,
    );
    let pushed = until(Duration::from_secs(30), || {
        listed("4 rows, newest: Pushed while the window is open")
    });
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-e2e.png");
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", &display.name)
        .status();
    let _ = app.kill();
    let _ = app.wait();
    assert!(
        opened,
        "clicking the first row did not open the newest message (screenshot: {})",
        shot.display()
    );
    assert!(
        had_three,
        "the list never showed the server's 3 messages: {:?}",
        lists.lock().unwrap()
    );
    assert!(
        pushed,
        "mail delivered while the window was open never reached its list: {:?} (screenshot: {})",
        lists.lock().unwrap(),
        shot.display()
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "opening hostile HTML reached the network"
    );
    jebi.assert_password_absent("pw-window-41");
}

/// `jebi` where there is no display (a server, an ssh session): one sentence saying so and how
/// to use the command line, a non-zero exit, no panic and no crash log.
#[test]
fn without_a_display_jebi_says_so_in_one_sentence() {
    let jebi = crate::support::Jebi::new();
    let out = jebi
        .cmd()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.starts_with("jebi: no display was found") && said.contains("jebi --help"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    assert!(!jebi.data.path().join("crash.log").exists());
}

#[test]
fn a_panic_says_one_plain_sentence_and_writes_the_crash_log() {
    let jebi = crate::support::Jebi::new();
    let out = jebi
        .cmd()
        .args(["folders"])
        .env("JEBI_TEST_PANIC", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert_eq!(
        said.lines().count(),
        1,
        "one sentence, no backtrace: {said}"
    );
    let log = jebi.data.path().join("crash.log");
    assert!(
        said.starts_with("jebi: something went wrong inside Jebi")
            && said.contains(&log.display().to_string()),
        "{said}"
    );
    assert!(!said.contains("panicked at"), "{said}");
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("a panic asked for by JEBI_TEST_PANIC"),
        "{written}"
    );
    assert!(written.contains("main"), "a backtrace: {written}");
}
