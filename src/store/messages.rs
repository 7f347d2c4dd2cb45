//! Messages: envelopes (listing), flags, raw bodies, and the full-text rows that go with them.

use super::body_files::StoredRaw;
use super::threads::Threader;
use super::{Db, Result, StoreError};
use crate::mime::Address;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;

/// A message as first listed from the server (IMAP ENVELOPE), before its body is here.
#[derive(Debug, Clone, Default)]
pub struct NewEnvelope {
    pub uid: u32,
    pub flags: Vec<String>,
    pub size: u32,
    pub internal_date: Option<i64>,
    pub date: Option<i64>,
    pub subject: String,
    pub from: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// References ids (the full header has them; IMAP ENVELOPE does not).
    pub references: Vec<String>,
    pub has_attachments: bool,
}

/// A downloaded message: its raw bytes plus what parsing them gave.
#[derive(Debug, Clone)]
pub struct ParsedBody {
    /// Headers decoded from the raw message; `envelope.uid` says which message this is.
    pub envelope: NewEnvelope,
    /// True when parsing failed and the envelope fields should not replace the server's.
    pub raw_fallback: bool,
    /// The message itself: inside the store, or already in its own file (see `body_files`).
    pub raw: super::RawBody,
    pub search_text: String,
    /// The list's one-line preview (see [`crate::mime::snippet`]).
    pub snippet: String,
    /// A delivery or read report: (Message-ID reported on, kind, one-line summary).
    pub report: Option<(String, &'static str, String)>,
}

/// Whether the top-level header says `multipart/report` (cheap: no second parse for other mail).
fn looks_like_report(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(16 * 1024)];
    let end = crate::mime::tree::header_end(head).unwrap_or(head.len());
    head[..end]
        .windows(16)
        .any(|w| w.eq_ignore_ascii_case(b"multipart/report"))
}

fn report_of(raw: &[u8]) -> Option<(String, &'static str, String)> {
    if !looks_like_report(raw) {
        return None;
    }
    let report = crate::mime::report::parse_report(raw)?;
    let original = report
        .original_message_id
        .clone()
        .or(report.envelope_id.clone())?;
    let kind = match report.kind {
        crate::mime::report::ReportKind::Delivery(_) => "delivery",
        crate::mime::report::ReportKind::Disposition(_) => "disposition",
    };
    Some((original, kind, report.summary))
}

impl ParsedBody {
    /// Parse a downloaded message into what the store keeps (CPU work: not on a UI thread).
    pub fn from_raw(
        uid: u32,
        flags: Vec<String>,
        internal_date: Option<i64>,
        raw: Vec<u8>,
        search_text_limit: usize,
    ) -> ParsedBody {
        let mut msg = crate::mime::parse_for_sync(&raw);
        // Taken out of the parsed message, not copied: nothing else of it is kept.
        let search_text = crate::mime::take_searchable_text(&mut msg, search_text_limit);
        ParsedBody {
            envelope: NewEnvelope {
                uid,
                flags,
                size: raw.len() as u32,
                internal_date,
                date: msg.date.or(internal_date),
                subject: msg.subject,
                from: msg.from,
                to: msg.to,
                cc: msg.cc,
                message_id: msg.message_id,
                in_reply_to: msg.in_reply_to,
                references: msg.references,
                has_attachments: !msg.attachments.is_empty(),
            },
            raw_fallback: msg.raw_fallback,
            snippet: crate::mime::snippet(&search_text),
            search_text,
            report: report_of(&raw),
            raw: super::RawBody::Inline(raw),
        }
    }
}

/// A timestamp in the user's local time, as lists show it ("" when unknown).
pub fn local_time_text(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageSummary {
    pub id: i64,
    pub account_id: String,
    pub folder: String,
    pub uid: u32,
    pub date: Option<i64>,
    pub from_name: Option<String>,
    pub from_email: Option<String>,
    pub subject: String,
    pub seen: bool,
    pub flagged: bool,
    pub has_attachments: bool,
    pub has_body: bool,
    pub size: u32,
    /// The body's first words for the list ("" until the body is here).
    pub snippet: String,
}

impl MessageSummary {
    /// The sender as a list shows it: the name, else the address.
    pub fn sender(&self) -> String {
        self.from_name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| self.from_email.clone())
            .unwrap_or_else(|| "(unknown sender)".into())
    }
}

#[derive(Debug, Clone)]
pub struct MessageDetail {
    pub summary: MessageSummary,
    pub folder_id: i64,
    pub flags: Vec<String>,
    pub to_list: String,
    pub cc_list: String,
    pub raw: Option<Vec<u8>>,
}

pub(super) const SUMMARY_COLUMNS: &str = "m.id, f.account_id, f.display_name, m.uid, m.date, \
     m.from_name, m.from_email, m.subject, m.seen, m.flagged, m.has_attachments, m.has_body, m.size, \
     coalesce(m.snippet, '')";

/// How many columns [`SUMMARY_COLUMNS`] reads (a query's own columns come after them).
pub(super) const SUMMARY_WIDTH: usize = 14;

pub(super) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<MessageSummary> {
    Ok(MessageSummary {
        id: r.get(0)?,
        account_id: r.get(1)?,
        folder: r.get(2)?,
        // Mail moved here and not yet confirmed by the server has no UID yet (0).
        uid: r.get::<_, i64>(3)?.clamp(0, u32::MAX as i64) as u32,
        date: r.get(4)?,
        from_name: r.get(5)?,
        from_email: r.get(6)?,
        subject: r.get(7)?,
        seen: r.get(8)?,
        flagged: r.get(9)?,
        has_attachments: r.get(10)?,
        has_body: r.get(11)?,
        size: r.get(12)?,
        snippet: r.get(13)?,
    })
}

/// The 16 values of a message row, in the column order of the INSERTs below; the envelope's
/// text is borrowed, not copied (a first sync writes tens of thousands of rows a second).
fn row_values(folder_id: i64, e: &NewEnvelope) -> Vec<ToSqlOutput<'_>> {
    let from = e.from.first();
    vec![
        folder_id.into(),
        e.uid.into(),
        flag_text(&e.flags).into(),
        has_flag(&e.flags, "\\Seen").into(),
        has_flag(&e.flags, "\\Flagged").into(),
        e.size.into(),
        opt_int(e.internal_date),
        opt_int(e.date),
        text(Some(&e.subject)),
        text(from.and_then(|a| a.name.as_deref())),
        text(from.map(|a| a.email.as_str())),
        crate::mime::address::join(&e.to).into(),
        crate::mime::address::join(&e.cc).into(),
        text(e.message_id.as_deref()),
        text(e.in_reply_to.as_deref()),
        e.has_attachments.into(),
    ]
}

fn opt_int<'a>(i: Option<i64>) -> ToSqlOutput<'a> {
    i.map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from)
}

fn text(t: Option<&str>) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(t.map_or(ValueRef::Null, |t| ValueRef::Text(t.as_bytes())))
}

fn flag_text(flags: &[String]) -> String {
    flags.join(" ")
}

fn has_flag(flags: &[String], flag: &str) -> bool {
    flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
}

fn address_words(e: &NewEnvelope) -> String {
    let mut s = String::new();
    for a in e.from.iter().chain(&e.to).chain(&e.cc) {
        if let Some(n) = &a.name {
            s.push_str(n);
            s.push(' ');
        }
        s.push_str(&a.email);
        s.push(' ');
    }
    s
}

/// Index a message; `had_row` says whether an earlier row must be deleted first (deleting
/// from a contentless FTS5 table is costly, so a first sync indexes each message once).
fn write_search_row(
    tx: &Transaction<'_>,
    id: i64,
    e: &NewEnvelope,
    body: Option<&str>,
    had_row: bool,
) -> Result<()> {
    if had_row {
        tx.execute("DELETE FROM search WHERE rowid = ?1", [id])?;
    }
    tx.prepare_cached(
        "INSERT INTO search (rowid, subject, addresses, body, date) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        e.subject,
        address_words(e),
        body.unwrap_or(""),
        e.date
    ])?;
    Ok(())
}

impl Db {
    /// Insert envelopes in one transaction; existing UIDs get their flags updated. Search rows
    /// are not written here: the body download indexes each message once, and
    /// `index_unindexed` covers the rest (search meanwhile finds unindexed rows by scanning).
    /// Each message joins its conversation here.
    pub fn insert_envelopes(&mut self, folder_id: i64, envelopes: &[NewEnvelope]) -> Result<()> {
        let memo = self.id_memo.take().and_then(|m| m.still_valid(&self.conn));
        let tx = self.conn.transaction()?;
        let memo = {
            let mut threader = Threader::for_new_mail(&tx, folder_id, memo)?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO messages (folder_id, uid, flags, seen, flagged, size, internal_date,
                    date, subject, from_name, from_email, to_list, cc_list, message_id,
                    in_reply_to, has_attachments, thread_id, subject_key, refs)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19)
                 ON CONFLICT (folder_id, uid) DO UPDATE SET flags = excluded.flags,
                    seen = excluded.seen, flagged = excluded.flagged",
            )?;
            for e in envelopes {
                let placed = threader.place_new(e)?;
                let mut values = row_values(folder_id, e);
                values.extend([
                    ToSqlOutput::from(placed.thread_id),
                    text(placed.subject_key.as_deref()),
                    text(placed.refs.as_deref()),
                ]);
                let before = tx.last_insert_rowid();
                upsert.execute(rusqlite::params_from_iter(values))?;
                let inserted = tx.last_insert_rowid() != before;
                threader.stored_new(e, placed.thread_id, inserted);
            }
            threader.into_memo()
        };
        tx.commit()?;
        self.id_memo = memo.and_then(|m| m.stamped(&self.conn));
        Ok(())
    }

    /// Store downloaded messages (raw bytes, decoded headers, search text) in one transaction.
    pub fn insert_bodies(&mut self, folder_id: i64, bodies: &[ParsedBody]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        insert_bodies_in(&tx, folder_id, bodies)?;
        tx.commit()?;
        Ok(())
    }
}

/// [`Db::insert_bodies`] inside a transaction the caller commits (with other rows, or durably).
pub(super) fn insert_bodies_in(
    tx: &Transaction<'_>,
    folder_id: i64,
    bodies: &[ParsedBody],
) -> Result<()> {
    {
        let mut threader = Threader::for_folder(tx, folder_id)?;
        let mut find = tx.prepare_cached(
                "SELECT id, subject, from_name, from_email, indexed FROM messages WHERE folder_id = ?1 AND uid = ?2",
            )?;
        // An upsert, not INSERT OR REPLACE: the replaced row's file must reach the trigger
        // that schedules its removal (REPLACE deletes without firing delete triggers).
        let mut put_raw = tx.prepare_cached(
            "INSERT INTO bodies (message_id, raw, file, file_len, file_crc, file_offset)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (message_id) DO UPDATE SET raw = excluded.raw, file = excluded.file,
                    file_len = excluded.file_len, file_crc = excluded.file_crc,
                    file_offset = excluded.file_offset",
        )?;
        let mut put_report = tx.prepare_cached(
            "INSERT OR REPLACE INTO reports (message_id, original_message_id, kind, summary)
                 VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut mark = tx.prepare_cached("UPDATE messages SET indexed = ?2 WHERE id = ?1")?;
        let mut search_rows = Vec::with_capacity(bodies.len());
        for b in bodies {
            let e = &b.envelope;
            let existing: Option<(i64, i64)> = find
                .query_row(params![folder_id, e.uid], |r| Ok((r.get(0)?, r.get(4)?)))
                .optional()?;
            let had_row = existing.is_some_and(|(_, indexed)| indexed > 0);
            let existing = existing.map(|(id, _)| id);
            let id = match existing {
                    Some(id) if b.raw_fallback => {
                        tx.execute(
                            "UPDATE messages SET has_body = 1, snippet = ?2 WHERE id = ?1",
                            params![id, b.snippet],
                        )?;
                        id
                    }
                    Some(id) => {
                        let from = e.from.first();
                        tx.execute(
                            "UPDATE messages SET has_body = 1, subject = ?2, from_name = ?3,
                                from_email = ?4, to_list = ?5, cc_list = ?6,
                                date = coalesce(?7, date), message_id = coalesce(?8, message_id),
                                in_reply_to = coalesce(?9, in_reply_to), has_attachments = ?10,
                                snippet = ?11
                             WHERE id = ?1",
                            params![
                                id,
                                e.subject,
                                from.and_then(|a| a.name.clone()),
                                from.map(|a| a.email.clone()),
                                crate::mime::address::join(&e.to),
                                crate::mime::address::join(&e.cc),
                                e.date,
                                e.message_id,
                                e.in_reply_to,
                                e.has_attachments,
                                b.snippet
                            ],
                        )?;
                        id
                    }
                    None => {
                        tx.query_row(
                            "INSERT INTO messages (folder_id, uid, flags, seen, flagged, size,
                                internal_date, date, subject, from_name, from_email, to_list,
                                cc_list, message_id, in_reply_to, has_attachments, has_body)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)
                             RETURNING id",
                            rusqlite::params_from_iter(row_values(folder_id, e)),
                            |r| r.get(0),
                        )
                        .and_then(|id: i64| {
                            tx.execute(
                                "UPDATE messages SET snippet = ?2 WHERE id = ?1",
                                params![id, b.snippet],
                            )?;
                            Ok(id)
                        })?
                    }
                };
            match &b.raw {
                super::RawBody::Inline(raw) => put_raw.execute(params![
                    id,
                    raw,
                    None::<String>,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>
                ])?,
                super::RawBody::File(f) => put_raw.execute(params![
                    id,
                    &[] as &[u8],
                    f.file,
                    f.len as i64,
                    f.crc as i64,
                    f.offset as i64
                ])?,
            };
            let references: &[String] = if b.raw_fallback { &[] } else { &e.references };
            threader.thread(id, references)?;
            if let Some((original, kind, summary)) = &b.report {
                put_report.execute(params![id, original, kind, summary])?;
            }
            let (subject, from_name, from_email): (String, Option<String>, Option<String>) =
                find.query_row(params![folder_id, e.uid], |r| {
                    Ok((r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            let mut indexed = e.clone();
            indexed.subject = subject;
            if b.raw_fallback {
                indexed.from = vec![Address {
                    name: from_name,
                    email: from_email.unwrap_or_default(),
                }];
            }
            mark.execute(params![id, 2])?;
            search_rows.push((id, indexed, had_row, b.search_text.as_str()));
        }
        // The index rows last, in one run: a statement that writes another table between two
        // index inserts makes FTS5 flush its pending terms to a segment of its own (a
        // statement savepoint), and merging thousands of tiny segments cost more than the
        // indexing itself. Ascending by row id: FTS5 also flushes when a row id is lower than
        // the one before it.
        search_rows.sort_unstable_by_key(|(id, ..)| *id);
        for (id, e, had_row, text) in &search_rows {
            write_search_row(tx, *id, e, Some(text), *had_row)?;
        }
    }
    Ok(())
}

impl Db {
    /// Give every message of the folder that the search index lacks a headers-only row
    /// (bodies not downloaded: headers-only sync, too large, interrupted download).
    /// Make the list snippet of up to `limit` messages of the folder that have a body and no
    /// snippet (stored before schema 6). Returns how many were made.
    pub fn fill_missing_snippets(&mut self, folder_id: i64, limit: usize) -> Result<usize> {
        let files = self.files.clone();
        let tx = self.conn_mut().transaction()?;
        let made = {
            let mut pick = tx.prepare(
                "SELECT m.id, b.raw, b.file, b.file_len, b.file_crc, b.file_offset FROM messages m
                 JOIN bodies b ON b.message_id = m.id
                 WHERE m.folder_id = ?1 AND m.snippet IS NULL AND m.has_body = 1 LIMIT ?2",
            )?;
            let rows: Vec<(i64, Option<StoredRaw>)> = pick
                .query_map(params![folder_id, limit as i64], |r| {
                    Ok((r.get(0)?, StoredRaw::from_row(r, 1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut put = tx.prepare_cached("UPDATE messages SET snippet = ?2 WHERE id = ?1")?;
            for (id, stored) in &rows {
                let raw = stored
                    .as_ref()
                    .and_then(|s| s.bytes(&files).ok())
                    .unwrap_or_default();
                let text = crate::mime::searchable_text(
                    &crate::mime::parse(&raw),
                    crate::mime::SNIPPET_SOURCE_CHARS,
                );
                put.execute(params![id, crate::mime::snippet(&text)])?;
            }
            rows.len()
        };
        tx.commit()?;
        Ok(made)
    }

    pub fn index_unindexed(&mut self, folder_id: i64) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let rows: Vec<(i64, NewEnvelope)> = {
            let mut stmt = tx.prepare(
                // The partial index is empty once everything is indexed: a resync pays nothing.
                "SELECT id, subject, from_name, from_email, to_list, cc_list FROM messages
                 INDEXED BY messages_unindexed WHERE folder_id = ?1 AND indexed = 0 ORDER BY id",
            )?;
            let mapped = stmt.query_map([folder_id], |r| {
                let to: String = r.get(4)?;
                let cc: String = r.get(5)?;
                Ok((
                    r.get(0)?,
                    NewEnvelope {
                        subject: r.get(1)?,
                        from: vec![Address {
                            name: r.get(2)?,
                            email: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        }],
                        // Display text is enough for the index: its words are what is searched.
                        to: vec![Address {
                            name: None,
                            email: to,
                        }],
                        cc: vec![Address {
                            name: None,
                            email: cc,
                        }],
                        ..NewEnvelope::default()
                    },
                ))
            })?;
            mapped.collect::<rusqlite::Result<_>>()?
        };
        // Ascending by id (see `insert_bodies_in`). Marking each row between two index inserts
        // opens no statement savepoint, so it does not flush the index.
        let mut mark = tx.prepare_cached("UPDATE messages SET indexed = 1 WHERE id = ?1")?;
        for (id, e) in &rows {
            write_search_row(&tx, *id, e, None, false)?;
            mark.execute([id])?;
        }
        drop(mark);
        tx.commit()?;
        Ok(rows.len())
    }

    /// All UIDs with their flags, ascending by UID.
    pub fn uids_and_flags(&self, folder_id: i64) -> Result<Vec<(u32, Vec<String>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uid, flags FROM messages WHERE folder_id = ?1 AND uid > 0 ORDER BY uid",
        )?;
        let rows = stmt.query_map([folder_id], |r| {
            let flags: String = r.get(1)?;
            Ok((
                r.get::<_, u32>(0)?,
                flags.split_whitespace().map(str::to_string).collect(),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replace the flags of some UIDs.
    /// Returns how many stored messages had other flags (a server may report flags that did
    /// not change, such as those of messages it just listed as new).
    pub fn set_flags(&mut self, folder_id: i64, changes: &[(u32, Vec<String>)]) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let mut changed = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE messages SET flags = ?3, seen = ?4, flagged = ?5
                 WHERE folder_id = ?1 AND uid = ?2 AND flags IS NOT ?3",
            )?;
            for (uid, flags) in changes {
                changed += stmt.execute(params![
                    folder_id,
                    uid,
                    flag_text(flags),
                    has_flag(flags, "\\Seen"),
                    has_flag(flags, "\\Flagged")
                ])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Remove messages the server expunged.
    pub fn remove_uids(&mut self, folder_id: i64, uids: &[u32]) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let mut n = 0;
        {
            let mut stmt =
                tx.prepare_cached("DELETE FROM messages WHERE folder_id = ?1 AND uid = ?2")?;
            for uid in uids {
                n += stmt.execute(params![folder_id, uid])?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Newest first; `folder_id` None lists every folder of the account (or all accounts).
    pub fn list_messages(
        &self,
        account_id: Option<&str>,
        folder_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<MessageSummary>> {
        // One statement per filter shape so that each can use its index.
        let filter = match (folder_id, account_id) {
            (Some(_), _) => "m.folder_id = ?1",
            (None, Some(_)) => "f.account_id = ?1",
            (None, None) => "?1 IS NULL",
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE {filter} ORDER BY m.date DESC, m.id DESC LIMIT ?2"
        ))?;
        let key: rusqlite::types::Value = match (folder_id, account_id) {
            (Some(id), _) => id.into(),
            (None, Some(a)) => a.to_string().into(),
            (None, None) => rusqlite::types::Value::Null,
        };
        let rows = stmt.query_map(params![key, limit as i64], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The flags of these rows, in the order given (a missing row is an error). One statement
    /// for them all: 10,000 point queries would each take a read transaction of their own.
    pub fn flags_of(&self, ids: &[i64]) -> Result<Vec<(i64, Vec<String>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.id, m.flags FROM json_each(?1) j JOIN messages m ON m.id = j.value",
        )?;
        let found: std::collections::HashMap<i64, String> = stmt
            .query_map([id_list(ids)], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .map(|&id| {
                let flags = found.get(&id).ok_or(StoreError::NoSuchMessage(id))?;
                Ok((id, flags.split_whitespace().map(str::to_string).collect()))
            })
            .collect()
    }

    pub fn message(&self, id: i64) -> Result<MessageDetail> {
        let found = self
            .conn()
            .query_row(
                &format!(
                    "SELECT {SUMMARY_COLUMNS}, m.folder_id, m.flags, m.to_list, m.cc_list,
                        b.raw, b.file, b.file_len, b.file_crc, b.file_offset
                     FROM messages m JOIN folders f ON f.id = m.folder_id
                     LEFT JOIN bodies b ON b.message_id = m.id WHERE m.id = ?1"
                ),
                [id],
                |r| {
                    let w = SUMMARY_WIDTH;
                    let flags: String = r.get(w + 1)?;
                    Ok(MessageDetail {
                        summary: summary_from_row(r)?,
                        folder_id: r.get(w)?,
                        flags: flags.split_whitespace().map(str::to_string).collect(),
                        to_list: r.get(w + 2)?,
                        cc_list: r.get(w + 3)?,
                        raw: None,
                    })
                    .and_then(|detail| Ok((detail, StoredRaw::from_row(r, w + 4)?)))
                },
            )
            .optional()?;
        let (mut detail, stored) = found.ok_or(StoreError::NoSuchMessage(id))?;
        if let Some(stored) = stored {
            match stored.bytes(&self.files) {
                Ok(raw) => detail.raw = Some(raw),
                Err(super::body_files::BodyLost) => {
                    // Shown as not downloaded; the next sync fetches it again.
                    self.forget_lost_body(id)?;
                    detail.summary.has_body = false;
                }
            }
        }
        Ok(detail)
    }
}

/// Row ids as a JSON array, for `json_each(?)`: one statement about many rows.
pub(super) fn id_list(ids: &[i64]) -> String {
    let mut out = String::with_capacity(ids.len() * 7 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

/// A report (DSN or read receipt) about a message, as its reader shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    /// The local id of the report message itself (to open it).
    pub report_id: i64,
    /// `delivery` or `disposition`.
    pub kind: String,
    pub summary: String,
    pub date: Option<i64>,
}

impl Db {
    /// The local id of a stored message with this Message-ID (the first one, when the same
    /// message sits in several folders).
    pub fn message_by_message_id(&self, message_id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM messages WHERE message_id = ?1 ORDER BY id LIMIT 1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Reports about the message whose Message-ID is `message_id`, oldest first.
    pub fn reports_about(&self, message_id: &str) -> Result<Vec<ReportRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT r.message_id, r.kind, r.summary, m.date FROM reports r
             JOIN messages m ON m.id = r.message_id
             WHERE r.original_message_id = ?1 ORDER BY m.date, r.message_id LIMIT 200",
        )?;
        let rows = stmt.query_map([message_id], |r| {
            Ok(ReportRow {
                report_id: r.get(0)?,
                kind: r.get(1)?,
                summary: r.get(2)?,
                date: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
