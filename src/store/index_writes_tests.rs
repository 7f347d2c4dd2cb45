//! How the search index is written: each write of many messages flushes FTS5's pending terms
//! to disk once, not once a message. FTS5 flushes when a statement on another table opens a
//! statement savepoint between two index inserts, and when a row id is lower than the one
//! before it; a flush a message made thousands of one-leaf segments that cost more to merge
//! than the indexing itself. FTS5 counts the leaves written to level 0 in its structure
//! record, which these tests read.

use super::test_store::with_inbox as store;
use super::{Db, NewEnvelope, ParsedBody, RawBody};
use crate::mime::Address;

const N: u32 = 600;

fn mail(uid: u32) -> NewEnvelope {
    NewEnvelope {
        uid,
        subject: format!("Quarterly report number{uid}"),
        date: Some(1_790_000_000 + i64::from(uid)),
        message_id: Some(format!("<m{uid}@x.test>")),
        from: vec![Address {
            name: Some(format!("Sender{uid}")),
            email: format!("s{uid}@x.test"),
        }],
        ..NewEnvelope::default()
    }
}

/// SQLite's varint: big-endian groups of seven bits, the ninth byte whole.
fn varint(b: &[u8], i: &mut usize) -> u64 {
    let mut v = 0u64;
    for n in 0..9 {
        let byte = b[*i];
        *i += 1;
        if n == 8 {
            return (v << 8) | u64::from(byte);
        }
        v = (v << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            break;
        }
    }
    v
}

/// FTS5's structure record: a cookie, an optional version marker, the number of levels and
/// of segments, then its count of leaves written to level 0. Returns (segments, leaves).
/// A flush writes at least one leaf; one flush of these messages writes a few dozen (4 KB
/// pages of terms).
fn structure(db: &Db) -> (u64, u64) {
    let rec: Vec<u8> = db
        .conn()
        .query_row("SELECT block FROM search_data WHERE id = 10", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut i = 4;
    if rec[4..8] == [0xff, 0, 0, 1] {
        i = 8;
    }
    varint(&rec, &mut i);
    let segments = varint(&rec, &mut i);
    (segments, varint(&rec, &mut i))
}

/// Runs `write` (N messages) and checks it flushed the index once: a few dozen leaves, where
/// a flush a message would write at least N.
fn flushes_once(db: &mut Db, write: impl FnOnce(&mut Db)) {
    let before = structure(db).1;
    write(db);
    let leaves = structure(db).1 - before;
    assert!(
        leaves < u64::from(N / 10),
        "{leaves} leaves written for {N} messages"
    );
}

fn body(uid: u32) -> ParsedBody {
    ParsedBody {
        envelope: mail(uid),
        raw_fallback: false,
        raw: RawBody::Inline(b"Subject: x\r\n\r\nbody\r\n".to_vec()),
        search_text: format!("the budget figures word{uid}"),
        snippet: String::new(),
        report: None,
    }
}

fn hits(db: &Db, query: &str) -> usize {
    db.search(query, None, 1_000).unwrap().1
}

#[test]
fn indexing_the_headers_of_many_messages_flushes_the_index_once() {
    let (_dir, mut db, inbox) = store();
    let envelopes: Vec<NewEnvelope> = (1..=N).map(mail).collect();
    db.insert_envelopes(inbox, &envelopes).unwrap();
    flushes_once(&mut db, |db| {
        assert_eq!(db.index_unindexed(inbox).unwrap(), N as usize)
    });
    // Every message is in the index, and marked so (a second pass finds nothing to do).
    assert_eq!(hits(&db, "quarterly"), N as usize);
    assert_eq!(hits(&db, "number599"), 1);
    assert_eq!(db.index_unindexed(inbox).unwrap(), 0);
}

#[test]
fn bodies_whose_rows_come_newest_first_flush_the_index_once() {
    let (_dir, mut db, inbox) = store();
    // Envelopes newest first (as a first sync lists them), so row ids fall as UIDs rise; the
    // bodies then come in UID order, row ids descending.
    let envelopes: Vec<NewEnvelope> = (1..=N).rev().map(mail).collect();
    db.insert_envelopes(inbox, &envelopes).unwrap();
    let bodies: Vec<ParsedBody> = (1..=N).map(body).collect();
    flushes_once(&mut db, |db| db.insert_bodies(inbox, &bodies).unwrap());
    assert_eq!(hits(&db, "budget"), N as usize);
    assert_eq!(hits(&db, "word599"), 1);
    assert_eq!(hits(&db, "number599"), 1);
}

fn automerge(db: &Db) -> i64 {
    db.conn()
        .query_row(
            "SELECT v FROM search_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn write_batches(db: &mut Db, inbox: i64, batches: std::ops::Range<u32>) {
    for batch in batches {
        let bodies: Vec<ParsedBody> = (batch * 50 + 1..=batch * 50 + 50).map(body).collect();
        db.insert_bodies(inbox, &bodies).unwrap();
    }
}

/// A first sync writes the index a batch at a time (a segment each). A sync that is about to
/// write most of the index turns FTS5's merging off (the segments wait instead of being
/// rewritten on the way); at the end merging is back on and the index is merged into one
/// segment, and every search answers as in a store merged on the way. A smaller sync leaves
/// both alone.
#[test]
fn a_sync_that_writes_most_of_the_index_merges_it_once_at_the_end() {
    let (_dir, mut merged_on_the_way, inbox) = store();
    write_batches(&mut merged_on_the_way, inbox, 0..48);

    let (_dir2, mut db, inbox) = store();
    assert!(!db.begin_bulk_index(999).unwrap());
    assert_eq!(automerge(&db), 8);
    assert!(db.begin_bulk_index(2_400).unwrap());
    assert_eq!(automerge(&db), 0);
    // (FTS5 merges only after 64 leaves written, or at 16 segments a level: batches this
    // small do not show the difference; the bench corpus's, 80-odd leaves each, do.)
    write_batches(&mut db, inbox, 0..48);
    let (waiting, _) = structure(&db);
    assert!(waiting > 1, "{waiting} segments after 48 batches");
    let answers = |db: &Db| {
        [
            "budget",
            "word77",
            "number2399",
            "quarterly report",
            "s9@x.test",
        ]
        .map(|q| {
            let (rows, total) = db.search(q, None, 20).unwrap();
            (rows.into_iter().map(|r| r.id).collect::<Vec<_>>(), total)
        })
    };
    let want = answers(&merged_on_the_way);
    assert_eq!(want[0].1, 2400);
    assert_eq!(answers(&db), want);
    db.end_bulk_index().unwrap();
    assert_eq!(automerge(&db), 8);
    // Fewer than 1,000 messages, or less than half of the 2,400 indexed: left alone.
    assert!(!db.compact_search_index_after(999).unwrap());
    assert!(!db.compact_search_index_after(1_199).unwrap());
    assert_eq!(structure(&db).0, waiting);
    assert!(db.compact_search_index_after(1_200).unwrap());
    assert_eq!(structure(&db).0, 1);
    assert_eq!(answers(&db), want);
    // Fewer than the 2,400 the index holds would not be most of it.
    assert!(!db.begin_bulk_index(2_399).unwrap());
    assert_eq!(automerge(&db), 8);
}

/// A sync killed while merging was off: the next writer turns it back on.
#[test]
fn a_writer_turns_merging_back_on_after_a_killed_bulk_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(super::FILE_NAME);
    {
        let mut db = Db::open(&path).unwrap();
        assert!(db.begin_bulk_index(5_000).unwrap());
        assert_eq!(automerge(&db), 0);
    }
    let writer = super::Writer::start(&path).unwrap();
    assert_eq!(writer.run_blocking(|db| Ok(automerge(db))).unwrap(), 8);
}
