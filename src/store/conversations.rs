//! Reading conversations (threaded in store/threads.rs): a folder's, an account's or all of
//! them, newest activity first, and one conversation's messages across its account's folders.

use super::messages::{summary_from_row, MessageSummary, SUMMARY_COLUMNS, SUMMARY_WIDTH};
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
}

/// A conversation listed for a folder, with the summaries of its messages in that folder,
/// oldest first (copies included: what an action on the conversation's row acts on there).
pub type FolderConversation = (Conversation, Vec<MessageSummary>);

/// The columns one conversation's rows are read with: a summary, the folder and Message-ID.
fn member_query(where_: &str) -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS}, m.folder_id, m.message_id
         FROM messages m JOIN folders f ON f.id = m.folder_id
         WHERE {where_} ORDER BY m.date, m.id"
    )
}

/// One conversation's rows, oldest first: (summary, folder id, Message-ID).
fn member_rows(
    stmt: &mut rusqlite::Statement<'_>,
    key: i64,
) -> Result<Vec<(MessageSummary, i64, Option<String>)>> {
    Ok(stmt
        .query_map([key], |r| {
            Ok((
                summary_from_row(r)?,
                r.get(SUMMARY_WIDTH)?,
                r.get(SUMMARY_WIDTH + 1)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
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
        Ok(self
            .conversations_in(account_id, folder_id, limit)?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    }

    /// A folder's newest `limit` conversations (as `list_conversations`), each with the
    /// summaries of its messages in the folder: what a list shows and acts on.
    pub fn folder_conversations(
        &self,
        folder_id: i64,
        limit: usize,
    ) -> Result<Vec<FolderConversation>> {
        self.conversations_in(None, Some(folder_id), limit)
    }

    fn conversations_in(
        &self,
        account_id: Option<&str>,
        folder_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<FolderConversation>> {
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
        let summary = |where_: &str| self.conn().prepare_cached(&member_query(where_));
        let (mut by_thread, mut by_row) = (summary("m.thread_id = ?1")?, summary("m.id = -?1")?);
        order
            .into_iter()
            .map(|key| {
                let stmt = if key < 0 { &mut by_row } else { &mut by_thread };
                Ok(conversation_summary(
                    member_rows(stmt, key)?,
                    key,
                    folder_id,
                ))
            })
            .collect()
    }
}

/// A conversation from its rows (oldest first), and the summaries of those in `folder_id`.
fn conversation_summary(
    rows: Vec<(MessageSummary, i64, Option<String>)>,
    key: i64,
    folder_id: Option<i64>,
) -> FolderConversation {
    let copies = copy_of(&rows.iter().map(|r| (r.1, r.2.clone())).collect::<Vec<_>>());
    let mut c = Conversation {
        thread_id: key,
        account_id: rows
            .first()
            .map(|r| r.0.account_id.clone())
            .unwrap_or_default(),
        count: 0,
        unread: 0,
        latest_date: None,
        subject: String::new(),
        senders: Vec::new(),
        message_ids: Vec::new(),
        flagged: false,
        has_attachments: false,
    };
    let mut here = Vec::new();
    let mut unseen = vec![false; rows.len()];
    let mut sender_keys = HashSet::new();
    for (i, (m, folder, _)) in rows.into_iter().enumerate() {
        let first = copies[i].unwrap_or(i);
        unseen[first] |= !m.seen;
        c.flagged |= m.flagged;
        c.has_attachments |= m.has_attachments;
        c.latest_date = c.latest_date.max(m.date);
        if copies[i].is_none() {
            c.message_ids.push(m.id);
            if c.subject.is_empty() {
                c.subject = m.subject.clone();
            }
            let who = m
                .from_name
                .clone()
                .filter(|n| !n.is_empty())
                .or(m.from_email.clone());
            let key = m.from_email.clone().unwrap_or_default().to_lowercase();
            if let Some(who) = who {
                if c.senders.len() < MAX_SENDERS && sender_keys.insert(key) {
                    c.senders.push(who);
                }
            }
        }
        if Some(folder) == folder_id {
            here.push(m);
        }
    }
    c.count = c.message_ids.len();
    c.unread = unseen.iter().filter(|u| **u).count();
    (c, here)
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
        let mut stmt = self.conn().prepare_cached(&member_query(where_))?;
        let rows = member_rows(&mut stmt, thread_id)?;
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
