//! Every failure the engine can return, as one plain sentence for people: what failed, why in
//! words a non-programmer understands, and what to do; the server's own reply quoted when it
//! helps. No debug formatting, no error numbers; the window names its buttons where the command
//! line names its flags. English and Korean.

mod doing;
mod network;

use super::Failure;
use crate::imap::ImapError;
use crate::locale::{Lang, Surface};
use crate::secrets::SecretError;
use crate::smtp::SmtpError;
use crate::tls::RejectedCertificate;
use doing::doing;
pub use network::without_errno;
use network::{cause, certificate_problem, Cause};

/// How to say it: language and surface.
#[derive(Debug, Clone, Copy)]
struct Say {
    lang: Lang,
    surface: Surface,
}

impl Say {
    /// The language and surface sentences are made for now.
    fn now() -> Say {
        Say {
            lang: crate::locale::lang(),
            surface: crate::locale::surface(),
        }
    }

    fn pick(self, en: String, ko: String) -> String {
        match self.lang {
            Lang::English => en,
            Lang::Korean => ko,
        }
    }

    fn window(self) -> bool {
        self.surface == Surface::Window
    }
}

/// Which server a sentence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Incoming,
    /// The incoming server of a POP3 account.
    Pop3,
    Outgoing,
}

/// The sentence for `failure` in `lang`, for `surface`.
pub fn sentence(failure: &Failure, lang: Lang, surface: Surface) -> String {
    let say = Say { lang, surface };
    match failure {
        Failure::Imap(e) => imap(e, say),
        Failure::Smtp(e) => smtp(e, say),
        Failure::Pop3(e) => pop3(e, say),
        Failure::Secret(e) => secret(e, say),
        Failure::Store(detail) => store(detail, say),
        Failure::Config(words) => as_sentence(words),
        Failure::Internal(detail) => say.pick(
            format!("Something went wrong inside Jebi ({detail}); your mail is safe. Please report this."),
            format!("Jebi 내부에서 문제가 생겼습니다({detail}). 메일은 안전합니다. 이 문제를 알려 주세요."),
        ),
    }
}

/// The account list's trouble in people's words.
pub fn account_file(e: &crate::account::ConfigError, lang: Lang) -> String {
    use crate::account::ConfigError as E;
    let say = Say { lang, ..Say::now() };
    match e {
        E::Read { path, source } => {
            let (p, why) = (path.display(), without_errno(&source.to_string()));
            say.pick(
                format!("Jebi could not read its account list {p} ({why}). Check that the file is readable."),
                format!("계정 목록 {p}을(를) 읽지 못했습니다({why}). 파일을 읽을 수 있는지 확인하세요."),
            )
        }
        E::Write { path, source } => {
            let (p, why) = (path.display(), without_errno(&source.to_string()));
            say.pick(
                format!("Jebi could not save its account list {p} ({why}); nothing was changed. Check the disk space and the folder's permissions."),
                format!("계정 목록 {p}을(를) 저장하지 못했습니다({why}). 바뀐 것은 없습니다. 디스크 공간과 폴더 권한을 확인하세요."),
            )
        }
        E::NoSuchAccount(name) => say.pick(
            format!("There is no account named '{name}'."),
            format!("'{name}' 계정이 없습니다."),
        ),
        E::DuplicateName(name) => say.pick(
            format!("An account named '{name}' already exists."),
            format!("'{name}' 계정이 이미 있습니다."),
        ),
    }
}

/// A certificate setting that cannot be used, in people's words.
pub fn tls_setup(e: &crate::tls::TlsSetupError, lang: Lang) -> String {
    use crate::tls::TlsSetupError as E;
    let say = Say { lang, ..Say::now() };
    match e {
        E::NoCertificates => say.pick(
            "The certificate file holds no certificate Jebi can use (PEM). Pick the server's certificate or its CA file.".into(),
            "인증서 파일에 Jebi가 쓸 수 있는 인증서(PEM)가 없습니다. 서버의 인증서나 인증 기관 파일을 고르세요.".into(),
        ),
        E::BadPem(why) => say.pick(
            format!("The certificate file cannot be read as PEM ({why}). Pick the server's certificate or its CA file."),
            format!("인증서 파일을 PEM으로 읽을 수 없습니다({why}). 서버의 인증서나 인증 기관 파일을 고르세요."),
        ),
        E::Setup(why) => say.pick(
            format!("Jebi could not set up encryption ({why}). Please report this."),
            format!("암호화를 준비하지 못했습니다({why}). 이 문제를 알려 주세요."),
        ),
    }
}

/// An outgoing-server failure's sentence in the current language and surface (for what the
/// outbox keeps with a message).
pub fn smtp_sentence(e: &SmtpError) -> String {
    smtp(e, Say::now())
}

/// Why a web fetch (a remote picture) failed, as a few words in the current language.
pub fn web_failure(detail: &str) -> String {
    let say = Say::now();
    let detail = detail.strip_prefix("io: ").unwrap_or(detail);
    if let Some(status) = detail.strip_prefix("http status: ") {
        return say.pick(
            format!("the web server answered {status}"),
            format!("웹 서버의 답: {status}"),
        );
    }
    let (en, ko) = match cause(detail) {
        Cause::NoSuchHost => ("its server was not found", "서버를 찾지 못했습니다"),
        Cause::Refused | Cause::Offline | Cause::Silent | Cause::HungUp => (
            "its server could not be reached",
            "서버에 연결하지 못했습니다",
        ),
        Cause::NotTls => (
            "its server's encryption failed",
            "서버 암호화에 실패했습니다",
        ),
        Cause::Other(words) => return words,
    };
    say.pick(en.into(), ko.into())
}

/// The server's words without the debug wrapping some libraries add
/// (`code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`) and without a
/// leading response code in brackets.
pub fn server_words(reply: &str) -> String {
    let mut text = reply.trim().to_string();
    if let Some(start) = text.find("info: Some(\"") {
        let rest = &text[start + "info: Some(\"".len()..];
        let end = rest.rfind("\")").unwrap_or(rest.len());
        text = rest[..end].replace("\\\"", "\"");
    }
    let trimmed = text.trim_start();
    let text = match trimmed.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((_, after)) if !after.trim().is_empty() => after.trim().to_string(),
        _ => trimmed.to_string(),
    };
    without_errno(&text)
}

/// Words made elsewhere, begun with a capital and ended with a stop.
fn as_sentence(words: &str) -> String {
    let words = without_errno(words);
    let mut chars = words.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return words,
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

fn quoted(reply: &str, say: Say) -> String {
    let words = server_words(reply);
    if words.is_empty() {
        String::new()
    } else {
        let stop = if words.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        say.pick(
            format!(" The server said: \u{201c}{words}\u{201d}{stop}"),
            format!(" 서버의 답: \u{201c}{words}\u{201d}{stop}"),
        )
    }
}

fn server(side: Side, addr: &str, say: Say) -> String {
    match side {
        Side::Incoming | Side::Pop3 => say.pick(
            format!("the mail server {addr}"),
            format!("메일 서버 {addr}"),
        ),
        Side::Outgoing => say.pick(
            format!("the outgoing mail server {addr}"),
            format!("보내는 메일 서버 {addr}"),
        ),
    }
}

fn unreachable(side: Side, addr: &str, reason: &str, say: Say) -> String {
    let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
    let who = server(side, addr, say);
    match cause(reason) {
        Cause::Refused => say.pick(
            format!("Jebi could not connect to {who}: nothing answers on that port. Check the server name and port, or try again later."),
            format!("{who}에 연결하지 못했습니다. 그 포트에서 응답하는 곳이 없습니다. 서버 이름과 포트를 확인하거나 나중에 다시 시도하세요."),
        ),
        Cause::NoSuchHost => say.pick(
            format!("Jebi could not find the server \u{201c}{host}\u{201d}: no such name is known. Check the spelling of the server name and that this computer is online."),
            format!("서버 \u{201c}{host}\u{201d}을(를) 찾지 못했습니다. 그런 이름이 없습니다. 서버 이름의 철자와 인터넷 연결을 확인하세요."),
        ),
        Cause::Offline => say.pick(
            format!("Jebi could not connect to {who}: this computer seems to be offline. Check the network connection."),
            format!("{who}에 연결하지 못했습니다. 이 컴퓨터가 오프라인인 것 같습니다. 네트워크 연결을 확인하세요."),
        ),
        Cause::Silent => say.pick(
            format!("Jebi could not connect to {who}: it did not answer. Check the server name and port, and that this computer is online."),
            format!("{who}에 연결하지 못했습니다. 응답이 없습니다. 서버 이름과 포트, 인터넷 연결을 확인하세요."),
        ),
        Cause::HungUp | Cause::NotTls => say.pick(
            format!("Jebi could not connect to {who}: it closed the connection at once. Check the port, or try again later."),
            format!("{who}에 연결하지 못했습니다. 서버가 바로 연결을 끊었습니다. 포트를 확인하거나 나중에 다시 시도하세요."),
        ),
        Cause::Other(why) => say.pick(
            format!("Jebi could not connect to {who}: {why}."),
            format!("{who}에 연결하지 못했습니다: {why}."),
        ),
    }
}

fn untrusted(side: Side, addr: &str, cert: &RejectedCertificate, say: Say) -> String {
    let who = server(side, addr, say);
    let (en_why, ko_why) = certificate_problem(&cert.reason);
    let fp = crate::tls::fingerprint_for_people(&cert.sha256_hex);
    if say.window() {
        say.pick(
            format!("The security certificate of {who} is not trusted: {en_why}. If this is your own server, compare the fingerprint below and choose \u{201c}Trust this certificate\u{201d}; otherwise do not connect."),
            format!("{who}의 보안 인증서를 믿을 수 없습니다. {ko_why}. 직접 운영하는 서버라면 아래 지문을 비교한 뒤 \u{201c}이 인증서 신뢰\u{201d}를 누르고, 아니라면 연결하지 마세요."),
        )
    } else {
        say.pick(
            format!("The security certificate of {who} is not trusted: {en_why} (SHA-256 {fp}). If you trust this server, pass its certificate with --ca-file."),
            format!("{who}의 보안 인증서를 믿을 수 없습니다. {ko_why}(SHA-256 {fp}). 이 서버를 믿는다면 --ca-file로 인증서를 지정하세요."),
        )
    }
}

/// "Choose SSL/TLS" or "choose STARTTLS", as the surface says it.
fn choose_security(side: Side, tls: bool, say: Say) -> String {
    let name = if tls { "SSL/TLS" } else { "STARTTLS" };
    let port = match (side, tls) {
        (Side::Incoming, true) => 993,
        (Side::Incoming, false) => 143,
        (Side::Pop3, true) => 995,
        (Side::Pop3, false) => 110,
        (Side::Outgoing, true) => 465,
        (Side::Outgoing, false) => 587,
    };
    if say.window() {
        say.pick(
            format!("Choose {name} under Security (usually port {port})"),
            format!("보안에서 {name}을(를) 고르세요(보통 포트 {port})"),
        )
    } else {
        let flag = match side {
            Side::Incoming => "--imap-security",
            Side::Pop3 => "--pop3-security",
            Side::Outgoing => "--smtp-security",
        };
        let code = if tls { "tls" } else { "starttls" };
        say.pick(
            format!("Use {flag} {code} (usually port {port})"),
            format!("{flag} {code}을(를) 쓰세요(보통 포트 {port})"),
        )
    }
}

fn wrong_security(side: Side, addr: &str, wants_tls: bool, say: Say) -> String {
    let who = server(side, addr, say);
    let choose = choose_security(side, wants_tls, say);
    if wants_tls {
        say.pick(
            format!("{who} expects SSL/TLS from the start on this port, not STARTTLS. {choose}."),
            format!("{who}는 이 포트에서 STARTTLS가 아니라 처음부터 SSL/TLS를 씁니다. {choose}."),
        )
    } else {
        say.pick(
            format!("{who} does not speak SSL/TLS on this port; it expects STARTTLS. {choose}."),
            format!("{who}는 이 포트에서 SSL/TLS를 쓰지 않고 STARTTLS를 기다립니다. {choose}."),
        )
    }
}

fn tls_failed(side: Side, addr: &str, reason: &str, say: Say) -> String {
    if cause(reason) == Cause::NotTls {
        return wrong_security(side, addr, false, say);
    }
    let who = server(side, addr, say);
    let why = without_errno(reason);
    say.pick(
        format!("Jebi could not set up an encrypted connection with {who} ({why}). Check the security choice and port."),
        format!("{who}와 암호화된 연결을 만들지 못했습니다({why}). 보안 방식과 포트를 확인하세요."),
    )
}

fn no_starttls(side: Side, addr: &str, say: Say) -> String {
    let who = server(side, addr, say);
    let choose = choose_security(side, true, say);
    say.pick(
        format!("{who} does not offer STARTTLS, so the connection cannot be encrypted, and Jebi will not send your password unencrypted. {choose}, or ask your provider."),
        format!("{who}가 STARTTLS를 제공하지 않아 연결을 암호화할 수 없고, Jebi는 비밀번호를 암호화 없이 보내지 않습니다. {choose}. 아니면 메일 제공자에게 문의하세요."),
    )
}

fn plaintext_refused(side: Side, say: Say) -> String {
    let advice = match (say.window(), side) {
        (true, _) => say.pick(
            "Choose SSL/TLS or STARTTLS under Security.".into(),
            "보안에서 SSL/TLS나 STARTTLS를 고르세요.".into(),
        ),
        (false, _) => say.pick(
            "Choose tls or starttls, or allow it with --allow-plaintext.".into(),
            "tls나 starttls를 고르거나 --allow-plaintext로 허용하세요.".into(),
        ),
    };
    say.pick(
        format!("This account is set to send the password unencrypted, which Jebi refuses unless you allow it. {advice}"),
        format!("이 계정은 비밀번호를 암호화 없이 보내도록 설정되어 있어 Jebi가 거부했습니다. {advice}"),
    )
}

fn login_refused(side: Side, reply: &str, say: Say) -> String {
    let said = quoted(reply, say);
    let en_who = if side == Side::Outgoing {
        "The outgoing mail server"
    } else {
        "The mail server"
    };
    let ko_who = if side == Side::Outgoing {
        "보내는 메일 서버"
    } else {
        "메일 서버"
    };
    say.pick(
        format!("{en_who} refused the login: the user name or password is wrong, or the account is locked.{said} Check them and try again."),
        format!("{ko_who}가 로그인을 거절했습니다. 사용자 이름이나 비밀번호가 틀렸거나 계정이 잠겼습니다.{said} 확인한 뒤 다시 시도하세요."),
    )
}

fn timed_out(what: &str, secs: u64, say: Say) -> String {
    let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
    say.pick(
        format!("The server did not answer within {secs} seconds while {en}. It may be busy or the network slow; try again later."),
        format!("{ko} 중에 서버가 {secs}초 동안 응답하지 않았습니다. 서버가 바쁘거나 네트워크가 느릴 수 있으니 나중에 다시 시도하세요."),
    )
}

fn connection_lost(side: Side, what: &str, reason: &str, say: Say) -> String {
    let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
    let (en_why, ko_why) = match cause(reason) {
        Cause::HungUp => (
            "the server hung up".to_string(),
            "서버가 연결을 끊었습니다".to_string(),
        ),
        Cause::Offline => (
            "this computer went offline".into(),
            "이 컴퓨터가 오프라인이 되었습니다".into(),
        ),
        Cause::Silent => (
            "the server stopped answering".into(),
            "서버가 응답을 멈췄습니다".into(),
        ),
        _ => (without_errno(reason), without_errno(reason)),
    };
    let en_who = if side == Side::Outgoing {
        "the outgoing mail server"
    } else {
        "the mail server"
    };
    let ko_who = if side == Side::Outgoing {
        "보내는 메일 서버"
    } else {
        "메일 서버"
    };
    say.pick(
        format!("The connection to {en_who} was lost while {en} ({en_why}). Nothing was lost here; Jebi tries again when you next sync or send."),
        format!("{ko} 중에 {ko_who}와의 연결이 끊겼습니다({ko_why}). 여기서는 잃은 것이 없으며, 다음 동기화나 보내기 때 다시 시도합니다."),
    )
}

fn unreadable(what: &str, detail: &str, say: Say) -> String {
    let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
    let detail = without_errno(detail);
    say.pick(
        format!("The server sent something Jebi cannot read while {en}, so Jebi stopped to keep your mail safe (it sent: \u{201c}{detail}\u{201d})."),
        format!("{ko} 중에 서버가 Jebi가 읽을 수 없는 것을 보내서, 메일을 지키려고 멈췄습니다(서버가 보낸 것: \u{201c}{detail}\u{201d})."),
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn imap(e: &ImapError, say: Say) -> String {
    let side = Side::Incoming;
    match e {
        ImapError::Unreachable { addr, reason } => unreachable(side, addr, reason, say),
        ImapError::Untrusted { addr, cert } => untrusted(side, addr, cert, say),
        ImapError::Tls { addr, reason } => tls_failed(side, addr, reason, say),
        ImapError::NoStartTls { addr } => no_starttls(side, addr, say),
        ImapError::StartTlsRefused { addr, reply } => starttls_refused(side, addr, reply, say),
        ImapError::LoginRefused { reply } => login_refused(side, reply, say),
        ImapError::PlaintextNotAllowed => plaintext_refused(side, say),
        ImapError::Timeout { what, after } => timed_out(what, after.as_secs(), say),
        ImapError::Refused { what, reply } => refused(what, &server_words(reply), say),
        ImapError::ConnectionLost { what, reason } => connection_lost(side, what, reason, say),
        ImapError::Protocol { what, detail } => unreadable(what, detail, say),
        ImapError::TooLarge { what, size, limit } => too_large(what, *size, *limit, say),
        ImapError::WrongSecurity { addr, wants_tls } => wrong_security(side, addr, *wants_tls, say),
        ImapError::Local(words) => as_sentence(words),
    }
}

fn pop3(e: &crate::pop3::Pop3Error, say: Say) -> String {
    use crate::pop3::Pop3Error as E;
    let side = Side::Pop3;
    match e {
        E::Unreachable { addr, reason } => unreachable(side, addr, reason, say),
        E::Untrusted { addr, cert } => untrusted(side, addr, cert, say),
        E::Tls { addr, reason } => tls_failed(side, addr, reason, say),
        E::NoStls { addr } => no_starttls(side, addr, say),
        E::PlaintextNotAllowed => plaintext_refused(side, say),
        E::LoginRefused { reply } => login_refused(side, reply, say),
        E::Timeout { what, after } => timed_out(what, after.as_secs(), say),
        E::ConnectionLost { what, reason } => connection_lost(side, what, reason, say),
        E::Refused { what, reply } => refused(what, &server_words(reply), say),
        E::Protocol { what, detail } => unreadable(what, detail, say),
        E::TooLarge { what, limit } => {
            let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
            let limit = megabytes(*limit as u64);
            say.pick(
                format!("The server sent more than the {limit} Jebi accepts while {en}; Jebi stopped to protect this computer's memory. The mail stays on the server."),
                format!("{ko} 중에 서버가 Jebi가 받는 한도 {limit}보다 많이 보냈습니다. 이 컴퓨터의 메모리를 지키려고 멈췄으며, 메일은 서버에 남아 있습니다."),
            )
        }
        E::Local(words) => store(words, say),
    }
}

fn starttls_refused(side: Side, addr: &str, reply: &str, say: Say) -> String {
    let who = server(side, addr, say);
    let said = quoted(reply, say);
    let choose = choose_security(side, true, say);
    say.pick(
        format!("{who} refused to start encryption (STARTTLS).{said} {choose}, or ask your provider."),
        format!("{who}가 암호화(STARTTLS) 시작을 거절했습니다.{said} {choose}. 아니면 메일 제공자에게 문의하세요."),
    )
}

fn refused(what: &str, reply: &str, say: Say) -> String {
    let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
    say.pick(
        format!("The server refused {en}: \u{201c}{reply}\u{201d}."),
        format!("{ko} 중에 서버가 거절했습니다: \u{201c}{reply}\u{201d}."),
    )
}

fn too_large(what: &str, size: u64, limit: u64, say: Say) -> String {
    let (en, ko) = (doing(what, Lang::English), doing(what, Lang::Korean));
    let (size, limit) = (megabytes(size), megabytes(limit));
    say.pick(
        format!("The server announced an item of {size} while {en}, more than the {limit} Jebi accepts; Jebi stopped to protect this computer's memory."),
        format!("{ko} 중에 서버가 {size} 크기의 항목을 보내려 했습니다. Jebi가 받는 한도 {limit}를 넘어 이 컴퓨터의 메모리를 지키려고 멈췄습니다."),
    )
}

fn smtp(e: &SmtpError, say: Say) -> String {
    let side = Side::Outgoing;
    match e {
        SmtpError::Unreachable { addr, reason } => unreachable(side, addr, reason, say),
        SmtpError::Untrusted { addr, cert } => untrusted(side, addr, cert, say),
        SmtpError::Tls { addr, reason } => tls_failed(side, addr, reason, say),
        SmtpError::NoStartTls { addr } => no_starttls(side, addr, say),
        SmtpError::StartTlsRefused { addr, reply } => starttls_refused(side, addr, reply, say),
        SmtpError::LoginRefused { reply } => login_refused(side, reply, say),
        SmtpError::NoAuthMethod { addr } => {
            let who = server(side, addr, say);
            say.pick(
                format!("{who} offers no way to log in that Jebi knows (PLAIN or LOGIN). Check the port (587 or 465), or ask your provider."),
                format!("{who}가 Jebi가 아는 로그인 방식(PLAIN, LOGIN)을 제공하지 않습니다. 포트(587, 465)를 확인하거나 메일 제공자에게 문의하세요."),
            )
        }
        SmtpError::PlaintextNotAllowed => plaintext_refused(side, say),
        SmtpError::Timeout { what, after } => timed_out(what, after.as_secs(), say),
        SmtpError::ConnectionLost { what, reason } => connection_lost(side, what, reason, say),
        SmtpError::Protocol { what, detail } => unreadable(what, detail, say),
        SmtpError::Refused { what, code, reply } => {
            let reply = format!("{code} {}", server_words(reply));
            let later = if *code < 500 {
                say.pick(
                    " This is temporary; Jebi will try again.".into(),
                    " 일시적인 문제이니 Jebi가 다시 시도합니다.".into(),
                )
            } else {
                String::new()
            };
            refused(what, &reply, say) + &later
        }
        SmtpError::WrongSecurity { addr, wants_tls } => wrong_security(side, addr, *wants_tls, say),
        SmtpError::Local(words) => as_sentence(words),
    }
}

fn secret(e: &SecretError, say: Say) -> String {
    match e {
        SecretError::NoKeyring(_) => say.pick(
            "Jebi keeps passwords only in the system keyring, and no keyring service is running. Start one (on Linux: GNOME Keyring or KWallet) and try again.".into(),
            "Jebi는 비밀번호를 시스템 키링에만 보관하는데, 실행 중인 키링 서비스가 없습니다. 키링(리눅스: GNOME 키링이나 KWallet)을 시작한 뒤 다시 시도하세요.".into(),
        ),
        SecretError::Locked(_) => say.pick(
            "The system keyring is locked or refused access. Unlock it (it may ask for your login password) and try again.".into(),
            "시스템 키링이 잠겨 있거나 접근을 거부했습니다. 키링을 연 뒤(로그인 비밀번호를 물을 수 있습니다) 다시 시도하세요.".into(),
        ),
        SecretError::Missing if say.window() => say.pick(
            "No password is stored for this account. Choose \u{2699} beside the account and enter it.".into(),
            "이 계정의 비밀번호가 저장되어 있지 않습니다. 계정 옆의 \u{2699}을 눌러 입력하세요.".into(),
        ),
        SecretError::Missing => say.pick(
            "No password is stored in the keyring for this account; run `jebi account password NAME` to enter it.".into(),
            "이 계정의 비밀번호가 키링에 없습니다. `jebi account password NAME`으로 입력하세요.".into(),
        ),
        SecretError::Failed(detail) => {
            let detail = without_errno(detail);
            say.pick(
                format!("The system keyring failed ({detail}). Try again; if it keeps failing, restart the keyring service."),
                format!("시스템 키링이 실패했습니다({detail}). 다시 시도하고, 계속 실패하면 키링 서비스를 다시 시작하세요."),
            )
        }
    }
}

fn store(detail: &str, say: Say) -> String {
    let d = detail.to_ascii_lowercase();
    if d.contains("disk is full") || d.contains("no space left") || d.contains("storage full") {
        say.pick(
            "The disk is full, so Jebi could not save; nothing was lost. Free some space and try again.".into(),
            "디스크가 가득 차서 저장하지 못했습니다. 잃은 것은 없습니다. 공간을 비운 뒤 다시 시도하세요.".into(),
        )
    } else if d.contains("readonly") || d.contains("read-only") || d.contains("permission denied") {
        say.pick(
            "Jebi may not write to its mail folder on this disk (read-only or no permission). Check the folder's permissions.".into(),
            "Jebi가 이 디스크의 메일 폴더에 쓸 수 없습니다(읽기 전용이거나 권한이 없습니다). 폴더 권한을 확인하세요.".into(),
        )
    } else if d.contains("database is locked") || d.contains("database is busy") {
        say.pick(
            "The mail store is busy with another Jebi; try again in a moment.".into(),
            "다른 Jebi가 메일 저장소를 쓰고 있습니다. 잠시 뒤 다시 시도하세요.".into(),
        )
    } else if d.contains("malformed") || d.contains("not a database") {
        say.pick(
            "Jebi's mail store on this disk is damaged. Your mail is still on the server; move the data folder aside and sync again.".into(),
            "이 디스크의 Jebi 메일 저장소가 손상되었습니다. 메일은 서버에 남아 있으니 데이터 폴더를 옮겨 두고 다시 동기화하세요.".into(),
        )
    } else {
        let detail = without_errno(detail);
        say.pick(
            format!("Jebi could not read or write its mail store: {detail}."),
            format!("메일 저장소를 읽거나 쓰지 못했습니다: {detail}."),
        )
    }
}

#[cfg(test)]
mod tests;
