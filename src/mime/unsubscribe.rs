//! How to leave a mailing list, from `List-Unsubscribe` (RFC 2369) and
//! `List-Unsubscribe-Post` (RFC 8058): a web address, a mail address, and whether the web
//! address takes a one-click POST. Only `https:`/`http:` and `mailto:` targets are kept.

/// The ways a message offers to unsubscribe.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Unsubscribe {
    /// An `https:` (or `http:`) address.
    pub web: Option<String>,
    /// A `mailto:` address, with its subject and body when it names them.
    pub mail: Option<MailTo>,
    /// RFC 8058: the web address unsubscribes with one POST (`List-Unsubscribe=One-Click`),
    /// no page to visit. Only with an `https:` address.
    pub one_click: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MailTo {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Longest header value read (hostile mail can make it huge).
const MAX_HEADER: usize = 4096;

/// The unsubscribe ways of a message whose `List-Unsubscribe` value is `value` and whose
/// `List-Unsubscribe-Post` value is `post`; `None` when it offers none Jebi can use.
pub fn from_headers(value: &str, post: Option<&str>) -> Option<Unsubscribe> {
    let value: String = value.chars().take(MAX_HEADER).collect();
    let mut out = Unsubscribe::default();
    for part in value.split('<').skip(1) {
        let Some((target, _)) = part.split_once('>') else {
            continue;
        };
        let target: String = target.chars().filter(|c| !c.is_whitespace()).collect();
        let lower = target.to_ascii_lowercase();
        if (lower.starts_with("https://") || lower.starts_with("http://")) && out.web.is_none() {
            out.web = Some(target);
        } else if lower.starts_with("mailto:") && out.mail.is_none() {
            out.mail = mailto(&target);
        }
    }
    let one_click_asked = post.is_some_and(|p| {
        p.split(';')
            .any(|kv| kv.trim().eq_ignore_ascii_case("List-Unsubscribe=One-Click"))
    });
    out.one_click = one_click_asked
        && out
            .web
            .as_deref()
            .is_some_and(|w| w.to_ascii_lowercase().starts_with("https://"));
    (out.web.is_some() || out.mail.is_some()).then_some(out)
}

/// `mailto:list@x?subject=..&body=..`: the address and the subject and body, percent-decoded;
/// other fields (cc, headers) are ignored. `None` when there is no plausible address.
fn mailto(target: &str) -> Option<MailTo> {
    let rest = &target["mailto:".len()..];
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let to = percent_decode(to);
    if !to.contains('@') || to.contains(['\r', '\n', ',', '<', '>']) {
        return None;
    }
    let mut out = MailTo {
        to,
        ..MailTo::default()
    };
    for field in query.split('&') {
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        let v = percent_decode(v).replace(['\r', '\n'], " ");
        match k.to_ascii_lowercase().as_str() {
            "subject" => out.subject = v.chars().take(200).collect(),
            "body" => out.body = v.chars().take(2000).collect(),
            _ => {}
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_and_one_click_are_read() {
        let u = from_headers(
            " <mailto:leave@list.example?subject=unsubscribe%20me>,\r\n <https://list.example/u/42>",
            Some("List-Unsubscribe=One-Click"),
        )
        .unwrap();
        assert_eq!(u.web.as_deref(), Some("https://list.example/u/42"));
        assert_eq!(u.mail.as_ref().unwrap().to, "leave@list.example");
        assert_eq!(u.mail.as_ref().unwrap().subject, "unsubscribe me");
        assert!(u.one_click);
    }

    #[test]
    fn hostile_or_useless_targets_are_dropped() {
        assert_eq!(
            from_headers("<javascript:alert(1)>, <file:///etc/passwd>", None),
            None
        );
        assert_eq!(from_headers("no brackets at all", None), None);
        // One click needs https: plain http gets a visit, not a POST.
        let u = from_headers(
            "<http://list.example/u>",
            Some("List-Unsubscribe=One-Click"),
        )
        .unwrap();
        assert!(!u.one_click);
        // A mailto that smuggles a header line or several addresses is not used.
        assert_eq!(from_headers("<mailto:a@b%0D%0ABcc:%20c@d>", None), None);
        assert_eq!(from_headers("<mailto:a@b,c@d>", None), None);
        let huge = format!("<https://x.example/{}>", "a".repeat(100_000));
        assert!(
            from_headers(&huge, None).is_none(),
            "cut before its end: no closing bracket"
        );
    }
}
