//! The moment a message is handed over: the last bytes of its data (the TLS record carrying
//! `CRLF.CRLF`) go to the socket and one line goes to the outbox journal, together.
//!
//! A process killed between those two writes would either have sent a message it does not know
//! it sent (a duplicate on the next run) or the reverse. On Linux both writes are made by a
//! short-lived child (`clone` with `CLONE_VM | CLONE_VFORK`: it shares our memory and we wait
//! for it) that does nothing but the two `write`s and exits; killing the sending process does
//! not stop it, so the socket and the journal always agree. Elsewhere the journal line follows
//! the socket write directly (a window of a few instructions remains).

use std::fmt;
use std::fs::File;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// What the next data end records in the journal.
struct Armed {
    line: Vec<u8>,
    journal: Arc<File>,
}

/// Shared between the outbox (arms it per message), the stream above TLS (says when the data
/// end is being written) and [`CommitTcp`] below TLS (makes the two writes).
#[derive(Default)]
pub struct DataEndTap {
    armed: Mutex<Option<Armed>>,
    /// The plaintext data end is on its way down: the next socket write carries it.
    ending: AtomicBool,
    fired: AtomicBool,
}

impl DataEndTap {
    /// Before a message's data: when its end is handed over, append `line` to `journal`.
    pub fn arm(&self, line: Vec<u8>, journal: Arc<File>) {
        if let Ok(mut a) = self.armed.lock() {
            *a = Some(Armed { line, journal });
        }
        self.ending.store(false, Ordering::SeqCst);
        self.fired.store(false, Ordering::SeqCst);
    }

    pub fn disarm(&self) {
        if let Ok(mut a) = self.armed.lock() {
            *a = None;
        }
        self.ending.store(false, Ordering::SeqCst);
    }

    pub fn is_armed(&self) -> bool {
        self.armed.lock().map(|a| a.is_some()).unwrap_or(false)
    }

    /// The data end is being written now.
    pub fn ending(&self) {
        self.ending.store(true, Ordering::SeqCst);
    }

    /// Whether the data end went out since the last `arm`.
    pub fn fired(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }

    fn take_if_ending(&self) -> Option<Armed> {
        if !self.ending.load(Ordering::SeqCst) {
            return None;
        }
        self.armed.lock().ok().and_then(|mut a| a.take())
    }

    fn put_back(&self, armed: Armed) {
        if let Ok(mut a) = self.armed.lock() {
            *a = Some(armed);
        }
    }

    fn done(&self) {
        self.ending.store(false, Ordering::SeqCst);
        self.fired.store(true, Ordering::SeqCst);
    }
}

/// The TCP socket under TLS; its writes go through [`commit_write`] when the tap says so.
pub struct CommitTcp {
    tcp: TcpStream,
    tap: Arc<DataEndTap>,
}

impl fmt::Debug for CommitTcp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommitTcp").field("tcp", &self.tcp).finish()
    }
}

impl CommitTcp {
    pub fn new(tcp: TcpStream, tap: Arc<DataEndTap>) -> CommitTcp {
        CommitTcp { tcp, tap }
    }
}

impl AsyncRead for CommitTcp {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for CommitTcp {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let Some(armed) = this.tap.take_if_ending() else {
            return Pin::new(&mut this.tcp).poll_write(cx, buf);
        };
        loop {
            if let Err(e) = std::task::ready!(this.tcp.poll_write_ready(cx)) {
                this.tap.put_back(armed);
                return Poll::Ready(Err(e));
            }
            let written = this.tcp.try_io(tokio::io::Interest::WRITABLE, || {
                commit_write(&this.tcp, buf, &armed.journal, &armed.line)
            });
            match written {
                Ok(n) if n == buf.len() => {
                    this.tap.done();
                    return Poll::Ready(Ok(n));
                }
                Ok(n) => {
                    // Part of it: the rest (and the journal line) with the next write.
                    this.tap.put_back(armed);
                    return Poll::Ready(Ok(n));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => {
                    this.tap.put_back(armed);
                    return Poll::Ready(Err(e));
                }
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

/// Write `data` to the socket and, when all of it was written, `line` to the journal, in a way
/// a kill of this process cannot separate. Returns how much of `data` was written.
#[cfg(target_os = "linux")]
fn commit_write(tcp: &TcpStream, data: &[u8], journal: &File, line: &[u8]) -> io::Result<usize> {
    use std::os::fd::AsRawFd;

    /// Everything the child reads and writes: in our memory (CLONE_VM).
    #[repr(C)]
    struct Job {
        sock: libc::c_int,
        data: *const u8,
        data_len: usize,
        journal: libc::c_int,
        line: *const u8,
        line_len: usize,
        written: isize,
        errno: libc::c_int,
    }

    /// Runs in the child on its own stack: two system calls, nothing else (no allocation, no
    /// locks); returning ends the child.
    extern "C" fn child(arg: *mut libc::c_void) -> libc::c_int {
        // SAFETY: `arg` is the `Job` the parent keeps alive (and untouched) until we exit.
        unsafe {
            let job = &mut *(arg as *mut Job);
            let n = libc::send(
                job.sock,
                job.data as *const libc::c_void,
                job.data_len,
                libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
            );
            job.written = n;
            if n < 0 {
                job.errno = *libc::__errno_location();
                return 1;
            }
            if n as usize == job.data_len {
                libc::write(job.journal, job.line as *const libc::c_void, job.line_len);
            }
            0
        }
    }

    let mut job = Job {
        sock: tcp.as_raw_fd(),
        data: data.as_ptr(),
        data_len: data.len(),
        journal: journal.as_raw_fd(),
        line: line.as_ptr(),
        line_len: line.len(),
        written: -1,
        errno: 0,
    };
    let mut stack = vec![0u8; 64 * 1024];
    // SAFETY: the child runs `child` on `stack` (top end: stacks grow down on Linux targets),
    // shares our memory and we are suspended until it exits (CLONE_VFORK), so `job` and `stack`
    // outlive it; SIGCHLD lets us wait for it.
    let pid = unsafe {
        let top = stack.as_mut_ptr().add(stack.len());
        let top = top.sub(top as usize % 16);
        libc::clone(
            child,
            top as *mut libc::c_void,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            &mut job as *mut Job as *mut libc::c_void,
        )
    };
    if pid < 0 {
        // No child could be made: write directly (the old, slightly less safe way).
        return plain_write(tcp, data, journal, line);
    }
    let mut status = 0;
    // SAFETY: waiting for the child we just made.
    unsafe {
        while libc::waitpid(pid, &mut status, 0) < 0 && *libc::__errno_location() == libc::EINTR {}
    }
    drop(stack);
    if job.written < 0 {
        return Err(io::Error::from_raw_os_error(job.errno));
    }
    Ok(job.written as usize)
}

#[cfg(not(target_os = "linux"))]
fn commit_write(tcp: &TcpStream, data: &[u8], journal: &File, line: &[u8]) -> io::Result<usize> {
    plain_write(tcp, data, journal, line)
}

fn plain_write(tcp: &TcpStream, data: &[u8], journal: &File, line: &[u8]) -> io::Result<usize> {
    use std::io::Write;
    let n = tcp.try_write(data)?;
    if n == data.len() {
        let _ = (&*journal).write_all(line);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn the_data_end_and_its_journal_line_are_written_together() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let journal = Arc::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .unwrap(),
        );
        let tap = Arc::new(DataEndTap::default());
        let mut s = CommitTcp::new(client, tap.clone());
        tap.arm(b"dot 7 1\n".to_vec(), journal.clone());
        s.write_all(b"body\r\n").await.unwrap();
        assert!(!tap.fired(), "not before the end");
        assert_eq!(std::fs::read(&path).unwrap(), b"");
        tap.ending();
        s.write_all(b"\r\n.\r\n").await.unwrap();
        assert!(tap.fired());
        assert_eq!(std::fs::read(&path).unwrap(), b"dot 7 1\n");
        s.write_all(b"QUIT\r\n").await.unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"dot 7 1\n",
            "once per arming"
        );
        let mut got = vec![0u8; 64];
        let mut all = Vec::new();
        while all.len() < 17 {
            let n = server.read(&mut got).await.unwrap();
            all.extend_from_slice(&got[..n]);
        }
        assert_eq!(all, b"body\r\n\r\n.\r\nQUIT\r\n");
    }
}
