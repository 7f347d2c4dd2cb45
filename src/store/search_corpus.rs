//! The synthetic mailbox the search benchmarks type into (headless: `search_as_you_type_latency`;
//! the real window: `bench/search_window.sh`, filled by `cargo bench --bench fill_search`):
//! messages whose subjects and bodies mix sixteen English and Korean words, 977 senders.

use super::{Db, ParsedBody, Result};

const WORDS: [&str; 16] = [
    "quarterly",
    "report",
    "lunch",
    "meeting",
    "invoice",
    "budget",
    "travel",
    "review",
    "회의",
    "일정",
    "보고서",
    "예산",
    "contract",
    "release",
    "holiday",
    "schedule",
];

/// Message `i` of the corpus.
pub fn message(i: u32) -> ParsedBody {
    let w = |k: u32| WORDS[((i / k) % 16) as usize];
    let date = chrono::DateTime::from_timestamp(1_600_000_000 + i as i64 * 60, 0)
        .map(|d| d.to_rfc2822())
        .unwrap_or_default();
    let raw = format!(
        "From: Sender {s} <s{s}@example.test>\r\nTo: me@example.test\r\n\
         Subject: {} {} {i}\r\nDate: {date}\r\n\r\n{} {} {} body {i}\r\n",
        w(1),
        w(7),
        w(3),
        w(11),
        w(13),
        s = i % 977,
    );
    ParsedBody::from_raw(i + 10, vec![], None, raw.into_bytes(), 4096)
}

/// Store messages `range` of the corpus in `folder`, 5,000 a transaction.
pub fn fill(db: &mut Db, folder: i64, range: std::ops::Range<u32>) -> Result<()> {
    let all: Vec<u32> = range.collect();
    for chunk in all.chunks(5_000) {
        let bodies: Vec<ParsedBody> = chunk.iter().map(|&i| message(i)).collect();
        db.insert_bodies(folder, &bodies)?;
    }
    Ok(())
}
