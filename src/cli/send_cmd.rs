//! `jebi send` and `jebi outbox [flush|retry|delete]`.

use clap::Subcommand;
use jebi::engine::outbox::{SendOptions, SendReport};
use jebi::engine::Engine;
use jebi::mime::compose::{AttachmentSource, Draft, Mailbox};
use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct SendArgs {
    /// The account to send from (default: the only account).
    #[arg(long)]
    account: Option<String>,
    /// Leave the identity's signature out.
    #[arg(long)]
    no_signature: bool,
    /// Send as this address (one of the account's identities; default: the first).
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// A recipient ("Name <a@b>" or a@b); repeat for several.
    #[arg(long, required_unless_present_any = ["draft", "from_draft"])]
    to: Vec<String>,
    /// A copy recipient; repeat for several.
    #[arg(long)]
    cc: Vec<String>,
    /// Receives the message without appearing in any header.
    #[arg(long)]
    bcc: Vec<String>,
    #[arg(long, default_value = "")]
    subject: String,
    /// The body text (UTF-8) from this file.
    #[arg(long, value_name = "FILE", conflicts_with = "body_stdin")]
    body_file: Option<PathBuf>,
    /// The body text from standard input.
    #[arg(long)]
    body_stdin: bool,
    /// Attach this file; repeat for several.
    #[arg(long, value_name = "FILE")]
    attach: Vec<PathBuf>,
    /// Ask the recipients' mail program for a read receipt.
    #[arg(long)]
    receipt: bool,
    /// Ask the servers for delivery status notifications (when the server offers DSN).
    #[arg(long)]
    dsn: bool,
    /// Only put the message in the outbox; send it later with `jebi outbox flush`.
    #[arg(long)]
    queue_only: bool,
    /// Do not send: save the message in the account's Drafts folder.
    #[arg(long, conflicts_with = "queue_only")]
    draft: bool,
    /// Send the draft stored as message ID (see `jebi list --folder Drafts`) as it is; it
    /// leaves the Drafts folder once sent.
    #[arg(long, value_name = "ID", conflicts_with_all = ["draft", "to", "cc", "bcc", "attach"])]
    from_draft: Option<i64>,
}

#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    /// Send everything waiting now.
    Flush {
        #[arg(long)]
        account: Option<String>,
    },
    /// Try a queued or failed message again at the next flush (and flush now).
    Retry { id: i64 },
    /// Delete a message that was not sent.
    Delete { id: i64 },
}

/// The body text from `--body-file` or `--body-stdin`; None when neither was given.
pub fn read_text(file: Option<&PathBuf>, stdin: bool) -> Result<Option<String>, String> {
    let bytes = if let Some(path) = file {
        std::fs::read(path)
            .map_err(|e| format!("cannot read the body file {}: {e}", path.display()))?
    } else if stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read the body from standard input: {e}"))?;
        buf
    } else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "the body is not UTF-8 text".into())
}

fn read_body(args: &SendArgs) -> Result<String, String> {
    read_text(args.body_file.as_ref(), args.body_stdin)?
        .ok_or_else(|| "no body given: pass --body-file FILE or --body-stdin".into())
}

pub fn read_attachment(path: &PathBuf) -> Result<AttachmentSource, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the attachment {}: {e}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".into());
    Ok(AttachmentSource {
        name,
        content_type: None,
        bytes,
    })
}

pub async fn send(engine: &Engine, args: SendArgs) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    if let Some(id) = args.from_draft {
        let seed = engine.filed_draft_seed(id).map_err(|e| e.to_string())?;
        let account = book
            .accounts
            .iter()
            .find(|a| Some(&a.id) == seed.account_id.as_ref())
            .cloned()
            .ok_or("the draft's account no longer exists")?;
        return queue_and_flush(engine, &account, &seed.draft, seed.options, args.queue_only).await;
    }
    let account = super::pick_account(&book, args.account.as_deref())?;
    let body = read_body(&args)?;
    let attachments = args
        .attach
        .iter()
        .map(read_attachment)
        .collect::<Result<Vec<_>, _>>()?;
    let identities = jebi::engine::drafts::identities(&account);
    let from: Mailbox = match &args.from {
        None => identities[0].clone(),
        Some(address) => identities
            .iter()
            .find(|m| m.email.eq_ignore_ascii_case(address.trim()))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "'{address}' is not an identity of account '{}' (add it with `jebi account identity add`)",
                    account.name
                )
            })?,
    };
    // The identity's signature goes under the text, as the composer puts it.
    let signature = account
        .identities
        .iter()
        .find(|i| i.email.eq_ignore_ascii_case(&from.email))
        .map(|i| i.signature.trim_end().to_string())
        .filter(|s| !s.is_empty() && !args.no_signature);
    let body = match signature {
        Some(sig) => format!("{}\n\n-- \n{sig}\n", body.trim_end()),
        None => body,
    };
    let draft = Draft {
        from,
        to: args.to.clone(),
        cc: args.cc.clone(),
        bcc: args.bcc.clone(),
        subject: args.subject.clone(),
        body,
        attachments,
        request_read_receipt: args.receipt,
        ..Draft::default()
    };
    let options = SendOptions {
        request_dsn: args.dsn,
        ..SendOptions::default()
    };
    if args.draft {
        let seed = jebi::engine::drafts::DraftSeed {
            account_id: Some(account.id.clone()),
            draft,
            options,
            replaces: None,
        };
        let key = format!("cli-{}", std::process::id());
        engine
            .file_draft(&account, &key, &seed)
            .await
            .map_err(|e| format!("{e} (the draft was not saved)"))?;
        println!(
            "Saved the draft in the Drafts folder of '{}'.",
            account.name
        );
        return Ok(());
    }
    queue_and_flush(engine, &account, &draft, options, args.queue_only).await
}

pub async fn queue_and_flush(
    engine: &Engine,
    account: &jebi::account::Account,
    draft: &Draft,
    options: SendOptions,
    queue_only: bool,
) -> Result<(), String> {
    let (id, message_id) = engine
        .queue_draft(account, draft, options)
        .await
        .map_err(|e| format!("{e} (nothing was queued)"))?;
    if queue_only {
        println!(
            "Queued message {id} <{message_id}> in the outbox of '{}'.",
            account.name
        );
        return Ok(());
    }
    let report = engine
        .flush_outbox(account, &|_, _| {})
        .await
        .map_err(|e| format!("{e} (the message stays in the outbox and is retried)"))?;
    outcome_of(&report, id, &account.name)
}

/// What happened to outbox message `id` in this flush, as the command's result.
fn outcome_of(report: &SendReport, id: i64, account: &str) -> Result<(), String> {
    for w in &report.warnings {
        eprintln!("jebi: warning: account '{account}': {w}");
    }
    let flush = &report.flush;
    if let Some(sent) = flush.sent.iter().find(|s| s.entry.id == id) {
        for r in &sent.refused {
            eprintln!(
                "jebi: warning: {} did not get it: {} {}",
                r.recipient, r.code, r.reply
            );
        }
        if sent.reply.starts_with("no reply") {
            eprintln!(
                "jebi: warning: the connection broke right after the message was handed over: {}",
                sent.reply
            );
        }
        println!(
            "Sent <{}> to {} (server: {}).",
            sent.entry.message_id,
            sent.entry.recipients.len() - sent.refused.len(),
            sent.reply
        );
        return Ok(());
    }
    if let Some((_, error)) = flush.failed.iter().find(|(e, _)| e.id == id) {
        return Err(format!(
            "account '{account}': not sent: {error} (kept in the outbox as failed: edit and resend, or `jebi outbox delete {id}`)"
        ));
    }
    if let Some((_, error, at)) = flush.deferred.iter().find(|(e, _, _)| e.id == id) {
        return Err(format!(
            "account '{account}': not sent yet: {error} (still queued; the next try is at {})",
            jebi::store::local_time_text(Some(*at))
        ));
    }
    if flush.busy {
        println!(
            "Queued message {id}; another Jebi is sending this account's outbox and will send it."
        );
        return Ok(());
    }
    Err(format!(
        "account '{account}': message {id} was not sent (it is still in the outbox)"
    ))
}

pub async fn outbox(engine: &Engine, cmd: Option<OutboxCommand>, json: bool) -> Result<(), String> {
    match cmd {
        None => list(engine, json),
        Some(OutboxCommand::Flush { account }) => flush(engine, account.as_deref(), json).await,
        Some(OutboxCommand::Retry { id }) => {
            if !engine
                .outbox_retry_now(id)
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("there is no queued or failed outbox message {id}"));
            }
            flush(engine, None, json).await
        }
        Some(OutboxCommand::Delete { id }) => {
            if !engine.outbox_delete(id).await.map_err(|e| e.to_string())? {
                return Err(format!(
                    "there is no unsent outbox message {id} (`jebi outbox` lists them)"
                ));
            }
            println!("Deleted outbox message {id}; it was not sent.");
            Ok(())
        }
    }
}

fn list(engine: &Engine, json: bool) -> Result<(), String> {
    let rows = engine.outbox(None).map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    if rows.is_empty() {
        println!("The outbox is empty.");
        return Ok(());
    }
    for r in rows {
        let state = match r.state {
            jebi::store::OutboxState::Queued if r.attempts == 0 => "queued".to_string(),
            jebi::store::OutboxState::Queued => format!(
                "queued, next try {}",
                jebi::store::local_time_text(Some(r.next_try))
            ),
            jebi::store::OutboxState::Sending => "sending".into(),
            jebi::store::OutboxState::Failed => "FAILED".into(),
            jebi::store::OutboxState::Sent => "sent, Sent copy pending".into(),
        };
        println!(
            "{:>5}  {:<28} {:<24} {}",
            r.id, state, r.to_display, r.subject
        );
        if let Some(e) = &r.last_error {
            println!("       last error: {e}");
        }
    }
    Ok(())
}

async fn flush(engine: &Engine, account: Option<&str>, json: bool) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    let accounts: Vec<_> = match account {
        Some(name) => vec![book.find(name).map_err(|e| e.to_string())?.clone()],
        None => book
            .accounts
            .iter()
            .filter(|a| a.smtp.is_some())
            .cloned()
            .collect(),
    };
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    for account in accounts {
        match engine.flush_outbox(&account, &|_, _| {}).await {
            Ok(report) => {
                for w in &report.warnings {
                    eprintln!("jebi: warning: account '{}': {w}", account.name);
                }
                let f = &report.flush;
                summary.push(serde_json::json!({
                    "account": account.name,
                    "sent": f.sent.iter().map(|s| s.entry.id).collect::<Vec<_>>(),
                    "failed": f.failed.iter().map(|(e, why)| serde_json::json!({"id": e.id, "error": why})).collect::<Vec<_>>(),
                    "deferred": f.deferred.iter().map(|(e, why, at)| serde_json::json!({"id": e.id, "error": why, "next_try": at})).collect::<Vec<_>>(),
                    "busy": f.busy,
                }));
                if !json {
                    println!(
                        "Account '{}': {} sent, {} failed, {} waiting for a retry.",
                        account.name,
                        f.sent.len(),
                        f.failed.len(),
                        f.deferred.len()
                    );
                }
                for (e, why) in &f.failed {
                    problems.push(format!(
                        "account '{}': message {} not sent: {why}",
                        account.name, e.id
                    ));
                }
                for (e, why, _) in &f.deferred {
                    problems.push(format!(
                        "account '{}': message {} not sent yet: {why}",
                        account.name, e.id
                    ));
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}
