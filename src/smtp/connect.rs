//! Opening an authenticated SMTP submission connection: TCP, then TLS from the first byte
//! (465) or STARTTLS spoken by hand (587: nothing the server sends before the handshake can
//! reach the encrypted session, and a server that does not offer STARTTLS never sees the
//! password), then lettre's connection over that stream, our own EHLO reading, AUTH.

use super::commit::{CommitTcp, DataEndTap};
use super::ehlo::Extensions;
use super::error::SmtpError;
use super::stream::{TapStream, Transport};
use super::{COMMAND_TIMEOUT, CONNECT_TIMEOUT};
use crate::account::{Account, Security, ServerConfig};
use crate::secrets::Password;
use crate::tls::TlsClient;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::commands::Ehlo;
use lettre::transport::smtp::extension::ClientId;
use rustls::pki_types::ServerName;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Longest reply line accepted before TLS.
const MAX_LINE: usize = 4096;
const MAX_REPLY_LINES: usize = 200;

/// An authenticated connection ready for MAIL FROM.
pub struct SmtpConnection {
    pub conn: AsyncSmtpConnection,
    pub ext: Extensions,
    pub tap: Arc<DataEndTap>,
    pub addr: String,
}

/// The EHLO name: an address literal, so the user's host name is not told to every server.
fn client_id() -> ClientId {
    ClientId::Ipv4(Ipv4Addr::LOCALHOST)
}

pub(crate) async fn timed<T>(
    what: &str,
    after: Duration,
    work: impl Future<Output = Result<T, lettre::transport::smtp::Error>>,
) -> Result<T, SmtpError> {
    match tokio::time::timeout(after, work).await {
        Err(_) => Err(SmtpError::Timeout {
            what: what.to_string(),
            after,
        }),
        Ok(r) => r.map_err(|e| SmtpError::from_lettre(what, e)),
    }
}

async fn tcp(server: &ServerConfig) -> Result<(TcpStream, SocketAddr), SmtpError> {
    let addr = server.address();
    let unreachable = |reason: String| SmtpError::Unreachable {
        addr: addr.clone(),
        reason,
    };
    let stream = tokio::time::timeout(
        CONNECT_TIMEOUT,
        TcpStream::connect((server.host.as_str(), server.port)),
    )
    .await
    .map_err(|_| unreachable(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())))?
    .map_err(|e| unreachable(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    let peer = stream.peer_addr().map_err(|e| unreachable(e.to_string()))?;
    Ok((stream, peer))
}

async fn tls_upgrade(
    tls: &TlsClient,
    server: &ServerConfig,
    stream: CommitTcp,
) -> Result<tokio_rustls::client::TlsStream<CommitTcp>, SmtpError> {
    let addr = server.address();
    let name = ServerName::try_from(server.host.clone()).map_err(|_| SmtpError::Tls {
        addr: addr.clone(),
        reason: format!("'{}' is not a valid server name", server.host),
    })?;
    let _ = tls.take_rejected();
    match tokio::time::timeout(CONNECT_TIMEOUT, tls.connector().connect(name, stream)).await {
        Err(_) => Err(SmtpError::Timeout {
            what: format!("the TLS handshake with {addr}"),
            after: CONNECT_TIMEOUT,
        }),
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => match tls.take_rejected() {
            Some(cert) => Err(SmtpError::Untrusted { addr, cert }),
            None => Err(SmtpError::Tls {
                addr,
                reason: e.to_string(),
            }),
        },
    }
}

/// One SMTP reply read by hand before TLS: (code, lines).
pub(crate) async fn read_reply<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    what: &str,
) -> Result<(u16, Vec<String>), SmtpError> {
    use crate::plain_line::LineError;
    let mut lines = Vec::new();
    loop {
        let line = match crate::plain_line::read_line(reader, MAX_LINE).await {
            Ok(line) => line,
            Err(LineError::Io(e)) => return Err(SmtpError::from_io(what, e)),
            Err(LineError::Closed) => {
                return Err(SmtpError::ConnectionLost {
                    what: what.to_string(),
                    reason: "the server closed the connection".into(),
                })
            }
            Err(LineError::TooLong) => {
                return Err(SmtpError::Protocol {
                    what: what.to_string(),
                    detail: "an over-long line before TLS".into(),
                })
            }
        };
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        let code = text.get(..3).and_then(|c| c.parse::<u16>().ok());
        let Some(code) = code else {
            return Err(SmtpError::Protocol {
                what: what.to_string(),
                detail: text,
            });
        };
        let more = text.as_bytes().get(3) == Some(&b'-');
        lines.push(text.get(4..).unwrap_or("").to_string());
        if !more {
            return Ok((code, lines));
        }
        if lines.len() > MAX_REPLY_LINES {
            return Err(SmtpError::Protocol {
                what: what.to_string(),
                detail: "an endless reply before TLS".into(),
            });
        }
    }
}

/// Greeting, EHLO, STARTTLS, all before TLS. On success the stream is ready for the handshake.
async fn starttls(stream: &mut TcpStream, addr: &str) -> Result<(), SmtpError> {
    let work = async {
        let mut reader = BufReader::new(&mut *stream);
        let (code, lines) = read_reply(&mut reader, "the greeting").await?;
        if code != 220 {
            return Err(SmtpError::Refused {
                what: format!("the connection ({addr})"),
                code,
                reply: lines.join(" "),
            });
        }
        let ehlo = format!("EHLO {}\r\n", client_id());
        reader
            .get_mut()
            .write_all(ehlo.as_bytes())
            .await
            .map_err(|e| SmtpError::from_io("EHLO", e))?;
        let (code, lines) = read_reply(&mut reader, "EHLO").await?;
        let ext = Extensions::from_lines(lines.iter().map(String::as_str));
        if code != 250 || !ext.starttls {
            return Err(SmtpError::NoStartTls {
                addr: addr.to_string(),
            });
        }
        reader
            .get_mut()
            .write_all(b"STARTTLS\r\n")
            .await
            .map_err(|e| SmtpError::from_io("STARTTLS", e))?;
        let (code, lines) = read_reply(&mut reader, "STARTTLS").await?;
        if code != 220 {
            return Err(SmtpError::StartTlsRefused {
                addr: addr.to_string(),
                reply: format!("{code} {}", lines.join(" ")),
            });
        }
        if !reader.buffer().is_empty() {
            return Err(SmtpError::Protocol {
                what: format!("STARTTLS with {addr}"),
                detail: crate::plain_line::INJECTED_AFTER_STARTTLS.into(),
            });
        }
        Ok(())
    };
    tokio::time::timeout(COMMAND_TIMEOUT, work)
        .await
        .map_err(|_| SmtpError::Timeout {
            what: format!("STARTTLS with {addr}"),
            after: COMMAND_TIMEOUT,
        })?
}

/// How long a STARTTLS port may stay silent before Jebi checks whether it speaks SSL/TLS.
const QUIET_BEFORE_PROBE: Duration = Duration::from_secs(3);

/// The STARTTLS steps; when the server has said nothing for a few seconds (port 465 waits for
/// the client to speak first), a second connection tries SSL/TLS, and if the server answers
/// that, the user hears so at once instead of after the timeout.
async fn starttls_or_mismatch(
    stream: &mut TcpStream,
    tls: &TlsClient,
    server: &ServerConfig,
) -> Result<(), SmtpError> {
    let addr = server.address();
    let probe = async {
        tokio::time::sleep(QUIET_BEFORE_PROBE).await;
        if speaks_tls(tls, server).await {
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        done = starttls(stream, &addr) => done,
        () = probe => Err(SmtpError::WrongSecurity { addr, wants_tls: true }),
    }
}

/// Whether the server completes (or refuses by certificate) a TLS handshake on its port.
async fn speaks_tls(tls: &TlsClient, server: &ServerConfig) -> bool {
    let Ok((tcp, _)) = tcp(server).await else {
        return false;
    };
    let tcp = CommitTcp::new(tcp, Arc::new(DataEndTap::default()));
    matches!(
        tls_upgrade(tls, server, tcp).await,
        Ok(_) | Err(SmtpError::Untrusted { .. })
    )
}

/// Connect, secure, read what the server offers, log in.
pub async fn connect(
    account: &Account,
    server: &ServerConfig,
    password: &Password,
    tls: &TlsClient,
) -> Result<SmtpConnection, SmtpError> {
    let addr = server.address();
    let tap = Arc::new(DataEndTap::default());
    if server.security == Security::Plain && !account.allow_plaintext {
        return Err(SmtpError::PlaintextNotAllowed);
    }
    let (mut tcp, peer) = tcp(server).await?;
    if server.security == Security::StartTls {
        starttls_or_mismatch(&mut tcp, tls, server).await?;
    }
    let tcp = CommitTcp::new(tcp, tap.clone());
    let (stream, stand_in): (Box<dyn Transport>, bool) = match server.security {
        Security::Tls => (Box::new(tls_upgrade(tls, server, tcp).await?), false),
        Security::StartTls => (Box::new(tls_upgrade(tls, server, tcp).await?), true),
        Security::Plain => (Box::new(tcp), false),
    };
    let stream = TapStream::new(stream, peer, stand_in, tap.clone());
    let mut conn = timed(
        &format!("the greeting from {addr}"),
        CONNECT_TIMEOUT,
        AsyncSmtpConnection::connect_with_transport(Box::new(stream), &client_id()),
    )
    .await?;
    let reply = timed(
        "EHLO",
        COMMAND_TIMEOUT,
        conn.command(Ehlo::new(client_id())),
    )
    .await?;
    let ext = Extensions::from_lines(reply.message());
    if !ext.auth.is_empty() {
        let mechanisms: Vec<Mechanism> = [("PLAIN", Mechanism::Plain), ("LOGIN", Mechanism::Login)]
            .into_iter()
            .filter(|(name, _)| ext.auth.iter().any(|m| m == name))
            .map(|(_, m)| m)
            .collect();
        if mechanisms.is_empty() {
            return Err(SmtpError::NoAuthMethod { addr });
        }
        let credentials =
            Credentials::new(account.login_for(server), password.expose().to_string());
        match tokio::time::timeout(COMMAND_TIMEOUT, conn.auth(&mechanisms, &credentials)).await {
            Err(_) => {
                return Err(SmtpError::Timeout {
                    what: "AUTH".into(),
                    after: COMMAND_TIMEOUT,
                })
            }
            Ok(Err(e)) => {
                return Err(match SmtpError::from_lettre("AUTH", e) {
                    SmtpError::Refused { code, reply, .. } if code >= 500 => {
                        SmtpError::LoginRefused {
                            reply: format!("{code} {reply}"),
                        }
                    }
                    other => other,
                })
            }
            Ok(Ok(_)) => {}
        }
    }
    Ok(SmtpConnection {
        conn,
        ext,
        tap,
        addr,
    })
}

impl SmtpConnection {
    /// Say goodbye politely; errors do not matter any more.
    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.conn.quit()).await;
    }
}
