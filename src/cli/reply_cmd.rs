//! `jebi reply ID` and `jebi forward ID`: the command-line twins of the reader's Reply, Reply
//! all, Forward and Forward as attachment (the same drafts the composer opens with).

use super::send_cmd::{queue_and_flush, read_attachment, read_text};
use jebi::engine::Engine;
use jebi::mime::reply::ReplyKind;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ReplyArgs {
    /// The message to answer (an id from `jebi list`).
    id: i64,
    /// Reply to the sender and every other recipient (not to yourself).
    #[arg(long)]
    all: bool,
    /// Your text (UTF-8), written above the quoted message.
    #[arg(long, value_name = "FILE", conflicts_with = "body_stdin")]
    body_file: Option<PathBuf>,
    #[arg(long)]
    body_stdin: bool,
    #[arg(long, value_name = "FILE")]
    attach: Vec<PathBuf>,
    #[arg(long)]
    queue_only: bool,
}

#[derive(clap::Args, Debug)]
pub struct ForwardArgs {
    /// The message to forward (an id from `jebi list`).
    id: i64,
    #[arg(long, required = true)]
    to: Vec<String>,
    #[arg(long)]
    cc: Vec<String>,
    /// Attach the original message whole instead of quoting it.
    #[arg(long)]
    as_attachment: bool,
    /// Your text (UTF-8), written above the forwarded message.
    #[arg(long, value_name = "FILE", conflicts_with = "body_stdin")]
    body_file: Option<PathBuf>,
    #[arg(long)]
    body_stdin: bool,
    #[arg(long)]
    queue_only: bool,
}

async fn send_seed(
    engine: &Engine,
    id: i64,
    kind: ReplyKind,
    text: Option<String>,
    edit: impl FnOnce(&mut jebi::mime::compose::Draft) -> Result<(), String>,
    queue_only: bool,
) -> Result<(), String> {
    let mut seed = engine.reply_seed(id, kind).map_err(|e| e.to_string())?;
    let book = engine.accounts().map_err(|e| e.to_string())?;
    let account = book
        .accounts
        .iter()
        .find(|a| Some(&a.id) == seed.account_id.as_ref())
        .cloned()
        .ok_or("there is no account to send from: add one with `jebi account add`")?;
    if let Some(text) = text {
        seed.draft.body = format!("{}\n{}", text.trim_end(), seed.draft.body);
    }
    edit(&mut seed.draft)?;
    queue_and_flush(engine, &account, &seed.draft, seed.options, queue_only).await
}

pub async fn reply(engine: &Engine, args: ReplyArgs) -> Result<(), String> {
    let text = read_text(args.body_file.as_ref(), args.body_stdin)?
        .ok_or("no reply text given: pass --body-file FILE or --body-stdin")?;
    let kind = if args.all {
        ReplyKind::ReplyAll
    } else {
        ReplyKind::Reply
    };
    let attach = args.attach.clone();
    send_seed(
        engine,
        args.id,
        kind,
        Some(text),
        |draft| {
            for path in &attach {
                draft.attachments.push(read_attachment(path)?);
            }
            Ok(())
        },
        args.queue_only,
    )
    .await
}

pub async fn forward(engine: &Engine, args: ForwardArgs) -> Result<(), String> {
    let text = read_text(args.body_file.as_ref(), args.body_stdin)?;
    let kind = if args.as_attachment {
        ReplyKind::ForwardAsAttachment
    } else {
        ReplyKind::ForwardInline
    };
    let (to, cc) = (args.to.clone(), args.cc.clone());
    send_seed(
        engine,
        args.id,
        kind,
        text,
        |draft| {
            draft.to = to;
            draft.cc = cc;
            Ok(())
        },
        args.queue_only,
    )
    .await
}
