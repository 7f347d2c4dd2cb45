//! What a composer keeps when it is not sent: its contents as a draft (saved on this machine
//! every few seconds, filed in the Drafts folder when the window closes), whether there is
//! anything worth keeping, and the signature block that follows the From identity.

use super::{recipients, Attached, Composer};
use crate::engine::drafts::{signature_block, DraftSeed};
use crate::engine::outbox::SendOptions;
use crate::mime::compose::Draft;
use iced::widget::text_editor;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// What a composer holds, taken on the UI thread without copying attachment bytes; made into a
/// [`DraftSeed`] off it.
#[derive(Debug, Clone)]
pub struct DraftState {
    pub key: String,
    pub account_id: Option<String>,
    pub draft: Draft,
    pub files: Vec<Attached>,
    pub forwarded: Option<Arc<Vec<u8>>>,
    pub options: SendOptions,
    pub replaces: Option<(i64, String)>,
}

impl DraftState {
    /// The seed to save or file (copies the attachments: not on the UI thread).
    pub fn into_seed(self) -> DraftSeed {
        let mut draft = self.draft;
        draft.attachments = self.files.iter().map(Attached::to_source).collect();
        draft.extra_forwarded = self.forwarded.map(|f| f.as_ref().clone());
        DraftSeed {
            account_id: self.account_id,
            draft,
            options: self.options,
            replaces: self.replaces,
        }
    }
}

/// This process's mark in draft keys: a key names one composer of one run, so a new composer
/// never writes over a draft a crashed run left behind.
pub fn process_mark() -> &'static str {
    static MARK: OnceLock<String> = OnceLock::new();
    MARK.get_or_init(|| {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        format!("{ms}-{}", std::process::id())
    })
}

/// A new composer's draft key.
pub fn new_key() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "composer-{}-{}",
        process_mark(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether a draft key was made by this process.
pub fn is_own_key(key: &str) -> bool {
    key.starts_with(&format!("composer-{}-", process_mark()))
}

/// All of a recipient field as draft entries: its addresses, then what is not one yet.
fn pieces(field: &str) -> Vec<String> {
    let (mut valid, invalid) = recipients::mailboxes(field);
    valid.extend(invalid);
    valid
}

/// `body` with the signature block `old` (exactly as it was put there) replaced by `new`'s; an
/// edited block is left alone (None). A body with no signature gets `new`'s when its writing
/// area is untouched (empty, or the empty lines a reply starts with).
pub fn swap_signature(body: &str, old: &str, new: &str) -> Option<String> {
    let (old, new) = (signature_block(old), signature_block(new));
    if old == new {
        return None;
    }
    if old.is_empty() {
        if body.trim().is_empty() {
            return Some(format!("\n\n{new}\n"));
        }
        let rest = body.strip_prefix("\n\n")?;
        return Some(format!("\n\n{new}\n\n{rest}"));
    }
    let at = find_block(body, &old)?;
    let (before, after) = (&body[..at], &body[at + old.len()..]);
    if !new.is_empty() {
        return Some(format!("{before}{new}{after}"));
    }
    // Removed with the line end after it, and the empty line before a quote.
    let after = after.strip_prefix('\n').unwrap_or(after);
    let after = match after.strip_prefix('\n') {
        Some(rest) if !rest.is_empty() => rest,
        _ => after,
    };
    Some(format!("{before}{after}"))
}

/// Where `block` stands in `body` as whole lines.
fn find_block(body: &str, block: &str) -> Option<usize> {
    body.match_indices(block).map(|(i, _)| i).find(|&i| {
        let starts_line = i == 0 || body[..i].ends_with('\n');
        let rest = &body[i + block.len()..];
        starts_line && (rest.is_empty() || rest.starts_with('\n'))
    })
}

impl Composer {
    /// The body as it stands (a long body not yet in the editor included).
    pub fn body_text(&self) -> String {
        match &self.pending_body {
            Some(body) => body.clone(),
            None => self.body.text(),
        }
    }

    /// Whether anything was written: a recipient, a subject, body text beyond the signature,
    /// an attachment.
    pub fn has_content(&self) -> bool {
        let typed = |s: &str| !s.trim().is_empty();
        if typed(&self.to) || typed(&self.cc) || typed(&self.bcc) || typed(&self.subject) {
            return true;
        }
        if !self.attachments.is_empty() || self.forwarded.is_some() {
            return true;
        }
        let body = self.body_text();
        let signature = self.from.as_ref().map_or("", |s| s.signature.as_str());
        let block = signature_block(signature);
        match find_block(&body, &block).filter(|_| !block.is_empty()) {
            Some(at) => typed(&body[..at]) || typed(&body[at + block.len()..]),
            None => typed(&body),
        }
    }

    /// Whether closing should keep a draft: something was written and it changed since the
    /// composer opened (a reply closed untouched leaves nothing), or it came from a local save
    /// that is not filed yet.
    pub fn worth_keeping(&self) -> bool {
        (self.revision > 0 || self.recovered) && self.has_content()
    }

    /// Changed since the last local save.
    pub fn unsaved(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// The contents to save now; they count as saved.
    pub fn take_draft(&mut self) -> DraftState {
        self.saved_revision = self.revision;
        self.draft_state()
    }

    /// The contents as a draft: everything typed, unfinished addresses too.
    pub fn draft_state(&self) -> DraftState {
        DraftState {
            key: self.key.clone(),
            account_id: self
                .from
                .as_ref()
                .map(|s| s.account_id.clone())
                .or_else(|| self.seed_account.clone()),
            draft: Draft {
                from: self
                    .from
                    .as_ref()
                    .map(|s| s.mailbox.clone())
                    .unwrap_or_default(),
                to: pieces(&self.to),
                cc: pieces(&self.cc),
                bcc: pieces(&self.bcc),
                subject: self.subject.clone(),
                body: self.body_text(),
                attachments: Vec::new(),
                in_reply_to: self.in_reply_to.clone(),
                references: self.references.clone(),
                request_read_receipt: self.read_receipt,
                extra_forwarded: None,
            },
            files: self.attachments.clone(),
            forwarded: self.forwarded.clone(),
            options: SendOptions {
                request_dsn: self.delivery_status,
                ..self.options.clone()
            },
            replaces: self.replaces.clone(),
        }
    }

    /// Another identity was chosen: its signature takes the old one's place in the body,
    /// unless the user changed that block.
    pub(super) fn swap_signature_for(&mut self, old: &str, new: &str) {
        if let Some(body) = &mut self.pending_body {
            if let Some(swapped) = swap_signature(body, old, new) {
                *body = swapped;
            }
            return;
        }
        if let Some(swapped) = swap_signature(&self.body.text(), old, new) {
            self.body = text_editor::Content::with_text(&swapped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_block_is_swapped_only_when_untouched() {
        let new_message = "\n\n-- \nMinji\n";
        assert_eq!(
            swap_signature(new_message, "Minji", "Sales\nWork Ltd.").as_deref(),
            Some("\n\n-- \nSales\nWork Ltd.\n")
        );
        let reply = "\n\n-- \nMinji\n\nOn Tue, Kim wrote:\n> hi\n";
        assert_eq!(
            swap_signature(reply, "Minji", "").as_deref(),
            Some("\n\nOn Tue, Kim wrote:\n> hi\n")
        );
        assert_eq!(
            swap_signature("\n\nOn Tue, Kim wrote:\n> hi\n", "", "Minji").as_deref(),
            Some(reply)
        );
        assert_eq!(
            swap_signature(new_message, "Minji", "").as_deref(),
            Some("\n\n")
        );
        assert_eq!(
            swap_signature("", "", "Minji").as_deref(),
            Some(new_message)
        );
        // Edited block, typed writing area, same signature: left alone.
        assert_eq!(swap_signature("\n\n-- \nMinji K.\n", "Minji", "X"), None);
        assert_eq!(swap_signature("Hello\n\nbye", "", "X"), None);
        assert_eq!(swap_signature(new_message, "Minji", "Minji\n"), None);
        // A longer signature that merely starts like the old one is not it.
        assert_eq!(swap_signature("\n\n-- \nMinji Kim\n", "Minji", "X"), None);
        // The user's text above the block stays.
        assert_eq!(
            swap_signature("Dear Kim,\n\n-- \nMinji\n", "Minji", "Sales").as_deref(),
            Some("Dear Kim,\n\n-- \nSales\n")
        );
    }
}
