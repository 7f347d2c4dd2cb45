//! QRESYNC resume of one folder (RFC 7162) and storing a folder's sync state.

use super::*;

pub(super) async fn save_state(
    ctx: &SyncContext,
    folder_id: i64,
    state: FolderSyncState,
) -> Result<(), ImapError> {
    ctx.writer
        .run(move |db| db.set_folder_state(folder_id, &state))
        .await
        .map_err(store_err)
}

/// QRESYNC: resume the folder from its last state in the select itself (what vanished, which
/// flags changed), then fetch what is new. None when the folder cannot be resumed that way
/// (no QRESYNC, first sync, or renumbered): the caller syncs it the usual way.
pub(super) async fn resume(
    ctx: &SyncContext,
    conn: &mut Connection,
    folder_id: i64,
    name: &str,
    local: &LocalState,
    report: &Reporter,
) -> Result<Option<FolderPass>, ImapError> {
    let (Some(v), Some(m)) = (local.synced.uidvalidity, local.synced.highestmodseq) else {
        return Ok(None);
    };
    if !conn.caps.qresync_enabled || local.count == 0 {
        return Ok(None);
    }
    let resumed = crate::imap::qresync::select(conn, name, v, m).await?;
    let Some(remote) = resumed.remote().filter(|r| r.uidvalidity == v) else {
        // Renumbered: the select stands, but the usual path resets the folder.
        return Ok(None);
    };
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let mut writes = Vec::new();
    let gone = resumed.vanished.clone();
    if !gone.is_empty() {
        summary.expunged += ctx
            .writer
            .run(move |db| db.remove_uids(folder_id, &gone))
            .await
            .map_err(store_err)? as u32;
    }
    let changes: Vec<Change> = resumed
        .changed
        .iter()
        .filter(|(u, _)| !resumed.vanished.contains(u))
        .map(|(u, f)| Change::SetFlags(*u, f.clone()))
        .collect();
    summary.flag_changes += apply_flag_changes(ctx, folder_id, name, changes).await?;
    let next_local = local
        .synced
        .uidnext
        .or(local.max_uid.map(|u| u + 1))
        .unwrap_or(1);
    if remote.uidnext.is_none_or(|n| n > next_local) && remote.exists > 0 {
        let target = NewMail {
            folder_id,
            name,
            from_uid: next_local,
            exists: remote.exists,
        };
        writes = fetch_new(ctx, &mut conn.session, &target, report).await?;
    }
    Ok(Some(FolderPass::new(summary, writes, local, &remote)))
}
