//! QRESYNC (RFC 7162): resume a folder in one round trip. `SELECT folder (QRESYNC (uidvalidity
//! modseq))` makes the server tell, with the select, which UIDs vanished since that
//! mod-sequence and the flags that changed, so a resync needs no `UID SEARCH ALL` and no flag
//! comparison of the whole folder.

use super::append::quoted;
use super::connect::Connection;
use super::error::ImapError;
use super::plan::RemoteState;
use super::responses::until_done;
use super::timed;
use imap_proto::types::{AttributeValue, MailboxDatum, Response, ResponseCode};

/// What a QRESYNC select told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resumed {
    pub uidvalidity: Option<u32>,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    pub exists: u32,
    /// UIDs expunged since the mod-sequence given.
    pub vanished: Vec<u32>,
    /// Messages whose flags changed since then: (UID, flags).
    pub changed: Vec<(u32, Vec<String>)>,
}

impl Resumed {
    pub fn remote(&self) -> Option<RemoteState> {
        Some(RemoteState {
            uidvalidity: self.uidvalidity?,
            uidnext: self.uidnext,
            highestmodseq: self.highestmodseq,
            exists: self.exists,
        })
    }
}

/// A hostile VANISHED range cannot make us allocate without bound.
const MAX_VANISHED: usize = 10_000_000;

/// Turn QRESYNC on for this connection (once; servers then report VANISHED, not EXPUNGE).
pub async fn enable(conn: &mut Connection) -> Result<(), ImapError> {
    if conn.caps.qresync && !conn.caps.qresync_enabled {
        timed(
            "ENABLE QRESYNC",
            conn.session.run_command_and_check_ok("ENABLE QRESYNC"),
        )
        .await?;
        conn.caps.qresync_enabled = true;
    }
    Ok(())
}

/// SELECT `folder` resuming from (`uidvalidity`, `modseq`).
pub async fn select(
    conn: &mut Connection,
    folder: &str,
    uidvalidity: u32,
    modseq: u64,
) -> Result<Resumed, ImapError> {
    let what = format!("SELECT {folder} (QRESYNC)");
    let name = quoted(folder)
        .ok_or_else(|| ImapError::Local(format!("the folder name {folder:?} cannot be sent")))?;
    let tag = timed(
        &what,
        conn.session
            .run_command(format!("SELECT {name} (QRESYNC ({uidvalidity} {modseq}))")),
    )
    .await?;
    let mut out = Resumed::default();
    until_done(conn, &tag, &what, |resp| match resp {
        Response::Data {
            code: Some(code), ..
        } => match code {
            ResponseCode::UidValidity(v) => out.uidvalidity = Some(*v),
            ResponseCode::UidNext(n) => out.uidnext = Some(*n),
            ResponseCode::HighestModSeq(m) => out.highestmodseq = Some(*m),
            _ => {}
        },
        Response::MailboxData(MailboxDatum::Exists(n)) => out.exists = *n,
        Response::Vanished { uids, .. } => {
            for r in uids {
                let room = MAX_VANISHED.saturating_sub(out.vanished.len());
                out.vanished.extend(r.clone().take(room));
            }
        }
        Response::Fetch(_, attrs) => {
            let mut uid = None;
            let mut flags = None;
            for a in attrs {
                match a {
                    AttributeValue::Uid(u) => uid = Some(*u),
                    AttributeValue::Flags(f) => {
                        // As the index keeps them (see envelope::flags_of).
                        let mut v: Vec<String> = f
                            .iter()
                            .filter(|x| !x.eq_ignore_ascii_case("\\Recent"))
                            .map(|x| x.to_string())
                            .collect();
                        v.sort();
                        v.dedup();
                        flags = Some(v)
                    }
                    _ => {}
                }
            }
            if let (Some(u), Some(f)) = (uid, flags) {
                out.changed.push((u, f));
            }
        }
        _ => {}
    })
    .await?;
    Ok(out)
}
