//! Reading the local store: `list`, `folders`, `show`, `search`; and `flag`.

use super::output::{date_text, print_rows, search_json};
use jebi::engine::Engine;
use jebi::store::Db;

fn account_id(engine: &Engine, name: Option<&str>) -> Result<Option<String>, String> {
    match name {
        None => Ok(None),
        // Local Folders answers to its name and to "local".
        Some(n)
            if n == jebi::engine::local_folders::LOCAL_ACCOUNT
                || n == jebi::engine::local_folders::DISPLAY_NAME =>
        {
            Ok(Some(jebi::engine::local_folders::LOCAL_ACCOUNT.into()))
        }
        Some(n) => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            Ok(Some(book.find(n).map_err(|e| e.to_string())?.id.clone()))
        }
    }
}

fn reader(engine: &Engine) -> Result<Db, String> {
    engine.reader().map_err(|e| e.to_string())
}

pub fn list(
    engine: &Engine,
    account: Option<&str>,
    folder: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<(), String> {
    let acc = account_id(engine, account)?;
    let db = reader(engine)?;
    let folder_id = match folder {
        None => None,
        Some(name) => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let candidates: Vec<String> = match &acc {
                Some(id) => vec![id.clone()],
                None => book
                    .accounts
                    .iter()
                    .map(|a| a.id.clone())
                    .chain([jebi::engine::local_folders::LOCAL_ACCOUNT.to_string()])
                    .collect(),
            };
            let mut found = None;
            for id in candidates {
                if let Some(f) = db.folder_by_name(&id, name).map_err(|e| e.to_string())? {
                    found = Some(f.id);
                    break;
                }
            }
            Some(found.ok_or_else(|| {
                format!(
                    "there is no folder named '{name}' in the local store (run `jebi sync` first?)"
                )
            })?)
        }
    };
    let rows = db
        .list_messages(acc.as_deref(), folder_id, limit)
        .map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    } else if rows.is_empty() {
        println!("No messages here yet. Run `jebi sync` to download mail.");
    } else {
        print_rows(&rows);
    }
    Ok(())
}

pub fn folders(engine: &Engine, account: Option<&str>, json: bool) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    let accounts = book.select(account).map_err(|e| e.to_string())?;
    let db = reader(engine)?;
    let mut all = Vec::new();
    for a in &accounts {
        let list = db.folders(&a.id).map_err(|e| e.to_string())?;
        if !json {
            println!("{}", a.name);
            for f in &list {
                let role = f
                    .role
                    .map(|r| format!(" [{}]", r.as_str()))
                    .unwrap_or_default();
                println!(
                    "  {:<32} {:>7} messages {:>7} unread{role}",
                    f.display_name, f.total, f.unread
                );
            }
        }
        all.push(serde_json::json!({ "account": a.name, "folders": list }));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    Ok(())
}

pub fn show(engine: &Engine, id: i64, json: bool) -> Result<(), String> {
    let db = reader(engine)?;
    let detail = db.message(id).map_err(|e| e.to_string())?;
    let parsed = detail.raw.as_deref().map(jebi::mime::parse);
    let receipts = engine.receipt_info(id).map_err(|e| e.to_string())?;
    let text = parsed.as_ref().and_then(|p| {
        p.text_body
            .clone()
            .or_else(|| p.html_body.as_deref().map(jebi::mime::html::to_plain_text))
    });
    if json {
        let value = serde_json::json!({
            "id": detail.summary.id,
            "account_id": detail.summary.account_id,
            "folder": detail.summary.folder,
            "uid": detail.summary.uid,
            "flags": detail.flags,
            "date": detail.summary.date,
            "subject": detail.summary.subject,
            "from": parsed.as_ref().map(|p| p.from.clone()).unwrap_or_default(),
            "to": parsed.as_ref().map(|p| p.to.clone()).unwrap_or_default(),
            "cc": parsed.as_ref().map(|p| p.cc.clone()).unwrap_or_default(),
            "from_text": detail.summary.sender(),
            "to_text": detail.to_list,
            "cc_text": detail.cc_list,
            "text_body": parsed.as_ref().and_then(|p| p.text_body.clone()),
            "html_body": parsed.as_ref().and_then(|p| p.html_body.clone()),
            "attachments": parsed.as_ref().map(|p| p.attachments.clone()).unwrap_or_default(),
            "body_downloaded": detail.raw.is_some(),
            "raw_fallback": parsed.as_ref().map(|p| p.raw_fallback).unwrap_or(false),
            "report": receipts.report,
            "reported_message": receipts.reported_message,
            "receipts": receipts.receipts,
            "asks_for_receipt": receipts.asks_for_receipt,
            "unsubscribe": parsed.as_ref().and_then(|p| p.unsubscribe.clone()),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    let from = match (&detail.summary.from_name, &detail.summary.from_email) {
        (Some(n), Some(e)) if !n.is_empty() => format!("{n} <{e}>"),
        (_, Some(e)) => e.clone(),
        _ => "(unknown sender)".into(),
    };
    println!("From:    {from}");
    if !detail.to_list.is_empty() {
        println!("To:      {}", detail.to_list);
    }
    if !detail.cc_list.is_empty() {
        println!("Cc:      {}", detail.cc_list);
    }
    println!("Date:    {}", date_text(detail.summary.date));
    println!("Subject: {}", detail.summary.subject);
    println!(
        "Folder:  {}   Flags: {}",
        detail.summary.folder,
        detail.flags.join(" ")
    );
    if let Some(p) = &parsed {
        for a in &p.attachments {
            println!("Attachment: {} ({}, {} bytes)", a.name, a.mime_type, a.size);
        }
        if p.raw_fallback {
            println!("(This message could not be decoded; shown as raw text.)");
        }
    }
    if let Some(r) = &receipts.report {
        match receipts.reported_message {
            Some(m) => println!("Report:  {r} (about message {m})"),
            None => println!("Report:  {r}"),
        }
    }
    for r in &receipts.receipts {
        println!(
            "Receipt: {} ({}, message {})",
            r.summary,
            date_text(r.date),
            r.report_id
        );
    }
    if let Some(to) = &receipts.asks_for_receipt {
        println!(
            "The sender asked to be told you read this (to {to}): `jebi receipt {id} --send` or `--ignore`"
        );
    }
    println!();
    match (&detail.raw, text) {
        (None, _) => println!("(The body is not downloaded yet; run `jebi sync`.)"),
        (Some(_), Some(t)) => println!("{}", t.trim_end()),
        (Some(_), None) => println!("(This message has no text.)"),
    }
    Ok(())
}

pub fn search(
    engine: &Engine,
    query: &str,
    account: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<(), String> {
    let acc = account_id(engine, account)?;
    let db = reader(engine)?;
    let (rows, total) = db
        .search(query, acc.as_deref(), limit)
        .map_err(|e| e.to_string())?;
    if json {
        println!("{}", search_json(query, total, &rows));
    } else {
        print_rows(&rows);
        eprintln!("{total} messages match");
    }
    // The process ends next (a search is run again and again by scripts and editors).
    db.leave_to_exit();
    Ok(())
}

/// `jebi receipt ID --send|--ignore`: answer a read-receipt request.
pub async fn receipt(engine: &Engine, id: i64, send: bool) -> Result<(), String> {
    let queued = engine
        .answer_read_receipt(id, send)
        .await
        .map_err(|e| e.to_string())?;
    let Some(outbox_id) = queued else {
        println!("Ignored the read-receipt request of message {id}; it will not be asked again.");
        return Ok(());
    };
    let account = engine
        .reader()
        .and_then(|db| {
            db.outbox_entry(outbox_id)
                .map_err(|e| jebi::engine::Failure::Store(e.to_string()))
        })
        .map_err(|e| e.to_string())?
        .map(|e| e.account_id)
        .unwrap_or_default();
    let book = engine.accounts().map_err(|e| e.to_string())?;
    let Some(account) = book.accounts.iter().find(|a| a.id == account) else {
        return Err("the receipt's account no longer exists".into());
    };
    let report = engine
        .flush_outbox(account, &|_, _| {})
        .await
        .map_err(|e| format!("{e} (the receipt stays in the outbox)"))?;
    if report.flush.sent.iter().any(|s| s.entry.id == outbox_id) {
        println!("Sent a read receipt for message {id}.");
        Ok(())
    } else {
        Err(format!(
            "the read receipt for message {id} is queued but not sent yet (`jebi outbox` says why)"
        ))
    }
}
