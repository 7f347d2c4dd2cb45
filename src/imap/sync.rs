//! Applying a sync: the only part of syncing that talks to the server. Envelopes first
//! (newest first), then flags and expunges, then bodies over several connections.

use super::connect::{connect, Connection, Session};
use super::envelope::{envelope_of, flags_of};
use super::error::ImapError;
use super::folder_list::{list_folders, RemoteFolder};
use super::plan::{
    expunge_check_needed, expunged, flag_changes, plan_folder, recorded, untouched, Change,
    LocalState, RemoteState, Step,
};
use super::{timed, uid_set, COMMAND_TIMEOUT};
use crate::account::{Account, ServerConfig};
use crate::secrets::Password;
use crate::store::{FolderSyncState, NewEnvelope, Writer};
use crate::tls::TlsClient;
use async_imap::types::Fetch;
use futures::StreamExt;
use std::sync::Arc;

mod bodies;
mod headers;
mod resume;
use bodies::download_bodies;
use headers::{sync_headers, FolderPass, PendingWrites};
use resume::{resume, save_state};

/// Envelopes per store transaction / per FETCH command on a first sync.
const ENVELOPE_BATCH: u32 = 2500;
/// Newest messages fetched in a first, small command on a first sync.
const FIRST_WINDOW: u32 = 1000;

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
    /// IMAP: folders whose counters (LIST-STATUS) showed nothing new, not opened.
    pub folders_unchanged: u32,
    /// POP3: messages deleted from the server after this download (0 for IMAP: not shown).
    #[serde(skip_serializing_if = "is_zero")]
    pub deleted_on_server: u32,
    /// POP3: messages the server refused to hand out (left there, tried again next time).
    #[serde(skip_serializing_if = "is_zero")]
    pub refused_by_server: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
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
        self.folders_unchanged += o.folders_unchanged;
        self.deleted_on_server += o.deleted_on_server;
        self.refused_by_server += o.refused_by_server;
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
        let bodies = outcome.as_ref().map_or(0, |s| s.bodies as usize);
        ctx.writer
            .run(move |db| {
                // Whatever happened to the download, FTS5 merges again (`search_compact`).
                db.end_bulk_index()?;
                let mut indexed_now = bodies;
                for id in ids {
                    indexed_now += db.index_unindexed(id)?;
                    // Mail stored before the list showed snippets gets them, a batch a pass.
                    db.fill_missing_snippets(id, SNIPPET_BATCH)?;
                }
                // Files of syncs killed before their commit.
                db.remove_orphan_body_files_daily()?;
                // A first sync leaves the index in many segments (see `search_compact`). Only
                // speed depends on it: if it fails (a full disk), the index answers as before.
                let _ = db.compact_search_index_after(indexed_now);
                Ok(())
            })
            .await
            .map_err(store_err)?;
    }
    outcome
}

async fn sync_folders(
    ctx: &SyncContext,
    conn: Connection,
    folders: &[(i64, String)],
    opts: &SyncOptions,
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let (mut total, conns) = sync_headers(ctx, conn, folders, opts, report).await?;
    if opts.headers_only {
        log_out_all(conns).await;
    } else {
        let b = download_bodies(ctx, conns, folders, opts.body_connections.max(1), report).await?;
        total.add(&b);
    }
    Ok(total)
}

/// Log out of every connection (each within 5 s, all at once).
async fn log_out_all(conns: Vec<Connection>) {
    futures::future::join_all(conns.into_iter().map(|mut c| async move {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), c.session.logout()).await;
    }))
    .await;
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
            let (synced, count, max_uid) = db.folder_sync_start(folder_id)?;
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
    local: &LocalState,
    report: &Reporter,
) -> Result<FolderPass, ImapError> {
    if let Some(pass) = resume(ctx, conn, folder_id, name, local, report).await? {
        return Ok(pass);
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
    let steps = plan_folder(local, &remote, conn.caps.condstore);
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let mut writes = Vec::new();
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
                writes.extend(fetch_new(ctx, &mut conn.session, &target, report).await?);
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
                let stored = local_flags(ctx, folder_id).await?;
                let changes = flag_changes(&stored, &remote_flags);
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
    Ok(FolderPass::new(summary, writes, local, &remote))
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
    if sets.is_empty() {
        return Ok(0);
    }
    let changed = ctx
        .writer
        .run(move |db| db.set_flags(folder_id, &sets))
        .await
        .map_err(store_err)?;
    Ok(changed as u32)
}

const ENVELOPE_QUERY: &str = "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)";

/// Store a batch of envelopes. The rows come back to be freed here, not on the writer's
/// thread (a first sync's busiest).
async fn store_envelopes(
    writer: &Writer,
    folder_id: i64,
    rows: Vec<NewEnvelope>,
) -> Result<(), ImapError> {
    let rows = writer
        .run(move |db| db.insert_envelopes(folder_id, &rows).map(|()| rows))
        .await
        .map_err(store_err)?;
    drop(rows);
    Ok(())
}

#[derive(Clone, Copy)]
/// Which new messages to fetch.
struct NewMail<'a> {
    folder_id: i64,
    name: &'a str,
    from_uid: u32,
    exists: u32,
}

/// Fetch envelopes of UIDs >= from_uid, newest first, sending each batch to the store as it
/// arrives; returns the writes (each gives how many envelopes it stored).
async fn fetch_new(
    ctx: &SyncContext,
    session: &mut Session,
    target: &NewMail<'_>,
    report: &Reporter,
) -> Result<PendingWrites, ImapError> {
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
        let mut writes = Vec::new();
        if n > 0 {
            let writer = ctx.writer.clone();
            writes.push(tokio::spawn(async move {
                store_envelopes(&writer, folder_id, batch).await?;
                Ok(n)
            }));
        }
        report(SyncEvent::Headers {
            folder: name.to_string(),
            done: n,
            total: n,
        });
        return Ok(writes);
    }
    // First sync: the newest messages first (a person sees their latest mail at once), then
    // all older ones in a single streamed command; batches go to the writer as they arrive.
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
                store_envelopes(&writer, folder_id, rows).await?;
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
    Ok(writes)
}
