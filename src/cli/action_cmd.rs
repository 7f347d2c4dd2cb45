//! `jebi move|copy|delete|archive|flag`, `jebi folder create|rename|delete`, `jebi pending`:
//! each applies to the local store at once, is queued, and is then sent to the server on one
//! connection (`--offline`: only queued; the next sync or the window sends it).

use clap::{Args as ClapArgs, Subcommand};
use jebi::engine::{ActionDone, Engine, FlagChange, MailAction};

#[derive(ClapArgs, Debug)]
pub struct MessagesArgs {
    /// Message ids (as `jebi list` shows them).
    #[arg(required = true)]
    pub ids: Vec<i64>,
    /// Only queue the change; the next sync (or the open window) sends it.
    #[arg(long)]
    pub offline: bool,
}

#[derive(ClapArgs, Debug)]
pub struct MoveArgs {
    #[command(flatten)]
    pub messages: MessagesArgs,
    /// The folder (its path as `jebi folders` shows it, e.g. "Projects/2026").
    #[arg(long, value_name = "FOLDER")]
    pub to: String,
}

#[derive(Subcommand, Debug)]
pub enum FolderCommand {
    /// Make a folder ("Parent/Child" makes it under Parent).
    Create {
        name: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        offline: bool,
    },
    /// Rename a folder; a different parent in NEW moves it there.
    Rename {
        name: String,
        new: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        offline: bool,
    },
    /// Delete a folder with its messages and sub-folders (--force when it is not empty).
    Delete {
        name: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        offline: bool,
    },
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 change".into()
    } else {
        format!("{n} changes")
    }
}

/// Send the accounts' queues now (unless offline) and say how it went.
async fn send_queue(engine: &Engine, account_ids: &[String], offline: bool) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    for id in account_ids {
        let Some(account) = book.accounts.iter().find(|a| &a.id == id) else {
            continue;
        };
        let waiting = engine.pending(Some(id)).map_err(|e| e.to_string())?.len();
        if offline {
            eprintln!(
                "{}: {} waiting for the server (the next sync sends {})",
                account.name,
                plural(waiting),
                if waiting == 1 { "it" } else { "them" }
            );
            continue;
        }
        match engine.replay(account).await {
            Ok(report) => {
                for c in &report.conflicts {
                    eprintln!("{}: {c}", account.name);
                }
            }
            Err(e) => eprintln!(
                "jebi: {e}; {} waiting for the server (`jebi pending` lists them, the next sync sends them)",
                plural(waiting)
            ),
        }
    }
    Ok(())
}

async fn act(
    engine: &Engine,
    args: &MessagesArgs,
    action: MailAction,
) -> Result<ActionDone, String> {
    let done = engine
        .act(&args.ids, action)
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", done.summary);
    send_queue(engine, &done.accounts, args.offline).await?;
    Ok(done)
}

/// The account the first message belongs to (folders named by --to are looked up there).
fn account_of_first(engine: &Engine, ids: &[i64]) -> Result<String, String> {
    let db = engine.reader().map_err(|e| e.to_string())?;
    let first = ids.first().ok_or("name at least one message id")?;
    db.message(*first)
        .map(|d| d.summary.account_id)
        .map_err(|e| e.to_string())
}

pub async fn move_or_copy(engine: &Engine, args: MoveArgs, copy: bool) -> Result<(), String> {
    let account = account_of_first(engine, &args.messages.ids)?;
    let folder = engine
        .find_folder(Some(&account), &args.to)
        .map_err(|e| e.to_string())?;
    let action = if copy {
        MailAction::CopyTo(folder.id)
    } else {
        MailAction::MoveTo(folder.id)
    };
    act(engine, &args.messages, action).await.map(|_| ())
}

pub async fn delete(engine: &Engine, args: MessagesArgs, permanent: bool) -> Result<(), String> {
    if !permanent {
        let db = engine.reader().map_err(|e| e.to_string())?;
        let homes = db.homes_of(&args.ids).map_err(|e| e.to_string())?;
        let mut trash = std::collections::HashMap::new();
        for (id, (_, folder)) in args.ids.iter().zip(homes) {
            let in_trash = match trash.get(&folder) {
                Some(&t) => t,
                None => {
                    let f = db.folder_by_id(folder).map_err(|e| e.to_string())?;
                    let t = f.and_then(|f| f.role) == Some(jebi::store::FolderRole::Trash);
                    *trash.entry(folder).or_insert(t)
                }
            };
            if in_trash {
                return Err(format!(
                    "message {id} is in Trash already: add --permanent to delete it for good"
                ));
            }
        }
    }
    let action = if permanent {
        MailAction::DeleteForever
    } else {
        MailAction::Delete
    };
    act(engine, &args, action).await.map(|_| ())
}

pub async fn archive(engine: &Engine, args: MessagesArgs) -> Result<(), String> {
    act(engine, &args, MailAction::Archive).await.map(|_| ())
}

/// `jebi flag ID... --seen|--unseen|--flagged|--unflagged [--offline]`: one line per id with
/// its flags once the server has them (or they are queued).
pub async fn flag(
    engine: &Engine,
    ids: &[i64],
    changes: Vec<FlagChange>,
    offline: bool,
) -> Result<(), String> {
    if changes.is_empty() {
        return Err("say what to change: --seen, --unseen, --flagged or --unflagged".into());
    }
    for c in changes {
        engine.set_flags(ids, c).await.map_err(|e| e.to_string())?;
    }
    let account = account_of_first(engine, ids)?;
    send_queue(engine, &[account], offline).await?;
    let flags = engine.flags_of(ids).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (id, flags) in flags {
        let flags = if flags.is_empty() {
            "(no flags)".to_string()
        } else {
            flags.join(" ")
        };
        out.push_str(&format!("{id}: {flags}\n"));
    }
    print!("{out}");
    Ok(())
}

fn account_id(engine: &Engine, name: Option<&str>) -> Result<String, String> {
    let local = jebi::engine::local_folders::LOCAL_ACCOUNT;
    match name {
        Some(n) if n == local || n == jebi::engine::local_folders::DISPLAY_NAME => Ok(local.into()),
        _ => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            super::pick_account(&book, name).map(|a| a.id)
        }
    }
}

pub async fn folder(engine: &Engine, cmd: FolderCommand) -> Result<(), String> {
    let (account, offline) = match cmd {
        FolderCommand::Create {
            name,
            account,
            offline,
        } => {
            let acc = account_id(engine, account.as_deref())?;
            engine
                .create_folder(&acc, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("Created the folder {name}");
            (acc, offline)
        }
        FolderCommand::Rename {
            name,
            new,
            account,
            offline,
        } => {
            let acc = account_id(engine, account.as_deref())?;
            let folder = engine
                .find_folder(Some(&acc), &name)
                .map_err(|e| e.to_string())?;
            engine
                .rename_folder(folder.id, &new)
                .await
                .map_err(|e| e.to_string())?;
            println!("Renamed the folder {name} to {new}");
            (acc, offline)
        }
        FolderCommand::Delete {
            name,
            account,
            force,
            offline,
        } => {
            let acc = account_id(engine, account.as_deref())?;
            let folder = engine
                .find_folder(Some(&acc), &name)
                .map_err(|e| e.to_string())?;
            if folder.total > 0 && !force {
                return Err(format!(
                    "the folder {name} holds {} messages: add --force to delete it with them",
                    folder.total
                ));
            }
            engine
                .delete_folder(folder.id)
                .await
                .map_err(|e| e.to_string())?;
            println!("Deleted the folder {name}");
            (acc, offline)
        }
    };
    send_queue(engine, &[account], offline).await
}

/// `jebi pending [--json]`: actions waiting for the server, with their last error.
pub fn pending(engine: &Engine, account: Option<&str>, json: bool) -> Result<(), String> {
    let id = match account {
        Some(n) => Some(account_id(engine, Some(n))?),
        None => None,
    };
    let actions = engine.pending(id.as_deref()).map_err(|e| e.to_string())?;
    if json {
        let rows: Vec<serde_json::Value> = actions
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id,
                    "account": a.account_id,
                    "kind": a.kind,
                    "folder": a.folder,
                    "target": a.target,
                    "messages": a.items.iter().map(|i| i.row).collect::<Vec<_>>(),
                    "queued_at": a.created_at,
                    "attempts": a.attempts,
                    "last_error": a.last_error,
                    "description": jebi::engine::describe_action(a),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    if actions.is_empty() {
        println!("Nothing is waiting for the server.");
        return Ok(());
    }
    for a in &actions {
        let error = a
            .last_error
            .as_deref()
            .map(|e| format!(" (last try: {e})"))
            .unwrap_or_default();
        println!("{}  {}{error}", a.id, jebi::engine::describe_action(a));
    }
    Ok(())
}
