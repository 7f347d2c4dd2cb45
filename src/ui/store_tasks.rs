//! Reading the local store for the window, always off the UI thread.

use crate::account::Account;
use crate::engine::{local_folders, Engine};
use crate::store::{Folder, MailView, MessageSummary};
use crate::ui::message_list::Head;
use std::path::PathBuf;
use std::sync::Arc;

/// Accounts and their folders as the folder tree shows them.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub accounts: Vec<Account>,
    /// (account id, folders), accounts in configuration order, Local Folders last.
    pub folders: Vec<(String, Vec<Folder>)>,
    pub warnings: Vec<String>,
    /// The views across accounts with their counts (unread; starred for Starred).
    pub views: Vec<(MailView, u32)>,
    /// Whether the counts were read (else they are 0: see `load_snapshot_uncounted`).
    pub counted: bool,
}

impl Snapshot {
    /// Take the counts `from` has for the same folders and views.
    pub fn take_counts(&mut self, from: &Snapshot) {
        let counts: std::collections::HashMap<i64, (u32, u32)> = from
            .folders
            .iter()
            .flat_map(|(_, f)| f)
            .map(|f| (f.id, (f.total, f.unread)))
            .collect();
        for f in self.folders.iter_mut().flat_map(|(_, f)| f.iter_mut()) {
            if let Some(&(total, unread)) = counts.get(&f.id) {
                f.total = total;
                f.unread = unread;
            }
        }
        for (view, n) in self.views.iter_mut() {
            if let Some((_, m)) = from.views.iter().find(|(v, _)| v == view) {
                *n = *m;
            }
        }
    }
}

/// The list ids of the views across accounts (folders have positive ids).
pub const VIEWS: [(MailView, i64); 3] = [
    (MailView::AllInboxes, -1),
    (MailView::Unread, -2),
    (MailView::Starred, -3),
];

/// The view a list id stands for, if it is one.
pub fn view_of(id: i64) -> Option<MailView> {
    VIEWS.iter().find(|(_, v)| *v == id).map(|(view, _)| *view)
}

/// Everything the reader shows for one message, prepared off the UI thread.
#[derive(Debug, Clone, Default)]
pub struct ReaderView {
    pub id: i64,
    pub account_id: String,
    pub seen: bool,
    pub flagged: bool,
    pub subject: String,
    pub from: String,
    pub to: String,
    pub cc: String,
    pub date: Option<i64>,
    /// The text/plain body (or nothing).
    pub body: String,
    /// The HTML body made safe and formatted, when the message has one.
    pub document: Option<crate::mime::html_doc::Document>,
    /// Whether the message also has a text/plain body to switch to.
    pub has_text: bool,
    pub body_downloaded: bool,
    pub attachments: Vec<(String, String, u64)>,
    /// Remote images and styles the HTML refers to (never fetched).
    pub remote_refs: usize,
    /// The folder it is in (shown on a conversation's messages from other folders).
    pub folder: String,
    /// How to leave the mailing list it came from, when it says.
    pub unsubscribe: Option<crate::mime::unsubscribe::Unsubscribe>,
}

/// A connection for reads that walk a whole folder (counts, all the ids of a list): without the
/// reader's memory map. Mapped, they would put most of the store file in the window's resident
/// memory while they run (the index pages lie all over the file, and each page fault maps its
/// neighbours too): 250 MB for a folder of a million messages.
fn scanning_reader(engine: &Engine) -> Result<crate::store::Db, String> {
    crate::store::Db::open_in(engine.data_dir()).map_err(|e| e.to_string())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| e.to_string())?
}

/// Accounts, folders and the counts beside them.
pub async fn load_snapshot(engine: Arc<Engine>) -> Result<Snapshot, String> {
    blocking(move || read_snapshot(&engine, true)).await
}

/// The same without the counts (left at 0, `counted` false): counting the unread mail of a
/// huge folder reads all of it, which the window does after showing the tree and the folder.
pub async fn load_snapshot_uncounted(engine: Arc<Engine>) -> Result<Snapshot, String> {
    blocking(move || read_snapshot(&engine, false)).await
}

fn read_snapshot(engine: &Engine, counted: bool) -> Result<Snapshot, String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    // Local Folders are created once per run, not on every reload.
    static LOCAL_READY: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    if LOCAL_READY.get().is_none() {
        let writer = engine.writer().map_err(|e| e.to_string())?;
        writer
            .run_blocking(|db| local_folders::ensure(db).map(|_| ()))
            .map_err(|e| e.to_string())?;
        let _ = LOCAL_READY.set(());
    }
    let db = if counted {
        scanning_reader(engine)
    } else {
        engine.reader().map_err(|e| e.to_string())
    }?;
    let folders_of = |account: &str| {
        if counted {
            db.folders(account)
        } else {
            db.folders_uncounted(account)
        }
        .map_err(|e| e.to_string())
    };
    let mut folders = Vec::new();
    for a in &book.accounts {
        folders.push((a.id.clone(), folders_of(&a.id)?));
    }
    folders.push((
        local_folders::LOCAL_ACCOUNT.to_string(),
        folders_of(local_folders::LOCAL_ACCOUNT)?,
    ));
    let views = VIEWS
        .iter()
        .map(|(v, _)| {
            let n = if counted { db.view_count(*v) } else { Ok(0) };
            Ok((*v, n.map_err(|e| e.to_string())?))
        })
        .collect::<Result<_, String>>()?;
    Ok(Snapshot {
        accounts: book.accounts.clone(),
        folders,
        warnings: book.warnings.clone(),
        views,
        counted,
    })
}

/// A folder (or view across accounts) opened: how many messages it has and the newest `first`
/// of them; with `with_ids`, the ids of all of them too (a reload, applied whole). Read in one
/// transaction, so the parts agree.
pub async fn load_folder(
    engine: Arc<Engine>,
    folder_id: i64,
    first: usize,
    with_ids: bool,
) -> Result<Head, String> {
    blocking(move || {
        let db = scanning_reader(&engine)?;
        let read = || -> crate::store::Result<Head> {
            let tx = db.conn().unchecked_transaction()?;
            let rows = match view_of(folder_id) {
                Some(view) => db.list_view(view, first)?,
                None => db.list_messages(None, Some(folder_id), first)?,
            };
            let ids = if rows.len() < first {
                // The first page is all of it.
                Some(rows.iter().map(|m| m.id).collect())
            } else if with_ids {
                Some(match view_of(folder_id) {
                    Some(view) => db.view_ids(view)?,
                    None => db.folder_ids(folder_id)?,
                })
            } else {
                None
            };
            let total = match (&ids, view_of(folder_id)) {
                (Some(ids), _) => ids.len(),
                (None, Some(view)) => db.view_total(view)?,
                (None, None) => db.folder_total(folder_id)?,
            };
            tx.commit()?;
            Ok(Head {
                total,
                first: rows,
                ids,
            })
        };
        read().map_err(|e| e.to_string())
    })
    .await
}

/// The ids of all the messages of a folder (or view), in list order.
pub async fn load_ids(engine: Arc<Engine>, folder_id: i64) -> Result<Vec<i64>, String> {
    blocking(move || {
        let db = scanning_reader(&engine)?;
        match view_of(folder_id) {
            Some(view) => db.view_ids(view),
            None => db.folder_ids(folder_id),
        }
        .map_err(|e| e.to_string())
    })
    .await
}

/// The summaries of one page of a list (messages gone since are left out).
pub async fn load_page(engine: Arc<Engine>, ids: Vec<i64>) -> Result<Vec<MessageSummary>, String> {
    read(engine, move |db| db.summaries_of(&ids)).await
}

/// The newest `limit` messages matching what the user typed (the store reads its terms), in one
/// account or all, and how many matched in all.
pub async fn search(
    engine: Arc<Engine>,
    query: String,
    account_id: Option<String>,
    limit: usize,
) -> Result<(Vec<MessageSummary>, usize), String> {
    read(engine, move |db| {
        db.search(&query, account_id.as_deref(), limit)
    })
    .await
}

/// Run `f` off the UI thread on that thread's kept reader of the store (see `KEPT_READER`).
async fn read<T: Send + 'static>(
    engine: Arc<Engine>,
    f: impl FnOnce(&crate::store::Db) -> crate::store::Result<T> + Send + 'static,
) -> Result<T, String> {
    blocking(move || with_kept_reader(&engine, f)).await
}

thread_local! {
    /// A reader connection kept by each blocking thread: the window reads the store for every
    /// keystroke of a search, page of a list and message opened, and a new connection costs
    /// 1-6 ms to open and starts with a cold page cache (a search's index pages were read
    /// again for every key).
    static KEPT_READER: std::cell::RefCell<Option<(PathBuf, crate::store::Db)>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `f` on this thread's kept reader for the engine's store (opened on first use).
fn with_kept_reader<T>(
    engine: &Engine,
    f: impl FnOnce(&crate::store::Db) -> crate::store::Result<T>,
) -> Result<T, String> {
    KEPT_READER.with(|kept| {
        let mut kept = kept.borrow_mut();
        let dir = engine.data_dir().to_path_buf();
        if kept.as_ref().is_none_or(|(d, _)| *d != dir) {
            // Without the reader's memory map: kept, the map would hold every page a long
            // session read in the window's resident memory (scrolling 60,000 rows of a
            // million-message folder: 42 -> 70 MiB); the page cache is bounded and stays warm.
            let db = crate::store::Db::open_in(&dir).map_err(|e| e.to_string())?;
            *kept = Some((dir, db));
        }
        let (_, db) = kept.as_ref().expect("opened above");
        f(db).map_err(|e| e.to_string())
    })
}

/// Save attachment `index` of message `id` into `dir` (safe name, never outside, never over).
pub async fn save_attachment(
    engine: Arc<Engine>,
    id: i64,
    index: usize,
    dir: PathBuf,
) -> Result<PathBuf, String> {
    blocking(move || {
        let db = engine.reader().map_err(|e| e.to_string())?;
        let raw = db
            .message(id)
            .map_err(|e| e.to_string())?
            .raw
            .ok_or("the message is not downloaded yet")?;
        let (info, bytes) = crate::mime::attachment_bytes(&raw, index)
            .ok_or("this attachment cannot be read from the message")?;
        crate::engine::save_attachment::save_into(&dir, &info.name, &bytes)
            .map_err(|e| format!("cannot save {} in {}: {e}", info.name, dir.display()))
    })
    .await
}

/// Open attachment `index` with the system's default application, from a copy in a private
/// folder (mode 0700 on Unix) under the data directory.
pub async fn open_attachment(engine: Arc<Engine>, id: i64, index: usize) -> Result<(), String> {
    let dir = engine.data_dir().join("opened");
    let private = dir.clone();
    blocking(move || {
        std::fs::create_dir_all(&private).map_err(|e| e.to_string())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700));
        }
        Ok(())
    })
    .await?;
    let path = save_attachment(engine, id, index, dir).await?;
    blocking(move || {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        open::that_detached(&path).map_err(|_| super::strings::t().no_program_opens(&name))
    })
    .await
}

/// Fetches the remote pictures the user allowed for one message.
pub async fn fetch_remote(urls: Vec<String>) -> Vec<crate::remote_content::Fetched> {
    tokio::task::spawn_blocking(move || crate::remote_content::fetch_images(&urls))
        .await
        .unwrap_or_default()
}

pub async fn load_message(engine: Arc<Engine>, id: i64) -> Result<ReaderView, String> {
    read(engine, move |db| {
        Ok(ReaderView::prepare(id, &db.message(id)?))
    })
    .await
}

impl ReaderView {
    /// Parses the stored message into what the reader draws (slow for big mail: never on the
    /// UI thread). The HTML document is cut at the reader's text limit.
    pub fn prepare(id: i64, d: &crate::store::MessageDetail) -> ReaderView {
        let parsed = d.raw.as_deref().map(crate::mime::parse);
        let html = parsed.as_ref().and_then(|p| p.html_body.as_deref());
        let body = parsed
            .as_ref()
            .and_then(|p| p.text_body.clone())
            .unwrap_or_default();
        let from = match (&d.summary.from_name, &d.summary.from_email) {
            (Some(n), Some(e)) if !n.is_empty() => format!("{n} <{e}>"),
            (_, Some(e)) => e.clone(),
            _ => String::new(),
        };
        ReaderView {
            id,
            remote_refs: html.map(crate::mime::html::remote_references).unwrap_or(0),
            document: html
                .map(|h| crate::mime::html_doc::to_document(h, super::reader::SHOWN_TEXT_LIMIT)),
            account_id: d.summary.account_id.clone(),
            folder: d.summary.folder.clone(),
            seen: d.summary.seen,
            flagged: d.summary.flagged,
            subject: d.summary.subject.clone(),
            from,
            to: d.to_list.clone(),
            cc: d.cc_list.clone(),
            date: d.summary.date,
            has_text: !body.is_empty(),
            body,
            body_downloaded: d.raw.is_some(),
            unsubscribe: parsed.as_ref().and_then(|p| p.unsubscribe.clone()),
            attachments: parsed
                .map(|p| {
                    p.attachments
                        .into_iter()
                        .map(|a| (a.name, a.mime_type, a.size))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// A folder's newest `limit` conversations as list rows, with the summaries of their messages
/// there.
pub async fn load_conversations(
    engine: Arc<Engine>,
    folder_id: i64,
    limit: usize,
) -> Result<(Vec<super::message_list::ThreadRow>, Vec<MessageSummary>), String> {
    use super::message_list::ThreadRow;
    read(engine, move |db| {
        let convs = db.folder_conversations(folder_id, limit)?;
        let rows = convs
            .iter()
            .filter_map(|(c, here)| ThreadRow::new(c, here))
            .collect();
        let members = convs.into_iter().flat_map(|(_, here)| here).collect();
        Ok((rows, members))
    })
    .await
}

/// The other messages of conversation `thread` than message `id` (oldest first) as the reader
/// shows them, and how many of them come before it; at most `limit`, the newest.
pub async fn load_conversation(
    engine: Arc<Engine>,
    thread: i64,
    id: i64,
    limit: usize,
) -> Result<(Vec<ReaderView>, usize), String> {
    read(engine, move |db| {
        let all = db.conversation_messages(thread)?;
        let skip = all.len().saturating_sub(limit);
        let mut before = 0;
        let mut views = Vec::new();
        let mut past = false;
        for m in all.into_iter().skip(skip) {
            if m.id == id {
                past = true;
                continue;
            }
            views.push(ReaderView::prepare(m.id, &db.message(m.id)?));
            if !past {
                before += 1;
            }
        }
        Ok((views, before))
    })
    .await
}
