//! Replaying the action queue to the server on a connection the worker already holds: for
//! each queued action (oldest first) look at what the server has, plan (`replay_plan`), send,
//! and then settle the index with what the server answered (COPYUID tells where a moved
//! message landed). A passing failure (connection lost) stops the replay and keeps the rest
//! queued; a conflict is reported in plain words and the view corrected from the server.

use super::append::quoted;
use super::connect::Connection;
use super::error::ImapError;
use super::replay_plan::{plan, Conflict, Op, Plan, ServerView};
use super::responses::until_done;
use super::{timed, uid_set, COMMAND_TIMEOUT};
use crate::store::{ActionKind, QueuedAction, Writer};
use futures::TryStreamExt;
use imap_proto::types::{Response, ResponseCode, UidSetMember};
use std::collections::HashMap;

/// What one replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Actions the server confirmed.
    pub done: usize,
    /// Actions that could not be carried out, in plain words.
    pub conflicts: Vec<String>,
}

/// The longest UID set sent in one command (lines stay under 8192 octets, RFC 7162 3.2.2;
/// 10,000 UIDs in a row are one set: "1:10000").
const SET_CHARS: usize = 7000;

fn store_err(e: crate::store::StoreError) -> ImapError {
    ImapError::Local(e.to_string())
}

/// Replay under the account's lock: when another process (the window, `jebi move`) is
/// replaying it already, this one leaves the queue to it.
pub async fn replay_locked(
    ctx: &super::sync::SyncContext,
    conn: &mut Connection,
) -> Result<ReplayReport, ImapError> {
    let dir = ctx.data_dir.join("actions");
    let lock = std::fs::create_dir_all(&dir).and_then(|_| {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!("{}.lock", ctx.account.id)))
    });
    let file = lock.map_err(|e| ImapError::Local(format!("cannot open the action lock: {e}")))?;
    match file.try_lock() {
        Ok(()) => replay(&ctx.writer, &ctx.account.id, conn).await,
        Err(std::fs::TryLockError::WouldBlock) => Ok(ReplayReport::default()),
        Err(std::fs::TryLockError::Error(e)) => Err(ImapError::Local(format!(
            "cannot take the action lock: {e}"
        ))),
    }
}

/// Replay every queued action of the account, oldest first.
pub async fn replay(
    writer: &Writer,
    account_id: &str,
    conn: &mut Connection,
) -> Result<ReplayReport, ImapError> {
    let mut report = ReplayReport::default();
    let id = account_id.to_string();
    let ids = writer
        .run(move |db| db.pending_action_ids(&id))
        .await
        .map_err(store_err)?;
    for id in ids {
        // Later actions learn UIDs from earlier ones: read each afresh, when its turn comes.
        let Some(action) = writer
            .run(move |db| db.pending_action(id))
            .await
            .map_err(store_err)?
        else {
            continue;
        };
        match replay_one(writer, conn, &action).await {
            Ok(None) => report.done += 1,
            Ok(Some(conflict)) => report.conflicts.push(conflict),
            Err(ImapError::Refused { what, reply }) => {
                // The server said no to this action (quota, permissions...): report it with
                // the server's words and put the view back as the server has it.
                settle_conflict(writer, &action, None).await?;
                report.conflicts.push(format!(
                    "{}: the server refused {what}: {reply}",
                    describe(&action)
                ));
            }
            Err(e) => {
                let (aid, text) = (action.id, e.to_string());
                writer
                    .run(move |db| db.action_attempt_failed(aid, &text))
                    .await
                    .map_err(store_err)?;
                return Err(e);
            }
        }
        let aid = action.id;
        let started = std::time::Instant::now();
        writer
            .run(move |db| db.finish_action(aid))
            .await
            .map_err(store_err)?;
        if std::env::var_os("JEBI_REPLAY_TRACE").is_some() {
            eprintln!(
                "replay: dequeued in {:.1} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    Ok(report)
}

/// Carry out one action; Some(text) when it met a conflict (already settled locally).
async fn replay_one(
    writer: &Writer,
    conn: &mut Connection,
    action: &QueuedAction,
) -> Result<Option<String>, ImapError> {
    let mut trace = Trace::start(action);
    let view = look(writer, conn, action).await?;
    trace.step("looked");
    let Plan {
        ops,
        conflict,
        missing,
    } = plan(action, &view);
    if let Some(c) = conflict {
        settle_conflict(writer, action, Some(c)).await?;
        return Ok(Some(conflict_text(action, c)));
    }
    let mut landed: HashMap<u32, u32> = HashMap::new();
    for op in &ops {
        run_op(writer, conn, action, op, &mut landed).await?;
        trace.step(op.name());
    }
    settle_done(writer, action, &landed).await?;
    trace.step("settled");
    if missing.is_empty() || action.kind == ActionKind::Expunge {
        return Ok(None);
    }
    Ok(Some(format!(
        "{}: {} of them {} already gone from the server",
        describe(action),
        missing.len(),
        if missing.len() == 1 { "was" } else { "were" }
    )))
}

/// `JEBI_REPLAY_TRACE=1`: each action's steps and their times on stderr (for benchmarks).
struct Trace {
    on: bool,
    last: std::time::Instant,
    steps: Vec<String>,
}

impl Trace {
    fn start(action: &QueuedAction) -> Trace {
        let on = std::env::var_os("JEBI_REPLAY_TRACE").is_some();
        Trace {
            on,
            last: std::time::Instant::now(),
            steps: if on {
                vec![describe(action)]
            } else {
                Vec::new()
            },
        }
    }

    fn step(&mut self, name: &str) {
        if !self.on {
            return;
        }
        let now = std::time::Instant::now();
        self.steps.push(format!(
            "{name} {:.1} ms",
            (now - self.last).as_secs_f64() * 1e3
        ));
        self.last = now;
    }
}

impl Drop for Trace {
    fn drop(&mut self) {
        if self.on {
            eprintln!("replay: {}", self.steps.join(", "));
        }
    }
}

/// Gather what the server holds for this action.
async fn look(
    writer: &Writer,
    conn: &mut Connection,
    action: &QueuedAction,
) -> Result<ServerView, ImapError> {
    let mut view = ServerView {
        has_move: conn.caps.move_,
        has_uidplus: conn.caps.uidplus,
        ..ServerView::default()
    };
    match action.kind {
        ActionKind::CreateFolder => {
            view.target_exists = exists(conn, &action.target).await?;
            return Ok(view);
        }
        ActionKind::RenameFolder => {
            view.source_exists = exists(conn, &action.folder).await?;
            view.target_exists = exists(conn, &action.target).await?;
            return Ok(view);
        }
        ActionKind::DeleteFolder => {
            view.source_exists = exists(conn, &action.folder).await?;
            return Ok(view);
        }
        _ => {}
    }
    if matches!(action.kind, ActionKind::Move | ActionKind::Copy) {
        view.target_exists = exists(conn, &action.target).await?;
        if action.step == "copying" && view.target_exists {
            view.in_target_already = copies_in_target(writer, conn, action).await?;
        }
    }
    let what = format!("SELECT {}", action.folder);
    match timed(&what, conn.session.select(&action.folder)).await {
        Ok(mbox) => {
            view.source_exists = true;
            view.uidvalidity = mbox.uid_validity;
        }
        Err(ImapError::Refused { .. }) => return Ok(view),
        Err(e) => return Err(e),
    }
    let known: Vec<u32> = action
        .items
        .iter()
        .map(|i| i.uid)
        .filter(|u| *u > 0)
        .collect();
    for set in uid_set::split(&known, SET_CHARS) {
        let found = timed(
            &format!("UID SEARCH in {}", action.folder),
            conn.session.uid_search(format!("UID {set}")),
        )
        .await?;
        view.present.extend(found);
    }
    view.present.sort_unstable();
    Ok(view)
}

/// Whether a folder of exactly this name exists.
async fn exists(conn: &mut Connection, name: &str) -> Result<bool, ImapError> {
    let what = format!("LIST {name}");
    let names = tokio::time::timeout(COMMAND_TIMEOUT, async {
        let stream = conn.session.list(Some(""), Some(name)).await?;
        stream.try_collect::<Vec<_>>().await
    })
    .await
    .map_err(|_| ImapError::Timeout {
        what: what.clone(),
        after: COMMAND_TIMEOUT,
    })?
    .map_err(|e| ImapError::from_imap(&what, e))?;
    Ok(names.iter().any(|n| {
        n.name() == name
            && !n
                .attributes()
                .iter()
                .any(|a| matches!(a, async_imap::types::NameAttribute::NoSelect))
    }))
}

/// After an interrupted COPY: which of the action's messages are in the target already (found
/// by Message-ID), so they are not copied twice.
async fn copies_in_target(
    writer: &Writer,
    conn: &mut Connection,
    action: &QueuedAction,
) -> Result<Vec<u32>, ImapError> {
    let rows: Vec<(u32, i64)> = action
        .items
        .iter()
        .filter(|i| i.uid > 0)
        .map(|i| (i.uid, i.dest_row.unwrap_or(i.row)))
        .collect();
    let ids = writer
        .run(move |db| {
            let mut out = Vec::new();
            for (uid, row) in rows {
                out.push((uid, db.message_id_of(row)?));
            }
            Ok(out)
        })
        .await
        .map_err(store_err)?;
    let what = format!("SELECT {}", action.target);
    timed(&what, conn.session.select(&action.target)).await?;
    let mut found = Vec::new();
    for (uid, message_id) in ids {
        // Rows stored from an envelope keep "<id>", rows from a parsed body "id".
        let bare = |m: String| {
            m.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        };
        let Some(q) = message_id.map(bare).and_then(|m| quoted(&format!("<{m}>"))) else {
            continue;
        };
        let hits = timed(
            "UID SEARCH HEADER Message-ID",
            conn.session.uid_search(format!("HEADER Message-ID {q}")),
        )
        .await?;
        if !hits.is_empty() {
            found.push(uid);
        }
    }
    Ok(found)
}

/// Tests kill the process here (`JEBI_FAULT_AFTER=copy|move|mark-deleted|expunge`) to prove
/// that a replay interrupted at any step converges.
fn fault_point(step: &str) {
    if std::env::var("JEBI_FAULT_AFTER").is_ok_and(|v| v == step) {
        std::process::abort();
    }
}

async fn run_op(
    writer: &Writer,
    conn: &mut Connection,
    action: &QueuedAction,
    op: &Op,
    landed: &mut HashMap<u32, u32>,
) -> Result<(), ImapError> {
    let mailbox = |name: &str| {
        quoted(name)
            .ok_or_else(|| ImapError::Local(format!("the folder name {name:?} cannot be sent")))
    };
    match op {
        Op::Create(name) => {
            let what = format!("CREATE {name}");
            timed(&what, conn.session.create(name)).await?;
        }
        Op::Rename { from, to } => {
            let what = format!("RENAME {from} to {to}");
            timed(&what, conn.session.rename(from, to)).await?;
        }
        Op::Delete(name) => {
            let what = format!("DELETE {name}");
            timed(&what, conn.session.delete(name)).await?;
        }
        Op::Move { uids, to } => {
            let target = mailbox(to)?;
            for set in uid_set::split(uids, SET_CHARS) {
                let what = format!("UID MOVE to {to}");
                landed.extend(command(conn, &format!("UID MOVE {set} {target}"), &what).await?);
            }
            fault_point("move");
        }
        Op::Copy { uids, to } => {
            let target = mailbox(to)?;
            let aid = action.id;
            writer
                .run(move |db| db.set_action_step(aid, "copying"))
                .await
                .map_err(store_err)?;
            for set in uid_set::split(uids, SET_CHARS) {
                let what = format!("UID COPY to {to}");
                landed.extend(command(conn, &format!("UID COPY {set} {target}"), &what).await?);
            }
            fault_point("copy");
        }
        Op::MarkDeleted(uids) => {
            for set in uid_set::split(uids, SET_CHARS) {
                let what = format!("UID STORE \\Deleted in {}", action.folder);
                command(
                    conn,
                    &format!("UID STORE {set} +FLAGS.SILENT (\\Deleted)"),
                    &what,
                )
                .await?;
            }
            fault_point("mark-deleted");
        }
        Op::ExpungeUids(uids) => {
            for set in uid_set::split(uids, SET_CHARS) {
                let what = format!("UID EXPUNGE in {}", action.folder);
                command(conn, &format!("UID EXPUNGE {set}"), &what).await?;
            }
            fault_point("expunge");
        }
        Op::Store { uids, flag, on } => {
            if !valid_flag(flag) {
                return Err(ImapError::Local(format!("{flag:?} is not a flag")));
            }
            let sign = if *on { '+' } else { '-' };
            for set in uid_set::split(uids, SET_CHARS) {
                let what = format!("UID STORE {sign}{flag} in {}", action.folder);
                command(
                    conn,
                    &format!("UID STORE {set} {sign}FLAGS.SILENT ({flag})"),
                    &what,
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// A flag is an atom, optionally with a leading backslash.
fn valid_flag(flag: &str) -> bool {
    let atom = flag.strip_prefix('\\').unwrap_or(flag);
    !atom.is_empty()
        && atom
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b))
}

/// Send one tagged command, read to its end; returns the COPYUID pairs (source, new UID).
async fn command(
    conn: &mut Connection,
    line: &str,
    what: &str,
) -> Result<Vec<(u32, u32)>, ImapError> {
    let tag = timed(what, conn.session.run_command(line)).await?;
    let mut pairs = Vec::new();
    until_done(conn, &tag, what, |resp| match resp {
        Response::Done {
            code: Some(ResponseCode::CopyUid(_, from, to)),
            ..
        }
        | Response::Data {
            code: Some(ResponseCode::CopyUid(_, from, to)),
            ..
        } => pairs.extend(copy_pairs(from, to)),
        _ => {}
    })
    .await?;
    Ok(pairs)
}

fn expand(set: &[UidSetMember]) -> Vec<u32> {
    let mut out = Vec::new();
    for m in set {
        match m {
            UidSetMember::Uid(u) => out.push(*u),
            UidSetMember::UidRange(r) => {
                // A hostile range cannot make us allocate without bound.
                out.extend(r.clone().take(1_000_000));
            }
        }
    }
    out
}

/// COPYUID lists source and new UIDs in corresponding order (RFC 4315).
fn copy_pairs(from: &[UidSetMember], to: &[UidSetMember]) -> Vec<(u32, u32)> {
    let (from, to) = (expand(from), expand(to));
    if from.len() != to.len() {
        return Vec::new();
    }
    from.into_iter().zip(to).collect()
}

/// After the server confirmed: the stand-ins learn their UIDs; those it did not name (no
/// COPYUID, already gone) are dropped and the next sync fetches the server's copy.
async fn settle_done(
    writer: &Writer,
    action: &QueuedAction,
    landed: &HashMap<u32, u32>,
) -> Result<(), ImapError> {
    if !matches!(action.kind, ActionKind::Move | ActionKind::Copy) {
        return Ok(());
    }
    let mut learnt = Vec::new();
    let mut unknown = Vec::new();
    for item in &action.items {
        let Some(dest) = item.dest_row else { continue };
        match landed.get(&item.uid) {
            Some(&uid) if item.uid > 0 => learnt.push((dest, uid)),
            _ => unknown.push(dest),
        }
    }
    let id = action.id;
    writer
        .run(move |db| {
            db.learn_uids(id, &learnt)?;
            for dest in unknown {
                db.drop_placeholder(dest)?;
            }
            Ok(())
        })
        .await
        .map_err(store_err)
}

/// Put the view back as the server has it after a conflict (`None`: the server refused).
async fn settle_conflict(
    writer: &Writer,
    action: &QueuedAction,
    conflict: Option<Conflict>,
) -> Result<(), ImapError> {
    let action = action.clone();
    writer
        .run(move |db| {
            let source = db.folder_by_name(&action.account_id, &action.folder)?;
            match action.kind {
                // The messages are still where they were: move the stand-ins back.
                ActionKind::Move if matches!(conflict, None | Some(Conflict::TargetGone)) => {
                    for item in &action.items {
                        match (source.as_ref(), item.dest_row) {
                            (Some(s), Some(dest)) => db.restore_row(dest, s.id, item.uid)?,
                            (None, Some(dest)) => db.drop_placeholder(dest)?,
                            _ => {}
                        }
                    }
                }
                ActionKind::Move | ActionKind::Copy => {
                    for dest in action.items.iter().filter_map(|i| i.dest_row) {
                        db.drop_placeholder(dest)?;
                    }
                }
                // Flags shown here differ from the server's: compare them all next sync.
                ActionKind::Flag => {
                    if let Some(s) = source {
                        db.forget_folder_state(s.id, false)?;
                    }
                }
                // Deleted here, still on the server: fetch the folder afresh.
                ActionKind::Expunge => {
                    if let Some(s) = source {
                        db.forget_folder_state(s.id, true)?;
                    }
                }
                _ => {}
            }
            Ok(())
        })
        .await
        .map_err(store_err)
}

/// The action in words, for reports ("Moving 3 messages from INBOX to Archive").
pub fn describe(action: &QueuedAction) -> String {
    let n = action.items.len();
    let messages = if n == 1 {
        "1 message".to_string()
    } else {
        format!("{n} messages")
    };
    match action.kind {
        ActionKind::Move => format!(
            "Moving {messages} from {} to {}",
            action.folder, action.target
        ),
        ActionKind::Copy => format!(
            "Copying {messages} from {} to {}",
            action.folder, action.target
        ),
        ActionKind::Expunge => format!("Deleting {messages} from {}", action.folder),
        ActionKind::Flag => {
            let what = match (action.target.as_str(), action.flag_on) {
                ("\\Seen", true) => "read",
                ("\\Seen", false) => "unread",
                ("\\Flagged", true) => "starred",
                ("\\Flagged", false) => "not starred",
                (_, true) => "flagged",
                (_, false) => "not flagged",
            };
            format!("Marking {messages} in {} as {what}", action.folder)
        }
        ActionKind::CreateFolder => format!("Creating the folder {}", action.target),
        ActionKind::RenameFolder => {
            format!("Renaming the folder {} to {}", action.folder, action.target)
        }
        ActionKind::DeleteFolder => format!("Deleting the folder {}", action.folder),
    }
}

fn conflict_text(action: &QueuedAction, c: Conflict) -> String {
    let why = match c {
        Conflict::SourceGone => format!(
            "the folder {} is no longer on the server (deleted or renamed elsewhere)",
            action.folder
        ),
        Conflict::Renumbered => format!(
            "the server renumbered the folder {}; it is being fetched afresh",
            action.folder
        ),
        Conflict::TargetGone => format!(
            "the folder {} is no longer on the server; the messages stay in {}",
            action.target, action.folder
        ),
        Conflict::AllGone => {
            "the messages were already moved or deleted elsewhere; the list now shows them where they are".to_string()
        }
        Conflict::NameTaken => format!("a folder named {} exists already", action.target),
    };
    format!("{} did not happen: {why}", describe(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyuid_sets_pair_up_in_order() {
        let from = [UidSetMember::UidRange(4..=6), UidSetMember::Uid(9)];
        let to = [UidSetMember::Uid(20), UidSetMember::UidRange(21..=23)];
        assert_eq!(
            copy_pairs(&from, &to),
            vec![(4, 20), (5, 21), (6, 22), (9, 23)]
        );
        // Sets of different lengths mean nothing: no pairs rather than wrong ones.
        assert!(copy_pairs(&from, &to[..1]).is_empty());
    }

    #[test]
    fn flags_that_could_inject_commands_are_refused() {
        assert!(valid_flag("\\Seen"));
        assert!(valid_flag("$Junk"));
        assert!(!valid_flag("\\Seen) UID EXPUNGE 1:* ("));
        assert!(!valid_flag(""));
        assert!(!valid_flag("a b"));
    }
}
