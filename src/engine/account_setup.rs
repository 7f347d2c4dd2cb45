//! Adding an account, shared by the command line and the window: check the form, store the
//! password in the keyring, log in once, save. Nothing is left behind when a step fails.

use super::form_check::{
    delete_after_days, form_problems, host_and_port, incoming_port, smtp_port,
};
use super::{Engine, EngineError, Failure};
use crate::account::{
    Account, Identity, Incoming, Pop3Policy, Security, ServerConfig, TrustSettings,
};
use crate::secrets::{self, Password, Purpose};

/// What a person fills in to add an account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountForm {
    pub name: String,
    pub email: String,
    /// Empty: log in with the address.
    pub login: String,
    /// How mail comes in: IMAP (kept on the server) or POP3 (downloaded here).
    pub incoming: Incoming,
    /// The incoming server (IMAP or POP3, as `incoming` says) as `host:port`.
    pub imap: String,
    /// `tls`, `starttls` or `plain`.
    pub security: String,
    /// PEM text of a certificate or CA to trust for this account.
    pub ca_pem: Option<String>,
    pub allow_plaintext: bool,
    pub display_name: String,
    /// SHA-256 (hex) of server certificates the user chose to trust ("trust this certificate").
    pub pinned_sha256: Vec<String>,
    /// Outgoing server `host:port`; empty: the account cannot send.
    pub smtp: String,
    /// `tls` or `starttls` (`plain` with `allow_plaintext`); empty: TLS on port 465, else STARTTLS.
    pub smtp_security: String,
    /// Empty: the same login as the incoming server.
    pub smtp_login: String,
    /// File a copy of sent mail in the Sent folder (off for servers that do it themselves).
    pub no_sent_copy: bool,
    /// The first identity's signature (empty: none).
    pub signature: String,
    /// No desktop notification of new mail for this account.
    pub no_notify: bool,
    /// POP3: keep downloaded mail on the server.
    pub leave_on_server: bool,
    /// POP3 with `leave_on_server`: days until it is deleted there (empty: never).
    pub delete_after_days: String,
    /// POP3 with `leave_on_server`: delete it there when it is deleted here.
    pub delete_when_deleted_here: bool,
}

/// The outgoing server; the form was checked by [`form_problems`].
fn smtp_from_form(form: &AccountForm) -> Option<ServerConfig> {
    let text = form.smtp.trim();
    if text.is_empty() {
        return None;
    }
    let chosen = Security::parse(form.smtp_security.trim());
    let (host, port) = host_and_port(text, chosen.map_or(587, smtp_port)).ok()?;
    let security = chosen.unwrap_or(if port == 465 {
        Security::Tls
    } else {
        Security::StartTls
    });
    // Empty: the incoming server's login (which, empty itself, means the address).
    let login = match form.smtp_login.trim() {
        "" => form.login.trim(),
        login => login,
    };
    Some(ServerConfig {
        host,
        port,
        security,
        login: login.to_string(),
    })
}

/// Check the form and build the account (no I/O). The error is the first of
/// [`form_problems`], one sentence for the user. An empty name is the address.
pub fn account_from_form(form: &AccountForm) -> Result<Account, String> {
    if let Some(first) = form_problems(form).into_iter().next() {
        return Err(first.text);
    }
    let email = form.email.trim();
    let name = match form.name.trim() {
        "" => email,
        name => name,
    };
    let security = Security::parse(form.security.trim()).unwrap_or(Security::Tls);
    let (host, port) = host_and_port(&form.imap, incoming_port(form.incoming, security))?;
    let server = ServerConfig {
        host,
        port,
        security,
        login: form.login.trim().to_string(),
    };
    let pop3 = form.incoming == Incoming::Pop3;
    let pop3_policy = if pop3 && form.leave_on_server {
        Pop3Policy {
            leave_on_server: true,
            delete_after_days: delete_after_days(&form.delete_after_days)?,
            delete_when_deleted_here: form.delete_when_deleted_here,
        }
    } else {
        Pop3Policy::default()
    };
    Ok(Account {
        id: Account::new_id(name),
        name: name.to_string(),
        email: email.to_string(),
        incoming: form.incoming,
        imap: (!pop3).then(|| server.clone()),
        pop3: pop3.then_some(server),
        pop3_policy,
        smtp: smtp_from_form(form),
        file_sent_copy: !form.no_sent_copy,
        notify: !form.no_notify,
        identities: vec![Identity {
            display_name: form.display_name.trim().to_string(),
            email: email.to_string(),
            signature: form.signature.clone(),
        }],
        trust: TrustSettings {
            extra_pem: form.ca_pem.clone(),
            pinned_sha256: form.pinned_sha256.clone(),
        },
        allow_plaintext: form.allow_plaintext,
    })
}

impl Engine {
    /// Optionally log in once with the password, then store it and save the account. Nothing is
    /// stored when a step fails.
    pub async fn add_account(
        &self,
        account: Account,
        password: Password,
        check_login: bool,
    ) -> Result<Account, EngineError> {
        let wrap = |f: Failure| EngineError::new(&account, f);
        let book = self.accounts().map_err(wrap)?;
        if book.accounts.iter().any(|a| a.name == account.name) {
            return Err(wrap(Failure::said(
                format!("An account named '{}' already exists.", account.name),
                format!("'{}' 계정이 이미 있습니다.", account.name),
            )));
        }
        if check_login {
            self.try_login(&account, &password).await?;
            if account.smtp.is_some() {
                self.try_smtp_login(&account, &password).await?;
            }
        }
        store_password(&account.id, password.clone())
            .await
            .map_err(wrap)?;
        if Engine::smtp_password_purpose(&account) == Purpose::Outgoing {
            store_secret(&account.id, Purpose::Outgoing, password)
                .await
                .map_err(wrap)?;
        }
        // Reload: the list may have changed while we were logging in.
        let mut book = self.accounts().map_err(wrap)?;
        if let Err(e) = book.add(account.clone()).and_then(|_| book.save()) {
            forget_password(&account.id).await;
            return Err(wrap(Failure::from(e)));
        }
        if account.incoming == Incoming::Pop3 {
            // Its folders show at once, before the first download.
            self.ensure_pop3_folders(&account).await.map_err(wrap)?;
        }
        Ok(account)
    }

    /// Change the account now named `old_name` to the settings of `form` (its id, local mail,
    /// identities and other servers stay). Logs in first, with `password` when given (which then
    /// replaces the stored one), else with the stored password. Nothing changes when that fails.
    pub async fn update_account(
        &self,
        old_name: &str,
        form: &AccountForm,
        password: Option<Password>,
    ) -> Result<Account, EngineError> {
        let book = self.accounts().map_err(EngineError::plain)?;
        let old = book
            .find(old_name)
            .map_err(|e| EngineError::plain(Failure::from(e)))?
            .clone();
        let wrap = |f: Failure| EngineError::new(&old, f);
        let from_form = account_from_form(form).map_err(|e| wrap(Failure::Config(e)))?;
        if from_form.name != old.name && book.accounts.iter().any(|a| a.name == from_form.name) {
            return Err(wrap(Failure::said(
                format!("An account named '{}' already exists.", from_form.name),
                format!("'{}' 계정이 이미 있습니다.", from_form.name),
            )));
        }
        if from_form.incoming != old.incoming {
            return Err(wrap(Failure::said(
                "An account cannot change between IMAP and POP3; add a new account for the other way of receiving mail.",
                "계정은 IMAP과 POP3 사이에서 바꿀 수 없습니다. 다른 방식으로 받으려면 새 계정을 추가하세요.",
            )));
        }
        let mut account = old.clone();
        account.name = from_form.name;
        account.imap = from_form.imap;
        account.pop3 = from_form.pop3;
        account.pop3_policy = from_form.pop3_policy;
        account.smtp = from_form.smtp;
        account.file_sent_copy = from_form.file_sent_copy;
        account.notify = from_form.notify;
        account.trust = from_form.trust;
        account.allow_plaintext = from_form.allow_plaintext;
        for identity in &mut account.identities {
            if identity.email == old.email {
                identity.email = from_form.email.clone();
            }
        }
        account.email = from_form.email;
        match account.identities.first_mut() {
            Some(first) => first.signature = form.signature.clone(),
            None if !form.signature.is_empty() => account.identities = from_form.identities,
            None => {}
        }
        match &password {
            Some(p) => self.try_login(&account, p).await?,
            None => self.check_login(&account).await?,
        }
        let smtp_changed = account.smtp != old.smtp;
        if account.smtp.is_some() && (smtp_changed || password.is_some()) {
            let smtp_password = match &password {
                Some(p) => p.clone(),
                None => Engine::smtp_password(&account).await.map_err(wrap)?,
            };
            self.try_smtp_login(&account, &smtp_password).await?;
        }
        if let Some(p) = password {
            store_password(&account.id, p.clone()).await.map_err(wrap)?;
            if Engine::smtp_password_purpose(&account) == Purpose::Outgoing {
                store_secret(&account.id, Purpose::Outgoing, p)
                    .await
                    .map_err(wrap)?;
            }
        }
        let mut book = self.accounts().map_err(wrap)?;
        match book.accounts.iter_mut().find(|a| a.id == account.id) {
            Some(slot) => *slot = account.clone(),
            None => {
                return Err(wrap(Failure::Config(format!(
                    "the account '{old_name}' was removed meanwhile"
                ))))
            }
        }
        book.save().map_err(|e| wrap(Failure::from(e)))?;
        Ok(account)
    }
}

impl Engine {
    /// Set the signature of the first identity of the account named `name` (nothing else
    /// changes, so nothing needs a login).
    pub fn set_signature(&self, name: &str, signature: &str) -> Result<Account, Failure> {
        let mut book = self.accounts()?;
        let account = book
            .accounts
            .iter_mut()
            .find(|a| a.name == name)
            .ok_or_else(|| Failure::Config(format!("there is no account named '{name}'")))?;
        match account.identities.first_mut() {
            Some(first) => first.signature = signature.to_string(),
            None => account.identities.push(Identity {
                display_name: String::new(),
                email: account.email.clone(),
                signature: signature.to_string(),
            }),
        }
        let account = account.clone();
        book.save().map_err(Failure::from)?;
        Ok(account)
    }
}

async fn store_password(id: &str, password: Password) -> Result<(), Failure> {
    store_secret(id, Purpose::Incoming, password).await
}

async fn store_secret(id: &str, purpose: Purpose, password: Password) -> Result<(), Failure> {
    let id = id.to_string();
    tokio::task::spawn_blocking(move || secrets::store(&id, purpose, &password))
        .await
        .map_err(|e| Failure::Internal(e.to_string()))?
        .map_err(Failure::Secret)
}

async fn forget_password(id: &str) {
    let id = id.to_string();
    let _ = tokio::task::spawn_blocking(move || secrets::delete(&id, Purpose::Incoming)).await;
}

/// The form showing an account's current settings (for editing; the password is not shown).
pub fn form_from_account(account: &Account) -> AccountForm {
    let imap = account.incoming_server();
    let policy = account.pop3_policy;
    AccountForm {
        incoming: account.incoming,
        no_notify: !account.notify,
        leave_on_server: policy.leave_on_server,
        delete_after_days: policy
            .delete_after_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        delete_when_deleted_here: policy.delete_when_deleted_here,
        name: account.name.clone(),
        email: account.email.clone(),
        login: imap.map(|s| s.login.clone()).unwrap_or_default(),
        imap: imap.map(|s| s.address()).unwrap_or_default(),
        security: imap
            .map(|s| s.security.to_string())
            .unwrap_or_else(|| "tls".into()),
        ca_pem: account.trust.extra_pem.clone(),
        allow_plaintext: account.allow_plaintext,
        display_name: account
            .identities
            .first()
            .map(|i| i.display_name.clone())
            .unwrap_or_default(),
        pinned_sha256: account.trust.pinned_sha256.clone(),
        smtp: account
            .smtp
            .as_ref()
            .map(|s| s.address())
            .unwrap_or_default(),
        smtp_security: account
            .smtp
            .as_ref()
            .map(|s| s.security.to_string())
            .unwrap_or_default(),
        // Empty ("same as the incoming server") when the two logins are the same.
        smtp_login: account
            .smtp
            .as_ref()
            .map(|s| account.login_for(s))
            .filter(|l| *l != imap.map_or(account.email.clone(), |i| account.login_for(i)))
            .unwrap_or_default(),
        no_sent_copy: !account.file_sent_copy,
        signature: account
            .identities
            .first()
            .map(|i| i.signature.clone())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm {
            name: "work".into(),
            email: "me@example.com".into(),
            imap: "imap.example.com:993".into(),
            security: "tls".into(),
            ..AccountForm::default()
        }
    }

    #[test]
    fn form_checks() {
        assert!(account_from_form(&form()).is_ok());
        let bad = |f: AccountForm| account_from_form(&f).unwrap_err();
        // No name: the address names the account.
        let unnamed = account_from_form(&AccountForm {
            name: " ".into(),
            ..form()
        });
        assert_eq!(unnamed.unwrap().name, "me@example.com");
        assert!(bad(AccountForm {
            email: "me".into(),
            ..form()
        })
        .contains("email"));
        assert!(bad(AccountForm {
            imap: "host:port".into(),
            ..form()
        })
        .contains("imap.example.com:993"));
        let starttls = account_from_form(&AccountForm {
            imap: "host".into(),
            security: "starttls".into(),
            ..form()
        });
        assert_eq!(starttls.unwrap().imap.unwrap().port, 143);
        assert!(bad(AccountForm {
            security: "ssl3".into(),
            ..form()
        })
        .contains("security"));
        assert!(bad(AccountForm {
            security: "plain".into(),
            ..form()
        })
        .contains("unencrypted"));
        assert!(bad(AccountForm {
            ca_pem: Some("junk".into()),
            ..form()
        })
        .contains("PEM"));
        let bad_pem = bad(AccountForm {
            ca_pem: Some("junk".into()),
            ..form()
        });
        assert!(!bad_pem.contains("--"), "{bad_pem}");
        let ok = account_from_form(&AccountForm {
            security: "plain".into(),
            allow_plaintext: true,
            ..form()
        });
        assert!(ok.unwrap().allow_plaintext);
    }

    #[test]
    fn an_empty_smtp_login_is_the_incoming_login() {
        let smtp = |login: &str, smtp_login: &str| {
            let account = account_from_form(&AccountForm {
                login: login.into(),
                smtp: "smtp.example.com:587".into(),
                smtp_login: smtp_login.into(),
                ..form()
            })
            .unwrap();
            let server = account.smtp.clone().unwrap();
            (
                account.login_for(&server),
                form_from_account(&account).smtp_login,
            )
        };
        // (the login used for sending, what the form shows when edited)
        assert_eq!(smtp("", ""), ("me@example.com".into(), "".into()));
        assert_eq!(smtp("jdoe", ""), ("jdoe".into(), "".into()));
        assert_eq!(smtp("jdoe", "jdoe"), ("jdoe".into(), "".into()));
        assert_eq!(smtp("jdoe", "sender"), ("sender".into(), "sender".into()));
        assert_eq!(smtp("", "sender"), ("sender".into(), "sender".into()));
    }

    #[test]
    fn the_signature_goes_to_the_first_identity_and_back_to_the_form() {
        let account = account_from_form(&AccountForm {
            display_name: "Minji Kim".into(),
            signature: "Minji\n제비".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(account.identities[0].signature, "Minji\n제비");
        assert_eq!(form_from_account(&account).signature, "Minji\n제비");
        // Saved and changed alone, without a login.
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::new(dir.path());
        let mut book = engine.accounts().unwrap();
        book.add(account).unwrap();
        book.save().unwrap();
        let changed = engine.set_signature("work", "Minji Kim").unwrap();
        assert_eq!(changed.identities[0].signature, "Minji Kim");
        let stored = engine.accounts().unwrap();
        assert_eq!(stored.accounts[0].identities[0].signature, "Minji Kim");
        assert_eq!(stored.accounts[0].identities[0].display_name, "Minji Kim");
        assert!(engine.set_signature("nobody", "x").is_err());
    }
}
