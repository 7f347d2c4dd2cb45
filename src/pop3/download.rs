//! Download-and-delete that never loses mail: per batch, RETR -> check -> one durable commit of
//! the messages and their UIDLs -> only then DELE; deletions take effect at QUIT, and the
//! journal is told only after QUIT's +OK. A crash or a cut connection anywhere leaves each
//! message stored once here, or still on the server, or both (and the next run deletes it).

use std::collections::HashSet;

use super::client::Pop3;
use super::error::Pop3Error;
use crate::store::{ParsedBody, Writer};

/// What to leave on the server (the account's setting).
pub use crate::account::Pop3Policy as Policy;

/// Whether the policy deletes a message downloaded at `downloaded_at` now (`deleted_here`: its
/// local copy was deleted).
fn deletes(policy: &Policy, downloaded_at: i64, now: i64, deleted_here: bool) -> bool {
    match (policy.leave_on_server, policy.delete_after_days) {
        (false, _) => true,
        _ if deleted_here && policy.delete_when_deleted_here => true,
        (true, None) => false,
        (true, Some(days)) => now - downloaded_at >= i64::from(days) * 86_400,
    }
}

/// What one download did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Downloaded {
    pub stored: u32,
    pub deleted_on_server: u32,
    /// Messages the server refused to hand out (left there, tried again next time).
    pub refused: Vec<String>,
}

/// Messages fetched and committed together.
const BATCH_COUNT: usize = 64;
const BATCH_BYTES: u64 = 8 * 1024 * 1024;

/// Download every message the journal does not know into `folder_id`, then delete from the
/// server what `policy` says, and QUIT. `progress(done, total)` after each batch.
pub async fn download(
    mut pop: Pop3,
    writer: &Writer,
    account_id: &str,
    folder_id: i64,
    policy: Policy,
    now: i64,
    progress: &(dyn Fn(u32, u32) + Send + Sync),
) -> Result<Downloaded, Pop3Error> {
    let store = |e: crate::store::StoreError| Pop3Error::Local(e.to_string());
    let listing = pop.list().await?;
    let ids = match pop.uidl().await {
        Ok(ids) => ids,
        // No UIDL: Message-ID and size (or a digest of the header) tell messages apart.
        Err(Pop3Error::Refused { .. }) => pop.header_keys(&listing).await?,
        Err(e) => return Err(e),
    };
    let sizes: std::collections::HashMap<u32, u64> = listing.into_iter().collect();
    let account = account_id.to_string();
    let listed: Vec<String> = ids.iter().map(|(_, uidl)| uidl.clone()).collect();
    let (mut known, deleted_here) = writer
        .run(move |db| {
            db.forget_pop3_gone(&account, &listed)?;
            let here: HashSet<String> = db.pop3_deleted_here(&account)?.into_iter().collect();
            Ok((db.pop3_downloaded(&account)?, here))
        })
        .await
        .map_err(store)?;
    let wanted: Vec<(u32, String, u64)> = ids
        .iter()
        .filter(|(_, uidl)| !known.contains_key(uidl))
        .map(|(n, uidl)| (*n, uidl.clone(), sizes.get(n).copied().unwrap_or(0)))
        .collect();
    let total = wanted.len() as u32;
    let mut done = Downloaded::default();
    for batch in batches(wanted) {
        let stored = store_batch(
            &mut pop, writer, account_id, folder_id, &batch, now, &mut done,
        )
        .await?;
        // What this run stored is in the journal now, downloaded today.
        let seen = crate::store::Pop3Seen {
            downloaded_at: now,
            deleted_on_server: false,
        };
        known.extend(stored.into_iter().map(|uidl| (uidl, seen)));
        progress(done.stored + done.refused.len() as u32, total);
    }
    // Everything stored here (now or in an earlier run) that the policy says to delete.
    let mut deleting = Vec::new();
    let mut uidls = Vec::new();
    for (n, uidl) in &ids {
        if let Some(seen) = known.get(uidl) {
            if deletes(
                &policy,
                seen.downloaded_at,
                now,
                deleted_here.contains(uidl),
            ) {
                deleting.push(*n);
                uidls.push(uidl.clone());
            }
        }
    }
    pop.delete(&deleting).await?;
    pop.quit().await?;
    if !uidls.is_empty() {
        done.deleted_on_server = uidls.len() as u32;
        let account = account_id.to_string();
        writer
            .run(move |db| db.mark_pop3_deleted(&account, &uidls))
            .await
            .map_err(store)?;
    }
    // A first download of a big mailbox leaves the search index in many segments. Only speed
    // depends on merging them: if it fails (a full disk), the index answers as before.
    let stored = done.stored as usize;
    let _ = writer
        .run(move |db| db.compact_search_index_after(stored))
        .await;
    Ok(done)
}

/// Messages grouped into batches of at most `BATCH_COUNT` messages or about `BATCH_BYTES`.
fn batches(wanted: Vec<(u32, String, u64)>) -> Vec<Vec<(u32, String, u64)>> {
    let mut out: Vec<Vec<(u32, String, u64)>> = Vec::new();
    let mut bytes = 0u64;
    for item in wanted {
        let full = out
            .last()
            .is_none_or(|b| b.len() >= BATCH_COUNT || bytes >= BATCH_BYTES);
        if full {
            out.push(Vec::new());
            bytes = 0;
        }
        bytes += item.2;
        out.last_mut().expect("pushed above").push(item);
    }
    out
}

/// Retrieve and store one batch durably; returns the UIDLs stored.
async fn store_batch(
    pop: &mut Pop3,
    writer: &Writer,
    account_id: &str,
    folder_id: i64,
    batch: &[(u32, String, u64)],
    now: i64,
    done: &mut Downloaded,
) -> Result<Vec<String>, Pop3Error> {
    let wanted: Vec<(u32, u64)> = batch.iter().map(|(n, _, size)| (*n, *size)).collect();
    let got = pop.retrieve(&wanted).await?;
    let mut raws = Vec::with_capacity(got.len());
    let mut seen = HashSet::new();
    for (r, (_, uidl, size)) in got.into_iter().zip(batch) {
        match r.message {
            Err(reply) => done.refused.push(format!("message {}: {reply}", r.number)),
            Ok(raw) if seen.insert(uidl.clone()) => raws.push((uidl.clone(), *size, raw)),
            Ok(_) => {}
        }
    }
    // Parsing is CPU work: off the runtime's threads.
    let messages = tokio::task::spawn_blocking(move || {
        raws.into_iter()
            .map(|(uidl, size, raw)| {
                let body = ParsedBody::from_raw(
                    0,
                    Vec::new(),
                    Some(now),
                    raw,
                    crate::mime::SEARCH_TEXT_LIMIT,
                );
                (uidl, size, body)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| Pop3Error::Local(e.to_string()))?;
    let uidls: Vec<String> = messages.iter().map(|(uidl, _, _)| uidl.clone()).collect();
    let account = account_id.to_string();
    writer
        .run(move |db| db.store_pop3_messages(&account, folder_id, messages, now))
        .await
        .map_err(|e| Pop3Error::Local(e.to_string()))?;
    done.stored += uidls.len() as u32;
    Ok(uidls)
}
