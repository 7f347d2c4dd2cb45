//! HTML mail into the reader's document (`html_doc::to_document`). Property: every link
//! target the walker returns is http, https or mailto; every image is remote http(s); the
//! text kept stays within the limit given.
#![no_main]
use jebi::mime::html_doc::{to_document, BlockKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    // The reader's own cap; for half of the inputs a small one (from the first byte), so the
    // cutting is exercised too (inputs here are far shorter than the reader's cap).
    let max = match data.first() {
        Some(&b) if b >= 128 => usize::from(b) * 16,
        _ => jebi::mime::html_doc::SHOWN_TEXT_LIMIT,
    };
    let doc = to_document(&html, max);
    let mut chars = 0;
    for block in &doc.blocks {
        if let BlockKind::Image { url, .. } = &block.kind {
            let lower = url.to_ascii_lowercase();
            assert!(
                lower.starts_with("http://") || lower.starts_with("https://"),
                "image {url:?}"
            );
        }
        for span in &block.spans {
            chars += span.text.chars().count();
            if let Some(link) = &span.link {
                let lower = link.trim_start().to_ascii_lowercase();
                assert!(
                    lower.starts_with("http://")
                        || lower.starts_with("https://")
                        || lower.starts_with("mailto:"),
                    "link {link:?}"
                );
            }
        }
    }
    // Everything kept counts against the cap: text, a link's shown target, an image's alt
    // text, and the spaces joining a flattened table's cells.
    assert!(chars <= max, "{chars} chars kept, cap {max}");
});
