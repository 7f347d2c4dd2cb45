//! The list's one-line preview of a message: the first words the sender wrote, without quoted
//! lines, reply headers ("On ... wrote:"), signatures or runs of spaces.

/// Longest preview kept, in characters.
pub const SNIPPET_CHARS: usize = 160;
/// Text read from a body to make its preview (quoted lines and reply headers are skipped).
pub const SNIPPET_SOURCE_CHARS: usize = 4096;

fn is_reply_header(line: &str) -> bool {
    let l = line.trim_end();
    (l.ends_with("wrote:") || l.ends_with("작성:") || l.ends_with("님이 작성:")) && l.len() < 300
}

/// The preview of a body's text (`searchable_text`).
pub fn snippet(body: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for line in body.lines() {
        let line = line.trim();
        if line == "--" || line == "-- " || line.starts_with("-----Original Message") {
            break;
        }
        if line.is_empty() || line.starts_with('>') || is_reply_header(line) {
            continue;
        }
        for word in line.split_whitespace() {
            if chars > 0 {
                out.push(' ');
                chars += 1;
            }
            for c in word.chars().filter(|c| !c.is_control()) {
                if chars >= SNIPPET_CHARS {
                    return out;
                }
                out.push(c);
                chars += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_what_the_sender_wrote() {
        let body = "Hi Minji,\r\n\r\n  the   report is   ready.\r\n\r\nOn Tue, Bob wrote:\r\n> old text\r\n-- \r\nBob\r\n";
        assert_eq!(snippet(body), "Hi Minji, the report is ready.");
        assert_eq!(snippet("> only quoted\n"), "");
        let long = "가나다 ".repeat(100);
        assert_eq!(snippet(&long).chars().count(), SNIPPET_CHARS);
    }
}
