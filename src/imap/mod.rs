//! IMAP: connecting, listing folders, planning and applying a sync, IDLE, flag changes.

pub mod append;
pub mod connect;
pub mod envelope;
pub mod error;
pub mod flag_update;
pub mod folder_list;
pub mod folder_status;
pub mod idle;
pub mod internal_date;
pub mod literal_guard;
pub mod plan;
pub mod qresync;
pub mod replay;
pub mod replay_plan;
pub mod responses;
pub mod starttls;
pub mod sync;
pub mod uid_set;

pub use connect::{connect, Connection, ServerCaps, Session};
pub use error::ImapError;
pub use sync::{SyncEvent, SyncOptions, SyncSummary};

use std::future::Future;
use std::time::Duration;

/// The longest a single command may take before the connection is given up.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest literal (e.g. one message) a server may announce.
pub const MAX_LITERAL: u64 = 100 * 1024 * 1024;
/// Messages larger than this are listed but their bodies are not downloaded by a sync.
pub const MAX_SYNC_BODY: u32 = 50 * 1024 * 1024;

/// Run one IMAP command with the standard timeout, translating its error.
pub async fn timed<T>(
    what: &str,
    fut: impl Future<Output = Result<T, async_imap::error::Error>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(COMMAND_TIMEOUT, fut).await {
        Err(_) => Err(ImapError::Timeout {
            what: what.to_string(),
            after: COMMAND_TIMEOUT,
        }),
        Ok(r) => r.map_err(|e| ImapError::from_imap(what, e)),
    }
}
