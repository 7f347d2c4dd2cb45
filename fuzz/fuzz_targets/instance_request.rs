//! Lines read from the single-instance socket (any local process can write there). Property:
//! one request per line: what is sent on is one line, and reading it back gives the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    if let Some((request, sent)) = jebi::fuzzing::instance_request(&line) {
        assert_eq!(sent.matches('\n').count(), 1, "{sent:?}");
        assert!(sent.ends_with('\n') && !sent.contains('\r'));
        let again = jebi::fuzzing::instance_request(&sent).map(|(r, _)| r);
        assert_eq!(again, Some(request));
    }
});
