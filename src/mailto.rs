//! `mailto:` URLs (RFC 6068) as the start of a new message: recipients, Cc, Bcc, subject, body
//! and the message replied to. A URL comes from any web page, so it is read as data: only those
//! six fields are taken (never other headers, never attachments), line breaks cannot reach a
//! header, and sizes are capped.

use percent_encoding::percent_decode_str;

/// What a `mailto:` URL asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailto {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    /// Plain text, lines ending in `\n`.
    pub body: String,
    /// Message-ID without angle brackets.
    pub in_reply_to: Option<String>,
}

/// Longest URL read (a long body is fine; a page cannot hand over megabytes).
pub const MAX_URL: usize = 256 * 1024;
/// Most addresses taken from one URL, all fields together.
pub const MAX_ADDRESSES: usize = 100;
/// Longest subject kept, in characters.
pub const MAX_SUBJECT: usize = 998;

/// Why a URL is not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailtoError {
    #[error("it is not a mailto: address")]
    NotMailto,
    #[error("it is longer than {} KB", MAX_URL / 1024)]
    TooLong,
}

/// Whether `arg` (a command-line argument) is a mailto: URL.
pub fn is_mailto(arg: &str) -> bool {
    arg.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
}

/// Read a `mailto:` URL. Unknown fields are ignored, as RFC 6068 allows; addresses that do not
/// look like addresses are dropped.
pub fn parse(url: &str) -> Result<Mailto, MailtoError> {
    if url.len() > MAX_URL {
        return Err(MailtoError::TooLong);
    }
    let url = url.trim();
    if !is_mailto(url) {
        return Err(MailtoError::NotMailto);
    }
    let rest = &url[7..];
    // A fragment is not part of a mailto: URL.
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    };
    let mut out = Mailto::default();
    let mut room = MAX_ADDRESSES;
    add_addresses(&mut out.to, path, &mut room);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name).to_ascii_lowercase();
        match name.as_str() {
            "to" => add_addresses(&mut out.to, value, &mut room),
            "cc" => add_addresses(&mut out.cc, value, &mut room),
            "bcc" => add_addresses(&mut out.bcc, value, &mut room),
            "subject" if out.subject.is_empty() => out.subject = one_line(&decode(value)),
            "body" if out.body.is_empty() => out.body = lines(&decode(value)),
            "in-reply-to" if out.in_reply_to.is_none() => {
                out.in_reply_to = message_id(&decode(value));
            }
            // Anything else (other headers, "attach", "attachment"...) is never taken.
            _ => {}
        }
    }
    Ok(out)
}

/// Percent-decoded UTF-8 (invalid sequences become U+FFFD). `+` stays a plus: RFC 6068 does not
/// use the form encoding.
fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Comma-separated addresses, each on one line and looking like an address.
fn add_addresses(into: &mut Vec<String>, raw: &str, room: &mut usize) {
    for part in decode(raw).split(',') {
        let address = one_line(part);
        let address = address.trim();
        if address.is_empty() || *room == 0 {
            continue;
        }
        // A stray bracket is not part of an address (found by fuzzing: "<a@b" was taken).
        let bare = bare_address(address);
        if !bare.contains(['<', '>']) && crate::engine::form_check::looks_like_address(bare) {
            into.push(address.to_string());
            *room -= 1;
        }
    }
}

/// `a@b` of `Name <a@b>` (or the text itself). Nothing may follow the closing bracket.
fn bare_address(text: &str) -> &str {
    match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(inner)) if open < inner.len() => &inner[open + 1..],
        _ => text,
    }
}

/// Text for a header: control characters (line breaks included) become spaces, runs of spaces
/// one, at most `MAX_SUBJECT` characters.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_SUBJECT)
        .collect()
}

/// The body's line breaks as `\n` (RFC 6068 writes them `%0D%0A`); other control characters
/// except tab dropped.
fn lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// A Message-ID: `<id@host>` or `id@host`, without brackets; anything else is dropped.
fn message_id(text: &str) -> Option<String> {
    let id = one_line(text);
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    (id.contains('@') && !id.contains(char::is_whitespace) && !id.contains(['<', '>']))
        .then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_of_rfc_6068() {
        let m = parse(
            "mailto:alice@example.com,bob@example.com?cc=carol@example.com&BCC=dave@example.com\
             &subject=Lunch%20tomorrow%3F&body=Hi%21%0D%0ANoon%3F&in-reply-to=%3C3469A91.D10AF4C%40example.com%3E",
        )
        .unwrap();
        assert_eq!(m.to, ["alice@example.com", "bob@example.com"]);
        assert_eq!(m.cc, ["carol@example.com"]);
        assert_eq!(m.bcc, ["dave@example.com"]);
        assert_eq!(m.subject, "Lunch tomorrow?");
        assert_eq!(m.body, "Hi!\nNoon?");
        assert_eq!(
            m.in_reply_to.as_deref(),
            Some("3469A91.D10AF4C@example.com")
        );
        // RFC 6068's examples: to in the query, several to fields, a plus that stays a plus.
        let m = parse("mailto:?to=joe@example.com&cc=bob@example.com&body=hello").unwrap();
        assert_eq!(
            (m.to, m.cc, m.body.as_str()),
            (
                vec!["joe@example.com".to_string()],
                vec!["bob@example.com".to_string()],
                "hello"
            )
        );
        let m = parse("MAILTO:joe+list@example.com?subject=1+1").unwrap();
        assert_eq!(
            (m.to[0].as_str(), m.subject.as_str()),
            ("joe+list@example.com", "1+1")
        );
    }

    #[test]
    fn korean_in_percent_encoded_utf8() {
        let m = parse(
            "mailto:%EB%AF%BC%EC%A7%80%40example.kr?subject=%EC%A0%9C%EB%B9%84%20%EC%86%8C%EC%8B%9D\
             &body=%EC%95%88%EB%85%95%ED%95%98%EC%84%B8%EC%9A%94",
        )
        .unwrap();
        assert_eq!(m.to, ["민지@example.kr"]);
        assert_eq!(m.subject, "제비 소식");
        assert_eq!(m.body, "안녕하세요");
        // Invalid UTF-8 does not stop the rest.
        let m = parse("mailto:a@example.com?subject=%FF%FEok").unwrap();
        assert!(m.subject.ends_with("ok"), "{}", m.subject);
    }

    #[test]
    fn a_stray_bracket_is_not_an_address() {
        // The fuzz target mailto's find: "<port@bb" was taken as an address.
        let m =
            parse("mailto:%3Cport@bb,Bob%20%3Cbob@example.com%3E,a@b.c%3E,x%20%3Cc@d.e%3E%20more")
                .unwrap();
        assert_eq!(m.to, ["Bob <bob@example.com>"]);
    }

    #[test]
    fn hostile_urls_never_add_headers_or_attachments() {
        let m = parse(
            "mailto:a@example.com?subject=Hi%0D%0ABcc:%20spy@evil.example%0D%0A\
             &attach=/etc/passwd&attachment=%2Fhome%2Fme%2F.ssh%2Fid_rsa&X-Mailer=evil\
             &from=boss@example.com&reply-to=evil@example.com&cc=x%0D%0ATo:%20y@evil.example\
             &in-reply-to=%3Cx%3E%0D%0ABcc:%20z@evil.example",
        )
        .unwrap();
        assert_eq!(m.subject, "Hi Bcc: spy@evil.example");
        assert!(m.bcc.is_empty() && m.cc.is_empty(), "{m:?}");
        assert_eq!(m.to, ["a@example.com"]);
        assert_eq!(m.in_reply_to, None);
        // Not a mailto: URL, or far too long.
        assert_eq!(parse("https://example.com"), Err(MailtoError::NotMailto));
        assert_eq!(parse("mail"), Err(MailtoError::NotMailto));
        let long = format!("mailto:a@example.com?body={}", "x".repeat(MAX_URL));
        assert_eq!(parse(&long), Err(MailtoError::TooLong));
        // A thousand addresses: the first hundred.
        let many = (0..1000)
            .map(|i| format!("u{i}@example.com"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            parse(&format!("mailto:{many}")).unwrap().to.len(),
            MAX_ADDRESSES
        );
        // Not addresses at all.
        assert!(parse("mailto:javascript:alert(1)").unwrap().to.is_empty());
    }
}
