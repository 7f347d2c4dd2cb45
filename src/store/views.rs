//! Views across accounts: every Inbox, every unread message, every starred one (newest first),
//! and the counts the folder tree shows beside them.

use super::messages::{summary_from_row, SUMMARY_COLUMNS};
use super::{Db, MessageSummary, Result};
use rusqlite::params;

/// A view at the top of the folder tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailView {
    AllInboxes,
    Unread,
    Starred,
}

impl MailView {
    pub(super) fn filter(self) -> &'static str {
        match self {
            MailView::AllInboxes => "f.role = 'inbox'",
            // Unread mail worth reading: not what sits in Trash or Junk.
            MailView::Unread => "m.seen = 0 AND coalesce(f.role, '') NOT IN ('trash', 'junk')",
            MailView::Starred => "m.flagged = 1 AND coalesce(f.role, '') != 'trash'",
        }
    }
}

impl Db {
    /// The newest `limit` messages of a view.
    pub fn list_view(&self, view: MailView, limit: usize) -> Result<Vec<MessageSummary>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE {} ORDER BY m.date DESC, m.id DESC LIMIT ?1",
            view.filter()
        ))?;
        let rows = stmt.query_map(params![limit as i64], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The count shown beside a view: unread mail for the Inboxes and Unread, all for Starred.
    pub fn view_count(&self, view: MailView) -> Result<u32> {
        let extra = match view {
            MailView::AllInboxes => " AND m.seen = 0",
            _ => "",
        };
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM messages m JOIN folders f ON f.id = m.folder_id WHERE {}{extra}",
                view.filter()
            ),
            [],
            |r| r.get(0),
        )?;
        Ok(n as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FolderRole, ParsedBody};

    fn add(
        db: &mut Db,
        account: &str,
        folder: &str,
        role: Option<FolderRole>,
        uid: u32,
        flags: &[&str],
    ) {
        let id = match db.folder_by_name(account, folder).unwrap() {
            Some(f) => f.id,
            None => db
                .upsert_folder(account, folder, folder, None, role, true)
                .unwrap(),
        };
        let raw = format!("Subject: {account} {folder} {uid}\r\nDate: Mon, {uid} Mar 2025 10:00:00 +0000\r\n\r\nx\r\n");
        let flags = flags.iter().map(|f| f.to_string()).collect();
        let body = ParsedBody::from_raw(uid, flags, None, raw.into_bytes(), 100);
        db.insert_bodies(id, &[body]).unwrap();
    }

    #[test]
    fn views_gather_across_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        add(&mut db, "a", "INBOX", Some(FolderRole::Inbox), 1, &[]);
        add(
            &mut db,
            "a",
            "INBOX",
            Some(FolderRole::Inbox),
            2,
            &["\\Seen", "\\Flagged"],
        );
        add(&mut db, "b", "INBOX", Some(FolderRole::Inbox), 3, &[]);
        add(&mut db, "b", "Work", None, 4, &[]);
        add(
            &mut db,
            "b",
            "Trash",
            Some(FolderRole::Trash),
            5,
            &["\\Flagged"],
        );
        let subjects = |v| -> Vec<String> {
            db.list_view(v, 100)
                .unwrap()
                .into_iter()
                .map(|m| m.subject)
                .collect()
        };
        assert_eq!(
            subjects(MailView::AllInboxes),
            ["b INBOX 3", "a INBOX 2", "a INBOX 1"]
        );
        assert_eq!(
            subjects(MailView::Unread),
            ["b Work 4", "b INBOX 3", "a INBOX 1"]
        );
        assert_eq!(subjects(MailView::Starred), ["a INBOX 2"]);
        assert_eq!(db.view_count(MailView::AllInboxes).unwrap(), 2);
        assert_eq!(db.view_count(MailView::Unread).unwrap(), 3);
        assert_eq!(db.view_count(MailView::Starred).unwrap(), 1);
    }
}
