//! POP3 accounts: log in, download into the account's own local folders, delete on the server
//! as the account says. The window, `jebi sync` and the worker's timer all come here.

use super::{Engine, EngineError, Failure};
use crate::account::{Account, Security, ServerConfig};
use crate::imap::{SyncEvent, SyncSummary};
use crate::pop3::{Limits, Pop3, Pop3Error};
use crate::secrets::Password;
use crate::tls::TlsClient;

/// How often the window's worker (and `jebi watch`) fetches a POP3 account by itself: POP3 has
/// no push. `JEBI_FETCH_EVERY_SECS` overrides the setting (`check_every_minutes`, default 10).
pub fn fetch_every(data_dir: &std::path::Path) -> std::time::Duration {
    let from_env = std::env::var("JEBI_FETCH_EVERY_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s >= 1);
    let secs = from_env.unwrap_or_else(|| {
        u64::from(crate::settings::Settings::load(data_dir).check_every_minutes) * 60
    });
    std::time::Duration::from_secs(secs)
}

impl Engine {
    fn pop3_server(account: &Account) -> Result<ServerConfig, Failure> {
        account
            .pop3
            .clone()
            .ok_or_else(|| Failure::Config("the account has no POP3 server configured".into()))
    }

    /// A logged-in POP3 session of the account.
    async fn pop3_session(account: &Account, password: &Password) -> Result<Pop3, Failure> {
        let server = Self::pop3_server(account)?;
        if server.security == Security::Plain && !account.allow_plaintext {
            return Err(Failure::Pop3(Pop3Error::PlaintextNotAllowed));
        }
        let tls = TlsClient::new(&account.trust).map_err(Failure::from)?;
        let mut pop = Pop3::connect(&server, &tls, Limits::default()).await?;
        pop.login(&account.login_for(&server), password.expose())
            .await?;
        Ok(pop)
    }

    /// Log in to the POP3 server once and leave (checking the settings).
    pub(super) async fn try_pop3_login(
        &self,
        account: &Account,
        password: &Password,
    ) -> Result<(), Failure> {
        let pop = Self::pop3_session(account, password).await?;
        pop.quit().await?;
        Ok(())
    }

    /// Make the account's local folders (Inbox, Sent, Drafts, Trash, Junk) if they are
    /// missing; returns the Inbox.
    pub async fn ensure_pop3_folders(&self, account: &Account) -> Result<i64, Failure> {
        let id = account.id.clone();
        self.writer()?
            .run(move |db| db.ensure_local_account(&id))
            .await
            .map_err(|e| Failure::Store(e.to_string()))
    }

    /// Download new mail of a POP3 account into its Inbox and delete on the server what its
    /// settings say. Progress goes out as `SyncEvent::Bodies` ("312 of 5,000").
    pub(super) async fn fetch_pop3(
        &self,
        account: &Account,
        report: super::Reporter,
    ) -> Result<SyncSummary, EngineError> {
        let wrap = |f: Failure| EngineError::new(account, f);
        let inbox = self.ensure_pop3_folders(account).await.map_err(wrap)?;
        let password = Self::password(account).await.map_err(wrap)?;
        let pop = Self::pop3_session(account, &password).await.map_err(wrap)?;
        let writer = self.writer().map_err(wrap)?;
        let progress = move |done: u32, total: u32| report(SyncEvent::Bodies { done, total });
        let done = crate::pop3::download(
            pop,
            &writer,
            &account.id,
            inbox,
            account.pop3_policy,
            crate::smtp::outbox::now(),
            &progress,
        )
        .await
        .map_err(|e| wrap(Failure::Pop3(e)))?;
        Ok(SyncSummary {
            folders: 1,
            new_messages: done.stored,
            bodies: done.stored,
            deleted_on_server: done.deleted_on_server,
            refused_by_server: done.refused.len() as u32,
            ..SyncSummary::default()
        })
    }
}

/// Where a form that asks for IMAP could get its mail by POP3 instead: when nothing answers
/// on the form's IMAP port and the same host greets over POP3S (995) or POP3 with STLS (110).
/// Returns (`host:port`, security code) for the form.
pub async fn pop3_instead(form: &super::AccountForm) -> Option<(String, String)> {
    pop3_instead_on(form, &[(995, Security::Tls), (110, Security::StartTls)]).await
}

/// [`pop3_instead`] trying these (port, security) pairs in order.
pub async fn pop3_instead_on(
    form: &super::AccountForm,
    candidates: &[(u16, Security)],
) -> Option<(String, String)> {
    use super::form_check::{host_and_port, imap_port};
    use std::time::Duration;
    if form.incoming != crate::account::Incoming::Imap {
        return None;
    }
    let security = Security::parse(form.security.trim()).unwrap_or(Security::Tls);
    let (host, port) = host_and_port(&form.imap, imap_port(security)).ok()?;
    let quick = Duration::from_secs(4);
    let imap = tokio::time::timeout(quick, tokio::net::TcpStream::connect((host.as_str(), port)));
    if matches!(imap.await, Ok(Ok(_))) {
        return None;
    }
    let tls = TlsClient::new(&crate::account::TrustSettings {
        extra_pem: form.ca_pem.clone(),
        pinned_sha256: form.pinned_sha256.clone(),
    })
    .ok()?;
    let limits = Limits {
        idle: quick,
        grace: quick,
        ..Limits::default()
    };
    for &(port, security) in candidates {
        let server = ServerConfig {
            host: host.clone(),
            port,
            security,
            login: String::new(),
        };
        if let Ok(pop) = Pop3::connect(&server, &tls, limits).await {
            let _ = pop.quit().await;
            return Some((server.address(), security.to_string()));
        }
    }
    None
}
