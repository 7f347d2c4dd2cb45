//! A reader that refuses IMAP literals larger than a limit before the client allocates them.
//!
//! async-imap grows its buffer to whatever `{N}` a server announces (up to 512 MiB). This wrapper
//! follows the literal framing of the byte stream: outside a literal, `{N}` or `{N+}` right
//! before CRLF announces N bytes of literal data, which are then passed through unexamined.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Ordinary response text.
    Text,
    /// Saw `{`, collecting digits.
    Digits(u64),
    /// Saw `{N+` (non-synchronising literal marker from a server is unusual but harmless).
    Plus(u64),
    /// Saw `{N}`, expecting CR.
    Close(u64),
    /// Saw `{N}\r`, expecting LF.
    Cr(u64),
    /// Inside literal data: this many bytes remain.
    Literal(u64),
}

/// Error text used when a literal is refused; callers match on `io::ErrorKind::InvalidData`.
pub const TOO_LARGE: &str = "the server announced a literal larger than the allowed limit";

pub struct LiteralGuard<S> {
    inner: S,
    limit: u64,
    state: Scan,
}

impl<S> LiteralGuard<S> {
    pub fn new(inner: S, limit: u64) -> Self {
        LiteralGuard {
            inner,
            limit,
            state: Scan::Text,
        }
    }

    pub fn into_inner(self) -> S {
        self.inner
    }

    /// Advance the framing state over `bytes`; Err(size) when a literal is over the limit.
    fn scan(&mut self, bytes: &[u8]) -> Result<(), u64> {
        let mut i = 0;
        while i < bytes.len() {
            if let Scan::Literal(left) = self.state {
                let take = left.min((bytes.len() - i) as u64);
                i += take as usize;
                self.state = if left == take {
                    Scan::Text
                } else {
                    Scan::Literal(left - take)
                };
                continue;
            }
            if self.state == Scan::Text {
                // Fast path: nothing matters in text until the next `{`.
                match memchr::memchr(b'{', &bytes[i..]) {
                    Some(off) => i += off,
                    None => return Ok(()),
                }
            }
            let b = bytes[i];
            self.state = match (self.state, b) {
                (_, b'{') => Scan::Digits(0),
                (Scan::Digits(n), b'0'..=b'9') => {
                    let n = n.saturating_mul(10).saturating_add((b - b'0') as u64);
                    Scan::Digits(n)
                }
                (Scan::Digits(n), b'+') => Scan::Plus(n),
                (Scan::Digits(n) | Scan::Plus(n), b'}') => Scan::Close(n),
                (Scan::Close(n), b'\r') => Scan::Cr(n),
                (Scan::Cr(n), b'\n') => {
                    if n > self.limit {
                        return Err(n);
                    }
                    if n == 0 {
                        Scan::Text
                    } else {
                        Scan::Literal(n)
                    }
                }
                _ => Scan::Text,
            };
            i += 1;
        }
        Ok(())
    }
}

impl<S: fmt::Debug> fmt::Debug for LiteralGuard<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiteralGuard")
            .field("inner", &self.inner)
            .field("limit", &self.limit)
            .finish()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for LiteralGuard<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let fresh = &buf.filled()[before..];
                match this.scan(fresh) {
                    Ok(()) => Poll::Ready(Ok(())),
                    Err(size) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{TOO_LARGE} ({size} bytes, limit {})", this.limit),
                    ))),
                }
            }
            other => other,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for LiteralGuard<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> LiteralGuard<()> {
        LiteralGuard::new((), 100)
    }

    #[test]
    fn small_literals_pass_and_their_content_is_not_scanned() {
        let mut g = guard();
        // The literal content itself contains a fake huge announcement: must be ignored.
        let data = b"* 1 FETCH (BODY[] {20}\r\n{99999999}\r\nabcdefgh)\r\n";
        assert_eq!(g.scan(data), Ok(()));
        assert_eq!(g.state, Scan::Text);
    }

    #[test]
    fn large_literal_is_refused() {
        let mut g = guard();
        assert_eq!(g.scan(b"* 1 FETCH (BODY[] {101}\r\n"), Err(101));
    }

    #[test]
    fn announcement_split_across_reads() {
        let mut g = guard();
        assert_eq!(g.scan(b"* 1 FETCH (BODY[] {5"), Ok(()));
        assert_eq!(g.scan(b"00"), Ok(()));
        assert_eq!(g.scan(b"}\r"), Ok(()));
        assert_eq!(g.scan(b"\n"), Err(500));
    }

    #[test]
    fn literal_split_across_reads_and_overflowing_numbers() {
        let mut g = guard();
        assert_eq!(g.scan(b"{10}\r\n12345"), Ok(()));
        assert_eq!(
            g.scan(b"67890{999999999999999999999999}\r\n"),
            Err(u64::MAX)
        );
    }

    #[test]
    fn braces_in_text_without_crlf_are_not_literals() {
        let mut g = guard();
        assert_eq!(g.scan(b"* OK {hello} {5000} world\r\n"), Ok(()));
        assert_eq!(g.state, Scan::Text);
    }
}
