//! Opening an authenticated IMAP session: TCP, TLS or STARTTLS (never a silent plaintext
//! fallback), greeting, LOGIN. Every step has a timeout.

use super::error::ImapError;
use super::literal_guard::LiteralGuard;
use super::{timed, MAX_LITERAL};
use crate::account::{Account, Security, ServerConfig};
use crate::secrets::Password;
use crate::tls::TlsClient;
use async_imap::types::Capabilities;
use rustls::pki_types::ServerName;
use std::fmt::Debug;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Any byte stream a session can run over (TLS or, when allowed, plain TCP).
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Transport for T {}

pub type Stream = LiteralGuard<Box<dyn Transport>>;
pub type Session = async_imap::Session<Stream>;

/// An authenticated session plus what the server can do.
pub struct Connection {
    pub session: Session,
    pub caps: ServerCaps,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerCaps {
    pub condstore: bool,
    pub qresync: bool,
    pub idle: bool,
    /// RFC 4315: `UID EXPUNGE` removes only the messages named.
    pub uidplus: bool,
    /// RFC 6851: `UID MOVE`.
    pub move_: bool,
    /// `ENABLE QRESYNC` was accepted on this connection.
    pub qresync_enabled: bool,
    /// RFC 5819: `LIST ... RETURN (STATUS ...)`.
    pub list_status: bool,
}

impl ServerCaps {
    fn from(caps: &Capabilities) -> ServerCaps {
        ServerCaps {
            condstore: caps.has_str("CONDSTORE") || caps.has_str("QRESYNC"),
            qresync: caps.has_str("QRESYNC"),
            idle: caps.has_str("IDLE"),
            uidplus: caps.has_str("UIDPLUS"),
            move_: caps.has_str("MOVE"),
            qresync_enabled: false,
            list_status: caps.has_str("LIST-STATUS"),
        }
    }
}

async fn tcp(server: &ServerConfig) -> Result<TcpStream, ImapError> {
    let addr = server.address();
    let stream = tokio::time::timeout(
        CONNECT_TIMEOUT,
        TcpStream::connect((server.host.as_str(), server.port)),
    )
    .await
    .map_err(|_| ImapError::Unreachable {
        addr: addr.clone(),
        reason: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
    })?
    .map_err(|e| ImapError::Unreachable {
        addr: addr.clone(),
        reason: e.to_string(),
    })?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// Bytes read from the socket at once. rustls asks for 4 to 16 KiB at a time, one system call
/// each; a first sync reads hundreds of megabytes.
const SOCKET_READ: usize = 64 * 1024;

async fn tls_upgrade<S>(
    tls: &TlsClient,
    server: &ServerConfig,
    stream: S,
) -> Result<tokio_rustls::client::TlsStream<tokio::io::BufReader<S>>, ImapError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let stream = tokio::io::BufReader::with_capacity(SOCKET_READ, stream);
    let addr = server.address();
    let name = ServerName::try_from(server.host.clone()).map_err(|_| ImapError::Tls {
        addr: addr.clone(),
        reason: format!("'{}' is not a valid server name", server.host),
    })?;
    let _ = tls.take_rejected();
    match tokio::time::timeout(CONNECT_TIMEOUT, tls.connector().connect(name, stream)).await {
        Err(_) => Err(ImapError::Timeout {
            what: format!("the TLS handshake with {addr}"),
            after: CONNECT_TIMEOUT,
        }),
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => match tls.take_rejected() {
            Some(cert) => Err(ImapError::Untrusted { addr, cert }),
            None => Err(ImapError::Tls {
                addr,
                reason: e.to_string(),
            }),
        },
    }
}

fn guard(stream: impl Transport + 'static) -> Stream {
    LiteralGuard::new(Box::new(stream) as Box<dyn Transport>, MAX_LITERAL)
}

async fn read_greeting(
    client: &mut async_imap::Client<Stream>,
    addr: &str,
) -> Result<(), ImapError> {
    let what = format!("the greeting from {addr}");
    match tokio::time::timeout(CONNECT_TIMEOUT, client.read_response()).await {
        Err(_) => Err(ImapError::Timeout {
            what,
            after: CONNECT_TIMEOUT,
        }),
        Ok(Err(e)) => Err(ImapError::from_io(&what, e)),
        Ok(Ok(None)) => Err(ImapError::ConnectionLost {
            what,
            reason: "the server closed the connection before greeting".into(),
        }),
        Ok(Ok(Some(_))) => Ok(()),
    }
}

/// How long a STARTTLS port may stay silent before Jebi checks whether it speaks SSL/TLS.
const QUIET_BEFORE_PROBE: Duration = Duration::from_secs(3);

/// The STARTTLS steps; when the server has said nothing for a few seconds (an SSL/TLS port
/// waits for the client to speak first), a second connection tries SSL/TLS, and if the server
/// answers that, the user hears so at once instead of after the timeout.
async fn starttls_or_mismatch(
    tls: &TlsClient,
    server: &ServerConfig,
) -> Result<TcpStream, ImapError> {
    let addr = server.address();
    let negotiation = async {
        let mut tcp = tcp(server).await?;
        super::starttls::negotiate(&mut tcp, &addr).await?;
        Ok::<_, ImapError>(tcp)
    };
    let probe = async {
        tokio::time::sleep(QUIET_BEFORE_PROBE).await;
        if speaks_tls(tls, server).await {
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        done = negotiation => done,
        () = probe => Err(ImapError::WrongSecurity { addr, wants_tls: true }),
    }
}

/// Whether the server completes (or refuses by certificate) a TLS handshake on its port.
async fn speaks_tls(tls: &TlsClient, server: &ServerConfig) -> bool {
    let Ok(tcp) = tcp(server).await else {
        return false;
    };
    matches!(
        tls_upgrade(tls, server, tcp).await,
        Ok(_) | Err(ImapError::Untrusted { .. })
    )
}

/// Connect, secure, and log in.
pub async fn connect(
    account: &Account,
    server: &ServerConfig,
    password: &Password,
    tls: &TlsClient,
) -> Result<Connection, ImapError> {
    let addr = server.address();
    let mut client = match server.security {
        Security::Tls => {
            let tcp = tcp(server).await?;
            let secured = tls_upgrade(tls, server, tcp).await?;
            let mut client = async_imap::Client::new(guard(secured));
            read_greeting(&mut client, &addr).await?;
            client
        }
        Security::StartTls => {
            let tcp = starttls_or_mismatch(tls, server).await?;
            let secured = tls_upgrade(tls, server, tcp).await?;
            async_imap::Client::new(guard(secured))
        }
        Security::Plain => {
            if !account.allow_plaintext {
                return Err(ImapError::PlaintextNotAllowed);
            }
            let tcp = tcp(server).await?;
            let mut client = async_imap::Client::new(guard(tcp));
            read_greeting(&mut client, &addr).await?;
            client
        }
    };
    let _ = &mut client;
    let login = account.login_for(server);
    let session = match tokio::time::timeout(
        CONNECT_TIMEOUT,
        client.login(&login, password.expose()),
    )
    .await
    {
        Err(_) => {
            return Err(ImapError::Timeout {
                what: "LOGIN".into(),
                after: CONNECT_TIMEOUT,
            })
        }
        Ok(Err((e, _client))) => {
            return Err(match e {
                async_imap::error::Error::No(reply) | async_imap::error::Error::Bad(reply) => {
                    ImapError::LoginRefused {
                        reply: reply.trim().to_string(),
                    }
                }
                other => ImapError::from_imap("LOGIN", other),
            })
        }
        Ok(Ok(session)) => session,
    };
    let mut session = session;
    let caps = timed("CAPABILITY", session.capabilities()).await?;
    Ok(Connection {
        caps: ServerCaps::from(&caps),
        session,
    })
}
