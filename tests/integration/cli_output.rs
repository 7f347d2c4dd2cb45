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
