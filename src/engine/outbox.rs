//! Sending: messages go into the outbox first (durably), then the account's flush submits
//! them over one SMTP connection, files the Sent copies (IMAP APPEND) and flags the messages
//! they answer or forward.

use super::{Engine, EngineError, Failure};
use crate::account::{Account, ServerConfig};
use crate::secrets::{self, Password, Purpose};
use crate::smtp::outbox::{self as smtp_outbox, FlushContext, FlushReport};
use crate::store::{NewOutboxMessage, OutboxEntry};
use crate::tls::TlsClient;

/// What a flush did, including the Sent copies.
#[derive(Debug, Clone, Default)]
pub struct SendReport {
    pub flush: FlushReport,
    /// Problems filing Sent copies or setting \Answered; the messages themselves went out.
    pub warnings: Vec<String>,
}

impl Engine {
    fn smtp_server(account: &Account) -> Result<ServerConfig, Failure> {
        account.smtp.clone().ok_or_else(|| match crate::locale::surface() {
            crate::locale::Surface::Window => Failure::said(
                "The account has no outgoing (SMTP) server: add one in its settings (\u{2699} beside the account).",
                "이 계정에는 보내는 메일(SMTP) 서버가 없습니다. 계정 옆의 \u{2699}에서 추가하세요.",
            ),
            crate::locale::Surface::Cli => Failure::said(
                "The account has no outgoing (SMTP) server: add one with `jebi account edit NAME --smtp HOST:PORT`.",
                "이 계정에는 보내는 메일(SMTP) 서버가 없습니다. `jebi account edit NAME --smtp HOST:PORT`로 추가하세요.",
            ),
        })
    }

    /// Which keyring entry holds the SMTP password: the account's own unless the SMTP login
    /// differs from the incoming one.
    pub fn smtp_password_purpose(account: &Account) -> Purpose {
        let Some(smtp) = &account.smtp else {
            return Purpose::Incoming;
        };
        let incoming_login = account
            .imap
            .as_ref()
            .or(account.pop3.as_ref())
            .map(|s| account.login_for(s))
            .unwrap_or_else(|| account.email.clone());
        if account.login_for(smtp) == incoming_login {
            Purpose::Incoming
        } else {
            Purpose::Outgoing
        }
    }

    pub(super) async fn smtp_password(account: &Account) -> Result<Password, Failure> {
        let id = account.id.clone();
        let purpose = Self::smtp_password_purpose(account);
        tokio::task::spawn_blocking(move || secrets::load(&id, purpose))
            .await
            .map_err(|e| Failure::Internal(e.to_string()))?
            .map_err(Failure::Secret)
    }

    /// Log in to the outgoing server with this password; nothing is sent or stored.
    pub async fn try_smtp_login(
        &self,
        account: &Account,
        password: &Password,
    ) -> Result<(), EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let server = Self::smtp_server(account).map_err(wrap)?;
        let tls = TlsClient::new(&account.trust).map_err(|e| wrap(Failure::from(e)))?;
        let conn = crate::smtp::connect(account, &server, password, &tls)
            .await
            .map_err(|e| wrap(Failure::Smtp(e)))?;
        conn.ext.save(&self.data_dir, &account.id);
        conn.quit().await;
        Ok(())
    }

    /// Log in to the outgoing server with the stored password (its own when the SMTP login
    /// differs, else the account's); nothing is sent or stored.
    pub async fn check_smtp_login(&self, account: &Account) -> Result<(), EngineError> {
        let password = Self::smtp_password(account)
            .await
            .map_err(|f| EngineError::new(account, f))?;
        self.try_smtp_login(account, &password).await
    }

    /// The largest message the account's outgoing server takes, as it said the last time Jebi
    /// connected (None: unknown or no limit).
    pub fn smtp_size_limit(&self, account: &Account) -> Option<u64> {
        crate::smtp::Extensions::load(&self.data_dir, &account.id).and_then(|e| e.size_limit())
    }

    /// Remember that the account's outgoing server takes messages up to `size` bytes (what its
    /// EHLO says; the flush and Test connection record it themselves).
    pub fn remember_smtp_size_limit(&self, account: &Account, size: u64) {
        let mut ext =
            crate::smtp::Extensions::load(&self.data_dir, &account.id).unwrap_or_default();
        ext.size = Some(size);
        ext.save(&self.data_dir, &account.id);
    }

    /// Put a finished message in the outbox (durably); it is sent by the next flush.
    pub async fn queue_message(
        &self,
        account: &Account,
        message: NewOutboxMessage,
    ) -> Result<i64, EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        Self::smtp_server(account).map_err(wrap)?;
        self.writer()
            .map_err(wrap)?
            .run(move |db| db.outbox_add(&message, smtp_outbox::now()))
            .await
            .map_err(|e| wrap(Failure::Store(e.to_string())))
    }

    /// The outbox rows of an account (or every account), oldest first.
    pub fn outbox(&self, account: Option<&Account>) -> Result<Vec<OutboxEntry>, Failure> {
        self.reader()?
            .outbox_list(account.map(|a| a.id.as_str()))
            .map_err(|e| Failure::Store(e.to_string()))
    }

    /// "Send now" for a queued or failed message.
    pub async fn outbox_retry_now(&self, id: i64) -> Result<bool, Failure> {
        self.writer()?
            .run(move |db| db.outbox_retry_now(id))
            .await
            .map_err(|e| Failure::Store(e.to_string()))
    }

    /// Delete an unsent message from the outbox.
    pub async fn outbox_delete(&self, id: i64) -> Result<bool, Failure> {
        self.writer()?
            .run(move |db| db.outbox_delete(id))
            .await
            .map_err(|e| Failure::Store(e.to_string()))
    }

    /// Send everything due in the account's outbox, then file Sent copies and flags.
    pub async fn flush_outbox(
        &self,
        account: &Account,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<SendReport, EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let server = Self::smtp_server(account).map_err(wrap)?;
        let tls = TlsClient::new(&account.trust).map_err(|e| wrap(Failure::from(e)))?;
        let password = Self::smtp_password(account).await.map_err(wrap)?;
        let ctx = FlushContext {
            account: account.clone(),
            server,
            password,
            tls,
            writer: self.writer().map_err(wrap)?,
            data_dir: self.data_dir.clone(),
        };
        let flush = smtp_outbox::flush(&ctx, progress)
            .await
            .map_err(|e| wrap(Failure::Smtp(e)))?;
        let mut report = SendReport {
            flush,
            warnings: Vec::new(),
        };
        if account.imap.is_some() {
            if let Err(e) = self.finish_sent(account).await {
                report.warnings.push(format!(
                    "sent, but the copy in the Sent folder or the reply flag could not be saved yet (tried again on the next send): {e}"
                ));
            }
        }
        let id = account.id.clone();
        let _ = ctx.writer.run(move |db| db.outbox_prune_sent(&id)).await;
        Ok(report)
    }
}

/// How a message should be sent, beyond what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SendOptions {
    /// Ask for delivery status notifications (when the server offers DSN).
    pub request_dsn: bool,
    /// The local message this one answers or forwards, and the flag it gets once sent
    /// (`\Answered` or `$Forwarded`).
    pub reply_to_message: Option<i64>,
    pub reply_flag: Option<String>,
    /// The filed draft (local message id) this message was written from: it leaves the
    /// Drafts folder once the message is sent.
    pub replaces_draft: Option<i64>,
}

/// The outbox row for what the user wrote (built once, the same for new and edited messages).
pub(super) fn outbox_message(
    account: &Account,
    draft: &crate::mime::compose::Draft,
    options: SendOptions,
) -> Result<NewOutboxMessage, EngineError> {
    let now = chrono::Local::now().fixed_offset();
    let composed = crate::mime::compose::compose(draft, now, None)
        .map_err(|e| EngineError::new(account, Failure::Config(e.to_string())))?;
    Ok(NewOutboxMessage {
        account_id: account.id.clone(),
        message_id: composed.message_id,
        envelope_from: composed.envelope_from,
        recipients: composed.recipients,
        raw: composed.raw,
        subject: draft.subject.clone(),
        to_display: draft.to.join(", "),
        request_dsn: options.request_dsn,
        reply_to_message: options.reply_to_message,
        reply_flag: options.reply_flag,
        skip_sent_copy: !account.file_sent_copy || account.imap.is_none(),
        replaces_draft: options.replaces_draft,
    })
}

impl Engine {
    /// Build the message from what the user wrote and put it in the outbox. Returns the outbox
    /// id and the Message-ID.
    pub async fn queue_draft(
        &self,
        account: &Account,
        draft: &crate::mime::compose::Draft,
        options: SendOptions,
    ) -> Result<(i64, String), EngineError> {
        let message = outbox_message(account, draft, options)?;
        let message_id = message.message_id.clone();
        let id = self.queue_message(account, message).await?;
        Ok((id, message_id))
    }
}
