//! RFC 2231 parameter values (`filename*0*=UTF-8''%ED%95; filename*1*=%9C.pdf`).
//!
//! mail-parser 0.11 decodes each continuation segment on its own, so a multi-byte character split across
//! segments turns into U+FFFD, and segments after the first ignore the declared charset. This module
//! re-reads the raw header value, joins the percent-decoded bytes of all segments and decodes them once.

use mail_parser::decoders::charsets::map::charset_decoder;

/// Continuation numbers beyond this are ignored (a name is never legitimately this long).
const MAX_SEGMENTS: usize = 256;

struct Segment {
    number: usize,
    extended: bool,
    value: Vec<u8>,
}

/// The value of parameter `name` (lower-case) in a raw Content-Type / Content-Disposition value, if it is
/// written in RFC 2231 form (`name*=` or `name*0=` / `name*0*=` ...). `None` when the parameter is absent
/// or only written in the plain `name=` form.
pub(crate) fn extended_parameter(raw_value: &[u8], name: &str) -> Option<String> {
    let mut segments: Vec<Segment> = Vec::new();
    for (key, value) in parameters(raw_value) {
        let Some(rest) = key.strip_prefix(name).and_then(|r| r.strip_prefix('*')) else {
            continue;
        };
        let (number, extended) = match rest {
            "" => (0, true),
            _ => {
                let (digits, extended) = match rest.strip_suffix('*') {
                    Some(digits) => (digits, true),
                    None => (rest, false),
                };
                match digits.parse::<usize>() {
                    Ok(n) if n < MAX_SEGMENTS => (n, extended),
                    _ => continue,
                }
            }
        };
        if segments.iter().all(|s| s.number != number) {
            segments.push(Segment {
                number,
                extended,
                value,
            });
        }
    }
    if segments.is_empty() {
        return None;
    }
    segments.sort_by_key(|s| s.number);

    let mut charset: Option<Vec<u8>> = None;
    let mut bytes = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let mut value = segment.value.as_slice();
        if segment.extended && i == 0 {
            // charset'language'value
            let mut pieces = value.splitn(3, |&b| b == b'\'');
            if let (Some(cs), Some(_lang), Some(rest)) =
                (pieces.next(), pieces.next(), pieces.next())
            {
                charset = Some(cs.to_vec()).filter(|c| !c.is_empty());
                value = rest;
            }
        }
        if segment.extended {
            percent_decode_into(value, &mut bytes);
        } else {
            bytes.extend_from_slice(value);
        }
    }
    let decoded = match charset.as_deref().and_then(charset_decoder) {
        Some(decode) => decode(&bytes),
        None => String::from_utf8_lossy(&bytes).into_owned(),
    };
    Some(decoded)
}

/// `key=value` pairs after the first `;`, keys lower-cased, quoted values unquoted.
fn parameters(raw: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = match raw.iter().position(|&b| b == b';') {
        Some(p) => p + 1,
        None => return out,
    };
    while i < raw.len() {
        let key_start = i;
        while i < raw.len() && raw[i] != b'=' && raw[i] != b';' {
            i += 1;
        }
        let key = String::from_utf8_lossy(&raw[key_start..i])
            .trim()
            .to_ascii_lowercase();
        if i >= raw.len() || raw[i] == b';' {
            i += 1;
            continue;
        }
        i += 1; // '='
        while i < raw.len() && raw[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Vec::new();
        if raw.get(i) == Some(&b'"') {
            i += 1;
            while i < raw.len() && raw[i] != b'"' {
                if raw[i] == b'\\' && i + 1 < raw.len() {
                    i += 1;
                }
                if raw[i] != b'\r' && raw[i] != b'\n' {
                    value.push(raw[i]);
                }
                i += 1;
            }
            while i < raw.len() && raw[i] != b';' {
                i += 1;
            }
        } else {
            while i < raw.len() && raw[i] != b';' {
                if !raw[i].is_ascii_whitespace() {
                    value.push(raw[i]);
                }
                i += 1;
            }
        }
        i += 1; // ';'
        out.push((key, value));
    }
    out
}

fn percent_decode_into(value: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(value[i]);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_extended_value() {
        let raw = b" attachment; filename*=UTF-8''%ED%95%9C%EA%B8%80.pdf";
        assert_eq!(
            extended_parameter(raw, "filename").as_deref(),
            Some("한글.pdf")
        );
    }

    #[test]
    fn continuations_split_inside_a_character_are_joined_before_decoding() {
        let raw = b" attachment;\r\n filename*1*=%9C.pdf;\r\n filename*0*=UTF-8''%ED%95";
        assert_eq!(
            extended_parameter(raw, "filename").as_deref(),
            Some("한.pdf")
        );
    }

    #[test]
    fn mixed_plain_and_encoded_continuations_use_the_declared_charset() {
        let raw = b"application/pdf; name*0*=iso-8859-1''caf%E9; name*1=\"-menu.pdf\"";
        assert_eq!(
            extended_parameter(raw, "name").as_deref(),
            Some("café-menu.pdf")
        );
    }

    #[test]
    fn plain_parameters_are_left_to_the_parser() {
        assert_eq!(
            extended_parameter(b"attachment; filename=\"a;b.txt\"", "filename"),
            None
        );
        assert_eq!(extended_parameter(b"attachment", "filename"), None);
        assert_eq!(
            extended_parameter(b"x; filename*=%", "filename").as_deref(),
            Some("%")
        );
    }
}
