//! `jebi account add|list|remove`.

use clap::Subcommand;
use jebi::account::{Account, Identity, Incoming, Security, ServerConfig, TrustSettings};
use jebi::engine::Engine;
use jebi::secrets::{self, Password, Purpose};
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
        /// Save without logging in to check the settings.
        #[arg(long)]
        no_check: bool,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account: its keyring entry and its local mail go too.
    Remove { name: String },
}

pub async fn run(engine: &Engine, cmd: AccountCommand) -> Result<(), String> {
    match cmd {
        AccountCommand::List { json } => list(engine, json),
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
            no_check,
        } => {
            let form = AddForm {
                name,
                email,
                imap,
                imap_security,
                login,
                ca_file,
                allow_plaintext,
                display_name,
            };
            add(engine, form, password_stdin, no_check).await
        }
    }
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
        println!("{:<16} {:<32} {}", a.name, a.email, server);
    }
    Ok(())
}

struct AddForm {
    name: String,
    email: String,
    imap: String,
    imap_security: String,
    login: Option<String>,
    ca_file: Option<PathBuf>,
    allow_plaintext: bool,
    display_name: Option<String>,
}

/// Check the form and build the account (no I/O but reading the CA file).
fn account_from(form: &AddForm) -> Result<Account, String> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err("the account name must not be empty".into());
    }
    let email = form.email.trim();
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(format!("'{email}' is not an email address"));
    }
    let (host, port) = ServerConfig::parse_host_port(&form.imap)?;
    let security = Security::parse(&form.imap_security).ok_or_else(|| {
        format!(
            "'{}' is not a security mode: use tls, starttls or plain",
            form.imap_security
        )
    })?;
    if security == Security::Plain && !form.allow_plaintext {
        return Err("--imap-security plain sends your password unencrypted; add --allow-plaintext if you really mean it".into());
    }
    let extra_pem = match &form.ca_file {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the certificate file {}: {e}", path.display()))?;
            jebi::tls::parse_pem_certs(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(text)
        }
    };
    Ok(Account {
        id: Account::new_id(name),
        name: name.to_string(),
        email: email.to_string(),
        incoming: Incoming::Imap,
        imap: Some(ServerConfig {
            host,
            port,
            security,
            login: form.login.clone().unwrap_or_default(),
        }),
        pop3: None,
        smtp: None,
        identities: vec![Identity {
            display_name: form.display_name.clone().unwrap_or_default(),
            email: email.to_string(),
        }],
        trust: TrustSettings {
            extra_pem,
            pinned_sha256: Vec::new(),
        },
        allow_plaintext: form.allow_plaintext,
    })
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
    form: AddForm,
    password_stdin: bool,
    no_check: bool,
) -> Result<(), String> {
    let account = account_from(&form)?;
    let mut book = engine.accounts().map_err(|e| e.to_string())?;
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
    let id = account.id.clone();
    tokio::task::spawn_blocking(move || secrets::store(&id, Purpose::Incoming, &password))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("account '{}': cannot store the password: {e}", account.name))?;
    if !no_check {
        if let Err(e) = engine.check_login(&account).await {
            let id = account.id.clone();
            let _ =
                tokio::task::spawn_blocking(move || secrets::delete(&id, Purpose::Incoming)).await;
            return Err(format!("{e} (the account was not added)"));
        }
    }
    book.add(account.clone()).map_err(|e| e.to_string())?;
    book.save().map_err(|e| e.to_string())?;
    println!("Added account '{}' ({}).", account.name, account.email);
    Ok(())
}
