//! The window's words in English and Korean (the language is chosen in [`crate::locale`]).

pub use crate::locale::Lang;
#[cfg(test)]
pub use crate::locale::{lang_from, with_lang};

mod actions;
mod notices;
mod receiving;
mod settings;

/// The words for the current language.
pub fn t() -> Words {
    Words(crate::locale::lang())
}

#[derive(Debug, Clone, Copy)]
pub struct Words(pub Lang);

macro_rules! words {
    ($($name:ident => $en:expr, $ko:expr;)*) => {
        impl Words {
            $(pub fn $name(self) -> &'static str {
                match self.0 {
                    Lang::English => $en,
                    Lang::Korean => $ko,
                }
            })*
        }
    };
}

words! {
    add_account_button => "Add account…", "계정 추가…";
    remove => "Remove", "삭제";
    keep => "Keep", "유지";
    local_folders => "Local Folders", "로컬 폴더";
    inbox => "Inbox", "받은편지함";
    sent_folder => "Sent", "보낸편지함";
    drafts_folder => "Drafts", "임시보관함";
    trash_folder => "Trash", "휴지통";
    junk_folder => "Junk", "스팸";
    archive_folder => "Archive", "보관함";
    no_messages => "No messages here.", "메시지가 없습니다.";
    no_subject => "(no subject)", "(제목 없음)";
    no_matches => "No messages match.", "일치하는 메시지가 없습니다.";
    search_placeholder => "Search mail (Ctrl+F or /)", "메일 검색 (Ctrl+F 또는 /)";
    search_all_accounts => "All accounts", "모든 계정";
    search_this_account => "This account", "이 계정";
    select_message => "Select a message to read it.", "읽을 메시지를 선택하세요.";
    from => "From", "보낸 사람";
    to => "To", "받는 사람";
    cc => "Cc", "참조";
    date => "Date", "날짜";
    open => "Open", "열기";
    save => "Save…", "저장…";
    star => "☆ Star", "☆ 별표";
    starred => "★ Starred", "★ 별표됨";
    not_downloaded => "The body of this message is not downloaded yet.", "이 메시지의 본문은 아직 내려받지 않았습니다.";
    no_text => "(This message has no text.)", "(본문이 없는 메시지입니다.)";
    show_remote => "Show remote content", "원격 콘텐츠 보기";
    loading_remote => "Loading remote pictures…", "원격 이미지를 불러오는 중…";
    remote_shown => "Remote pictures of this message are shown.", "이 메시지의 원격 이미지를 표시했습니다.";
    plain_text => "Plain text", "일반 텍스트";
    show_more => "Show more of this message", "이 메시지 더 보기";
    formatted => "Formatted", "서식 있는 보기";
    setup_title => "Add a mail account", "메일 계정 추가";
    setup_keyring => "Your password is stored in the system keyring, never in Jebi's files.", "비밀번호는 시스템 키링에만 저장되며 Jebi 파일에는 저장되지 않습니다.";
    account_name => "Account name", "계정 이름";
    email_address => "Email address", "이메일 주소";
    login_label => "Login (if not the address)", "로그인 이름 (주소와 다를 때)";
    password => "Password", "비밀번호";
    imap_server => "IMAP server (host:port)", "IMAP 서버 (호스트:포트)";
    security => "Security", "보안";
    add_account => "Add account", "계정 추가";
    save_changes => "Save changes", "변경 사항 저장";
    test_connection => "Test connection", "연결 테스트";
    unchanged => "(unchanged)", "(변경 안 함)";
    current_certificate => "Trusting the certificate saved with this account", "이 계정에 저장된 인증서를 신뢰합니다";
    edit => "Edit", "편집";
    checking => "Checking…", "확인 중…";
    cancel => "Cancel", "취소";
    ca_file => "CA file…", "인증서 파일…";
    system_trust => "Server certificate: trusted by the system", "서버 인증서: 시스템 신뢰 목록 사용";
    trust_certificate => "Trust this certificate", "이 인증서 신뢰";
    yesterday => "Yesterday", "어제";
    hide_quoted => "Hide quoted text", "인용문 숨기기";
    incoming_section => "Receiving", "받기";
    name_hint => "Work, Home… (the address if left empty)", "회사, 집… (비워 두면 주소)";
    login_hint => "Usually the email address (leave empty)", "보통 이메일 주소 (비워 두기)";
    fix_marked => "Please fix what is marked in red above.", "위에 빨갛게 표시된 곳을 고쳐 주세요.";
    trusting_accepted => "Server certificate: trusting the one you accepted", "서버 인증서: 직접 신뢰한 인증서를 사용";
    imap_tls => "SSL/TLS (port 993)", "SSL/TLS (포트 993)";
    imap_starttls => "STARTTLS (port 143)", "STARTTLS (포트 143)";
    missing_password => "Enter your password.", "비밀번호를 입력하세요.";
    up_to_date => "up to date", "최신 상태";
    connecting => "connecting…", "연결 중…";
    no_accounts => "no accounts yet", "계정이 아직 없습니다";
    stopped => "stopped", "중지됨";
    new_message => "New message", "새 메일";
    new_message_button => "✉ New message", "✉ 새 메일";
    send => "Send", "보내기";
    attach => "Attach…", "첨부…";
    send_hint => "Ctrl+Enter sends", "Ctrl+Enter로 보내기";
    queueing => "Putting the message in the outbox…", "보낼 편지함에 넣는 중…";
    bcc => "Bcc", "숨은 참조";
    subject => "Subject", "제목";
    addresses_placeholder => "name@example.com, …", "name@example.com, …";
    body_placeholder => "Write your message here.", "여기에 내용을 쓰세요.";
    request_read_receipt => "Request read receipt", "읽음 확인 요청";
    request_delivery_status => "Request delivery status", "배달 상태 요청";
    drop_to_attach => "Drop the files here to attach them", "여기에 놓으면 파일이 첨부됩니다";
    attachments => "Attached", "첨부 파일";
    no_sender => "No account can send yet: add an account (with its outgoing server) first.", "보낼 수 있는 계정이 없습니다. 먼저 (보내는 서버가 있는) 계정을 추가하세요.";
    no_recipients => "Add at least one recipient (To, Cc or Bcc).", "받는 사람을 한 명 이상 넣으세요 (받는 사람, 참조, 숨은 참조).";
    still_reading => "Wait until the attached files are read, then send.", "첨부 파일을 다 읽을 때까지 기다린 뒤 보내세요.";
    reply => "Reply", "답장";
    reply_all => "Reply all", "전체 답장";
    forward => "Forward", "전달";
    forward_attachment => "Forward as attachment", "첨부로 전달";
    outbox_empty => "The outbox is empty: everything was sent.", "보낼 편지함이 비어 있습니다. 모두 보냈습니다.";
    send_now => "Send now", "지금 보내기";
    delete => "Delete", "삭제";
    state_queued => "waiting to be sent", "보내기 대기 중";
    state_sending => "being sent", "보내는 중";
    state_failed => "refused by the server", "서버가 거부함";
    queued_notice => "Message queued in the outbox; sending…", "보낼 편지함에 넣었습니다. 보내는 중…";
    queued_offline => "Message queued in the outbox; it is sent once the account is connected.", "보낼 편지함에 넣었습니다. 계정이 연결되면 보냅니다.";
}

impl Words {
    pub fn remote_not_loaded(self, n: usize) -> String {
        match self.0 {
            Lang::English => {
                format!("{n} remote images or styles were not loaded, to protect your privacy.")
            }
            Lang::Korean => {
                format!("개인 정보 보호를 위해 원격 이미지나 스타일 {n}개를 불러오지 않았습니다.")
            }
        }
    }

    pub fn more_attachments(self, n: usize) -> String {
        match self.0 {
            Lang::English => format!("…and {n} more attachments (not listed)."),
            Lang::Korean => format!("…외 첨부 파일 {n}개 (목록에 표시하지 않음)."),
        }
    }

    pub fn edit_title(self, name: &str) -> String {
        match self.0 {
            Lang::English => format!("Edit account '{name}'"),
            Lang::Korean => format!("'{name}' 계정 편집"),
        }
    }

    pub fn connection_works(self, server: &str, login: &str) -> String {
        match self.0 {
            Lang::English => format!("Connection works: logged in to {server} as {login}."),
            Lang::Korean => format!("연결 성공: {server}에 {login}(으)로 로그인했습니다."),
        }
    }

    pub fn picture_failed(self, alt: &str, reason: &str) -> String {
        match self.0 {
            Lang::English => format!("[picture {alt} not shown: {reason}]"),
            Lang::Korean => format!("[이미지 {alt} 표시 실패: {reason}]"),
        }
    }

    pub fn rest_not_shown(self, n: usize) -> String {
        match self.0 {
            Lang::English => {
                format!("(The rest of this message, {n} more characters, is not shown.)")
            }
            Lang::Korean => format!("(나머지 {n}자는 표시하지 않았습니다.)"),
        }
    }

    pub fn attachment(self, name: &str, mime: &str, size: &str) -> String {
        match self.0 {
            Lang::English => format!("Attachment: {name}  ({mime}, {size})"),
            Lang::Korean => format!("첨부 파일: {name}  ({mime}, {size})"),
        }
    }

    pub fn confirm_remove(self, name: &str) -> String {
        match self.0 {
            Lang::English => format!("Remove '{name}' and its local mail? The password is deleted from the keyring; mail on the server stays."),
            Lang::Korean => format!("'{name}' 계정과 이 컴퓨터의 메일을 삭제할까요? 비밀번호는 키링에서 지워지고 서버의 메일은 그대로 남습니다."),
        }
    }

    pub fn trusting(self, file: &str) -> String {
        match self.0 {
            Lang::English => format!("Trusting {file} for this account"),
            Lang::Korean => format!("이 계정에서 {file} 인증서를 신뢰합니다"),
        }
    }

    pub fn check_fingerprint(self, fp: &str) -> String {
        match self.0 {
            Lang::English => format!("If you know this server uses its own certificate, check that its SHA-256 fingerprint is {fp} and trust it for this account."),
            Lang::Korean => format!("이 서버가 자체 인증서를 쓰는 것이 확실하면 SHA-256 지문이 {fp}인지 확인한 뒤 이 계정에서 신뢰하세요."),
        }
    }

    pub fn syncing(self, folder: &str, done: u32, total: u32) -> String {
        match self.0 {
            Lang::English => format!("syncing {folder}: {done} of {total}"),
            Lang::Korean => format!("{folder} 동기화 중: {total}개 중 {done}개"),
        }
    }

    pub fn downloading(self, done: u32, total: u32) -> String {
        let grouped = |n: u32| crate::locale::grouped(u64::from(n));
        match self.0 {
            Lang::English => format!("downloading {} of {}", grouped(done), grouped(total)),
            Lang::Korean => format!("내려받는 중: {}개 중 {}개", grouped(total), grouped(done)),
        }
    }

    pub fn retrying(self, secs: u64, message: &str) -> String {
        match self.0 {
            Lang::English => format!("offline, retrying in {secs} s: {message}"),
            Lang::Korean => format!("오프라인, {secs}초 후 다시 시도: {message}"),
        }
    }

    pub fn error(self, message: &str) -> String {
        match self.0 {
            Lang::English => format!("error: {message}"),
            Lang::Korean => format!("오류: {message}"),
        }
    }

    pub fn not_addresses(self, pieces: &str) -> String {
        match self.0 {
            Lang::English => format!("Not valid addresses: {pieces}"),
            Lang::Korean => format!("올바른 주소가 아닙니다: {pieces}"),
        }
    }

    pub fn invalid_addresses(self, pieces: &str) -> String {
        match self.0 {
            Lang::English => format!("Not sent: these are not valid email addresses: {pieces}. Correct them (e.g. name@example.com) and send again."),
            Lang::Korean => format!("보내지 않았습니다. 올바른 이메일 주소가 아닙니다: {pieces}. 고친 뒤(예: name@example.com) 다시 보내세요."),
        }
    }

    pub fn forwarded_message(self, size: &str) -> String {
        match self.0 {
            Lang::English => format!("The original message is attached ({size})."),
            Lang::Korean => format!("원본 메일이 첨부되어 있습니다 ({size})."),
        }
    }

    pub fn reading_files(self, n: usize) -> String {
        match self.0 {
            Lang::English if n == 1 => "Reading 1 file…".to_string(),
            Lang::English => format!("Reading {n} files…"),
            Lang::Korean => format!("파일 {n}개를 읽는 중…"),
        }
    }

    pub fn cannot_attach(self, path: &str, why: &str) -> String {
        match self.0 {
            Lang::English => format!("Cannot attach {path}: {why}."),
            Lang::Korean => format!("{path}을(를) 첨부할 수 없습니다: {why}."),
        }
    }

    pub fn folder_not_attached(self, path: &str) -> String {
        match self.0 {
            Lang::English => format!("{path} is a folder: attach the files in it instead."),
            Lang::Korean => format!("{path}은(는) 폴더입니다. 폴더 안의 파일을 첨부하세요."),
        }
    }

    pub fn file_too_big(self, path: &str, size: &str) -> String {
        match self.0 {
            Lang::English => format!("{path} is too big to attach ({size})."),
            Lang::Korean => format!("{path}은(는) 너무 커서 첨부할 수 없습니다 ({size})."),
        }
    }

    /// The Outbox entry in the folder tree.
    pub fn outbox_entry(self, n: usize) -> String {
        match (self.0, n) {
            (Lang::English, 0) => "Outbox".to_string(),
            (Lang::English, n) => format!("Outbox ({n})"),
            (Lang::Korean, 0) => "보낼 편지함".to_string(),
            (Lang::Korean, n) => format!("보낼 편지함 ({n})"),
        }
    }

    pub fn outbox_to(self, to: &str) -> String {
        match self.0 {
            Lang::English => format!("To: {to}"),
            Lang::Korean => format!("받는 사람: {to}"),
        }
    }

    /// State line of an outbox message: what it waits for and how many tries so far.
    pub fn outbox_state(self, state: &str, attempts: i64, next_try: Option<&str>) -> String {
        let tries = match (self.0, attempts) {
            (_, 0) => String::new(),
            (Lang::English, 1) => " · tried once".to_string(),
            (Lang::English, n) => format!(" · tried {n} times"),
            (Lang::Korean, n) => format!(" · {n}번 시도함"),
        };
        let next = match (self.0, next_try) {
            (_, None) => String::new(),
            (Lang::English, Some(at)) => format!(" · next try {at}"),
            (Lang::Korean, Some(at)) => format!(" · 다음 시도 {at}"),
        };
        format!("{state}{tries}{next}")
    }

    pub fn last_error(self, error: &str) -> String {
        match self.0 {
            Lang::English => format!("Last error: {error}"),
            Lang::Korean => format!("마지막 오류: {error}"),
        }
    }

    pub fn confirm_delete(self, subject: &str) -> String {
        match self.0 {
            Lang::English => format!("Delete '{subject}' from the outbox? It will not be sent."),
            Lang::Korean => {
                format!("'{subject}'을(를) 보낼 편지함에서 삭제할까요? 보내지 않습니다.")
            }
        }
    }

    pub fn draft_filed(self) -> &'static str {
        match self.0 {
            Lang::English => "draft saved in Drafts",
            Lang::Korean => "임시 보관함에 저장했습니다",
        }
    }

    pub fn draft_not_filed(self, message: &str) -> String {
        match self.0 {
            Lang::English => format!("draft kept on this computer (not in Drafts yet): {message}"),
            Lang::Korean => format!(
                "임시 저장 메일을 이 컴퓨터에 보관합니다 (임시 보관함에는 아직 없음): {message}"
            ),
        }
    }

    /// After an outbox flush: the first problem, else how many went out.
    pub fn outbox_flushed(self, sent: usize, problem: Option<&str>) -> String {
        match (self.0, problem) {
            (Lang::English, Some(p)) => format!("sending: {p}"),
            (Lang::Korean, Some(p)) => format!("보내기: {p}"),
            (Lang::English, None) if sent == 1 => "sent 1 message".to_string(),
            (Lang::English, None) => format!("sent {sent} messages"),
            (Lang::Korean, None) => format!("메일 {sent}통을 보냈습니다"),
        }
    }
}

// The account form's sending section and the reader's delivery and read reports.
words! {
    sending_section => "Sending (SMTP)", "보내기 (SMTP)";
    sending_hint => "Leave the server empty if this account does not send mail.", "이 계정으로 메일을 보내지 않으면 서버를 비워 두세요.";
    smtp_server => "Outgoing server (host:port)", "보내는 서버 (호스트:포트)";
    smtp_starttls => "STARTTLS (port 587)", "STARTTLS (포트 587)";
    smtp_tls => "SSL/TLS (port 465)", "SSL/TLS (포트 465)";
    smtp_plain => "None (unencrypted)", "없음 (암호화 안 함)";
    smtp_login => "Login for sending", "보내기 로그인 이름";
    same_as_above => "same as above", "위와 같음";
    save_sent_copy => "Save a copy in Sent", "보낸 편지함에 사본 저장";
    test_sending => "Test sending server", "보내는 서버 테스트";
    missing_smtp => "Enter the outgoing server as host:port, e.g. smtp.example.com:587.", "보내는 서버를 호스트:포트 형식으로 입력하세요. 예: smtp.example.com:587";
    open_original => "Open the original message", "원본 메일 열기";
    reports_about => "Reports about this message", "이 메일에 대한 보고";
    send_receipt => "Send receipt", "읽음 확인 보내기";
    ignore => "Ignore", "무시";
}

impl Words {
    /// The status line while search results are on show (`limit` rows at most are).
    pub fn messages_match(self, total: usize, limit: usize) -> String {
        let more = total > limit;
        match (self.0, total) {
            (Lang::English, 0) => "No messages match".to_string(),
            (Lang::English, 1) => "1 message matches".to_string(),
            (Lang::English, n) if more => format!("{n} messages match, showing the newest {limit}"),
            (Lang::English, n) => format!("{n} messages match"),
            (Lang::Korean, 0) => "일치하는 메시지가 없습니다".to_string(),
            (Lang::Korean, n) if more => format!("메시지 {n}개 일치, 최근 {limit}개 표시"),
            (Lang::Korean, n) => format!("메시지 {n}개 일치"),
        }
    }

    pub fn search_failed(self, error: &str) -> String {
        match self.0 {
            Lang::English => format!("Search failed: {error}"),
            Lang::Korean => format!("검색하지 못했습니다: {error}"),
        }
    }

    pub fn sending_works(self, server: &str, login: &str) -> String {
        match self.0 {
            Lang::English => format!("Logged in to {server} as {login}."),
            Lang::Korean => format!("{server}에 {login}(으)로 로그인했습니다."),
        }
    }

    /// The status block of a report message: `kind` is `delivery` or `disposition`.
    pub fn report_status(self, kind: Option<&str>, summary: &str) -> String {
        match (self.0, kind) {
            (Lang::English, Some("disposition")) => format!("Read receipt: {summary}"),
            (Lang::English, _) => format!("Delivery report: {summary}"),
            (Lang::Korean, Some("disposition")) => format!("읽음 확인: {summary}"),
            (Lang::Korean, _) => format!("배달 보고: {summary}"),
        }
    }

    /// One report listed under a message's headers.
    pub fn receipt_line(self, summary: &str, date: &str) -> String {
        if date.is_empty() {
            return summary.to_string();
        }
        format!("{summary} — {date}")
    }

    pub fn receipt_asked(self, address: &str) -> String {
        match self.0 {
            Lang::English => {
                format!("The sender asked to be told you read this (to {address}):")
            }
            Lang::Korean => {
                format!("보낸 사람이 이 메일을 읽었는지 알려 달라고 요청했습니다 ({address}에게):")
            }
        }
    }

    pub fn receipt_not_answered(self, why: &str) -> String {
        match self.0 {
            Lang::English => format!("The read-receipt request was not answered: {why}"),
            Lang::Korean => format!("읽음 확인 요청에 답하지 못했습니다: {why}"),
        }
    }

    pub fn receipts_unreadable(self, why: &str) -> String {
        match self.0 {
            Lang::English => format!("Could not read this message's reports: {why}"),
            Lang::Korean => format!("이 메일의 보고를 읽지 못했습니다: {why}"),
        }
    }
}

// Drafts and the composer's size check.
words! {
    edit_draft => "Edit draft", "초안 편집";
    open_recovered => "Open them", "열기";
    not_connected => "the account is not connected yet", "계정이 아직 연결되지 않았습니다";
    no_account_to_file => "no account to file it in", "보관할 계정이 없습니다";
}

impl Words {
    /// Under the attachments: their total, and the most the account's server takes when known.
    pub fn attachments_total(self, total: &str, limit: Option<&str>) -> String {
        match (self.0, limit) {
            (Lang::English, None) => format!("Total {total}"),
            (Lang::English, Some(l)) => format!("Total {total} · the server takes up to {l}"),
            (Lang::Korean, None) => format!("합계 {total}"),
            (Lang::Korean, Some(l)) => format!("합계 {total} · 서버가 받는 최대 크기 {l}"),
        }
    }

    /// The message as sent (attachments encoded) is over the server's SIZE.
    pub fn over_size_limit(self, size: &str, limit: &str) -> String {
        match self.0 {
            Lang::English => format!(
                "These attachments ({size} as sent) are over the {limit} the server takes; it will refuse the message."
            ),
            Lang::Korean => format!(
                "이 첨부 파일로 보낼 메일이 {size}가 되어 서버가 받는 {limit}를 넘습니다. 서버가 이 메일을 거부합니다."
            ),
        }
    }

    /// Drafts a crashed or closed run left on this computer, found at start-up.
    pub fn drafts_recovered(self, n: usize) -> String {
        match (self.0, n) {
            (Lang::English, 1) => "1 unsent draft recovered".to_string(),
            (Lang::English, n) => format!("{n} unsent drafts recovered"),
            (Lang::Korean, n) => format!("보내지 않은 초안 {n}개를 되찾았습니다"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_the_locale() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(lang_from(&[None, None, s("ko_KR.UTF-8")]), Lang::Korean);
        assert_eq!(
            lang_from(&[s("en_US.UTF-8"), None, s("ko_KR.UTF-8")]),
            Lang::English
        );
        assert_eq!(lang_from(&[s(""), None, s("ko")]), Lang::Korean);
        assert_eq!(lang_from(&[None, None, None]), Lang::English);
        assert_eq!(Words(Lang::Korean).inbox(), "받은편지함");
        assert_eq!(
            Words(Lang::English).syncing("Inbox", 1240, 20000),
            "syncing Inbox: 1240 of 20000"
        );
    }
}
