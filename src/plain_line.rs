//! One line read from a connection before TLS (IMAP and SMTP STARTTLS), with a length limit and
//! without reading past it: whatever follows stays in the reader's buffer, so the caller can
//! see bytes a server sends where none may come (STARTTLS injection).

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// Why a connection is dropped when bytes follow the server's STARTTLS go-ahead: they would
/// otherwise be read as if they had come through TLS.
pub const INJECTED_AFTER_STARTTLS: &str =
    "the server sent data after agreeing to STARTTLS (possible injection attack)";

#[derive(Debug)]
pub enum LineError {
    /// The server closed the connection.
    Closed,
    /// A line longer than the limit.
    TooLong,
    Io(std::io::Error),
}

/// The next line, with its line ending (at most `max` bytes).
pub async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> Result<Vec<u8>, LineError> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(LineError::Io)?;
        if buf.is_empty() {
            return Err(LineError::Closed);
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..take]);
        reader.consume(take);
        if line.len() > max {
            return Err(LineError::TooLong);
        }
        if done {
            return Ok(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_limits_and_what_follows() {
        let mut r = tokio::io::BufReader::new(&b"220 hi\r\n250 next"[..]);
        assert_eq!(read_line(&mut r, 100).await.unwrap(), b"220 hi\r\n");
        assert_eq!(
            r.buffer(),
            b"250 next",
            "what follows is left in the buffer"
        );
        assert!(matches!(
            read_line(&mut r, 100).await,
            Err(LineError::Closed)
        ));
        let mut r = tokio::io::BufReader::new(&b"0123456789\n"[..]);
        assert!(matches!(
            read_line(&mut r, 5).await,
            Err(LineError::TooLong)
        ));
    }
}
