//! A whole message as a server or sender hands it over: `mime::parse` (the reader's view
//! model), `parse_for_sync` and the search text. Property: the file name an attachment is
//! saved under (`safe_file_name` of the name the sender wrote, which the reader shows as
//! written) is one plain name: no path separator, no parent directory, no control character;
//! the search text keeps its cap; the sync parse sees the same attachments by name.
#![no_main]
use jebi::engine::save_attachment::safe_file_name;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let msg = jebi::mime::parse(raw);
    for a in &msg.attachments {
        assert!(!a.name.chars().any(|c| c.is_control()), "{:?}", a.name);
        let file = safe_file_name(&a.name);
        assert!(
            !file.contains(['/', '\\']) && !file.starts_with('.') && !file.is_empty(),
            "attachment {:?} would be saved as {file:?}",
            a.name
        );
    }
    assert!(msg.attachments.len() <= jebi::mime::MAX_ATTACHMENTS);
    let limit = jebi::mime::SEARCH_TEXT_LIMIT;
    let text = jebi::mime::searchable_text(&msg, limit);
    assert!(text.len() <= limit, "search text over its cap: {}", text.len());
    // What a sync stores (attachment content left out) is what the reader shows.
    let sync = jebi::mime::parse_for_sync(raw);
    let names = |m: &jebi::mime::ParsedMessage| -> Vec<(String, String, bool)> {
        m.attachments
            .iter()
            .map(|a| (a.name.clone(), a.mime_type.clone(), a.inline))
            .collect()
    };
    assert_eq!(names(&msg), names(&sync));
    assert_eq!(msg.subject, sync.subject);
    assert_eq!(msg.text_body, sync.text_body);
    assert_eq!(msg.html_body, sync.html_body);
    assert_eq!((&msg.from, &msg.to, msg.date), (&sync.from, &sync.to, sync.date));
    assert_eq!(text, jebi::mime::searchable_text(&sync, limit));
    assert!(!msg.subject.contains(['\r', '\n']), "{:?}", msg.subject);
});
