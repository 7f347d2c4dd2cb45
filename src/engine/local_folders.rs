//! Local Folders: a mailbox on this computer that exists from the first start (with a welcome
//! message), so the app is usable with no account and offline.

use crate::store::{Db, FolderRole, ParsedBody};

/// The pseudo-account id that owns the local folders.
pub const LOCAL_ACCOUNT: &str = "local";
pub const LOCAL_INBOX: &str = "Inbox";
pub const DISPLAY_NAME: &str = "Local Folders";

const WELCOME: &[u8] = include_bytes!("../../resources/welcome.eml");

/// Create Local Folders and its welcome message if they do not exist yet. Returns the folder id.
pub fn ensure(db: &mut Db) -> crate::store::Result<i64> {
    // Without counts: the window calls this first thing, and counting a huge Inbox is slow.
    let folders = db.folders_uncounted(LOCAL_ACCOUNT)?;
    if let Some(f) = folders.iter().find(|f| f.name == LOCAL_INBOX) {
        return Ok(f.id);
    }
    let id = db.upsert_folder(
        LOCAL_ACCOUNT,
        LOCAL_INBOX,
        DISPLAY_NAME,
        None,
        Some(FolderRole::Inbox),
        true,
    )?;
    let raw = normalise_line_endings(WELCOME);
    let body = ParsedBody::from_raw(1, Vec::new(), None, raw, 64 * 1024);
    db.insert_bodies(id, &[body])?;
    Ok(id)
}

/// Stored messages use CRLF, as a server would hold them.
fn normalise_line_endings(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 40);
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' && (i == 0 || text[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welcome_message_is_created_once_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let id = ensure(&mut db).unwrap();
        assert_eq!(ensure(&mut db).unwrap(), id);
        let list = db.list_messages(Some(LOCAL_ACCOUNT), Some(id), 10).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(
            list[0].subject,
            "Welcome to Jebi (제비에 오신 것을 환영합니다)"
        );
        let detail = db.message(list[0].id).unwrap();
        let parsed = crate::mime::parse(detail.raw.as_deref().unwrap());
        assert!(parsed.text_body.unwrap().contains("Local Folders"));
        assert_eq!(db.search("오프라인에서도", None, 10).unwrap().1, 1);
    }

    #[test]
    fn local_mail_is_marked_read_and_starred_in_the_index() {
        use crate::engine::{Engine, FlagChange};
        let dir = tempfile::tempdir().unwrap();
        let folder = ensure(&mut Db::open_in(dir.path()).unwrap()).unwrap();
        let engine = Engine::new(dir.path());
        let rt = tokio::runtime::Runtime::new().unwrap();
        let db = Db::open_in(dir.path()).unwrap();
        let id = db
            .list_messages(Some(LOCAL_ACCOUNT), Some(folder), 1)
            .unwrap()[0]
            .id;
        assert!(!db.message(id).unwrap().summary.seen);
        let flags = rt
            .block_on(engine.set_flag(id, FlagChange::Seen(true)))
            .unwrap();
        assert_eq!(flags, ["\\Seen"]);
        rt.block_on(engine.set_flag(id, FlagChange::Flagged(true)))
            .unwrap();
        let after = db.message(id).unwrap();
        assert!(after.summary.seen && after.summary.flagged);
        let flags = rt
            .block_on(engine.set_flag(id, FlagChange::Seen(false)))
            .unwrap();
        assert_eq!(flags, ["\\Flagged"]);
        assert!(!db.message(id).unwrap().summary.seen);
    }
}
