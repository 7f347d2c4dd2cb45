//! The byte stream lettre talks through. Jebi makes it itself (TCP, TLS with the account's
//! trust rules, STARTTLS spoken by hand) and wraps it here to:
//! - serve a stand-in greeting after a hand-spoken STARTTLS (lettre reads a greeting before its
//!   EHLO; the real one came before TLS and was already read),
//! - tell the outbox the instant the end-of-data mark (`CRLF.CRLF`) has been handed to the
//!   kernel, before the server's reply is read, so a crash in between is not mistaken for
//!   "never sent".

use lettre::transport::smtp::client::AsyncTokioStream;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the stream wraps: plain TCP or TLS over TCP.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + Sync + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Sync + fmt::Debug> Transport for T {}

const DATA_END: &[u8; 5] = b"\r\n.\r\n";

type Hook = Box<dyn FnOnce() + Send>;

/// Armed with a hook before a message's data is written; the hook runs once, right after the
/// flush that pushed the end-of-data mark out.
#[derive(Default)]
pub struct DataEndTap {
    hook: Mutex<Option<Hook>>,
    fired: Mutex<bool>,
}

impl DataEndTap {
    pub fn arm(&self, hook: impl FnOnce() + Send + 'static) {
        if let Ok(mut h) = self.hook.lock() {
            *h = Some(Box::new(hook));
        }
        if let Ok(mut f) = self.fired.lock() {
            *f = false;
        }
    }

    pub fn disarm(&self) {
        if let Ok(mut h) = self.hook.lock() {
            *h = None;
        }
    }

    /// Whether the end-of-data mark went out since the last `arm`.
    pub fn fired(&self) -> bool {
        self.fired.lock().map(|f| *f).unwrap_or(false)
    }

    fn is_armed(&self) -> bool {
        self.hook.lock().map(|h| h.is_some()).unwrap_or(false)
    }

    fn fire(&self) {
        let hook = self.hook.lock().ok().and_then(|mut h| h.take());
        if let Some(hook) = hook {
            if let Ok(mut f) = self.fired.lock() {
                *f = true;
            }
            hook();
        }
    }
}

pub struct TapStream {
    inner: Box<dyn Transport>,
    greeting: Vec<u8>,
    greeting_pos: usize,
    peer: SocketAddr,
    tap: Arc<DataEndTap>,
    /// The last five bytes written while armed.
    tail: Vec<u8>,
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
            tail: Vec::with_capacity(8),
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
        let this = &mut *self;
        let result = Pin::new(&mut this.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &result {
            if this.tap.is_armed() {
                this.tail.extend_from_slice(&buf[..*n]);
                let excess = this.tail.len().saturating_sub(DATA_END.len());
                this.tail.drain(..excess);
                // The end mark is written: push it out and tell the tap at once, without
                // waiting for the caller's flush (the fewer instructions between the bytes
                // leaving and the journal line, the smaller the window a crash can hit).
                if this.tail.as_slice() == DATA_END {
                    if let Poll::Ready(Ok(())) = Pin::new(&mut this.inner).poll_flush(cx) {
                        this.tail.clear();
                        this.tap.fire();
                    }
                }
            }
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let result = Pin::new(&mut this.inner).poll_flush(cx);
        if let Poll::Ready(Ok(())) = &result {
            if this.tail.as_slice() == DATA_END {
                this.tail.clear();
                this.tap.fire();
            }
        }
        result
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn hook_fires_once_after_the_end_mark_is_flushed() {
        let (client, mut server) = tokio::io::duplex(1024);
        let tap = Arc::new(DataEndTap::default());
        let mut s = TapStream::new(
            Box::new(client),
            "127.0.0.1:1".parse().unwrap(),
            true,
            tap.clone(),
        );
        let mut greeting = [0u8; 5];
        s.read_exact(&mut greeting).await.unwrap();
        assert_eq!(&greeting, b"220 (");
        let count = Arc::new(AtomicUsize::new(0));
        let c = count.clone();
        tap.arm(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
        s.write_all(b"body line\r\n..stuffed\r\n").await.unwrap();
        s.flush().await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 0, "not before the mark");
        s.write_all(b"\r\n.").await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 0, "not before the whole mark");
        s.write_all(b"\r\n").await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 1, "as soon as the mark is out");
        s.flush().await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 1);
        assert!(tap.fired());
        s.write_all(b"\r\n.\r\n").await.unwrap();
        s.flush().await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 1, "once per arming");
        let mut got = vec![0u8; 64];
        let n = server.read(&mut got).await.unwrap();
        assert!(n > 0);
    }
}
