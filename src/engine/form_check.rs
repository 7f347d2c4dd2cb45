//! The account form's checks, each tied to the field it is about, all at once, in the language
//! of the surface: the window shows each beside its field; the command line says the first.

use super::AccountForm;
use crate::account::{Security, ServerConfig};
use crate::locale::{surface, Surface};

/// The fields a check can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Email,
    /// Checked by the window (the command line reads it from standard input).
    Password,
    Server,
    Security,
    CaFile,
    Smtp,
    SmtpSecurity,
    /// POP3: days after which downloaded mail is deleted from the server.
    DeleteAfterDays,
}

/// One thing to fix, beside `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub field: FormField,
    pub text: String,
}

use crate::locale::pick;

/// The usual port of a security choice for incoming mail (IMAP).
pub fn imap_port(security: Security) -> u16 {
    match security {
        Security::Tls => 993,
        Security::StartTls | Security::Plain => 143,
    }
}

/// The usual port of a security choice for incoming mail over POP3.
pub fn pop3_port(security: Security) -> u16 {
    match security {
        Security::Tls => 995,
        Security::StartTls | Security::Plain => 110,
    }
}

/// The usual port of the form's incoming protocol and security choice.
pub fn incoming_port(incoming: crate::account::Incoming, security: Security) -> u16 {
    match incoming {
        crate::account::Incoming::Imap => imap_port(security),
        crate::account::Incoming::Pop3 => pop3_port(security),
    }
}

/// The days after which a POP3 account deletes downloaded mail from the server: empty is
/// never; otherwise 1 to 3650.
pub fn delete_after_days(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(days @ 1..=3650) => Ok(Some(days)),
        _ => Err(pick(
            format!("\u{201c}{text}\u{201d} is not a number of days from 1 to 3650."),
            format!("\u{201c}{text}\u{201d}은(는) 1에서 3650 사이의 날 수가 아닙니다."),
        )),
    }
}

/// The usual port of a security choice for outgoing mail (submission).
pub fn smtp_port(security: Security) -> u16 {
    match security {
        Security::Tls => 465,
        Security::StartTls | Security::Plain => 587,
    }
}

/// `host`, `host:port`, `[v6]:port` or a bare IPv6 address; no port means `default_port`.
pub fn host_and_port(text: &str, default_port: u16) -> Result<(String, u16), String> {
    let text = text.trim();
    let has_port = match text.rsplit_once(':') {
        None => false,
        // A bare IPv6 address has several colons and no brackets.
        Some((host, _)) => host.starts_with('[') || !host.contains(':'),
    };
    if !has_port {
        let host = text.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(pick(
                format!("\u{201c}{text}\u{201d} is not a server name, like imap.example.com."),
                format!("\u{201c}{text}\u{201d}은(는) imap.example.com 같은 서버 이름이 아닙니다."),
            ));
        }
        return Ok((host.to_string(), default_port));
    }
    ServerConfig::parse_host_port(text).map_err(|_| {
        pick(
            format!("\u{201c}{text}\u{201d} is not a server name with a port, like imap.example.com:993."),
            format!("\u{201c}{text}\u{201d}은(는) imap.example.com:993 같은 서버 이름과 포트가 아닙니다."),
        )
    })
}

fn plaintext_refused() -> String {
    match surface() {
        Surface::Window => pick(
            "\u{201c}None\u{201d} sends your password unencrypted; Jebi allows it only from the command line (--allow-plaintext). Choose SSL/TLS or STARTTLS.".into(),
            "\u{201c}없음\u{201d}은 비밀번호를 암호화 없이 보냅니다. 명령줄(--allow-plaintext)에서만 허용됩니다. SSL/TLS나 STARTTLS를 고르세요.".into(),
        ),
        Surface::Cli => pick(
            "plain security sends your password unencrypted; allow plain text explicitly (--allow-plaintext) if you really mean it.".into(),
            "plain 보안은 비밀번호를 암호화 없이 보냅니다. 정말 원한다면 --allow-plaintext로 허용하세요.".into(),
        ),
    }
}

/// Whether `email` looks like an address: something, one @, a domain with a dot or a name.
pub fn looks_like_address(email: &str) -> bool {
    match email.trim().split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !email.trim().contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Every problem of the form at once (empty: it can be sent). The password is the window's.
pub fn form_problems(form: &AccountForm) -> Vec<FormProblem> {
    let mut out = Vec::new();
    let mut say = |field, text| out.push(FormProblem { field, text });
    let email = form.email.trim();
    if email.is_empty() {
        say(
            FormField::Email,
            pick(
                "Enter your email address.".into(),
                "이메일 주소를 입력하세요.".into(),
            ),
        );
    } else if !looks_like_address(email) {
        say(
            FormField::Email,
            pick(
                format!("\u{201c}{email}\u{201d} is not an email address; it looks like you@example.com."),
                format!("\u{201c}{email}\u{201d}은(는) 이메일 주소가 아닙니다. you@example.com 같은 모양이어야 합니다."),
            ),
        );
    }
    let security = Security::parse(form.security.trim());
    match security {
        None => say(
            FormField::Security,
            pick(
                format!("\u{201c}{}\u{201d} is not a security choice: use tls, starttls or plain.", form.security),
                format!("\u{201c}{}\u{201d}은(는) 보안 방식이 아닙니다. tls, starttls, plain 중에서 고르세요.", form.security),
            ),
        ),
        Some(Security::Plain) if !form.allow_plaintext => say(FormField::Security, plaintext_refused()),
        _ => {}
    }
    if form.imap.trim().is_empty() {
        say(
            FormField::Server,
            pick(
                "Enter the incoming mail server, like imap.example.com.".into(),
                "imap.example.com 같은 받는 메일 서버를 입력하세요.".into(),
            ),
        );
    } else if let Err(e) = host_and_port(
        &form.imap,
        incoming_port(form.incoming, security.unwrap_or(Security::Tls)),
    ) {
        say(FormField::Server, e);
    }
    if form.incoming == crate::account::Incoming::Pop3 && form.leave_on_server {
        if let Err(e) = delete_after_days(&form.delete_after_days) {
            say(FormField::DeleteAfterDays, e);
        }
    }
    if let Some(pem) = &form.ca_pem {
        if crate::tls::parse_pem_certs(pem).is_err() {
            say(
                FormField::CaFile,
                pick(
                    "The certificate file holds no certificate Jebi can read (PEM).".into(),
                    "인증서 파일에 Jebi가 읽을 수 있는 인증서(PEM)가 없습니다.".into(),
                ),
            );
        }
    }
    if !form.smtp.trim().is_empty() {
        let smtp_security = form.smtp_security.trim();
        match (smtp_security, Security::parse(smtp_security)) {
            ("", _) => {}
            (_, Some(Security::Plain)) if !form.allow_plaintext => say(FormField::SmtpSecurity, plaintext_refused()),
            (_, Some(_)) => {}
            (other, None) => say(
                FormField::SmtpSecurity,
                pick(
                    format!("\u{201c}{other}\u{201d} is not a security choice for sending: use tls or starttls."),
                    format!("\u{201c}{other}\u{201d}은(는) 보내기 보안 방식이 아닙니다. tls나 starttls를 고르세요."),
                ),
            ),
        }
        if let Err(e) = host_and_port(&form.smtp, 587) {
            say(FormField::Smtp, e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    fn form() -> AccountForm {
        AccountForm {
            email: "me@example.com".into(),
            imap: "imap.example.com".into(),
            security: "tls".into(),
            ..AccountForm::default()
        }
    }

    #[test]
    fn a_host_without_a_port_takes_the_usual_one() {
        assert_eq!(
            host_and_port("127.0.0.1", 993).unwrap(),
            ("127.0.0.1".into(), 993)
        );
        assert_eq!(
            host_and_port(" mail.x:1143 ", 993).unwrap(),
            ("mail.x".into(), 1143)
        );
        assert_eq!(host_and_port("::1", 143).unwrap(), ("::1".into(), 143));
        assert_eq!(
            host_and_port("[::1]:10993", 143).unwrap(),
            ("::1".into(), 10993)
        );
        assert!(host_and_port("mail.x:port", 993).is_err());
        assert!(host_and_port("two words", 993).is_err());
    }

    #[test]
    fn every_problem_is_said_at_once_beside_its_field() {
        assert!(form_problems(&form()).is_empty());
        let pop3 = AccountForm {
            incoming: crate::account::Incoming::Pop3,
            leave_on_server: true,
            delete_after_days: "0".into(),
            ..form()
        };
        let problems = form_problems(&pop3);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, FormField::DeleteAfterDays);
        assert!(
            problems[0].text.contains("1 to 3650"),
            "{}",
            problems[0].text
        );
        assert_eq!(delete_after_days(" 14 "), Ok(Some(14)));
        assert_eq!(delete_after_days(""), Ok(None));
        let bad = AccountForm {
            email: "bob at example".into(),
            imap: "".into(),
            security: "plain".into(),
            smtp: "smtp.x:port".into(),
            ..form()
        };
        let fields: Vec<FormField> = form_problems(&bad).iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                FormField::Email,
                FormField::Security,
                FormField::Server,
                FormField::Smtp
            ]
        );
        let email = &form_problems(&bad)[0].text;
        assert!(
            email.contains("bob at example") && email.contains("is not an email address"),
            "{email}"
        );
        crate::locale::with_lang(Lang::Korean, || {
            assert!(form_problems(&bad)[0]
                .text
                .contains("이메일 주소가 아닙니다"));
        });
    }
}
