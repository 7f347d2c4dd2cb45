//! Convergence under random interleaving: 500 changes to one mailbox, some by Jebi (flags,
//! moves, deletions, folders; offline about half of the time, so they wait in its queue) and
//! some by a second IMAP client (flags, moves, expunges, new mail). After the last `jebi sync`
//! the index equals the server exactly and every message nobody deleted is there exactly once.
//!
//! The run is seeded and prints its seed; `JEBI_CONVERGENCE_SEED=N` repeats one.

use crate::support::{message_dir, Jebi, MailStack, MailboxState};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

const CHANGES: usize = 500;
const FIRST_MESSAGES: usize = 40;
const USER: &str = "alice";

/// Picking at random from a seeded generator (fastrand), so a run repeats from its seed.
struct Dice(fastrand::Rng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n.max(1))
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.0.u64(..100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `most` different items.
    fn some<T: Clone>(&mut self, items: &[T], most: usize) -> Vec<T> {
        let mut pool: Vec<T> = items.to_vec();
        let n = 1 + self.below(most.min(pool.len()));
        (0..n)
            .map(|_| pool.swap_remove(self.below(pool.len())))
            .collect()
    }
}

/// Message `n`: subject "Conv n", Message-ID <convn@example.test> (the subject names it in
/// the index, the Message-ID on the server).
fn message(n: usize) -> String {
    format!(
        "From: Peer <peer@example.test>\r\nTo: alice@example.test\r\nSubject: Conv {n}\r\n\
         Date: Mon, {day} Nov 2026 10:00:00 +0000\r\nMessage-ID: <conv{n}@example.test>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nMessage {n}.\r\n",
        day = 1 + n % 28
    )
}

/// A message as Jebi's index shows it.
#[derive(Clone)]
struct Row {
    id: String,
    folder: String,
    n: usize,
    /// 0 while a queued move or copy waits for the server to tell the UID.
    uid: u64,
}

fn number(subject: &str) -> usize {
    subject
        .strip_prefix("Conv ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected subject {subject:?}"))
}

/// Jebi's folders and messages (two reads of the local store).
fn local_view(jebi: &Jebi) -> (Vec<String>, Vec<Row>) {
    let folders = jebi.json(&["folders"]);
    let names = folders[0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    let list = jebi.json(&["list", "--limit", "1000000"]);
    let rows = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| Row {
            id: m["id"].as_i64().unwrap().to_string(),
            folder: m["folder"].as_str().unwrap().to_string(),
            n: number(m["subject"].as_str().unwrap()),
            uid: m["uid"].as_u64().unwrap(),
        })
        .collect();
    (names, rows)
}

/// A message as the server holds it.
#[derive(Clone)]
struct ServerMessage {
    folder: String,
    uid: String,
    message_id: String,
}

/// Every server message with its Message-ID (via the peer).
fn server_messages(stack: &MailStack) -> (Vec<String>, Vec<ServerMessage>) {
    let v: serde_json::Value = serde_json::from_str(&stack.peer(USER, &["messages"])).unwrap();
    let mut folders = Vec::new();
    let mut out = Vec::new();
    for (folder, msgs) in v.as_object().unwrap() {
        folders.push(folder.clone());
        for (uid, m) in msgs.as_object().unwrap() {
            out.push(ServerMessage {
                folder: folder.clone(),
                uid: uid.clone(),
                message_id: m["id"].as_str().unwrap_or("").to_string(),
            });
        }
    }
    (folders, out)
}

/// What happened, for the report and the final checks.
#[derive(Default)]
struct Tally {
    changes: usize,
    jebi_online: usize,
    jebi_offline: usize,
    peer: usize,
    syncs: usize,
    commands: usize,
    /// Message numbers that exist (made at the start or appended by the peer).
    made: BTreeSet<usize>,
    /// Message numbers someone deleted for good (they may or may not survive, as the other
    /// side may have moved them first).
    deleted: BTreeSet<usize>,
    next_message: usize,
    next_folder: usize,
    /// Messages one side touched last: the other side picks among them half of the time, so
    /// that the two often act on the same mail.
    touched_by_jebi: Vec<usize>,
    touched_by_peer: Vec<usize>,
    /// Conflicts Jebi reported (its own change met one by the other client).
    conflicts: usize,
    /// Jebi's changes to mail whose earlier queued move had not reached the server yet.
    on_waiting_mail: usize,
    /// Messages the other client changed since Jebi's last sync (Jebi's view of them is old).
    peer_touched_since_sync: BTreeSet<usize>,
    /// Flags Jebi set or cleared on messages it saw as they were, and nobody touched since:
    /// (message, "seen" | "flagged") -> on. The server must hold them in the end.
    intended: BTreeMap<(usize, &'static str), bool>,
    /// Likewise the folder Jebi put a message in (followed through Jebi's renames), and the
    /// messages it deleted for good.
    placed: BTreeMap<usize, String>,
    gone: BTreeSet<usize>,
}

impl Tally {
    fn synced(&mut self) {
        self.syncs += 1;
        self.peer_touched_since_sync.clear();
    }

    fn peer_touched(&mut self, n: usize) {
        self.touched_by_peer.push(n);
        self.peer_touched_since_sync.insert(n);
        self.intended.retain(|(m, _), _| *m != n);
        self.placed.remove(&n);
        self.gone.remove(&n);
    }

    /// Jebi put these messages in `folder` (None: deleted them for good).
    fn jebi_placed(&mut self, rows: &[Row], folder: Option<&str>) {
        for r in rows {
            self.placed.remove(&r.n);
            self.gone.remove(&r.n);
            if self.peer_touched_since_sync.contains(&r.n) {
                continue;
            }
            match folder {
                Some(f) => {
                    self.placed.insert(r.n, f.to_string());
                }
                None => {
                    self.gone.insert(r.n);
                }
            }
        }
    }
}

/// Run jebi and require success; counts the conflicts it reported on stderr.
fn run(jebi: &Jebi, args: &[&str], t: &mut Tally) {
    let out = jebi.run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "jebi {args:?} failed: {err}");
    t.conflicts += err
        .lines()
        .filter(|l| l.contains("did not happen") || l.contains("already gone"))
        .count();
    t.commands += 1;
}

/// Up to `most` rows, half of the time among those the other side touched last.
fn choose<T: Clone>(rng: &mut Dice, all: &[T], most: usize, hot: impl Fn(&T) -> bool) -> Vec<T> {
    let hot: Vec<T> = all.iter().filter(|x| hot(x)).cloned().collect();
    if !hot.is_empty() && rng.chance(50) {
        rng.some(&hot, most)
    } else {
        rng.some(all, most)
    }
}

/// Jebi's pick: a third of the time among mail it moved while offline (still waiting for its
/// UID: later changes must learn it), else as `choose`.
fn choose_rows(rng: &mut Dice, rows: &[Row], most: usize, hot: &[usize]) -> Vec<Row> {
    let waiting: Vec<Row> = rows.iter().filter(|r| r.uid == 0).cloned().collect();
    if !waiting.is_empty() && rng.chance(33) {
        rng.some(&waiting, most)
    } else {
        choose(rng, rows, most, |r| hot.contains(&r.n))
    }
}

fn jebi_turn(jebi: &Jebi, rng: &mut Dice, offline: bool, t: &mut Tally) {
    let before = t.changes;
    let hot = std::mem::take(&mut t.touched_by_peer);
    for _ in 0..1 + rng.below(3) {
        // Each command acts on what the index shows now (the last one may have moved rows, or
        // dropped those the server no longer had).
        let (folders, rows) = local_view(jebi);
        t.commands += 2;
        let roll = rng.below(100);
        let mut args: Vec<String> = Vec::new();
        if roll < 15 || rows.is_empty() {
            let custom: Vec<&String> = folders.iter().filter(|f| f.starts_with('F')).collect();
            t.next_folder += 1;
            let new = format!("F{}", t.next_folder);
            if custom.len() < 3 || rng.chance(40) {
                args.extend(["folder".into(), "create".into(), new]);
            } else {
                let old = (*rng.pick(&custom)).clone();
                for f in t.placed.values_mut().filter(|f| **f == old) {
                    *f = new.clone();
                }
                args.extend(["folder".into(), "rename".into(), old, new]);
            }
            t.changes += 1;
        } else if roll < 50 {
            let chosen = choose_rows(rng, &rows, 4, &hot);
            t.touched_by_jebi.extend(chosen.iter().map(|r| r.n));
            let (change, which, on) = *rng.pick(&[
                ("--seen", "seen", true),
                ("--unseen", "seen", false),
                ("--flagged", "flagged", true),
                ("--unflagged", "flagged", false),
            ]);
            for r in &chosen {
                if t.peer_touched_since_sync.contains(&r.n) {
                    t.intended.remove(&(r.n, which));
                } else {
                    t.intended.insert((r.n, which), on);
                }
            }
            args.push("flag".into());
            args.extend(chosen.iter().map(|r| r.id.clone()));
            args.push(change.into());
            t.changes += chosen.len();
        } else if roll < 80 {
            let chosen = choose_rows(rng, &rows, 4, &hot);
            t.touched_by_jebi.extend(chosen.iter().map(|r| r.n));
            let to = rng.pick(&folders).clone();
            t.jebi_placed(&chosen, Some(&to));
            args.push("move".into());
            args.extend(chosen.iter().map(|r| r.id.clone()));
            args.extend(["--to".into(), to]);
            t.changes += chosen.len();
        } else {
            // Deletion acts on one folder: to Trash, or for good from Trash.
            let folder = choose(rng, &rows, 1, |r| hot.contains(&r.n))[0]
                .folder
                .clone();
            let here: Vec<Row> = rows
                .iter()
                .filter(|r| r.folder == folder)
                .cloned()
                .collect();
            let chosen = choose_rows(rng, &here, 3, &hot);
            t.touched_by_jebi.extend(chosen.iter().map(|r| r.n));
            args.push("delete".into());
            args.extend(chosen.iter().map(|r| r.id.clone()));
            if folder == "Trash" {
                args.push("--permanent".into());
                t.deleted.extend(chosen.iter().map(|r| r.n));
                t.jebi_placed(&chosen, None);
            } else {
                t.jebi_placed(&chosen, Some("Trash"));
            }
            t.changes += chosen.len();
        }
        if offline {
            args.push("--offline".into());
        }
        let waiting: BTreeSet<String> = rows
            .iter()
            .filter(|r| r.uid == 0)
            .map(|r| r.id.clone())
            .collect();
        t.on_waiting_mail += args.iter().filter(|a| waiting.contains(*a)).count();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(jebi, &args, t);
    }
    let done = t.changes - before;
    if offline {
        t.jebi_offline += done;
    } else {
        t.jebi_online += done;
    }
}

fn peer_turn(stack: &MailStack, rng: &mut Dice, t: &mut Tally) {
    let (folders, mut messages) = server_messages(stack);
    let hot = std::mem::take(&mut t.touched_by_jebi);
    let mut script: Vec<Vec<String>> = Vec::new();
    for _ in 0..1 + rng.below(6) {
        let roll = rng.below(100);
        if roll < 25 || messages.is_empty() {
            t.next_message += 1;
            let n = t.next_message;
            t.made.insert(n);
            script.push(vec![
                "append-raw".into(),
                rng.pick(&folders).clone(),
                message(n),
            ]);
        } else {
            let hot_at: Vec<usize> = (0..messages.len())
                .filter(|&i| hot.contains(&number_of_id(&messages[i].message_id)))
                .collect();
            let i = choose(rng, &(0..messages.len()).collect::<Vec<_>>(), 1, |i| {
                hot_at.contains(i)
            })[0];
            let m = messages[i].clone();
            t.peer_touched(number_of_id(&m.message_id));
            if roll < 60 {
                let flag = rng.pick(&["(\\Seen)", "(\\Flagged)"]);
                let sign = rng.pick(&["+FLAGS", "-FLAGS"]);
                script.push(vec![
                    "store".into(),
                    m.folder,
                    m.uid,
                    sign.to_string(),
                    flag.to_string(),
                ]);
            } else if roll < 85 {
                messages.swap_remove(i);
                let others: Vec<String> = folders
                    .iter()
                    .filter(|f| **f != m.folder)
                    .cloned()
                    .collect();
                let to = rng.pick(&others).clone();
                script.push(vec!["move".into(), m.folder, m.uid, to]);
            } else {
                messages.swap_remove(i);
                t.deleted.insert(number_of_id(&m.message_id));
                script.push(vec!["expunge".into(), m.folder, m.uid]);
            }
        }
        t.changes += 1;
        t.peer += 1;
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_vec(&script).unwrap()).unwrap();
    stack.peer(USER, &["script", &file.path().to_string_lossy()]);
    t.commands += 2;
}

fn number_of_id(message_id: &str) -> usize {
    message_id
        .strip_prefix("<conv")
        .and_then(|s| s.strip_suffix("@example.test>"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected Message-ID {message_id:?}"))
}

fn non_empty(mut s: MailboxState) -> MailboxState {
    s.retain(|_, m| !m.is_empty());
    s
}

#[test]
fn five_hundred_random_changes_from_two_clients_converge() {
    let seed = std::env::var("JEBI_CONVERGENCE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    println!("convergence seed: {seed} (JEBI_CONVERGENCE_SEED={seed} repeats this run)");
    let mut rng = Dice(fastrand::Rng::with_seed(seed));
    let started = Instant::now();

    let first: Vec<Vec<u8>> = (1..=FIRST_MESSAGES)
        .map(|n| message(n).into_bytes())
        .collect();
    let src = message_dir(&first);
    let stack = MailStack::start(
        &[(USER, "pw-converge-7731")],
        &[(USER, "INBOX", src.path())],
    );
    let jebi = Jebi::new();
    jebi.add_account(&stack, "work", USER);
    jebi.ok(&["sync"]);
    let mut t = Tally {
        made: (1..=FIRST_MESSAGES).collect(),
        next_message: FIRST_MESSAGES,
        ..Tally::default()
    };

    let mut offline = false;
    while t.changes < CHANGES {
        if rng.chance(55) {
            // Jebi goes offline or comes back now and then; coming back is a sync.
            if rng.chance(30) {
                if offline {
                    run(&jebi, &["sync"], &mut t);
                    t.synced();
                }
                offline = !offline;
            } else if !offline && rng.chance(15) {
                run(&jebi, &["sync"], &mut t);
                t.synced();
            }
            jebi_turn(&jebi, &mut rng, offline, &mut t);
        } else {
            peer_turn(&stack, &mut rng, &mut t);
        }
    }
    run(&jebi, &["sync"], &mut t);
    t.synced();
    let acting = started.elapsed();

    // Nothing waits; the index equals the server, folder by folder, UID by UID, flag by flag.
    let pending = jebi.json(&["pending"]);
    assert_eq!(
        pending,
        serde_json::json!([]),
        "still queued after the last sync"
    );
    let server = non_empty(stack.server_state(USER));
    let local = non_empty(jebi.local_state("work"));
    assert_eq!(
        local, server,
        "seed {seed}: index (left) and server (right) differ"
    );

    // The same message under each UID here and there, and every message nobody deleted is on
    // the server exactly once.
    let (_, on_server) = server_messages(&stack);
    let mut count: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut by_place: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for m in &on_server {
        let n = number_of_id(&m.message_id);
        count
            .entry(n)
            .or_default()
            .push(format!("{} {}", m.folder, m.uid));
        by_place.insert((m.folder.clone(), m.uid.parse().unwrap()), n);
    }
    for folder in local.keys() {
        let list = jebi.json(&["list", "--folder", folder, "--limit", "1000000"]);
        for m in list.as_array().unwrap() {
            let place = (folder.clone(), m["uid"].as_u64().unwrap() as u32);
            let n = number(m["subject"].as_str().unwrap());
            assert_eq!(
                by_place.get(&place),
                Some(&n),
                "seed {seed}: the index has Conv {n} at {place:?}, the server another message"
            );
        }
    }
    for (n, places) in &count {
        assert!(
            places.len() == 1,
            "seed {seed}: Conv {n} is on the server {} times: {places:?}",
            places.len()
        );
        assert!(t.made.contains(n), "seed {seed}: unknown message {n}");
    }
    // Jebi's flag changes on mail nobody else touched reached the server (none was dropped
    // on the way, as a conflict or otherwise).
    let flags_now: BTreeMap<usize, (bool, bool)> = on_server
        .iter()
        .map(|m| {
            let uid: u32 = m.uid.parse().unwrap();
            (number_of_id(&m.message_id), server[&m.folder][&uid])
        })
        .collect();
    for ((n, which), on) in &t.intended {
        let Some(&(seen, flagged)) = flags_now.get(n) else {
            continue;
        };
        let now = if *which == "seen" { seen } else { flagged };
        assert_eq!(
            now, *on,
            "seed {seed}: Jebi set {which}={on} on Conv {n}, the server has {which}={now}"
        );
    }
    // And where Jebi put mail nobody else touched since, it is; what it deleted is gone.
    let folder_now: BTreeMap<usize, &str> = on_server
        .iter()
        .map(|m| (number_of_id(&m.message_id), m.folder.as_str()))
        .collect();
    for (n, folder) in &t.placed {
        assert_eq!(
            folder_now.get(n).copied(),
            Some(folder.as_str()),
            "seed {seed}: Jebi put Conv {n} in {folder}"
        );
    }
    for n in &t.gone {
        assert!(
            !folder_now.contains_key(n),
            "seed {seed}: Jebi deleted Conv {n} for good, the server has it in {:?}",
            folder_now[n]
        );
    }
    let lost: Vec<&usize> = t
        .made
        .iter()
        .filter(|n| !t.deleted.contains(n) && !count.contains_key(n))
        .collect();
    assert!(lost.is_empty(), "seed {seed}: messages lost: {lost:?}");

    let total = started.elapsed();
    println!(
        "convergence: seed {seed}: {} changes ({} by Jebi online, {} by Jebi offline, {} by the \
         other client), {} conflicts reported, {} changes to mail whose move was still queued, {} commands, {} syncs, {} messages made, {} deleted on purpose, {} on the \
         server at the end; acting {:.1?}, in all {:.1?}",
        t.changes,
        t.jebi_online,
        t.jebi_offline,
        t.peer,
        t.conflicts,
        t.on_waiting_mail,
        t.commands,
        t.syncs,
        t.made.len(),
        t.deleted.len(),
        on_server.len(),
        acting,
        total
    );
}
