//! `List-Unsubscribe` / `List-Unsubscribe-Post` (RFC 2369 / 8058). Property: only http(s) and
//! mailto targets are kept, and one-click only with https.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (value, post) = match text.split_once('\u{0}') {
        Some((v, p)) => (v, Some(p)),
        None => (&*text, None),
    };
    if let Some(u) = jebi::mime::unsubscribe::from_headers(value, post) {
        if let Some(web) = &u.web {
            let lower = web.to_ascii_lowercase();
            assert!(lower.starts_with("https://") || lower.starts_with("http://"), "{web:?}");
            if u.one_click {
                assert!(lower.starts_with("https://"), "one-click over {web:?}");
            }
        }
        if let Some(mail) = &u.mail {
            assert!(!mail.to.contains(['\r', '\n']), "{:?}", mail.to);
        }
    }
});
