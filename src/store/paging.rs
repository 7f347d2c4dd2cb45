//! Reading a list a page at a time: how many rows a folder (or a view across accounts) holds,
//! the ids of all of them in list order (8 bytes a row), and the summaries of one page of ids.
//! The window never loads a whole folder's summaries: a folder of a million messages costs it
//! its ids and the few pages near the screen.
//!
//! Also the folder tree without its counts: counting the unread mail of a folder of a million
//! messages reads every row (a few hundred ms), so the window shows the tree and opens the
//! folder first and counts after.

use super::folders::folder_from_row;
use super::messages::{summary_from_row, SUMMARY_COLUMNS};
use super::{Db, Folder, MailView, MessageSummary, Result};
use rusqlite::OptionalExtension;

impl Db {
    /// How many messages a folder holds.
    pub fn folder_total(&self, folder_id: i64) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM messages WHERE folder_id = ?1")?
            .query_row([folder_id], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many messages a view lists (all of them, unlike `view_count`).
    pub fn view_total(&self, view: MailView) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM messages m JOIN folders f ON f.id = m.folder_id WHERE {}",
                view.filter()
            ))?
            .query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The ids of a folder's messages in list order (newest first, as `list_messages`).
    pub fn folder_ids(&self, folder_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM messages WHERE folder_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        let ids = stmt.query_map([folder_id], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of a view's messages in list order (newest first, as `list_view`).
    pub fn view_ids(&self, view: MailView) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE {} ORDER BY m.date DESC, m.id DESC",
            view.filter()
        ))?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The summaries of these messages, in the order given; ids no longer stored are left out.
    pub fn summaries_of(&self, ids: &[i64]) -> Result<Vec<MessageSummary>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE m.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(m) = stmt.query_row([id], summary_from_row).optional()? {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// An account's folders as `folders` lists them, with `total` and `unread` left at 0.
    pub fn folders_uncounted(&self, account_id: &str) -> Result<Vec<Folder>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT f.id, f.account_id, f.name, f.display_name, f.delimiter, f.role, f.selectable,
                f.uidvalidity, f.uidnext, f.highestmodseq, f.server_count, 0, 0
             FROM folders f WHERE f.account_id = ?1",
        )?;
        let mut out: Vec<Folder> = stmt
            .query_map([account_id], folder_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.sort_by_cached_key(|f| (f.role.is_none(), f.role, f.display_name.to_lowercase()));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FolderRole, ParsedBody};

    fn add(db: &mut Db, folder: i64, uid: u32, day: u32, flags: &[&str]) {
        let raw =
            format!("Subject: m{uid}\r\nDate: Mon, {day} Mar 2025 10:00:00 +0000\r\n\r\nx\r\n");
        let flags = flags.iter().map(|f| f.to_string()).collect();
        let body = ParsedBody::from_raw(uid, flags, None, raw.into_bytes(), 100);
        db.insert_bodies(folder, &[body]).unwrap();
    }

    #[test]
    fn ids_count_and_pages_follow_the_list_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("a", "INBOX", "Inbox", None, Some(FolderRole::Inbox), true)
            .unwrap();
        let work = db
            .upsert_folder("a", "Work", "Work", None, None, true)
            .unwrap();
        for (uid, day) in [(1, 3), (2, 9), (3, 5), (4, 9)] {
            add(&mut db, inbox, uid, day, &["\\Seen"]);
        }
        add(&mut db, work, 1, 20, &["\\Flagged"]);

        let listed: Vec<i64> = db
            .list_messages(None, Some(inbox), 100)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(db.folder_ids(inbox).unwrap(), listed);
        assert_eq!(db.folder_total(inbox).unwrap(), 4);

        let starred: Vec<i64> = db
            .list_view(MailView::Starred, 100)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(db.view_ids(MailView::Starred).unwrap(), starred);
        assert_eq!(db.view_total(MailView::AllInboxes).unwrap(), 4);
        assert_eq!(db.view_total(MailView::Unread).unwrap(), 1);

        // A page in the order asked; a row deleted since is left out.
        let page = [listed[2], 999_999, listed[0]];
        let got: Vec<i64> = db
            .summaries_of(&page)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(got, [listed[2], listed[0]]);
    }

    #[test]
    fn folders_without_counts_keep_the_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let zeta = db
            .upsert_folder("a", "zeta", "zeta", None, None, true)
            .unwrap();
        db.upsert_folder("a", "Trash", "Trash", None, Some(FolderRole::Trash), true)
            .unwrap();
        db.upsert_folder("a", "INBOX", "Inbox", None, Some(FolderRole::Inbox), true)
            .unwrap();
        db.upsert_folder("a", "Alpha", "Alpha", None, None, true)
            .unwrap();
        add(&mut db, zeta, 1, 1, &[]);
        let names = |f: Vec<Folder>| f.into_iter().map(|f| f.display_name).collect::<Vec<_>>();
        let counted = db.folders("a").unwrap();
        assert_eq!(counted.iter().map(|f| f.unread).sum::<u32>(), 1);
        let quick = db.folders_uncounted("a").unwrap();
        assert!(quick.iter().all(|f| f.total == 0 && f.unread == 0));
        assert_eq!(names(quick), names(counted));
    }
}

#[cfg(test)]
mod snippet_tests {
    use crate::store::{Db, FolderRole};

    #[test]
    fn rows_stored_before_snippets_get_them_in_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("a", "INBOX", "Inbox", None, Some(FolderRole::Inbox), true)
            .unwrap();
        crate::store::search_corpus::fill(&mut db, inbox, 0..5).unwrap();
        let first_words = |db: &Db| -> Vec<String> {
            db.summaries_of(&db.folder_ids(inbox).unwrap())
                .unwrap()
                .into_iter()
                .map(|m| m.snippet)
                .collect()
        };
        assert!(
            first_words(&db).iter().all(|s| s.contains("body")),
            "made when stored"
        );
        // As an older version stored them: no snippet.
        db.conn()
            .execute("UPDATE messages SET snippet = NULL", [])
            .unwrap();
        assert!(first_words(&db).iter().all(String::is_empty));
        assert_eq!(db.fill_missing_snippets(inbox, 3).unwrap(), 3);
        assert_eq!(db.fill_missing_snippets(inbox, 3).unwrap(), 2);
        assert_eq!(db.fill_missing_snippets(inbox, 3).unwrap(), 0);
        assert!(first_words(&db).iter().all(|s| s.contains("body")));
    }
}
