//! IDLE: wait on a folder until the server reports a change, a timeout passes, or the caller
//! asks to stop.

use super::connect::Connection;
use super::error::ImapError;
use super::timed;
use async_imap::extensions::idle::IdleResponse;
use std::future::Future;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The server sent something (new mail, flag change, expunge).
    Changed,
    /// Nothing happened within the wait (servers drop IDLE after ~30 min; re-issue it).
    Timeout,
    /// The caller's stop future fired.
    Stopped,
}

/// Select `folder`, IDLE on it, and return when something happens. The connection comes back.
pub async fn wait(
    conn: Connection,
    folder: &str,
    max_wait: Duration,
    stop: impl Future<Output = ()>,
) -> Result<(Connection, Wake), ImapError> {
    let Connection { mut session, caps } = conn;
    timed(&format!("SELECT {folder}"), session.select(folder)).await?;
    let mut handle = session.idle();
    timed("IDLE", handle.init()).await?;
    let wake = {
        let (fut, interrupt) = handle.wait_with_timeout(max_wait);
        tokio::pin!(fut);
        tokio::pin!(stop);
        let mut interrupt = Some(interrupt);
        let mut stopped = false;
        let outcome = loop {
            tokio::select! {
                r = &mut fut => break r,
                _ = &mut stop, if !stopped => {
                    stopped = true;
                    interrupt.take();
                }
            }
        };
        match outcome.map_err(|e| ImapError::from_imap("IDLE", e))? {
            IdleResponse::NewData(_) => Wake::Changed,
            IdleResponse::Timeout => Wake::Timeout,
            IdleResponse::ManualInterrupt => Wake::Stopped,
        }
    };
    let session = timed("DONE (end of IDLE)", handle.done()).await?;
    Ok((Connection { session, caps }, wake))
}
