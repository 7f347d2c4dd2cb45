//! Conversations: the messages of one account grouped by Message-ID, In-Reply-To and References,
//! across its folders (a reply filed in Sent joins the Inbox's conversation).
//!
//! Threading is incremental: each row gets its `thread_id` in the transaction that stores it
//! (an envelope when it is inserted, again when the body brings the full header). A message's
//! ids are looked up among the account's stored messages (`message_id`) and in `thread_ids`,
//! which remembers the ids that were referred to before their message was stored; so a reply
//! stored before its parent, or a later message linking two conversations, joins or merges
//! them. A merge keeps the smaller conversation id. [`Db::rethread_all`] computes everything
//! again in memory (an upgraded store, benchmarks).
//!
//! Mail whose full header shows none of the linking headers falls back to its subject
//! (Re:/Fwd:/회신:/전달: stripped): a message whose subject carries such a prefix belongs with
//! the nearest earlier message of the same subject, also without linking headers, at most
//! [`SUBJECT_WINDOW_SECS`] apart. Two plain "Hello" messages never merge. An envelope alone
//! (IMAP ENVELOPE has no References) never joins by subject.

use super::id_memo::IdMemo;
use super::{Db, NewEnvelope, Result};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};

/// How far apart (seconds) two messages joined by subject alone may be.
pub const SUBJECT_WINDOW_SECS: i64 = 30 * 86_400;
/// References a message links through: the first (the conversation's root) and the last ones
/// (its parent and nearest ancestors). A longer header is cut, so hostile mail stays cheap.
pub const MAX_REFERENCES: usize = 32;
/// Longer "ids" are not Message-IDs; they are ignored.
const MAX_ID_LEN: usize = 250;

/// Reply and forward prefixes, compared without case, each followed by ':' (or '：').
const PREFIXES: &[&str] = &[
    "re", "fw", "fwd", "aw", "wg", "sv", "vs", "tr", "rif", "회신", "전달", "답장", "답변",
];

/// A Message-ID without its angle brackets; None for text that cannot be one.
pub fn normalize_id(text: &str) -> Option<String> {
    id_of(text).map(str::to_string)
}

fn id_of(text: &str) -> Option<&str> {
    let id = text.trim();
    let id = id.strip_prefix('<').unwrap_or(id);
    let id = id.strip_suffix('>').unwrap_or(id).trim();
    (!id.is_empty() && id.len() <= MAX_ID_LEN && !id.contains(char::is_whitespace)).then_some(id)
}

/// The ids in a header value: each `<...>`, else the whitespace-separated words.
fn ids_in(text: &str) -> Vec<&str> {
    if !text.contains('<') {
        return text.split_whitespace().filter_map(id_of).collect();
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        out.extend(id_of(&after[..end]));
        rest = &after[end + 1..];
    }
    out
}

/// References as a message links through them: normalized, duplicates and `own` left out,
/// cut to the first and the last ones ([`MAX_REFERENCES`] in all).
pub fn bounded_references<'a>(refs: &[&'a str], own: Option<&str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = Vec::new();
    let keep = |i: usize| i == 0 || i + MAX_REFERENCES > refs.len();
    for (i, r) in refs.iter().enumerate() {
        if !keep(i) {
            continue;
        }
        for id in ids_in(r) {
            // At most a few dozen: a scan is cheaper than hashing.
            if Some(id) != own && !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if ids.len() > MAX_REFERENCES {
        ids.drain(1..ids.len() + 1 - MAX_REFERENCES);
    }
    ids
}

fn strip_prefix(s: &str) -> Option<&str> {
    for p in PREFIXES {
        let Some(head) = s.get(..p.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(p) {
            continue;
        }
        let mut rest = &s[p.len()..];
        // A counter: "Re[2]:", "Re(2):", "Re^2:".
        for (open, close) in [('[', ']'), ('(', ')'), ('^', ':')] {
            if let Some(r) = rest.strip_prefix(open) {
                let digits = r.chars().take_while(char::is_ascii_digit).count();
                if digits > 0 && r[digits..].starts_with(close) {
                    rest = if close == ':' {
                        &r[digits..]
                    } else {
                        &r[digits + 1..]
                    };
                }
            }
        }
        let rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
            return Some(r);
        }
    }
    None
}

/// A subject without its reply/forward prefixes, spaces collapsed, lower case; and whether it
/// had a prefix.
pub fn subject_key(subject: &str) -> (String, bool) {
    let mut s = subject.trim();
    let mut prefixed = false;
    while let Some(rest) = strip_prefix(s) {
        s = rest.trim_start();
        prefixed = true;
    }
    let key = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (key.to_lowercase(), prefixed)
}

/// What threading reads of a stored row.
struct Linked<'a> {
    own: Option<&'a str>,
    /// In-Reply-To and References, bounded, own id left out.
    parents: Vec<&'a str>,
    subject: &'a str,
    date: Option<i64>,
}

impl<'a> Linked<'a> {
    fn new(
        message_id: Option<&'a str>,
        in_reply_to: Option<&'a str>,
        refs: &[&'a str],
        subject: &'a str,
        date: Option<i64>,
    ) -> Linked<'a> {
        let own = message_id.and_then(id_of);
        // In-Reply-To last: it survives the cut of a long References list, as does the root.
        let mut all: Vec<&str> = refs.to_vec();
        all.extend(in_reply_to);
        let parents = bounded_references(&all, own);
        Linked {
            own,
            parents,
            subject,
            date,
        }
    }

    /// The subject key when this message may join by subject (it has no linking headers).
    fn subject_key(&self) -> Option<(String, bool)> {
        if !self.parents.is_empty() || self.date.is_none() {
            return None;
        }
        Some(subject_key(self.subject)).filter(|(k, _)| !k.is_empty())
    }
}

fn split_refs(refs: Option<&str>) -> Vec<&str> {
    refs.map(|r| r.split(' ').collect()).unwrap_or_default()
}

/// Gives rows their conversation as they are stored: one per write transaction and account.
/// Its statements stay prepared for the whole batch: returned to rusqlite's cache after each
/// use, SQLite would plan them again every time (clearing their bindings expires them).
pub(super) struct Threader<'c> {
    conn: &'c Connection,
    account_id: String,
    /// The account's folders (matches by Message-ID or subject stay inside the account).
    folders: HashSet<i64>,
    next: Option<i64>,
    stored_row: CachedStatement<'c>,
    by_message_id: CachedStatement<'c>,
    by_missing_id: CachedStatement<'c>,
    add_missing_id: CachedStatement<'c>,
    update_row: CachedStatement<'c>,
    subject_earlier: CachedStatement<'c>,
    subject_later: CachedStatement<'c>,
    /// The account's ids in memory while a first sync fills it (see `id_memo`).
    memo: Option<IdMemo>,
}

/// Where a message goes: its conversation and the columns that threading keeps on its row.
pub(super) struct Placed {
    pub thread_id: i64,
    pub subject_key: Option<String>,
    /// References to store (space-separated), when the message brought any.
    pub refs: Option<String>,
}

impl<'c> Threader<'c> {
    pub(super) fn for_folder(conn: &'c Connection, folder_id: i64) -> Result<Threader<'c>> {
        let account_id: String = conn
            .prepare_cached("SELECT account_id FROM folders WHERE id = ?1")?
            .query_row([folder_id], |r| r.get(0))?;
        let folders = conn
            .prepare_cached("SELECT id FROM folders WHERE account_id = ?1")?
            .query_map([&account_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Threader {
            conn,
            account_id,
            folders,
            next: None,
            stored_row: conn.prepare_cached(STORED_ROW)?,
            by_message_id: conn.prepare_cached(BY_MESSAGE_ID)?,
            by_missing_id: conn.prepare_cached(BY_MISSING_ID)?,
            add_missing_id: conn.prepare_cached(
                "INSERT OR REPLACE INTO thread_ids (account_id, message_id, thread_id)
                 VALUES (?1, ?2, ?3)",
            )?,
            update_row: conn.prepare_cached(
                "UPDATE messages SET thread_id = ?2, subject_key = ?3, refs = coalesce(?4, refs)
                 WHERE id = ?1",
            )?,
            subject_earlier: conn.prepare_cached(SUBJECT_EARLIER)?,
            subject_later: conn.prepare_cached(SUBJECT_LATER)?,
            memo: None,
        })
    }

    /// A threader for new envelopes that answers id lookups from `memo` when it still
    /// describes this account, or from a new one when the account has no mail yet.
    pub(super) fn for_new_mail(
        conn: &'c Connection,
        folder_id: i64,
        memo: Option<IdMemo>,
    ) -> Result<Threader<'c>> {
        let mut t = Threader::for_folder(conn, folder_id)?;
        t.memo = match memo.filter(|m| m.account() == t.account_id) {
            Some(m) => {
                t.next = m.next_thread();
                Some(m)
            }
            None => {
                let has_mail: bool = conn
                    .prepare_cached(ACCOUNT_HAS_MAIL)?
                    .query_row(params![t.account_id], |r| r.get(0))?;
                (!has_mail).then(|| IdMemo::empty(&t.account_id))
            }
        };
        Ok(t)
    }

    /// The memo to keep for the next batch (None when it no longer holds).
    pub(super) fn into_memo(self) -> Option<IdMemo> {
        let mut memo = self.memo?;
        memo.set_next_thread(self.next);
        Some(memo)
    }

    /// The caller stored the envelope just placed: `inserted` false when its UID was already
    /// stored (the row kept its own ids; the memo cannot follow that, so it is dropped).
    pub(super) fn stored_new(&mut self, e: &NewEnvelope, thread: i64, inserted: bool) {
        let Some(memo) = &mut self.memo else {
            return;
        };
        if !inserted {
            self.memo = None;
            return;
        }
        // Only the forms the indexes are asked for (`id` and `<id>`) find the row.
        let Some(column) = e.message_id.as_deref() else {
            return;
        };
        if let Some(own) = id_of(column) {
            let bracketed =
                column.len() == own.len() + 2 && column.starts_with('<') && column.ends_with('>');
            if column == own || bracketed {
                memo.record(own, thread);
            }
        }
    }

    fn new_thread(&mut self) -> Result<i64> {
        let next = match self.next {
            Some(n) => n,
            None => self.conn.query_row(
                "SELECT max(coalesce((SELECT max(thread_id) FROM messages
                                      WHERE thread_id IS NOT NULL), 0),
                            coalesce((SELECT max(thread_id) FROM thread_ids), 0)) + 1",
                [],
                |r| r.get(0),
            )?,
        };
        self.next = Some(next + 1);
        Ok(next)
    }

    /// The conversation of a message about to be inserted (the caller stores the returned
    /// columns in the new row): joins or merges conversations as its ids say. An envelope
    /// does not say whether the message has References, so the subject is not used yet.
    pub(super) fn place_new(&mut self, e: &NewEnvelope) -> Result<Placed> {
        let given: Vec<&str> = e.references.iter().map(String::as_str).collect();
        let refs = bounded_references(&given, None);
        let linked = Linked::new(
            e.message_id.as_deref(),
            e.in_reply_to.as_deref(),
            &refs,
            &e.subject,
            e.date,
        );
        let refs = (!refs.is_empty()).then(|| refs.join(" "));
        // Not stored yet: it sorts after every stored row of its date.
        self.place(&linked, i64::MAX, None, refs, false)
    }

    /// Put a stored row into its conversation again once its full header is here (with the
    /// body): `references` replace the stored ones when given; mail with no linking header at
    /// all may now join by subject.
    pub(super) fn thread(&mut self, row: i64, references: &[String]) -> Result<()> {
        type Stored = (
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
        );
        let (message_id, in_reply_to, stored_refs, subject, date, current, current_key): Stored =
            self.stored_row.query_row([row], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?;
        let given: Vec<&str> = references.iter().map(String::as_str).collect();
        let new_refs = bounded_references(&given, None);
        let refs = if new_refs.is_empty() {
            split_refs(stored_refs.as_deref())
        } else {
            new_refs.clone()
        };
        let linked = Linked::new(
            message_id.as_deref(),
            in_reply_to.as_deref(),
            &refs,
            &subject,
            date,
        );
        let new_refs = (!new_refs.is_empty()).then(|| new_refs.join(" "));
        let placed = self.place(&linked, row, current, new_refs, true)?;
        if current != Some(placed.thread_id)
            || current_key != placed.subject_key
            || placed.refs.is_some()
        {
            self.update_row.execute(params![
                row,
                placed.thread_id,
                placed.subject_key,
                placed.refs
            ])?;
        }
        Ok(())
    }

    /// The conversation stored mail with this Message-ID is in (the message itself, a copy
    /// in another folder, or a reply that named it before it arrived).
    fn find(&mut self, id: &str) -> Result<Option<i64>> {
        if let Some(memo) = &self.memo {
            return Ok(memo.get(id));
        }
        let bracketed = format!("<{id}>");
        let mut rows = self.by_message_id.query(params![id, bracketed])?;
        while let Some(r) = rows.next()? {
            let (thread, folder): (i64, i64) = (r.get(0)?, r.get(1)?);
            if self.folders.contains(&folder) {
                return Ok(Some(thread));
            }
        }
        drop(rows);
        Ok(self
            .by_missing_id
            .query_row(params![self.account_id, id], |r| r.get(0))
            .optional()?)
    }

    fn place(
        &mut self,
        linked: &Linked,
        row: i64,
        current: Option<i64>,
        refs: Option<String>,
        by_subject: bool,
    ) -> Result<Placed> {
        let mut found: Vec<i64> = current.into_iter().collect();
        if let Some(own) = &linked.own {
            found.extend(self.find(own)?);
        }
        // Parents not stored are remembered, so that they and their other replies join later.
        let mut missing = Vec::new();
        for id in &linked.parents {
            match self.find(id)? {
                Some(t) => found.push(t),
                None => missing.push(id),
            }
        }
        let key = linked.subject_key().filter(|_| by_subject);
        if let Some((k, prefixed)) = &key {
            let date = linked.date.unwrap_or(0);
            found.extend(self.subject_match(row, k, *prefixed, date)?);
        }
        found.sort_unstable();
        found.dedup();
        let target = match found.first() {
            Some(&t) => t,
            None => self.new_thread()?,
        };
        for &t in found.iter().skip(1) {
            self.conn
                .prepare_cached("UPDATE messages SET thread_id = ?2 WHERE thread_id = ?1")?
                .execute(params![t, target])?;
            self.conn
                .prepare_cached("UPDATE thread_ids SET thread_id = ?2 WHERE thread_id = ?1")?
                .execute(params![t, target])?;
            if let Some(memo) = &mut self.memo {
                memo.merge(t, target);
            }
        }
        for id in missing {
            self.add_missing_id
                .execute(params![self.account_id, id, target])?;
            if let Some(memo) = &mut self.memo {
                memo.record(id, target);
            }
        }
        Ok(Placed {
            thread_id: target,
            subject_key: key.map(|(k, _)| k),
            refs,
        })
    }

    /// The conversations a message without linking headers joins by subject: the nearest
    /// earlier such message when this one is a reply or forward, the nearest later one when
    /// that one is.
    fn subject_match(
        &mut self,
        row: i64,
        key: &str,
        prefixed: bool,
        date: i64,
    ) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for earlier in [true, false] {
            let stmt = if earlier {
                &mut self.subject_earlier
            } else {
                &mut self.subject_later
            };
            let mut rows = stmt.query(params![key, date, SUBJECT_WINDOW_SECS])?;
            while let Some(r) = rows.next()? {
                let (thread, folder, at, id): (Option<i64>, i64, i64, i64) =
                    (r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?);
                let beyond = if earlier {
                    (at, id) < (date, row)
                } else {
                    (at, id) > (date, row)
                };
                let Some(thread) = thread.filter(|_| beyond && self.folders.contains(&folder))
                else {
                    continue;
                };
                let later_is_reply = if earlier {
                    prefixed
                } else {
                    subject_key(&r.get::<_, String>(1)?).1
                };
                if later_is_reply {
                    out.push(thread);
                }
                break;
            }
        }
        Ok(out)
    }
}

const STORED_ROW: &str = "SELECT message_id, in_reply_to, refs, subject, date, thread_id,
     subject_key FROM messages WHERE id = ?1";
// Stored envelopes keep the server's `<id>`, parsed bodies the bare id: both are looked for.
const BY_MESSAGE_ID: &str = "SELECT thread_id, folder_id FROM messages
     WHERE message_id IN (?1, ?2) AND thread_id IS NOT NULL";
const ACCOUNT_HAS_MAIL: &str = "SELECT EXISTS (SELECT 1 FROM messages WHERE folder_id IN
         (SELECT id FROM folders WHERE account_id = ?1))
     OR EXISTS (SELECT 1 FROM thread_ids WHERE account_id = ?1)";
const BY_MISSING_ID: &str =
    "SELECT thread_id FROM thread_ids WHERE account_id = ?1 AND message_id = ?2";
// Messages of one subject key within a window, nearest first (the caller checks the account).
const SUBJECT_EARLIER: &str = "SELECT thread_id, subject, folder_id, date, id FROM messages
     WHERE subject_key = ?1 AND date BETWEEN ?2 - ?3 AND ?2 ORDER BY date DESC, id DESC";
const SUBJECT_LATER: &str = "SELECT thread_id, subject, folder_id, date, id FROM messages
     WHERE subject_key = ?1 AND date BETWEEN ?2 AND ?2 + ?3 ORDER BY date, id";

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
pub(super) fn rethread(conn: &Connection) -> rusqlite::Result<usize> {
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
    // Subject fallback: a reply-prefixed message joins the nearest earlier one of its subject.
    let mut by_subject: Vec<u32> = (0..n_rows)
        .filter(|&i| rows[i as usize].key.is_some())
        .collect();
    let subject_order = |i: &u32| {
        let r = &rows[*i as usize];
        (
            r.account,
            r.key.as_ref().map(|k| k.0.as_str()),
            r.date,
            r.id,
        )
    };
    by_subject.sort_by(|a, b| subject_order(a).cmp(&subject_order(b)));
    for pair in by_subject.windows(2) {
        let (a, b) = (&rows[pair[0] as usize], &rows[pair[1] as usize]);
        let (ka, kb) = (a.key.as_ref().unwrap(), b.key.as_ref().unwrap());
        if a.account == b.account && ka.0 == kb.0 && kb.1 && b.date - a.date <= SUBJECT_WINDOW_SECS
        {
            sets.union(pair[0], pair[1]);
        }
    }
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

#[cfg(test)]
#[path = "threads_tests.rs"]
mod tests;
