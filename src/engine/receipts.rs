//! Delivery and read reports as the reader shows them, and answering a read-receipt request.
//! Nothing is ever sent without the user's press; the answer (sent or ignored) is remembered
//! with the `$MDNSent` keyword (RFC 3503), so the question is asked once.

use super::drafts::identities;
use super::{Engine, EngineError, Failure, FlagChange};
use crate::mime::report::{self, MdnDecision};
use crate::store::{FolderRole, NewOutboxMessage, ReportRow};

/// What the reader shows about reports for one message.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReceiptInfo {
    /// This message is itself a delivery or read report: its summary in plain words, and the
    /// local id of the message it reports on when that is in the store.
    pub report: Option<String>,
    /// What kind of report it is: `delivery` (DSN) or `disposition` (read receipt).
    pub report_kind: Option<&'static str>,
    pub reported_message: Option<i64>,
    /// Reports that arrived about this message (delivered, failed, displayed...).
    pub receipts: Vec<ReportRow>,
    /// The sender asked to be told the message was read, and may be asked: the address the
    /// receipt would go to.
    pub asks_for_receipt: Option<String>,
}

fn store(e: crate::store::StoreError) -> Failure {
    Failure::Store(e.to_string())
}

impl Engine {
    /// Reports about and within stored message `id`, and whether to ask about a read receipt.
    /// Reads the store: call it off the UI thread.
    pub fn receipt_info(&self, id: i64) -> Result<ReceiptInfo, Failure> {
        let db = self.reader()?;
        let detail = db.message(id).map_err(store)?;
        let Some(raw) = detail.raw.as_deref() else {
            return Ok(ReceiptInfo::default());
        };
        let parsed = crate::mime::parse(raw);
        let mut info = ReceiptInfo::default();
        if let Some(r) = report::parse_report(raw) {
            let original = r.original_message_id.clone().or(r.envelope_id.clone());
            info.reported_message = match original {
                Some(mid) => db.message_by_message_id(&mid).map_err(store)?,
                None => None,
            };
            info.report_kind = Some(match r.kind {
                report::ReportKind::Delivery(_) => "delivery",
                report::ReportKind::Disposition(_) => "disposition",
            });
            info.report = Some(r.summary);
        }
        if let Some(mid) = &parsed.message_id {
            info.receipts = db.reports_about(mid).map_err(store)?;
        }
        let already = detail
            .flags
            .iter()
            .any(|f| f.eq_ignore_ascii_case("$MDNSent"));
        let local = detail.summary.account_id == super::local_folders::LOCAL_ACCOUNT;
        if !already && info.report.is_none() && !local {
            let book = self.accounts()?;
            let own: Vec<String> = book
                .accounts
                .iter()
                .flat_map(|a| identities(a).into_iter().map(|m| m.email))
                .collect();
            let in_sent = db
                .folder_by_id(detail.folder_id)
                .map_err(store)?
                .is_some_and(|f| f.role == Some(FolderRole::Sent));
            let request = report::receipt_request(raw);
            if let MdnDecision::Ask { notify_to } =
                report::mdn_allowed(&parsed, &request, &own, in_sent)
            {
                info.asks_for_receipt = Some(notify_to);
            }
        }
        Ok(info)
    }

    /// The user answered "Send receipt" (`send`) or "Ignore": queue the receipt when sending
    /// (the caller flushes the account's outbox), and remember the answer either way.
    /// Returns the outbox id of the receipt.
    pub async fn answer_read_receipt(
        &self,
        id: i64,
        send: bool,
    ) -> Result<Option<i64>, EngineError> {
        let info = self.receipt_info(id).map_err(EngineError::plain)?;
        let Some(notify_to) = info.asks_for_receipt else {
            return Err(EngineError::plain(Failure::said(
                "This message does not ask for a read receipt, or it was answered already.",
                "이 메시지는 읽음 확인을 요청하지 않았거나 이미 답했습니다.",
            )));
        };
        let detail = self
            .reader()
            .and_then(|db| db.message(id).map_err(store))
            .map_err(EngineError::plain)?;
        let account = self.account_of(&detail.summary.account_id)?;
        let mut queued = None;
        if send {
            let raw = detail.raw.clone().unwrap_or_default();
            let parsed = crate::mime::parse(&raw);
            let original_id = parsed.message_id.clone().unwrap_or_default();
            let to_me: Vec<String> = parsed
                .to
                .iter()
                .chain(&parsed.cc)
                .map(|a| a.email.to_ascii_lowercase())
                .collect();
            let ids = identities(&account);
            let from = ids
                .iter()
                .find(|m| to_me.contains(&m.email.to_ascii_lowercase()))
                .or(ids.first())
                .cloned()
                .unwrap_or_default();
            let composed = report::build_mdn(
                &original_id,
                &parsed.subject,
                &notify_to,
                &from,
                concat!("Jebi ", env!("CARGO_PKG_VERSION")),
                chrono::Local::now().fixed_offset(),
            )
            .map_err(|e| EngineError::new(&account, Failure::Config(e.to_string())))?;
            let message = NewOutboxMessage {
                account_id: account.id.clone(),
                message_id: composed.message_id,
                envelope_from: composed.envelope_from,
                recipients: composed.recipients,
                raw: composed.raw,
                subject: format!("Read: {}", parsed.subject),
                to_display: notify_to.clone(),
                // A receipt is not filed in Sent; once it is sent, the flush sets $MDNSent on
                // the original (on the connection it holds, offline-safe).
                skip_sent_copy: true,
                reply_to_message: Some(id),
                reply_flag: Some("$MDNSent".into()),
                ..Default::default()
            };
            queued = Some(self.queue_message(&account, message).await?);
        }
        // Remembered here at once (the question is not asked again, offline too)...
        let (folder_id, uid) = (detail.folder_id, detail.summary.uid);
        let flags = FlagChange::MdnSent.apply(&detail.flags);
        self.writer()
            .map_err(EngineError::plain)?
            .run(move |db| db.set_flags(folder_id, &[(uid, flags)]))
            .await
            .map_err(|e| EngineError::new(&account, store(e)))?;
        // ...and on the server: with the receipt's flush, or now for "Ignore" (offline, the
        // next sync brings the question back: nothing was sent, so no harm).
        if !send {
            let _ = self.set_flag(id, FlagChange::MdnSent).await;
        }
        Ok(queued)
    }
}
