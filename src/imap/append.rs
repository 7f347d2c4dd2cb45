//! Filing a copy of a sent message (APPEND), once: a copy with the same Message-ID already in
//! the folder (a crash after an earlier APPEND) is not filed again.

use super::connect::Connection;
use super::error::ImapError;
use super::timed;

/// Quote a string for an IMAP search (RFC 3501 quoted string), refusing what cannot be quoted.
pub(crate) fn quoted(s: &str) -> Option<String> {
    if s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) || !s.is_ascii() {
        return None;
    }
    Some(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// SELECT `folder`, creating it when the server says it does not exist.
pub async fn select_or_create(conn: &mut Connection, folder: &str) -> Result<(), ImapError> {
    let selected = timed(&format!("SELECT {folder}"), conn.session.select(folder)).await;
    if selected.is_err() {
        // Usually "no such mailbox": make it (an existing one answers NO, harmless).
        let _ = timed(&format!("CREATE {folder}"), conn.session.create(folder)).await;
        timed(&format!("SELECT {folder}"), conn.session.select(folder)).await?;
    }
    Ok(())
}

/// APPEND `raw` to the selected `folder` with `flags` unless a message with `message_id` is
/// there already. Returns false when it was already there.
pub async fn append_once(
    conn: &mut Connection,
    folder: &str,
    message_id: &str,
    raw: &[u8],
    flags: &str,
) -> Result<bool, ImapError> {
    if let Some(q) = quoted(&format!("<{message_id}>")) {
        let found = timed(
            "UID SEARCH HEADER Message-ID",
            conn.session.uid_search(format!("HEADER Message-ID {q}")),
        )
        .await?;
        if !found.is_empty() {
            return Ok(false);
        }
    }
    timed(
        &format!("APPEND to {folder}"),
        conn.session.append(folder, Some(flags), None, raw),
    )
    .await?;
    Ok(true)
}

/// Remove one message from `folder`: `\Deleted`, then `UID EXPUNGE` of that UID alone when the
/// server has UIDPLUS (never a bare EXPUNGE, which would also remove other clients' deleted
/// mail; without UIDPLUS it stays marked deleted, hidden by mail programs).
pub async fn remove_message(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
) -> Result<(), ImapError> {
    use futures::StreamExt;
    timed(&format!("SELECT {folder}"), conn.session.select(folder)).await?;
    let what = format!("UID STORE {uid} +FLAGS (\\Deleted)");
    {
        let stream = timed(
            &what,
            conn.session
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Deleted)"),
        )
        .await?;
        let _ = tokio::time::timeout(super::COMMAND_TIMEOUT, stream.collect::<Vec<_>>()).await;
    }
    if conn.caps.uidplus {
        let what = format!("UID EXPUNGE {uid}");
        let stream = timed(&what, conn.session.uid_expunge(uid.to_string())).await?;
        let _ = tokio::time::timeout(super::COMMAND_TIMEOUT, stream.collect::<Vec<_>>()).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_strings_are_quoted_or_refused() {
        assert_eq!(quoted("<a@b>").unwrap(), "\"<a@b>\"");
        assert_eq!(quoted("<a\"b\\c>").unwrap(), "\"<a\\\"b\\\\c>\"");
        assert!(quoted("<a\r\nb>").is_none());
    }
}
