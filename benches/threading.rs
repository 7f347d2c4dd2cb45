//! Conversations on a big store: threading as messages are stored (IMAP envelopes, which carry
//! In-Reply-To but not References, in batches of 500, newest first, as a first sync stores
//! them), rethreading everything at once (with the References bodies would have brought), and
//! listing the conversations of a 100,000-message folder.
//!     cargo bench --bench threading
use jebi::mime::Address;
use jebi::store::{Db, FolderRole, NewEnvelope};
use std::time::Instant;

const INBOX_MESSAGES: usize = 100_000;
/// Own replies filed in Sent, in the Inbox's conversations.
const SENT_MESSAGES: usize = 10_000;
const T0: i64 = 1_700_000_000;

/// A small deterministic generator (no dependency, same corpus every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Conversation sizes: most mail stands alone, a few threads are long.
fn thread_size(rng: &mut Lcg) -> usize {
    match rng.below(100) {
        0..=57 => 1,
        58..=74 => 2,
        75..=84 => 3,
        85..=92 => 4 + rng.below(3) as usize,
        93..=97 => 7 + rng.below(9) as usize,
        _ => 16 + rng.below(35) as usize,
    }
}

struct Corpus {
    inbox: Vec<NewEnvelope>,
    sent: Vec<NewEnvelope>,
}

/// Inbox mail in threads (replies carry In-Reply-To and References, the path from the root),
/// 3% of replies with no linking header but a "Re:" subject, and own replies in Sent.
fn corpus() -> Corpus {
    let mut rng = Lcg(20_261_129);
    let mut inbox = Vec::with_capacity(INBOX_MESSAGES);
    let mut sent = Vec::with_capacity(SENT_MESSAGES);
    let mut t = 0usize;
    while inbox.len() < INBOX_MESSAGES {
        let size = thread_size(&mut rng);
        let start = T0 + rng.below(3 * 365 * 86_400) as i64;
        let subject = format!("Topic {t} about the quarterly report");
        // Each message's path from the root (ids), to build References.
        let mut paths: Vec<Vec<String>> = Vec::new();
        for k in 0..size {
            let id = format!("m{t}.{k}@bench.test");
            let date = start + k as i64 * (600 + rng.below(86_400) as i64);
            let parent = (k > 0).then(|| rng.below(k as u64) as usize);
            let mut path = parent.map(|p| paths[p].clone()).unwrap_or_default();
            let mut e = NewEnvelope {
                subject: if k == 0 {
                    subject.clone()
                } else {
                    format!("Re: {subject}")
                },
                date: Some(date),
                message_id: Some(format!("<{id}>")),
                from: vec![Address {
                    name: Some(format!("Sender {}", rng.below(5_000))),
                    email: format!("s{}@bench.test", rng.below(5_000)),
                }],
                size: 2_000,
                ..NewEnvelope::default()
            };
            if k > 0 && rng.below(100) >= 3 {
                e.in_reply_to = path.last().map(|p| format!("<{p}>"));
                // Kept aside: only the full header (the body download) brings References.
                e.references = path.clone();
            }
            if k > 0 && sent.len() < SENT_MESSAGES && rng.below(5) == 0 {
                e.flags = vec!["\\Seen".into()];
                sent.push(e);
            } else {
                if rng.below(3) > 0 {
                    e.flags = vec!["\\Seen".into()];
                }
                inbox.push(e);
            }
            path.push(id);
            paths.push(path);
        }
        t += 1;
    }
    inbox.truncate(INBOX_MESSAGES);
    for list in [&mut inbox, &mut sent] {
        list.sort_by_key(|e| std::cmp::Reverse(e.date));
        for (i, e) in list.iter_mut().enumerate() {
            e.uid = i as u32 + 1;
        }
    }
    Corpus { inbox, sent }
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (median(&mut samples), last.unwrap())
}

fn main() {
    // `cargo test --all-targets` also runs this binary (without `--bench`): nothing to time then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("threading: a benchmark; run it with `cargo bench --bench threading`");
        return;
    }
    let corpus = corpus();
    let total = corpus.inbox.len() + corpus.sent.len();
    let dir = tempfile::tempdir().unwrap();
    // THREADING_BENCH_DIR=DIR keeps the store there (an empty directory) for a look afterwards.
    let path = std::env::var_os("THREADING_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mut db = Db::open_in(&path).unwrap();
    let inbox = db
        .upsert_folder(
            "a",
            "INBOX",
            "Inbox",
            Some("/"),
            Some(FolderRole::Inbox),
            true,
        )
        .unwrap();
    let sent = db
        .upsert_folder("a", "Sent", "Sent", Some("/"), Some(FolderRole::Sent), true)
        .unwrap();

    // Stored as a first sync stores envelopes: newest first, 500 a transaction.
    let envelope = |e: &NewEnvelope| NewEnvelope {
        references: Vec::new(),
        ..e.clone()
    };
    let imap: Vec<(i64, Vec<NewEnvelope>)> = vec![
        (inbox, corpus.inbox.iter().map(envelope).collect()),
        (sent, corpus.sent.iter().map(envelope).collect()),
    ];
    let t = Instant::now();
    for (folder, list) in &imap {
        for batch in list.chunks(500) {
            db.insert_envelopes(*folder, batch).unwrap();
        }
    }
    let stored = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "store {total} envelopes (threaded as stored, 500 a transaction): {stored:.0} ms, {:.1} µs a message",
        stored * 1000.0 / total as f64
    );
    // What the body downloads add: References, and the full header known.
    {
        let tx = db.conn_mut().transaction().unwrap();
        {
            let mut set = tx
                .prepare(
                    "UPDATE messages SET refs = ?3, has_body = 1 WHERE folder_id = ?1 AND uid = ?2",
                )
                .unwrap();
            for (folder, list) in [(inbox, &corpus.inbox), (sent, &corpus.sent)] {
                for e in list {
                    let refs = (!e.references.is_empty()).then(|| e.references.join(" "));
                    set.execute(rusqlite::params![folder, e.uid, refs]).unwrap();
                }
            }
        }
        tx.commit().unwrap();
    }

    // Everything again from scratch (what an upgraded store does once).
    let mut runs = Vec::new();
    let mut conversations = 0;
    for _ in 0..5 {
        db.conn()
            .execute_batch(
                "UPDATE messages SET thread_id = NULL, subject_key = NULL; DELETE FROM thread_ids;",
            )
            .unwrap();
        let t = Instant::now();
        conversations = db.rethread_all().unwrap();
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "rethread {total} messages from scratch: median {:.0} ms of 5 ({conversations} conversations)",
        median(&mut runs)
    );
    let (again, _) = time(5, || db.rethread_all().unwrap());
    println!("rethread {total} messages already threaded: median {again:.0} ms of 5");

    for (what, limit) in [
        ("first 50", 50),
        ("first 1,000", 1_000),
        ("all", usize::MAX),
    ] {
        let (ms, list) = time(9, || {
            db.list_conversations(None, Some(inbox), limit).unwrap()
        });
        println!(
            "list conversations of the {INBOX_MESSAGES}-message Inbox, {what}: median {ms:.2} ms of 9 ({} conversations)",
            list.len()
        );
    }
    let (ms, _) = time(9, || db.list_conversations(Some("a"), None, 50).unwrap());
    println!("list conversations of the account, first 50: median {ms:.2} ms of 9");
    let biggest: i64 = db
        .conn()
        .query_row(
            "SELECT thread_id FROM messages GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // New mail on a big store (what an incremental sync stores): 50 replies, one transaction.
    let mut runs = Vec::new();
    let mut uid = corpus.inbox.len() as u32;
    for round in 0..9 {
        let batch: Vec<NewEnvelope> = (0..50)
            .map(|i| {
                uid += 1;
                let parent = &corpus.inbox[(round * 50 + i) * 97 % corpus.inbox.len()];
                NewEnvelope {
                    uid,
                    message_id: Some(format!("<new{uid}@bench.test>")),
                    in_reply_to: parent.message_id.clone(),
                    subject: format!("Re: {}", parent.subject),
                    date: Some(T0 + 4 * 365 * 86_400 + uid as i64),
                    ..NewEnvelope::default()
                }
            })
            .collect();
        let t = Instant::now();
        db.insert_envelopes(inbox, &batch).unwrap();
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "store 50 new replies into the {total}-message store (threaded as stored): median {:.2} ms of 9",
        median(&mut runs)
    );
    let (ms, list) = time(9, || db.conversation_messages(biggest).unwrap());
    println!(
        "one conversation's messages (the largest, {}): median {ms:.2} ms of 9",
        list.len()
    );
}
