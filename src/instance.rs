//! One running window per data directory. The first `jebi` listens on a local socket in its
//! data directory; a second one (say, a `mailto:` link clicked in a browser) hands its request
//! over that socket and exits. A socket left by a crash (nobody answers) is removed, so it never
//! blocks the next start. Unix sockets only for now (Windows: named pipes, not done).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What the second process asks the first for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Bring the main window forward.
    Show,
    /// Open a composer for this `mailto:` URL.
    Mailto(String),
    /// Show this stored message (a new-mail notification was clicked; never read from the
    /// socket).
    OpenMessage(i64),
}

impl Request {
    fn line(&self) -> String {
        match self {
            Request::Show => "show\n".into(),
            // A URL holds no line break (percent-encoded ones stay encoded).
            Request::Mailto(url) => format!("mailto {}\n", url.replace(['\r', '\n'], "")),
            Request::OpenMessage(_) => "show\n".into(),
        }
    }

    fn from_line(line: &str) -> Option<Request> {
        let line = line.trim_end_matches(['\r', '\n']);
        match line.split_once(' ') {
            Some(("mailto", url)) => Some(Request::Mailto(url.to_string())),
            None if line == "show" => Some(Request::Show),
            _ => None,
        }
    }
}

/// How a start went.
pub enum Start {
    /// Another Jebi took the request: this process is done.
    Handed,
    /// This process is the one: it answers requests arriving here.
    #[cfg(unix)]
    First(std::os::unix::net::UnixListener),
    /// No single instance on this platform (or the socket cannot be made): run alone.
    Alone,
}

/// The socket of the Jebi using `data_dir`.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("instance.sock")
}

/// Longest request line read (a mailto: URL is capped below this).
const MAX_LINE: u64 = 512 * 1024;

/// Hand `request` to the Jebi already running on `data_dir`, or become that Jebi.
#[cfg(unix)]
pub fn claim(data_dir: &Path, request: &Request) -> Start {
    use std::io::ErrorKind;
    use std::os::unix::net::UnixListener;
    let path = socket_path(data_dir);
    if std::fs::create_dir_all(data_dir).is_err() {
        return Start::Alone;
    }
    for _ in 0..3 {
        match hand_over(&path, request) {
            Ok(()) => return Start::Handed,
            // Nobody listens: a socket left by a crash, or none yet.
            Err(e) if matches!(e.kind(), ErrorKind::ConnectionRefused | ErrorKind::NotFound) => {
                let _ = std::fs::remove_file(&path);
            }
            // Somebody is there but did not answer in time: do not take its socket.
            Err(_) => return Start::Alone,
        }
        match UnixListener::bind(&path) {
            Ok(listener) => return Start::First(listener),
            // Another start won the race: hand over to it.
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(_) => return Start::Alone,
        }
    }
    Start::Alone
}

#[cfg(not(unix))]
pub fn claim(_data_dir: &Path, _request: &Request) -> Start {
    Start::Alone
}

#[cfg(unix)]
fn hand_over(path: &Path, request: &Request) -> std::io::Result<()> {
    let mut stream = std::os::unix::net::UnixStream::connect(path)?;
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    stream.set_write_timeout(Some(Duration::from_secs(3)))?;
    stream.write_all(request.line().as_bytes())?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer)?;
    if answer.trim() == "ok" {
        Ok(())
    } else {
        Err(std::io::Error::other(
            "the running Jebi did not take the request",
        ))
    }
}

/// Read one request from a connection and acknowledge it (blocking; a thread per connection).
#[cfg(unix)]
pub fn serve(stream: std::os::unix::net::UnixStream) -> Option<Request> {
    use std::io::Read;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
    let mut reader = BufReader::new(stream.try_clone().ok()?.take(MAX_LINE));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let request = Request::from_line(&line)?;
    let mut stream = stream;
    stream.write_all(b"ok\n").ok()?;
    Some(request)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_second_start_hands_over_and_a_stale_socket_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        // A socket file nobody listens on (a crash): the first start takes it.
        drop(std::os::unix::net::UnixListener::bind(socket_path(dir.path())).unwrap());
        let Start::First(listener) = claim(dir.path(), &Request::Show) else {
            panic!("the first start listens");
        };
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            serve(stream)
        });
        let url = "mailto:a@example.com?subject=%EC%A0%9C%EB%B9%84";
        let started = std::time::Instant::now();
        assert!(matches!(
            claim(dir.path(), &Request::Mailto(url.into())),
            Start::Handed
        ));
        assert!(started.elapsed() < Duration::from_millis(200));
        assert_eq!(server.join().unwrap(), Some(Request::Mailto(url.into())));
    }

    #[test]
    fn request_lines_cannot_smuggle_a_second_request() {
        let line = Request::Mailto("mailto:a@b.c\nshow".into()).line();
        assert_eq!(line.matches('\n').count(), 1);
        assert_eq!(Request::from_line("show\n"), Some(Request::Show));
        assert_eq!(Request::from_line("rm -rf /\n"), None);
    }
}
