//! The byte stream lettre talks through. Jebi makes it itself (TCP, TLS with the account's
//! trust rules, STARTTLS spoken by hand) and wraps it here to:
//! - serve a stand-in greeting after a hand-spoken STARTTLS (lettre reads a greeting before its
//!   EHLO; the real one came before TLS and was already read),
//! - tell the socket below TLS ([`super::commit::CommitTcp`]) when the end-of-data mark
//!   (`CRLF.CRLF`) is being written, so that the write carrying it also records it in the
//!   outbox journal.

use super::commit::DataEndTap;
use lettre::transport::smtp::client::AsyncTokioStream;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the stream wraps: plain TCP or TLS over TCP.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + Sync + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Sync + fmt::Debug> Transport for T {}

const DATA_END: &[u8; 5] = b"\r\n.\r\n";

pub struct TapStream {
    inner: Box<dyn Transport>,
    greeting: Vec<u8>,
    greeting_pos: usize,
    peer: SocketAddr,
    tap: Arc<DataEndTap>,
}

impl fmt::Debug for TapStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TapStream")
            .field("peer", &self.peer)
            .finish()
    }
}

impl TapStream {
    pub fn new(
        inner: Box<dyn Transport>,
        peer: SocketAddr,
        stand_in_greeting: bool,
        tap: Arc<DataEndTap>,
    ) -> TapStream {
        TapStream {
            inner,
            greeting: if stand_in_greeting {
                b"220 (greeting read before STARTTLS)\r\n".to_vec()
            } else {
                Vec::new()
            },
            greeting_pos: 0,
            peer,
            tap,
        }
    }
}

impl AsyncRead for TapStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.greeting_pos < this.greeting.len() {
            let rest = &this.greeting[this.greeting_pos..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.greeting_pos += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for TapStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // lettre writes the end-of-data mark on its own, after flushing the (dot-stuffed) body,
        // in which `CRLF.CRLF` cannot occur.
        if buf.ends_with(DATA_END) && self.tap.is_armed() {
            self.tap.ending();
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for TapStream {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::commit::CommitTcp;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn stand_in_greeting_then_the_data_end_reaches_the_journal() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tcp = tokio::net::TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (_server, _) = listener.accept().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let journal = Arc::new(std::fs::File::create(&path).unwrap());
        let tap = Arc::new(DataEndTap::default());
        let mut s = TapStream::new(
            Box::new(CommitTcp::new(tcp, tap.clone())),
            "127.0.0.1:1".parse().unwrap(),
            true,
            tap.clone(),
        );
        let mut greeting = [0u8; 5];
        s.read_exact(&mut greeting).await.unwrap();
        assert_eq!(&greeting, b"220 (");
        s.write_all(b"unarmed\r\n.\r\n").await.unwrap();
        assert!(!tap.fired(), "only an armed data end counts");
        tap.arm(b"dot 1 1\n".to_vec(), journal);
        s.write_all(b"line\r\n..stuffed\r\n").await.unwrap();
        s.flush().await.unwrap();
        assert!(!tap.fired());
        s.write_all(b"\r\n.\r\n").await.unwrap();
        assert!(tap.fired());
        assert_eq!(std::fs::read(&path).unwrap(), b"dot 1 1\n");
    }
}
