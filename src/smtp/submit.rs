//! One message through an open connection: MAIL FROM, RCPT TO for each recipient (a refused
//! recipient does not abort the others), DATA, the exact bytes. DSN parameters only when the
//! server offers DSN; SMTPUTF8 and 8BITMIME only when needed and offered.

use super::connect::{timed, SmtpConnection};
use super::error::SmtpError;
use super::{COMMAND_TIMEOUT, DATA_END_TIMEOUT};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{MailBodyParameter, MailParameter, RcptParameter};
use lettre::Address;
use std::fs::File;
use std::str::FromStr;
use std::sync::Arc;

/// What to send.
pub struct Submission<'a> {
    pub envelope_from: &'a str,
    pub recipients: &'a [String],
    pub raw: &'a [u8],
    /// Ask for delivery status notifications, with this envelope id (the Message-ID).
    pub dsn_envid: Option<&'a str>,
}

/// A recipient the server did not take, with its reply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecipientRefusal {
    pub recipient: String,
    pub code: u16,
    pub reply: String,
}

impl RecipientRefusal {
    pub fn is_permanent(&self) -> bool {
        self.code >= 500
    }
}

/// The server took the message for at least one recipient.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The server's reply to the end of data ("250 2.0.0 Ok: queued as ...").
    pub reply: String,
    /// Recipients refused (4xx or 5xx) at RCPT TO; the others got the message.
    pub refused: Vec<RecipientRefusal>,
}

/// Why a message was not taken.
#[derive(Debug, Clone)]
pub enum NotSent {
    /// Nothing was handed over; `error` says why (transient or permanent).
    Failed {
        error: SmtpError,
        refused: Vec<RecipientRefusal>,
    },
    /// The end of data went out but the reply never came (connection lost or timed out):
    /// the server may or may not have taken it.
    ReplyLost(SmtpError),
}

fn address(what: &str, s: &str) -> Result<Address, SmtpError> {
    Address::from_str(s)
        .map_err(|e| SmtpError::Local(format!("{what} '{s}' is not a valid address: {e}")))
}

async fn reset(conn: &mut SmtpConnection) {
    let _ = tokio::time::timeout(COMMAND_TIMEOUT, conn.conn.command(Rset)).await;
}

/// Send one message. `journal`: the line appended to that file together with the write that
/// hands the end of the data to the server (see `commit`), before the reply is read.
pub async fn submit(
    conn: &mut SmtpConnection,
    sub: &Submission<'_>,
    journal: Option<(Vec<u8>, Arc<File>)>,
) -> Result<Accepted, NotSent> {
    let failed = |error: SmtpError| NotSent::Failed {
        error,
        refused: Vec::new(),
    };
    let from = address("the sender", sub.envelope_from).map_err(failed)?;
    let needs_utf8 = std::iter::once(sub.envelope_from)
        .chain(sub.recipients.iter().map(String::as_str))
        .any(|a| !a.is_ascii());
    let mut params = Vec::new();
    if needs_utf8 {
        if !conn.ext.smtputf8 {
            return Err(failed(SmtpError::Refused {
                what: "the message".into(),
                code: 553,
                reply:
                    "the server does not accept addresses with non-ASCII characters (no SMTPUTF8)"
                        .into(),
            }));
        }
        params.push(MailParameter::SmtpUtfEight);
    }
    if !sub.raw.is_ascii() && conn.ext.eightbitmime {
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    if conn.ext.size.is_some() {
        params.push(MailParameter::Size(sub.raw.len()));
    }
    let dsn = sub.dsn_envid.filter(|_| conn.ext.dsn);
    if let Some(envid) = dsn {
        params.push(MailParameter::Other {
            keyword: "RET".into(),
            value: Some("HDRS".into()),
        });
        params.push(MailParameter::Other {
            keyword: "ENVID".into(),
            value: Some(envid.to_string()),
        });
    }
    if let Err(e) = timed(
        "MAIL FROM",
        COMMAND_TIMEOUT,
        conn.conn.command(Mail::new(Some(from), params)),
    )
    .await
    {
        reset(conn).await;
        return Err(failed(e));
    }
    let mut refused = Vec::new();
    let mut accepted = 0usize;
    for rcpt in sub.recipients {
        let to = match address("the recipient", rcpt) {
            Ok(a) => a,
            Err(SmtpError::Local(reply)) => {
                refused.push(RecipientRefusal {
                    recipient: rcpt.clone(),
                    code: 553,
                    reply,
                });
                continue;
            }
            Err(e) => return Err(failed(e)),
        };
        let mut rparams = Vec::new();
        if dsn.is_some() {
            rparams.push(RcptParameter::Other {
                keyword: "NOTIFY".into(),
                value: Some("SUCCESS,FAILURE,DELAY".into()),
            });
            rparams.push(RcptParameter::Other {
                keyword: "ORCPT".into(),
                value: Some(format!("rfc822;{rcpt}")),
            });
        }
        match timed(
            "RCPT TO",
            COMMAND_TIMEOUT,
            conn.conn.command(Rcpt::new(to, rparams)),
        )
        .await
        {
            Ok(_) => accepted += 1,
            Err(SmtpError::Refused { code, reply, .. }) => refused.push(RecipientRefusal {
                recipient: rcpt.clone(),
                code,
                reply,
            }),
            Err(e) => return Err(failed(e)),
        }
    }
    if accepted == 0 {
        reset(conn).await;
        let error = summarise_refusals(&refused);
        return Err(NotSent::Failed { error, refused });
    }
    if let Err(error) = timed("DATA", COMMAND_TIMEOUT, conn.conn.command(Data)).await {
        reset(conn).await;
        return Err(NotSent::Failed { error, refused });
    }
    if let Some((line, file)) = journal {
        conn.tap.arm(line, file);
    }
    let result = timed(
        "the end of the message",
        DATA_END_TIMEOUT,
        conn.conn.message(sub.raw),
    )
    .await;
    let went_out = conn.tap.fired();
    conn.tap.disarm();
    match result {
        Ok(reply) => Ok(Accepted {
            reply: format!(
                "{} {}",
                reply.code(),
                reply.message().collect::<Vec<_>>().join(" ")
            ),
            refused,
        }),
        Err(error @ SmtpError::Refused { .. }) => Err(NotSent::Failed { error, refused }),
        Err(error) if went_out => Err(NotSent::ReplyLost(error)),
        Err(error) => Err(NotSent::Failed { error, refused }),
    }
}

/// Every recipient was refused: one error that is transient when any refusal was.
fn summarise_refusals(refused: &[RecipientRefusal]) -> SmtpError {
    if let [one] = refused {
        return SmtpError::Refused {
            what: format!("the recipient {}", one.recipient),
            code: one.code,
            reply: one.reply.clone(),
        };
    }
    let code = refused
        .iter()
        .find(|r| !r.is_permanent())
        .or(refused.first())
        .map(|r| r.code)
        .unwrap_or(550);
    let reply = refused
        .iter()
        .map(|r| format!("{} ({} {})", r.recipient, r.code, r.reply))
        .collect::<Vec<_>>()
        .join("; ");
    SmtpError::Refused {
        what: "every recipient".into(),
        code,
        reply,
    }
}
