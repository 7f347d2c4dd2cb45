//! Reader text as rich-text pieces: URLs (http, https, mailto) become links that show their
//! real target; everything else stays plain. Nothing here fetches anything.

/// A piece of body text; `link` is the target when the piece is a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub link: Option<String>,
}

const SCHEMES: &[&str] = &["https://", "http://", "mailto:"];

/// Characters that end a URL in running text.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`')
}

/// Split `text` into plain and link pieces, in order; joining the texts gives `text` back.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let scheme = SCHEMES.iter().find(|s| {
            rest.get(..s.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(s))
        });
        let starts_word = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
        if let (Some(scheme), true) = (scheme, starts_word) {
            let len = rest.find(ends_url).unwrap_or(rest.len());
            // Trailing punctuation belongs to the sentence, not the URL.
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
            if url.len() > scheme.len() {
                if plain_start < i {
                    out.push(Piece {
                        text: text[plain_start..i].to_string(),
                        link: None,
                    });
                }
                out.push(Piece {
                    text: url.to_string(),
                    link: Some(url.to_string()),
                });
                i += url.len();
                plain_start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if plain_start < text.len() {
        out.push(Piece {
            text: text[plain_start..].to_string(),
            link: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_and_text_is_kept() {
        let t =
            "See https://example.com/a?b=1. Or mail me: mailto:me@x.test, ok? 회의 http://x.test)";
        let p = pieces(t);
        let links: Vec<_> = p.iter().filter_map(|p| p.link.clone()).collect();
        assert_eq!(
            links,
            [
                "https://example.com/a?b=1",
                "mailto:me@x.test",
                "http://x.test"
            ]
        );
        assert_eq!(p.iter().map(|p| p.text.as_str()).collect::<String>(), t);
        assert!(pieces("javascript:alert(1)")
            .iter()
            .all(|p| p.link.is_none()));
        assert!(pieces("xhttp://a.b").iter().all(|p| p.link.is_none()));
        assert_eq!(pieces("").len(), 0);
        assert_eq!(
            pieces("click <https://real.target/x>")[1].link.as_deref(),
            Some("https://real.target/x")
        );
    }
}
