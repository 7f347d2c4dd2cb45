//! A queued message taken back to the composer and queued again: the old row goes and the new
//! one comes in one durable transaction, so a crash keeps exactly one of them, and a message the
//! flush has already started (or sent) is never replaced.

use super::{Db, NewOutboxMessage, Result};
use rusqlite::params;

impl Db {
    /// Replace unsent outbox row `old` (still holding Message-ID `old_message_id`: row ids are
    /// reused after a delete) by `new`. None (and nothing changed) when it is no longer queued or
    /// failed: it is being sent, was sent, or was deleted.
    pub fn outbox_replace(
        &mut self,
        old: i64,
        old_message_id: &str,
        new: &NewOutboxMessage,
        now: i64,
    ) -> Result<Option<i64>> {
        self.durably(|tx| {
            let removed = tx.execute(
                "DELETE FROM outbox WHERE id = ?1 AND message_id = ?2 AND state IN ('queued', 'failed')",
                params![old, old_message_id],
            )?;
            if removed == 0 {
                return Ok(None);
            }
            let id = super::outbox::insert_row(tx, new, now)?;
            Ok(Some(id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OutboxEntry;

    fn message(subject: &str) -> NewOutboxMessage {
        NewOutboxMessage {
            account_id: "acc".into(),
            message_id: format!("{subject}@x.test"),
            envelope_from: "me@x.test".into(),
            recipients: vec!["a@x.test".into(), "b@x.test".into()],
            raw: format!("Subject: {subject}\r\n\r\nhi\r\n").into_bytes(),
            subject: subject.into(),
            to_display: "a@x.test".into(),
            request_dsn: true,
            reply_to_message: Some(7),
            reply_flag: Some("\\Answered".into()),
            skip_sent_copy: true,
            replaces_draft: Some(3),
        }
    }

    #[test]
    fn an_edited_message_replaces_the_queued_one_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let old = db.outbox_add(&message("first"), 100).unwrap();
        let new = db
            .outbox_replace(old, "first@x.test", &message("edited"), 200)
            .unwrap()
            .expect("a queued row can be replaced");
        let rows = db.outbox_list(None).unwrap();
        assert_eq!(rows.len(), 1, "the old row is gone");
        assert_eq!(db.outbox_raw(new).unwrap(), message("edited").raw);
        // Same row as outbox_add would write.
        let added = db.outbox_add(&message("edited"), 200).unwrap();
        let strip = |e: OutboxEntry| OutboxEntry { id: 0, ..e };
        assert_eq!(
            strip(db.outbox_entry(new).unwrap().unwrap()),
            strip(db.outbox_entry(added).unwrap().unwrap())
        );
        // Gone (its id may now hold another message), or sending: nothing is queued in its place.
        let again = db.outbox_replace(old, "first@x.test", &message("again"), 300);
        assert_eq!(again.unwrap(), None);
        db.outbox_start_attempt(new).unwrap();
        let late = db.outbox_replace(new, "edited@x.test", &message("late"), 300);
        assert_eq!(late.unwrap(), None);
        assert_eq!(db.outbox_list(None).unwrap().len(), 2);
    }
}
