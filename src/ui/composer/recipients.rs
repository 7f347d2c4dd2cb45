//! The To, Cc and Bcc fields as typed: which pieces are not addresses, which piece is being
//! typed (for suggestions), and completing that piece with a suggestion.

use crate::mime::compose::{format_mailbox, parse_recipient_list, Mailbox};
use crate::store::Contact;

/// Where the piece being typed starts: just after the last `,` or `;` outside quotes and angle
/// brackets (0 when there is none).
pub fn last_piece_start(field: &str) -> usize {
    let (mut quoted, mut angle, mut start) = (false, false, 0);
    let mut escaped = false;
    for (i, c) in field.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => start = i + 1,
            _ => {}
        }
    }
    start
}

/// The piece being typed, trimmed (what suggestions are looked up for).
pub fn typed_piece(field: &str) -> &str {
    field[last_piece_start(field)..].trim()
}

/// The pieces that are not addresses. While the field is being typed in, its last piece is
/// left alone (it is probably not finished).
pub fn invalid_pieces(field: &str, include_last: bool) -> Vec<String> {
    let checked = if include_last {
        field
    } else {
        &field[..last_piece_start(field)]
    };
    parse_recipient_list(checked).1
}

/// The field with its last piece replaced by `contact`, ready for the next address.
pub fn complete(field: &str, contact: &Contact) -> String {
    let start = last_piece_start(field);
    let mailbox = Mailbox {
        name: contact.name.clone(),
        email: contact.email.clone(),
    };
    let before = field[..start].trim_end();
    let sep = if before.is_empty() { "" } else { " " };
    format!("{before}{sep}{}, ", format_mailbox(&mailbox))
}

/// The valid mailboxes of a field, as they go into the draft.
pub fn mailboxes(field: &str) -> (Vec<String>, Vec<String>) {
    let (valid, invalid) = parse_recipient_list(field);
    (valid.iter().map(format_mailbox).collect(), invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_piece_being_typed_is_after_the_last_separator() {
        assert_eq!(typed_piece("al"), "al");
        assert_eq!(typed_piece("a@x.test, Kim"), "Kim");
        assert_eq!(typed_piece("\"Kim, Minji\" <m@x.test>; bo"), "bo");
        assert_eq!(typed_piece("a@x.test, "), "");
        assert_eq!(typed_piece("\"Kim, Min"), "\"Kim, Min");
    }

    #[test]
    fn unfinished_last_pieces_are_not_marked_until_the_field_is_left() {
        assert!(invalid_pieces("a@x.test, bo", false).is_empty());
        assert_eq!(invalid_pieces("a@x.test, bo", true), ["bo"]);
        assert_eq!(invalid_pieces("bob, a@x.test, c", false), ["bob"]);
        assert!(invalid_pieces("", true).is_empty());
    }

    #[test]
    fn completing_replaces_the_typed_piece() {
        let kim = Contact {
            name: Some("Kim, Minji".into()),
            email: "minji@x.test".into(),
            written_to: true,
            count: 1,
        };
        assert_eq!(
            complete("a@x.test, ki", &kim),
            "a@x.test, \"Kim, Minji\" <minji@x.test>, "
        );
        assert_eq!(complete("ki", &kim), "\"Kim, Minji\" <minji@x.test>, ");
    }
}
