//! `jebi sync` and `jebi watch`.

use jebi::account::Account;
use jebi::engine::{worker, Control, Engine, Update};
use jebi::engine::{SyncEvent, SyncOptions};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn selected(engine: &Engine, account: Option<&str>) -> Result<Vec<Account>, String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    for w in &book.warnings {
        eprintln!("jebi: warning: {w}");
    }
    let list = book.select(account).map_err(|e| e.to_string())?;
    if list.is_empty() {
        return Err("there are no accounts yet: add one with `jebi account add`".into());
    }
    Ok(list)
}

/// Progress lines on stderr, at most a few per second.
fn progress_printer(name: String) -> jebi::engine::Reporter {
    let last = Arc::new(Mutex::new(Instant::now() - Duration::from_secs(1)));
    Arc::new(move |event: SyncEvent| {
        let line = match &event {
            SyncEvent::Folders { count } => Some(format!("{name}: {count} folders")),
            SyncEvent::Headers {
                folder,
                done,
                total,
            } => Some(format!("{name}: {folder}: envelopes {done} of {total}")),
            SyncEvent::Bodies { done, total } => Some(format!(
                "{name}: messages {} of {} downloaded",
                grouped(*done),
                grouped(*total)
            )),
            SyncEvent::FolderDone { .. } => None,
            SyncEvent::Replayed { done, conflicts } => {
                for c in conflicts {
                    eprintln!("{name}: {c}");
                }
                (*done > 0).then(|| format!("{name}: {done} queued changes sent to the server"))
            }
        };
        let finished = matches!(&event, SyncEvent::Bodies { done, total } if done == total)
            || matches!(&event, SyncEvent::Headers { done, total, .. } if done == total)
            || matches!(
                &event,
                SyncEvent::Folders { .. } | SyncEvent::Replayed { .. }
            );
        if let Some(line) = line {
            let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
            if finished || last.elapsed() >= Duration::from_millis(300) {
                *last = Instant::now();
                eprintln!("{line}");
            }
        }
    })
}

fn grouped(n: u32) -> String {
    jebi::locale::grouped(n.into())
}

/// What a POP3 download did, in one line.
fn pop3_line(name: &str, s: &jebi::engine::SyncSummary) -> String {
    let mut line = format!(
        "{name}: {} new messages downloaded",
        grouped(s.new_messages)
    );
    if s.deleted_on_server > 0 {
        line.push_str(&format!(
            ", {} deleted from the server",
            grouped(s.deleted_on_server)
        ));
    }
    if s.refused_by_server > 0 {
        line.push_str(&format!(
            ", {} refused by the server (left there, tried again next time)",
            grouped(s.refused_by_server)
        ));
    }
    line
}

pub async fn sync(
    engine: &Engine,
    account: Option<&str>,
    headers_only: bool,
    folders: Vec<String>,
    json: bool,
) -> Result<(), String> {
    let accounts = selected(engine, account)?;
    let opts = SyncOptions {
        headers_only,
        only_folders: folders,
        ..SyncOptions::default()
    };
    let mut failures = Vec::new();
    let mut results = Vec::new();
    for acc in &accounts {
        let started = Instant::now();
        match engine
            .sync(acc, &opts, progress_printer(acc.name.clone()))
            .await
        {
            Ok(s) => {
                let secs = started.elapsed().as_secs_f64();
                if json {
                    results.push(
                        serde_json::json!({ "account": acc.name, "seconds": secs, "summary": s }),
                    );
                } else if acc.incoming == jebi::account::Incoming::Pop3 {
                    println!("{} in {secs:.1} s", pop3_line(&acc.name, &s));
                } else {
                    let mut line = format!(
                        "{}: {} folders, {} new, {} flag changes, {} removed, {} bodies downloaded",
                        acc.name, s.folders, s.new_messages, s.flag_changes, s.expunged, s.bodies
                    );
                    if s.folders_reset > 0 {
                        line.push_str(&format!(
                            ", {} folders reset (UIDVALIDITY changed)",
                            s.folders_reset
                        ));
                    }
                    if s.bodies_skipped_too_large > 0 {
                        line.push_str(&format!(
                            ", {} too large to download",
                            s.bodies_skipped_too_large
                        ));
                    }
                    println!("{line} in {secs:.1} s");
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&results).unwrap_or_default()
        );
    }
    match failures.len() {
        0 => Ok(()),
        1 => Err(failures.remove(0)),
        _ => Err(failures.join("; ")),
    }
}

pub async fn watch(
    engine: Engine,
    account: Option<&str>,
    folder: Option<String>,
) -> Result<(), String> {
    let accounts = selected(&engine, account)?;
    let engine = Arc::new(engine);
    let (merged_tx, mut merged) = tokio::sync::mpsc::unbounded_channel::<(String, Update)>();
    let mut controls = Vec::new();
    for acc in accounts {
        let (control, mut updates) =
            worker::spawn(engine.clone(), acc.clone(), SyncOptions::default());
        if folder.is_some() {
            let _ = control.send(Control::Watch(folder.clone()));
        }
        controls.push(control);
        let tx = merged_tx.clone();
        tokio::spawn(async move {
            while let Some(u) = updates.recv().await {
                if tx.send((acc.name.clone(), u)).is_err() {
                    break;
                }
            }
        });
    }
    drop(merged_tx);
    let mut running = controls.len();
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                eprintln!("jebi: stopping");
                for c in &controls {
                    let _ = c.send(Control::Stop);
                }
            }
            got = merged.recv() => {
                let Some((name, update)) = got else { break };
                match update {
                    Update::Progress(_) => {}
                    Update::Synced(s) => {
                        if s.new_messages + s.flag_changes + s.expunged > 0 {
                            println!("{name}: {} new, {} flag changes, {} removed", s.new_messages, s.flag_changes, s.expunged);
                        }
                    }
                    Update::Watching => eprintln!("{name}: up to date, waiting for changes"),
                    // The window's notifications, as lines.
                    Update::NewMail(news) => {
                        for m in news {
                            println!("{name}: new mail from {}: {} (id {})", m.from, m.subject, m.id);
                        }
                    }
                    Update::Failed { message, retry_in } => match retry_in {
                        Some(d) => eprintln!("jebi: account '{name}': {message} (retrying in {} s)", d.as_secs()),
                        None => {
                            // Needs the user (password, certificate): no point waiting.
                            for c in &controls {
                                let _ = c.send(Control::Stop);
                            }
                            return Err(format!("account '{name}': {message}"));
                        }
                    },
                    Update::FlagsChanged { .. } | Update::DraftFiled { .. } => {}
                    Update::DraftNotFiled { message, .. } => eprintln!("jebi: {name}: {message}"),
                    Update::Replayed { conflicts, .. } => {
                        for c in conflicts {
                            eprintln!("{name}: {c}");
                        }
                    }
                    Update::ReplayWaiting { message } => eprintln!("jebi: {message} (changes stay queued)"),
                    Update::OutboxFlushed { sent, failed, deferred, warnings } => {
                        if sent > 0 {
                            println!("{name}: sent {sent} queued message(s)");
                        }
                        for p in failed.iter().chain(&deferred).chain(&warnings) {
                            eprintln!("jebi: {name}: {p}");
                        }
                    }
                    Update::Stopped => {
                        running -= 1;
                        if running == 0 {
                            break;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
