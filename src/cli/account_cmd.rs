//! `jebi account add|list|edit|check|password|remove`.

use clap::Subcommand;
use jebi::account::Incoming;
use jebi::engine::discovery::config_xml::Protocol;
use jebi::engine::discovery::Found;
use jebi::engine::Engine;
use jebi::engine::{account_from_form, form_from_account, AccountForm};
use jebi::secrets::Password;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Add an IMAP or POP3 account; the password goes to the OS keyring only.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// IMAP server as HOST:PORT (mail stays on the server). Without --imap and --pop3,
        /// Jebi looks the servers up from the address (as `account discover` does).
        #[arg(long, value_name = "HOST:PORT")]
        imap: Option<String>,
        #[arg(long, value_name = "tls|starttls|plain", default_value = "tls")]
        imap_security: String,
        /// POP3 server as HOST:PORT instead of IMAP: mail is downloaded into this account's
        /// local folders and deleted from the server (unless --leave-on-server).
        #[arg(long, value_name = "HOST:PORT", conflicts_with = "imap")]
        pop3: Option<String>,
        #[arg(long, value_name = "tls|starttls|plain", default_value = "tls")]
        pop3_security: String,
        #[command(flatten)]
        pop3_policy: Pop3PolicyArgs,
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
        /// No desktop notification of this account's new mail.
        #[arg(long)]
        no_notify: bool,
        /// Save without logging in to check the settings.
        #[arg(long)]
        no_check: bool,
        /// A text file whose contents sign new messages, replies and forwards (under `-- `).
        #[arg(long, value_name = "FILE")]
        signature_file: Option<PathBuf>,
    },
    /// Look up an address's servers (its domain's autoconfig, .well-known, the Thunderbird
    /// ISPDB, the same for the domain of its lowest MX, its SRV records (RFC 6186/8314), then
    /// the usual names probed at once; 10 s at most) and print them; nothing is saved.
    /// JEBI_DISCOVERY_DNS=HOST:PORT asks that DNS server instead of the system's.
    Discover {
        address: String,
        #[arg(long)]
        json: bool,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account: its keyring entry and its local mail go too. A POP3 account's mail
    /// exists only here: say --keep-mail (moved under Local Folders) or --delete-mail.
    Remove {
        name: String,
        /// POP3: keep its mail, moved under Local Folders in a folder named after the account.
        #[arg(long, conflicts_with = "delete_mail")]
        keep_mail: bool,
        /// POP3: delete its mail with the account.
        #[arg(long)]
        delete_mail: bool,
    },
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
        /// The POP3 server of a POP3 account as HOST:PORT.
        #[arg(long, value_name = "HOST:PORT", conflicts_with = "imap")]
        pop3: Option<String>,
        #[arg(
            long,
            value_name = "tls|starttls|plain",
            conflicts_with = "imap_security"
        )]
        pop3_security: Option<String>,
        #[command(flatten)]
        pop3_policy: Pop3PolicyArgs,
        /// POP3: delete downloaded mail from the server again (undoes --leave-on-server).
        #[arg(long, conflicts_with = "leave_on_server")]
        delete_from_server: bool,
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
        /// No desktop notification of this account's new mail.
        #[arg(long)]
        no_notify: bool,
        /// Desktop notifications of new mail again.
        #[arg(long, conflicts_with = "no_notify")]
        notify: bool,
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

/// What a POP3 account leaves on the server.
#[derive(clap::Args, Debug, Default)]
pub struct Pop3PolicyArgs {
    /// POP3: keep downloaded mail on the server.
    #[arg(long)]
    leave_on_server: bool,
    /// POP3 with --leave-on-server: delete it from the server N days after download.
    #[arg(long, value_name = "N", requires = "leave_on_server")]
    delete_after_days: Option<u32>,
    /// POP3 with --leave-on-server: delete it from the server once deleted here (Trash).
    #[arg(long, requires = "leave_on_server")]
    delete_when_deleted_here: bool,
}

impl Pop3PolicyArgs {
    fn apply(&self, form: &mut AccountForm) {
        if self.leave_on_server {
            form.leave_on_server = true;
            form.delete_after_days = self
                .delete_after_days
                .map(|d| d.to_string())
                .unwrap_or_default();
            form.delete_when_deleted_here = self.delete_when_deleted_here;
        }
    }
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
        AccountCommand::Discover { address, json } => {
            discover(&address, json, true).await.map(drop)
        }
        AccountCommand::Check { name } => {
            let book = engine.accounts().map_err(|e| e.to_string())?;
            let account = book.find(&name).map_err(|e| e.to_string())?.clone();
            engine
                .check_login(&account)
                .await
                .map_err(|e| e.to_string())?;
            let server = account
                .incoming_server()
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
            pop3,
            pop3_security,
            pop3_policy,
            delete_from_server,
            login,
            ca_file,
            password_stdin,
            allow_plaintext,
            smtp,
            smtp_security,
            smtp_login,
            no_sent_copy,
            sent_copy,
            no_notify,
            notify,
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
            // A server of the other kind asks for a change update_account refuses in words.
            if imap.is_some() {
                form.incoming = Incoming::Imap;
            }
            if pop3.is_some() {
                form.incoming = Incoming::Pop3;
            }
            set(&mut form.name, rename);
            set(&mut form.email, email);
            set(&mut form.imap, imap.or(pop3));
            set(&mut form.security, imap_security.or(pop3_security));
            pop3_policy.apply(&mut form);
            if delete_from_server {
                form.leave_on_server = false;
                form.delete_after_days.clear();
                form.delete_when_deleted_here = false;
            }
            set(&mut form.login, login);
            set(&mut form.smtp, smtp);
            set(&mut form.smtp_security, smtp_security);
            set(&mut form.smtp_login, smtp_login);
            form.no_sent_copy = (form.no_sent_copy || no_sent_copy) && !sent_copy;
            form.no_notify = (form.no_notify || no_notify) && !notify;
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
        AccountCommand::Remove {
            name,
            keep_mail,
            delete_mail,
        } => remove(engine, &name, keep_mail, delete_mail).await,
        AccountCommand::Add {
            name,
            email,
            imap,
            imap_security,
            pop3,
            pop3_security,
            pop3_policy,
            login,
            ca_file,
            password_stdin,
            allow_plaintext,
            display_name,
            smtp,
            smtp_security,
            smtp_login,
            no_sent_copy,
            no_notify,
            no_check,
            signature_file,
        } => {
            let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
            let mut smtp_found: Option<(String, String)> = None;
            let mut found_login: Option<String> = None;
            let signature = signature_file
                .as_deref()
                .map(read_signature_file)
                .transpose()?
                .unwrap_or_default();
            let (incoming, server, security) = match (pop3, imap) {
                (Some(pop3), _) => (Incoming::Pop3, pop3, pop3_security),
                (None, Some(imap)) => (Incoming::Imap, imap, imap_security),
                (None, None) => {
                    let found = discover(&email, false, false).await?;
                    let first = &found.incoming[0];
                    let incoming = match first.protocol {
                        Protocol::Pop3 => Incoming::Pop3,
                        _ => Incoming::Imap,
                    };
                    if smtp.is_none() {
                        if let Some(out) = found.outgoing.first() {
                            smtp_found = Some((
                                format!("{}:{}", out.host, out.port),
                                out.security.to_string(),
                            ));
                        }
                    }
                    if login.is_none() && first.login != email {
                        found_login = Some(first.login.clone());
                    }
                    (
                        incoming,
                        format!("{}:{}", first.host, first.port),
                        first.security.to_string(),
                    )
                }
            };
            let login = login.or(found_login);
            let (smtp, smtp_security) = match (smtp, smtp_found) {
                (None, Some((server, security))) => {
                    (Some(server), smtp_security.or(Some(security)))
                }
                (smtp, _) => (smtp, smtp_security),
            };
            let mut form = AccountForm {
                name,
                email,
                login: login.unwrap_or_default(),
                incoming,
                imap: server,
                security,
                ca_pem,
                allow_plaintext,
                display_name: display_name.unwrap_or_default(),
                pinned_sha256: Vec::new(),
                smtp: smtp.unwrap_or_default(),
                smtp_security: smtp_security.unwrap_or_default(),
                smtp_login: smtp_login.unwrap_or_default(),
                no_sent_copy,
                no_notify,
                signature,
                ..AccountForm::default()
            };
            pop3_policy.apply(&mut form);
            add(engine, form, password_stdin, no_check).await
        }
    }
}

/// Look the servers of `address` up and print them (on stdout for `account discover`, on
/// stderr when `account add` goes on to use them).
async fn discover(address: &str, json: bool, stdout: bool) -> Result<Found, String> {
    use jebi::engine::discovery::{discover, Net};
    eprintln!("Looking up the servers of {address}…");
    let found = discover(address, &Net::from_env()).await.map_err(|tried| {
        let list: Vec<String> = tried.iter().map(|(s, why)| format!("{s}: {why}")).collect();
        format!(
            "no mail servers found for {address}; tried {}. Give them with --imap or --pop3 (and --smtp)",
            list.join("; ")
        )
    })?;
    let line = |o: &jebi::engine::discovery::config_xml::Offer| {
        let kind = match o.protocol {
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
            Protocol::Smtp => "SMTP",
        };
        let warn = if o.is_plain() {
            "  (unencrypted: not recommended)"
        } else {
            ""
        };
        format!(
            "{kind:<5} {}:{} {} login {}{warn}",
            o.host, o.port, o.security, o.login
        )
    };
    if json {
        let offer = |o: &jebi::engine::discovery::config_xml::Offer| {
            serde_json::json!({
                "protocol": format!("{:?}", o.protocol).to_lowercase(),
                "host": o.host, "port": o.port, "security": o.security.to_string(),
                "login": o.login, "encrypted": !o.is_plain(),
            })
        };
        let v = serde_json::json!({
            "address": address,
            "source": found.source,
            "incoming": found.incoming.iter().map(offer).collect::<Vec<_>>(),
            "outgoing": found.outgoing.iter().map(offer).collect::<Vec<_>>(),
            "tried": found.tried.iter().map(|(s, why)| serde_json::json!({"source": s, "why": why})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        let mut text = format!("Found in {}:\n", found.source);
        for o in found.incoming.iter().chain(&found.outgoing) {
            text.push_str(&format!("  {}\n", line(o)));
        }
        if stdout {
            print!("{text}");
        } else {
            eprint!("{text}");
        }
    }
    if found.incoming.is_empty() {
        return Err(format!(
            "{} names no incoming server for {address}",
            found.source
        ));
    }
    Ok(found)
}

async fn remove(
    engine: &Engine,
    name: &str,
    keep_mail: bool,
    delete_mail: bool,
) -> Result<(), String> {
    let book = engine.accounts().map_err(|e| e.to_string())?;
    let account = book.find(name).map_err(|e| e.to_string())?;
    let pop3 = account.incoming == Incoming::Pop3;
    if keep_mail && !pop3 {
        return Err(format!(
            "account '{name}' keeps its mail on its IMAP server; --keep-mail is for POP3 accounts (nothing was removed)"
        ));
    }
    let keep = if !pop3 || keep_mail || delete_mail {
        keep_mail
    } else if std::io::stdin().is_terminal() {
        eprint!("Account '{name}' downloads its mail (POP3): its mail exists only on this computer. Keep it under Local Folders? [Y/n] ");
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        !line.trim().to_ascii_lowercase().starts_with('n')
    } else {
        return Err(format!(
            "account '{name}' downloads its mail (POP3), so its mail exists only on this computer: say --keep-mail (moved under Local Folders) or --delete-mail (nothing was removed)"
        ));
    };
    let (acc, kept) = engine
        .remove_account(name, keep)
        .await
        .map_err(|e| e.to_string())?;
    match kept {
        Some(folder) => println!(
            "Removed account '{}' ({}); its mail is in Local Folders under '{folder}'.",
            acc.name, acc.email
        ),
        None => println!(
            "Removed account '{}' ({}) and its local mail.",
            acc.name, acc.email
        ),
    }
    Ok(())
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
                    "pop3": a.pop3.as_ref().map(|s| serde_json::json!({
                        "host": s.host, "port": s.port, "security": s.security.to_string(),
                        "login": a.login_for(s),
                        "leave_on_server": a.pop3_policy.leave_on_server,
                        "delete_after_days": a.pop3_policy.delete_after_days,
                        "delete_when_deleted_here": a.pop3_policy.delete_when_deleted_here,
                    })),
                    "smtp": a.smtp.as_ref().map(|s| serde_json::json!({
                        "host": s.host, "port": s.port, "security": s.security.to_string(),
                        "login": a.login_for(s),
                    })),
                    "sent_copy": a.file_sent_copy,
                    "notify": a.notify,
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
        println!("No accounts yet. Add one with: jebi account add --name NAME --email ADDRESS --imap HOST:PORT (or --pop3 HOST:PORT)");
        return Ok(());
    }
    for a in &book.accounts {
        let server = a
            .incoming_server()
            .map(|s| match a.incoming {
                Incoming::Pop3 => format!("POP3 {} ({})", s.address(), s.security),
                Incoming::Imap => format!("{} ({})", s.address(), s.security),
            })
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
