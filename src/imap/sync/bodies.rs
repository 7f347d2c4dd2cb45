//! Downloading bodies: the jobs (Inbox first, newest first, batches of a bounded size), several
//! connections fetching them, each batch parsed and written to its body file on a blocking
//! thread while the next one downloads, then stored by the writer.

use super::*;
use crate::imap::MAX_SYNC_BODY;
use crate::store::{FolderRole, ParsedBody};
use tokio::sync::Mutex;

/// Bodies per FETCH: at most this many messages or this many bytes.
const BODY_BATCH_COUNT: usize = 200;
const BODY_BATCH_BYTES: u64 = 8 * 1024 * 1024;

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
            ordered.sort_by_cached_key(|(id, _)| {
                db.folder_role(*id).ok().flatten() != Some(FolderRole::Inbox)
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
            let mut b = ParsedBody::from_raw(
                f.uid,
                f.flags,
                f.internal_date,
                f.raw,
                crate::mime::SEARCH_TEXT_LIMIT,
            );
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

/// Download every missing body over `connections` connections: those `open` (the header
/// pass's) first, more when needed; the rest are logged out.
pub(super) async fn download_bodies(
    ctx: &SyncContext,
    mut open: Vec<Connection>,
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
        log_out_all(open).await;
        return Ok(summary);
    }
    // Most of the index written now: FTS5 merges once at the end, not on the way (the sync
    // turns merging back on however the download ends; see `search_compact`).
    let coming = total as usize;
    ctx.writer
        .run(move |db| db.begin_bulk_index(coming))
        .await
        .map_err(store_err)?;
    let workers = connections.min(jobs.len()).max(1);
    let surplus = open.len().saturating_sub(workers);
    log_out_all(open.drain(..surplus).collect()).await;
    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let done = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let mut handles = Vec::new();
    for _ in 0..workers {
        let conn = open.pop();
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
                    internal_date: f
                        .internal_date_raw()
                        .and_then(crate::imap::internal_date::seconds),
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
