//! RFC 2047 header decoding (`decode_header_value`: encoded words in any charset, folding).
//! Property: one line of text: no CR, LF or other control character survives.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let text = jebi::mime::decode_header_value(raw);
    assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
});
