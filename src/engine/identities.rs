//! Sending identities of an account (From name, address, signature): the composer lists them
//! all; the first is the account's own. Changing them involves no server.

use super::{Engine, Failure};
use crate::account::{Account, Identity};

impl Engine {
    /// Add an identity to the account named `name` (or replace the one with the same address).
    pub fn add_identity(&self, name: &str, identity: Identity) -> Result<Account, Failure> {
        let checked =
            crate::mime::compose::parse_recipient(&identity.email).map_err(Failure::Config)?;
        if checked.name.is_some() || checked.email != identity.email.trim() {
            return Err(Failure::Config(format!(
                "'{}' is not a plain address (give the name with --display-name)",
                identity.email
            )));
        }
        let display_name = identity.display_name.trim();
        if display_name.chars().any(char::is_control) {
            return Err(Failure::Config(
                "the display name has control characters".into(),
            ));
        }
        let identity = Identity {
            display_name: display_name.to_string(),
            email: checked.email,
            signature: identity.signature,
        };
        self.change_identities(name, |list| {
            match list
                .iter_mut()
                .find(|i| i.email.eq_ignore_ascii_case(&identity.email))
            {
                Some(slot) => *slot = identity,
                None => list.push(identity),
            }
            Ok(())
        })
    }

    /// Remove the identity with address `email`; an account keeps at least one.
    pub fn remove_identity(&self, name: &str, email: &str) -> Result<Account, Failure> {
        self.change_identities(name, |list| {
            let before = list.len();
            list.retain(|i| !i.email.eq_ignore_ascii_case(email.trim()));
            if list.len() == before {
                return Err(Failure::Config(format!(
                    "the account has no identity with the address {email}"
                )));
            }
            if list.is_empty() {
                return Err(Failure::Config(
                    "an account keeps at least one identity to send from".into(),
                ));
            }
            Ok(())
        })
    }

    fn change_identities(
        &self,
        name: &str,
        change: impl FnOnce(&mut Vec<Identity>) -> Result<(), Failure>,
    ) -> Result<Account, Failure> {
        let mut book = self.accounts()?;
        let account = book
            .accounts
            .iter_mut()
            .find(|a| a.name == name)
            .ok_or_else(|| Failure::Config(format!("there is no account named '{name}'")))?;
        if account.identities.is_empty() {
            account.identities.push(Identity {
                display_name: String::new(),
                email: account.email.clone(),
                signature: String::new(),
            });
        }
        change(&mut account.identities)?;
        let account = account.clone();
        book.save().map_err(Failure::from)?;
        Ok(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountBook;

    #[test]
    fn identities_are_added_replaced_and_removed_but_never_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = AccountBook::load(dir.path()).unwrap();
        let form = crate::engine::AccountForm {
            name: "work".into(),
            email: "me@work.test".into(),
            imap: "imap.work.test:993".into(),
            security: "tls".into(),
            ..Default::default()
        };
        book.add(crate::engine::account_from_form(&form).unwrap())
            .unwrap();
        book.save().unwrap();
        let engine = Engine::new(dir.path());
        let id = |email: &str, name: &str| Identity {
            display_name: name.into(),
            email: email.into(),
            signature: String::new(),
        };
        let a = engine
            .add_identity("work", id("team@work.test", "Team"))
            .unwrap();
        assert_eq!(a.identities.len(), 2);
        let a = engine
            .add_identity("work", id("TEAM@work.test", "The team"))
            .unwrap();
        assert_eq!(a.identities.len(), 2, "same address replaces");
        assert_eq!(a.identities[1].display_name, "The team");
        assert!(engine
            .add_identity("work", id("not an address", ""))
            .is_err());
        assert!(engine
            .add_identity("work", id("x@y.test\r\nBcc: z@y.test", ""))
            .is_err());
        assert!(engine
            .add_identity("work", id("a@b.test", "bad\nname"))
            .is_err());
        let a = engine.remove_identity("work", "me@work.test").unwrap();
        assert_eq!(a.identities.len(), 1);
        assert!(
            engine.remove_identity("work", "team@work.test").is_err(),
            "keeps one"
        );
        assert!(engine.remove_identity("work", "nobody@work.test").is_err());
    }
}
