//! Reading a command's responses one by one, for what async-imap has no reader of its own (a
//! QRESYNC select, LIST-STATUS, the response codes of replayed commands), each within the
//! standard timeout, until its tagged answer.

use super::connect::Connection;
use super::error::ImapError;
use super::COMMAND_TIMEOUT;
use imap_proto::types::{Response, Status};
use imap_proto::RequestId;

/// Hand every untagged response of the command tagged `tag` to `each`, then its tagged answer
/// (whose response code may matter, such as COPYUID), and return: Ok for OK, the server's words
/// for NO or BAD. BYE and a closed connection are a lost connection; an answer to another tag
/// is not this command's and is skipped.
pub async fn until_done(
    conn: &mut Connection,
    tag: &RequestId,
    what: &str,
    mut each: impl FnMut(&Response<'_>),
) -> Result<(), ImapError> {
    loop {
        let resp = tokio::time::timeout(COMMAND_TIMEOUT, conn.session.read_response())
            .await
            .map_err(|_| ImapError::Timeout {
                what: what.to_string(),
                after: COMMAND_TIMEOUT,
            })?
            .map_err(|e| ImapError::from_io(what, e))?
            .ok_or_else(|| ImapError::ConnectionLost {
                what: what.to_string(),
                reason: "the server closed the connection".into(),
            })?;
        match resp.parsed() {
            done @ Response::Done {
                tag: t,
                status,
                information,
                ..
            } if t == tag => {
                each(done);
                return match status {
                    Status::Ok => Ok(()),
                    _ => Err(ImapError::Refused {
                        what: what.to_string(),
                        reply: information.as_deref().unwrap_or("").trim().to_string(),
                    }),
                };
            }
            Response::Data {
                status: Status::Bye,
                information,
                ..
            } => {
                return Err(ImapError::ConnectionLost {
                    what: what.to_string(),
                    reason: information.as_deref().unwrap_or("BYE").to_string(),
                })
            }
            Response::Done { .. } => {}
            other => each(other),
        }
    }
}
