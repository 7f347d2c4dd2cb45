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
//! (IMAP ENVELOPE has no References) never joins by subject. Links by subject are not
//! union-only: a plain message stored later between a reply and the message it had joined
//! takes the reply over, and the conversation is worked out again (`threads_regroup`), so
//! the grouping does not depend on the order mail arrives in.

use super::id_memo::IdMemo;
use super::{NewEnvelope, Result};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};
use std::collections::HashSet;

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
        self.place(&linked, None, refs, Vec::new(), None)
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
        let (placed, split) = self.place_by_subject(&linked, row, current, new_refs)?;
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
        if split && current_key != placed.subject_key {
            self.regroup(placed.thread_id)?;
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

    /// [`Self::place`] for a message whose full header is known, and whether it came between
    /// two messages of its subject that were joined by subject alone and no longer are (a
    /// plain original now stands between a reply and the message the reply had joined): the
    /// conversation must then be worked out again ([`Self::regroup`]).
    fn place_by_subject(
        &mut self,
        linked: &Linked,
        row: i64,
        current: Option<i64>,
        refs: Option<String>,
    ) -> Result<(Placed, bool)> {
        let Some((key, prefixed)) = linked.subject_key() else {
            return Ok((self.place(linked, current, refs, Vec::new(), None)?, false));
        };
        let date = linked.date.unwrap_or(0);
        let near = self.subject_neighbours(row, &key, date)?;
        let mut joins = Vec::new();
        joins.extend(near.earlier.filter(|_| prefixed).map(|(t, _)| t));
        joins.extend(near.later.filter(|l| l.2).map(|(t, _, _)| t));
        let split = match (near.earlier, near.later) {
            (Some((before, at)), Some((after, later_at, true))) => {
                !prefixed && before == after && later_at - at <= SUBJECT_WINDOW_SECS
            }
            _ => false,
        };
        let placed = self.place(linked, current, refs, joins, Some(key))?;
        Ok((placed, split))
    }

    /// `joins`: the conversations it joins by subject (with `key`, the subject key it keeps).
    fn place(
        &mut self,
        linked: &Linked,
        current: Option<i64>,
        refs: Option<String>,
        joins: Vec<i64>,
        key: Option<String>,
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
        found.extend(joins);
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
            subject_key: key,
            refs,
        })
    }

    /// The nearest messages of this subject key on either side (of this account, within
    /// [`SUBJECT_WINDOW_SECS`]): a reply or forward joins the earlier one, a later one that
    /// is a reply or forward joins this one.
    fn subject_neighbours(&mut self, row: i64, key: &str, date: i64) -> Result<Neighbours> {
        let mut near = Neighbours::default();
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
                if earlier {
                    near.earlier = Some((thread, at));
                } else {
                    let prefixed = subject_key(&r.get::<_, String>(1)?).1;
                    near.later = Some((thread, at, prefixed));
                }
                break;
            }
        }
        Ok(near)
    }
}

/// A message's nearest neighbours by subject: (conversation, date) before it, and (conversation,
/// date, is a reply or forward) after it.
#[derive(Default)]
struct Neighbours {
    earlier: Option<(i64, i64)>,
    later: Option<(i64, i64, bool)>,
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

#[path = "threads_regroup.rs"]
mod regroup;
pub(super) use regroup::rethread;

#[cfg(test)]
#[path = "threads_tests.rs"]
mod tests;
