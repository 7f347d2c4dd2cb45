//! Why a connection failed, from the operating system's or TLS library's words, in people's
//! words: "nothing answers on that port", not "Connection refused (os error 111)".

/// What went wrong underneath, as far as the words tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Nothing listens on the port.
    Refused,
    /// The host name is unknown (DNS).
    NoSuchHost,
    /// No route: this computer seems offline.
    Offline,
    /// No answer in time.
    Silent,
    /// The other side hung up.
    HungUp,
    /// The bytes were not TLS (a plain-text port spoken to with SSL/TLS).
    NotTls,
    /// Anything else, cleaned of error numbers.
    Other(String),
}

/// Drop "(os error 111)" and similar numbers people cannot use.
pub fn without_errno(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(start) = out.find(" (os error ") {
        let end = out[start..].find(')').map_or(out.len(), |e| start + e + 1);
        out.replace_range(start..end, "");
    }
    out.trim().to_string()
}

pub fn cause(reason: &str) -> Cause {
    let r = reason.to_ascii_lowercase();
    if r.contains("connection refused") {
        Cause::Refused
    } else if r.contains("lookup address")
        || r.contains("name or service not known")
        || r.contains("no address associated")
        || r.contains("nodename nor servname")
        || r.contains("temporary failure in name resolution")
        || r.contains("no such host")
    {
        Cause::NoSuchHost
    } else if r.contains("network is unreachable")
        || r.contains("no route to host")
        || r.contains("host is unreachable")
    {
        Cause::Offline
    } else if r.contains("timed out") || r.contains("no answer within") {
        Cause::Silent
    } else if r.contains("reset by peer")
        || r.contains("broken pipe")
        || r.contains("closed the connection")
        || r.contains("early eof")
        || r.contains("unexpected end of file")
        || r.contains("connection aborted")
    {
        Cause::HungUp
    } else if r.contains("invalidcontenttype")
        || r.contains("corrupt message")
        || r.contains("invalid message")
        || r.contains("wrong version number")
    {
        Cause::NotTls
    } else {
        Cause::Other(without_errno(reason))
    }
}

/// Why a certificate was refused, in words (rustls names the check that failed).
pub fn certificate_problem(reason: &str) -> (&'static str, &'static str) {
    let r = reason.to_ascii_lowercase();
    if r.contains("unknownissuer") || r.contains("unknown issuer") {
        (
            "it is not signed by an authority this computer trusts (often a self-signed certificate)",
            "이 컴퓨터가 믿는 인증 기관이 서명하지 않았습니다(흔히 자체 서명 인증서입니다)",
        )
    } else if r.contains("expired") {
        ("it has expired", "유효 기간이 지났습니다")
    } else if r.contains("notvalidyet") || r.contains("not valid yet") {
        (
            "it is not valid yet (is this computer's clock right?)",
            "아직 유효하지 않습니다(컴퓨터 시계가 맞는지 확인하세요)",
        )
    } else if r.contains("notvalidforname") || r.contains("not valid for name") {
        (
            "it was issued for another server name",
            "다른 서버 이름으로 발급되었습니다",
        )
    } else if r.contains("revoked") {
        ("it has been revoked", "폐기된 인증서입니다")
    } else {
        ("it could not be verified", "확인할 수 없습니다")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_words_become_causes() {
        assert_eq!(cause("Connection refused (os error 111)"), Cause::Refused);
        assert_eq!(
            cause("failed to lookup address information: Name or service not known"),
            Cause::NoSuchHost
        );
        assert_eq!(
            cause("Network is unreachable (os error 101)"),
            Cause::Offline
        );
        assert_eq!(cause("no answer within 30 s"), Cause::Silent);
        assert_eq!(
            cause("Connection reset by peer (os error 104)"),
            Cause::HungUp
        );
        assert_eq!(
            cause("received corrupt message of type InvalidContentType"),
            Cause::NotTls
        );
        assert_eq!(
            cause("Permission denied (os error 13) here"),
            Cause::Other("Permission denied here".into())
        );
    }
}
