//! `jebi mailto:...` against the real window under Xvfb: the first opens the window with a
//! composer filled in from the URL; a second hands its URL to the running one and exits.

use super::desktop::{one_at_a_time, open_window, screenshot, start_display, until, window_id};
use crate::support::Jebi;
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn a_mailto_url_opens_a_composer_and_a_second_one_goes_to_the_running_jebi() {
    let _serial = one_at_a_time();
    let jebi = Jebi::new();
    let display = start_display();
    let mut first = jebi.cmd();
    first
        .arg("mailto:minji@example.kr?subject=Picnic%20plans&body=Shall%20we%3F")
        .env("DISPLAY", &display.name)
        .env("ICED_BACKEND", "tiny-skia")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut app = first.spawn().unwrap();
    let composer = until(Duration::from_secs(40), || {
        window_id(&display.name, "^Picnic plans$").is_some()
    });
    if !composer {
        let shot = screenshot(&display.name, "mailto-first.png");
        let _ = app.kill();
        panic!(
            "no composer titled by the URL's subject (screenshot {})",
            shot.display()
        );
    }
    assert!(
        window_id(&display.name, "^Jebi").is_some(),
        "the main window too"
    );

    // A second start with another URL: handed over, exits at once, the first opens it.
    let started = Instant::now();
    let out = jebi
        .cmd()
        .arg("mailto:bob@example.com?subject=%EC%A0%9C%EB%B9%84%20second")
        .env("DISPLAY", &display.name)
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took < Duration::from_secs(5),
        "the second jebi took {took:?}"
    );
    let second = until(Duration::from_secs(10), || {
        window_id(&display.name, "second$").is_some()
    });
    let shot = screenshot(&display.name, "mailto-second.png");
    assert!(
        second,
        "the running Jebi opened no composer for the second URL ({})",
        shot.display()
    );
    // A plain second start only brings the window forward: no second main window.
    let out = jebi.cmd().env("DISPLAY", &display.name).output().unwrap();
    assert!(out.status.success());
    assert!(
        app.try_wait().unwrap().is_none(),
        "the first Jebi still runs"
    );
    let mains = std::process::Command::new("xdotool")
        .args(["search", "--name", "^Jebi"])
        .env("DISPLAY", &display.name)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&mains.stdout).lines().count(), 1);
    let _ = app.kill();
    let _ = app.wait();
    // Killed: its socket is left behind, and the next start is not blocked by it.
    assert!(jebi::instance::socket_path(jebi.data.path()).exists());
    let mut again = open_window(&jebi, &display.name, &[], Stdio::null());
    let up = until(Duration::from_secs(40), || {
        window_id(&display.name, "^Jebi").is_some()
    });
    let _ = again.kill();
    let _ = again.wait();
    assert!(up, "a stale socket blocked the next start");
}
