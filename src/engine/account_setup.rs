//! Adding an account, shared by the command line and the window: check the form, store the
//! password in the keyring, log in once, save. Nothing is left behind when a step fails.

use super::{Engine, EngineError, Failure};
use crate::account::{Account, Identity, Incoming, Security, ServerConfig, TrustSettings};
use crate::secrets::{self, Password, Purpose};

/// What a person fills in to add an IMAP account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountForm {
    pub name: String,
    pub email: String,
    /// Empty: log in with the address.
    pub login: String,
    /// `host:port`.
    pub imap: String,
    /// `tls`, `starttls` or `plain`.
    pub security: String,
    /// PEM text of a certificate or CA to trust for this account.
    pub ca_pem: Option<String>,
    pub allow_plaintext: bool,
    pub display_name: String,
    /// SHA-256 (hex) of server certificates the user chose to trust ("trust this certificate").
    pub pinned_sha256: Vec<String>,
}

/// Check the form and build the account (no I/O). Errors are one sentence for the user.
pub fn account_from_form(form: &AccountForm) -> Result<Account, String> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err("the account name must not be empty".into());
    }
    let email = form.email.trim();
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(format!("'{email}' is not an email address"));
    }
    let (host, port) = ServerConfig::parse_host_port(form.imap.trim())?;
    let security = Security::parse(form.security.trim()).ok_or_else(|| {
        format!(
            "'{}' is not a security mode: use tls, starttls or plain",
            form.security
        )
    })?;
    if security == Security::Plain && !form.allow_plaintext {
        return Err("plain security sends your password unencrypted; allow plain text explicitly (--allow-plaintext) if you really mean it".into());
    }
    if let Some(pem) = &form.ca_pem {
        crate::tls::parse_pem_certs(pem).map_err(|e| e.to_string())?;
    }
    Ok(Account {
        id: Account::new_id(name),
        name: name.to_string(),
        email: email.to_string(),
        incoming: Incoming::Imap,
        imap: Some(ServerConfig {
            host,
            port,
            security,
            login: form.login.trim().to_string(),
        }),
        pop3: None,
        smtp: None,
        identities: vec![Identity {
            display_name: form.display_name.trim().to_string(),
            email: email.to_string(),
        }],
        trust: TrustSettings {
            extra_pem: form.ca_pem.clone(),
            pinned_sha256: form.pinned_sha256.clone(),
        },
        allow_plaintext: form.allow_plaintext,
    })
}

impl Engine {
    /// Store the password, optionally log in once, then save the account.
    pub async fn add_account(
        &self,
        account: Account,
        password: Password,
        check_login: bool,
    ) -> Result<Account, EngineError> {
        let wrap = |f: Failure| EngineError::new(&account, f);
        let book = self.accounts().map_err(wrap)?;
        if book.accounts.iter().any(|a| a.name == account.name) {
            return Err(wrap(Failure::Config(format!(
                "an account named '{}' already exists",
                account.name
            ))));
        }
        let id = account.id.clone();
        tokio::task::spawn_blocking(move || secrets::store(&id, Purpose::Incoming, &password))
            .await
            .map_err(|e| wrap(Failure::Internal(e.to_string())))?
            .map_err(|e| wrap(Failure::Secret(e)))?;
        let forget = |id: String| async move {
            let _ =
                tokio::task::spawn_blocking(move || secrets::delete(&id, Purpose::Incoming)).await;
        };
        if check_login {
            if let Err(e) = self.check_login(&account).await {
                forget(account.id.clone()).await;
                return Err(e);
            }
        }
        // Reload: the list may have changed while we were logging in.
        let mut book = self.accounts().map_err(wrap)?;
        if let Err(e) = book.add(account.clone()).and_then(|_| book.save()) {
            forget(account.id.clone()).await;
            return Err(wrap(Failure::Config(e.to_string())));
        }
        Ok(account)
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
        assert!(bad(AccountForm {
            name: " ".into(),
            ..form()
        })
        .contains("name"));
        assert!(bad(AccountForm {
            email: "me".into(),
            ..form()
        })
        .contains("email"));
        assert!(bad(AccountForm {
            imap: "host".into(),
            ..form()
        })
        .contains("HOST:PORT"));
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
        let ok = account_from_form(&AccountForm {
            security: "plain".into(),
            allow_plaintext: true,
            ..form()
        });
        assert!(ok.unwrap().allow_plaintext);
    }
}
