//! Raw messages downloaded from a server, in files under `<data dir>/bodies/`, outside the
//! SQLite file: one file per downloaded batch (a file per message cost more in creating inodes
//! than in writing bytes), each message at its offset.
//!
//! Kept in SQLite, every raw byte was written twice (the write-ahead log, then the checkpoint) and
//! checksummed on the single writer thread: on a 700 MB mailbox that was a third of a first sync.
//! A file is written once, by the thread that parsed the batch, before the rows that name it are
//! committed. The row keeps the file's length and CRC-32: a file that does not match (a power
//! cut before the file reached the disk) is reported as lost, the message is marked as not
//! downloaded, and the next sync fetches it again. Mail that exists only here (drafts, Local
//! Folders) stays inside SQLite, whose commit is the durable one.
//!
//! Deleting a `bodies` row records its file in `dropped_body_files` (a trigger); the writer removes
//! a file once no row names it any more (a copied message shares its file; a file whose messages
//! are partly deleted keeps its size until the last one goes).

use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Db, Result, StoreError};

/// Where one raw message lives and what it must look like when read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBody {
    /// 16 lower-case hex digits; the file is `bodies/<first two>/<name>.eml`.
    pub file: String,
    /// Where the message starts in the file.
    pub offset: u64,
    pub len: u64,
    pub crc: u32,
}

/// The raw message a `ParsedBody` brings to the store.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// Stored inside SQLite (mail that exists only on this computer).
    Inline(Vec<u8>),
    /// Already written to its own file by [`BodyFiles::store`].
    File(StoredBody),
}

impl RawBody {
    pub fn len(&self) -> u64 {
        match self {
            RawBody::Inline(raw) => raw.len() as u64,
            RawBody::File(s) => s.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The folder of body files beside one SQLite store.
#[derive(Debug, Clone)]
pub struct BodyFiles {
    dir: PathBuf,
}

/// A body file that is missing or differs from what its row says.
#[derive(Debug)]
pub struct BodyLost;

impl BodyFiles {
    /// The `bodies` folder next to the store file `db_path`.
    pub fn beside(db_path: &Path) -> BodyFiles {
        let parent = db_path.parent().unwrap_or(Path::new("."));
        BodyFiles {
            dir: parent.join("bodies"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Write one message to a new file (never over an existing one).
    pub fn store(&self, raw: &[u8]) -> std::io::Result<StoredBody> {
        Ok(self.store_all(&[raw])?.remove(0))
    }

    /// Write messages one after the other into one new file; what each row must name, in order.
    pub fn store_all(&self, raws: &[&[u8]]) -> std::io::Result<Vec<StoredBody>> {
        let (file, path, mut out) = loop {
            let file = new_name();
            let path = self.path(&file).expect("made names are valid");
            match open_new(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                other => break (file, path.clone(), other?),
            }
        };
        let mut stored = Vec::with_capacity(raws.len());
        let mut offset = 0u64;
        for raw in raws {
            if let Err(e) = out.write_all(raw) {
                drop(out);
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
            stored.push(StoredBody {
                file: file.clone(),
                offset,
                len: raw.len() as u64,
                crc: crc32fast::hash(raw),
            });
            offset += raw.len() as u64;
        }
        Ok(stored)
    }

    /// The bytes of a stored body, checked against its length and CRC.
    pub fn read(&self, stored: &StoredBody) -> std::result::Result<Vec<u8>, BodyLost> {
        let path = self.path(&stored.file).ok_or(BodyLost)?;
        let file = std::fs::File::open(path).map_err(|_| BodyLost)?;
        let len = usize::try_from(stored.len).map_err(|_| BodyLost)?;
        let mut raw = vec![0; len];
        read_exact_at(&file, &mut raw, stored.offset).map_err(|_| BodyLost)?;
        if crc32fast::hash(&raw) != stored.crc {
            return Err(BodyLost);
        }
        Ok(raw)
    }

    /// Remove a body file; one already gone is fine.
    pub fn remove(&self, file: &str) -> std::io::Result<()> {
        let Some(path) = self.path(file) else {
            return Ok(());
        };
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The path of a file name; `None` for a name this module did not make (the name comes from
    /// the database: never let it point elsewhere).
    fn path(&self, file: &str) -> Option<PathBuf> {
        let valid = file.len() == 16 && file.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.dir.join(&file[..2]).join(format!("{file}.eml")))
    }
}

fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            open()
        }
        other => other,
    }
}

/// 64 random-looking bits: the process's random hash keys over a counter and the clock.
fn new_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> =
        std::sync::OnceLock::new();
    let mut h = KEYS.get_or_init(Default::default).build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

/// A `bodies` row's raw message as the database holds it.
pub(super) enum StoredRaw {
    Inline(Vec<u8>),
    File(StoredBody),
}

impl StoredRaw {
    /// The columns `raw, file, file_len, file_crc, file_offset` starting at `at`; `None` when
    /// there is no `bodies` row (a LEFT JOIN gives NULLs).
    pub(super) fn from_row(
        r: &rusqlite::Row<'_>,
        at: usize,
    ) -> rusqlite::Result<Option<StoredRaw>> {
        let file: Option<String> = r.get(at + 1)?;
        if let Some(file) = file {
            let len: i64 = r.get(at + 2)?;
            let crc: i64 = r.get(at + 3)?;
            let offset: i64 = r.get(at + 4)?;
            return Ok(Some(StoredRaw::File(StoredBody {
                file,
                offset: offset as u64,
                len: len as u64,
                crc: crc as u32,
            })));
        }
        let raw: Option<Vec<u8>> = r.get(at)?;
        Ok(raw.map(StoredRaw::Inline))
    }

    pub(super) fn bytes(&self, files: &BodyFiles) -> std::result::Result<Vec<u8>, BodyLost> {
        match self {
            StoredRaw::Inline(raw) => Ok(raw.clone()),
            StoredRaw::File(stored) => files.read(stored),
        }
    }
}

impl Db {
    /// Where this store keeps raw messages.
    pub fn body_files(&self) -> &BodyFiles {
        &self.files
    }

    /// A message whose body file is lost goes back to "not downloaded", so the next sync fetches
    /// it again (works on a reader connection too: it is rare and small).
    pub(super) fn forget_lost_body(&self, id: i64) -> rusqlite::Result<()> {
        self.conn
            .execute("DELETE FROM bodies WHERE message_id = ?1", [id])?;
        self.conn
            .execute("UPDATE messages SET has_body = 0 WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Remove the files of deleted bodies that no row names any more. Returns how many.
    pub fn remove_dropped_body_files(&mut self) -> Result<usize> {
        let mut removed = 0;
        loop {
            let dropped: Vec<String> = self
                .conn
                .prepare_cached("SELECT file FROM dropped_body_files LIMIT 2000")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if dropped.is_empty() {
                return Ok(removed);
            }
            removed += self.remove_body_files(&dropped)?;
        }
    }

    /// Remove body files no row names that are older than `min_age` (written by a sync that
    /// was killed before its commit; younger ones may belong to a sync still running).
    /// Returns how many.
    pub fn remove_orphan_body_files(&mut self, min_age: std::time::Duration) -> Result<usize> {
        let Ok(dirs) = std::fs::read_dir(self.files.dir()) else {
            return Ok(0);
        };
        let mut removed = 0;
        for dir in dirs.flatten() {
            let Ok(entries) = std::fs::read_dir(dir.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Some(file) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".eml"))
                    .filter(|n| self.files.path(n).as_deref() == Some(path.as_path()))
                else {
                    continue;
                };
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age >= min_age);
                if old && !self.names_file(file)? && self.files.remove(file).is_ok() {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// [`Db::remove_orphan_body_files`] for files an hour old, at most once a day (the age of a
    /// marker file says when it last ran): listing every body file on every sync would cost a
    /// big mailbox's resync more than the orphans are worth.
    pub fn remove_orphan_body_files_daily(&mut self) -> Result<usize> {
        let marker = self.files.dir().join(".orphans-checked");
        let checked_lately = std::fs::metadata(&marker)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age < std::time::Duration::from_secs(24 * 3600));
        if checked_lately || !self.files.dir().is_dir() {
            return Ok(0);
        }
        let removed = self.remove_orphan_body_files(std::time::Duration::from_secs(3600))?;
        let _ = std::fs::write(&marker, b"");
        Ok(removed)
    }

    /// Whether some `bodies` row names this file.
    fn names_file(&self, file: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM bodies WHERE file = ?1)",
            [file],
            |r| r.get(0),
        )?)
    }

    fn remove_body_files(&mut self, dropped: &[String]) -> Result<usize> {
        let mut removed = 0;
        for file in dropped {
            if !self.names_file(file)? {
                self.files
                    .remove(file)
                    .map_err(|e| StoreError::Sql(format!("cannot remove {file}: {e}")))?;
                removed += 1;
            }
            self.conn
                .execute("DELETE FROM dropped_body_files WHERE file = ?1", [file])?;
        }
        Ok(removed)
    }
}

/// Fill `buf` from `offset` without moving a shared file position (readers run in parallel).
#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Windows has no `read_exact_at`: `seek_read` may return less, so it is asked again.
#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_bytes_read_back_and_a_changed_file_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let files = BodyFiles::beside(&dir.path().join("mail.sqlite"));
        let a = files.store(b"Subject: a\r\n\r\nbody\r\n").unwrap();
        let b = files.store(b"Subject: a\r\n\r\nbody\r\n").unwrap();
        assert_ne!(a.file, b.file, "every store gets its own file");
        assert_eq!(files.read(&a).unwrap(), b"Subject: a\r\n\r\nbody\r\n");
        let path = files.path(&a.file).unwrap();
        assert!(path.starts_with(dir.path().join("bodies")));
        std::fs::write(&path, b"").unwrap();
        assert!(files.read(&a).is_err(), "an empty file (power cut) is lost");
        std::fs::write(&path, b"Subject: b\r\n\r\nbody\r\n").unwrap();
        assert!(files.read(&a).is_err(), "same length, other bytes: lost");
        files.remove(&a.file).unwrap();
        files.remove(&a.file).unwrap();
        assert!(files.read(&a).is_err());
    }

    fn stored_message(db: &Db, uid: u32, subject: &str) -> crate::store::ParsedBody {
        let raw =
            format!("Subject: {subject}\r\nMessage-ID: <{uid}@x>\r\n\r\nthe body of {subject}\r\n");
        let mut body =
            crate::store::ParsedBody::from_raw(uid, vec![], None, raw.into_bytes(), 1000);
        let RawBody::Inline(raw) = &body.raw else {
            unreachable!()
        };
        body.raw = RawBody::File(db.body_files().store(raw).unwrap());
        body
    }

    fn files_in(dir: &Path) -> usize {
        std::fs::read_dir(dir.join("bodies"))
            .map(|d| {
                d.map(|sub| sub.unwrap().path())
                    .filter(|p| p.is_dir())
                    .map(|p| std::fs::read_dir(p).unwrap().count())
                    .sum()
            })
            .unwrap_or(0)
    }

    #[test]
    fn a_body_file_lives_as_long_as_a_row_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("a", "INBOX", "INBOX", None, None, true)
            .unwrap();
        let other = db
            .upsert_folder("a", "Keep", "Keep", None, None, true)
            .unwrap();
        let body = stored_message(&db, 1, "first");
        db.insert_bodies(inbox, &[body]).unwrap();
        let id: i64 = db
            .conn
            .query_row("SELECT id FROM messages WHERE uid = 1", [], |r| r.get(0))
            .unwrap();
        let shown = db.message(id).unwrap();
        assert!(String::from_utf8(shown.raw.unwrap())
            .unwrap()
            .contains("the body of first"));
        let raw_in_db: Vec<u8> = db
            .conn
            .query_row("SELECT raw FROM bodies WHERE message_id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(
            raw_in_db.is_empty(),
            "the bytes are in the file, not in SQLite"
        );
        assert_eq!(files_in(dir.path()), 1);

        // A copy names the same file: removing the original keeps it.
        let copies = db.copy_messages(&[id], other).unwrap();
        db.remove_uids(inbox, &[1]).unwrap();
        db.remove_dropped_body_files().unwrap();
        assert_eq!(files_in(dir.path()), 1);
        let copy = db.message(copies[0]).unwrap();
        assert!(copy.raw.is_some());
        // The last row gone, the file goes.
        db.expunge_messages(&copies).unwrap();
        assert_eq!(db.remove_dropped_body_files().unwrap(), 1);
        assert_eq!(files_in(dir.path()), 0);

        // A body stored again over an old one drops the old file.
        db.insert_bodies(inbox, &[stored_message(&db, 2, "second")])
            .unwrap();
        db.insert_bodies(inbox, &[stored_message(&db, 2, "second")])
            .unwrap();
        assert_eq!(files_in(dir.path()), 2);
        db.remove_dropped_body_files().unwrap();
        assert_eq!(files_in(dir.path()), 1);
    }

    #[test]
    fn a_damaged_body_file_reads_as_not_downloaded_and_is_fetched_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("a", "INBOX", "INBOX", None, None, true)
            .unwrap();
        let body = stored_message(&db, 7, "seven");
        let RawBody::File(stored) = &body.raw else {
            unreachable!()
        };
        let path = db.body_files().path(&stored.file).unwrap();
        db.insert_bodies(inbox, &[body]).unwrap();
        let id: i64 = db
            .conn
            .query_row("SELECT id FROM messages WHERE uid = 7", [], |r| r.get(0))
            .unwrap();
        // A power cut before the file reached the disk leaves it empty.
        std::fs::write(&path, b"").unwrap();
        let shown = db.message(id).unwrap();
        assert!(shown.raw.is_none());
        assert!(!shown.summary.has_body);
        let has_body: bool = db
            .conn
            .query_row("SELECT has_body FROM messages WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(!has_body, "the next sync downloads it again");
        db.remove_dropped_body_files().unwrap();
        assert!(!path.exists());
        // Downloaded again, it reads normally.
        db.insert_bodies(inbox, &[stored_message(&db, 7, "seven")])
            .unwrap();
        assert!(db.message(id).unwrap().raw.is_some());
    }

    #[test]
    fn files_no_row_names_are_removed_once_old_enough() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in(dir.path()).unwrap();
        let inbox = db
            .upsert_folder("a", "INBOX", "INBOX", None, None, true)
            .unwrap();
        db.insert_bodies(inbox, &[stored_message(&db, 1, "kept")])
            .unwrap();
        // A sync killed between writing its file and committing the rows.
        db.body_files()
            .store(b"Subject: orphan\r\n\r\nx\r\n")
            .unwrap();
        let foreign = dir.path().join("bodies").join("zz");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("not-ours.txt"), b"left alone").unwrap();
        assert_eq!(files_in(dir.path()), 3);
        let hour = std::time::Duration::from_secs(3600);
        assert_eq!(db.remove_orphan_body_files(hour).unwrap(), 0, "too young");
        assert_eq!(
            db.remove_orphan_body_files(std::time::Duration::ZERO)
                .unwrap(),
            1
        );
        assert_eq!(files_in(dir.path()), 2);
        let id: i64 = db
            .conn
            .query_row("SELECT id FROM messages WHERE uid = 1", [], |r| r.get(0))
            .unwrap();
        assert!(db.message(id).unwrap().raw.is_some());
        // The daily pass runs once, then waits a day (its marker is not a body file).
        db.body_files()
            .store(b"Subject: another\r\n\r\nx\r\n")
            .unwrap();
        assert_eq!(
            db.remove_orphan_body_files_daily().unwrap(),
            0,
            "an hour old only"
        );
        assert!(dir.path().join("bodies/.orphans-checked").exists());
        assert_eq!(
            db.remove_orphan_body_files(std::time::Duration::ZERO)
                .unwrap(),
            1
        );
    }

    #[test]
    fn names_from_the_database_never_leave_the_folder() {
        let files = BodyFiles::beside(Path::new("/tmp/x/mail.sqlite"));
        for bad in [
            "../../etc/passwd",
            "0123456789abcdeg",
            "",
            "0123456789abcdef/..",
            "/0123456789abcde",
        ] {
            assert!(files.path(bad).is_none(), "{bad}");
            assert!(files.remove(bad).is_ok());
        }
    }
}
