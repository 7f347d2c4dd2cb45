//! `mailto:` URLs (RFC 6068) handed over by browsers and other programs. Property: a hostile
//! URL never adds a header: no address or subject holds a line break, every address holds one
//! `@`, the caps hold, and there is no way to name an attachment.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let url = format!("mailto:{}", String::from_utf8_lossy(data));
    for text in [url.as_str(), &String::from_utf8_lossy(data)] {
        let Ok(m) = jebi::mailto::parse(text) else { continue };
        let addresses: Vec<&String> = m.to.iter().chain(&m.cc).chain(&m.bcc).collect();
        assert!(addresses.len() <= jebi::mailto::MAX_ADDRESSES);
        for a in addresses {
            assert!(!a.contains(['\r', '\n', ',']), "{a:?}");
            // `Name <a@b>` or `a@b`: the address itself has one @ and no bracket or space.
            let bare = match (a.rfind('<'), a.ends_with('>')) {
                (Some(open), true) => &a[open + 1..a.len() - 1],
                _ => a.as_str(),
            };
            let bare = bare.trim();
            assert!(!bare.contains(['<', '>', ' ']), "{a:?}");
            assert_eq!(bare.matches('@').count(), 1, "{a:?}");
        }
        assert!(!m.subject.contains(['\r', '\n']), "{:?}", m.subject);
        assert!(m.subject.chars().count() <= jebi::mailto::MAX_SUBJECT);
        if let Some(id) = &m.in_reply_to {
            assert!(!id.contains(['\r', '\n', '<', '>']), "{id:?}");
        }
        assert!(!m.body.contains('\r'), "body keeps a CR: {:?}", m.body);
    }
});
