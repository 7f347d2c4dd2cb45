//! Header values as people read them: RFC 2047 decoding of raw values (IMAP ENVELOPE fields arrive undecoded),
//! control-character clean-up, and a last-resort Subject scan for messages the parser rejects.

use std::panic::catch_unwind;

use mail_parser::parsers::MessageStream;
use mail_parser::HeaderValue;

/// How far into an unparseable message the Subject scan looks.
const SUBJECT_SCAN_LIMIT: usize = 64 * 1024;

/// Decodes an unstructured header value that may contain RFC 2047 encoded-words in any charset
/// (`=?EUC-KR?B?...?=`, `=?utf-8?q?...?=`). Folding is undone, invalid bytes become U+FFFD,
/// control characters become spaces. Never panics.
pub fn decode_header_value(raw: &[u8]) -> String {
    // Most values carry no encoded words: plain UTF-8 needs only the line clean-up.
    if memchr::memmem::find(raw, b"=?").is_none() {
        if let Ok(text) = std::str::from_utf8(raw) {
            return clean_line(text);
        }
    }
    // mail-parser's unstructured parser stops at a line break not followed by white space and yields
    // nothing at all when the value is not newline-terminated, so unfold first and terminate it.
    let mut value: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
        .collect();
    value.push(b'\n');
    let decoded = catch_unwind(|| match MessageStream::new(&value).parse_unstructured() {
        HeaderValue::Text(text) => text.into_owned(),
        _ => String::new(),
    });
    match decoded {
        Ok(text) => clean_line(&text),
        Err(_) => clean_line(&String::from_utf8_lossy(raw)),
    }
}

/// One display line: control characters (tab, CR, LF, NUL, ...) become spaces; ends are trimmed.
pub(crate) fn clean_line(text: &str) -> String {
    // Most lines have no control character: C0 and DEL are single bytes, C1 (U+0080-U+009F)
    // is 0xC2 then 0x80-0x9F in UTF-8 (0xC2 is never a continuation byte).
    let b = text.as_bytes();
    // A fold without early exit: a loop the compiler can vectorise.
    let has_control = b
        .iter()
        .fold(false, |seen, &c| seen | (c < 0x20) | (c == 0x7f))
        || memchr::memchr_iter(0xc2, b)
            .any(|i| b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)));
    if !has_control {
        return text.trim().to_string();
    }
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.trim().to_string()
}

/// Finds and decodes the Subject of a message whose structure could not be parsed, reading only the
/// header block (up to the first empty line, at most [`SUBJECT_SCAN_LIMIT`] bytes).
pub(crate) fn scan_subject(raw: &[u8]) -> String {
    let head = &raw[..raw.len().min(SUBJECT_SCAN_LIMIT)];
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    while let Some(line) = lines.next() {
        if line.is_empty() {
            break;
        }
        let Some(value) = strip_name(line, b"subject:") else {
            continue;
        };
        let mut unfolded = value.to_vec();
        for continuation in lines.by_ref() {
            if !continuation.starts_with(b" ") && !continuation.starts_with(b"\t") {
                break;
            }
            unfolded.extend_from_slice(continuation);
        }
        return decode_header_value(&unfolded);
    }
    String::new()
}

fn strip_name<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let head = line.get(..name.len())?;
    head.eq_ignore_ascii_case(name).then(|| &line[name.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_turns_every_control_character_into_a_space() {
        let reference = |t: &str| -> String {
            let s: String = t
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            s.trim().to_string()
        };
        for t in [
            "  Plain subject ",
            "회의 일정 ¡Hola! ÿ",
            "tab\there",
            "nel\u{85}inside",
            "c1 \u{80}\u{9f} ends\u{9f}",
            "del\u{7f}",
            "\u{a0}nbsp\u{a0}",
            "\u{2028}line sep",
            "",
        ] {
            assert_eq!(clean_line(t), reference(t), "{t:?}");
        }
        assert_eq!(clean_line("a\u{85}b"), "a b");
    }

    #[test]
    fn decodes_euc_kr_base64_word() {
        assert_eq!(
            decode_header_value(b"=?EUC-KR?B?waa68SC43sDPIMXXvbrGrg==?="),
            "제비 메일 테스트"
        );
    }

    #[test]
    fn decodes_q_word_and_keeps_plain_text_around_it() {
        assert_eq!(
            decode_header_value(b"Re: =?utf-8?q?Caf=C3=A9_d=C3=A9j=C3=A0?= ok"),
            "Re: Café déjà ok"
        );
    }

    #[test]
    fn joins_adjacent_encoded_words_and_unfolds() {
        let raw = b"=?UTF-8?B?5pel5pys?=\r\n =?UTF-8?B?6Kqe44Gu5Lu25ZCN?=";
        assert_eq!(decode_header_value(raw), "日本語の件名");
    }

    #[test]
    fn plain_and_broken_values_survive() {
        assert_eq!(decode_header_value(b"Hello world"), "Hello world");
        assert_eq!(decode_header_value(b""), "");
        assert_eq!(
            decode_header_value(b"=?bogus?X?abc?= tail"),
            "=?bogus?X?abc?= tail"
        );
        assert_eq!(decode_header_value(b"bad \xff byte"), "bad \u{fffd} byte");
        assert_eq!(decode_header_value(b"nul\0inside\ttab"), "nul inside tab");
    }

    #[test]
    fn scans_folded_encoded_subject_from_header_block_only() {
        let raw = b"X-Junk: \xff\xfe\r\nSUBJECT: =?utf-8?q?Hall=C3=B6?=\r\n  there\r\nFrom: a\r\n\r\nSubject: body";
        assert_eq!(scan_subject(raw), "Hallö there");
        assert_eq!(scan_subject(b"From: a\n\nSubject: in body"), "");
    }
}
