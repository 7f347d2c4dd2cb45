//! Changing flags on the server (and then in the index, with what the server answered).

use super::connect::Connection;
use super::envelope::flags_of;
use super::error::ImapError;
use super::timed;
use futures::StreamExt;

/// `+FLAGS` or `-FLAGS` for one message; returns the flags the server now reports.
pub async fn change_flags(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    add: &[&str],
    remove: &[&str],
) -> Result<Vec<String>, ImapError> {
    timed(&format!("SELECT {folder}"), conn.session.select(folder)).await?;
    let mut latest: Option<Vec<String>> = None;
    for (op, list) in [("+FLAGS", add), ("-FLAGS", remove)] {
        if list.is_empty() {
            continue;
        }
        let what = format!("UID STORE {uid} {op}");
        let query = format!("{op} ({})", list.join(" "));
        let updates: Vec<_> = {
            let stream = timed(&what, conn.session.uid_store(uid.to_string(), &query)).await?;
            tokio::time::timeout(super::COMMAND_TIMEOUT, stream.collect::<Vec<_>>())
                .await
                .map_err(|_| ImapError::Timeout {
                    what: what.clone(),
                    after: super::COMMAND_TIMEOUT,
                })?
        };
        for u in updates {
            let f = u.map_err(|e| ImapError::from_imap(&what, e))?;
            if f.uid == Some(uid) || f.uid.is_none() {
                latest = Some(flags_of(&f));
            }
        }
    }
    match latest {
        Some(f) => Ok(f),
        None => {
            // The server did not echo the flags: ask for them.
            let what = format!("UID FETCH {uid} FLAGS");
            let stream = timed(
                &what,
                conn.session.uid_fetch(uid.to_string(), "(UID FLAGS)"),
            )
            .await?;
            let all: Vec<_> = stream.collect().await;
            for f in all {
                let f = f.map_err(|e| ImapError::from_imap(&what, e))?;
                if f.uid == Some(uid) {
                    return Ok(flags_of(&f));
                }
            }
            Err(ImapError::Refused {
                what,
                reply: "the message is no longer on the server".into(),
            })
        }
    }
}
