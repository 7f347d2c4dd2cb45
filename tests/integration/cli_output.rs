//! What the command line does with its output channels, whatever is on the other end.

use crate::support::Jebi;
use std::process::Stdio;

/// `jebi search ... | head`: once the reader has gone, the command ends quietly with the
/// status a closed pipe gives (141), not with a bug report and a crash log.
#[test]
fn a_reader_that_went_away_ends_the_command_quietly() {
    let jebi = Jebi::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = jebi
        .cmd()
        .arg("settings")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
    assert!(!jebi.data.path().join("crash.log").exists());
    // With a reader, the same command prints the settings.
    assert!(jebi.ok(&["settings"]).contains("theme"));
}

/// `jebi` with no command hands over to `jebi-window` beside it; a copy of `jebi` alone says
/// what is missing in one sentence (and commands still work).
#[test]
fn jebi_without_its_window_binary_says_what_is_missing() {
    let jebi = Jebi::new();
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("jebi");
    std::fs::copy(env!("CARGO_BIN_EXE_jebi"), &copy).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(&copy)
            .arg("--data-dir")
            .arg(jebi.data.path())
            .args(args)
            .env("DISPLAY", ":9999")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("jebi-window could not be started"),
        "{stderr}"
    );
    assert!(
        stderr.contains("reinstalling Jebi brings it back"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let out = run(&["settings"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("theme"));
}
