//! POP3 replies (RFC 1939): status lines, STAT, LIST and UIDL lines, the APOP greeting.
//! Property: a unique id is 1-70 characters of 0x21-0x7E; an APOP timestamp is `<...@...>`.
#![no_main]
use jebi::pop3::reply;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for line in data.split(|&b| b == b'\n') {
        let _ = reply::status(line);
        let _ = reply::list_line(line);
        if let Some((_, id)) = reply::uidl_line(line) {
            assert!(!id.is_empty() && id.len() <= 70, "{id:?}");
            assert!(id.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{id:?}");
        }
        let text = String::from_utf8_lossy(line);
        let _ = reply::stat(&text);
        if let Some(stamp) = reply::apop_timestamp(&text) {
            assert!(stamp.starts_with('<') && stamp.ends_with('>') && stamp.contains('@'));
            assert!(!stamp[1..stamp.len() - 1].contains('>'), "{stamp:?}");
        }
    }
    let _ = reply::header_key(data, data.len() as u64);
});
