//! The command line: argument definitions and dispatch. Every failure becomes one plain
//! sentence on stderr and a non-zero exit.

mod account_cmd;
mod action_cmd;
pub mod crash;
mod docs_cmd;
mod mail_cmd;
mod output;
mod quick_args;
mod reply_cmd;
mod send_cmd;
mod sync_cmd;
mod thread_cmd;
mod unsubscribe_cmd;

use clap::{Parser, Subcommand};
use jebi::engine::Engine;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "jebi",
    version,
    allow_external_subcommands = true,
    override_usage = "jebi [OPTIONS] [MAILTO-URL]\n       jebi [OPTIONS] <COMMAND>",
    about = "Jebi (제비): a fast mail client. With no command, opens the window; with a mailto: URL, \
             opens a new message to it (in the Jebi already running, if there is one)."
)]
pub struct Args {
    /// Keep all state (accounts, mail store) under this directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add, list and remove accounts.
    #[command(subcommand)]
    Account(account_cmd::AccountCommand),
    /// Download new mail, flags and bodies into the local store (one pass). POP3 accounts:
    /// download new messages into the account's Inbox and delete them from the server as the
    /// account says.
    Sync {
        #[arg(long)]
        account: Option<String>,
        /// Envelopes and flags only; bodies later.
        #[arg(long)]
        headers_only: bool,
        /// Only this folder (server name); may be repeated.
        #[arg(long)]
        folder: Vec<String>,
        /// Print the summary as JSON: each account's counts (`folders_unchanged`: folders not
        /// opened, because the server's LIST-STATUS counters had not moved).
        #[arg(long)]
        json: bool,
    },
    /// Stay connected and apply changes the server pushes (IDLE) until interrupted.
    Watch {
        #[arg(long)]
        account: Option<String>,
        /// Also watch this folder (server name) on a second connection, besides the Inbox.
        #[arg(long)]
        folder: Option<String>,
    },
    /// List messages from the local store, newest first (works offline).
    List {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        folder: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One line per conversation (replies across folders, your own in Sent included),
        /// newest activity first.
        #[arg(long)]
        threads: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one conversation's messages, oldest first (ids as `jebi list --threads` shows).
    Thread {
        id: i64,
        /// ID is a message id: show the conversation it belongs to.
        #[arg(long)]
        message: bool,
        #[arg(long)]
        json: bool,
    },
    /// List an account's folders with message and unread counts.
    Folders {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Leave the mailing list message ID came from (its List-Unsubscribe header). Without
    /// --yes, says how it would; with --yes, sends the list's one-click request (RFC 8058) when
    /// it offers one, else prints the web page to open or the address to write to.
    Unsubscribe {
        id: i64,
        #[arg(long)]
        yes: bool,
    },
    /// Show one message from the local store.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over subject, addresses and body (works offline). Besides words and
    /// "quoted phrases": from:X to:X subject:X has:attachment is:unread is:read is:starred
    /// before:YYYY-MM-DD after:YYYY-MM-DD folder:NAME (values may be quoted).
    Search {
        query: String,
        #[arg(long)]
        account: Option<String>,
        /// List at most this many (newest first); 0 prints only how many match.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Write a message and send it through the outbox: exits 0 once the server accepted it;
    /// on a transient failure it stays queued and is retried.
    Send(send_cmd::SendArgs),
    /// Reply to a message (quoting it) and send the reply through the outbox; the original gets
    /// \Answered once it is sent.
    Reply(reply_cmd::ReplyArgs),
    /// Forward a message (quoted, or whole as an attachment) through the outbox.
    Forward(reply_cmd::ForwardArgs),
    /// List the outbox (queued and failed messages with their last error), or flush/retry/delete.
    Outbox {
        #[command(subcommand)]
        action: Option<send_cmd::OutboxCommand>,
        /// Print as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Answer a message's read-receipt request: send the receipt, or ignore the request.
    Receipt {
        id: i64,
        #[arg(long, conflicts_with = "ignore", required_unless_present = "ignore")]
        send: bool,
        #[arg(long)]
        ignore: bool,
    },
    /// Move messages to a folder of their account.
    Move(action_cmd::MoveArgs),
    /// Copy messages to a folder of their account.
    Copy(action_cmd::MoveArgs),
    /// Move messages to their account's Trash (--permanent: delete them for good).
    Delete {
        #[command(flatten)]
        messages: action_cmd::MessagesArgs,
        #[arg(long)]
        permanent: bool,
    },
    /// Move messages to their account's Archive folder (made when missing).
    Archive(action_cmd::MessagesArgs),
    /// Create, rename or delete folders.
    #[command(subcommand)]
    Folder(action_cmd::FolderCommand),
    /// Changes made here that wait for the server (moves, flags, deletions...), with the last
    /// error of each.
    Pending {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change messages' flags here and on the server (all of them in one command per folder);
    /// prints each message's flags afterwards, one line per id.
    Flag {
        /// Message ids (as `jebi list` shows them).
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long, conflicts_with = "unseen")]
        seen: bool,
        #[arg(long)]
        unseen: bool,
        #[arg(long, conflicts_with = "unflagged")]
        flagged: bool,
        #[arg(long)]
        unflagged: bool,
        /// Only queue the change; the next sync (or the open window) sends it.
        #[arg(long)]
        offline: bool,
    },
    /// Show the settings, or change one: theme (system|light|dark), language
    /// (system|english|korean), notifications (on|off), check-every-minutes (1-1440). The
    /// window's Settings screen changes the same file (and applies a change at once; a change
    /// made here reaches a running window at its next start).
    Settings {
        name: Option<String>,
        value: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the man page and shell completions (bash, zsh, fish) into DIR (for packaging).
    #[command(name = "generate-docs", hide = true)]
    GenerateDocs { dir: PathBuf },
    /// A mailto: URL (RFC 6068) to write to, as a browser hands it over: opens a new message
    /// (in the Jebi already running on this data directory, if there is one).
    #[command(external_subcommand)]
    External(Vec<String>),
}

impl Args {
    /// Commands that only read the local store run without an async runtime (faster start).
    pub fn is_offline(&self) -> bool {
        matches!(
            self.command,
            None | Some(Command::External(_))
                | Some(Command::GenerateDocs { .. })
                | Some(Command::Settings { .. })
                | Some(Command::List { .. })
                | Some(Command::Thread { .. })
                | Some(Command::Folders { .. })
                | Some(Command::Show { .. })
                | Some(Command::Search { .. })
                | Some(Command::Pending { .. })
                | Some(Command::Account(account_cmd::AccountCommand::List { .. }))
        )
    }
}

/// The named account, or the only one when no name is given.
pub fn pick_account(
    book: &jebi::account::AccountBook,
    name: Option<&str>,
) -> Result<jebi::account::Account, String> {
    match name {
        Some(n) => book.find(n).cloned().map_err(|e| e.to_string()),
        None => match book.accounts.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err("there are no accounts yet: add one with `jebi account add`".into()),
            _ => Err("there are several accounts: say which one with --account NAME".into()),
        },
    }
}

fn engine_for(args: &Args) -> Engine {
    Engine::new(
        args.data_dir
            .clone()
            .unwrap_or_else(Engine::default_data_dir),
    )
}

/// `jebi settings [NAME VALUE] [--json]`.
fn settings(
    dir: &std::path::Path,
    name: Option<&str>,
    value: Option<&str>,
    json: bool,
) -> Result<(), String> {
    use jebi::settings::Settings;
    let mut s = Settings::load(dir);
    match (name, value) {
        (Some(name), Some(value)) => {
            s.set(name, value)?;
            s.save(dir)
                .map_err(|e| format!("cannot save the settings in {}: {e}", dir.display()))?;
        }
        (Some(name), None) => return Err(format!("say the new value: jebi settings {name} VALUE")),
        _ => {}
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    } else {
        let word = |v: serde_json::Value| v.as_str().map(str::to_string).unwrap_or_default();
        println!(
            "theme                {}",
            word(serde_json::to_value(s.theme).unwrap_or_default())
        );
        println!(
            "language             {}",
            word(serde_json::to_value(s.language).unwrap_or_default())
        );
        println!(
            "notifications        {}",
            if s.notifications { "on" } else { "off" }
        );
        println!("check-every-minutes  {}", s.check_every_minutes);
    }
    Ok(())
}

/// How a binary opens the window for `jebi` with no command or a mailto: URL (the data
/// directory, and the URL if any). `jebi` hands these to `jebi-window` (src/main.rs), so that
/// the command line does not carry the window's code; `jebi-window` opens it
/// (src/bin/jebi-window.rs).
pub type OpenWindow = fn(&Engine, Option<String>) -> Result<(), String>;

/// The whole of `main` for both binaries: parse, then run the command or open the window.
pub fn main_with(open_window: OpenWindow) -> std::process::ExitCode {
    use std::process::ExitCode;
    // A plain `jebi search` is read without clap's whole command tree (see `quick_args`).
    let words: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let args = quick_args::plain_search(&words).unwrap_or_else(Args::parse);
    if args.command.is_some() {
        jebi::locale::init_cli();
    }
    crash::install_hook(
        args.data_dir
            .clone()
            .unwrap_or_else(jebi::engine::Engine::default_data_dir),
    );
    // Lets a test see what a person sees when Jebi panics (the crash path has no other trigger).
    if std::env::var_os("JEBI_TEST_PANIC").is_some() {
        panic!("a panic asked for by JEBI_TEST_PANIC");
    }
    if args.is_offline() {
        return finish(run_offline(args, open_window));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jebi: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    finish(runtime.block_on(run(args, open_window)))
}

fn finish(result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jebi: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Read-only commands: the local store and config, no network.
pub fn run_offline(args: Args, open_window: OpenWindow) -> Result<(), String> {
    let engine = engine_for(&args);
    match args.command {
        None => open_window(&engine, None),
        Some(Command::GenerateDocs { dir }) => docs_cmd::generate(&dir),
        Some(Command::Settings { name, value, json }) => {
            settings(engine.data_dir(), name.as_deref(), value.as_deref(), json)
        }
        // `jebi mailto:...` (anything that is no command reaches here).
        Some(Command::External(words)) => {
            let url = words.first().cloned();
            open_window(&engine, url)
        }
        Some(Command::Account(account_cmd::AccountCommand::List { json })) => {
            account_cmd::list(&engine, json)
        }
        Some(Command::List {
            account,
            folder,
            limit,
            threads: true,
            json,
        }) => thread_cmd::list(&engine, account.as_deref(), folder.as_deref(), limit, json),
        Some(Command::List {
            account,
            folder,
            limit,
            json,
            ..
        }) => mail_cmd::list(&engine, account.as_deref(), folder.as_deref(), limit, json),
        Some(Command::Thread { id, message, json }) => thread_cmd::show(&engine, id, message, json),
        Some(Command::Folders { account, json }) => {
            mail_cmd::folders(&engine, account.as_deref(), json)
        }
        Some(Command::Show { id, json }) => mail_cmd::show(&engine, id, json),
        Some(Command::Search {
            query,
            account,
            limit,
            json,
        }) => mail_cmd::search(&engine, &query, account.as_deref(), limit, json),
        Some(Command::Pending { account, json }) => {
            action_cmd::pending(&engine, account.as_deref(), json)
        }
        Some(_) => Err("internal error: this command needs the network runtime".into()),
    }
}

/// Commands that talk to servers or the keyring.
pub async fn run(args: Args, open_window: OpenWindow) -> Result<(), String> {
    let engine = engine_for(&args);
    match args.command {
        Some(Command::Account(cmd)) => account_cmd::run(&engine, cmd).await,
        Some(Command::Sync {
            account,
            headers_only,
            folder,
            json,
        }) => sync_cmd::sync(&engine, account.as_deref(), headers_only, folder, json).await,
        Some(Command::Watch { account, folder }) => {
            sync_cmd::watch(engine, account.as_deref(), folder).await
        }
        Some(Command::Unsubscribe { id, yes }) => unsubscribe_cmd::run(&engine, id, yes).await,
        Some(Command::Flag {
            ids,
            seen,
            unseen,
            flagged,
            unflagged,
            offline,
        }) => {
            use jebi::engine::FlagChange;
            let changes = [
                (seen, FlagChange::Seen(true)),
                (unseen, FlagChange::Seen(false)),
                (flagged, FlagChange::Flagged(true)),
                (unflagged, FlagChange::Flagged(false)),
            ];
            let changes = changes.into_iter().filter(|c| c.0).map(|c| c.1).collect();
            action_cmd::flag(&engine, &ids, changes, offline).await
        }
        Some(Command::Move(args)) => action_cmd::move_or_copy(&engine, args, false).await,
        Some(Command::Copy(args)) => action_cmd::move_or_copy(&engine, args, true).await,
        Some(Command::Delete {
            messages,
            permanent,
        }) => action_cmd::delete(&engine, messages, permanent).await,
        Some(Command::Archive(args)) => action_cmd::archive(&engine, args).await,
        Some(Command::Folder(cmd)) => action_cmd::folder(&engine, cmd).await,
        Some(Command::Receipt { id, send, .. }) => mail_cmd::receipt(&engine, id, send).await,
        Some(Command::Reply(args)) => reply_cmd::reply(&engine, args).await,
        Some(Command::Forward(args)) => reply_cmd::forward(&engine, args).await,
        Some(Command::Send(send)) => send_cmd::send(&engine, send).await,
        Some(Command::Outbox { action, json }) => send_cmd::outbox(&engine, action, json).await,
        _ => run_offline(args, open_window),
    }
}
