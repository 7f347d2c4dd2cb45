//! A POP3 session over TLS, STLS or (when the account allows it) plain TCP. Every read has a
//! deadline that grows with what is expected, so a server trickling a byte a second is given
//! up on instead of holding the download forever; every answer has a size cap.

use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::error::Pop3Error;
use super::reply::{self, Capabilities, MultiLine, Status};
use crate::account::{Security, ServerConfig};
use crate::imap::connect::Transport;
use crate::tls::TlsClient;

/// Time and size limits of a session.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest silence in the middle of an answer.
    pub idle: Duration,
    /// Time every answer gets before its size counts.
    pub grace: Duration,
    /// Slowest transfer accepted, in bytes a second (a 10 MB message gets 10 MB / rate more).
    pub min_rate: u64,
    /// Largest message accepted.
    pub max_message: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: Duration::from_secs(60),
            grace: Duration::from_secs(60),
            min_rate: 4 * 1024,
            max_message: crate::imap::MAX_LITERAL as usize,
        }
    }
}

/// Pipelined commands sent ahead of their answers at most.
const PIPELINE_DEPTH: usize = 32;
/// Cap of a UIDL or LIST answer (a million messages fit).
const MAX_LISTING: usize = 96 * 1024 * 1024;
/// Cap of a status line or a CAPA answer.
const MAX_SHORT: usize = 64 * 1024;

/// One RETR answer: the message, or the server's refusal of just that message.
#[derive(Debug)]
pub struct Retrieved {
    pub number: u32,
    pub message: Result<Vec<u8>, String>,
}

pub struct Pop3 {
    stream: BufReader<Box<dyn Transport>>,
    addr: String,
    limits: Limits,
    pub caps: Capabilities,
    /// The greeting's APOP timestamp, when the server offered APOP.
    apop_stamp: Option<String>,
    /// TLS from the start or after STLS.
    encrypted: bool,
}

impl Pop3 {
    /// Connect and read the greeting (and, for STLS, upgrade); not logged in yet.
    pub async fn connect(
        server: &ServerConfig,
        tls: &TlsClient,
        limits: Limits,
    ) -> Result<Pop3, Pop3Error> {
        let addr = server.address();
        let tcp = tokio::time::timeout(
            limits.grace,
            TcpStream::connect((server.host.as_str(), server.port)),
        )
        .await
        .map_err(|_| Pop3Error::Unreachable {
            addr: addr.clone(),
            reason: format!("no answer within {} s", limits.grace.as_secs()),
        })?
        .map_err(|e| Pop3Error::Unreachable {
            addr: addr.clone(),
            reason: e.to_string(),
        })?;
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn Transport> = match server.security {
            Security::Tls => Box::new(upgrade(tls, server, tcp, limits).await?),
            Security::StartTls | Security::Plain => Box::new(tcp),
        };
        let mut pop = Pop3 {
            stream: BufReader::new(stream),
            addr: addr.clone(),
            limits,
            caps: Capabilities::default(),
            apop_stamp: None,
            encrypted: server.security == Security::Tls,
        };
        pop.greeting().await?;
        pop.caps = pop.capa().await?;
        if server.security == Security::StartTls {
            if !pop.caps.stls {
                return Err(Pop3Error::NoStls { addr });
            }
            pop.command("STLS", "STLS").await?;
            // Bytes the server sent after its +OK and before TLS would be read as if they came
            // through TLS: refuse them.
            if !pop.stream.buffer().is_empty() {
                return Err(Pop3Error::Protocol {
                    what: "STLS".into(),
                    detail: "the server sent data before encryption started".into(),
                });
            }
            let plain = pop.stream.into_inner();
            let secure = upgrade(tls, server, plain, limits).await?;
            pop.stream = BufReader::new(Box::new(secure));
            pop.encrypted = true;
            pop.caps = pop.capa().await?;
        }
        Ok(pop)
    }

    /// USER/PASS, or SASL PLAIN when the server offers only that; APOP on an unencrypted
    /// connection whose server offers it (the password itself is then never sent).
    pub async fn login(&mut self, user: &str, password: &str) -> Result<(), Pop3Error> {
        let refused = |e| match e {
            Pop3Error::Refused { reply, .. } => Pop3Error::LoginRefused { reply },
            other => other,
        };
        if let (false, Some(stamp)) = (self.encrypted, self.apop_stamp.clone()) {
            let digest = reply::apop_digest(&stamp, password);
            return self
                .command(&format!("APOP {user} {digest}"), "APOP")
                .await
                .map(drop)
                .map_err(refused);
        }
        if self.caps.sasl_plain && !self.caps.user {
            use base64::Engine;
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"));
            return self
                .command(&format!("AUTH PLAIN {token}"), "AUTH PLAIN")
                .await
                .map(drop)
                .map_err(refused);
        }
        self.command(&format!("USER {user}"), "USER")
            .await
            .map_err(refused)?;
        self.command(&format!("PASS {password}"), "PASS")
            .await
            .map(drop)
            .map_err(refused)
    }

    /// Messages and their total size.
    pub async fn stat(&mut self) -> Result<(u32, u64), Pop3Error> {
        let text = self.command("STAT", "STAT").await?;
        reply::stat(&text).ok_or_else(|| self.unreadable("STAT", &text))
    }

    /// (number, unique id) of every message.
    pub async fn uidl(&mut self) -> Result<Vec<(u32, String)>, Pop3Error> {
        self.command("UIDL", "UIDL").await?;
        let lines = self.multi_line("UIDL", MAX_LISTING, 0).await?;
        lines
            .lines()
            .map(|l| reply::uidl_line(l).ok_or_else(|| self.unreadable("UIDL", &lossy(l))))
            .collect()
    }

    /// (number, size) of every message.
    pub async fn list(&mut self) -> Result<Vec<(u32, u64)>, Pop3Error> {
        self.command("LIST", "LIST messages").await?;
        let lines = self.multi_line("LIST messages", MAX_LISTING, 0).await?;
        lines
            .lines()
            .map(|l| reply::list_line(l).ok_or_else(|| self.unreadable("LIST messages", &lossy(l))))
            .collect()
    }

    /// Keys standing in for UIDL (`reply::header_key`), from each message's header (TOP n 0).
    pub async fn header_keys(
        &mut self,
        sizes: &[(u32, u64)],
    ) -> Result<Vec<(u32, String)>, Pop3Error> {
        let depth = if self.caps.pipelining {
            PIPELINE_DEPTH
        } else {
            1
        };
        let mut out = Vec::with_capacity(sizes.len());
        for chunk in sizes.chunks(depth) {
            let commands: String = chunk
                .iter()
                .map(|(n, _)| format!("TOP {n} 0\r\n"))
                .collect();
            self.send(&commands, "TOP").await?;
            for &(n, size) in chunk {
                let what = format!("TOP {n} 0");
                if let Status::Err(reply) = self.status(&what, 0).await? {
                    return Err(Pop3Error::Refused { what, reply });
                }
                let header = self.multi_line(&what, MAX_SHORT * 16, 0).await?;
                out.push((n, reply::header_key(&header.into_bytes(), size)));
            }
        }
        Ok(out)
    }

    /// Retrieve messages (number, size from LIST), pipelined when the server allows it.
    pub async fn retrieve(&mut self, wanted: &[(u32, u64)]) -> Result<Vec<Retrieved>, Pop3Error> {
        let depth = if self.caps.pipelining {
            PIPELINE_DEPTH
        } else {
            1
        };
        let mut out = Vec::with_capacity(wanted.len());
        for chunk in wanted.chunks(depth) {
            let mut commands = String::new();
            for (n, _) in chunk {
                commands.push_str(&format!("RETR {n}\r\n"));
            }
            self.send(&commands, "RETR").await?;
            for &(n, size) in chunk {
                let what = format!("RETR {n}");
                let message = match self.status(&what, 0).await? {
                    Status::Err(text) => Err(text),
                    Status::Ok(_) => {
                        if size as usize > self.limits.max_message {
                            return Err(Pop3Error::TooLarge {
                                what: format!("message {n}"),
                                limit: self.limits.max_message,
                            });
                        }
                        let body = self
                            .multi_line(&what, self.limits.max_message, size)
                            .await?;
                        Ok(body.into_bytes())
                    }
                };
                out.push(Retrieved { number: n, message });
            }
        }
        Ok(out)
    }

    /// Mark messages deleted (they go at QUIT), pipelined when allowed.
    pub async fn delete(&mut self, numbers: &[u32]) -> Result<(), Pop3Error> {
        let depth = if self.caps.pipelining {
            PIPELINE_DEPTH
        } else {
            1
        };
        for chunk in numbers.chunks(depth) {
            let commands: String = chunk.iter().map(|n| format!("DELE {n}\r\n")).collect();
            self.send(&commands, "DELE").await?;
            for n in chunk {
                let what = format!("DELE {n}");
                if let Status::Err(reply) = self.status(&what, 0).await? {
                    return Err(Pop3Error::Refused { what, reply });
                }
            }
        }
        Ok(())
    }

    /// QUIT: the server deletes what was marked. Until its +OK, nothing is deleted.
    pub async fn quit(mut self) -> Result<(), Pop3Error> {
        self.command("QUIT", "QUIT").await.map(drop)
    }

    async fn greeting(&mut self) -> Result<(), Pop3Error> {
        let what = format!("the greeting from {}", self.addr);
        match self.status(&what, 0).await? {
            Status::Ok(text) => {
                self.apop_stamp = reply::apop_timestamp(&text).map(str::to_string);
                Ok(())
            }
            Status::Err(reply) => Err(Pop3Error::Refused { what, reply }),
        }
    }

    async fn capa(&mut self) -> Result<Capabilities, Pop3Error> {
        self.send("CAPA\r\n", "CAPA").await?;
        match self.status("CAPA", 0).await? {
            // An old server without CAPA: USER/PASS and one command at a time.
            Status::Err(_) => Ok(Capabilities {
                user: true,
                ..Capabilities::default()
            }),
            Status::Ok(_) => {
                let lines = self.multi_line("CAPA", MAX_SHORT, 0).await?;
                Ok(Capabilities::from_lines(lines.lines()))
            }
        }
    }

    /// Send one command and read its status line; `-ERR` is `Refused`. Returns the +OK text.
    async fn command(&mut self, line: &str, what: &str) -> Result<String, Pop3Error> {
        self.send(&format!("{line}\r\n"), what).await?;
        match self.status(what, 0).await? {
            Status::Ok(text) => Ok(text),
            Status::Err(reply) => Err(Pop3Error::Refused {
                what: what.to_string(),
                reply,
            }),
        }
    }

    async fn send(&mut self, text: &str, what: &str) -> Result<(), Pop3Error> {
        let deadline = self.deadline(text.len() as u64);
        let io = async {
            let w = self.stream.get_mut();
            w.write_all(text.as_bytes()).await?;
            w.flush().await
        };
        match tokio::time::timeout_at(deadline, io).await {
            Err(_) => Err(self.timeout(what)),
            Ok(Err(e)) => Err(Pop3Error::ConnectionLost {
                what: what.to_string(),
                reason: e.to_string(),
            }),
            Ok(Ok(())) => Ok(()),
        }
    }

    async fn status(&mut self, what: &str, expected: u64) -> Result<Status, Pop3Error> {
        let deadline = self.deadline(expected);
        let line = self.line(what, MAX_SHORT, deadline).await?;
        reply::status(&line).ok_or_else(|| self.unreadable(what, &lossy(&line)))
    }

    /// The lines of a multi-line answer up to its `.` line; `expected` bytes set the deadline.
    async fn multi_line(
        &mut self,
        what: &str,
        limit: usize,
        expected: u64,
    ) -> Result<MultiLine, Pop3Error> {
        let deadline = self.deadline(expected);
        let mut answer = MultiLine::new(limit);
        loop {
            let line = self.line(what, limit, deadline).await?;
            match answer.push(&line) {
                Ok(true) => return Ok(answer),
                Ok(false) => {}
                Err(reply::OverLimit) => {
                    return Err(Pop3Error::TooLarge {
                        what: format!("the answer to {what}"),
                        limit,
                    })
                }
            }
        }
    }

    /// One line including its line break, at most `limit` bytes.
    async fn line(
        &mut self,
        what: &str,
        limit: usize,
        deadline: Instant,
    ) -> Result<Vec<u8>, Pop3Error> {
        let mut line = Vec::new();
        loop {
            let wait = deadline.min(Instant::now() + self.limits.idle);
            let buf = match tokio::time::timeout_at(wait, self.stream.fill_buf()).await {
                Err(_) => return Err(self.timeout(what)),
                Ok(Err(e)) => {
                    return Err(Pop3Error::ConnectionLost {
                        what: what.to_string(),
                        reason: e.to_string(),
                    })
                }
                Ok(Ok(buf)) => buf,
            };
            if buf.is_empty() {
                return Err(Pop3Error::ConnectionLost {
                    what: what.to_string(),
                    reason: "the server closed the connection before the end of its answer".into(),
                });
            }
            let (take, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if line.len() + take > limit {
                return Err(Pop3Error::TooLarge {
                    what: format!("a line of the answer to {what}"),
                    limit,
                });
            }
            line.extend_from_slice(&buf[..take]);
            self.stream.consume(take);
            if done {
                return Ok(line);
            }
        }
    }

    fn deadline(&self, expected: u64) -> Instant {
        let rate = self.limits.min_rate.max(1);
        Instant::now() + self.limits.grace + Duration::from_secs(expected / rate)
    }

    fn timeout(&self, what: &str) -> Pop3Error {
        Pop3Error::Timeout {
            what: format!("{what} on {}", self.addr),
            after: self.limits.grace,
        }
    }

    fn unreadable(&self, what: &str, got: &str) -> Pop3Error {
        let shown: String = got.chars().take(120).collect();
        Pop3Error::Protocol {
            what: what.to_string(),
            detail: format!("it said {shown:?}"),
        }
    }
}

async fn upgrade<S>(
    tls: &TlsClient,
    server: &ServerConfig,
    stream: S,
    limits: Limits,
) -> Result<tokio_rustls::client::TlsStream<S>, Pop3Error>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let addr = server.address();
    let name = ServerName::try_from(server.host.clone()).map_err(|_| Pop3Error::Tls {
        addr: addr.clone(),
        reason: format!("'{}' is not a valid server name", server.host),
    })?;
    let _ = tls.take_rejected();
    match tokio::time::timeout(limits.grace, tls.connector().connect(name, stream)).await {
        Err(_) => Err(Pop3Error::Timeout {
            what: format!("the TLS handshake with {addr}"),
            after: limits.grace,
        }),
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => match tls.take_rejected() {
            Some(cert) => Err(Pop3Error::Untrusted { addr, cert }),
            None => Err(Pop3Error::Tls {
                addr,
                reason: e.to_string(),
            }),
        },
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_string()
}
