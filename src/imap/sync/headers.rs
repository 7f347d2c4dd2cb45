//! The envelope pass over an account's folders: every folder's stored state read once, the
//! server's counters (LIST-STATUS) read once, and the folders that need a visit shared by a
//! few connections when there are many of them (over a real network each folder costs round
//! trips: at 20 ms, 56 folders took 3 s on one connection). On each connection a folder's
//! envelopes go into the store while the next folder is read.

use super::*;
use std::collections::VecDeque;

/// At most this many connections read envelopes at once ...
const HEADER_CONNECTIONS: usize = 3;
/// ... one more for every this many folders that need a visit.
const FOLDERS_PER_CONNECTION: usize = 8;

/// Read every folder's envelopes and flags; returns the summary and the open connections (the
/// first one and any opened for this pass), for the body download.
pub(super) async fn sync_headers(
    ctx: &SyncContext,
    mut conn: Connection,
    folders: &[(i64, String)],
    opts: &SyncOptions,
    report: &Reporter,
) -> Result<(SyncSummary, Vec<Connection>), ImapError> {
    let mut total = SyncSummary::default();
    let locals = local_states(ctx, folders).await?;
    let (mut conn, counters) = match super::super::folder_status::all(&mut conn).await {
        Ok(counters) => (conn, counters),
        // The counters only save work. After any failure (an answer that cannot be read may
        // leave the connection mid-response) the pass goes on without them, on a new connection
        // (the old one closed first: a server may allow few).
        Err(e) => {
            drop(conn);
            let fresh = another_connection(ctx).await.map_err(|_| e)?;
            (fresh, Default::default())
        }
    };
    let mut work = VecDeque::new();
    for (i, (folder, local)) in folders.iter().zip(&locals).enumerate() {
        match counters.get(&folder.1).filter(|r| untouched(local, r)) {
            Some(_) => {
                total.add(&finish_folder(ctx, folder, FolderPass::untouched(), report).await?)
            }
            None => work.push_back(i),
        }
    }
    let wanted = connections_for(work.len(), opts);
    let (queue, locals) = (&std::sync::Mutex::new(work), &locals);
    // More connections join as they come up: a slow one holds nothing back.
    let extra = futures::future::join_all((1..wanted).map(|_| async move {
        let mut c = another_connection(ctx).await.ok()?;
        let pass = folder_worker(ctx, &mut c, queue, folders, locals, report).await;
        Some((c, pass))
    }));
    let first = folder_worker(ctx, &mut conn, queue, folders, locals, report);
    let (pass, extra) = futures::future::join(first, extra).await;
    let mut conns = vec![conn];
    let mut first_error = pass.map(|p| total.add(&p)).err();
    for (c, pass) in extra.into_iter().flatten() {
        conns.push(c);
        match pass {
            Ok(p) => total.add(&p),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // After an error the connections are dropped, as one that failed may not answer a LOGOUT.
    match first_error {
        Some(e) => Err(e),
        None => Ok((total, conns)),
    }
}

/// Connections worth opening for `folders` folders to visit.
fn connections_for(folders: usize, opts: &SyncOptions) -> usize {
    let most = HEADER_CONNECTIONS.max(opts.body_connections).max(1);
    folders.div_ceil(FOLDERS_PER_CONNECTION).clamp(1, most)
}

/// Another connection for this pass. One that fails (a server that allows fewer connections
/// per user, say) is left out: the pass goes on with those it has.
async fn another_connection(ctx: &SyncContext) -> Result<Connection, ImapError> {
    let mut c = ctx.connect().await?;
    super::super::qresync::enable(&mut c).await?;
    Ok(c)
}

/// Visit folders from the queue until it is empty; each folder is finished once the next one
/// has been read.
async fn folder_worker(
    ctx: &SyncContext,
    conn: &mut Connection,
    queue: &std::sync::Mutex<VecDeque<usize>>,
    folders: &[(i64, String)],
    locals: &[LocalState],
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let mut total = SyncSummary::default();
    let mut pending: Option<(usize, FolderPass)> = None;
    loop {
        let next = queue
            .lock()
            .map_err(|e| ImapError::Local(e.to_string()))?
            .pop_front();
        let Some(i) = next else { break };
        let (folder_id, name) = (folders[i].0, folders[i].1.as_str());
        let pass = sync_folder_headers(ctx, conn, folder_id, name, &locals[i], report).await;
        if let Some((j, earlier)) = pending.take() {
            total.add(&finish_folder(ctx, &folders[j], earlier, report).await?);
        }
        pending = Some((i, pass?));
    }
    if let Some((j, last)) = pending {
        total.add(&finish_folder(ctx, &folders[j], last, report).await?);
    }
    Ok(total)
}

/// Envelope writes of a folder that may still be on their way into the store.
pub(super) type PendingWrites = Vec<tokio::task::JoinHandle<Result<u32, ImapError>>>;

/// A folder read from the server whose envelopes may still be on their way into the store.
pub(super) struct FolderPass {
    /// What happened, but for the envelopes still being stored.
    summary: SyncSummary,
    writes: PendingWrites,
    /// The server's state to record once the writes are in (None: the stored one holds).
    state: Option<FolderSyncState>,
}

impl FolderPass {
    /// `remote` recorded after the writes, unless it is what the store already holds.
    pub(super) fn new(
        summary: SyncSummary,
        writes: PendingWrites,
        local: &LocalState,
        remote: &RemoteState,
    ) -> Self {
        let state = recorded(remote);
        FolderPass {
            summary,
            writes,
            state: (state != local.synced).then_some(state),
        }
    }

    /// A folder left unopened: its counters showed nothing to do.
    fn untouched() -> Self {
        FolderPass {
            summary: SyncSummary {
                folders: 1,
                folders_unchanged: 1,
                ..SyncSummary::default()
            },
            writes: Vec::new(),
            state: None,
        }
    }
}

/// Wait for a folder's envelopes to be stored, then record its state and report it done.
async fn finish_folder(
    ctx: &SyncContext,
    (folder_id, name): &(i64, String),
    pass: FolderPass,
    report: &Reporter,
) -> Result<SyncSummary, ImapError> {
    let mut summary = pass.summary;
    for w in pass.writes {
        summary.new_messages += w.await.map_err(|e| ImapError::Local(e.to_string()))??;
    }
    if let Some(state) = pass.state {
        save_state(ctx, *folder_id, state).await?;
    }
    report(SyncEvent::FolderDone {
        folder: name.clone(),
        summary: summary.clone(),
    });
    Ok(summary)
}

/// Every folder's stored state, in one visit to the store (nothing but this pass changes it).
async fn local_states(
    ctx: &SyncContext,
    folders: &[(i64, String)],
) -> Result<Vec<LocalState>, ImapError> {
    let ids: Vec<i64> = folders.iter().map(|f| f.0).collect();
    ctx.writer
        .run(move |db| {
            ids.iter()
                .map(|&id| {
                    let (synced, count, max_uid) = db.folder_sync_start(id)?;
                    Ok(LocalState {
                        synced,
                        count,
                        max_uid,
                    })
                })
                .collect()
        })
        .await
        .map_err(store_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_folders_to_visit_share_more_connections_up_to_three() {
        let opts = SyncOptions::default();
        let n = |folders| connections_for(folders, &opts);
        assert_eq!(
            (n(0), n(1), n(8), n(9), n(16), n(17), n(500)),
            (1, 1, 1, 2, 2, 3, 3)
        );
    }
}
