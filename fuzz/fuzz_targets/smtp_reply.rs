//! SMTP replies read before TLS (greeting, EHLO, STARTTLS) and the EHLO extension list.
//! Property: a reply read is a three-digit code with as many lines as continuation markers
//! plus one; the SIZE limit read is a number the server wrote.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((code, lines)) = jebi::fuzzing::smtp_reply(data) {
        assert!((0..=999).contains(&code));
        assert!(!lines.is_empty());
        for line in &lines {
            assert!(!line.contains('\n'), "{line:?}");
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(size) = jebi::fuzzing::ehlo(&text) {
        assert!(text.contains(&size.to_string()), "SIZE {size} not in the reply");
    }
});
