//! Mailbox addresses as the reader and the address book see them.

use std::fmt;

use super::header::clean_line;

/// How many addresses one header may contribute (a hostile To: can list millions).
const MAX_ADDRESSES_PER_HEADER: usize = 1000;

/// One mailbox: `Name <email>`. `email` may be empty when the header named someone without an address.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Address {
    pub name: Option<String>,
    pub email: String,
}

impl Address {
    /// `Name <email>`, the name alone or the address alone, in plain `write_str` calls (no
    /// format machinery: a first sync writes two address lines per message).
    fn write_into<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        match (&self.name, self.email.is_empty()) {
            (Some(name), false) => {
                out.write_str(name)?;
                out.write_str(" <")?;
                out.write_str(&self.email)?;
                out.write_str(">")
            }
            (Some(name), true) => out.write_str(name),
            (None, _) => out.write_str(&self.email),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_into(f)
    }
}

/// The addresses as one line, each as `Address` displays it, separated by ", ", in a string of
/// the right size: through `write!` it was 6 % of a first sync's writer thread (the formatting
/// machinery and the string's regrowth).
pub fn join(list: &[Address]) -> String {
    let len = list
        .iter()
        .map(|a| a.name.as_ref().map_or(0, |n| n.len() + 3) + a.email.len() + 2)
        .sum();
    let mut out = String::with_capacity(len);
    for (i, a) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        // Writing into a String cannot fail.
        let _ = a.write_into(&mut out);
    }
    out
}

/// Flattens a parsed address header (plain list or RFC 5322 groups) into mailboxes, dropping empty entries.
pub(crate) fn from_header(header: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    let Some(header) = header else {
        return Vec::new();
    };
    header
        .iter()
        .filter_map(|addr| {
            let name = addr.name().map(clean_line).filter(|n| !n.is_empty());
            let email = addr.address().map(clean_line).unwrap_or_default();
            (name.is_some() || !email.is_empty()).then_some(Address { name, email })
        })
        .take(MAX_ADDRESSES_PER_HEADER)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn from_of(raw: &str) -> Vec<Address> {
        let message = MessageParser::default()
            .parse(raw.as_bytes())
            .expect("parses");
        from_header(message.from())
    }

    #[test]
    fn display_forms() {
        let full = Address {
            name: Some("Kim Minji".into()),
            email: "minji@example.kr".into(),
        };
        let bare = Address {
            name: None,
            email: "a@b.c".into(),
        };
        let name_only = Address {
            name: Some("Undisclosed".into()),
            email: String::new(),
        };
        assert_eq!(full.to_string(), "Kim Minji <minji@example.kr>");
        assert_eq!(bare.to_string(), "a@b.c");
        assert_eq!(name_only.to_string(), "Undisclosed");
    }

    #[test]
    fn decodes_encoded_display_names_and_flattens_groups() {
        let from = from_of("From: =?EUC-KR?B?waa68Q==?= <jebi@example.kr>, plain@example.com\n\nx");
        assert_eq!(
            from,
            vec![
                Address {
                    name: Some("제비".into()),
                    email: "jebi@example.kr".into()
                },
                Address {
                    name: None,
                    email: "plain@example.com".into()
                },
            ]
        );
        let group = from_of("From: Team: a@x.org, \"B\" <b@x.org>;\n\nx");
        let emails: Vec<_> = group.iter().map(|a| a.email.as_str()).collect();
        assert_eq!(emails, ["a@x.org", "b@x.org"]);
    }

    /// The stored To and Cc lines are each address as it displays, joined by ", ".
    #[test]
    fn a_stored_address_line_is_the_displayed_addresses_joined() {
        let a = |name: Option<&str>, email: &str| Address {
            name: name.map(str::to_string),
            email: email.to_string(),
        };
        let lists = [
            vec![],
            vec![a(None, "solo@example.com")],
            vec![
                a(Some("김철수"), "kim@example.kr"),
                a(Some("Only Name"), ""),
            ],
            vec![a(None, ""), a(Some("A, B"), "ab@x.y"), a(None, "c@x.y")],
        ];
        for list in lists {
            let displayed: Vec<String> = list.iter().map(ToString::to_string).collect();
            assert_eq!(join(&list), displayed.join(", "));
        }
    }
}
