//! The trace lines scripts read (`JEBI_STARTUP_TRACE`, `JEBI_LIST_TRACE`): their words are a
//! public interface.

use super::{MessageList, STARTED};
use std::sync::OnceLock;

/// With `JEBI_STARTUP_TRACE` set, says on stderr when the first folder's rows reach the list
/// (the next frame draws them): `bench/window.sh` reads it.
pub(super) fn trace_first_rows(rows: usize) {
    static DONE: OnceLock<()> = OnceLock::new();
    if std::env::var_os("JEBI_STARTUP_TRACE").is_some() && DONE.set(()).is_ok() {
        if let Some(started) = STARTED.get() {
            eprintln!(
                "jebi: startup: {rows} rows ready after {} ms",
                started.elapsed().as_millis()
            );
        }
    }
}

/// With `JEBI_LIST_TRACE` set, says on stderr what the message list holds each time it is
/// (re)filled: its row count and the newest subject. The end-to-end test reads it to see mail
/// pushed by IDLE reach the open list.
pub(super) fn trace_list(list: &MessageList) {
    if std::env::var_os("JEBI_LIST_TRACE").is_some() {
        let newest = list.row(0).map(|m| m.subject.as_str()).unwrap_or("");
        eprintln!("jebi: list: {} rows, newest: {newest}", list.len());
    }
}
