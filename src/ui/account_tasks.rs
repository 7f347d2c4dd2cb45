//! Account work the setup form asks for, off the UI thread: testing a connection, adding or
//! changing an account. Failures come back as (plain words, refused certificate fingerprint).

use super::strings::t;
use crate::engine::{account_from_form, AccountForm, Engine, EngineError};
use crate::secrets::Password;
use std::sync::Arc;

pub type Outcome<T> = Result<T, (String, Option<String>)>;

pub fn failure(e: EngineError) -> (String, Option<String>) {
    let fp = e.failure.untrusted_certificate().map(str::to_string);
    // The form is the account's: its sentence needs no "account 'X':" in front.
    (e.failure.to_string(), fp)
}

/// "Test connection": log in with the form's settings and password (the stored one when editing
/// and the field is empty). Saves nothing.
pub async fn test_connection(
    engine: Arc<Engine>,
    form: AccountForm,
    password: String,
    editing: Option<String>,
) -> Outcome<String> {
    let mut account = account_from_form(&form).map_err(|e| (e, None))?;
    let result = if password.is_empty() {
        let book = engine.accounts().map_err(|e| (e.to_string(), None))?;
        let stored = editing.and_then(|n| book.find(&n).ok().map(|a| a.id.clone()));
        let Some(id) = stored else {
            return Err((t().missing_password().to_string(), None));
        };
        account.id = id;
        engine.check_login(&account).await
    } else {
        engine.try_login(&account, &Password::new(password)).await
    };
    result
        .map(|()| {
            let server = account
                .incoming_server()
                .map(|s| s.address())
                .unwrap_or_default();
            let login = account
                .incoming_server()
                .map(|s| account.login_for(s))
                .unwrap_or_default();
            t().connection_works(&server, &login)
        })
        .map_err(failure)
}

/// Adds the account (logging in first), or changes the one named `editing`; an empty password
/// when editing keeps the stored one.
pub async fn save(
    engine: Arc<Engine>,
    form: AccountForm,
    password: String,
    editing: Option<String>,
) -> Outcome<()> {
    let password = (!password.is_empty()).then(|| Password::new(password));
    match (editing, password) {
        (Some(old_name), password) => engine
            .update_account(&old_name, &form, password)
            .await
            .map(|_| ())
            .map_err(failure),
        (None, Some(password)) => {
            let account = account_from_form(&form).map_err(|e| (e, None))?;
            engine
                .add_account(account, password, true)
                .await
                .map(|_| ())
                .map_err(failure)
        }
        (None, None) => Err((t().missing_password().to_string(), None)),
    }
}
