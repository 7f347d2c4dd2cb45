//! LIST-STATUS (RFC 5819): every folder's counters in one round trip, so that a pass opens only
//! the folders whose counters moved. Without it a resync of an account with a hundred folders
//! costs a hundred SELECT round trips, which over a real network is seconds.

use std::collections::HashMap;

use imap_proto::types::{MailboxDatum, Response, StatusAttribute};

use super::connect::Connection;
use super::error::ImapError;
use super::plan::RemoteState;
use super::responses::until_done;
use super::timed;

/// Folders kept from one answer at most (a hostile server cannot make the map grow without end).
const MAX_FOLDERS: usize = 100_000;

const COMMAND: &str = r#"LIST "" "*" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))"#;

/// Each folder's state as the server reports it, by server name. Empty when the server cannot
/// say (no LIST-STATUS, or no CONDSTORE and so no HIGHESTMODSEQ) or refuses the command: the
/// folders are then opened one by one, as always.
pub async fn all(conn: &mut Connection) -> Result<HashMap<String, RemoteState>, ImapError> {
    let mut out = HashMap::new();
    if !(conn.caps.list_status && conn.caps.condstore) {
        return Ok(out);
    }
    let what = "LIST (RETURN STATUS)";
    let tag = timed(what, conn.session.run_command(COMMAND)).await?;
    let done = until_done(conn, &tag, what, |resp| {
        if let Response::MailboxData(MailboxDatum::Status { mailbox, status }) = resp {
            if let Some(remote) = remote_of(status).filter(|_| out.len() < MAX_FOLDERS) {
                out.insert(mailbox.to_string(), remote);
            }
        }
    })
    .await;
    match done {
        Ok(()) => Ok(out),
        Err(ImapError::Refused { .. }) => Ok(HashMap::new()),
        Err(e) => Err(e),
    }
}

/// The state a STATUS response gives, when it gives all four counters a pass compares.
fn remote_of(status: &[StatusAttribute]) -> Option<RemoteState> {
    let (mut validity, mut next, mut modseq, mut messages) = (None, None, None, None);
    for a in status {
        match a {
            StatusAttribute::UidValidity(v) => validity = Some(*v),
            StatusAttribute::UidNext(n) => next = Some(*n),
            StatusAttribute::HighestModSeq(m) => modseq = Some(*m),
            StatusAttribute::Messages(n) => messages = Some(*n),
            _ => {}
        }
    }
    Some(RemoteState {
        uidvalidity: validity?,
        uidnext: Some(next?),
        highestmodseq: Some(modseq?),
        exists: messages?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_counts_only_with_all_four_counters() {
        let all = [
            StatusAttribute::Messages(3),
            StatusAttribute::UidNext(9),
            StatusAttribute::UidValidity(7),
            StatusAttribute::HighestModSeq(40),
            StatusAttribute::Unseen(1),
        ];
        assert_eq!(
            remote_of(&all),
            Some(RemoteState {
                uidvalidity: 7,
                uidnext: Some(9),
                highestmodseq: Some(40),
                exists: 3,
            })
        );
        for left_out in 0..4 {
            let mut some = all.to_vec();
            some.remove(left_out);
            assert_eq!(remote_of(&some), None, "without {:?}", all[left_out]);
        }
    }
}
