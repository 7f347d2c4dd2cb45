//! The line reader spoken before TLS (IMAP and SMTP STARTTLS). Property: it never reads past
//! a line (the lines it returned are exactly the start of the stream, so bytes injected after
//! a STARTTLS go-ahead stay unread), every line ends in LF, and none is over the limit.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let max = 64;
    let (lines, stopped) = jebi::fuzzing::plain_lines(data, max);
    let joined: Vec<u8> = lines.concat();
    assert!(data.starts_with(&joined), "read past what it returned");
    for line in &lines {
        assert!(line.len() <= max && line.ends_with(b"\n"), "{line:?}");
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
    }
    if stopped == "Closed" {
        // Everything before the end was returned as lines, except an unterminated tail.
        assert!(!data[joined.len()..].contains(&b'\n'));
    }
});
