//! The IMAP literal guard fed arbitrary server streams, in pieces of the sizes the input
//! chooses. Property: the bytes pass unchanged, and no literal over the limit gets through: a
//! reference scanner written here from RFC 3501's framing finds none in what passed.
#![no_main]
use jebi::imap::literal_guard::LiteralGuard;
use libfuzzer_sys::fuzz_target;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

/// Hands out the stream in pieces of the given sizes.
struct Pieces<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    at: usize,
}

impl AsyncRead for Pieces<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let size = if self.sizes.is_empty() {
            usize::MAX
        } else {
            usize::from(self.sizes[self.at % self.sizes.len()]).max(1)
        };
        self.at += 1;
        let take = size.min(buf.remaining()).min(self.data.len());
        buf.put_slice(&self.data[..take]);
        self.data = &self.data[take..];
        Poll::Ready(Ok(()))
    }
}

/// Literal sizes announced outside literals (`{N}` or `{N+}` right before CRLF).
fn announced(bytes: &[u8]) -> Vec<u64> {
    let mut sizes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            let mut j = i + 1 + digits;
            if j < bytes.len() && bytes[j] == b'+' {
                j += 1;
            }
            if digits > 0 && bytes[j..].starts_with(b"}\r\n") {
                let n = std::str::from_utf8(&bytes[i + 1..i + 1 + digits])
                    .unwrap()
                    .parse::<u64>()
                    .unwrap_or(u64::MAX);
                sizes.push(n);
                i = (j + 3).saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
                continue;
            }
        }
        i += 1;
    }
    sizes
}

fuzz_target!(|input: &[u8]| {
    if input.len() < 2 {
        return;
    }
    // Small limits from the first byte (the check is the same for any limit), and the app's
    // own `MAX_LITERAL` when it is 255 (the dictionary holds literals at its boundary).
    let limit = match input[0] {
        255 => jebi::imap::MAX_LITERAL,
        b => u64::from(b) * 4,
    };
    let split = usize::from(input[1]).min(input.len() - 2).min(16);
    let (sizes, data) = input[2..].split_at(split);
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let (passed, refused) = runtime.block_on(async {
        let mut guard = LiteralGuard::new(Pieces { data, sizes, at: 0 }, limit);
        let mut passed = Vec::new();
        let mut chunk = [0u8; 64];
        loop {
            match guard.read(&mut chunk).await {
                Ok(0) => return (passed, false),
                Ok(n) => passed.extend_from_slice(&chunk[..n]),
                Err(e) => {
                    assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
                    return (passed, true);
                }
            }
        }
    });
    assert!(data.starts_with(&passed), "the guard changed the bytes");
    if !refused {
        assert_eq!(passed.len(), data.len());
        for n in announced(&passed) {
            assert!(n <= limit, "a {n}-byte literal passed a limit of {limit}");
        }
    } else {
        assert!(
            announced(data).iter().any(|&n| n > limit),
            "refused a stream with no literal over {limit}"
        );
    }
});
