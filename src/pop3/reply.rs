//! POP3 replies (RFC 1939, 2449) read from lines, with no I/O: status lines, the multi-line
//! answers of UIDL, LIST and CAPA, and a message's lines with dot-stuffing undone.
//!
//! Everything here reads bytes a server sent: no input panics, every list and message has a cap.

/// `+OK text` or `-ERR text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok(String),
    Err(String),
}

/// A status line (without its line break). `None` when it is neither `+OK` nor `-ERR`.
pub fn status(line: &[u8]) -> Option<Status> {
    let line = trim_end(line);
    let text = |rest: &[u8]| String::from_utf8_lossy(rest).trim().to_string();
    if let Some(rest) = strip_prefix_ci(line, b"+OK") {
        if rest.is_empty() || rest[0] == b' ' {
            return Some(Status::Ok(text(rest)));
        }
    }
    if let Some(rest) = strip_prefix_ci(line, b"-ERR") {
        if rest.is_empty() || rest[0] == b' ' {
            return Some(Status::Err(text(rest)));
        }
    }
    None
}

/// The `<...@...>` timestamp of an APOP greeting (RFC 1939 7), when there is one.
pub fn apop_timestamp(greeting: &str) -> Option<&str> {
    let start = greeting.find('<')?;
    let end = start + greeting[start..].find('>')?;
    let stamp = &greeting[start..=end];
    (stamp.contains('@') && stamp.len() <= 200 && stamp.is_ascii()).then_some(stamp)
}

/// The APOP digest (RFC 1939): MD5 of the greeting's timestamp and the password, in lower-case
/// hex.
pub fn apop_digest(stamp: &str, password: &str) -> String {
    use md5::{Digest, Md5};
    let mut hasher = Md5::new();
    hasher.update(stamp.as_bytes());
    hasher.update(password.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `+OK nn mm` of STAT: (messages, octets).
pub fn stat(text: &str) -> Option<(u32, u64)> {
    let mut words = text.split_ascii_whitespace();
    Some((words.next()?.parse().ok()?, words.next()?.parse().ok()?))
}

/// One line of a LIST answer: (message number, size in octets).
pub fn list_line(line: &[u8]) -> Option<(u32, u64)> {
    let text = std::str::from_utf8(trim_end(line)).ok()?;
    let mut words = text.split_ascii_whitespace();
    Some((words.next()?.parse().ok()?, words.next()?.parse().ok()?))
}

/// One line of a UIDL answer: (message number, unique id). RFC 1939: the id is 1 to 70
/// characters in 0x21..0x7E.
pub fn uidl_line(line: &[u8]) -> Option<(u32, String)> {
    let text = std::str::from_utf8(trim_end(line)).ok()?;
    let mut words = text.split_ascii_whitespace();
    let n = words.next()?.parse().ok()?;
    let id = words.next()?;
    let valid = !id.is_empty() && id.len() <= 70 && id.bytes().all(|b| (0x21..=0x7e).contains(&b));
    valid.then(|| (n, id.to_string()))
}

/// A stand-in for UIDL on servers without it: the message's Message-ID and size, else a digest
/// of its header block and its size (the header of a message does not change on the server).
pub fn header_key(header: &[u8], size: u64) -> String {
    let message_id = header
        .split(|&b| b == b'\n')
        .find_map(|line| strip_prefix_ci(trim_end(line), b"message-id:"))
        .map(|v| String::from_utf8_lossy(v).trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 200);
    match message_id {
        Some(id) => format!("mid:{id}:{size}"),
        None => format!("hdr:{}:{size}", crate::tls::sha256_hex(header)),
    }
}

/// What the server can do (CAPA, RFC 2449).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub pipelining: bool,
    pub uidl: bool,
    pub stls: bool,
    pub user: bool,
    pub sasl_plain: bool,
    pub top: bool,
}

impl Capabilities {
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> Capabilities {
        let mut caps = Capabilities::default();
        for line in lines {
            let text = String::from_utf8_lossy(trim_end(line)).to_ascii_uppercase();
            let mut words = text.split_ascii_whitespace();
            match words.next() {
                Some("PIPELINING") => caps.pipelining = true,
                Some("UIDL") => caps.uidl = true,
                Some("STLS") => caps.stls = true,
                Some("USER") => caps.user = true,
                Some("TOP") => caps.top = true,
                Some("SASL") => caps.sasl_plain |= words.any(|w| w == "PLAIN"),
                _ => {}
            }
        }
        caps
    }
}

/// Collects the lines of a multi-line answer up to the terminating `.` line, undoing
/// dot-stuffing; refuses to grow beyond its cap.
#[derive(Debug)]
pub struct MultiLine {
    data: Vec<u8>,
    limit: usize,
    done: bool,
}

/// A multi-line answer went over its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverLimit;

impl MultiLine {
    pub fn new(limit: usize) -> MultiLine {
        MultiLine {
            data: Vec::new(),
            limit,
            done: false,
        }
    }

    /// Feed one line including its line break (CRLF or a bare LF). Returns whether the
    /// terminating line was seen; lines after it are an error of the caller.
    pub fn push(&mut self, line: &[u8]) -> Result<bool, OverLimit> {
        let content = trim_end(line);
        if content == b"." {
            self.done = true;
            return Ok(true);
        }
        let content = content.strip_prefix(b".").unwrap_or(content);
        if self.data.len() + content.len() + 2 > self.limit {
            return Err(OverLimit);
        }
        self.data.extend_from_slice(content);
        self.data.extend_from_slice(b"\r\n");
        Ok(false)
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The answer's bytes, lines ending in CRLF (a message exactly as it was stored).
    pub fn into_bytes(self) -> Vec<u8> {
        self.data
    }

    /// The answer's lines, without line breaks.
    pub fn lines(&self) -> impl Iterator<Item = &[u8]> {
        self.data
            .split(|&b| b == b'\n')
            .map(trim_end)
            .filter(|l| !l.is_empty())
    }
}

fn trim_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn strip_prefix_ci<'a>(line: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    (line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &line[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        assert_eq!(
            status(b"+OK Dovecot ready.\r\n"),
            Some(Status::Ok("Dovecot ready.".into()))
        );
        assert_eq!(status(b"+OK"), Some(Status::Ok(String::new())));
        assert_eq!(
            status(b"-ERR [AUTH] Authentication failed.\r\n"),
            Some(Status::Err("[AUTH] Authentication failed.".into()))
        );
        for garbage in [
            &b"* OK IMAP4rev1"[..],
            b"+OKAY",
            b"",
            b"\xff\xfe",
            b"220 smtp ready",
        ] {
            assert_eq!(status(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn stat_list_uidl_and_apop() {
        assert_eq!(stat("2 320"), Some((2, 320)));
        assert_eq!(stat("two 320"), None);
        assert_eq!(list_line(b"1 120\r\n"), Some((1, 120)));
        assert_eq!(list_line(b"1\r\n"), None);
        assert_eq!(
            uidl_line(b"3 whqtswO00WBw418f9t5JxYwZ\r\n"),
            Some((3, "whqtswO00WBw418f9t5JxYwZ".into()))
        );
        assert_eq!(uidl_line(b"3 has\x01control\r\n"), None);
        assert_eq!(uidl_line(&[b"1 ".as_slice(), &[b'a'; 71]].concat()), None);
        assert_eq!(
            apop_timestamp("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"),
            Some("<1896.697170952@dbc.mtview.ca.us>")
        );
        assert_eq!(apop_timestamp("+OK ready <no-at-sign>"), None);
    }

    #[test]
    fn header_keys_use_the_message_id_else_a_digest() {
        assert_eq!(
            header_key(b"Subject: a\r\nMessage-ID: <x@y>\r\n\r\n", 10),
            "mid:<x@y>:10"
        );
        assert_eq!(header_key(b"message-id:  <x@y> \r\n", 11), "mid:<x@y>:11");
        let a = header_key(b"Subject: a\r\n", 10);
        assert!(a.starts_with("hdr:") && a.ends_with(":10"));
        assert_ne!(a, header_key(b"Subject: b\r\n", 10));
        assert_ne!(a, header_key(b"Subject: a\r\n", 12));
    }

    #[test]
    fn capabilities() {
        let lines: Vec<&[u8]> = vec![
            b"PIPELINING\r\n",
            b"UIDL",
            b"STLS",
            b"SASL PLAIN LOGIN",
            b"USER",
        ];
        let caps = Capabilities::from_lines(lines);
        assert!(caps.pipelining && caps.uidl && caps.stls && caps.sasl_plain && caps.user);
        assert_eq!(
            Capabilities::from_lines(Vec::<&[u8]>::new()),
            Capabilities::default()
        );
    }

    #[test]
    fn a_message_is_unstuffed_and_capped() {
        let mut m = MultiLine::new(1000);
        for line in [
            &b"Subject: x\r\n"[..],
            b"\r\n",
            b"..leading dot\r\n",
            b"bare lf\n",
            b".\r\n",
        ] {
            if m.push(line).unwrap() {
                break;
            }
        }
        assert!(m.is_done());
        assert_eq!(
            m.into_bytes(),
            b"Subject: x\r\n\r\n.leading dot\r\nbare lf\r\n"
        );
        let mut small = MultiLine::new(10);
        assert_eq!(small.push(b"0123456789abcdef\r\n"), Err(OverLimit));
    }

    #[test]
    fn the_apop_digest_of_rfc_1939() {
        assert_eq!(
            apop_digest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf"),
            "c4c9334bac560ecc979e58001b3e22fb"
        );
    }
}
