//! Delivery status and read-receipt reports (RFC 3464 / 8098) as they arrive in the Inbox.
//! Property: the summary is one line, the recipients keep their cap, and ids have no brackets.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    if let Some(report) = jebi::mime::report::parse_report(raw) {
        assert!(!report.summary.contains(['\r', '\n']), "{:?}", report.summary);
        if let Some(id) = &report.original_message_id {
            assert!(!id.starts_with('<') && !id.ends_with('>'), "{id:?}");
        }
        if let jebi::mime::report::ReportKind::Delivery(recipients) = &report.kind {
            assert!(recipients.len() <= jebi::mime::report::MAX_REPORT_RECIPIENTS);
        }
    }
});
