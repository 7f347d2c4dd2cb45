//! The local mail store: SQLite in WAL mode.
//!
//! Durability: `synchronous = NORMAL` for synced IMAP data (a power cut can lose the last
//! transactions, which the next sync fetches again from the server). Data whose loss the server
//! cannot repair (POP3 downloads before deletion, the outbox) commits with
//! `synchronous = FULL` through `Db::durably`.
//!
//! One writer: `Writer` owns the write connection on its own thread; readers open their own
//! `Db` connections.

mod actions;
mod body_files;
mod contacts;
mod conversations;
mod folder_actions;
mod folders;
mod id_memo;
#[cfg(test)]
mod index_writes_tests;
mod local_accounts;
mod mail_actions;
mod messages;
mod new_mail;
mod outbox;
mod outbox_edit;
mod paging;
mod pop3_downloads;
pub mod schema;
mod search;
mod search_compact;
#[doc(hidden)]
pub mod search_corpus;
pub mod search_terms;
mod search_top;
#[cfg(test)]
pub(crate) mod test_store;
mod threads;
mod views;

pub use actions::{ActionItem, ActionKind, NewAction, QueuedAction};
pub use body_files::{BodyFiles, RawBody, StoredBody};
pub use contacts::{split_address_list, Contact, MAX_SUGGESTIONS};
pub use conversations::{Conversation, FolderConversation};
pub use folders::{Folder, FolderRole, FolderSyncState};
pub use local_accounts::{DELIMITER as LOCAL_DELIMITER, STARTING_FOLDERS};
pub use mail_actions::{FlaggedRow, MovedRow};
pub use messages::{
    local_time_text, MessageDetail, MessageSummary, NewEnvelope, ParsedBody, ReportRow,
};
pub use outbox::{NewOutboxMessage, OutboxEntry, OutboxState};
pub use pop3_downloads::Pop3Seen;
pub use search::build_fts_query;
pub use threads::{normalize_id, subject_key, SUBJECT_WINDOW_SECS};
pub use views::MailView;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("the mail store {path} cannot be opened: {message}")]
    Open { path: PathBuf, message: String },
    #[error("the mail store failed: {0}")]
    Sql(String),
    #[error("the mail store's writer has stopped")]
    WriterGone,
    #[error("there is no message with id {0}")]
    NoSuchMessage(i64),
    /// A search the user typed that cannot be understood (one sentence saying why).
    #[error("{0}")]
    BadQuery(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub const FILE_NAME: &str = "mail.sqlite";

pub struct Db {
    conn: Connection,
    files: BodyFiles,
    /// Kept between envelope batches of a first sync (see `id_memo`).
    id_memo: Option<id_memo::IdMemo>,
}

impl Db {
    pub fn open(path: &Path) -> Result<Db> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        }
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // The WAL and its index stay on disk when the last connection closes (emptied, as
        // `journal_size_limit` asks): each `jebi list` or `jebi search` used to create both
        // files and delete them again, a fifth of a search's system time.
        let mut persist: std::ffi::c_int = 1;
        conn.file_control(
            Some(rusqlite::MAIN_DB),
            rusqlite::FileControl::PersistWal(&mut persist),
        )
        .map_err(open_err)?;
        // `IN rarray(?)`: a list of ids as one parameter (search reads the dates of its hits).
        rusqlite::vtab::array::load_module(&conn).map_err(open_err)?;
        // Several connections opening a new store at once: switching to WAL and migrating
        // can meet SQLITE_BUSY without the busy handler being consulted; try again shortly.
        let mut tries = 0;
        loop {
            let setup = conn
                .execute_batch(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA temp_store = MEMORY;
                     PRAGMA cache_size = -16000;
                     PRAGMA journal_size_limit = 67108864;",
                )
                .and_then(|_| schema::migrate(&mut conn));
            match setup {
                Ok(()) => {
                    return Ok(Db {
                        conn,
                        files: BodyFiles::beside(path),
                        id_memo: None,
                    })
                }
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if tries < 200
                        && matches!(
                            f.code,
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(e) => return Err(open_err(e)),
            }
        }
    }

    pub fn open_in(data_dir: &Path) -> Result<Db> {
        Db::open(&data_dir.join(FILE_NAME))
    }

    /// A connection for reading (list, search, show): memory-mapped I/O, so a cold process
    /// answers without thousands of read calls. Not for the writer: mapped pages would count
    /// against a sync's memory.
    pub fn open_reader(data_dir: &Path) -> Result<Db> {
        let db = Db::open_in(data_dir)?;
        db.conn.pragma_update(None, "mmap_size", 1_073_741_824i64)?;
        Ok(db)
    }

    /// Leave this reader for the process's exit to close: for a command that has answered and
    /// ends next. Closing it would unmap its read mapping and take and drop the store's locks
    /// to see whether to checkpoint, work the kernel does anyway when the process ends (a
    /// reader has nothing to checkpoint, and the next connection resets the shared WAL index
    /// when it finds no other). Only for a connection without an open transaction.
    pub fn leave_to_exit(self) {
        debug_assert!(self.conn.is_autocommit());
        std::mem::forget(self);
    }

    /// Run `f` inside one read transaction (one snapshot, one WAL read lock) unless a
    /// transaction is already open on this connection.
    pub(crate) fn reading<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f();
        }
        self.conn.execute_batch("BEGIN")?;
        let out = f();
        // A read transaction has nothing to keep: ending it cannot lose anything.
        let _ = self.conn.execute_batch("COMMIT");
        out
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

type Job = Box<dyn FnOnce(&mut Db) + Send>;

/// The writer's `wal_autocheckpoint`, in pages (40 MB at 4 KiB pages): 6 % faster headers-only
/// first syncs than SQLite's 1,000 (BENCHMARKS, session 17).
pub const WRITER_CHECKPOINT_PAGES: i64 = 10_000;

/// The single writer: a thread owning the write connection, fed closures.
#[derive(Clone)]
pub struct Writer {
    // Declared before `_thread`: the last clone lets go of its sender before it waits for the
    // thread, so the thread sees the queue closed.
    jobs: mpsc::Sender<Job>,
    files: BodyFiles,
    _thread: std::sync::Arc<WriterThread>,
}

/// The writer's thread, waited for when the last `Writer` goes: it finishes the jobs already
/// sent and closes the store, and closing the last connection copies the WAL into the store and
/// empties it. A process that exited without that left up to WRITER_CHECKPOINT_PAGES pages in
/// the WAL, and every later command read all of them again when it opened the store (a
/// no-change sync after a first sync took 5-9 ms longer, the first search 20 ms).
struct WriterThread {
    handle: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Drop for WriterThread {
    fn drop(&mut self) {
        let handle = self.handle.lock().ok().and_then(|mut h| h.take());
        if let Some(handle) = handle {
            // A job that held the last `Writer` is dropping it on the writer's own thread,
            // which ends by itself once this returns.
            if handle.thread().id() != std::thread::current().id() {
                let _ = handle.join();
            }
        }
    }
}

impl Writer {
    pub fn start(path: &Path) -> Result<Writer> {
        let mut db = Db::open(path)?;
        // The writer copies the WAL into the store every WRITER_CHECKPOINT_PAGES pages instead
        // of SQLite's 1,000: pages a sync changes again and again (index pages, the table's
        // last leaf, the search index's) are copied once per checkpoint, not once per 4 MB.
        // Readers find pages in the WAL through its index either way; `journal_size_limit`
        // still trims the file after a checkpoint.
        db.conn
            .pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)?;
        // A sync killed while it wrote most of the index left FTS5's merging off. Best effort:
        // only speed depends on it, and the next sync's end tries again.
        let _ = db.end_bulk_index();
        let (jobs, rx) = mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("jebi-store-writer".into())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    job(&mut db);
                    // Files of bodies the job deleted (a failure leaves them for the next job).
                    let _ = db.remove_dropped_body_files();
                    // A memo of ids another job's write made stale is freed now, not at the
                    // next envelope batch (a window may wait hours for one).
                    db.id_memo = db.id_memo.take().and_then(|m| m.still_valid(&db.conn));
                }
            })
            .map_err(|e| StoreError::Sql(e.to_string()))?;
        Ok(Writer {
            jobs,
            files: BodyFiles::beside(path),
            _thread: std::sync::Arc::new(WriterThread {
                handle: std::sync::Mutex::new(Some(handle)),
            }),
        })
    }

    /// Where this store keeps raw messages (threads that parse mail write them there).
    pub fn body_files(&self) -> &BodyFiles {
        &self.files
    }

    /// Run `f` on the writer thread and wait for its result without blocking the runtime.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move |db| {
                let _ = tx.send(f(db));
            }))
            .map_err(|_| StoreError::WriterGone)?;
        rx.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Same as `run`, for callers outside an async runtime.
    pub fn run_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = mpsc::channel();
        self.jobs
            .send(Box::new(move |db| {
                let _ = tx.send(f(db));
            }))
            .map_err(|_| StoreError::WriterGone)?;
        rx.recv().map_err(|_| StoreError::WriterGone)?
    }
}

#[cfg(test)]
mod tests {
    use super::{Db, FILE_NAME};

    /// The WAL stays beside the store when the last connection closes, emptied (its pages
    /// are in the store), so the next command does not create and delete it again.
    #[test]
    fn the_wal_stays_empty_after_the_last_close_and_the_data_is_in_the_store() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut db = Db::open_in(dir.path()).unwrap();
            crate::engine::local_folders::ensure(&mut db).unwrap();
        }
        let wal = dir.path().join(format!("{FILE_NAME}-wal"));
        let len = std::fs::metadata(&wal).map(|m| m.len());
        assert_eq!(len.ok(), Some(0), "{wal:?}");
        let db = Db::open_reader(dir.path()).unwrap();
        let names: Vec<String> = db
            .folders("local")
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert!(names.iter().any(|n| n == "Inbox"), "{names:?}");
    }

    /// The writer lets the WAL grow past SQLite's usual 1,000 pages before copying it into the
    /// store, and what it committed is read by another connection meanwhile.
    #[test]
    fn the_writer_checkpoints_every_ten_thousand_pages_and_readers_see_its_commits() {
        let dir = tempfile::tempdir().unwrap();
        let writer = super::Writer::start(&dir.path().join(FILE_NAME)).unwrap();
        let pages: i64 = writer
            .run_blocking(|db| {
                let c = db.conn();
                c.execute_batch("CREATE TABLE filler (x BLOB)")?;
                // About 2,500 pages, one commit each row so that every commit could checkpoint.
                for _ in 0..2_500 {
                    c.execute("INSERT INTO filler VALUES (zeroblob(4000))", [])?;
                }
                Ok(c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(pages, super::WRITER_CHECKPOINT_PAGES);
        let wal = std::fs::metadata(dir.path().join(format!("{FILE_NAME}-wal")))
            .unwrap()
            .len();
        // At 1,000 pages the WAL would have been copied and restarted at about 4 MB.
        assert!(wal > 8_000_000, "WAL of {wal} bytes");
        let reader = Db::open_reader(dir.path()).unwrap();
        let rows: i64 = reader
            .conn()
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2_500);
        drop(reader);
        // When the last writer goes, its thread closes the store: the WAL is copied in and
        // emptied before the drop returns (a process may exit right after it).
        let other = writer.clone();
        drop(writer);
        assert!(
            std::fs::metadata(dir.path().join(format!("{FILE_NAME}-wal")))
                .unwrap()
                .len()
                > 0
        );
        drop(other);
        let wal = std::fs::metadata(dir.path().join(format!("{FILE_NAME}-wal")))
            .unwrap()
            .len();
        assert_eq!(wal, 0);
        let rows: i64 = rusqlite::Connection::open(dir.path().join(FILE_NAME))
            .unwrap()
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2_500);
    }
}
