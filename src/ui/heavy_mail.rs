//! Heavy messages for the reader's tests and benchmark: many parts, a big attachment, a long
//! HTML body. Not used by the app itself.

use base64::Engine as _;

/// A multipart message with a short text part and `parts` tiny attachments `f0.bin`...
pub fn many_parts(parts: usize) -> Vec<u8> {
    let mut raw = String::from(
        "Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nintro\r\n",
    );
    for i in 0..parts {
        raw.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream; name=f{i}.bin\r\n\r\nxx\r\n"
        ));
    }
    raw.push_str("--b--\r\n");
    raw.into_bytes()
}

/// A message with the text "see the video" and a base64 `talk.mp4` of `mib` MiB.
pub fn big_attachment(mib: usize) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(vec![0x5au8; mib << 20]);
    let mut raw = String::with_capacity(encoded.len() + encoded.len() / 38 + 400);
    raw.push_str(
        "Subject: big\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nsee the video\r\n\
         --b\r\nContent-Type: video/mp4; name=talk.mp4\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    // Lines of 76 characters, as mail has them.
    for line in encoded.as_bytes().chunks(76) {
        raw.push_str(std::str::from_utf8(line).unwrap_or_default());
        raw.push_str("\r\n");
    }
    raw.push_str("--b--\r\n");
    raw.into_bytes()
}

/// An HTML newsletter of about `bytes` bytes: headings, styled paragraphs, lists and links.
pub fn long_html(bytes: usize) -> Vec<u8> {
    let mut html = String::from("<html><body>");
    let mut i = 0;
    while html.len() < bytes {
        html.push_str(&format!(
            "<h2>Section {i}</h2><p>Some <b>bold</b> and <i>soft</i> words about item {i}, \
             with <a href=\"https://example.test/{i}\">a link</a>.</p><ul><li>one</li><li>two</li></ul>"
        ));
        i += 1;
    }
    html.push_str("</body></html>");
    format!("Subject: long\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}").into_bytes()
}
