//! Working conversations out again from the stored rows: all of them at once (an upgraded
//! store, benchmarks), or one conversation that a message arriving later may split.

use super::{split_refs, subject_key, Linked, Threader, SUBJECT_WINDOW_SECS};
use crate::store::{Db, Result};
use rusqlite::{params, Connection};
use std::collections::HashMap;

impl Threader<'_> {
    /// Work out one conversation again from its messages' ids and subjects, as
    /// [`rethread`] does for all: it may fall apart into several (the part holding its
    /// oldest row keeps the id, the others get new ones). Remembered ids follow the rows that
    /// name them.
    pub(super) fn regroup(&mut self, thread: i64) -> Result<()> {
        type Row = (i64, Option<String>, Option<String>, Option<String>, String);
        let mut members: Vec<Row> = Vec::new();
        let mut keyed: Vec<Keyed<String>> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, message_id, in_reply_to, refs, subject, date, subject_key
                 FROM messages WHERE thread_id = ?1 ORDER BY id",
            )?;
            let mut q = stmt.query([thread])?;
            while let Some(r) = q.next()? {
                let (key, date): (Option<String>, Option<i64>) = (r.get(6)?, r.get(5)?);
                let (id, subject): (i64, String) = (r.get(0)?, r.get(4)?);
                if let Some(key) = key {
                    let prefixed = subject_key(&subject).1;
                    keyed.push((key, date.unwrap_or(0), id, prefixed, members.len() as u32));
                }
                members.push((id, r.get(1)?, r.get(2)?, r.get(3)?, subject));
            }
        }
        let n = members.len() as u32;
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut edges = Vec::new();
        for (node, (_, own, in_reply_to, refs, subject)) in members.iter().enumerate() {
            let refs = split_refs(refs.as_deref());
            let linked = Linked::new(own.as_deref(), in_reply_to.as_deref(), &refs, subject, None);
            for id in linked.own.into_iter().chain(linked.parents.iter().copied()) {
                let next = n + ids.len() as u32;
                edges.push((node as u32, *ids.entry(id).or_insert(next)));
            }
        }
        let mut sets = Sets((0..n + ids.len() as u32).collect());
        for (a, b) in edges {
            sets.union(a, b);
        }
        link_by_subject(&mut sets, keyed);
        // Roots are the smallest node of a set: row 0 (the oldest row) roots the part that
        // keeps the conversation's id.
        let mut new_ids: HashMap<u32, i64> = HashMap::new();
        let mut moves: Vec<(i64, i64)> = Vec::new();
        for node in 0..n {
            let root = sets.find(node);
            if root == 0 {
                continue;
            }
            let to = match new_ids.get(&root) {
                Some(&t) => t,
                None => {
                    let t = self.new_thread()?;
                    new_ids.insert(root, t);
                    t
                }
            };
            moves.push((members[node as usize].0, to));
        }
        if moves.is_empty() {
            return Ok(());
        }
        let mut update = self
            .conn
            .prepare_cached("UPDATE messages SET thread_id = ?2 WHERE id = ?1")?;
        for (row, to) in moves {
            update.execute(params![row, to])?;
        }
        let mut remember = self.conn.prepare_cached(
            "UPDATE thread_ids SET thread_id = ?3 WHERE account_id = ?1 AND message_id = ?2",
        )?;
        for (id, node) in &ids {
            if let Some(to) = new_ids.get(&sets.find(*node)) {
                remember.execute(params![self.account_id, id, to])?;
            }
        }
        // Ids in memory no longer describe these conversations.
        self.memo = None;
        Ok(())
    }
}

/// A message that may join by subject: (subject key, date, row id, is a reply or forward, its
/// node in the union-find).
type Keyed<K> = (K, i64, i64, bool, u32);

/// The subject rule, the same for one conversation and for all: in (key, date, row) order,
/// a reply or forward joins the message of its key just before it, at most
/// [`SUBJECT_WINDOW_SECS`] earlier.
fn link_by_subject<K: Ord>(sets: &mut Sets, mut keyed: Vec<Keyed<K>>) {
    keyed.sort_unstable_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    for pair in keyed.windows(2) {
        let (ka, at_a, _, _, a) = &pair[0];
        let (kb, at_b, _, prefixed, b) = &pair[1];
        if ka == kb && *prefixed && at_b - at_a <= SUBJECT_WINDOW_SECS {
            sets.union(*a, *b);
        }
    }
}

/// Union-find over rows and ids, for rethreading everything at once.
struct Sets(Vec<u32>);

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = (a.min(b), a.max(b));
            self.0[hi as usize] = lo;
        }
    }
}

/// Thread every stored message again from its ids and subject (in memory, one pass); returns
/// how many conversations there are. Conversation ids are the smallest row id of each.
pub(in crate::store) fn rethread(conn: &Connection) -> rusqlite::Result<usize> {
    struct Row {
        id: i64,
        account: u32,
        key: Option<(String, bool)>,
        date: i64,
        thread: Option<i64>,
        stored_key: Option<String>,
    }
    let mut accounts: Vec<String> = Vec::new();
    let mut folder_account: HashMap<i64, u32> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, account_id FROM folders")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let name: String = r.get(1)?;
            let a = match accounts.iter().position(|n| *n == name) {
                Some(a) => a,
                None => {
                    accounts.push(name);
                    accounts.len() - 1
                }
            };
            folder_account.insert(r.get(0)?, a as u32);
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    // Nodes 0..rows.len() are rows (in id order); ids get nodes as they are met. Per account,
    // id -> (node, some message has it as its own Message-ID: then thread_ids needs no row).
    let mut ids: Vec<HashMap<String, (u32, bool)>> = vec![HashMap::new(); accounts.len()];
    let mut n_ids = 0u32;
    let mut edges: Vec<(u32, u32)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, folder_id, message_id, in_reply_to, refs, subject, date, thread_id,
                subject_key, has_body
             FROM messages ORDER BY id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&account) = folder_account.get(&r.get::<_, i64>(1)?) else {
                continue;
            };
            let refs = split_refs(r.get_ref(4)?.as_str_or_null()?);
            let linked = Linked::new(
                r.get_ref(2)?.as_str_or_null()?,
                r.get_ref(3)?.as_str_or_null()?,
                &refs,
                r.get_ref(5)?.as_str()?,
                r.get(6)?,
            );
            let node = rows.len() as u32;
            let map = &mut ids[account as usize];
            let own = linked.own.map(|id| (id, true));
            for (id, is_own) in own
                .into_iter()
                .chain(linked.parents.iter().map(|p| (*p, false)))
            {
                let n = match map.get_mut(id) {
                    Some(entry) => {
                        entry.1 |= is_own;
                        entry.0
                    }
                    None => {
                        map.insert(id.to_string(), (n_ids, is_own));
                        n_ids += 1;
                        n_ids - 1
                    }
                };
                edges.push((node, n));
            }
            // As when stored: the subject counts once the full header showed no links.
            let has_body: bool = r.get(9)?;
            rows.push(Row {
                id: r.get(0)?,
                account,
                key: linked.subject_key().filter(|_| has_body),
                date: linked.date.unwrap_or(0),
                thread: r.get(7)?,
                stored_key: r.get(8)?,
            });
        }
    }
    let n_rows = rows.len() as u32;
    let mut sets = Sets((0..n_rows + n_ids).collect());
    for (row, id) in edges {
        sets.union(row, n_rows + id);
    }
    let keyed = (0..n_rows).filter_map(|i| {
        let r = &rows[i as usize];
        let (key, prefixed) = r.key.as_ref()?;
        Some(((r.account, key.as_str()), r.date, r.id, *prefixed, i))
    });
    link_by_subject(&mut sets, keyed.collect());
    // Roots are the smallest node of each set, so a set holding a row has a row as its root.
    let thread_of = |sets: &mut Sets, node: u32| rows[sets.find(node) as usize].id;
    let mut conversations = 0;
    let mut changed: Vec<(i64, i64, i64, Option<&str>)> = Vec::new();
    for i in 0..n_rows {
        let thread = thread_of(&mut sets, i);
        let row = &rows[i as usize];
        if thread == row.id {
            conversations += 1;
        }
        let key = row.key.as_ref().map(|k| k.0.as_str());
        if row.thread != Some(thread) || row.stored_key.as_deref() != key {
            changed.push((thread, row.date, row.id, key));
        }
    }
    // In conversation order, so the conversation index grows at its end.
    changed.sort_unstable();
    {
        let mut update =
            conn.prepare("UPDATE messages SET thread_id = ?2, subject_key = ?3 WHERE id = ?1")?;
        for (thread, _, id, key) in changed {
            update.execute(params![id, thread, key])?;
        }
    }
    conn.execute("DELETE FROM thread_ids", [])?;
    let mut insert = conn.prepare(
        "INSERT INTO thread_ids (account_id, message_id, thread_id) VALUES (?1, ?2, ?3)",
    )?;
    for (account, map) in accounts.iter().zip(ids) {
        let mut missing: Vec<(String, u32)> = map
            .into_iter()
            .filter(|(_, (_, own))| !own)
            .map(|(id, (node, _))| (id, node))
            .collect();
        missing.sort_unstable();
        for (id, node) in missing {
            let thread = thread_of(&mut sets, n_rows + node);
            insert.execute(params![account, id, thread])?;
        }
    }
    Ok(conversations)
}

impl Db {
    /// Thread every message again from scratch (see [`rethread`]); returns the number of
    /// conversations.
    pub fn rethread_all(&mut self) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let n = rethread(&tx)?;
        tx.commit()?;
        Ok(n)
    }
}
