//! Addresses as people type them: `a@b`, `<a@b>`, `Name <a@b>`, `"Kim, Minji" <a@b>`, and lists of them.

use super::single_line;
use super::Mailbox;
use crate::mime::header::clean_line;

/// Parses one address as typed: `a@b`, `<a@b>`, `Name <a@b>` or `"Name, with comma" <a@b>`.
/// The error is a sentence naming the bad text.
pub fn parse_recipient(s: &str) -> Result<Mailbox, String> {
    if s.chars().any(char::is_control) {
        return Err(format!(
            "“{}” contains a line break or another control character.",
            clean_line(s)
        ));
    }
    let text = s.trim();
    if text.is_empty() {
        return Err("An address is empty.".to_string());
    }
    let (name, email) = match find_outside_quotes(text, '<') {
        Some(open) => {
            let rest = &text[open + 1..];
            let Some(close) = rest.find('>') else {
                return Err(format!("“{text}” has a “<” without a closing “>”."));
            };
            if !rest[close + 1..].trim().is_empty() {
                return Err(format!("“{text}” has text after the closing “>”."));
            }
            (unquote(text[..open].trim()), rest[..close].trim())
        }
        None => (None, text),
    };
    check_email(email)
        .map_err(|reason| format!("“{text}” is not a valid email address ({reason})."))?;
    Ok(Mailbox {
        name: name.map(|n| clean_line(&n)).filter(|n| !n.is_empty()),
        email: email.to_string(),
    })
}

/// Splits a To/Cc field on commas and semicolons (not inside quotes or angle brackets) and parses each piece.
/// Returns the valid mailboxes and the invalid pieces as typed (trimmed); empty pieces are skipped.
pub fn parse_recipient_list(field: &str) -> (Vec<Mailbox>, Vec<String>) {
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    for piece in split_list(field) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        match parse_recipient(piece) {
            Ok(mailbox) => valid.push(mailbox),
            Err(_) => invalid.push(piece.to_string()),
        }
    }
    (valid, invalid)
}

/// The mailbox as one would type it back: the name quoted when it holds a comma, quote or other special.
pub fn format_mailbox(mailbox: &Mailbox) -> String {
    let Some(name) = mailbox.name.as_deref().filter(|n| !n.is_empty()) else {
        return mailbox.email.clone();
    };
    let special = |c: char| "()<>[]:;@\\,.\"".contains(c);
    if name.contains(special) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\" <{}>", mailbox.email)
    } else {
        format!("{name} <{}>", mailbox.email)
    }
}

/// A mailbox checked and converted for lettre: control characters dropped from the name, the address refused
/// when it has any.
pub(crate) fn lettre_mailbox(mailbox: &Mailbox) -> Result<lettre::message::Mailbox, String> {
    let email = mailbox.email.trim();
    if email.chars().any(char::is_control) {
        return Err(format!(
            "“{}” contains a line break or another control character.",
            clean_line(email)
        ));
    }
    let address = check_email(email)
        .map_err(|reason| format!("“{email}” is not a valid email address ({reason})."))?;
    let name = mailbox
        .name
        .as_deref()
        .map(single_line)
        .filter(|n| !n.is_empty());
    Ok(lettre::message::Mailbox::new(name, address))
}

fn check_email(email: &str) -> Result<lettre::Address, &'static str> {
    if email.is_empty() {
        return Err("the address is empty");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains a space or control character");
    }
    if !email.contains('@') {
        return Err("it has no “@”");
    }
    email
        .parse::<lettre::Address>()
        .map_err(|_| "the part before or after “@” is not allowed")
}

/// Byte index of the first `target` outside a double-quoted part (backslash escapes honoured).
fn find_outside_quotes(text: &str, target: char) -> Option<usize> {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            c if c == target && !in_quotes => return Some(i),
            _ => {}
        }
    }
    None
}

/// `"Kim, Minji"` -> `Kim, Minji` (escapes undone); an unquoted name as it is; `None` when empty.
fn unquote(name: &str) -> Option<String> {
    let inner = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' {
                    chars.next().unwrap_or(c)
                } else {
                    c
                });
            }
            out
        }
        None => name.to_string(),
    };
    (!inner.trim().is_empty()).then_some(inner)
}

/// Pieces of an address field, split on `,` and `;` outside quotes and angle brackets.
fn split_list(field: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut in_quotes, mut escaped, mut in_angle) = (false, false, false);
    let mut start = 0;
    for (i, c) in field.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' if !in_angle => in_quotes = !in_quotes,
            '<' if !in_quotes => in_angle = true,
            '>' if !in_quotes => in_angle = false,
            ',' | ';' if !in_quotes && !in_angle => {
                pieces.push(&field[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&field[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_recipients_as_typed() {
        assert_eq!(
            parse_recipient(" bob@example.test ").unwrap(),
            Mailbox {
                name: None,
                email: "bob@example.test".into()
            }
        );
        assert_eq!(
            parse_recipient("<bob@example.test>").unwrap().email,
            "bob@example.test"
        );
        let quoted = parse_recipient("\"Kim, Minji \\\"MJ\\\"\" <mj@example.kr>").unwrap();
        assert_eq!(quoted.name.as_deref(), Some("Kim, Minji \"MJ\""));
        assert_eq!(quoted.email, "mj@example.kr");
        let korean = parse_recipient("김민지 <minji@example.kr>").unwrap();
        assert_eq!(korean.name.as_deref(), Some("김민지"));
    }

    #[test]
    fn refuses_bad_recipients_with_a_sentence_naming_them() {
        for bad in [
            "",
            "bob",
            "bob@",
            "@example.test",
            "bob @example.test",
            "Bob <bob@example.test",
            "Bob <bob@example.test> extra",
        ] {
            let err = parse_recipient(bad).expect_err(bad);
            assert!(err.ends_with('.'), "{err}");
            if !bad.is_empty() {
                assert!(err.contains(bad.trim()), "{err} names {bad}");
            }
        }
        let err = parse_recipient("bob@example.test\r\nBcc: evil@example.test").unwrap_err();
        assert!(err.contains("line break"), "{err}");
        assert!(parse_recipient("Bob\n <bob@example.test>").is_err());
        assert!(parse_recipient("bob@exa\0mple.test").is_err());
    }

    #[test]
    fn splits_lists_on_commas_and_semicolons_outside_quotes() {
        let (valid, invalid) = parse_recipient_list(
            "\"Kim, Minji\" <mj@example.kr>; bob@example.test,, not an address , <c@example.test>",
        );
        let emails: Vec<_> = valid.iter().map(|m| m.email.as_str()).collect();
        assert_eq!(
            emails,
            ["mj@example.kr", "bob@example.test", "c@example.test"]
        );
        assert_eq!(valid[0].name.as_deref(), Some("Kim, Minji"));
        assert_eq!(invalid, ["not an address"]);
        assert_eq!(parse_recipient_list("  "), (vec![], vec![]));
    }

    #[test]
    fn formatted_mailboxes_parse_back_the_same() {
        for mailbox in [
            Mailbox {
                name: Some("Kim, Minji \"MJ\" \\o/".into()),
                email: "mj@example.kr".into(),
            },
            Mailbox {
                name: Some("김민지".into()),
                email: "minji@example.kr".into(),
            },
            Mailbox {
                name: None,
                email: "a@example.test".into(),
            },
        ] {
            let typed = format_mailbox(&mailbox);
            assert_eq!(parse_recipient(&typed).unwrap(), mailbox, "{typed}");
            let (list, invalid) = parse_recipient_list(&format!("{typed}, x@example.test"));
            assert!(invalid.is_empty());
            assert_eq!(list[0], mailbox);
        }
    }
}
