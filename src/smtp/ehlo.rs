//! What a submission server offers, read from its own EHLO reply (lettre keeps only a few
//! extensions; the outbox also needs DSN and SIZE).

/// The extensions the outbox cares about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extensions {
    pub starttls: bool,
    /// RFC 3461 delivery status notifications (`RET`, `ENVID`, `NOTIFY`, `ORCPT`).
    pub dsn: bool,
    /// RFC 1870: the largest message the server takes, when it says (0 means "no limit").
    pub size: Option<u64>,
    pub smtputf8: bool,
    pub eightbitmime: bool,
    pub pipelining: bool,
    /// AUTH mechanisms, upper case.
    pub auth: Vec<String>,
}

impl Extensions {
    /// Parse the lines of an EHLO reply (without the `250-` prefixes; the first line is the
    /// server's name and greeting).
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Extensions {
        let mut ext = Extensions::default();
        for line in lines.into_iter().skip(1).take(200) {
            let mut words = line.split_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            match keyword.to_ascii_uppercase().as_str() {
                "STARTTLS" => ext.starttls = true,
                "DSN" => ext.dsn = true,
                "SMTPUTF8" => ext.smtputf8 = true,
                "8BITMIME" => ext.eightbitmime = true,
                "PIPELINING" => ext.pipelining = true,
                "SIZE" => ext.size = Some(words.next().and_then(|n| n.parse().ok()).unwrap_or(0)),
                "AUTH" => ext
                    .auth
                    .extend(words.take(20).map(|m| m.to_ascii_uppercase())),
                _ => {}
            }
        }
        ext
    }

    /// Remember what the account's server offered (the composer warns about SIZE from it).
    pub fn save(&self, data_dir: &std::path::Path, account_id: &str) {
        let dir = data_dir.join("outbox");
        if std::fs::create_dir_all(&dir).is_ok() {
            if let Ok(text) = serde_json::to_string(self) {
                let _ = crate::account::write_atomically(
                    &dir.join(format!("{account_id}.server.json")),
                    text.as_bytes(),
                );
            }
        }
    }

    /// What the account's server offered the last time Jebi connected, if it ever did.
    pub fn load(data_dir: &std::path::Path, account_id: &str) -> Option<Extensions> {
        let path = data_dir
            .join("outbox")
            .join(format!("{account_id}.server.json"));
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }

    /// The server's size limit, when it announced one.
    pub fn size_limit(&self) -> Option<u64> {
        self.size.filter(|n| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postfix_reply() {
        let lines = [
            "localhost",
            "PIPELINING",
            "SIZE 20480000",
            "ETRN",
            "AUTH PLAIN LOGIN",
            "ENHANCEDSTATUSCODES",
            "8BITMIME",
            "DSN",
            "SMTPUTF8",
            "CHUNKING",
        ];
        let ext = Extensions::from_lines(lines);
        assert!(ext.dsn && ext.smtputf8 && ext.eightbitmime && ext.pipelining);
        assert!(!ext.starttls);
        assert_eq!(ext.size_limit(), Some(20_480_000));
        assert_eq!(ext.auth, vec!["PLAIN", "LOGIN"]);
    }

    #[test]
    fn greeting_line_is_not_an_extension() {
        let ext = Extensions::from_lines(["DSN says hello", "SIZE"]);
        assert!(!ext.dsn);
        assert_eq!(ext.size, Some(0));
        assert_eq!(ext.size_limit(), None);
    }
}
