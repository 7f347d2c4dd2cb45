//! Applying a sync: the only part of syncing that talks to the server. Envelopes first
//! (newest first), then flags and expunges, then bodies over several connections.

use super::connect::{connect, Connection, Session};
use super::envelope::{envelope_of, flags_of};
use super::error::ImapError;
use super::folder_list::{list_folders, RemoteFolder};
use super::plan::{
    expunge_check_needed, expunged, flag_changes, plan_folder, Change, LocalState, RemoteState,
    Step,
};
use super::{timed, uid_set, COMMAND_TIMEOUT, MAX_SYNC_BODY};
use crate::account::{Account, ServerConfig};
use crate::secrets::Password;
use crate::store::{FolderRole, FolderSyncState, NewEnvelope, ParsedBody, Writer};
use crate::tls::TlsClient;
use async_imap::types::Fetch;
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::Mutex;

mod resume;
use resume::{resume, save_state};

/// Envelopes per store transaction / per FETCH command on a first sync.
const ENVELOPE_BATCH: u32 = 2500;
/// Newest messages fetched in a first, small command on a first sync.
const FIRST_WINDOW: u32 = 1000;
/// Bodies per FETCH: at most this many messages or this many bytes.
const BODY_BATCH_COUNT: usize = 200;
const BODY_BATCH_BYTES: u64 = 8 * 1024 * 1024;
/// Body text kept in the search index per message.
const SEARCH_TEXT_LIMIT: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub headers_only: bool,
    /// Connections used to download bodies in parallel.
    pub body_connections: usize,
    /// Only these folders (server names); all when empty.
    pub only_folders: Vec<String>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            headers_only: false,
            body_connections: 2,
            only_folders: Vec::new(),
        }
    }
}

/// Progress as a sync goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    Folders {
        count: usize,
    },
    Headers {
        folder: String,
        done: u32,
        total: u32,
    },
    Bodies {
        done: u32,
        total: u32,
    },
    FolderDone {
        folder: String,
        summary: SyncSummary,
    },
    /// Queued actions were replayed to the server (`conflicts` in plain words).
    Replayed {
        done: usize,
        conflicts: Vec<String>,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncSummary {
    pub folders: u32,
    pub new_messages: u32,
    pub flag_changes: u32,
    pub expunged: u32,
    pub bodies: u32,
    pub bodies_skipped_too_large: u32,
    pub folders_reset: u32,
}

impl SyncSummary {
    /// Did the pass change anything in the local store?
    pub fn changed(&self) -> bool {
        self.new_messages + self.flag_changes + self.expunged + self.bodies + self.folders_reset > 0
    }

    fn add(&mut self, o: &SyncSummary) {
        self.folders += o.folders;
        self.new_messages += o.new_messages;
        self.flag_changes += o.flag_changes;
        self.expunged += o.expunged;
        self.bodies += o.bodies;
        self.bodies_skipped_too_large += o.bodies_skipped_too_large;
        self.folders_reset += o.folders_reset;
    }
}

pub type Reporter = Arc<dyn Fn(SyncEvent) + Send + Sync>;

/// Everything a sync of one account needs.
#[derive(Clone)]
pub struct SyncContext {
    pub account: Account,
    pub server: ServerConfig,
    pub password: Password,
    pub tls: TlsClient,
    pub writer: Writer,
    /// Where the per-account replay lock lives (one replaying process at a time).
    pub data_dir: std::path::PathBuf,
}

impl SyncContext {
    pub async fn connect(&self) -> Result<Connection, ImapError> {
        connect(&self.account, &self.server, &self.password, &self.tls).await
    }
}

fn store_err(e: crate::store::StoreError) -> ImapError {
    ImapError::Local(e.to_string())
}

/// Collect a FETCH response stream with a timeout between items.
async fn collect_fetches<S>(
    what: &str,
    mut stream: S,
    mut each: impl FnMut(Fetch),
) -> Result<(), ImapError>
where
    S: futures::Stream<Item = Result<Fetch, async_imap::error::Error>> + Unpin,
{
    loop {
        match tokio::time::timeout(COMMAND_TIMEOUT, stream.next()).await {
            Err(_) => {
                return Err(ImapError::Timeout {
                    what: what.to_string(),
                    after: COMMAND_TIMEOUT,
                })
            }
            Ok(None) => return Ok(()),
            Ok(Some(Err(e))) => return Err(ImapError::from_imap(what, e)),
            Ok(Some(Ok(f))) => each(f),
        }
    }
}

/// One full pass over an account.
/// How many older messages per folder and pass get their list snippet made (parsing them
/// costs about a millisecond each).
const SNIPPET_BATCH: usize = 2000;

pub async fn sync_account(
    ctx: &SyncContext,
    opts: &SyncOptions,
    report: Reporter,
) -> Result<SyncSummary, ImapError> {
    let mut conn = ctx.connect().await?;
    let account_id = ctx.account.id.clone();
    // The user's queued actions reach the server before anything is read back from it.
    let replayed = super::replay::replay_locked(ctx, &mut conn).await?;
    super::qresync::enable(&mut conn).await?;
    if replayed.done > 0 || !replayed.conflicts.is_empty() {
        report(SyncEvent::Replayed {
            done: replayed.done,
            conflicts: replayed.conflicts,
        });
    }
    let remote = list_folders(&mut conn.session).await?;
    let folders = record_folders(ctx, &account_id, remote).await?;
    report(SyncEvent::Folders {
        count: folders.len(),
    });
    let folders: Vec<(i64, String)> = folders
        .into_iter()
        .filter(|(_, n)| opts.only_folders.is_empty() || opts.only_folders.contains(n))
        .collect();
    let outcome = sync_folders(ctx, conn, &folders, opts, &report).await;
    if !opts.headers_only {
        // Messages whose body did not come (too large, interrupted) get a headers-only
        // search row. After a headers-only pass this waits for the next full pass; search
        // finds unindexed rows meanwhile.
        let ids: Vec<i64> = folders.iter().map(|(id, _)| *id).collect();
        ctx.writer
            .run(move |db| {
                for id in ids {
                    db.index_unindexed(id)?;
                    // Mail stored before the list showed snippets gets them, a batch a pass.
                    db.fill_missing_snippets(id, SNIPPET_BATCH)?;
                }
                Ok(())
            })
            .await
            .map_err(store_err)?;
    }
    outcome
}

async fn sync_folders(
    ctx: &SyncContext,
    mut conn: Connection,
    folders: &[(i64, String)],
    opts: &SyncOptions,
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let mut total = SyncSummary::default();
    for (folder_id, name) in folders {
        let s = sync_folder_headers(ctx, &mut conn, *folder_id, name, report).await?;
        report(SyncEvent::FolderDone {
            folder: name.clone(),
            summary: s.clone(),
        });
        total.add(&s);
    }
    if opts.headers_only {
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout()).await;
    } else {
        let b = download_bodies(ctx, conn, folders, opts.body_connections.max(1), report).await?;
        total.add(&b);
    }
    Ok(total)
}

/// Store the server's folder list; returns selectable folders in sync order (Inbox first).
async fn record_folders(
    ctx: &SyncContext,
    account_id: &str,
    remote: Vec<RemoteFolder>,
) -> Result<Vec<(i64, String)>, ImapError> {
    let account_id = account_id.to_string();
    ctx.writer
        .run(move |db| {
            let mut out = Vec::new();
            for f in &remote {
                let id = db.upsert_folder(
                    &account_id,
                    &f.name,
                    &f.display_name,
                    f.delimiter.as_deref(),
                    f.role,
                    f.selectable,
                )?;
                if f.selectable {
                    out.push((f.role, f.name.clone(), id));
                }
            }
            let mut names: Vec<String> = remote.iter().map(|f| f.name.clone()).collect();
            // Folders made here and not yet on the server are not "gone".
            names.extend(db.folders_being_made(&account_id)?);
            db.remove_folders_except(&account_id, &names)?;
            out.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
            Ok(out.into_iter().map(|(_, n, id)| (id, n)).collect())
        })
        .await
        .map_err(store_err)
}

/// The folder's stored state (cheap: no per-message reads; a no-change resync stops here).
async fn local_state(ctx: &SyncContext, folder_id: i64) -> Result<LocalState, ImapError> {
    ctx.writer
        .run(move |db| {
            let (synced, _, count, max_uid) = db.folder_sync_start(folder_id)?;
            Ok(LocalState {
                synced,
                count,
                max_uid,
            })
        })
        .await
        .map_err(store_err)
}

/// Every stored UID of the folder with its flags (for servers without CONDSTORE, and to find
/// expunged messages).
async fn local_flags(
    ctx: &SyncContext,
    folder_id: i64,
) -> Result<Vec<(u32, Vec<String>)>, ImapError> {
    ctx.writer
        .run(move |db| db.uids_and_flags(folder_id))
        .await
        .map_err(store_err)
}

async fn sync_folder_headers(
    ctx: &SyncContext,
    conn: &mut Connection,
    folder_id: i64,
    name: &str,
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let local = local_state(ctx, folder_id).await?;
    if let Some(s) = resume(ctx, conn, folder_id, name, &local, report).await? {
        return Ok(s);
    }
    let what = format!("SELECT {name}");
    let mbox = if conn.caps.condstore {
        timed(&what, conn.session.select_condstore(name)).await?
    } else {
        timed(&what, conn.session.select(name)).await?
    };
    let remote = RemoteState {
        uidvalidity: mbox.uid_validity.ok_or_else(|| ImapError::Protocol {
            what: what.clone(),
            detail: "the server gave no UIDVALIDITY".into(),
        })?,
        uidnext: mbox.uid_next,
        highestmodseq: mbox.highest_modseq,
        exists: mbox.exists,
    };
    let steps = plan_folder(&local, &remote, conn.caps.condstore);
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    for step in steps {
        match step {
            Step::Reset => {
                ctx.writer
                    .run(move |db| db.reset_folder(folder_id))
                    .await
                    .map_err(store_err)?;
                summary.folders_reset += 1;
            }
            Step::FetchNew { from_uid } => {
                let target = NewMail {
                    folder_id,
                    name,
                    from_uid,
                    exists: remote.exists,
                };
                summary.new_messages += fetch_new(ctx, &mut conn.session, &target, report).await?;
            }
            Step::FlagsChangedSince(modseq) => {
                let q = format!("(UID FLAGS) (CHANGEDSINCE {modseq})");
                let changed = fetch_flags(&mut conn.session, &q).await?;
                let changes: Vec<Change> = changed
                    .into_iter()
                    .map(|(u, f)| Change::SetFlags(u, f))
                    .collect();
                summary.flag_changes += apply_flag_changes(ctx, folder_id, name, changes).await?;
            }
            Step::FlagsAll => {
                let remote_flags = fetch_flags(&mut conn.session, "(UID FLAGS)").await?;
                let local_flags = local_flags(ctx, folder_id).await?;
                let changes = flag_changes(&local_flags, &remote_flags);
                summary.flag_changes += apply_flag_changes(ctx, folder_id, name, changes).await?;
            }
            Step::FindExpunged => {
                let now = local_state(ctx, folder_id).await?;
                if expunge_check_needed(now.count, remote.exists) {
                    let mut server: Vec<u32> =
                        timed("UID SEARCH ALL", conn.session.uid_search("ALL"))
                            .await?
                            .into_iter()
                            .collect();
                    server.sort_unstable();
                    let local_uids: Vec<u32> = local_flags(ctx, folder_id)
                        .await?
                        .iter()
                        .map(|(u, _)| *u)
                        .collect();
                    let gone: Vec<u32> = expunged(&local_uids, &server)
                        .into_iter()
                        .filter_map(|c| {
                            if let Change::Expunge(u) = c {
                                Some(u)
                            } else {
                                None
                            }
                        })
                        .collect();
                    let n = ctx
                        .writer
                        .run(move |db| db.remove_uids(folder_id, &gone))
                        .await
                        .map_err(store_err)?;
                    summary.expunged += n as u32;
                }
            }
        }
    }
    save_state(ctx, folder_id, &remote).await?;
    Ok(summary)
}

async fn fetch_flags(
    session: &mut Session,
    query: &str,
) -> Result<Vec<(u32, Vec<String>)>, ImapError> {
    let what = format!("UID FETCH 1:* {query}");
    let stream = timed(&what, session.uid_fetch("1:*", query)).await?;
    let mut out = Vec::new();
    collect_fetches(&what, stream, |f| {
        if let Some(uid) = f.uid {
            out.push((uid, flags_of(&f)));
        }
    })
    .await?;
    out.sort_by_key(|(u, _)| *u);
    Ok(out)
}

/// Store the server's flags, except on messages whose queued changes the server has not heard
/// yet (the user's newer change stays on screen).
async fn apply_flag_changes(
    ctx: &SyncContext,
    folder_id: i64,
    name: &str,
    changes: Vec<Change>,
) -> Result<u32, ImapError> {
    let (account_id, name) = (ctx.account.id.clone(), name.to_string());
    let held = ctx
        .writer
        .run(move |db| db.held_uids(&account_id, &name))
        .await
        .map_err(store_err)?;
    let sets: Vec<(u32, Vec<String>)> = changes
        .into_iter()
        .filter_map(|c| {
            if let Change::SetFlags(u, f) = c {
                (!held.contains(&u)).then_some((u, f))
            } else {
                None
            }
        })
        .collect();
    let n = sets.len() as u32;
    if n > 0 {
        ctx.writer
            .run(move |db| db.set_flags(folder_id, &sets))
            .await
            .map_err(store_err)?;
    }
    Ok(n)
}

const ENVELOPE_QUERY: &str = "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)";

#[derive(Clone, Copy)]
/// Which new messages to fetch.
struct NewMail<'a> {
    folder_id: i64,
    name: &'a str,
    from_uid: u32,
    exists: u32,
}

/// Fetch envelopes of UIDs >= from_uid, newest first, storing each batch as it arrives.
async fn fetch_new(
    ctx: &SyncContext,
    session: &mut Session,
    target: &NewMail<'_>,
    report: &Reporter,
) -> Result<u32, ImapError> {
    let NewMail {
        folder_id,
        name,
        from_uid,
        exists,
    } = *target;
    // Sequence-number windows from the top of the mailbox down: newest first. Each window
    // is checked against from_uid; older windows stop once they are all known.
    if from_uid > 1 {
        // Incremental: only the new UIDs (a server answers `n:*` with the last message even
        // when n is past it, hence the filter).
        let what = format!("UID FETCH {from_uid}:* envelopes of {name}");
        let stream = timed(
            &what,
            session.uid_fetch(format!("{from_uid}:*"), ENVELOPE_QUERY),
        )
        .await?;
        let mut batch: Vec<NewEnvelope> = Vec::new();
        collect_fetches(&what, stream, |f| {
            if let Some(e) = envelope_of(&f).filter(|e| e.uid >= from_uid) {
                batch.push(e);
            }
        })
        .await?;
        let n = batch.len() as u32;
        if n > 0 {
            ctx.writer
                .run(move |db| db.insert_envelopes(folder_id, &batch))
                .await
                .map_err(store_err)?;
        }
        report(SyncEvent::Headers {
            folder: name.to_string(),
            done: n,
            total: n,
        });
        return Ok(n);
    }
    // First sync: the newest messages first (a person sees their latest mail at once), then
    // all older ones in a single streamed command; batches go to the writer as they arrive.
    let mut stored = 0u32;
    let mut writes = Vec::new();
    let mut top = exists;
    while top >= 1 {
        let bottom = if top == exists {
            top.saturating_sub(FIRST_WINDOW - 1).max(1)
        } else {
            1
        };
        let what = format!("FETCH {bottom}:{top} envelopes of {name}");
        let stream = timed(
            &what,
            session.fetch(format!("{bottom}:{top}"), ENVELOPE_QUERY),
        )
        .await?;
        let mut batch: Vec<NewEnvelope> = Vec::new();
        let mut seen = 0u32;
        let flush = |batch: &mut Vec<NewEnvelope>, writes: &mut Vec<_>| {
            let rows = std::mem::take(batch);
            let n = rows.len() as u32;
            let writer = ctx.writer.clone();
            writes.push(tokio::spawn(async move {
                writer
                    .run(move |db| db.insert_envelopes(folder_id, &rows))
                    .await
                    .map_err(store_err)?;
                Ok::<u32, ImapError>(n)
            }));
        };
        collect_fetches(&what, stream, |f| {
            seen += 1;
            if let Some(e) = envelope_of(&f).filter(|e| e.uid >= from_uid) {
                batch.push(e);
                if batch.len() as u32 >= ENVELOPE_BATCH {
                    flush(&mut batch, &mut writes);
                    report(SyncEvent::Headers {
                        folder: name.to_string(),
                        done: (exists - top) + seen,
                        total: exists,
                    });
                }
            }
        })
        .await?;
        if !batch.is_empty() {
            flush(&mut batch, &mut writes);
        }
        report(SyncEvent::Headers {
            folder: name.to_string(),
            done: exists - bottom + 1,
            total: exists,
        });
        if bottom == 1 {
            break;
        }
        top = bottom - 1;
    }
    for w in writes {
        stored += w.await.map_err(|e| ImapError::Local(e.to_string()))??;
    }
    Ok(stored)
}

/// A batch of bodies to fetch from one folder.
#[derive(Debug, Clone)]
struct BodyJob {
    folder_id: i64,
    folder: String,
    uids: Vec<u32>,
}

async fn plan_body_jobs(
    ctx: &SyncContext,
    folders: &[(i64, String)],
) -> Result<(Vec<BodyJob>, u32, u32), ImapError> {
    let folders = folders.to_vec();
    ctx.writer
        .run(move |db| {
            let mut jobs = Vec::new();
            let mut total = 0u32;
            let mut skipped = 0u32;
            // Inbox first, then the rest; newest first inside each folder.
            let mut ordered = folders.clone();
            ordered.sort_by_key(|(id, _)| {
                let role = db.folder_sync_start(*id).ok().and_then(|s| s.1);
                role != Some(FolderRole::Inbox)
            });
            for (folder_id, name) in ordered {
                let mut uids = Vec::new();
                let mut bytes = 0u64;
                let mut stmt = db.conn().prepare_cached(
                    "SELECT uid, size FROM messages WHERE folder_id = ?1 AND has_body = 0 AND uid > 0 ORDER BY uid DESC",
                )?;
                let rows: Vec<(u32, u32)> = stmt
                    .query_map([folder_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (uid, size) in rows {
                    if size > MAX_SYNC_BODY {
                        skipped += 1;
                        continue;
                    }
                    if !uids.is_empty() && (uids.len() >= BODY_BATCH_COUNT || bytes + size as u64 > BODY_BATCH_BYTES) {
                        jobs.push(BodyJob { folder_id, folder: name.clone(), uids: std::mem::take(&mut uids) });
                        bytes = 0;
                    }
                    uids.push(uid);
                    bytes += size as u64;
                    total += 1;
                }
                if !uids.is_empty() {
                    jobs.push(BodyJob { folder_id, folder: name.clone(), uids });
                }
            }
            Ok((jobs, total, skipped))
        })
        .await
        .map_err(store_err)
}

/// One message as a body FETCH returned it.
struct FetchedBody {
    uid: u32,
    flags: Vec<String>,
    size: u32,
    internal_date: Option<i64>,
    raw: Vec<u8>,
}

/// Parse raw messages into store rows and write each raw message to its file (CPU and disk
/// work: runs on a blocking thread, beside the store's writer).
fn parse_bodies(
    fetched: Vec<FetchedBody>,
    files: &crate::store::BodyFiles,
) -> Result<Vec<ParsedBody>, ImapError> {
    use crate::store::RawBody;
    let mut parsed: Vec<ParsedBody> = fetched
        .into_iter()
        .map(|f| {
            let mut b =
                ParsedBody::from_raw(f.uid, f.flags, f.internal_date, f.raw, SEARCH_TEXT_LIMIT);
            b.envelope.size = f.size;
            b
        })
        .collect();
    let raws: Vec<&[u8]> = parsed
        .iter()
        .filter_map(|b| match &b.raw {
            RawBody::Inline(raw) => Some(raw.as_slice()),
            RawBody::File(_) => None,
        })
        .collect();
    let mut stored = files
        .store_all(&raws)
        .map_err(|e| {
            ImapError::Local(format!(
                "cannot write downloaded mail into {} ({}); the messages stay on the server \
                 and are listed: free some disk space or fix that folder, then sync again",
                files.dir().display(),
                e.kind()
            ))
        })?
        .into_iter();
    for b in &mut parsed {
        if matches!(b.raw, RawBody::Inline(_)) {
            b.raw = RawBody::File(stored.next().expect("one stored body per inline one"));
        }
    }
    Ok(parsed)
}

async fn download_bodies(
    ctx: &SyncContext,
    first: Connection,
    folders: &[(i64, String)],
    connections: usize,
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let (jobs, total, skipped) = plan_body_jobs(ctx, folders).await?;
    let mut summary = SyncSummary {
        bodies_skipped_too_large: skipped,
        ..SyncSummary::default()
    };
    if jobs.is_empty() {
        let mut first = first;
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), first.session.logout()).await;
        return Ok(summary);
    }
    let workers = connections.min(jobs.len()).max(1);
    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let done = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let mut handles = Vec::new();
    let mut first = Some(first);
    for _ in 0..workers {
        let conn = first.take();
        let ctx = ctx.clone();
        let queue = queue.clone();
        let done = done.clone();
        let report = report.clone();
        handles.push(tokio::spawn(async move {
            let mut conn = match conn {
                Some(c) => c,
                None => ctx.connect().await?,
            };
            let r = body_worker(&ctx, &mut conn, queue, done, total, report).await;
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), conn.session.logout())
                .await;
            r
        }));
    }
    let mut first_error = None;
    for h in handles {
        match h.await {
            Ok(Ok(n)) => summary.bodies += n,
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(ImapError::Local(e.to_string()));
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

async fn body_worker(
    ctx: &SyncContext,
    conn: &mut Connection,
    queue: Arc<Mutex<std::vec::IntoIter<BodyJob>>>,
    done: Arc<std::sync::atomic::AtomicU32>,
    total: u32,
    report: Reporter,
) -> Result<u32, ImapError> {
    let mut selected: Option<String> = None;
    let mut stored = 0u32;
    let mut pending: Option<tokio::task::JoinHandle<Result<u32, ImapError>>> = None;
    loop {
        let job = queue.lock().await.next();
        let Some(job) = job else { break };
        if selected.as_deref() != Some(job.folder.as_str()) {
            timed(
                &format!("EXAMINE {}", job.folder),
                conn.session.examine(&job.folder),
            )
            .await?;
            selected = Some(job.folder.clone());
        }
        let what = format!("UID FETCH bodies of {}", job.folder);
        let set = uid_set::format(&job.uids);
        let stream = timed(
            &what,
            conn.session
                .uid_fetch(&set, "(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[])"),
        )
        .await?;
        let mut fetched = Vec::with_capacity(job.uids.len());
        collect_fetches(&what, stream, |f| {
            if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                fetched.push(FetchedBody {
                    uid,
                    flags: flags_of(&f),
                    size: f.size.unwrap_or(body.len() as u32),
                    internal_date: f.internal_date().map(|d| d.timestamp()),
                    raw: body.to_vec(),
                });
            }
        })
        .await?;
        if let Some(p) = pending.take() {
            stored += p.await.map_err(|e| ImapError::Local(e.to_string()))??;
        }
        let writer = ctx.writer.clone();
        let folder_id = job.folder_id;
        let done = done.clone();
        let report = report.clone();
        pending = Some(tokio::spawn(async move {
            let files = writer.body_files().clone();
            let parsed = tokio::task::spawn_blocking(move || parse_bodies(fetched, &files))
                .await
                .map_err(|e| ImapError::Local(e.to_string()))??;
            let n = parsed.len() as u32;
            writer
                .run(move |db| db.insert_bodies(folder_id, &parsed))
                .await
                .map_err(store_err)?;
            let now = done.fetch_add(n, std::sync::atomic::Ordering::SeqCst) + n;
            report(SyncEvent::Bodies { done: now, total });
            Ok(n)
        }));
    }
    if let Some(p) = pending.take() {
        stored += p.await.map_err(|e| ImapError::Local(e.to_string()))??;
    }
    Ok(stored)
}
