//! One running window per data directory. The first `jebi` listens on a local socket (a Unix
//! socket in its data directory; on Windows a named pipe named after that directory, through
//! the `interprocess` crate); a second one (say, a `mailto:` link clicked in a browser) hands
//! its request over that socket and exits. A socket left by a crash (nobody answers) is
//! removed, so it never blocks the next start (named pipes vanish with their process).

use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{Listener, ListenerOptions, Name, Stream};
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
    pub(crate) fn line(&self) -> String {
        match self {
            Request::Show => "show\n".into(),
            // A URL holds no line break (percent-encoded ones stay encoded).
            Request::Mailto(url) => format!("mailto {}\n", url.replace(['\r', '\n'], "")),
            Request::OpenMessage(_) => "show\n".into(),
        }
    }

    pub(crate) fn from_line(line: &str) -> Option<Request> {
        let line = line.trim_end_matches(['\r', '\n']);
        match line.split_once(' ') {
            // A URL never holds a raw control character (found by fuzzing: a CR or LF inside
            // would not survive being sent on as one line).
            Some(("mailto", url)) if !url.chars().any(char::is_control) => {
                Some(Request::Mailto(url.to_string()))
            }
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
    First(Listener),
    /// No single instance on this platform (or the socket cannot be made): run alone.
    Alone,
}

/// The socket of the Jebi using `data_dir`.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("instance.sock")
}

/// Longest request line read (a mailto: URL is capped below this).
const MAX_LINE: u64 = 512 * 1024;

/// The socket's name for `data_dir`: its file on Unix, a pipe named after it on Windows.
fn name(data_dir: &Path) -> std::io::Result<Name<'static>> {
    #[cfg(windows)]
    {
        use interprocess::local_socket::GenericNamespaced;
        use std::hash::{Hash, Hasher};
        let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        dir.to_string_lossy().to_lowercase().hash(&mut hash);
        format!("org.jebimail.Jebi-{:016x}", hash.finish()).to_ns_name::<GenericNamespaced>()
    }
    #[cfg(not(windows))]
    {
        use interprocess::local_socket::GenericFilePath;
        socket_path(data_dir).to_fs_name::<GenericFilePath>()
    }
}

/// Hand `request` to the Jebi already running on `data_dir`, or become that Jebi.
pub fn claim(data_dir: &Path, request: &Request) -> Start {
    use std::io::ErrorKind;
    if std::fs::create_dir_all(data_dir).is_err() {
        return Start::Alone;
    }
    let Ok(name) = name(data_dir) else {
        return Start::Alone;
    };
    for _ in 0..3 {
        match hand_over(&name, request) {
            Ok(()) => return Start::Handed,
            // Nobody listens: a socket left by a crash, or none yet.
            Err(e) if matches!(e.kind(), ErrorKind::ConnectionRefused | ErrorKind::NotFound) => {
                if cfg!(unix) {
                    let _ = std::fs::remove_file(socket_path(data_dir));
                }
            }
            // Somebody is there but did not answer in time: do not take its socket.
            Err(_) => return Start::Alone,
        }
        match ListenerOptions::new().name(name.clone()).create_sync() {
            Ok(listener) => return Start::First(listener),
            // Another start won the race: hand over to it.
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(_) => return Start::Alone,
        }
    }
    Start::Alone
}

fn hand_over(name: &Name<'_>, request: &Request) -> std::io::Result<()> {
    let stream = Stream::connect(name.borrow())?;
    // Not every platform's pipes take timeouts; where they do, a hung first Jebi cannot hang
    // the second.
    let _ = stream.set_recv_timeout(Some(Duration::from_secs(3)));
    let _ = stream.set_send_timeout(Some(Duration::from_secs(3)));
    (&stream).write_all(request.line().as_bytes())?;
    let mut answer = String::new();
    BufReader::new(&stream).read_line(&mut answer)?;
    if answer.trim() == "ok" {
        Ok(())
    } else {
        Err(std::io::Error::other(
            "the running Jebi did not take the request",
        ))
    }
}

/// Read one request from a connection and acknowledge it (blocking; a thread per connection).
pub fn serve(stream: Stream) -> Option<Request> {
    use std::io::Read;
    let _ = stream.set_recv_timeout(Some(Duration::from_secs(3)));
    let mut line = String::new();
    BufReader::new((&stream).take(MAX_LINE))
        .read_line(&mut line)
        .ok()?;
    let request = Request::from_line(&line)?;
    (&stream).write_all(b"ok\n").ok()?;
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
            let stream = listener.accept().unwrap();
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

    #[test]
    fn a_request_with_a_line_break_inside_is_refused() {
        // The fuzz target instance_request's find: the URL read back differed from the one sent.
        assert_eq!(
            Request::from_line("mailto mailto:bob@example.com\n?subject=Hi\n"),
            None
        );
        assert_eq!(Request::from_line("mailto mailto:a@b.c\r?x\n"), None);
    }
}
