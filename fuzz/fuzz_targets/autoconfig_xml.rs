//! Account configurations (`config-v1.1.xml`) from autoconfig hosts and the ISPDB. Property:
//! every server offered has a plausible host name and a port, logins hold no line break, and
//! the number of offers keeps its cap.
#![no_main]
use jebi::engine::discovery::config_xml::{parse, plausible_host};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|xml: &[u8]| {
    if let Ok(offers) = parse(xml, "alice@example.com") {
        assert!(offers.len() <= 32);
        for o in offers {
            assert!(plausible_host(&o.host) && o.port != 0, "{o:?}");
            assert!(!o.host.contains(['/', ':', '@', ' ']), "{o:?}");
            assert!(!o.login.contains(['\r', '\n']), "{o:?}");
        }
    }
});
