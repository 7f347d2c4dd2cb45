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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    SyncNow,
    SetFlag { message_id: i64, change: FlagChange },
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
    'outer: loop {
        let progress = updates.clone();
        let reporter: crate::imap::sync::Reporter = Arc::new(move |e| {
            let _ = progress.send(Update::Progress(e));
        });
        let waiting_for = match engine.sync(&account, &opts, reporter).await {
            Ok(summary) => {
                backoff = BACKOFF_START;
                let _ = updates.send(Update::Synced(summary));
                Some(IDLE_RENEW)
            }
            Err(e) => {
                let retry = e.failure.is_transient().then_some(backoff);
                let _ = updates.send(Update::Failed {
                    message: e.to_string(),
                    retry_in: retry,
                });
                if retry.is_some() {
                    let pause = backoff;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                    match tokio::time::timeout(pause, control.recv()).await {
                        Err(_) => continue 'outer,
                        Ok(msg) => {
                            if !handle(&engine, msg, &updates).await {
                                break 'outer;
                            }
                            continue 'outer;
                        }
                    }
                }
                None
            }
        };
        let Some(wait) = waiting_for else {
            // A problem the user must fix: wait for a command.
            let msg = control.recv().await;
            if !handle(&engine, msg, &updates).await {
                break;
            }
            continue;
        };
        let _ = updates.send(Update::Watching);
        match watch_inbox(&engine, &account, wait, &mut control).await {
            Ok((Wake::Changed | Wake::Timeout, _)) => continue,
            Ok((Wake::Stopped, msg)) => {
                if !handle(&engine, msg, &updates).await {
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

/// IDLE on the Inbox until a change, the renew timeout, or a command arrives.
async fn watch_inbox(
    engine: &Engine,
    account: &Account,
    wait: Duration,
    control: &mut mpsc::UnboundedReceiver<Control>,
) -> Result<(Wake, Option<Control>), String> {
    let ctx = engine
        .sync_context(account)
        .await
        .map_err(|f| super::EngineError::new(account, f).to_string())?;
    let conn = ctx
        .connect()
        .await
        .map_err(|e| super::EngineError::new(account, e.into()).to_string())?;
    if !conn.caps.idle {
        let got = tokio::time::timeout(Duration::from_secs(120), control.recv()).await;
        return Ok(match got {
            Err(_) => (Wake::Timeout, None),
            Ok(msg) => (Wake::Stopped, msg),
        });
    }
    let mut received: Option<Option<Control>> = None;
    let stop = async {
        received = Some(control.recv().await);
    };
    let (mut conn, wake) = idle::wait(conn, "INBOX", wait, stop)
        .await
        .map_err(|e| super::EngineError::new(account, e.into()).to_string())?;
    let _ = tokio::time::timeout(Duration::from_secs(5), conn.session.logout()).await;
    Ok((wake, received.flatten()))
}

/// Carry out one command; false when the worker should end.
async fn handle(
    engine: &Engine,
    msg: Option<Control>,
    updates: &mpsc::UnboundedSender<Update>,
) -> bool {
    match msg {
        None | Some(Control::Stop) => false,
        Some(Control::SyncNow) => true,
        Some(Control::SetFlag { message_id, change }) => {
            match engine.set_flag(message_id, change).await {
                Ok(flags) => {
                    let _ = updates.send(Update::FlagsChanged { message_id, flags });
                }
                Err(e) => {
                    let _ = updates.send(Update::Failed {
                        message: e.to_string(),
                        retry_in: None,
                    });
                }
            }
            true
        }
    }
}
