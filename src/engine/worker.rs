//! One worker per account: sync, then IDLE on the Inbox, resync on every change; commands
//! come in through a channel, updates go out through another. Network trouble is retried
//! with backoff; problems the user must fix (password, certificate) wait for a command.

use super::{Engine, FlagChange};
use crate::account::Account;
use crate::imap::idle::{self, Wake};
use crate::imap::{SyncEvent, SyncOptions, SyncSummary};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Commands to a worker.
#[derive(Debug, Clone)]
pub enum Control {
    SyncNow,
    SetFlag {
        message_id: i64,
        change: FlagChange,
    },
    /// Queued actions wait for the server: send them now on the connection held.
    Replay,
    /// Also watch this folder (server name; the one on screen) besides the Inbox, on a second
    /// connection, so that another client's change there shows within seconds.
    Watch(Option<String>),
    /// Send what is due in the outbox now (after Send in the composer, "Send now").
    FlushOutbox,
    /// File a composer's contents in the Drafts folder (it closed without sending); `key` is
    /// its local save, forgotten once filed.
    FileDraft {
        key: String,
        seed: Box<super::drafts::DraftSeed>,
    },
    Stop,
}

/// What a worker reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    Progress(SyncEvent),
    Synced(SyncSummary),
    /// A failure in plain words; `retry_in` when the worker will try again by itself.
    Failed {
        message: String,
        retry_in: Option<Duration>,
    },
    FlagsChanged {
        message_id: i64,
        flags: Vec<String>,
    },
    /// An outbox flush ended: what went out, what failed for good (with the server's words),
    /// how many wait for a retry.
    OutboxFlushed {
        sent: usize,
        failed: Vec<String>,
        deferred: Vec<String>,
        warnings: Vec<String>,
    },
    /// A draft was filed in the Drafts folder (`key`: the composer's local save).
    DraftFiled {
        key: String,
    },
    /// Filing failed (offline...): the local save stays, `message` says why.
    DraftNotFiled {
        key: String,
        message: String,
    },
    /// Queued actions reached the server (`conflicts` in plain words: the view was corrected).
    Replayed {
        done: usize,
        conflicts: Vec<String>,
    },
    /// Queued actions could not be sent now (offline...); they wait for the next try.
    ReplayWaiting {
        message: String,
    },
    /// Unread mail reached the Inbox since the last pass (see `new_mail`).
    NewMail(Vec<super::new_mail::NewMail>),
    /// Waiting for the server to push changes.
    Watching,
    Stopped,
}

/// How long one IDLE lasts before it is renewed with a resync (servers end IDLE at ~30 min).
pub const IDLE_RENEW: Duration = Duration::from_secs(9 * 60);
const BACKOFF_START: Duration = Duration::from_secs(5);
const BACKOFF_MAX: Duration = Duration::from_secs(300);

pub fn spawn(
    engine: Arc<Engine>,
    account: Account,
    opts: SyncOptions,
) -> (
    mpsc::UnboundedSender<Control>,
    mpsc::UnboundedReceiver<Update>,
) {
    let (control_tx, control_rx) = mpsc::unbounded_channel();
    let (update_tx, update_rx) = mpsc::unbounded_channel();
    tokio::spawn(run(engine, account, opts, control_rx, update_tx));
    (control_tx, update_rx)
}

async fn run(
    engine: Arc<Engine>,
    account: Account,
    opts: SyncOptions,
    mut control: mpsc::UnboundedReceiver<Control>,
    updates: mpsc::UnboundedSender<Update>,
) {
    let mut backoff = BACKOFF_START;
    let mut watched: Option<String> = None;
    // Mail already stored when the worker starts is not new.
    let mut mark = engine.new_mail_mark();
    'outer: loop {
        let progress = updates.clone();
        let reporter: crate::imap::sync::Reporter = Arc::new(move |e| {
            let _ = progress.send(Update::Progress(e));
        });
        let waiting_for = match engine.sync(&account, &opts, reporter).await {
            Ok(summary) => {
                backoff = BACKOFF_START;
                let arrived = summary.new_messages > 0;
                let _ = updates.send(Update::Synced(summary));
                if arrived {
                    let (news, next) = engine.new_mail_since(&account, mark);
                    mark = next;
                    if !news.is_empty() {
                        let _ = updates.send(Update::NewMail(news));
                    }
                }
                if flush_due(&engine, &account) {
                    flush(&engine, &account, &updates).await;
                }
                Some(
                    until_next_try(&engine, &account).min(match account.incoming {
                        crate::account::Incoming::Imap => IDLE_RENEW,
                        crate::account::Incoming::Pop3 => {
                            super::pop3_fetch::fetch_every(engine.data_dir())
                        }
                    }),
                )
            }
            Err(e) => {
                let retry = e.failure.is_transient().then_some(backoff);
                let _ = updates.send(Update::Failed {
                    message: e.failure.to_string(),
                    retry_in: retry,
                });
                if retry.is_some() {
                    let pause = backoff;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                    let go_on = command_within(
                        pause,
                        &engine,
                        &account,
                        &mut control,
                        &updates,
                        &mut watched,
                    );
                    if !go_on.await {
                        break 'outer;
                    }
                    continue 'outer;
                }
                None
            }
        };
        let Some(wait) = waiting_for else {
            // A problem the user must fix: wait for a command.
            let msg = control.recv().await;
            if !handle(&engine, &account, msg, &updates, &mut watched).await {
                break;
            }
            continue;
        };
        let _ = updates.send(Update::Watching);
        if account.incoming == crate::account::Incoming::Pop3 {
            // POP3 has no push: fetch again after `wait` (its interval), or when asked.
            if !command_within(
                wait,
                &engine,
                &account,
                &mut control,
                &updates,
                &mut watched,
            )
            .await
            {
                break;
            }
            continue;
        }
        let also = watched.clone();
        match watch_inbox(&engine, &account, wait, &mut control, &updates, also).await {
            Ok((Wake::Changed | Wake::Timeout, _)) => continue,
            Ok((Wake::Stopped, msg)) => {
                if !handle(&engine, &account, msg, &updates, &mut watched).await {
                    break;
                }
            }
            Err(message) => {
                let _ = updates.send(Update::Failed {
                    message,
                    retry_in: Some(backoff),
                });
                let _ = tokio::time::timeout(backoff, std::future::pending::<()>()).await;
            }
        }
    }
    let _ = updates.send(Update::Stopped);
}

/// IDLE on the Inbox until a change, the renew timeout, or a command arrives. Actions the
/// user queues meanwhile (flags, moves...) are sent on this same connection, and IDLE resumes.
async fn watch_inbox(
    engine: &Engine,
    account: &Account,
    wait: Duration,
    control: &mut mpsc::UnboundedReceiver<Control>,
    updates: &mpsc::UnboundedSender<Update>,
    also: Option<String>,
) -> Result<(Wake, Option<Control>), String> {
    let ctx = engine
        .sync_context(account)
        .await
        .map_err(|f| super::EngineError::new(account, f).to_string())?;
    let elsewhere = std::sync::Arc::new(tokio::sync::Notify::new());
    let _second = also.map(|folder| SecondWatch::start(ctx.clone(), folder, elsewhere.clone()));
    let mut conn = ctx
        .connect()
        .await
        .map_err(|e| super::EngineError::new(account, e.into()).to_string())?;
    let until = tokio::time::Instant::now() + wait;
    loop {
        let left = until.saturating_duration_since(tokio::time::Instant::now());
        let (wake, msg) = if conn.caps.idle {
            let mut received: Option<Option<Control>> = None;
            let mut other = false;
            let stop = async {
                tokio::select! {
                    m = control.recv() => received = Some(m),
                    _ = elsewhere.notified() => other = true,
                }
            };
            let (back, wake) = idle::wait(conn, "INBOX", left, stop)
                .await
                .map_err(|e| super::EngineError::new(account, e.into()).to_string())?;
            conn = back;
            if other {
                let _ = tokio::time::timeout(Duration::from_secs(5), conn.session.logout()).await;
                return Ok((Wake::Changed, None));
            }
            (wake, received.flatten())
        } else {
            let wait = left.min(Duration::from_secs(120));
            tokio::select! {
                got = tokio::time::timeout(wait, control.recv()) => match got {
                    Err(_) => (Wake::Timeout, None),
                    Ok(msg) => (Wake::Stopped, msg),
                },
                _ = elsewhere.notified() => return Ok((Wake::Changed, None)),
            }
        };
        let replay_now = match &msg {
            Some(Control::Replay) => true,
            Some(Control::SetFlag { message_id, change }) => {
                set_flag(engine, *message_id, *change, updates).await;
                true
            }
            _ => false,
        };
        if wake == Wake::Stopped && replay_now {
            replay_on(&ctx, &mut conn, updates).await?;
            continue;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), conn.session.logout()).await;
        return Ok((wake, msg));
    }
}

/// IDLE on a second folder (the one on screen) on a connection of its own; a change there
/// wakes the worker. Ends when dropped.
struct SecondWatch(tokio::task::JoinHandle<()>);

impl SecondWatch {
    fn start(
        ctx: crate::imap::sync::SyncContext,
        folder: String,
        changed: std::sync::Arc<tokio::sync::Notify>,
    ) -> SecondWatch {
        SecondWatch(tokio::spawn(async move {
            loop {
                let conn = match ctx.connect().await {
                    Ok(c) if c.caps.idle => c,
                    // No IDLE, or no connection now: the Inbox's watch still renews the sync.
                    _ => return,
                };
                match idle::wait(conn, &folder, IDLE_RENEW, std::future::pending()).await {
                    Ok((mut conn, Wake::Changed)) => {
                        changed.notify_one();
                        let _ = tokio::time::timeout(Duration::from_secs(5), conn.session.logout())
                            .await;
                        return;
                    }
                    Ok((mut conn, _)) => {
                        let _ = tokio::time::timeout(Duration::from_secs(5), conn.session.logout())
                            .await;
                    }
                    // The folder is gone or the connection dropped: stop watching it.
                    Err(_) => return,
                }
            }
        }))
    }
}

impl Drop for SecondWatch {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Send the queue on a held connection; a lost connection ends the watch (the worker
/// reconnects and the sync replays first).
async fn replay_on(
    ctx: &crate::imap::sync::SyncContext,
    conn: &mut crate::imap::Connection,
    updates: &mpsc::UnboundedSender<Update>,
) -> Result<(), String> {
    match crate::imap::replay::replay_locked(ctx, conn).await {
        Ok(r) => {
            let _ = updates.send(Update::Replayed {
                done: r.done,
                conflicts: r.conflicts,
            });
            Ok(())
        }
        Err(e) => {
            let message = super::EngineError::new(&ctx.account, e.into()).to_string();
            let _ = updates.send(Update::ReplayWaiting {
                message: message.clone(),
            });
            Err(message)
        }
    }
}

async fn set_flag(
    engine: &Engine,
    message_id: i64,
    change: FlagChange,
    updates: &mpsc::UnboundedSender<Update>,
) {
    let update = match engine.set_flag(message_id, change).await {
        Ok(flags) => Update::FlagsChanged { message_id, flags },
        Err(e) => Update::Failed {
            message: e.to_string(),
            retry_in: None,
        },
    };
    let _ = updates.send(update);
}

/// Wait up to `pause` for a command and carry it out; false when the worker should end.
async fn command_within(
    pause: Duration,
    engine: &Engine,
    account: &Account,
    control: &mut mpsc::UnboundedReceiver<Control>,
    updates: &mpsc::UnboundedSender<Update>,
    watched: &mut Option<String>,
) -> bool {
    match tokio::time::timeout(pause, control.recv()).await {
        Err(_) => true,
        Ok(msg) => handle(engine, account, msg, updates, watched).await,
    }
}

/// Carry out one command; false when the worker should end.
async fn handle(
    engine: &Engine,
    account: &Account,
    msg: Option<Control>,
    updates: &mpsc::UnboundedSender<Update>,
    watched: &mut Option<String>,
) -> bool {
    match msg {
        None | Some(Control::Stop) => false,
        // The next pass syncs (the folder just opened is current) and watches it.
        Some(Control::Watch(folder)) => {
            *watched = folder.filter(|f| !f.eq_ignore_ascii_case("INBOX"));
            true
        }
        Some(Control::SyncNow) => true,
        Some(Control::FlushOutbox) => {
            flush(engine, account, updates).await;
            true
        }
        Some(Control::FileDraft { key, seed }) => {
            let update = match engine.file_draft(account, &key, &seed).await {
                Ok(()) => Update::DraftFiled { key },
                Err(e) => Update::DraftNotFiled {
                    key,
                    message: e.to_string(),
                },
            };
            let _ = updates.send(update);
            true
        }
        // The next pass replays the queue first.
        Some(Control::Replay) => true,
        Some(Control::SetFlag { message_id, change }) => {
            set_flag(engine, message_id, change, updates).await;
            true
        }
    }
}

/// Whether the account's outbox holds a message whose try is due.
fn flush_due(engine: &Engine, account: &Account) -> bool {
    account.smtp.is_some()
        && engine
            .reader()
            .ok()
            .and_then(|db| db.outbox_due(&account.id, crate::smtp::outbox::now()).ok())
            .is_some_and(|due| !due.is_empty())
}

/// How long until the earliest queued retry (the watch wakes up then).
fn until_next_try(engine: &Engine, account: &Account) -> Duration {
    let next = engine.outbox(Some(account)).ok().and_then(|rows| {
        rows.iter()
            .filter(|r| r.state == crate::store::OutboxState::Queued)
            .map(|r| r.next_try)
            .min()
    });
    match next {
        Some(at) => Duration::from_secs((at - crate::smtp::outbox::now()).clamp(1, 3600) as u64),
        None => IDLE_RENEW,
    }
}

async fn flush(engine: &Engine, account: &Account, updates: &mpsc::UnboundedSender<Update>) {
    if account.smtp.is_none() {
        return;
    }
    let update = match engine.flush_outbox(account, &|_, _| {}).await {
        Ok(report) => Update::OutboxFlushed {
            sent: report.flush.sent.len(),
            failed: report
                .flush
                .failed
                .iter()
                .map(|(e, why)| format!("'{}' was not sent: {why}", e.subject))
                .collect(),
            deferred: report
                .flush
                .deferred
                .iter()
                .map(|(e, why, _)| format!("'{}' waits for a retry: {why}", e.subject))
                .collect(),
            warnings: report.warnings,
        },
        // Sending trouble never stops the account's reading side.
        Err(e) if e.failure.is_transient() => Update::OutboxFlushed {
            sent: 0,
            failed: Vec::new(),
            deferred: vec![e.to_string()],
            warnings: Vec::new(),
        },
        Err(e) => Update::OutboxFlushed {
            sent: 0,
            failed: vec![e.to_string()],
            deferred: Vec::new(),
            warnings: Vec::new(),
        },
    };
    let _ = updates.send(update);
}
