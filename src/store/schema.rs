//! Numbered schema migrations. `PRAGMA user_version` records how many have run.
//! Never edit a released migration: add a new one.

use rusqlite::Connection;

/// Migration N (1-based) is `MIGRATIONS[N-1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: folders, messages, raw bodies, full-text index.
    r#"
    CREATE TABLE folders (
        id            INTEGER PRIMARY KEY,
        account_id    TEXT NOT NULL,
        name          TEXT NOT NULL,
        display_name  TEXT NOT NULL,
        delimiter     TEXT,
        role          TEXT,
        selectable    INTEGER NOT NULL DEFAULT 1,
        uidvalidity   INTEGER,
        uidnext       INTEGER,
        highestmodseq INTEGER,
        server_count  INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account_id, name)
    );
    CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        uid             INTEGER NOT NULL,
        flags           TEXT NOT NULL DEFAULT '',
        seen            INTEGER NOT NULL DEFAULT 0,
        flagged         INTEGER NOT NULL DEFAULT 0,
        size            INTEGER NOT NULL DEFAULT 0,
        internal_date   INTEGER,
        date            INTEGER,
        subject         TEXT NOT NULL DEFAULT '',
        from_name       TEXT,
        from_email      TEXT,
        to_list         TEXT NOT NULL DEFAULT '',
        cc_list         TEXT NOT NULL DEFAULT '',
        message_id      TEXT,
        in_reply_to     TEXT,
        has_attachments INTEGER NOT NULL DEFAULT 0,
        has_body        INTEGER NOT NULL DEFAULT 0,
        -- What the search index holds for this row: 0 nothing, 1 headers, 2 headers and body.
        indexed         INTEGER NOT NULL DEFAULT 0,
        UNIQUE (folder_id, uid)
    );
    CREATE INDEX messages_by_date ON messages (folder_id, date DESC, id DESC);
    CREATE INDEX messages_by_date_all ON messages (date DESC, id DESC);
    CREATE INDEX messages_unindexed ON messages (id) WHERE indexed = 0;
    CREATE TABLE bodies (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        raw        BLOB NOT NULL
    );
    CREATE VIRTUAL TABLE search USING fts5 (
        subject, addresses, body, date UNINDEXED,
        content = '', contentless_delete = 1, contentless_unindexed = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
        DELETE FROM search WHERE rowid = old.id;
    END;
    "#,
    // 2: the outbox: finished messages (exact bytes, fixed Message-ID) waiting to be sent.
    r#"
    CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        account_id       TEXT NOT NULL,
        message_id       TEXT NOT NULL,
        envelope_from    TEXT NOT NULL,
        -- one address a line
        recipients       TEXT NOT NULL,
        raw              BLOB NOT NULL,
        subject          TEXT NOT NULL DEFAULT '',
        to_display       TEXT NOT NULL DEFAULT '',
        queued_at        INTEGER NOT NULL,
        -- queued | sending | failed | sent
        state            TEXT NOT NULL DEFAULT 'queued',
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        next_try         INTEGER NOT NULL DEFAULT 0,
        sent_at          INTEGER,
        server_reply     TEXT,
        -- recipients refused at RCPT TO while others got it (JSON)
        refused          TEXT NOT NULL DEFAULT '[]',
        -- pending | done | skipped: the copy in the account's Sent folder
        sent_copy        TEXT NOT NULL DEFAULT 'pending',
        request_dsn      INTEGER NOT NULL DEFAULT 0,
        -- the message this one answers or forwards (local id) and the flag it gets once sent
        reply_to_message INTEGER,
        reply_flag       TEXT,
        -- a filed draft (local message id) to remove from the Drafts folder once sent
        replaces_draft   INTEGER
    );
    CREATE INDEX outbox_by_account ON outbox (account_id, state, next_try);
    "#,
    // 3: delivery and read reports found in downloaded mail, by the message they report on.
    r#"
    CREATE TABLE reports (
        message_id          INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        -- Message-ID (without <>) of the message reported on
        original_message_id TEXT NOT NULL,
        -- delivery | disposition
        kind                TEXT NOT NULL,
        summary             TEXT NOT NULL
    );
    CREATE INDEX reports_by_original ON reports (original_message_id);
    CREATE INDEX messages_by_message_id ON messages (message_id) WHERE message_id IS NOT NULL;
    "#,
    // 4: the action queue: what the user did to mail and folders, applied locally at once and
    // replayed to the server by the account's worker. Messages moved or copied here and not yet
    // confirmed by the server hold a negative UID (minus their row id) until it is known.
    r#"
    CREATE TABLE actions (
        id           INTEGER PRIMARY KEY,
        account_id   TEXT NOT NULL,
        -- flag | move | copy | expunge | create_folder | rename_folder | delete_folder
        kind         TEXT NOT NULL,
        -- the source folder's server name (the folder itself for folder actions)
        folder       TEXT NOT NULL DEFAULT '',
        uidvalidity  INTEGER,
        -- target folder, new folder name, or the flag
        target       TEXT NOT NULL DEFAULT '',
        flag_on      INTEGER NOT NULL DEFAULT 0,
        -- pending | copying (a COPY may have reached the server)
        step         TEXT NOT NULL DEFAULT 'pending',
        created_at   INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT
    );
    CREATE INDEX actions_by_account ON actions (account_id, id);
    CREATE TABLE action_messages (
        action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
        -- the local row acted on, and its UID in the source folder (0: not known yet)
        row_id     INTEGER NOT NULL,
        uid        INTEGER NOT NULL,
        -- the local row that stands for the server's copy (moves: the row itself)
        dest_row   INTEGER
    );
    CREATE INDEX action_messages_by_action ON action_messages (action_id);
    CREATE INDEX action_messages_by_row ON action_messages (row_id);
    "#,
    // 5: conversations (see store/threads.rs). Every message gets a thread_id; thread_ids keeps
    // the conversation of Message-IDs that mail referred to before the message itself was
    // stored. The rows already stored are threaded right after this migration.
    r#"
    ALTER TABLE messages ADD COLUMN thread_id INTEGER;
    -- References from the full header: ids without <>, space-separated, at most 32
    ALTER TABLE messages ADD COLUMN refs TEXT;
    -- the subject without Re:/Fwd: prefixes, for mail without any linking header (else NULL)
    ALTER TABLE messages ADD COLUMN subject_key TEXT;
    CREATE INDEX messages_by_thread ON messages (thread_id, date) WHERE thread_id IS NOT NULL;
    CREATE INDEX messages_by_subject_key ON messages (subject_key, date)
        WHERE subject_key IS NOT NULL;
    CREATE TABLE thread_ids (
        account_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        thread_id  INTEGER NOT NULL,
        PRIMARY KEY (account_id, message_id)
    ) WITHOUT ROWID;
    CREATE INDEX thread_ids_by_thread ON thread_ids (thread_id);
    "#,
    // 6: the list's one-line preview of the body, made when the body is stored (NULL: no body
    // yet, or stored before this version).
    r#"
    ALTER TABLE messages ADD COLUMN snippet TEXT;
    "#,
    // 7: raw messages from a server live in files under bodies/ (store::body_files); the row names
    // the file, the message's offset, length and CRC-32, and `raw` is empty. Files of deleted rows wait in
    // dropped_body_files until the writer removes them.
    r#"
    ALTER TABLE bodies ADD COLUMN file TEXT;
    ALTER TABLE bodies ADD COLUMN file_len INTEGER;
    ALTER TABLE bodies ADD COLUMN file_crc INTEGER;
    ALTER TABLE bodies ADD COLUMN file_offset INTEGER;
    CREATE INDEX bodies_by_file ON bodies (file) WHERE file IS NOT NULL;
    CREATE TABLE dropped_body_files (file TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TRIGGER bodies_file_deleted AFTER DELETE ON bodies WHEN old.file IS NOT NULL BEGIN
        INSERT OR IGNORE INTO dropped_body_files (file) VALUES (old.file);
    END;
    -- What a sync looks for in every folder on every pass, without reading all its rows.
    CREATE INDEX messages_without_body ON messages (folder_id, uid) WHERE has_body = 0;
    CREATE INDEX messages_without_snippet ON messages (folder_id)
        WHERE snippet IS NULL AND has_body = 1;
    CREATE TRIGGER bodies_file_replaced AFTER UPDATE OF file ON bodies
        WHEN old.file IS NOT NULL AND old.file IS NOT new.file BEGIN
        INSERT OR IGNORE INTO dropped_body_files (file) VALUES (old.file);
    END;
    "#,
    // 8: what each POP3 account has downloaded (by UIDL), written in the same durable
    // transaction as the message, so a crash never stores a message twice or deletes one from
    // the server that is not stored here.
    r#"
    CREATE TABLE pop3_downloads (
        account_id        TEXT NOT NULL,
        uidl              TEXT NOT NULL,
        size              INTEGER NOT NULL,
        downloaded_at     INTEGER NOT NULL,
        -- 1 once a QUIT after its DELE was answered +OK
        deleted_on_server INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, uidl)
    ) WITHOUT ROWID;
    "#,
    // 9: accounts whose folders live only here (POP3 accounts: their mail is downloaded and
    // kept locally; moves, flags and folder changes queue nothing for a server), and the local
    // row each POP3 download became (so "deleted here" can delete it from the server).
    r#"
    CREATE TABLE local_accounts (account_id TEXT PRIMARY KEY) WITHOUT ROWID;
    ALTER TABLE pop3_downloads ADD COLUMN message_row INTEGER;
    "#,
    // 10: the full-text index merges its segments eight at a time instead of four (FTS5's
    // `automerge`, kept in the index's own config). A first sync commits a new segment every
    // batch of bodies; merging by fours rewrote each indexed word three times on the way to one
    // big segment, by eights twice. 8 % less CPU for a 20,000-message first sync, searches as
    // fast (BENCHMARKS, session 17). Stores made earlier change here too.
    r#"
    INSERT INTO search (search, rank) VALUES ('automerge', 8);
    "#,
];

/// Work a migration needs beyond SQL, run in its transaction right after it.
fn after_migration(tx: &rusqlite::Transaction<'_>, version: usize) -> rusqlite::Result<()> {
    if version == 5 {
        super::threads::rethread(tx)?;
    }
    Ok(())
}

pub fn current_version() -> usize {
    MIGRATIONS.len()
}

/// Bring a database up to the current version (the missing migrations in one transaction).
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Apply migrations up to `target` (used by tests to build databases of earlier versions).
pub fn migrate_to(conn: &mut Connection, target: usize) -> rusqlite::Result<()> {
    let version = |c: &Connection| -> rusqlite::Result<usize> {
        Ok(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
    };
    let have = version(conn)?;
    if have >= target.min(MIGRATIONS.len()) && have <= MIGRATIONS.len() {
        return Ok(());
    }
    // Two processes (or two connections of one) may open a new store at once: the write lock
    // is taken before the version is read again, so only one of them runs the migrations.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let have = version(&tx)?;
    if have > MIGRATIONS.len() {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
            Some(format!(
                "the mail store was written by a newer Jebi (schema {have}, this one knows {})",
                MIGRATIONS.len()
            )),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().take(target).skip(have) {
        tx.execute_batch(sql)?;
        after_migration(&tx, i + 1)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    /// A database made by every earlier version opens, upgrades, and keeps its data.
    #[test]
    fn every_earlier_version_upgrades() {
        for version in 0..=MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store.sqlite");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate_to(&mut conn, version).unwrap();
                if version >= 1 {
                    conn.execute(
                        "INSERT INTO folders (account_id, name, display_name) VALUES ('a', 'INBOX', 'Inbox')",
                        [],
                    )
                    .unwrap();
                }
            }
            let db = Db::open(&path).unwrap();
            let v: i64 = db
                .conn()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v as usize, current_version(), "from version {version}");
            let folders: i64 = db
                .conn()
                .query_row("SELECT count(*) FROM folders", [], |r| r.get(0))
                .unwrap();
            assert_eq!(folders, if version >= 1 { 1 } else { 0 });
        }
    }

    /// Several connections opening a new store at once: one migrates, none fails.
    #[test]
    fn simultaneous_first_opens_migrate_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let opens: Vec<_> = (0..8)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || Db::open(&p).map(|_| ()).map_err(|e| e.to_string()))
            })
            .collect();
        for o in opens {
            o.join().unwrap().unwrap();
        }
        let db = Db::open(&path).unwrap();
        let v: i64 = db
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, current_version());
    }

    /// The search index merges its segments by eights, in a new store and in one made by the
    /// previous version alike.
    #[test]
    fn the_search_index_merges_by_eights_new_or_upgraded() {
        for start in [0, MIGRATIONS.len() - 1] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store.sqlite");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate_to(&mut conn, start).unwrap();
            }
            let db = Db::open(&path).unwrap();
            let automerge: i64 = db
                .conn()
                .query_row(
                    "SELECT v FROM search_config WHERE k = 'automerge'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(automerge, 8, "from version {start}");
        }
    }

    #[test]
    fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 999).unwrap();
        }
        let err = Db::open(&path).err().expect("must refuse").to_string();
        assert!(err.contains("newer Jebi"), "{err}");
    }
}
