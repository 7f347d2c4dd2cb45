//! A whole message as a server or sender hands it over: `mime::parse` (the reader's view
//! model), `parse_for_sync` and the search text. Property: attachment names are file names
//! (no path separator, no parent directory), the search text keeps its cap, and the sync parse
//! sees the same attachments by name.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let msg = jebi::mime::parse(raw);
    for a in &msg.attachments {
        assert!(
            !a.name.contains('/') && !a.name.contains('\\') && a.name != ".." && a.name != ".",
            "attachment name {:?} is a path",
            a.name
        );
        assert!(!a.name.chars().any(|c| c.is_control()), "{:?}", a.name);
    }
    assert!(msg.attachments.len() <= jebi::mime::MAX_ATTACHMENTS);
    let text = jebi::mime::searchable_text(&msg, 4096);
    assert!(text.len() <= 4096, "search text over its cap: {}", text.len());
    let sync = jebi::mime::parse_for_sync(raw);
    let names = |m: &jebi::mime::ParsedMessage| -> Vec<String> {
        m.attachments.iter().map(|a| a.name.clone()).collect()
    };
    assert_eq!(names(&msg), names(&sync));
    assert_eq!(msg.subject, sync.subject);
    assert!(!msg.subject.contains(['\r', '\n']), "{:?}", msg.subject);
});
