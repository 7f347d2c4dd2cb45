//! What Jebi was doing when something failed, in words: the engine names its steps after the
//! protocol command ("UID FETCH 1:* ...", "SELECT Archive"); people read "downloading mail".

use crate::locale::Lang;

/// The step `what` as a phrase that fits "... while {phrase}" / "{phrase} 중에".
pub fn doing(what: &str, lang: Lang) -> String {
    let ko = lang == Lang::Korean;
    let upper = what.to_ascii_uppercase();
    let words: Vec<&str> = what.split_whitespace().collect();
    let first = upper.split_whitespace().next().unwrap_or("");
    let second = upper.split_whitespace().nth(1).unwrap_or("");
    let folder = |from: usize| {
        let name = words.get(from..).map(|w| w.join(" ")).unwrap_or_default();
        name.trim_end_matches(" (QRESYNC)").to_string()
    };
    let greeting = || ("greeting the server".into(), "서버와 인사하는".into());
    let verb = if first == "UID" { second } else { first };
    let (en, kr): (String, String) = match verb {
        "LOGIN" | "AUTH" | "AUTHENTICATE" | "USER" | "PASS" | "APOP" => {
            ("logging in".into(), "로그인".into())
        }
        "STAT" | "UIDL" => ("listing the messages".into(), "메시지 목록을 읽는".into()),
        "RETR" | "TOP" | "MESSAGE" => ("downloading mail".into(), "메일을 받는".into()),
        "DELE" => (
            "deleting mail from the server".into(),
            "서버에서 메일을 지우는".into(),
        ),
        "QUIT" => (
            "finishing with the server".into(),
            "서버와의 작업을 마치는".into(),
        ),
        "LIST" if upper == "LIST MESSAGES" => {
            ("listing the messages".into(), "메시지 목록을 읽는".into())
        }
        "LIST" => ("reading the folder list".into(), "폴더 목록을 읽는".into()),
        "SELECT" | "EXAMINE" => {
            let f = folder(1);
            (
                format!("opening the folder '{f}'"),
                format!("'{f}' 폴더를 여는"),
            )
        }
        "FETCH" => ("downloading mail".into(), "메일을 받는".into()),
        "STORE" => (
            "changing a message's marks".into(),
            "메시지 표시를 바꾸는".into(),
        ),
        "MOVE" => ("moving messages".into(), "메시지를 옮기는".into()),
        "COPY" => ("copying messages".into(), "메시지를 복사하는".into()),
        "APPEND" => (
            "saving a message on the server".into(),
            "서버에 메시지를 저장하는".into(),
        ),
        "EXPUNGE" => ("deleting messages".into(), "메시지를 지우는".into()),
        "SEARCH" => ("searching".into(), "검색하는".into()),
        "CREATE" | "RENAME" | "DELETE" => ("changing folders".into(), "폴더를 바꾸는".into()),
        "IDLE" | "DONE" => ("waiting for new mail".into(), "새 메일을 기다리는".into()),
        "CAPABILITY" | "EHLO" => greeting(),
        "STARTTLS" | "STLS" => (
            "starting encryption (STARTTLS)".into(),
            "암호화(STARTTLS)를 시작하는".into(),
        ),
        "DATA" => ("sending the message".into(), "메시지를 보내는".into()),
        _ if upper.starts_with("THE GREETING") => greeting(),
        _ if upper.starts_with("THE TLS HANDSHAKE") => (
            "setting up encryption (SSL/TLS)".into(),
            "암호화(SSL/TLS)를 설정하는".into(),
        ),
        _ if upper.starts_with("THE MESSAGE") => {
            ("sending the message".into(), "메시지를 보내는".into())
        }
        _ if upper.starts_with("THE RECIPIENT") || upper.starts_with("EVERY RECIPIENT") => {
            ("giving the recipients".into(), "받는 사람을 알리는".into())
        }
        _ if upper.starts_with("THE CONNECTION") => ("connecting".into(), "연결하는".into()),
        _ => (format!("'{what}'"), format!("'{what}'")),
    };
    if ko {
        kr
    } else {
        en
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_steps_read_as_words() {
        let en = |w| doing(w, Lang::English);
        assert_eq!(en("UID FETCH 1:* (FLAGS)"), "downloading mail");
        assert_eq!(
            en("SELECT Archive 2026"),
            "opening the folder 'Archive 2026'"
        );
        assert_eq!(en("SELECT INBOX (QRESYNC)"), "opening the folder 'INBOX'");
        assert_eq!(en("the greeting from h:993"), "greeting the server");
        assert_eq!(
            en("the TLS handshake with h:993"),
            "setting up encryption (SSL/TLS)"
        );
        assert_eq!(en("STARTTLS with h:143"), "starting encryption (STARTTLS)");
        assert_eq!(en("UID STORE 4 +FLAGS"), "changing a message's marks");
        assert_eq!(doing("LOGIN", Lang::Korean), "로그인");
        assert_eq!(en("LIST"), "reading the folder list");
        assert_eq!(en("LIST messages"), "listing the messages");
        assert_eq!(en("RETR 12"), "downloading mail");
        assert_eq!(en("DELE 3"), "deleting mail from the server");
        assert_eq!(en("STLS"), "starting encryption (STARTTLS)");
        assert_eq!(doing("SELECT Sent", Lang::Korean), "'Sent' 폴더를 여는");
    }
}
