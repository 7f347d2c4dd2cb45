//! A draft as a message for the Drafts folder: nothing is required yet (no recipient, an
//! address still being typed), Bcc is kept in its header so the draft reopens whole, and it
//! is never sent as it is.

use super::{
    body_of, finish, lettre_mailbox, new_message_id, parse_recipient, receipt_request, start,
    threading, ComposeError, Composed, Draft, Recipients,
};
use chrono::{DateTime, FixedOffset};

/// What parses of `typed`; the rest is left out of the Drafts copy (the local copy keeps it).
fn lenient(typed: &[String]) -> Vec<lettre::message::Mailbox> {
    typed
        .iter()
        .filter_map(|t| parse_recipient(t).ok())
        .filter_map(|m| lettre_mailbox(&m).ok())
        .collect()
}

/// The Drafts-folder copy of `draft`.
pub fn compose_draft(draft: &Draft, date: DateTime<FixedOffset>) -> Result<Composed, ComposeError> {
    let from = lettre_mailbox(&draft.from).map_err(ComposeError::InvalidFrom)?;
    let (to, cc, bcc) = (lenient(&draft.to), lenient(&draft.cc), lenient(&draft.bcc));
    let mut builder = start(&from, &to, &cc, &draft.subject);
    for b in &bcc {
        builder = builder.bcc(b.clone());
    }
    builder = builder.keep_bcc();
    builder = threading(builder, draft.in_reply_to.as_deref(), &draft.references);
    builder = receipt_request(builder, draft, &from);
    let message_id = new_message_id(from.email.domain());
    // APPEND needs no envelope; lettre wants one: the sender stands in.
    let envelope = Recipients::new(std::iter::once(&from))?;
    finish(builder, body_of(draft), &from, envelope, &message_id, date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::compose::Mailbox;

    #[test]
    fn an_unfinished_draft_keeps_bcc_and_what_parses() {
        let draft = Draft {
            from: Mailbox {
                name: Some("Alice".into()),
                email: "alice@example.test".into(),
            },
            to: vec!["bob@example.test".into(), "half typed <".into()],
            bcc: vec!["dave@example.test".into()],
            subject: "초안".into(),
            body: "not finished\n".into(),
            ..Draft::default()
        };
        let date = chrono::DateTime::parse_from_rfc2822("Sun, 29 Nov 2026 10:00:00 +0900").unwrap();
        let made = compose_draft(&draft, date).unwrap();
        let text = String::from_utf8_lossy(&made.raw);
        assert!(text.contains("Bcc: dave@example.test"), "{text}");
        let parsed = crate::mime::parse(&made.raw);
        assert_eq!(parsed.subject, "초안");
        assert_eq!(parsed.to.len(), 1);
        assert_eq!(parsed.to[0].email, "bob@example.test");
        let empty = Draft {
            from: draft.from.clone(),
            ..Draft::default()
        };
        assert!(
            compose_draft(&empty, date).is_ok(),
            "no recipient yet is fine"
        );
    }
}
