//! The plaintext part of a STARTTLS connection, spoken by hand so that nothing the server
//! sends before the TLS handshake can leak into the encrypted session: greeting, CAPABILITY,
//! STARTTLS. Bytes arriving after the STARTTLS OK and before the handshake are refused.

use super::error::ImapError;
use super::COMMAND_TIMEOUT;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Longest line accepted before TLS (greeting and capability lines are short).
const MAX_LINE: usize = 16 * 1024;

async fn read_line(
    reader: &mut BufReader<&mut TcpStream>,
    what: &str,
) -> Result<String, ImapError> {
    use crate::plain_line::LineError;
    match crate::plain_line::read_line(reader, MAX_LINE).await {
        Ok(line) => Ok(String::from_utf8_lossy(&line).trim_end().to_string()),
        Err(LineError::Io(e)) => Err(ImapError::from_io(what, e)),
        Err(LineError::Closed) => Err(ImapError::ConnectionLost {
            what: what.to_string(),
            reason: "the server closed the connection".into(),
        }),
        Err(LineError::TooLong) => Err(ImapError::Protocol {
            what: what.to_string(),
            detail: "an over-long line before TLS".into(),
        }),
    }
}

/// Read lines until the tagged reply; returns (untagged lines, tagged line).
async fn command(
    reader: &mut BufReader<&mut TcpStream>,
    tag: &str,
    cmd: &str,
) -> Result<(Vec<String>, String), ImapError> {
    reader
        .get_mut()
        .write_all(format!("{tag} {cmd}\r\n").as_bytes())
        .await
        .map_err(|e| ImapError::from_io(cmd, e))?;
    let mut untagged = Vec::new();
    loop {
        let line = read_line(reader, cmd).await?;
        if let Some(rest) = line.strip_prefix(&format!("{tag} ")) {
            return Ok((untagged, rest.to_string()));
        }
        untagged.push(line);
    }
}

fn is_ok(reply: &str) -> bool {
    reply.len() >= 2 && reply[..2].eq_ignore_ascii_case("OK")
}

/// Greeting, capability check, STARTTLS. On success the stream is ready for the handshake.
pub async fn negotiate(stream: &mut TcpStream, addr: &str) -> Result<(), ImapError> {
    let work = async {
        let mut reader = BufReader::new(&mut *stream);
        let greeting = read_line(&mut reader, "the greeting").await?;
        if !greeting.starts_with("* OK") && !greeting.starts_with("* ok") {
            return Err(ImapError::Protocol {
                what: format!("the greeting from {addr}"),
                detail: greeting,
            });
        }
        let (lines, reply) = command(&mut reader, "s1", "CAPABILITY").await?;
        let offers = lines.iter().any(|l| {
            l.to_ascii_uppercase().starts_with("* CAPABILITY")
                && l.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("STARTTLS"))
        });
        if !is_ok(&reply) || !offers {
            return Err(ImapError::NoStartTls {
                addr: addr.to_string(),
            });
        }
        let (_, reply) = command(&mut reader, "s2", "STARTTLS").await?;
        if !is_ok(&reply) {
            return Err(ImapError::StartTlsRefused {
                addr: addr.to_string(),
                reply,
            });
        }
        if !reader.buffer().is_empty() {
            return Err(ImapError::Protocol {
                what: format!("STARTTLS with {addr}"),
                detail: crate::plain_line::INJECTED_AFTER_STARTTLS.into(),
            });
        }
        Ok(())
    };
    tokio::time::timeout(COMMAND_TIMEOUT, work)
        .await
        .map_err(|_| ImapError::Timeout {
            what: format!("STARTTLS with {addr}"),
            after: COMMAND_TIMEOUT,
        })?
}
