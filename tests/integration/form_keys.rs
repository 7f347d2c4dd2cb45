//! The window as a keyboard user meets it, under Xvfb against real Dovecot: an account added
//! with keys alone (xdotool key presses, no clicks), a wrong security choice recognised within
//! seconds, and a window that will not shrink below its minimum.

use super::desktop::{
    focus_window, one_at_a_time, open_window, screenshot, start_display, until, xdotool,
};
use crate::support::{Jebi, MailStack};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Type `text` into the focused field.
fn type_text(display: &str, text: &str) {
    assert!(xdotool(display, &["type", "--delay", "20", text]));
}

fn key(display: &str, name: &str) {
    assert!(xdotool(display, &["key", name]));
    std::thread::sleep(Duration::from_millis(150));
}

#[test]
fn an_account_is_added_with_the_keyboard_alone() {
    let _serial = one_at_a_time();
    let stack = MailStack::start(&[("alice", "pw-keys-7")], &[]);
    let jebi = Jebi::new();
    let display = start_display();
    // The test server's CA is trusted the way a system CA would be (rustls reads
    // SSL_CERT_FILE), so no "Trust this certificate" click is needed.
    let ca = stack.ca_file.to_string_lossy().to_string();
    let mut app = open_window(
        &jebi,
        &display.name,
        &[("SSL_CERT_FILE", &ca)],
        Stdio::null(),
    );
    let appeared = until(Duration::from_secs(40), || {
        geometry(&display.name).is_some()
    });
    let crash = std::fs::read_to_string(jebi.data.path().join("crash.log")).unwrap_or_default();
    assert!(
        appeared,
        "no window: {:?}; crash.log: {crash}",
        app.try_wait()
    );
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        focus_window(&display.name, "^Jebi"),
        "cannot focus the window"
    );
    // The form opens with the address field focused; Tab walks the fields in order:
    // address, password, account name, login, server; Enter adds the account.
    type_text(&display.name, "alice@example.test");
    key(&display.name, "Tab");
    type_text(&display.name, "pw-keys-7");
    key(&display.name, "Tab");
    key(&display.name, "Tab");
    type_text(&display.name, "alice");
    key(&display.name, "Tab");
    type_text(&display.name, &format!("127.0.0.1:{}", stack.imaps_port));
    key(&display.name, "Return");
    let added = until(Duration::from_secs(40), || {
        let list = jebi.json(&["account", "list"]);
        list.as_array().is_some_and(|a| !a.is_empty())
    });
    let shot = screenshot(&display.name, "form-keys.png");
    let _ = app.kill();
    let _ = app.wait();
    assert!(
        added,
        "no account after the keyboard-only form (screenshot: {})",
        shot.display()
    );
    let list = jebi.json(&["account", "list"]);
    let account = &list[0];
    // No name typed: the address names the account; the login and server are as typed.
    assert_eq!(account["name"], "alice@example.test", "{list}");
    assert_eq!(account["email"], "alice@example.test", "{list}");
    assert_eq!(account["imap"]["port"], stack.imaps_port, "{list}");
    assert_eq!(account["imap"]["login"], "alice", "{list}");
    // The password went to the keyring: the CLI logs in with it.
    let synced = jebi
        .cmd()
        .arg("sync")
        .env("SSL_CERT_FILE", &ca)
        .output()
        .unwrap();
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    jebi.assert_password_absent("pw-keys-7");
}

#[test]
fn starttls_on_the_tls_port_is_recognised_within_seconds() {
    let stack = MailStack::start(&[("alice", "pw-keys-8")], &[]);
    let jebi = Jebi::new();
    let started = Instant::now();
    let out = jebi.with_password(
        &[
            "account",
            "add",
            "--name",
            "work",
            "--email",
            "alice@example.test",
            "--login",
            "alice",
            "--imap",
            &format!("127.0.0.1:{}", stack.imaps_port),
            "--imap-security",
            "starttls",
            "--ca-file",
            &stack.ca_file.to_string_lossy(),
            "--password-stdin",
        ],
        "pw-keys-8",
    );
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(took < Duration::from_secs(15), "took {took:?}: {said}");
    assert!(
        said.contains("expects SSL/TLS from the start") && said.contains("--imap-security tls"),
        "{said}"
    );
    // And the other way round: SSL/TLS against the plain-text port says so at once.
    let out = jebi.with_password(
        &[
            "account",
            "add",
            "--name",
            "work",
            "--email",
            "alice@example.test",
            "--login",
            "alice",
            "--imap",
            &format!("127.0.0.1:{}", stack.imap_port),
            "--imap-security",
            "tls",
            "--ca-file",
            &stack.ca_file.to_string_lossy(),
            "--password-stdin",
        ],
        "pw-keys-8",
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("does not speak SSL/TLS on this port; it expects STARTTLS"),
        "{said}"
    );
}

/// The window's size as X sees it.
fn geometry(display: &str) -> Option<(u32, u32)> {
    let out = Command::new("xdotool")
        .args(["search", "--name", "^Jebi", "getwindowgeometry", "--shell"])
        .env("DISPLAY", display)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.trim().parse().ok())
    };
    Some((value("WIDTH=")?, value("HEIGHT=")?))
}

#[test]
fn the_window_does_not_shrink_below_its_minimum() {
    let _serial = one_at_a_time();
    let stack = MailStack::start(&[("alice", "pw-keys-9")], &[]);
    let jebi = Jebi::new();
    jebi.add_account(&stack, "Work", "alice");
    let display = start_display();
    let mut app = open_window(&jebi, &display.name, &[], Stdio::null());
    assert!(until(Duration::from_secs(30), || geometry(&display.name)
        .is_some()));
    // No window manager here: the app itself grows the window back.
    assert!(xdotool(
        &display.name,
        &["search", "--name", "Jebi", "windowsize", "400", "300"]
    ));
    let kept = until(Duration::from_secs(10), || {
        geometry(&display.name) == Some((760, 480))
    });
    std::thread::sleep(Duration::from_secs(1));
    let shot = screenshot(&display.name, "window-minimum.png");
    let size = geometry(&display.name);
    let _ = app.kill();
    let _ = app.wait();
    // The account's name ("Work", at the left under the views) still has its dark letters on
    // the light pane: the darkest pixel of that spot.
    let darkest = Command::new("convert")
        .arg(&shot)
        .args([
            "-crop",
            "40x14+8+97",
            "-colorspace",
            "gray",
            "-format",
            "%[fx:minima]",
            "info:",
        ])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .unwrap_or(1.0)
        })
        .unwrap_or(1.0);
    assert!(
        darkest < 0.4,
        "no account name at its place (darkest {darkest}; {})",
        shot.display()
    );
    assert!(
        kept,
        "the window is {size:?}, not its minimum 760x480 (screenshot: {})",
        shot.display()
    );
}
