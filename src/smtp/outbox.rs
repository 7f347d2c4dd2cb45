//! Flushing an account's outbox: one connection carries every message that is due.
//!
//! Exactly-once rules:
//! - Only one process flushes an account at a time (an OS file lock, released by the kernel
//!   when a process dies, so a killed flush never blocks the next one).
//! - Each try marks its row `sending` with a new attempt number before MAIL FROM.
//! - The write that hands the end of a try's data to the server also appends one line
//!   `dot ID ATTEMPT` to the account's journal, in a way a kill cannot separate (`commit`):
//!   after a crash, a `sending` row with its line was handed to the server (the server keeps
//!   what it received in full, reply or not) and counts as sent; one without it goes back to
//!   the queue.
//! - The server's reply is recorded durably (fsync) before anything else (the Sent copy).

use super::submit::{submit, NotSent, Submission};
use super::{connect, SmtpError};
use crate::account::{Account, ServerConfig};
use crate::secrets::Password;
use crate::store::{OutboxEntry, Writer};
use crate::tls::TlsClient;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The first retry comes after this; each later one waits twice as long, up to `RETRY_MAX`.
pub const RETRY_START: Duration = Duration::from_secs(30);
pub const RETRY_MAX: Duration = Duration::from_secs(3600);
/// Transient trouble for this long turns into a failure the user sees.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(5 * 24 * 3600);

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// When to try again after `attempts` tries.
pub fn backoff(attempts: i64) -> Duration {
    let shift = attempts.clamp(1, 20) - 1;
    RETRY_START
        .checked_mul(1u32 << shift.min(16))
        .unwrap_or(RETRY_MAX)
        .min(RETRY_MAX)
}

fn outbox_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("outbox")
}

/// Held while an account's outbox is being flushed.
pub struct FlushLock {
    _file: File,
}

impl FlushLock {
    /// Wait up to `wait` for the account's lock; None when another process holds it longer.
    pub fn acquire(
        data_dir: &Path,
        account_id: &str,
        wait: Duration,
    ) -> std::io::Result<Option<FlushLock>> {
        let dir = outbox_dir(data_dir);
        std::fs::create_dir_all(&dir)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!("{account_id}.lock")))?;
        let deadline = std::time::Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(FlushLock { _file: file })),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if std::time::Instant::now() >= deadline {
                        return Ok(None);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}

/// The per-account journal of tries whose end of data reached the network.
struct Journal {
    path: PathBuf,
}

impl Journal {
    fn new(data_dir: &Path, account_id: &str) -> Journal {
        Journal {
            path: outbox_dir(data_dir).join(format!("{account_id}.journal")),
        }
    }

    /// (id, attempt) pairs recorded by earlier processes.
    fn read(&self) -> Vec<(i64, i64)> {
        let mut text = String::new();
        if let Ok(mut f) = File::open(&self.path) {
            let _ = f.read_to_string(&mut text);
        }
        text.lines()
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                (w.next() == Some("dot")).then_some(())?;
                Some((w.next()?.parse().ok()?, w.next()?.parse().ok()?))
            })
            .collect()
    }

    fn clear(&self) -> std::io::Result<()> {
        match File::create(&self.path) {
            Ok(f) => f.sync_all(),
            Err(e) => Err(e),
        }
    }

    fn open_append(&self) -> std::io::Result<File> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
    }
}

/// What a flush did, message by message.
#[derive(Debug, Clone, Default)]
pub struct FlushReport {
    pub sent: Vec<SentMessage>,
    /// Refused for good (5xx): the user must act.
    pub failed: Vec<(OutboxEntry, String)>,
    /// Will be tried again at the given time (unix seconds).
    pub deferred: Vec<(OutboxEntry, String, i64)>,
    /// Another process holds this account's outbox.
    pub busy: bool,
}

#[derive(Debug, Clone)]
pub struct SentMessage {
    pub entry: OutboxEntry,
    pub reply: String,
    pub refused: Vec<super::RecipientRefusal>,
}

/// Everything a flush needs.
pub struct FlushContext {
    pub account: Account,
    pub server: ServerConfig,
    pub password: Password,
    pub tls: TlsClient,
    pub writer: Writer,
    pub data_dir: PathBuf,
}

fn store_err(e: crate::store::StoreError) -> SmtpError {
    SmtpError::Local(e.to_string())
}

/// Send every due message of the account. Connection trouble defers them all; per-message
/// refusals are recorded per message. `progress(done, total)` after each message.
pub async fn flush(
    ctx: &FlushContext,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<FlushReport, SmtpError> {
    let account_id = ctx.account.id.clone();
    let (data_dir, id) = (ctx.data_dir.clone(), account_id.clone());
    let lock = tokio::task::spawn_blocking(move || {
        FlushLock::acquire(&data_dir, &id, Duration::from_secs(2))
    })
    .await
    .map_err(|e| SmtpError::Local(e.to_string()))?
    .map_err(|e| SmtpError::Local(format!("the outbox lock cannot be taken: {e}")))?;
    let Some(_lock) = lock else {
        return Ok(FlushReport {
            busy: true,
            ..FlushReport::default()
        });
    };
    let journal = Journal::new(&ctx.data_dir, &account_id);
    let went_out = journal.read();
    let id = account_id.clone();
    let recovered = ctx
        .writer
        .run(move |db| {
            let sent = db.outbox_recover(&id, &went_out, now())?;
            sent.into_iter()
                .filter_map(|i| db.outbox_entry(i).transpose())
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(store_err)?;
    journal
        .clear()
        .map_err(|e| SmtpError::Local(format!("the outbox journal cannot be written: {e}")))?;
    let mut report = FlushReport::default();
    for entry in recovered {
        report.sent.push(SentMessage {
            reply: entry.server_reply.clone().unwrap_or_default(),
            entry,
            refused: Vec::new(),
        });
    }
    let id = account_id.clone();
    let due = ctx
        .writer
        .run(move |db| db.outbox_due(&id, now()))
        .await
        .map_err(store_err)?;
    if due.is_empty() {
        return Ok(report);
    }
    let mut conn = match connect(&ctx.account, &ctx.server, &ctx.password, &ctx.tls).await {
        Ok(c) => c,
        Err(e) => {
            // Every due message waits for the next try, each with this error.
            for entry in due {
                defer_or_fail(ctx, &mut report, entry, &e).await?;
            }
            return Ok(report);
        }
    };
    conn.ext.save(&ctx.data_dir, &account_id);
    let journal_file = Arc::new(
        journal
            .open_append()
            .map_err(|e| SmtpError::Local(format!("the outbox journal cannot be written: {e}")))?,
    );
    let total = due.len();
    let mut connection_error = None;
    for (done, entry) in due.into_iter().enumerate() {
        if let Some(e) = &connection_error {
            defer_or_fail(ctx, &mut report, entry, e).await?;
            continue;
        }
        let row = entry.id;
        let (attempt, raw) = ctx
            .writer
            .run(move |db| Ok((db.outbox_start_attempt(row)?, db.outbox_raw(row)?)))
            .await
            .map_err(store_err)?;
        let line = format!("dot {row} {attempt}\n").into_bytes();
        let sub = Submission {
            envelope_from: &entry.envelope_from,
            recipients: &entry.recipients,
            raw: &raw,
            dsn_envid: entry.request_dsn.then_some(entry.message_id.as_str()),
        };
        match submit(&mut conn, &sub, Some((line, journal_file.clone()))).await {
            Ok(accepted) => {
                let refused_json =
                    serde_json::to_string(&accepted.refused).unwrap_or_else(|_| "[]".into());
                let reply = accepted.reply.clone();
                ctx.writer
                    .run(move |db| db.outbox_record_sent(row, &reply, &refused_json, now()))
                    .await
                    .map_err(store_err)?;
                report.sent.push(SentMessage {
                    entry,
                    reply: accepted.reply,
                    refused: accepted.refused,
                });
            }
            Err(NotSent::Failed { error, .. }) => {
                // A reply (4xx/5xx) or a bad address leaves the connection usable; anything
                // else means it is gone and the rest waits for the next flush.
                let connection_gone =
                    !matches!(error, SmtpError::Refused { .. } | SmtpError::Local(_));
                defer_or_fail(ctx, &mut report, entry, &error).await?;
                if connection_gone {
                    connection_error = Some(error);
                }
            }
            Err(NotSent::ReplyLost(error)) => {
                // The whole message reached the network and the server keeps what it
                // received in full (RFC 1047): counted as sent, as after a crash at this point,
                // with the reason in its reply; sending it again would make a duplicate.
                let reply = format!(
                    "no reply after the end of the message ({}); the server most likely has it",
                    crate::engine::explain::smtp_sentence(&error)
                );
                let stored = reply.clone();
                ctx.writer
                    .run(move |db| db.outbox_record_sent(row, &stored, "[]", now()))
                    .await
                    .map_err(store_err)?;
                report.sent.push(SentMessage {
                    entry,
                    reply,
                    refused: Vec::new(),
                });
                connection_error = Some(error);
            }
        }
        progress(done + 1, total);
    }
    if connection_error.is_none() {
        conn.quit().await;
    }
    Ok(report)
}

/// Record a failed try: again later (until `GIVE_UP_AFTER`) unless the server refused the
/// message for good.
async fn defer_or_fail(
    ctx: &FlushContext,
    report: &mut FlushReport,
    entry: OutboxEntry,
    error: &SmtpError,
) -> Result<(), SmtpError> {
    // Kept with the entry and shown to people (the outbox, `jebi outbox`): the plain sentence.
    let text = crate::engine::explain::smtp_sentence(error);
    let attempts = entry.attempts + 1;
    let give_up = now() - entry.queued_at > GIVE_UP_AFTER.as_secs() as i64;
    // Refused for good: a 5xx about the message itself, or an address it cannot carry. Trouble
    // with the connection, the login or a certificate leaves the message queued: once the
    // settings are fixed, the next flush sends it.
    let permanent = matches!(error, SmtpError::Refused { code, .. } if *code >= 500)
        || matches!(error, SmtpError::Local(_));
    let next = (!permanent && !give_up).then(|| now() + backoff(attempts).as_secs() as i64);
    let (row, stored) = (
        entry.id,
        if give_up && !permanent {
            format!(
                "{text} (gave up after trying for {} days)",
                GIVE_UP_AFTER.as_secs() / 86400
            )
        } else {
            text.clone()
        },
    );
    let stored_copy = stored.clone();
    ctx.writer
        .run(move |db| {
            if db
                .outbox_entry(row)?
                .is_some_and(|e| e.state != crate::store::OutboxState::Sending)
            {
                db.outbox_start_attempt(row)?;
            }
            db.outbox_record_failure(row, &stored_copy, next)
        })
        .await
        .map_err(store_err)?;
    match next {
        Some(at) => report.deferred.push((entry, stored, at)),
        None => report.failed.push((entry, stored)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(5), Duration::from_secs(480));
        assert_eq!(backoff(30), RETRY_MAX);
    }

    #[test]
    fn journal_lines_survive_and_clear() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(outbox_dir(dir.path())).unwrap();
        let j = Journal::new(dir.path(), "acc");
        assert!(j.read().is_empty());
        use std::io::Write;
        let mut f = j.open_append().unwrap();
        f.write_all(b"dot 3 1\ndot 4 2\ngarbage\ndot x 1\n")
            .unwrap();
        assert_eq!(j.read(), vec![(3, 1), (4, 2)]);
        j.clear().unwrap();
        assert!(j.read().is_empty());
    }

    #[test]
    fn one_flush_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = FlushLock::acquire(dir.path(), "acc", Duration::ZERO).unwrap();
        assert!(first.is_some());
        let second = FlushLock::acquire(dir.path(), "acc", Duration::from_millis(100)).unwrap();
        assert!(second.is_none());
        drop(first);
        // A wait, not zero: a process another test forks at this moment holds a copy of the
        // descriptor (and so the lock) until it execs.
        assert!(
            FlushLock::acquire(dir.path(), "acc", Duration::from_secs(2))
                .unwrap()
                .is_some()
        );
    }
}
