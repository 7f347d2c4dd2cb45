//! The composer, one per window: From (an identity of an account), To/Cc/Bcc (checked as typed,
//! with suggestions from the index), Subject, receipts, attachments (picked or dropped on the
//! window) and a plain-text body. The app does every bit of I/O it asks for through [`Event`]s:
//! reading files, looking up suggestions, queueing the message.

pub mod attachments;
mod draft;
mod recipients;
mod view;

use super::strings::t;
use crate::account::Account;
use crate::engine::drafts::{identities, signature_of, DraftSeed};
use crate::engine::outbox::SendOptions;
use crate::mime::compose::{format_mailbox, Draft, Mailbox};
use crate::store::Contact;
pub use attachments::{human_size, Attached};
pub use draft::{is_own_key, DraftState};
use iced::widget::text_editor;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A From choice: one identity of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub account_id: String,
    pub account_name: String,
    pub mailbox: Mailbox,
    /// Several accounts: the account's name is shown too.
    pub show_account: bool,
    /// Put under `-- ` in the body (empty: none).
    pub signature: String,
}

impl std::fmt::Display for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", format_mailbox(&self.mailbox))?;
        if self.show_account {
            write!(f, "  ({})", self.account_name)?;
        }
        Ok(())
    }
}

/// Every identity of every account, in account order.
pub fn senders(accounts: &[Account]) -> Vec<Sender> {
    accounts
        .iter()
        .flat_map(|a| {
            identities(a).into_iter().map(|mailbox| Sender {
                account_id: a.id.clone(),
                account_name: a.name.clone(),
                signature: signature_of(a, &mailbox.email).to_string(),
                mailbox,
                show_account: accounts.len() > 1,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    To,
    Cc,
    Bcc,
}

pub const FIELDS: [Field; 3] = [Field::To, Field::Cc, Field::Bcc];

/// Bodies longer than this are put into the editor once its window is laid out. iced's editor
/// shapes every line of a text it is created with (it has no size yet: 0.4 s for 1 MB), but only
/// the lines on screen of a text pasted into an editor that has one.
pub const DEFERRED_BODY: usize = 4 * 1024;

#[derive(Debug, Clone)]
pub enum Message {
    From(Sender),
    Recipients(Field, String),
    /// Enter in a recipient field: take the highlighted suggestion.
    Submit(Field),
    Subject(String),
    Body(text_editor::Action),
    ReadReceipt(bool),
    DeliveryStatus(bool),
    Attach,
    /// Files are being dragged over the window, or left it.
    Hovered(bool),
    Dropped(PathBuf),
    Read(Vec<Result<Attached, String>>),
    Remove(usize),
    Suggested(Field, String, Vec<Contact>),
    Complete(usize),
    /// Tab (from the window's keys): complete with the highlighted suggestion, if one is shown.
    Tab,
    /// Up/Down over suggestions.
    Highlight(i32),
    Send,
    /// The window is open (laid out once): a long body goes into the editor now.
    Shown,
    /// The largest message the account's outgoing server takes (None: not known).
    SizeLimit(String, Option<u64>),
}

/// What the composer asks of the app.
#[derive(Debug)]
pub enum Event {
    None,
    PickFiles,
    ReadFiles(Vec<PathBuf>),
    Suggest {
        field: Field,
        account_id: Option<String>,
        prefix: String,
    },
    Send(Box<Outgoing>),
    /// Another account sends now: its server's size limit is wanted.
    SenderChanged(String),
}

/// A message ready to queue. The attachment bytes are copied into the draft off the UI thread.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub account_id: String,
    pub draft: Draft,
    pub files: Vec<Attached>,
    pub forwarded: Option<Arc<Vec<u8>>>,
    pub options: SendOptions,
    pub replaces: Option<(i64, String)>,
}

impl Outgoing {
    /// The draft with its attachments (copies the bytes: not on the UI thread).
    pub fn into_draft(self) -> (String, Draft, SendOptions, Option<(i64, String)>) {
        let mut draft = self.draft;
        draft.attachments = self.files.iter().map(Attached::to_source).collect();
        draft.extra_forwarded = self.forwarded.map(|f| f.as_ref().clone());
        (self.account_id, draft, self.options, self.replaces)
    }
}

/// Suggestions shown under one field.
#[derive(Debug, Clone)]
pub struct Suggestions {
    pub field: Field,
    pub contacts: Vec<Contact>,
    pub highlighted: usize,
}

pub struct Composer {
    /// Makes this composer's widget ids unique among windows.
    pub uid: u64,
    pub senders: Vec<Sender>,
    pub from: Option<Sender>,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub body: text_editor::Content,
    pub read_receipt: bool,
    pub delivery_status: bool,
    pub attachments: Vec<Attached>,
    /// Files being read.
    pub reading: usize,
    pub hovering: bool,
    /// Pieces of To, Cc, Bcc that are not addresses.
    pub invalid: [Vec<String>; 3],
    /// The recipient field being typed in (its last piece is not judged yet).
    editing: Option<Field>,
    pub suggestions: Option<Suggestions>,
    pub error: Option<String>,
    /// Queued; waiting for the engine's answer.
    pub sending: bool,
    in_reply_to: Option<String>,
    references: Vec<String>,
    forwarded: Option<Arc<Vec<u8>>>,
    options: SendOptions,
    /// The account the reply flag belongs to (dropped when another account sends).
    seed_account: Option<String>,
    pub replaces: Option<(i64, String)>,
    /// A long body waiting for the window's first layout (see [`DEFERRED_BODY`]).
    pending_body: Option<String>,
    /// Names this composer's local save (see [`draft`]).
    pub key: String,
    /// Counts changes to what would be sent; `saved_revision` is the count at the last save.
    revision: u64,
    saved_revision: u64,
    /// Opened from a local save that was never filed.
    recovered: bool,
    /// A local save is due (the app's timer runs).
    pub save_due: bool,
    /// The largest message the sending account's server takes, when known.
    pub size_limit: Option<u64>,
}

/// Lines per paste when a long body goes into the editor.
const PASTE_LINES: usize = 256;

/// `text` cut after every `lines`-th line break (the pieces joined give `text` back).
fn line_chunks(text: &str, lines: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .match_indices('\n')
            .nth(lines - 1)
            .map_or(rest.len(), |(i, _)| i + 1);
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

fn index(field: Field) -> usize {
    match field {
        Field::To => 0,
        Field::Cc => 1,
        Field::Bcc => 2,
    }
}

impl Composer {
    /// A composer for `seed`, sending from `senders` (the seed's identity, else its account's
    /// first, else the first that can send).
    pub fn new(seed: DraftSeed, senders: Vec<Sender>) -> Composer {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let d = seed.draft;
        let of_account = |s: &&Sender| Some(&s.account_id) == seed.account_id.as_ref();
        let from = senders
            .iter()
            .filter(of_account)
            .find(|s| s.mailbox.email.eq_ignore_ascii_case(&d.from.email))
            .or_else(|| senders.iter().find(of_account))
            .or_else(|| senders.first())
            .cloned();
        let (body, pending_body) = if d.body.len() > DEFERRED_BODY {
            (text_editor::Content::new(), Some(d.body))
        } else {
            (text_editor::Content::with_text(&d.body), None)
        };
        Composer {
            uid: NEXT.fetch_add(1, Ordering::Relaxed),
            senders,
            from,
            to: d.to.join(", "),
            cc: d.cc.join(", "),
            bcc: d.bcc.join(", "),
            subject: d.subject,
            body,
            pending_body,
            read_receipt: d.request_read_receipt,
            delivery_status: seed.options.request_dsn,
            attachments: d
                .attachments
                .into_iter()
                .map(Attached::from_source)
                .collect(),
            reading: 0,
            hovering: false,
            invalid: Default::default(),
            editing: None,
            suggestions: None,
            error: None,
            sending: false,
            in_reply_to: d.in_reply_to,
            references: d.references,
            forwarded: d.extra_forwarded.map(Arc::new),
            options: seed.options,
            seed_account: seed.account_id,
            replaces: seed.replaces,
            key: draft::new_key(),
            revision: 0,
            saved_revision: 0,
            recovered: false,
            save_due: false,
            size_limit: None,
        }
    }

    /// A composer reopening the local save `key` (it keeps that save, and files it on closing
    /// even unchanged).
    pub fn recovered(seed: DraftSeed, senders: Vec<Sender>, key: String) -> Composer {
        Composer {
            key,
            recovered: true,
            ..Composer::new(seed, senders)
        }
    }

    /// The window title: the subject, or "New message".
    pub fn title(&self) -> String {
        if self.subject.trim().is_empty() {
            t().new_message().to_string()
        } else {
            self.subject.clone()
        }
    }

    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::To => &self.to,
            Field::Cc => &self.cc,
            Field::Bcc => &self.bcc,
        }
    }

    fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::To => &mut self.to,
            Field::Cc => &mut self.cc,
            Field::Bcc => &mut self.bcc,
        }
    }

    /// Widget id of a recipient field, the subject or the body in this composer.
    pub fn widget_id(&self, part: &str) -> String {
        format!("composer-{}-{part}", self.uid)
    }

    pub fn field_id(&self, field: Field) -> String {
        self.widget_id(match field {
            Field::To => "to",
            Field::Cc => "cc",
            Field::Bcc => "bcc",
        })
    }

    /// Judge the recipient fields again; the one being typed in keeps its last piece unjudged.
    fn check_recipients(&mut self) {
        for field in FIELDS {
            let typing = self.editing == Some(field);
            self.invalid[index(field)] = recipients::invalid_pieces(self.field(field), !typing);
        }
    }

    pub fn update(&mut self, message: Message) -> Event {
        let leaves_fields = !matches!(
            message,
            Message::Recipients(..)
                | Message::Submit(_)
                | Message::Suggested(..)
                | Message::Complete(_)
                | Message::Tab
                | Message::Highlight(_)
                | Message::Read(_)
                | Message::Hovered(_)
                | Message::Dropped(_)
                | Message::Shown
        );
        if leaves_fields && self.editing.take().is_some() {
            self.suggestions = None;
            self.check_recipients();
        }
        let changes = match &message {
            Message::Body(action) => action.is_edit(),
            Message::From(_)
            | Message::Recipients(..)
            | Message::Submit(_)
            | Message::Tab
            | Message::Complete(_)
            | Message::Subject(_)
            | Message::ReadReceipt(_)
            | Message::DeliveryStatus(_)
            | Message::Read(_)
            | Message::Remove(_) => true,
            _ => false,
        };
        if changes {
            self.revision += 1;
        }
        match message {
            Message::From(sender) => self.choose(sender),
            Message::SizeLimit(account, limit) => {
                if self.from.as_ref().is_some_and(|s| s.account_id == account) {
                    self.size_limit = limit;
                }
                Event::None
            }
            Message::Recipients(field, value) => self.on_recipients(field, value),
            Message::Submit(field) => self.take_highlighted(Some(field)),
            Message::Tab => self.take_highlighted(None),
            Message::Suggested(field, prefix, contacts) => {
                let current = self.editing == Some(field)
                    && recipients::typed_piece(self.field(field)) == prefix;
                if current {
                    self.suggestions = (!contacts.is_empty()).then_some(Suggestions {
                        field,
                        contacts,
                        highlighted: 0,
                    });
                }
                Event::None
            }
            Message::Complete(i) => self.complete(i),
            Message::Highlight(step) => {
                if let Some(s) = self.suggestions.as_mut() {
                    let n = s.contacts.len() as i32;
                    s.highlighted = (s.highlighted as i32 + step).rem_euclid(n) as usize;
                }
                Event::None
            }
            Message::Subject(s) => {
                self.subject = s;
                Event::None
            }
            Message::Body(action) => {
                self.body.perform(action);
                Event::None
            }
            Message::ReadReceipt(on) => {
                self.read_receipt = on;
                Event::None
            }
            Message::DeliveryStatus(on) => {
                self.delivery_status = on;
                Event::None
            }
            Message::Attach => Event::PickFiles,
            Message::Hovered(on) => {
                self.hovering = on;
                Event::None
            }
            Message::Dropped(path) => {
                self.hovering = false;
                self.reading += 1;
                Event::ReadFiles(vec![path])
            }
            Message::Read(files) => {
                self.reading = self.reading.saturating_sub(files.len());
                let mut problems = Vec::new();
                for file in files {
                    match file {
                        Ok(a) => self.attachments.push(a),
                        Err(e) => problems.push(e),
                    }
                }
                if !problems.is_empty() {
                    self.error = Some(problems.join(" "));
                }
                Event::None
            }
            Message::Remove(i) => {
                if i < self.attachments.len() {
                    self.attachments.remove(i);
                }
                Event::None
            }
            Message::Send => self.send(),
            Message::Shown => {
                self.load_pending_body();
                Event::None
            }
        }
    }

    /// Send from `sender`: its signature replaces the old one; another account's server may
    /// take another size.
    fn choose(&mut self, sender: Sender) -> Event {
        let old = self.from.replace(sender.clone());
        let old_signature = old.as_ref().map_or("", |s| s.signature.as_str());
        self.swap_signature_for(old_signature, &sender.signature);
        if old.is_some_and(|o| o.account_id == sender.account_id) {
            return Event::None;
        }
        self.size_limit = None;
        Event::SenderChanged(sender.account_id)
    }

    /// Whether a long body waits for the window to be shown.
    pub fn body_pending(&self) -> bool {
        self.pending_body.is_some()
    }

    /// Put a deferred long body into the editor, the cursor at its start.
    pub fn load_pending_body(&mut self) {
        if let Some(body) = self.pending_body.take() {
            use text_editor::{Action, Cursor, Edit, Position};
            // In pieces of a few hundred lines: the editor inserts a pasted text's lines one
            // by one before the ones already pasted (quadratic in the lines of one paste).
            for piece in line_chunks(&body, PASTE_LINES) {
                let piece = Arc::new(piece.to_string());
                self.body.perform(Action::Edit(Edit::Paste(piece)));
            }
            self.body.move_to(Cursor {
                position: Position { line: 0, column: 0 },
                selection: None,
            });
        }
    }

    /// Files from the picker are being read (they arrive as `Read`).
    pub fn reading_files(&mut self, n: usize) {
        self.reading += n;
    }

    fn on_recipients(&mut self, field: Field, value: String) -> Event {
        if self.editing != Some(field) {
            self.editing = Some(field);
            self.suggestions = None;
        }
        *self.field_mut(field) = value;
        self.check_recipients();
        let prefix = recipients::typed_piece(self.field(field)).to_string();
        if prefix.is_empty() || prefix.contains('<') || prefix.contains('"') {
            self.suggestions = None;
            return Event::None;
        }
        // Keep showing the previous matches that still fit until the new answer arrives.
        if let Some(s) = self.suggestions.as_mut() {
            let p = prefix.to_lowercase();
            s.contacts.retain(|c| {
                c.email.to_lowercase().starts_with(&p)
                    || c.name.as_deref().is_some_and(|n| {
                        n.to_lowercase()
                            .split_whitespace()
                            .any(|w| w.starts_with(&p))
                            || n.to_lowercase().starts_with(&p)
                    })
            });
            s.highlighted = 0;
            if s.contacts.is_empty() {
                self.suggestions = None;
            }
        }
        Event::Suggest {
            field,
            account_id: self.from.as_ref().map(|s| s.account_id.clone()),
            prefix,
        }
    }

    /// Enter in `field` (or Tab anywhere): the highlighted suggestion completes the address.
    fn take_highlighted(&mut self, field: Option<Field>) -> Event {
        match &self.suggestions {
            Some(s) if field.is_none_or(|f| f == s.field) => self.complete(s.highlighted),
            _ => Event::None,
        }
    }

    fn complete(&mut self, i: usize) -> Event {
        let Some(s) = self.suggestions.take() else {
            return Event::None;
        };
        if let Some(contact) = s.contacts.get(i) {
            let done = recipients::complete(self.field(s.field), contact);
            *self.field_mut(s.field) = done;
            self.check_recipients();
        }
        Event::None
    }

    /// The message to queue, or why it cannot be sent (shown in the window).
    fn send(&mut self) -> Event {
        if self.sending {
            return Event::None;
        }
        self.load_pending_body();
        self.editing = None;
        self.suggestions = None;
        self.check_recipients();
        let Some(from) = self.from.clone() else {
            self.error = Some(t().no_sender().to_string());
            return Event::None;
        };
        let (to, bad_to) = recipients::mailboxes(&self.to);
        let (cc, bad_cc) = recipients::mailboxes(&self.cc);
        let (bcc, bad_bcc) = recipients::mailboxes(&self.bcc);
        let bad: Vec<String> = [bad_to, bad_cc, bad_bcc].concat();
        if !bad.is_empty() {
            self.error = Some(t().invalid_addresses(&bad.join(", ")));
            return Event::None;
        }
        if to.is_empty() && cc.is_empty() && bcc.is_empty() {
            self.error = Some(t().no_recipients().to_string());
            return Event::None;
        }
        if self.reading > 0 {
            self.error = Some(t().still_reading().to_string());
            return Event::None;
        }
        let same_account = self.seed_account.as_deref() == Some(from.account_id.as_str());
        let options = SendOptions {
            request_dsn: self.delivery_status,
            reply_to_message: self.options.reply_to_message.filter(|_| same_account),
            reply_flag: self.options.reply_flag.clone().filter(|_| same_account),
            replaces_draft: self.options.replaces_draft.filter(|_| same_account),
        };
        self.error = None;
        self.sending = true;
        Event::Send(Box::new(Outgoing {
            account_id: from.account_id.clone(),
            draft: Draft {
                from: from.mailbox,
                to,
                cc,
                bcc,
                subject: self.subject.trim().to_string(),
                body: self.body.text(),
                attachments: Vec::new(),
                in_reply_to: self.in_reply_to.clone(),
                references: self.references.clone(),
                request_read_receipt: self.read_receipt,
                extra_forwarded: None,
            },
            files: self.attachments.clone(),
            forwarded: self.forwarded.clone(),
            options,
            replaces: self.replaces.clone(),
        }))
    }

    /// Queueing failed: the composer stays open with the reason. An edited outbox message
    /// whose original went out meanwhile is sent as a new message next time.
    pub fn failed(&mut self, reason: String) {
        self.sending = false;
        if reason.contains("while you edited it") {
            self.replaces = None;
        }
        self.error = Some(reason);
    }

    /// Forwarded as an attachment: the original message's size (listed with the files).
    pub fn forwarded_size(&self) -> Option<u64> {
        self.forwarded.as_ref().map(|f| f.len() as u64)
    }
}
