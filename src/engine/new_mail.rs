//! New mail to tell the person about: unread messages that reached an account's Inbox since the
//! last look (none for mail already read elsewhere, none outside the Inbox: Junk stays quiet).

use super::Engine;
use crate::account::Account;

/// One new message, as a notification shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// The stored message (clicking the notification opens it).
    pub id: i64,
    pub from: String,
    pub subject: String,
}

/// At most this many are read per pass (a notification shows a count beyond a few).
const MOST: usize = 100;

impl Engine {
    /// The newest message row now: mail stored up to here is not new any more.
    pub fn new_mail_mark(&self) -> i64 {
        self.reader()
            .ok()
            .and_then(|db| db.last_message_row().ok())
            .unwrap_or(0)
    }

    /// The account's unread Inbox mail stored after `mark`, and the mark to use next time.
    pub fn new_mail_since(&self, account: &Account, mark: i64) -> (Vec<NewMail>, i64) {
        let Ok(db) = self.reader() else {
            return (Vec::new(), mark);
        };
        let next = db.last_message_row().unwrap_or(mark).max(mark);
        let found = db
            .unread_inbox_after(&account.id, mark, MOST)
            .unwrap_or_default()
            .into_iter()
            .map(|m| NewMail {
                id: m.id,
                from: m
                    .from_name
                    .filter(|n| !n.trim().is_empty())
                    .or(m.from_email)
                    .unwrap_or_default(),
                subject: m.subject,
            })
            .collect();
        (found, next)
    }
}
