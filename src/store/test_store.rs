//! A store for tests: a new one in its own temporary directory, with account "a"'s Inbox.

use super::{Db, FolderRole};

/// The directory (keep it alive), the store and the Inbox's folder id.
pub(crate) fn with_inbox() -> (tempfile::TempDir, Db, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_in(dir.path()).unwrap();
    let inbox = db
        .upsert_folder(
            "a",
            "INBOX",
            "Inbox",
            Some("/"),
            Some(FolderRole::Inbox),
            true,
        )
        .unwrap();
    (dir, db, inbox)
}
