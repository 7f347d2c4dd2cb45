//! The account list on disk (`accounts.toml` in the data directory).
//!
//! Damage is tolerated: an account entry that no longer parses is kept verbatim (and written
//! back unchanged) while the others load; a file that is not TOML at all is moved aside, never
//! overwritten silently. Writes are atomic (temp file + fsync + rename).

use super::Account;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "accounts.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the account list {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save the account list {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no account named '{0}'")]
    NoSuchAccount(String),
    #[error("an account named '{0}' already exists")]
    DuplicateName(String),
}

/// All configured accounts plus what could not be understood.
#[derive(Debug, Default)]
pub struct AccountBook {
    pub accounts: Vec<Account>,
    /// Entries that failed to parse, kept to be written back as they were.
    damaged: Vec<toml::Value>,
    /// Human-readable warnings about damage found while loading.
    pub warnings: Vec<String>,
    path: PathBuf,
}

impl AccountBook {
    pub fn load(data_dir: &Path) -> Result<AccountBook, ConfigError> {
        let path = data_dir.join(FILE_NAME);
        let mut book = AccountBook {
            path: path.clone(),
            ..AccountBook::default()
        };
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(book),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let doc: toml::Table = match text.parse() {
            Ok(doc) => doc,
            Err(e) => {
                let aside = path.with_extension(format!(
                    "toml.unreadable-{}",
                    chrono::Utc::now().format("%Y%m%d%H%M%S")
                ));
                fs::rename(&path, &aside).map_err(|source| ConfigError::Write {
                    path: aside.clone(),
                    source,
                })?;
                book.warnings.push(format!(
                    "the account list could not be read ({}); it was kept as {}",
                    e.message().trim(),
                    aside.display()
                ));
                return Ok(book);
            }
        };
        if let Some(toml::Value::Array(entries)) = doc.get("account") {
            for entry in entries {
                match entry.clone().try_into::<Account>() {
                    Ok(acc) => book.accounts.push(acc),
                    Err(e) => {
                        let name = entry
                            .get("name")
                            .and_then(|v| v.as_str())
                            .unwrap_or("(unnamed)");
                        book.warnings.push(format!(
                            "account '{name}' in {} is damaged and was skipped: {}",
                            path.display(),
                            e.message().trim()
                        ));
                        book.damaged.push(entry.clone());
                    }
                }
            }
        }
        Ok(book)
    }

    pub fn save(&self) -> Result<(), ConfigError> {
        let mut entries: Vec<toml::Value> = Vec::new();
        for acc in &self.accounts {
            entries.push(toml::Value::try_from(acc).expect("accounts always serialise"));
        }
        entries.extend(self.damaged.iter().cloned());
        let mut doc = toml::Table::new();
        doc.insert("account".into(), toml::Value::Array(entries));
        let text = toml::to_string_pretty(&doc).expect("a table always serialises");
        write_atomically(&self.path, text.as_bytes()).map_err(|source| ConfigError::Write {
            path: self.path.clone(),
            source,
        })
    }

    pub fn find(&self, name: &str) -> Result<&Account, ConfigError> {
        self.accounts
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| ConfigError::NoSuchAccount(name.to_string()))
    }

    pub fn add(&mut self, account: Account) -> Result<(), ConfigError> {
        if self.accounts.iter().any(|a| a.name == account.name) {
            return Err(ConfigError::DuplicateName(account.name));
        }
        self.accounts.push(account);
        Ok(())
    }

    pub fn remove(&mut self, name: &str) -> Result<Account, ConfigError> {
        let pos = self
            .accounts
            .iter()
            .position(|a| a.name == name)
            .ok_or_else(|| ConfigError::NoSuchAccount(name.to_string()))?;
        Ok(self.accounts.remove(pos))
    }

    /// Accounts selected by an optional `--account NAME`.
    pub fn select(&self, name: Option<&str>) -> Result<Vec<Account>, ConfigError> {
        match name {
            Some(n) => Ok(vec![self.find(n)?.clone()]),
            None => Ok(self.accounts.clone()),
        }
    }
}

/// Write a file so that a crash leaves either the old or the new content, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp-write");
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Incoming, Security, ServerConfig, TrustSettings};

    fn sample(name: &str) -> Account {
        Account {
            id: format!("{name}-1"),
            name: name.into(),
            email: format!("{name}@example.test"),
            incoming: Incoming::Imap,
            imap: Some(ServerConfig {
                host: "127.0.0.1".into(),
                port: 993,
                security: Security::Tls,
                login: String::new(),
            }),
            pop3: None,
            pop3_policy: Default::default(),
            notify: true,
            smtp: None,
            identities: vec![],
            trust: TrustSettings::default(),
            allow_plaintext: false,
            file_sent_copy: true,
        }
    }

    #[test]
    fn round_trip_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = AccountBook::load(dir.path()).unwrap();
        book.add(sample("work")).unwrap();
        book.add(sample("home")).unwrap();
        assert!(matches!(
            book.add(sample("work")),
            Err(ConfigError::DuplicateName(_))
        ));
        book.save().unwrap();
        let again = AccountBook::load(dir.path()).unwrap();
        assert_eq!(again.accounts, book.accounts);
        assert!(again.warnings.is_empty());
    }

    #[test]
    fn damaged_entry_is_kept_and_others_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = AccountBook::load(dir.path()).unwrap();
        book.add(sample("work")).unwrap();
        book.save().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\n[[account]]\nname = \"broken\"\nimap = 7\n");
        fs::write(&path, &text).unwrap();
        let book = AccountBook::load(dir.path()).unwrap();
        assert_eq!(book.accounts.len(), 1);
        assert_eq!(book.warnings.len(), 1);
        assert!(book.warnings[0].contains("broken"), "{:?}", book.warnings);
        book.save().unwrap();
        let saved = fs::read_to_string(&path).unwrap();
        assert!(saved.contains("broken"), "damaged entry must be preserved");
    }

    #[test]
    fn unreadable_file_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "this is [[ not toml").unwrap();
        let book = AccountBook::load(dir.path()).unwrap();
        assert!(book.accounts.is_empty());
        assert_eq!(book.warnings.len(), 1);
        assert!(!path.exists());
        let kept: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(kept.len(), 1, "the unreadable file is kept aside");
    }
}
