//! Conversations: linking by each header, out-of-order arrival, folders, subjects, hostile ids.

use super::*;
use crate::mime::Address;
use crate::store::{Db, FolderRole, NewEnvelope, ParsedBody};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const DAY: i64 = 86_400;
const T0: i64 = 1_790_000_000;

struct Store {
    _dir: tempfile::TempDir,
    db: Db,
    inbox: i64,
    sent: i64,
}

fn store() -> Store {
    let (dir, db, inbox) = crate::store::test_store::with_inbox();
    let sent = db
        .upsert_folder("a", "Sent", "Sent", Some("/"), Some(FolderRole::Sent), true)
        .unwrap();
    Store {
        _dir: dir,
        db,
        inbox,
        sent,
    }
}

fn mail(uid: u32, id: &str, subject: &str, day: i64) -> NewEnvelope {
    NewEnvelope {
        uid,
        subject: subject.into(),
        date: Some(T0 + day * DAY),
        message_id: (!id.is_empty()).then(|| format!("<{id}>")),
        from: vec![Address {
            name: Some(format!("Sender {id}")),
            email: format!("{id}@x.test"),
        }],
        ..NewEnvelope::default()
    }
}

fn reply(uid: u32, id: &str, parent: &str, day: i64) -> NewEnvelope {
    NewEnvelope {
        in_reply_to: Some(format!("<{parent}>")),
        ..mail(uid, id, "Re: Plans", day)
    }
}

impl Store {
    fn put(&mut self, folder: i64, envelopes: &[NewEnvelope]) {
        self.db.insert_envelopes(folder, envelopes).unwrap();
    }

    /// Store messages as a body download does (full headers known).
    fn put_full(&mut self, folder: i64, envelopes: &[NewEnvelope]) {
        let bodies: Vec<ParsedBody> = envelopes
            .iter()
            .map(|e| ParsedBody {
                envelope: e.clone(),
                raw_fallback: false,
                raw: crate::store::RawBody::Inline(b"Subject: x\r\n\r\nbody\r\n".to_vec()),
                search_text: String::new(),
                snippet: String::new(),
                report: None,
            })
            .collect();
        self.db.insert_bodies(folder, &bodies).unwrap();
    }

    fn thread_of(&self, folder: i64, uid: u32) -> i64 {
        self.db
            .conn()
            .query_row(
                "SELECT thread_id FROM messages WHERE folder_id = ?1 AND uid = ?2",
                params![folder, uid],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Every row's conversation, as sets of (folder, uid), sorted: comparable across runs.
    fn partition(&self) -> Vec<Vec<(i64, u32)>> {
        let mut by: HashMap<i64, Vec<(i64, u32)>> = HashMap::new();
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT thread_id, folder_id, uid FROM messages")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        for r in rows {
            let (t, f, u) = r.unwrap();
            by.entry(t).or_default().push((f, u));
        }
        let mut out: Vec<_> = by
            .into_values()
            .map(|mut v| {
                v.sort();
                v
            })
            .collect();
        out.sort();
        out
    }
}

#[test]
fn subjects_lose_reply_and_forward_prefixes() {
    assert_eq!(
        subject_key("Re: Fwd: 회신: 전달: Hello"),
        ("hello".into(), true)
    );
    assert_eq!(
        subject_key("RE[2]: FW:  Budget   2026"),
        ("budget 2026".into(), true)
    );
    assert_eq!(subject_key("Re : Aw: x"), ("x".into(), true));
    assert_eq!(subject_key("회신：회의 일정"), ("회의 일정".into(), true));
    assert_eq!(subject_key("Hello"), ("hello".into(), false));
    assert_eq!(
        subject_key("Regarding: the plan"),
        ("regarding: the plan".into(), false)
    );
    assert_eq!(subject_key("Re:"), ("".into(), true));
}

#[test]
fn ids_are_normalized_and_bounded() {
    assert_eq!(normalize_id(" <a@b> ").as_deref(), Some("a@b"));
    assert_eq!(normalize_id("a@b").as_deref(), Some("a@b"));
    assert_eq!(normalize_id("<>"), None);
    assert_eq!(normalize_id("<a b@c>"), None);
    assert_eq!(ids_in("<a@x> (comment) <b@x>"), vec!["a@x", "b@x"]);
    let refs: Vec<String> = (0..1000).map(|i| format!("<r{i}@x>")).collect();
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    let kept = bounded_references(&refs, None);
    assert_eq!(kept.len(), MAX_REFERENCES);
    assert_eq!(kept[0], "r0@x");
    assert_eq!(kept[MAX_REFERENCES - 1], "r999@x");
    assert_eq!(kept[1], format!("r{}@x", 1000 - (MAX_REFERENCES - 1)));
}

#[test]
fn replies_link_by_in_reply_to_alone() {
    let mut s = store();
    let (inbox, sent) = (s.inbox, s.sent);
    s.put(inbox, &[mail(1, "p", "Plans", 0), reply(2, "r", "p", 1)]);
    s.put(inbox, &[mail(3, "other", "Plans", 2)]);
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(inbox, 2));
    assert_ne!(s.thread_of(inbox, 1), s.thread_of(inbox, 3));
    let list = s.db.list_conversations(Some("a"), None, 10).unwrap();
    assert_eq!(list.len(), 2);
    // Newest activity first: "other" (day 2), then the pair (day 1).
    assert_eq!(list[0].count, 1);
    assert_eq!(list[1].count, 2);
    assert_eq!(list[1].subject, "Plans");
    assert_eq!(list[1].unread, 2);
    assert_eq!(list[1].latest_date, Some(T0 + DAY));
    assert_eq!(list[1].senders, vec!["Sender p", "Sender r"]);
    let _ = sent;
}

#[test]
fn replies_link_by_references_alone() {
    let mut s = store();
    let inbox = s.inbox;
    // From the full header (body download): References only, no In-Reply-To.
    let raw = |id: &str, extra: &str, subject: &str| {
        format!(
            "From: x@x.test\r\nSubject: {subject}\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\
             Message-ID: <{id}>\r\n{extra}Content-Type: text/plain\r\n\r\nhello\r\n"
        )
        .into_bytes()
    };
    let bodies = [
        ParsedBody::from_raw(1, vec![], None, raw("root@x", "", "Topic"), 1024),
        ParsedBody::from_raw(
            2,
            vec![],
            None,
            raw(
                "leaf@x",
                "References: <root@x> <middle@x>\r\n",
                "Other words",
            ),
            1024,
        ),
    ];
    s.db.insert_bodies(inbox, &bodies).unwrap();
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(inbox, 2));
    // Envelopes that carry References (a POP3 or local import) link the same way.
    s.put(
        inbox,
        &[NewEnvelope {
            references: vec!["<middle@x>".into()],
            ..mail(3, "late", "Unrelated subject", 5)
        }],
    );
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(inbox, 3));
    let stored: String =
        s.db.conn()
            .query_row("SELECT refs FROM messages WHERE uid = 2", [], |r| r.get(0))
            .unwrap();
    assert_eq!(stored, "root@x middle@x");
}

#[test]
fn a_reply_stored_before_its_parent_merges_the_conversations() {
    let mut s = store();
    let inbox = s.inbox;
    // c answers b, b answers a; c and a arrive first (newest-first sync), then b links them.
    s.put(inbox, &[reply(3, "c", "b", 2)]);
    s.put(inbox, &[mail(1, "a", "Plans", 0)]);
    assert_ne!(s.thread_of(inbox, 1), s.thread_of(inbox, 3));
    s.put(inbox, &[reply(2, "b", "a", 1)]);
    let t = s.thread_of(inbox, 1);
    assert_eq!(s.thread_of(inbox, 2), t);
    assert_eq!(s.thread_of(inbox, 3), t);
    let ids: Vec<i64> =
        s.db.conn()
            .prepare("SELECT DISTINCT thread_id FROM thread_ids")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    assert_eq!(ids, vec![t], "every id follows the merge");
    let list = s.db.list_conversations(None, Some(inbox), 10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].count, 3);
    let dates: Vec<_> =
        s.db.conversation_messages(t)
            .unwrap()
            .iter()
            .map(|m| m.date)
            .collect();
    assert_eq!(dates, vec![Some(T0), Some(T0 + DAY), Some(T0 + 2 * DAY)]);
}

#[test]
fn my_reply_in_sent_joins_the_inbox_conversation() {
    let mut s = store();
    let (inbox, sent) = (s.inbox, s.sent);
    s.put(
        inbox,
        &[mail(1, "q", "Question", 0), reply(2, "answer2", "mine", 2)],
    );
    s.put(
        sent,
        &[NewEnvelope {
            flags: vec!["\\Seen".into()],
            ..reply(1, "mine", "q", 1)
        }],
    );
    let list = s.db.list_conversations(None, Some(inbox), 10).unwrap();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].count, 3);
    assert_eq!(list[0].unread, 2);
    let folders: Vec<String> =
        s.db.conversation_messages(list[0].thread_id)
            .unwrap()
            .into_iter()
            .map(|m| m.folder)
            .collect();
    assert_eq!(folders, vec!["Inbox", "Sent", "Inbox"]);
    // The Sent folder lists the same conversation.
    let from_sent = s.db.list_conversations(None, Some(sent), 10).unwrap();
    assert_eq!(from_sent, list);
    // What each folder holds of it: the two in the Inbox, the reply in Sent.
    let here = |folder| -> Vec<i64> {
        let listed = s.db.folder_conversations(folder, 10).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, list[0]);
        listed[0].1.iter().map(|m| m.id).collect()
    };
    assert_eq!(
        here(inbox),
        vec![list[0].message_ids[0], list[0].message_ids[2]]
    );
    assert_eq!(here(sent), vec![list[0].message_ids[1]]);
    assert_eq!(
        s.db.conversation_of(list[0].message_ids[1]).unwrap(),
        Some(list[0].thread_id)
    );
}

#[test]
fn the_subject_joins_mail_without_headers_only_within_the_window() {
    let mut s = store();
    let inbox = s.inbox;
    let lunch = [
        mail(1, "l1", "Lunch plans", 0),
        mail(2, "l2", "Re: Lunch plans", 3),
        // 37 days after the nearest earlier one: a new conversation.
        mail(3, "l3", "RE:  lunch   PLANS", 40),
    ];
    // An envelope cannot tell whether References follow: no subject match yet.
    s.put(inbox, &lunch);
    assert_ne!(s.thread_of(inbox, 1), s.thread_of(inbox, 2));
    // The full headers (with the bodies) show none of the linking headers.
    s.put_full(inbox, &lunch);
    s.put_full(
        inbox,
        &[
            // Two plain "Hello"s a day apart never merge.
            mail(4, "h1", "Hello", 0),
            mail(5, "h2", "Hello", 1),
            // Linking headers win: an unknown parent keeps it apart from the subject.
            NewEnvelope {
                in_reply_to: Some("<elsewhere@x>".into()),
                ..mail(6, "l4", "Re: Lunch plans", 4)
            },
        ],
    );
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(inbox, 2));
    assert_ne!(s.thread_of(inbox, 2), s.thread_of(inbox, 3));
    assert_ne!(s.thread_of(inbox, 4), s.thread_of(inbox, 5));
    assert_ne!(s.thread_of(inbox, 6), s.thread_of(inbox, 1));
    // The original stored after its header-less reply still finds it.
    s.put_full(
        inbox,
        &[
            mail(8, "m2", "Fwd: Minutes", 11),
            mail(7, "m1", "Minutes", 10),
        ],
    );
    assert_eq!(s.thread_of(inbox, 7), s.thread_of(inbox, 8));
    let incremental = s.partition();
    s.db.rethread_all().unwrap();
    assert_eq!(s.partition(), incremental);
}

#[test]
fn accounts_never_share_a_conversation_and_copies_count_once() {
    let mut s = store();
    let inbox = s.inbox;
    let other =
        s.db.upsert_folder(
            "b",
            "INBOX",
            "Inbox",
            Some("/"),
            Some(FolderRole::Inbox),
            true,
        )
        .unwrap();
    let all_mail =
        s.db.upsert_folder("a", "[Gmail]/All Mail", "All Mail", Some("/"), None, true)
            .unwrap();
    s.put(inbox, &[mail(1, "p", "Plans", 0), reply(2, "r", "p", 1)]);
    s.put(other, &[mail(1, "p", "Plans", 0)]);
    s.put(all_mail, &[mail(1, "p", "Plans", 0), reply(2, "r", "p", 1)]);
    // The same id twice in one folder: two messages.
    s.put(inbox, &[mail(3, "p", "Plans (again)", 2)]);
    assert_ne!(s.thread_of(inbox, 1), s.thread_of(other, 1));
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(all_mail, 2));
    let list = s.db.list_conversations(Some("a"), None, 10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].count, 3);
    assert_eq!(
        s.db.conversation_messages(list[0].thread_id).unwrap().len(),
        3
    );
    assert_eq!(s.db.list_conversations(None, None, 10).unwrap().len(), 2);
}

#[test]
fn listing_orders_by_newest_activity_and_stops_at_the_limit() {
    let mut s = store();
    let inbox = s.inbox;
    let mut envelopes = Vec::new();
    for i in 0..50u32 {
        envelopes.push(mail(
            i * 2 + 1,
            &format!("t{i}"),
            &format!("Topic {i}"),
            i as i64,
        ));
        envelopes.push(reply(
            i * 2 + 2,
            &format!("r{i}"),
            &format!("t{i}"),
            100 - i as i64,
        ));
    }
    s.put(inbox, &envelopes);
    let list = s.db.list_conversations(None, Some(inbox), 5).unwrap();
    assert_eq!(list.len(), 5);
    let dates: Vec<_> = list.iter().map(|c| c.latest_date.unwrap()).collect();
    assert_eq!(
        dates,
        (0..5).map(|i| T0 + (100 - i) * DAY).collect::<Vec<_>>()
    );
    assert!(list
        .iter()
        .all(|c| c.count == 2 && c.message_ids.len() == 2));
}

#[test]
fn hostile_references_stay_bounded_and_fast() {
    let mut s = store();
    let inbox = s.inbox;
    let many: Vec<String> = (0..10_000).map(|i| format!("<h{i}@x>")).collect();
    let started = Instant::now();
    s.put(
        inbox,
        &[NewEnvelope {
            references: many.clone(),
            ..mail(1, "big", "Hostile", 0)
        }],
    );
    // A loop: each refers to the other, and one to itself.
    s.put(
        inbox,
        &[
            NewEnvelope {
                references: vec!["<loop2@x>".into(), "<loop1@x>".into()],
                ..mail(2, "loop1", "Loop", 1)
            },
            NewEnvelope {
                references: vec!["<loop1@x>".into()],
                in_reply_to: Some("<loop1@x>".into()),
                ..mail(3, "loop2", "Loop", 2)
            },
        ],
    );
    // Another message naming the same 10,000 ids, as a raw header through the parser.
    let raw = format!(
        "From: x@x.test\r\nSubject: again\r\nMessage-ID: <big2@x>\r\nReferences: {}\r\n\r\nbody\r\n",
        many.join(" ")
    );
    let body = ParsedBody::from_raw(4, vec![], None, raw.into_bytes(), 1024);
    assert!(body.envelope.references.len() <= 256);
    assert_eq!(body.envelope.references.last().unwrap(), "h9999@x");
    s.db.insert_bodies(inbox, &[body]).unwrap();
    s.db.rethread_all().unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert_eq!(s.thread_of(inbox, 2), s.thread_of(inbox, 3));
    assert_eq!(s.thread_of(inbox, 1), s.thread_of(inbox, 4));
    let ids: i64 =
        s.db.conn()
            .query_row("SELECT count(*) FROM thread_ids", [], |r| r.get(0))
            .unwrap();
    assert!(
        ids <= 2 * (MAX_REFERENCES as i64 + 1) + 2,
        "{ids} ids stored"
    );
    let refs: String =
        s.db.conn()
            .query_row("SELECT refs FROM messages WHERE uid = 1", [], |r| r.get(0))
            .unwrap();
    assert_eq!(refs.split(' ').count(), MAX_REFERENCES);
}

#[test]
fn rethreading_everything_agrees_with_threading_as_stored() {
    let mut s = store();
    let (inbox, sent) = (s.inbox, s.sent);
    // Threads of 1 to 4 messages, stored newest first, replies spread over Inbox and Sent.
    let mut uid = 0;
    for t in 0..40i64 {
        let size = 1 + t % 4;
        for k in (0..size).rev() {
            uid += 1;
            let id = format!("m{t}-{k}");
            let e = if k == 0 {
                mail(uid, &id, &format!("Topic {t}"), t)
            } else {
                NewEnvelope {
                    references: (0..k).map(|j| format!("<m{t}-{j}@x>")).collect(),
                    ..reply(uid, &id, &format!("m{t}-{}", k - 1), t + k)
                }
            };
            s.put(if k % 2 == 1 { sent } else { inbox }, &[e]);
        }
    }
    let incremental = s.partition();
    assert_eq!(incremental.len(), 40);
    assert_eq!(s.db.rethread_all().unwrap(), 40);
    assert_eq!(s.partition(), incremental);
    // New mail after a rethread keeps joining the right conversations.
    s.put(inbox, &[reply(1000, "late", "m3-3", 30)]);
    assert_eq!(s.partition().len(), 40);
}

#[test]
fn an_upgraded_store_is_threaded_when_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::store::schema::migrate_to(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO folders (id, account_id, name, display_name) VALUES (1, 'a', 'INBOX', 'Inbox');
             INSERT INTO messages (folder_id, uid, subject, date, message_id, in_reply_to)
             VALUES (1, 1, 'Plans', 10, 'p@x', NULL), (1, 2, 'Re: Plans', 20, '<r@x>', '<p@x>'),
                    (1, 3, 'Other', 30, 'o@x', NULL);",
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let list = db.list_conversations(None, None, 10).unwrap();
    let counts: Vec<usize> = list.iter().map(|c| c.count).collect();
    assert_eq!(counts, vec![1, 2]);
}

/// SQLite plans a statement again after rusqlite hands it back to its cache (which clears its
/// bindings) when a bound value might change its plan: per-message statements stay held.
#[test]
fn per_message_statements_are_planned_once() {
    let mut s = store();
    let inbox = s.inbox;
    let mut batch = Vec::new();
    for i in 0..30u32 {
        let subject = if i % 2 == 0 { "Minutes" } else { "Re: Minutes" };
        batch.push(mail(i * 2 + 1, &format!("s{i}"), subject, i as i64));
        batch.push(reply(
            i * 2 + 2,
            &format!("t{i}"),
            &format!("s{i}"),
            i as i64,
        ));
    }
    // One batch (a transaction) holds its statements: planned once, not once a message.
    s.put_full(inbox, &batch);
    for sql in [SUBJECT_EARLIER, SUBJECT_LATER, BY_MESSAGE_ID, BY_MISSING_ID] {
        let stmt = s.db.conn().prepare_cached(sql).unwrap();
        let runs = stmt.get_status(rusqlite::StatementStatus::Run);
        assert!(runs >= 30, "{sql}: {runs} runs");
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "{sql}"
        );
    }
}

#[test]
fn rows_stored_without_threading_list_as_single_conversations() {
    // As bench/fill_local.py writes them: straight into the table, no thread_id.
    let s = store();
    s.db.conn()
        .execute(
            "INSERT INTO messages (folder_id, uid, subject, date) VALUES (?1, 1, 'Raw', 5)",
            [s.inbox],
        )
        .unwrap();
    let row = s.db.conn().last_insert_rowid();
    let list = s.db.list_conversations(None, Some(s.inbox), 10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].thread_id, -row);
    assert_eq!(list[0].message_ids, vec![row]);
    assert_eq!(s.db.conversation_of(row).unwrap(), Some(-row));
    assert_eq!(s.db.conversation_messages(-row).unwrap()[0].id, row);
    assert_eq!(s.db.conversation_of(row + 1).unwrap(), None);
}

/// Mail as a first sync meets it: replies before and after their parents, ids that are never
/// stored, copies in Sent, messages without an id, odd id forms, reply subjects.
fn tangled_mail(seed: u64, n: u32) -> Vec<(bool, NewEnvelope)> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut below = |limit: u64| rng.u64(..limit);
    let id = |k: u64| format!("m{k}@x");
    let mut out = Vec::new();
    for uid in 1..=n {
        let k = below(n as u64);
        let mut e = mail(
            uid,
            "",
            ["Plans", "Re: Plans", "Lunch"][below(3) as usize],
            0,
        );
        e.date = Some(T0 + below(60) as i64 * DAY);
        e.message_id = match below(10) {
            0 => None,
            1 => Some(id(k)),
            2 => Some(format!(" <{}> ", id(k))),
            _ => Some(format!("<{}>", id(k))),
        };
        if below(2) == 0 {
            e.in_reply_to = Some(format!("<{}>", id(below(n as u64 + 20))));
        }
        for _ in 0..below(4) {
            e.references.push(format!("<{}>", id(below(n as u64 + 20))));
        }
        out.push((below(5) == 0, e));
    }
    out
}

impl Store {
    /// Every remembered id with the rows of its conversation: comparable across runs.
    fn remembered(&self) -> Vec<(String, Vec<(i64, u32)>)> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT t.message_id, m.folder_id, m.uid FROM thread_ids t
                 JOIN messages m ON m.thread_id = t.thread_id ORDER BY 1, 2, 3",
            )
            .unwrap();
        let mut out: Vec<(String, Vec<(i64, u32)>)> = Vec::new();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        for r in rows {
            let (id, f, u) = r.unwrap();
            match out.last_mut() {
                Some((last, v)) if *last == id => v.push((f, u)),
                _ => out.push((id, vec![(f, u)])),
            }
        }
        out
    }

    fn index_lookups(&self) -> i32 {
        let stmt = self.db.conn().prepare_cached(BY_MESSAGE_ID).unwrap();
        stmt.get_status(rusqlite::StatementStatus::Run)
    }

    /// A write of no consequence: the writer's memo of ids no longer holds after it.
    fn touch(&self) {
        self.db
            .conn()
            .execute(
                "UPDATE folders SET display_name = display_name WHERE id = ?1",
                [self.inbox],
            )
            .unwrap();
    }
}

#[test]
fn threading_from_memory_matches_threading_from_the_indexes() {
    for seed in 1..=6u64 {
        let tangled = tangled_mail(seed, 400);
        let batches = |s: &Store| -> Vec<(i64, Vec<NewEnvelope>)> {
            tangled
                .chunks(37)
                .flat_map(|c| {
                    let sent: Vec<_> = c.iter().filter(|m| m.0).map(|m| m.1.clone()).collect();
                    let inbox: Vec<_> = c.iter().filter(|m| !m.0).map(|m| m.1.clone()).collect();
                    [(s.inbox, inbox), (s.sent, sent)]
                })
                .collect()
        };
        // A first sync: one memo across every batch and both folders.
        let mut memo = store();
        for (folder, batch) in batches(&memo) {
            memo.put(folder, &batch);
        }
        assert_eq!(memo.index_lookups(), 0, "seed {seed}: the memo answered");
        // The same mail with a write between batches: every lookup goes to the indexes.
        // (A remembered id of no conversation: the account is not empty from the start.)
        let mut indexed = store();
        indexed
            .db
            .conn()
            .execute(
                "INSERT INTO thread_ids (account_id, message_id, thread_id) VALUES ('a', 'z', -1)",
                [],
            )
            .unwrap();
        for (folder, batch) in batches(&indexed) {
            indexed.touch();
            indexed.put(folder, &batch);
        }
        assert!(indexed.index_lookups() > 400, "seed {seed}");
        assert_eq!(memo.partition(), indexed.partition(), "seed {seed}");
        assert_eq!(memo.remembered(), indexed.remembered(), "seed {seed}");
        assert!(
            memo.partition().len() < 300,
            "seed {seed}: conversations formed"
        );
    }
}

#[test]
fn a_write_between_batches_sends_threading_back_to_the_indexes() {
    let remembered = |s: &Store, id: &str| -> i64 {
        s.db.conn()
            .query_row(
                "SELECT count(*) FROM thread_ids WHERE message_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    // The parent is deleted between two batches: by the writer, or by another connection
    // (another process). The reply then names a parent that is not stored.
    let deletes: [fn(&Store); 2] = [
        |s| {
            s.db.conn()
                .execute("DELETE FROM messages WHERE uid = 1", [])
                .unwrap();
        },
        |s| {
            Connection::open(s.db.conn().path().unwrap())
                .unwrap()
                .execute("DELETE FROM messages WHERE uid = 1", [])
                .unwrap();
        },
    ];
    for (i, delete) in deletes.iter().enumerate() {
        let mut s = store();
        let inbox = s.inbox;
        s.put(inbox, &[mail(1, "p", "Plans", 0)]);
        delete(&s);
        s.put(inbox, &[reply(2, "r", "p", 1)]);
        assert_eq!(remembered(&s, "p"), 1, "delete {i}");
    }
    // A UID stored twice in one batch keeps its first id: the second id is not stored.
    let mut s = store();
    let inbox = s.inbox;
    s.put(inbox, &[mail(1, "a", "Plans", 0), mail(1, "b", "Other", 0)]);
    s.put(inbox, &[reply(2, "r", "b", 1)]);
    assert_eq!(remembered(&s, "b"), 1, "b was never stored");
}

#[path = "threads_order_tests.rs"]
mod order;
