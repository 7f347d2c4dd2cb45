//! The outbox table: finished messages waiting for the submission server, with what happened
//! on each try. Writes that record a send or a new message commit with `synchronous = FULL`
//! (they must survive a power cut: the server cannot give them back).

use super::{Db, Result, StoreError};
use rusqlite::{params, OptionalExtension, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxState {
    /// Waiting for its next try.
    Queued,
    /// A try is under way (or the process doing it stopped: recovered on the next flush).
    Sending,
    /// Refused for good; the user edits and resends, or deletes it.
    Failed,
    /// The server took it; the Sent copy may still be pending.
    Sent,
}

impl OutboxState {
    fn parse(s: &str) -> OutboxState {
        match s {
            "sending" => OutboxState::Sending,
            "failed" => OutboxState::Failed,
            "sent" => OutboxState::Sent,
            _ => OutboxState::Queued,
        }
    }
}

/// A new message for the outbox.
#[derive(Debug, Clone, Default)]
pub struct NewOutboxMessage {
    pub account_id: String,
    pub message_id: String,
    pub envelope_from: String,
    pub recipients: Vec<String>,
    pub raw: Vec<u8>,
    pub subject: String,
    pub to_display: String,
    pub request_dsn: bool,
    pub reply_to_message: Option<i64>,
    pub reply_flag: Option<String>,
    /// Leave the Sent copy out (the account's server files sent mail itself).
    pub skip_sent_copy: bool,
    /// A filed draft (local message id) this message came from: removed from the Drafts
    /// folder once the message is sent.
    pub replaces_draft: Option<i64>,
}

/// One outbox row without its bytes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub account_id: String,
    pub message_id: String,
    pub envelope_from: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub to_display: String,
    pub queued_at: i64,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_try: i64,
    pub sent_at: Option<i64>,
    pub server_reply: Option<String>,
    pub refused: serde_json::Value,
    pub sent_copy: String,
    pub request_dsn: bool,
    pub reply_to_message: Option<i64>,
    pub reply_flag: Option<String>,
    pub replaces_draft: Option<i64>,
}

const COLUMNS: &str =
    "id, account_id, message_id, envelope_from, recipients, subject, to_display, \
    queued_at, state, attempts, last_error, next_try, sent_at, server_reply, refused, sent_copy, \
    request_dsn, reply_to_message, reply_flag, replaces_draft";

fn entry(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let recipients: String = row.get(4)?;
    let state: String = row.get(8)?;
    let refused: String = row.get(14)?;
    Ok(OutboxEntry {
        id: row.get(0)?,
        account_id: row.get(1)?,
        message_id: row.get(2)?,
        envelope_from: row.get(3)?,
        recipients: recipients.lines().map(str::to_string).collect(),
        subject: row.get(5)?,
        to_display: row.get(6)?,
        queued_at: row.get(7)?,
        state: OutboxState::parse(&state),
        attempts: row.get(9)?,
        last_error: row.get(10)?,
        next_try: row.get(11)?,
        sent_at: row.get(12)?,
        server_reply: row.get(13)?,
        refused: serde_json::from_str(&refused).unwrap_or(serde_json::Value::Null),
        sent_copy: row.get(15)?,
        request_dsn: row.get(16)?,
        reply_to_message: row.get(17)?,
        reply_flag: row.get(18)?,
        replaces_draft: row.get(19)?,
    })
}

/// Write a new outbox row (in the caller's transaction); returns its id.
pub(super) fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    m: &NewOutboxMessage,
    now: i64,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO outbox (account_id, message_id, envelope_from, recipients, raw, subject,
             to_display, queued_at, request_dsn, reply_to_message, reply_flag, sent_copy,
             replaces_draft)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            m.account_id,
            m.message_id,
            m.envelope_from,
            m.recipients.join("\n"),
            m.raw,
            m.subject,
            m.to_display,
            now,
            m.request_dsn,
            m.reply_to_message,
            m.reply_flag,
            if m.skip_sent_copy {
                "skipped"
            } else {
                "pending"
            },
            m.replaces_draft,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Db {
    /// Run `f` in a transaction that is on disk (fsync'd) when this returns.
    pub fn durably<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let result = (|| {
            let tx = self.conn.transaction()?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        result
    }

    /// Put a finished message in the outbox, durably. Returns its outbox id.
    pub fn outbox_add(&mut self, m: &NewOutboxMessage, now: i64) -> Result<i64> {
        self.durably(|tx| insert_row(tx, m, now))
    }

    /// Every outbox row of an account (or of all), oldest first.
    pub fn outbox_list(&self, account_id: Option<&str>) -> Result<Vec<OutboxEntry>> {
        let sql =
            format!("SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([account_id], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn outbox_entry(&self, id: i64) -> Result<Option<OutboxEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], entry).optional()?)
    }

    /// The exact bytes of a queued message.
    pub fn outbox_raw(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT raw FROM outbox WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NoSuchMessage(id))
    }

    /// Rows whose try is due now (queued, next try passed).
    pub fn outbox_due(&self, account_id: &str, now: i64) -> Result<Vec<OutboxEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE account_id = ?1 AND state = 'queued' AND next_try <= ?2
             ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![account_id, now], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A try starts: the row is `sending` with its attempt number raised.
    pub fn outbox_start_attempt(&mut self, id: i64) -> Result<i64> {
        self.conn.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
            [id],
        )?;
        Ok(self
            .conn
            .query_row("SELECT attempts FROM outbox WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// The server took the message: recorded durably before anything else happens.
    pub fn outbox_record_sent(
        &mut self,
        id: i64,
        reply: &str,
        refused_json: &str,
        now: i64,
    ) -> Result<()> {
        self.durably(|tx| {
            tx.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, server_reply = ?3, refused = ?4,
                     last_error = NULL WHERE id = ?1",
                params![id, now, reply, refused_json],
            )?;
            Ok(())
        })
    }

    /// A try failed: back in the queue for `next_try`, or failed for good when `next_try` is None.
    pub fn outbox_record_failure(
        &mut self,
        id: i64,
        error: &str,
        next_try: Option<i64>,
    ) -> Result<()> {
        self.durably(|tx| {
            match next_try {
                Some(at) => tx.execute(
                    "UPDATE outbox SET state = 'queued', last_error = ?2, next_try = ?3 WHERE id = ?1",
                    params![id, error, at],
                )?,
                None => tx.execute(
                    "UPDATE outbox SET state = 'failed', last_error = ?2 WHERE id = ?1",
                    params![id, error],
                )?,
            };
            Ok(())
        })
    }

    /// Rows left `sending` by a process that stopped: `went_out` says, per (id, attempt),
    /// whether that try's end of data had reached the network. Those count as sent; the others
    /// go back to the queue.
    pub fn outbox_recover(
        &mut self,
        account_id: &str,
        went_out: &[(i64, i64)],
        now: i64,
    ) -> Result<Vec<i64>> {
        self.durably(|tx| {
            let stuck: Vec<(i64, i64)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, attempts FROM outbox WHERE account_id = ?1 AND state = 'sending'",
                )?;
                let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut sent = Vec::new();
            for (id, attempt) in stuck {
                if went_out.contains(&(id, attempt)) {
                    tx.execute(
                        "UPDATE outbox SET state = 'sent', sent_at = ?2, server_reply = ?3 WHERE id = ?1",
                        params![
                            id,
                            now,
                            "the message was handed to the server; Jebi stopped before its reply arrived"
                        ],
                    )?;
                    sent.push(id);
                } else {
                    tx.execute(
                        "UPDATE outbox SET state = 'queued', next_try = 0 WHERE id = ?1",
                        [id],
                    )?;
                }
            }
            Ok(sent)
        })
    }

    pub fn outbox_set_sent_copy(&mut self, id: i64, state: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET sent_copy = ?2 WHERE id = ?1",
            params![id, state],
        )?;
        Ok(())
    }

    /// The flag a sent message puts on the message it answers (\\Answered, $Forwarded,
    /// $MDNSent) is set.
    pub fn outbox_flag_applied(&mut self, id: i64) -> Result<()> {
        self.conn
            .execute("UPDATE outbox SET reply_flag = NULL WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The draft a sent message came from is gone from the Drafts folder.
    pub fn outbox_draft_removed(&mut self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET replaces_draft = NULL WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Forget rows that are sent and whose Sent copy is done or not wanted (and whose draft,
    /// if any, is gone).
    pub fn outbox_prune_sent(&mut self, account_id: &str) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM outbox WHERE account_id = ?1 AND state = 'sent' AND sent_copy != 'pending'
                 AND replaces_draft IS NULL AND reply_flag IS NULL",
            [account_id],
        )?)
    }

    /// Try again now ("Send now"; a failed message the user resends).
    pub fn outbox_retry_now(&mut self, id: i64) -> Result<bool> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'queued', next_try = 0 WHERE id = ?1 AND state IN ('queued', 'failed')",
            [id],
        )? > 0)
    }

    /// Delete a message that has not been sent ("Delete", or taken back to the composer).
    pub fn outbox_delete(&mut self, id: i64) -> Result<bool> {
        Ok(self.conn.execute(
            "DELETE FROM outbox WHERE id = ?1 AND state IN ('queued', 'failed')",
            [id],
        )? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: usize) -> NewOutboxMessage {
        NewOutboxMessage {
            account_id: "a".into(),
            message_id: format!("m{n}@example.test"),
            envelope_from: "alice@example.test".into(),
            recipients: vec!["bob@example.test".into(), "carol@example.test".into()],
            raw: format!("Subject: {n}\r\n\r\nbody\r\n").into_bytes(),
            subject: format!("{n}"),
            ..Default::default()
        }
    }

    #[test]
    fn queue_send_and_recover() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let a = db.outbox_add(&sample(1), 100).unwrap();
        let b = db.outbox_add(&sample(2), 100).unwrap();
        let c = db.outbox_add(&sample(3), 100).unwrap();
        assert_eq!(db.outbox_due("a", 100).unwrap().len(), 3);
        assert_eq!(
            db.outbox_due("a", 100).unwrap()[0].recipients,
            vec!["bob@example.test", "carol@example.test"]
        );
        assert_eq!(db.outbox_raw(a).unwrap(), b"Subject: 1\r\n\r\nbody\r\n");

        // a: sent; b: a try whose end of data went out, then the process died; c: a try that
        // died before that.
        db.outbox_start_attempt(a).unwrap();
        db.outbox_record_sent(a, "250 ok", "[]", 101).unwrap();
        let b_attempt = db.outbox_start_attempt(b).unwrap();
        db.outbox_start_attempt(c).unwrap();
        let sent = db.outbox_recover("a", &[(b, b_attempt)], 102).unwrap();
        assert_eq!(sent, vec![b]);
        let due = db.outbox_due("a", 102).unwrap();
        assert_eq!(due.iter().map(|e| e.id).collect::<Vec<_>>(), vec![c]);
        assert_eq!(due[0].attempts, 1);

        // A marker from an earlier attempt does not count for a later one.
        let c2 = db.outbox_start_attempt(c).unwrap();
        assert_eq!(c2, 2);
        assert!(db.outbox_recover("a", &[(c, 1)], 103).unwrap().is_empty());

        // Transient failure, then permanent.
        db.outbox_start_attempt(c).unwrap();
        db.outbox_record_failure(c, "450 later", Some(500)).unwrap();
        assert!(db.outbox_due("a", 499).unwrap().is_empty());
        assert_eq!(db.outbox_due("a", 500).unwrap().len(), 1);
        db.outbox_record_failure(c, "550 no", None).unwrap();
        let e = db.outbox_entry(c).unwrap().unwrap();
        assert_eq!(e.state, OutboxState::Failed);
        assert_eq!(e.last_error.as_deref(), Some("550 no"));
        assert!(db.outbox_retry_now(c).unwrap());
        assert_eq!(db.outbox_due("a", 0).unwrap().len(), 1);

        // Sent rows go once their Sent copy is done; unsent ones are never pruned.
        db.outbox_set_sent_copy(a, "done").unwrap();
        assert_eq!(db.outbox_prune_sent("a").unwrap(), 1);
        assert_eq!(db.outbox_list(Some("a")).unwrap().len(), 2);
        assert!(
            !db.outbox_delete(b).unwrap(),
            "a sent message cannot be deleted"
        );
        assert!(db.outbox_delete(c).unwrap());
    }
}
