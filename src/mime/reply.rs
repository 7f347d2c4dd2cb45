//! Reply and forward drafts made from the message being read: recipients, subject, quoted text, threading ids.
//!
//! The draft body puts the user's writing area first (an empty line at the top), then the signature after
//! `-- `, then the quoted or forwarded original.

use chrono::{DateTime, FixedOffset};

use super::compose::format_mailbox;
use super::html;
use super::{Address, ParsedMessage};

#[cfg(test)]
mod tests;

/// References kept in a reply: the thread's first id and the most recent ones (RFC 5322 3.6.4 allows trimming).
pub const MAX_REFERENCES: usize = 20;

/// The line that opens an inline forward.
pub const FORWARD_SEPARATOR: &str = "---------- Forwarded message ----------";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    Reply,
    ReplyAll,
    ForwardInline,
    /// Empty body; the caller attaches the original's raw bytes (`Draft::extra_forwarded`).
    ForwardAsAttachment,
}

/// A draft to open in the composer. Addresses are formatted as one would type them (see `format_mailbox`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyDraft {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    /// Message-ID replied to, without angle brackets.
    pub in_reply_to: Option<String>,
    /// Without angle brackets.
    pub references: Vec<String>,
}

/// Prefixes that mean "reply" in common clients (compared case-insensitively).
const REPLY_PREFIXES: &[&str] = &["re", "aw", "답장", "회신", "答复", "回复"];
/// Prefixes that mean "forward".
const FORWARD_PREFIXES: &[&str] = &["fwd", "fw", "전달", "转发"];

/// `Re: subject`, once: existing reply prefixes (`Re:`, `RE:`, `Aw:`, `답장:`, `회신:`, `Re[2]:`, `Re(3):`,
/// repeated, any case) are removed first. A leading list tag such as `[dev]` stays in front of the rest.
pub fn reply_subject(subject: &str) -> String {
    prefixed("Re:", REPLY_PREFIXES, subject)
}

/// `Fwd: subject`, once (`Fwd:`, `Fw:`, `FW:`, `전달:` are recognised and removed first).
pub fn forward_subject(subject: &str) -> String {
    prefixed("Fwd:", FORWARD_PREFIXES, subject)
}

fn prefixed(prefix: &str, known: &[&str], subject: &str) -> String {
    let subject = subject.trim();
    let (tag, rest) = split_list_tag(subject);
    let mut rest = rest;
    while let Some(stripped) = strip_prefix(rest, known) {
        rest = stripped;
    }
    let rest = match tag {
        Some(tag) => format!("{tag} {rest}"),
        None => rest.to_string(),
    };
    format!("{prefix} {rest}").trim_end().to_string()
}

/// `[tag] rest` -> (`[tag]`, `rest`) when the tag is followed by a known prefix, so that `[dev] Re: x`
/// becomes `Re: [dev] x` rather than `Re: [dev] Re: x`.
fn split_list_tag(subject: &str) -> (Option<&str>, &str) {
    if let Some(end) = subject.find(']').filter(|_| subject.starts_with('[')) {
        let rest = subject[end + 1..].trim_start();
        let known = REPLY_PREFIXES.iter().chain(FORWARD_PREFIXES);
        if strip_prefix(rest, &known.copied().collect::<Vec<_>>()).is_some() {
            return (Some(&subject[..=end]), rest);
        }
    }
    (None, subject)
}

/// Removes one `word[n]:` / `word(n):` / `word:` prefix (word from `known`, any case; `:` or full-width `：`).
fn strip_prefix<'a>(text: &'a str, known: &[&str]) -> Option<&'a str> {
    for word in known {
        let Some(head) = text.get(..word.len()) else {
            continue;
        };
        if head.to_lowercase() != *word {
            continue;
        }
        let mut rest = text[word.len()..].trim_start();
        for (open, close) in [('[', ']'), ('(', ')')] {
            if let Some(inner) = rest.strip_prefix(open) {
                if let Some((count, after)) = inner.split_once(close) {
                    if !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()) {
                        rest = after.trim_start();
                    }
                }
            }
        }
        if let Some(after) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
            return Some(after.trim_start());
        }
    }
    None
}

/// `On Tue, 3 Nov 2026 at 14:05, Alice Kim wrote:` with the date shown at `offset`;
/// `Alice Kim wrote:` when the message has no date. The name, else the address, says who.
pub fn attribution(date: Option<i64>, from: &Address, offset: FixedOffset) -> String {
    let who = from
        .name
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or(&from.email);
    let who = if who.is_empty() { "Someone" } else { who };
    match date.and_then(|d| DateTime::from_timestamp(d, 0)) {
        Some(date) => format!(
            "On {}, {who} wrote:",
            date.with_timezone(&offset).format("%a, %-d %b %Y at %H:%M")
        ),
        None => format!("{who} wrote:"),
    }
}

/// Each line prefixed with `> `; empty lines get `>`; lines already quoted get one more `>` (`> x` -> `>> x`).
/// Line endings become `\n`; a final line break does not add an empty quoted line.
pub fn quote(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.strip_suffix('\n').unwrap_or(&body);
    body.split('\n')
        .map(|line| {
            if line.is_empty() {
                ">".to_string()
            } else if line.starts_with('>') {
                format!(">{line}")
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The draft for replying to or forwarding `original`. `own_addresses` are the user's addresses (any case);
/// `offset` is the time zone dates are shown in.
pub fn reply(
    original: &ParsedMessage,
    own_addresses: &[String],
    kind: ReplyKind,
    signature: Option<&str>,
    offset: FixedOffset,
) -> ReplyDraft {
    let is_own = |address: &Address| {
        own_addresses
            .iter()
            .any(|own| own.trim().eq_ignore_ascii_case(address.email.trim()))
    };
    let mut draft = ReplyDraft {
        to: Vec::new(),
        cc: Vec::new(),
        subject: String::new(),
        body: String::new(),
        in_reply_to: None,
        references: Vec::new(),
    };
    let text = original_text(original);
    match kind {
        ReplyKind::Reply | ReplyKind::ReplyAll => {
            let (to, cc) = reply_recipients(original, &is_own, kind == ReplyKind::ReplyAll);
            draft.to = to;
            draft.cc = cc;
            draft.subject = reply_subject(&original.subject);
            let sender = original.from.first().cloned().unwrap_or(Address {
                name: None,
                email: String::new(),
            });
            let quoted = format!(
                "{}\n{}\n",
                attribution(original.date, &sender, offset),
                quote(without_signature(&text))
            );
            draft.body = layout(signature, &quoted);
            draft.in_reply_to = original.message_id.clone();
            draft.references = references(original);
        }
        ReplyKind::ForwardInline => {
            draft.subject = forward_subject(&original.subject);
            draft.body = layout(signature, &forwarded_block(original, &text, offset));
        }
        ReplyKind::ForwardAsAttachment => {
            draft.subject = forward_subject(&original.subject);
            draft.body = layout(signature, "");
        }
    }
    draft
}

/// Where the reply goes. Mail the user sent (From is one of theirs) goes back to its To; otherwise to
/// Reply-To, else From. Reply-all adds the original To (into To) and Cc (into Cc) minus the user and duplicates.
fn reply_recipients(
    original: &ParsedMessage,
    is_own: &dyn Fn(&Address) -> bool,
    all: bool,
) -> (Vec<String>, Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut add = |list: &mut Vec<String>, address: &Address, keep_own: bool| {
        let key = address.email.trim().to_lowercase();
        if key.is_empty() || (!keep_own && is_own(address)) || !seen.insert(key) {
            return;
        }
        list.push(format_mailbox(address));
    };
    let (mut to, mut cc) = (Vec::new(), Vec::new());
    let from_self = original.from.iter().any(is_own);
    if from_self {
        // A message from the Sent folder: reply to whom it went, even if that was oneself.
        for address in &original.to {
            add(&mut to, address, true);
        }
    } else {
        let targets = if original.reply_to.iter().any(|a| !a.email.is_empty()) {
            &original.reply_to
        } else {
            &original.from
        };
        for address in targets {
            add(&mut to, address, true);
        }
    }
    if all {
        for address in &original.to {
            add(&mut to, address, false);
        }
        for address in &original.cc {
            add(&mut cc, address, false);
        }
    }
    (to, cc)
}

/// The original's References plus its Message-ID; when long, the first id and the most recent ones.
fn references(original: &ParsedMessage) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in original.references.iter().chain(&original.message_id) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    if ids.len() > MAX_REFERENCES {
        let recent = ids.split_off(ids.len() - (MAX_REFERENCES - 1));
        ids.truncate(1);
        ids.extend(recent);
    }
    ids
}

/// The original's text: the plain body, else the HTML body as text.
fn original_text(original: &ParsedMessage) -> String {
    match (&original.text_body, &original.html_body) {
        (Some(text), _) => text.replace("\r\n", "\n"),
        (None, Some(html)) => html::to_plain_text(html),
        (None, None) => String::new(),
    }
}

/// The text above the original's own signature (the last line that is exactly `-- `), trimmed at the end.
fn without_signature(text: &str) -> &str {
    let cut = if text.starts_with("-- \n") {
        Some(0)
    } else {
        text.rfind("\n-- \n").map(|i| i + 1)
    };
    let above = match cut {
        Some(i) => &text[..i],
        None => text.strip_suffix("\n-- ").unwrap_or(text),
    };
    above.trim_end()
}

/// The user's (empty) writing area, the signature, then `rest`.
fn layout(signature: Option<&str>, rest: &str) -> String {
    let mut body = String::from("\n\n");
    if let Some(signature) = signature
        .map(str::trim_end)
        .filter(|s| !s.trim().is_empty())
    {
        body.push_str("-- \n");
        body.push_str(&signature.replace("\r\n", "\n"));
        body.push_str("\n\n");
    }
    body.push_str(rest);
    body
}

fn forwarded_block(original: &ParsedMessage, text: &str, offset: FixedOffset) -> String {
    let list = |addresses: &[Address]| {
        addresses
            .iter()
            .map(format_mailbox)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut block = format!("{FORWARD_SEPARATOR}\n");
    block.push_str(&format!("From: {}\n", list(&original.from)));
    if let Some(date) = original.date.and_then(|d| DateTime::from_timestamp(d, 0)) {
        let date = date.with_timezone(&offset);
        block.push_str(&format!(
            "Date: {}\n",
            date.format("%a, %-d %b %Y at %H:%M")
        ));
    }
    block.push_str(&format!("Subject: {}\n", original.subject));
    if !original.to.is_empty() {
        block.push_str(&format!("To: {}\n", list(&original.to)));
    }
    if !original.cc.is_empty() {
        block.push_str(&format!("Cc: {}\n", list(&original.cc)));
    }
    block.push('\n');
    block.push_str(text.trim_end());
    block.push('\n');
    block
}
