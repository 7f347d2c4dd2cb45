//! HTML into plain text (`html::to_plain_text`, used for snippets, search and replies).
//! Property: nothing from `<script>`/`<style>` survives, no control characters but line
//! breaks and tabs, and remote references are counted without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let text = jebi::mime::html::to_plain_text(&html);
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control character in {text:?}"
    );
    let _ = jebi::mime::html::remote_references(&html);
});
