//! What the composer starts from and hands back: replies and forwards of stored messages, queued
//! messages taken back for editing (and queued again in their place), and address suggestions
//! from the local index. Blocking functions here read the store: call them off the UI thread.

use super::outbox::SendOptions;
use super::{Engine, EngineError, Failure};
use crate::account::Account;
use crate::mime::compose::{format_mailbox, AttachmentSource, Draft, Mailbox};
use crate::mime::reply::{reply, ReplyKind};
use crate::store::Contact;

/// A message to open in the composer.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DraftSeed {
    /// The account to send from (None: the composer picks one).
    pub account_id: Option<String>,
    pub draft: Draft,
    pub options: SendOptions,
    /// The outbox row (id, Message-ID) this message replaces once it is queued again ("Edit"
    /// in the Outbox).
    pub replaces: Option<(i64, String)>,
}

/// An empty sender (the composer asks for one).
fn no_one() -> Mailbox {
    Mailbox {
        name: None,
        email: String::new(),
    }
}

fn store(e: crate::store::StoreError) -> Failure {
    Failure::Store(e.to_string())
}

/// The account's sending identities; the account address when it lists none.
pub fn identities(account: &Account) -> Vec<Mailbox> {
    let mut out: Vec<Mailbox> = account
        .identities
        .iter()
        .filter(|i| !i.email.trim().is_empty())
        .map(|i| Mailbox {
            name: Some(i.display_name.clone()).filter(|n| !n.trim().is_empty()),
            email: i.email.clone(),
        })
        .collect();
    if out.is_empty() {
        out.push(Mailbox {
            name: None,
            email: account.email.clone(),
        });
    }
    out
}

/// The signature of the account's identity sending as `email` (empty: none).
pub fn signature_of<'a>(account: &'a Account, email: &str) -> &'a str {
    account
        .identities
        .iter()
        .find(|i| i.email.trim().eq_ignore_ascii_case(email.trim()))
        .map_or("", |i| i.signature.as_str())
}

/// A signature as it stands under the writing area: `-- `, then its lines (line ends made
/// `\n`, trailing blank space dropped). Empty for no signature.
pub fn signature_block(signature: &str) -> String {
    let signature = signature.replace("\r\n", "\n");
    let signature = signature.trim_end();
    if signature.trim().is_empty() {
        return String::new();
    }
    format!("-- \n{signature}")
}

/// The body a new message starts with: an empty writing area, then the signature (if any).
pub fn new_message_body(signature: &str) -> String {
    let block = signature_block(signature);
    if block.is_empty() {
        String::new()
    } else {
        format!("\n\n{block}\n")
    }
}

/// A new, empty message from `account`'s first identity, its signature in place.
pub fn new_message_seed(account: Option<&Account>) -> DraftSeed {
    let Some(account) = account else {
        return DraftSeed::default();
    };
    let from = identities(account)[0].clone();
    let body = new_message_body(signature_of(account, &from.email));
    DraftSeed {
        account_id: Some(account.id.clone()),
        draft: Draft {
            from,
            body,
            ..Draft::default()
        },
        ..DraftSeed::default()
    }
}

/// Every address of every account (reply-all leaves them out; suggestions never offer them).
fn own_addresses(accounts: &[Account]) -> Vec<String> {
    accounts
        .iter()
        .flat_map(|a| identities(a).into_iter().map(|m| m.email))
        .chain(accounts.iter().map(|a| a.email.clone()))
        .collect()
}

impl Engine {
    /// A reply or forward of stored message `message_id`, from the identity the original was
    /// addressed to (else the account's first). Forwarding as attachment carries the original's
    /// exact bytes.
    pub fn reply_seed(&self, message_id: i64, kind: ReplyKind) -> Result<DraftSeed, Failure> {
        let detail = self.reader()?.message(message_id).map_err(store)?;
        let raw = detail.raw.ok_or_else(|| {
            Failure::Store("the message is not downloaded yet; open it once it is".into())
        })?;
        let original = crate::mime::parse(&raw);
        let book = self.accounts()?;
        let account = book
            .accounts
            .iter()
            .find(|a| a.id == detail.summary.account_id)
            .or_else(|| book.accounts.iter().find(|a| a.smtp.is_some()))
            .or(book.accounts.first());
        let own = own_addresses(&book.accounts);
        let offset = *chrono::Local::now().offset();
        let from = account
            .map(|a| {
                let ids = identities(a);
                let addressed = original.to.iter().chain(&original.cc);
                addressed
                    .filter_map(|x| {
                        ids.iter()
                            .find(|i| i.email.eq_ignore_ascii_case(x.email.trim()))
                    })
                    .next()
                    .cloned()
                    .unwrap_or_else(|| ids[0].clone())
            })
            .unwrap_or_else(no_one);
        let signature = account.map_or("", |a| signature_of(a, &from.email));
        let made = reply(&original, &own, kind, Some(signature), offset);
        let forward = matches!(
            kind,
            ReplyKind::ForwardInline | ReplyKind::ForwardAsAttachment
        );
        let same_account = account.is_some_and(|a| a.id == detail.summary.account_id);
        Ok(DraftSeed {
            account_id: account.map(|a| a.id.clone()),
            draft: Draft {
                from,
                to: made.to,
                cc: made.cc,
                subject: made.subject,
                body: made.body,
                in_reply_to: made.in_reply_to,
                references: made.references,
                extra_forwarded: (kind == ReplyKind::ForwardAsAttachment).then_some(raw),
                ..Draft::default()
            },
            options: SendOptions {
                request_dsn: false,
                // Only a message of the sending account can be flagged on its server.
                reply_to_message: same_account.then_some(message_id),
                reply_flag: same_account
                    .then(|| if forward { "$Forwarded" } else { "\\Answered" }.to_string()),
                replaces_draft: None,
            },
            replaces: None,
        })
    }

    /// A queued or failed outbox message as a draft again: Bcc are the envelope recipients that
    /// no header names; attachments are decoded from the stored bytes.
    pub fn outbox_seed(&self, outbox_id: i64) -> Result<DraftSeed, Failure> {
        let db = self.reader()?;
        let entry = db
            .outbox_entry(outbox_id)
            .map_err(store)?
            .ok_or_else(|| Failure::Store("this message is no longer in the outbox".into()))?;
        let raw = db.outbox_raw(outbox_id).map_err(store)?;
        let parsed = crate::mime::parse(&raw);
        let named: Vec<String> = parsed
            .to
            .iter()
            .chain(&parsed.cc)
            .map(|a| a.email.to_lowercase())
            .collect();
        let bcc = entry
            .recipients
            .iter()
            .filter(|r| !named.contains(&r.to_lowercase()))
            .cloned()
            .collect();
        let attachments = (0..parsed.attachments.len())
            .filter_map(|i| crate::mime::attachment_bytes(&raw, i))
            .map(|(info, bytes)| AttachmentSource {
                name: info.name,
                content_type: Some(info.mime_type),
                bytes,
            })
            .collect();
        let format = |list: &[crate::mime::Address]| list.iter().map(format_mailbox).collect();
        Ok(DraftSeed {
            account_id: Some(entry.account_id.clone()),
            draft: Draft {
                from: parsed.from.first().cloned().unwrap_or_else(no_one),
                to: format(&parsed.to),
                cc: format(&parsed.cc),
                bcc,
                subject: parsed.subject.clone(),
                body: parsed
                    .text_body
                    .as_deref()
                    .unwrap_or("")
                    .replace("\r\n", "\n"),
                attachments,
                in_reply_to: parsed.in_reply_to.clone(),
                references: parsed.references.clone(),
                request_read_receipt: asks_read_receipt(&raw),
                extra_forwarded: None,
            },
            options: SendOptions {
                request_dsn: entry.request_dsn,
                reply_to_message: entry.reply_to_message,
                reply_flag: entry.reply_flag.clone(),
                replaces_draft: entry.replaces_draft,
            },
            replaces: Some((outbox_id, entry.message_id.clone())),
        })
    }

    /// Queue a message from the composer; an edited outbox message takes its old row's place
    /// in one transaction (refused when the old one is already being sent or was sent).
    pub async fn queue_seeded(
        &self,
        account: &Account,
        draft: &Draft,
        options: SendOptions,
        replaces: Option<(i64, String)>,
    ) -> Result<(i64, String), EngineError> {
        let Some((old, old_message_id)) = replaces else {
            return self.queue_draft(account, draft, options).await;
        };
        let wrap = |f: Failure| EngineError::new(account, f);
        if account.smtp.is_none() {
            return Err(wrap(Failure::said(
                "The account has no outgoing (SMTP) server: add one in its settings.",
                "이 계정에는 보내는 메일(SMTP) 서버가 없습니다. 계정 설정에서 추가하세요.",
            )));
        }
        let message = super::outbox::outbox_message(account, draft, options)?;
        let message_id = message.message_id.clone();
        let at = crate::smtp::outbox::now();
        let replaced = self
            .writer()
            .map_err(wrap)?
            .run(move |db| db.outbox_replace(old, &old_message_id, &message, at))
            .await
            .map_err(|e| wrap(Failure::Store(e.to_string())))?;
        match replaced {
            Some(id) => Ok((id, message_id)),
            None => Err(wrap(Failure::said(
                "The queued message was sent (or is being sent) while you edited it, so this copy was not queued; press Send again to send it as a new message.",
                "편집하는 동안 대기 중이던 메시지가 보내졌거나 보내지는 중이라 이 사본은 대기열에 넣지 않았습니다. 새 메시지로 보내려면 보내기를 다시 누르세요.",
            ))),
        }
    }

    /// Address suggestions for what was typed (see `Db::contacts_matching`).
    pub fn contacts(
        &self,
        account_id: Option<&str>,
        prefix: &str,
    ) -> Result<Vec<Contact>, Failure> {
        let own = own_addresses(&self.accounts()?.accounts);
        self.reader()?
            .contacts_matching(account_id, prefix, &own, crate::store::MAX_SUGGESTIONS)
            .map_err(store)
    }
}

/// Whether the header block asks for a read receipt (`Disposition-Notification-To`).
fn asks_read_receipt(raw: &[u8]) -> bool {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    String::from_utf8_lossy(&raw[..end]).lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("disposition-notification-to:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FolderRole, ParsedBody};

    fn account(id: &str, email: &str) -> Account {
        Account {
            id: id.into(),
            name: id.into(),
            email: email.into(),
            incoming: crate::account::Incoming::Imap,
            imap: None,
            pop3: None,
            pop3_policy: Default::default(),
            notify: true,
            smtp: Some(crate::account::ServerConfig {
                host: "smtp.x.test".into(),
                port: 587,
                security: crate::account::Security::StartTls,
                login: String::new(),
            }),
            identities: vec![],
            trust: Default::default(),
            allow_plaintext: false,
            file_sent_copy: true,
        }
    }

    fn engine_with(accounts: &[Account]) -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let mut book = crate::account::AccountBook::load(dir.path()).unwrap();
        for a in accounts {
            book.accounts.push(a.clone());
        }
        book.save().unwrap();
        let engine = Engine::new(dir.path());
        (dir, engine)
    }

    #[test]
    fn a_reply_answers_the_sender_from_the_address_written_to() {
        let mut work = account("work", "me@work.test");
        work.identities = vec![
            crate::account::Identity {
                display_name: "Me".into(),
                email: "me@work.test".into(),
                signature: String::new(),
            },
            crate::account::Identity {
                display_name: "Sales".into(),
                email: "sales@work.test".into(),
                signature: "Sales team\nWork Ltd.".into(),
            },
        ];
        let (_dir, engine) = engine_with(&[work]);
        let raw = b"From: Kim <kim@x.test>\r\nTo: Sales <sales@work.test>, bo@x.test\r\n\
            Subject: Price\r\nMessage-ID: <p1@x.test>\r\nDate: Tue, 3 Nov 2026 14:05:00 +0000\r\n\r\nHow much?\r\n";
        let id = engine
            .writer()
            .unwrap()
            .run_blocking(move |db| {
                let f = db.upsert_folder(
                    "work",
                    "INBOX",
                    "Inbox",
                    None,
                    Some(FolderRole::Inbox),
                    true,
                )?;
                db.insert_bodies(
                    f,
                    &[ParsedBody::from_raw(1, vec![], None, raw.to_vec(), 1000)],
                )?;
                Ok(db.list_messages(None, Some(f), 1)?[0].id)
            })
            .unwrap();
        let seed = engine.reply_seed(id, ReplyKind::ReplyAll).unwrap();
        assert_eq!(seed.account_id.as_deref(), Some("work"));
        assert_eq!(seed.draft.from.email, "sales@work.test");
        assert_eq!(seed.draft.to, ["Kim <kim@x.test>", "bo@x.test"]);
        assert_eq!(seed.draft.subject, "Re: Price");
        assert!(seed.draft.body.contains("> How much?"));
        assert!(
            seed.draft
                .body
                .starts_with("\n\n-- \nSales team\nWork Ltd.\n\nOn "),
            "the identity's signature sits above the quote: {:?}",
            seed.draft.body
        );
        assert_eq!(seed.draft.in_reply_to.as_deref(), Some("p1@x.test"));
        assert_eq!(seed.options.reply_to_message, Some(id));
        assert_eq!(seed.options.reply_flag.as_deref(), Some("\\Answered"));
        let fwd = engine
            .reply_seed(id, ReplyKind::ForwardAsAttachment)
            .unwrap();
        assert_eq!(fwd.options.reply_flag.as_deref(), Some("$Forwarded"));
        assert_eq!(fwd.draft.extra_forwarded.as_deref(), Some(&raw[..]));
        assert!(fwd.draft.to.is_empty());
        assert_eq!(fwd.draft.body, "\n\n-- \nSales team\nWork Ltd.\n\n");
    }

    #[test]
    fn a_new_message_starts_with_its_identitys_signature() {
        let mut work = account("work", "me@work.test");
        assert_eq!(new_message_seed(Some(&work)).draft.body, "", "none set");
        work.identities = vec![crate::account::Identity {
            display_name: "Me".into(),
            email: "me@work.test".into(),
            signature: "Minji Kim\r\n제비 메일  \n\n".into(),
        }];
        let seed = new_message_seed(Some(&work));
        assert_eq!(seed.account_id.as_deref(), Some("work"));
        assert_eq!(seed.draft.from.email, "me@work.test");
        assert_eq!(seed.draft.body, "\n\n-- \nMinji Kim\n제비 메일\n");
        assert_eq!(signature_block("  \n"), "");
        assert_eq!(new_message_seed(None).draft.body, "");
    }

    #[tokio::test]
    async fn an_edited_outbox_message_keeps_its_bcc_and_attachments_and_takes_the_old_place() {
        let work = account("work", "me@work.test");
        let (_dir, engine) = engine_with(std::slice::from_ref(&work));
        let draft = Draft {
            from: Mailbox {
                name: Some("Me".into()),
                email: "me@work.test".into(),
            },
            to: vec!["Kim <kim@x.test>".into()],
            bcc: vec!["secret@x.test".into()],
            subject: "청구서".into(),
            body: "see attached\n".into(),
            attachments: vec![AttachmentSource {
                name: "청구서.pdf".into(),
                content_type: Some("application/pdf".into()),
                bytes: b"%PDF-1.4 tiny".to_vec(),
            }],
            request_read_receipt: true,
            ..Draft::default()
        };
        let options = SendOptions {
            request_dsn: true,
            ..SendOptions::default()
        };
        let (old, old_message_id) = engine.queue_draft(&work, &draft, options).await.unwrap();
        let seed = engine.outbox_seed(old).unwrap();
        assert_eq!(seed.replaces, Some((old, old_message_id.clone())));
        assert_eq!(seed.draft.to, ["Kim <kim@x.test>"]);
        assert_eq!(seed.draft.bcc, ["secret@x.test"]);
        assert_eq!(seed.draft.subject, "청구서");
        assert_eq!(seed.draft.body.trim_end(), "see attached");
        assert!(seed.draft.request_read_receipt && seed.options.request_dsn);
        assert_eq!(seed.draft.attachments.len(), 1);
        assert_eq!(seed.draft.attachments[0].name, "청구서.pdf");
        assert_eq!(seed.draft.attachments[0].bytes, b"%PDF-1.4 tiny");

        let mut edited = seed.draft.clone();
        edited.subject = "청구서 (수정)".into();
        let (new, _) = engine
            .queue_seeded(&work, &edited, seed.options.clone(), seed.replaces.clone())
            .await
            .unwrap();
        let rows = engine.outbox(None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].id, rows[0].subject.as_str()),
            (new, "청구서 (수정)")
        );
        // The old row is gone (even if its id was reused): a second edit of it queues nothing.
        let again = engine
            .queue_seeded(&work, &edited, seed.options, Some((old, old_message_id)))
            .await;
        assert!(again
            .unwrap_err()
            .to_string()
            .contains("while you edited it"));
        assert_eq!(engine.outbox(None).unwrap().len(), 1);
    }
}
