//! Doors for the fuzz targets (`fuzz/`, feature `fuzzing`): the readers of outside bytes that
//! are private to the crate, each behind a plain function. Nothing else uses this module.

use tokio::io::BufReader;

/// One current-thread runtime per call: the readers are async but never wait on a clock here.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(f)
}

/// The line reader used before TLS (IMAP and SMTP STARTTLS): every line it returns from
/// `bytes`, then why it stopped. A small buffer, so lines cross buffer ends.
pub fn plain_lines(bytes: &[u8], max: usize) -> (Vec<Vec<u8>>, String) {
    block_on(async {
        let mut reader = BufReader::with_capacity(7, bytes);
        let mut lines = Vec::new();
        loop {
            match crate::plain_line::read_line(&mut reader, max).await {
                Ok(line) => lines.push(line),
                Err(e) => return (lines, format!("{e:?}")),
            }
        }
    })
}

/// The SMTP reply reader used before TLS: (code, lines), or the sentence a user would see.
pub fn smtp_reply(bytes: &[u8]) -> Result<(u16, Vec<String>), String> {
    block_on(async {
        let mut reader = BufReader::with_capacity(7, bytes);
        crate::smtp::connect::read_reply(&mut reader, "the greeting")
            .await
            .map_err(|e| e.to_string())
    })
}

/// An EHLO reply's extension lines, as Jebi reads them.
pub fn ehlo(lines: &str) -> Option<u64> {
    crate::smtp::ehlo::Extensions::from_lines(lines.lines()).size_limit()
}

/// RFC 2231 parameter decoding (`name*=charset'lang'value`, `name*0*=...`) of a raw
/// Content-Type/Content-Disposition header value.
pub fn rfc2231(raw_value: &[u8], name: &str) -> Option<String> {
    crate::mime::rfc2231::extended_parameter(raw_value, name)
}

/// A line read from the single-instance socket, and the line the request would be sent as.
pub fn instance_request(line: &str) -> Option<(crate::instance::Request, String)> {
    crate::instance::Request::from_line(line).map(|r| {
        let sent = r.line();
        (r, sent)
    })
}
