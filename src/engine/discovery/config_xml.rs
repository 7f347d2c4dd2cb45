//! Thunderbird's account configuration format (`config-v1.1.xml`, served by autoconfig hosts,
//! `.well-known` and the ISPDB): the servers it offers for an address, read as data from a
//! stranger. Size is capped before parsing, host names and ports are checked, and a server
//! offered without encryption is kept only with a warning.

use crate::account::Security;

/// Largest document read (real ones are a few KB).
pub const MAX_XML: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Pop3,
    Smtp,
}

/// One server a configuration offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The login with the address put in (`%EMAILADDRESS%`, `%EMAILLOCALPART%`...).
    pub login: String,
}

impl Offer {
    /// Sent without encryption: offered only with a warning.
    pub fn is_plain(&self) -> bool {
        self.security == Security::Plain
    }
}

/// Read a configuration for `email`. Err: why it cannot be used (one sentence).
pub fn parse(xml: &[u8], email: &str) -> Result<Vec<Offer>, String> {
    if xml.len() > MAX_XML {
        return Err(format!(
            "the configuration is larger than {} KB",
            MAX_XML / 1024
        ));
    }
    let text =
        std::str::from_utf8(xml).map_err(|_| "the configuration is not UTF-8 text".to_string())?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| format!("the configuration is not valid XML ({e})"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "clientConfig" {
        return Err("the document is not an account configuration (clientConfig)".into());
    }
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    let fill = |s: &str| {
        s.replace("%EMAILADDRESS%", email)
            .replace("%EMAILLOCALPART%", local)
            .replace("%EMAILDOMAIN%", domain)
    };
    let mut offers = Vec::new();
    for provider in root.children().filter(|n| n.has_tag_name("emailProvider")) {
        for server in provider.children().filter(|n| n.is_element()) {
            let kind = server.attribute("type").unwrap_or("");
            let protocol = match (server.tag_name().name(), kind) {
                ("incomingServer", "imap") => Protocol::Imap,
                ("incomingServer", "pop3") => Protocol::Pop3,
                ("outgoingServer", "smtp") => Protocol::Smtp,
                _ => continue,
            };
            let child = |name: &str| {
                server
                    .children()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .map(|t| t.trim().to_string())
                    .unwrap_or_default()
            };
            let host = fill(&child("hostname")).to_ascii_lowercase();
            let Ok(port) = child("port").parse::<u16>() else {
                continue;
            };
            let security = match child("socketType").to_ascii_uppercase().as_str() {
                "SSL" | "TLS" => Security::Tls,
                "STARTTLS" => Security::StartTls,
                "PLAIN" => Security::Plain,
                _ => continue,
            };
            // A login is sent inside a command line: one with a line break (or any control
            // character) could smuggle a second command (found by fuzzing).
            let login = fill(&child("username"));
            if port == 0 || !plausible_host(&host) || login.chars().any(char::is_control) {
                continue;
            }
            offers.push(Offer {
                protocol,
                host,
                port,
                security,
                login,
            });
            if offers.len() >= 32 {
                break;
            }
        }
    }
    if offers.is_empty() {
        return Err("the configuration names no usable server".into());
    }
    // Encrypted first, in the document's order otherwise.
    offers.sort_by_key(|o| o.is_plain());
    Ok(offers)
}

/// A DNS name: letters, digits, hyphens and dots, 1-253 characters, no empty label.
pub fn plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.test</hostname><port>110</port><socketType>plain</socketType>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.test</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <incomingServer type="exchange"><hostname>ews.example.test</hostname></incomingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn a_thunderbird_configuration_gives_its_servers() {
        let offers = parse(EXAMPLE.as_bytes(), "minji@example.test").unwrap();
        assert_eq!(offers.len(), 4);
        assert_eq!(
            offers[0],
            Offer {
                protocol: Protocol::Imap,
                host: "imap.example.test".into(),
                port: 993,
                security: Security::Tls,
                login: "minji@example.test".into(),
            }
        );
        assert_eq!((offers[1].protocol, offers[1].port), (Protocol::Pop3, 995));
        assert_eq!(offers[1].login, "minji");
        assert_eq!(
            (offers[2].protocol, offers[2].security),
            (Protocol::Smtp, Security::StartTls)
        );
        // The plaintext POP3 server comes last, marked.
        assert!(offers[3].is_plain() && offers[3].port == 110);
    }

    #[test]
    fn a_login_with_a_line_break_inside_is_refused() {
        // The fuzz target autoconfig_xml's first find: the username's text ran over two lines.
        let xml = b"<clientConfig><emailProvider><incomingServer type=\"imap\">\
            <hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType>\
            <username>%EMAILA{99+}\nDDRESS%</username></incomingServer></emailProvider>\
            </clientConfig>";
        assert!(parse(xml, "a@example.com").is_err());
        // Line breaks around the value are only the document's layout.
        let xml = b"<clientConfig><emailProvider><incomingServer type=\"imap\">\
            <hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType>\
            <username>\n  %EMAILADDRESS%\n</username></incomingServer></emailProvider>\
            </clientConfig>";
        assert_eq!(
            parse(xml, "a@example.com").unwrap()[0].login,
            "a@example.com"
        );
    }

    #[test]
    fn hostile_configurations_are_refused() {
        let big = format!("<clientConfig>{}</clientConfig>", " ".repeat(MAX_XML));
        assert!(parse(big.as_bytes(), "a@b.c")
            .unwrap_err()
            .contains("larger than"));
        assert!(parse(b"<html>hi</html>", "a@b.c")
            .unwrap_err()
            .contains("clientConfig"));
        assert!(parse(b"<clientConfig><", "a@b.c")
            .unwrap_err()
            .contains("not valid XML"));
        // An entity bomb ("billion laughs"): roxmltree limits expansion; no server either way.
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><clientConfig>&b;</clientConfig>"#;
        assert!(parse(laughs.as_bytes(), "a@b.c").is_err());
        // A host name that is not one, a port out of range: dropped.
        let odd = r#"<clientConfig><emailProvider>
            <incomingServer type="imap"><hostname>evil host/../x</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
            <incomingServer type="imap"><hostname>ok.example</hostname><port>99999</port><socketType>SSL</socketType></incomingServer>
            </emailProvider></clientConfig>"#;
        assert!(parse(odd.as_bytes(), "a@b.c")
            .unwrap_err()
            .contains("no usable server"));
    }
}
