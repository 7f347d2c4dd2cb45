//! `jebi account add|list|edit|check|password|remove`.

use clap::Subcommand;
use jebi::engine::Engine;
use jebi::engine::{account_from_form, form_from_account, AccountForm};
use jebi::secrets::Password;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Add an IMAP account; the password goes to the OS keyring only.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// IMAP server as HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        imap: String,
        #[arg(long, value_name = "tls|starttls|plain", default_value = "tls")]
        imap_security: String,
        /// Login name (default: the email address).
        #[arg(long)]
        login: Option<String>,
        /// Trust this PEM certificate or CA for this account (self-signed servers).
        #[arg(long, value_name = "PEM")]
        ca_file: Option<PathBuf>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Required with --imap-security plain: send the password unencrypted.
        #[arg(long)]
        allow_plaintext: bool,
        /// Your name as it appears on mail you send.
        #[arg(long)]
        display_name: Option<String>,
        /// Outgoing (SMTP submission) server as HOST:PORT: 587 with STARTTLS or 465 with TLS.
        #[arg(long, value_name = "HOST:PORT")]
        smtp: Option<String>,
        /// tls or starttls (default: tls on port 465, starttls otherwise).
        #[arg(long, value_name = "tls|starttls")]
        smtp_security: Option<String>,
        /// SMTP login when it differs from the incoming one (the same password is used).
        #[arg(long, value_name = "LOGIN")]
        smtp_login: Option<String>,
        /// Do not file sent mail in the Sent folder (for servers that do it themselves).
        #[arg(long)]
        no_sent_copy: bool,
        /// Save without logging in to check the settings.
        #[arg(long)]
        no_check: bool,
        /// A text file whose contents sign new messages, replies and forwards (under `-- `).
        #[arg(long, value_name = "FILE")]
        signature_file: Option<PathBuf>,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account: its keyring entry and its local mail go too.
    Remove { name: String },
    /// Change an account's settings (only the options given); logs in with them before saving.
    Edit {
        name: String,
        /// A new name for the account.
        #[arg(long)]
        rename: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long, value_name = "HOST:PORT")]
        imap: Option<String>,
        #[arg(long, value_name = "tls|starttls|plain")]
        imap_security: Option<String>,
        #[arg(long)]
        login: Option<String>,
        /// Trust this PEM certificate or CA for this account (replaces an earlier one).
        #[arg(long, value_name = "PEM")]
        ca_file: Option<PathBuf>,
        /// Also store a new password, read from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Required with --imap-security plain: send the password unencrypted.
        #[arg(long)]
        allow_plaintext: bool,
        /// Outgoing (SMTP submission) server as HOST:PORT: 587 with STARTTLS or 465 with TLS.
        #[arg(long, value_name = "HOST:PORT")]
        smtp: Option<String>,
        /// tls or starttls (default: tls on port 465, starttls otherwise).
        #[arg(long, value_name = "tls|starttls")]
        smtp_security: Option<String>,
        /// SMTP login when it differs from the incoming one (the same password is used).
        #[arg(long, value_name = "LOGIN")]
        smtp_login: Option<String>,
        /// Do not file sent mail in the Sent folder (for servers that do it themselves).
        #[arg(long)]
        no_sent_copy: bool,
        /// File sent mail in the Sent folder again.
        #[arg(long, conflicts_with = "no_sent_copy")]
        sent_copy: bool,
        /// A text file whose contents sign new messages, replies and forwards (an empty file:
        /// no signature). Changed alone, it needs no login.
        #[arg(long, value_name = "FILE")]
        signature_file: Option<PathBuf>,
    },
    /// The addresses an account sends as (the composer's From list): list, add, remove.
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// Log in with the stored settings and password and say whether it works.
    Check { name: String },
    /// Store a new password for an account in the keyring (after a change on the server).
    Password {
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum IdentityCommand {
    /// List an account's identities.
    List {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Add an identity (or change the one with that address).
    Add {
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Its signature, from a UTF-8 text file.
        #[arg(long, value_name = "FILE")]
        signature_file: Option<PathBuf>,
    },
    /// Remove the identity with this address (an account keeps at least one).
    Remove {
        name: String,
        #[arg(long)]
        email: String,
    },
}

fn identity(engine: &Engine, cmd: IdentityCommand) -> Result<(), String> {
    let account = match cmd {
        IdentityCommand::List { name, json } => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let account = book.find(&name).map_err(|e| e.to_string())?;
            let list = jebi::engine::drafts::identities(account);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&account.identities).unwrap_or_default()
                );
            } else {
                for m in list {
                    println!("{}", jebi::mime::compose::format_mailbox(&m));
                }
            }
            return Ok(());
        }
        IdentityCommand::Add {
            name,
            email,
            display_name,
            signature_file,
        } => {
            let signature = signature_file
                .as_deref()
                .map(read_signature_file)
                .transpose()?
                .unwrap_or_default();
            let id = jebi::account::Identity {
                display_name: display_name.unwrap_or_default(),
                email,
                signature,
            };
            engine
                .add_identity(&name, id)
                .map_err(|e| format!("account '{name}': {e}"))?
        }
        IdentityCommand::Remove { name, email } => engine
            .remove_identity(&name, &email)
            .map_err(|e| format!("account '{name}': {e}"))?,
    };
    println!(
        "Account '{}' sends as: {}",
        account.name,
        account
            .identities
            .iter()
            .map(|i| i.email.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

pub async fn run(engine: &Engine, cmd: AccountCommand) -> Result<(), String> {
    match cmd {
        AccountCommand::Identity(cmd) => identity(engine, cmd),
        AccountCommand::List { json } => list(engine, json),
        AccountCommand::Check { name } => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let account = book.find(&name).map_err(|e| e.to_string())?.clone();
            engine
                .check_login(&account)
                .await
                .map_err(|e| e.to_string())?;
            let server = account
                .imap
                .as_ref()
                .map(|s| s.address())
                .unwrap_or_default();
            println!("Account '{name}': logged in to {server}; the settings work.");
            Ok(())
        }
        AccountCommand::Edit {
            name,
            rename,
            email,
            imap,
            imap_security,
            login,
            ca_file,
            password_stdin,
            allow_plaintext,
            smtp,
            smtp_security,
            smtp_login,
            no_sent_copy,
            sent_copy,
            signature_file,
        } => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let mut form = form_from_account(book.find(&name).map_err(|e| e.to_string())?);
            let before = form.clone();
            let set = |field: &mut String, value: Option<String>| {
                if let Some(v) = value {
                    *field = v;
                }
            };
            set(&mut form.name, rename);
            set(&mut form.email, email);
            set(&mut form.imap, imap);
            set(&mut form.security, imap_security);
            set(&mut form.login, login);
            set(&mut form.smtp, smtp);
            set(&mut form.smtp_security, smtp_security);
            set(&mut form.smtp_login, smtp_login);
            form.no_sent_copy = (form.no_sent_copy || no_sent_copy) && !sent_copy;
            form.allow_plaintext |= allow_plaintext;
            if let Some(path) = &ca_file {
                form.ca_pem = Some(read_ca_file(path)?);
            }
            if form == before && !password_stdin {
                if let Some(path) = &signature_file {
                    // Only the signature changes: no server is involved.
                    let account = engine
                        .set_signature(&name, &read_signature_file(path)?)
                        .map_err(|e| format!("account '{name}': {e}"))?;
                    println!("Changed the signature of account '{}'.", account.name);
                    return Ok(());
                }
            }
            if let Some(path) = &signature_file {
                form.signature = read_signature_file(path)?;
            }
            let password = if password_stdin {
                Some(read_password(true)?)
            } else {
                None
            };
            let account = engine
                .update_account(&name, &form, password)
                .await
                .map_err(|e| format!("{e} (nothing was changed)"))?;
            println!(
                "Changed account '{}' ({}); login works.",
                account.name, account.email
            );
            Ok(())
        }
        AccountCommand::Password {
            name,
            password_stdin,
        } => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let account = book.find(&name).map_err(|e| e.to_string())?.clone();
            let password = read_password(password_stdin)?;
            // Log in with the new password first: a password the server refuses is never stored.
            engine
                .try_login(&account, &password)
                .await
                .map_err(|e| format!("{e} (the stored password was not changed)"))?;
            store_password(account.id.clone(), password)
                .await
                .map_err(|e| format!("account '{name}': cannot store the password: {e}"))?;
            println!("Stored the new password for '{name}'; login works.");
            Ok(())
        }
        AccountCommand::Remove { name } => {
            let acc = engine
                .remove_account(&name)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "Removed account '{}' ({}) and its local mail.",
                acc.name, acc.email
            );
            Ok(())
        }
        AccountCommand::Add {
            name,
            email,
            imap,
            imap_security,
            login,
            ca_file,
            password_stdin,
            allow_plaintext,
            display_name,
            smtp,
            smtp_security,
            smtp_login,
            no_sent_copy,
            no_check,
            signature_file,
        } => {
            let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
            let signature = signature_file
                .as_deref()
                .map(read_signature_file)
                .transpose()?
                .unwrap_or_default();
            let form = AccountForm {
                name,
                email,
                login: login.unwrap_or_default(),
                imap,
                security: imap_security,
                ca_pem,
                allow_plaintext,
                display_name: display_name.unwrap_or_default(),
                pinned_sha256: Vec::new(),
                smtp: smtp.unwrap_or_default(),
                smtp_security: smtp_security.unwrap_or_default(),
                smtp_login: smtp_login.unwrap_or_default(),
                no_sent_copy,
                signature,
            };
            add(engine, form, password_stdin, no_check).await
        }
    }
}

fn read_ca_file(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the certificate file {}: {e}", path.display()))
}

/// A signature from a UTF-8 text file (its line ends kept as `\n`, trailing blank lines
/// dropped).
fn read_signature_file(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the signature file {}: {e}", path.display()))?;
    Ok(text.replace("\r\n", "\n").trim_end().to_string())
}

async fn store_password(id: String, password: Password) -> Result<(), String> {
    tokio::task::spawn_blocking(move || {
        jebi::secrets::store(&id, jebi::secrets::Purpose::Incoming, &password)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

pub fn list(engine: &Engine, json: bool) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    for w in &book.warnings {
        eprintln!("jebi: warning: {w}");
    }
    if json {
        let rows: Vec<_> = book
            .accounts
            .iter()
            .map(|a| {
                serde_json::json!({
                    "name": a.name,
                    "email": a.email,
                    "id": a.id,
                    "imap": a.imap.as_ref().map(|s| serde_json::json!({
                        "host": s.host, "port": s.port, "security": s.security.to_string(),
                        "login": a.login_for(s),
                    })),
                    "smtp": a.smtp.as_ref().map(|s| serde_json::json!({
                        "host": s.host, "port": s.port, "security": s.security.to_string(),
                        "login": a.login_for(s),
                    })),
                    "sent_copy": a.file_sent_copy,
                    "signature": a.identities.first().map(|i| i.signature.as_str()).unwrap_or(""),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    if book.accounts.is_empty() {
        println!("No accounts yet. Add one with: jebi account add --name NAME --email ADDRESS --imap HOST:PORT");
        return Ok(());
    }
    for a in &book.accounts {
        let server = a
            .imap
            .as_ref()
            .map(|s| format!("{} ({})", s.address(), s.security))
            .unwrap_or_else(|| "-".into());
        let smtp = a
            .smtp
            .as_ref()
            .map(|s| format!("  sends via {} ({})", s.address(), s.security))
            .unwrap_or_default();
        println!("{:<16} {:<32} {}{smtp}", a.name, a.email, server);
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> Result<Password, String> {
    let text = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")
            .map_err(|e| format!("cannot read the password: {e}"))?
    } else {
        return Err(
            "no password given: pass --password-stdin and write it to standard input".into(),
        );
    };
    if text.is_empty() {
        return Err("the password is empty".into());
    }
    Ok(Password::new(text))
}

async fn add(
    engine: &Engine,
    form: AccountForm,
    password_stdin: bool,
    no_check: bool,
) -> Result<(), String> {
    let account = account_from_form(&form)?;
    let book = engine.accounts().map_err(|e| e.to_string())?;
    if book.accounts.iter().any(|a| a.name == account.name) {
        return Err(format!(
            "an account named '{}' already exists",
            account.name
        ));
    }
    if account.allow_plaintext {
        eprintln!(
            "jebi: warning: account '{}' will send its password and mail unencrypted",
            account.name
        );
    }
    let password = read_password(password_stdin)?;
    let account = engine
        .add_account(account, password, !no_check)
        .await
        .map_err(|e| format!("{e} (the account was not added)"))?;
    println!("Added account '{}' ({}).", account.name, account.email);
    Ok(())
}
