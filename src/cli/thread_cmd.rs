//! Conversations from the local store: `list --threads` and `thread ID`.

use super::output::{date_text, fit};
use jebi::engine::Engine;

fn account_id(engine: &Engine, name: Option<&str>) -> Result<Option<String>, String> {
    let Some(name) = name else { return Ok(None) };
    let book = engine.accounts().map_err(|e| e.to_string())?;
    Ok(Some(book.find(name).map_err(|e| e.to_string())?.id.clone()))
}

/// `jebi list --threads`: one line per conversation (id, messages, unread, newest date,
/// subject, senders); `--json` gives thread_id, count, unread, latest_date, subject, senders
/// and message_ids (plus account_id, flagged, has_attachments).
pub fn list(
    engine: &Engine,
    account: Option<&str>,
    folder: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<(), String> {
    let acc = account_id(engine, account)?;
    let folder_id = match folder {
        Some(name) => Some(
            engine
                .find_folder(acc.as_deref(), name)
                .map_err(|e| e.to_string())?
                .id,
        ),
        None => None,
    };
    let list = engine
        .conversations(acc.as_deref(), folder_id, limit)
        .map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
    } else if list.is_empty() {
        println!("No messages here yet. Run `jebi sync` to download mail.");
    } else {
        for c in &list {
            let subject = if c.subject.is_empty() {
                "(no subject)"
            } else {
                &c.subject
            };
            let unread = if c.unread > 0 {
                format!("{} new", c.unread)
            } else {
                String::new()
            };
            println!(
                "{:>7} {:>4} msg {:<7} {} {} {}",
                c.thread_id,
                c.count,
                unread,
                date_text(c.latest_date),
                fit(subject, 50),
                c.senders.join(", ")
            );
        }
    }
    Ok(())
}

/// `jebi thread ID`: the conversation's messages, oldest first, with the folder of each.
pub fn show(engine: &Engine, id: i64, by_message: bool, json: bool) -> Result<(), String> {
    let thread_id = if by_message {
        engine
            .conversation_of(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("there is no message with id {id}"))?
    } else {
        id
    };
    let messages = engine
        .conversation_messages(thread_id)
        .map_err(|e| e.to_string())?;
    if messages.is_empty() {
        return Err(format!(
            "there is no conversation with id {id} (`jebi list --threads` shows them)"
        ));
    }
    if json {
        let value = serde_json::json!({
            "thread_id": thread_id,
            "count": messages.len(),
            "messages": messages,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    for m in &messages {
        let subject = if m.subject.is_empty() {
            "(no subject)"
        } else {
            &m.subject
        };
        println!(
            "{:>7} {} {} {} {} {}",
            m.id,
            if m.seen { ' ' } else { 'N' },
            date_text(m.date),
            fit(&m.folder, 12),
            fit(&m.sender(), 24),
            fit(subject, 60).trim_end()
        );
    }
    Ok(())
}
