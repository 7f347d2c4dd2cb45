//! RFC 2231 parameters (`name*=charset'lang'value`, continuations `name*0*=`) of a raw
//! Content-Type / Content-Disposition value. Property: only the extended form is decoded, and
//! every character decoded comes from at least one byte of the value (no amplification).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    if let Some(value) = jebi::fuzzing::rfc2231(raw, "filename") {
        let lower = raw.to_ascii_lowercase();
        assert!(
            lower.windows(9).any(|w| w == b"filename*"),
            "decoded {value:?} from a value with no extended parameter"
        );
        assert!(value.chars().count() <= raw.len(), "{value:?}");
    }
});
