//! Reading conversations (threaded in store/threads.rs): a folder's, an account's or all of
//! them, newest activity first, and one conversation's messages across its account's folders.

use super::messages::{summary_from_row, MessageSummary, SUMMARY_COLUMNS};
use super::threads::normalize_id;
use super::{Db, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Senders listed per conversation.
const MAX_SENDERS: usize = 12;

/// One conversation as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversation {
    pub thread_id: i64,
    pub account_id: String,
    /// Messages in the conversation, across the account's folders (a message filed in several
    /// folders, like Gmail's labels, counts once).
    pub count: usize,
    pub unread: usize,
    /// Newest date among the conversation's messages.
    pub latest_date: Option<i64>,
    /// The subject of its first message.
    pub subject: String,
    /// Who wrote, in the order they first wrote (names, else addresses).
    pub senders: Vec<String>,
    /// Local ids of its messages, oldest first (one per message, see `count`).
    pub message_ids: Vec<i64>,
    pub flagged: bool,
    pub has_attachments: bool,
    /// Listed for one folder: the ids of the conversation's messages in that folder, oldest
    /// first (copies included; what an action on the conversation's row acts on there).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub here: Vec<i64>,
}

/// For rows of one conversation (oldest first), which earlier row each one is a copy of: the
/// same Message-ID in another folder is the same message (a copy, a Gmail label); in the same
/// folder it is another message that reuses the id.
fn copy_of(rows: &[(i64, Option<String>)]) -> Vec<Option<usize>> {
    let mut kept: HashMap<String, Vec<(usize, Vec<i64>)>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, (folder, message_id)) in rows.iter().enumerate() {
        let Some(key) = message_id.as_deref().and_then(normalize_id) else {
            out.push(None);
            continue;
        };
        let group = kept.entry(key).or_default();
        match group
            .iter_mut()
            .find(|(_, folders)| !folders.contains(folder))
        {
            Some((first, folders)) => {
                folders.push(*folder);
                out.push(Some(*first));
            }
            None => {
                group.push((i, vec![*folder]));
                out.push(None);
            }
        }
    }
    out
}

/// The key a message list groups a row under: its conversation, or (not threaded) the row.
fn conversation_key(thread: Option<i64>, row: i64) -> i64 {
    thread.unwrap_or(-row)
}

impl Db {
    /// Conversations with a message in the folder (`folder_id`), in the account, or anywhere;
    /// ordered by their newest message there, newest first. Counts, senders and dates cover
    /// the whole conversation (all folders of its account). Reads only as many rows as it
    /// takes to find `limit` conversations.
    pub fn list_conversations(
        &self,
        account_id: Option<&str>,
        folder_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Conversation>> {
        // Each shape reads rows newest first from an index, without sorting the scope first
        // (the unary + keeps an account's scan on the date index).
        let filter = match (folder_id, account_id) {
            (Some(_), _) => "folder_id = ?1",
            (None, Some(_)) => "+folder_id IN (SELECT id FROM folders WHERE account_id = ?1)",
            (None, None) => "?1 IS NULL",
        };
        let key: rusqlite::types::Value = match (folder_id, account_id) {
            (Some(id), _) => id.into(),
            (None, Some(a)) => a.to_string().into(),
            (None, None) => rusqlite::types::Value::Null,
        };
        let mut order = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT thread_id, id FROM messages WHERE {filter} ORDER BY date DESC, id DESC"
            ))?;
            let mut seen = HashSet::new();
            let mut rows = stmt.query([key])?;
            while order.len() < limit {
                let Some(r) = rows.next()? else { break };
                let key = conversation_key(r.get(0)?, r.get(1)?);
                if seen.insert(key) {
                    order.push(key);
                }
            }
        }
        // Held for the whole list: see `Threader` on statements returned to the cache.
        let summary = |where_: &str| {
            self.conn().prepare_cached(&format!(
                "SELECT m.id, m.folder_id, m.message_id, m.date, m.seen, m.flagged,
                    m.has_attachments, m.subject, m.from_name, m.from_email, f.account_id
                 FROM messages m JOIN folders f ON f.id = m.folder_id
                 WHERE {where_} ORDER BY m.date, m.id"
            ))
        };
        let (mut by_thread, mut by_row) = (summary("m.thread_id = ?1")?, summary("m.id = -?1")?);
        order
            .into_iter()
            .map(|key| {
                let stmt = if key < 0 { &mut by_row } else { &mut by_thread };
                conversation_summary(stmt, key, folder_id)
            })
            .collect()
    }
}

fn conversation_summary(
    stmt: &mut rusqlite::Statement<'_>,
    key: i64,
    folder_id: Option<i64>,
) -> Result<Conversation> {
    type Item = (
        i64,
        i64,
        Option<String>,
        Option<i64>,
        bool,
        bool,
        bool,
        String,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Item> = stmt
        .query_map([key], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let copies = copy_of(&rows.iter().map(|r| (r.1, r.2.clone())).collect::<Vec<_>>());
    let mut c = Conversation {
        thread_id: key,
        account_id: rows.first().map(|r| r.10.clone()).unwrap_or_default(),
        count: 0,
        unread: 0,
        latest_date: None,
        subject: String::new(),
        senders: Vec::new(),
        message_ids: Vec::new(),
        flagged: false,
        has_attachments: false,
        here: rows
            .iter()
            .filter(|r| Some(r.1) == folder_id)
            .map(|r| r.0)
            .collect(),
    };
    let mut unseen = vec![false; rows.len()];
    let mut sender_keys = HashSet::new();
    for (i, (id, _, _, date, seen, flagged, attachments, subject, name, email, _)) in
        rows.into_iter().enumerate()
    {
        let first = copies[i].unwrap_or(i);
        unseen[first] |= !seen;
        c.flagged |= flagged;
        c.has_attachments |= attachments;
        c.latest_date = c.latest_date.max(date);
        if copies[i].is_some() {
            continue;
        }
        c.message_ids.push(id);
        if c.subject.is_empty() {
            c.subject = subject;
        }
        let who = name.filter(|n| !n.is_empty()).or(email.clone());
        let key = email.unwrap_or_default().to_lowercase();
        if let Some(who) = who {
            if c.senders.len() < MAX_SENDERS && sender_keys.insert(key) {
                c.senders.push(who);
            }
        }
    }
    c.count = c.message_ids.len();
    c.unread = unseen.iter().filter(|u| **u).count();
    Ok(c)
}

impl Db {
    /// A conversation's messages, oldest first, across the folders of its account (one row per
    /// message: of copies in several folders, the first stored).
    pub fn conversation_messages(&self, thread_id: i64) -> Result<Vec<MessageSummary>> {
        let where_ = if thread_id < 0 {
            "m.id = -?1"
        } else {
            "m.thread_id = ?1"
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, m.folder_id, m.message_id
             FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE {where_} ORDER BY m.date, m.id"
        ))?;
        let rows: Vec<(MessageSummary, i64, Option<String>)> = stmt
            .query_map([thread_id], |r| {
                Ok((summary_from_row(r)?, r.get(13)?, r.get(14)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let copies = copy_of(&rows.iter().map(|r| (r.1, r.2.clone())).collect::<Vec<_>>());
        Ok(rows
            .into_iter()
            .zip(copies)
            .filter(|(_, copy)| copy.is_none())
            .map(|(r, _)| r.0)
            .collect())
    }

    /// The conversation a message belongs to (the key `list_conversations` gives it).
    pub fn conversation_of(&self, message_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT thread_id FROM messages WHERE id = ?1",
                [message_id],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .map(|thread| conversation_key(thread, message_id)))
    }
}
