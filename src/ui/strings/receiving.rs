//! Words for receiving mail by POP3: the account form's choice and options, the removal
//! question of an account whose mail exists only here.

use super::{Lang, Words};

impl Words {
    /// `en` or `ko`, whichever the language now is (the words of these screens).
    pub(super) fn say(self, en: &'static str, ko: &'static str) -> &'static str {
        match self.0 {
            Lang::English => en,
            Lang::Korean => ko,
        }
    }

    pub fn receive_imap(self) -> &'static str {
        self.say("IMAP: mail stays on the server", "IMAP: 메일이 서버에 남음")
    }

    pub fn receive_pop3(self) -> &'static str {
        self.say(
            "POP3: download to this computer",
            "POP3: 이 컴퓨터로 내려받기",
        )
    }

    pub fn pop3_server(self) -> &'static str {
        self.say("POP3 server (host:port)", "POP3 서버 (호스트:포트)")
    }

    pub fn pop3_tls(self) -> &'static str {
        self.say("SSL/TLS (port 995)", "SSL/TLS (포트 995)")
    }

    pub fn pop3_starttls(self) -> &'static str {
        self.say("STARTTLS (port 110)", "STARTTLS (포트 110)")
    }

    pub fn leave_on_server(self) -> &'static str {
        self.say(
            "Leave a copy on the server (otherwise it is deleted there once downloaded)",
            "서버에 사본 남기기 (아니면 내려받은 뒤 서버에서 지움)",
        )
    }

    pub fn delete_after_days(self) -> &'static str {
        self.say(
            "Delete from the server after this many days (empty: never)",
            "이 날 수가 지나면 서버에서 지우기 (비우면 지우지 않음)",
        )
    }

    pub fn delete_when_deleted_here(self) -> &'static str {
        self.say(
            "Delete from the server when I delete it here",
            "여기서 지우면 서버에서도 지우기",
        )
    }

    /// Nothing answers on IMAP, but the host offers POP3 at `server`.
    pub fn pop3_offered(self, server: &str) -> String {
        match self.0 {
            Lang::English => format!("This server does not offer IMAP, but it offers POP3 at {server}: your mail is downloaded to this computer (and deleted from the server unless you leave a copy there)."),
            Lang::Korean => format!("이 서버는 IMAP을 제공하지 않지만 {server}에서 POP3를 제공합니다. 메일을 이 컴퓨터로 내려받습니다(서버에 사본을 남기지 않으면 서버에서는 지워집니다)."),
        }
    }

    pub fn notify_new_mail(self) -> &'static str {
        self.say("Notify me of new mail", "새 메일이 오면 알림")
    }

    pub fn looking_up(self) -> &'static str {
        self.say("Looking up…", "찾는 중…")
    }

    /// The servers were found in `source`: the form holds them now.
    pub fn found_servers(self, source: &str) -> String {
        match self.0 {
            Lang::English => {
                format!("Found the servers ({source}). Check them below, then press Add account.")
            }
            Lang::Korean => {
                format!("서버를 찾았습니다({source}). 아래에서 확인한 뒤 계정 추가를 누르세요.")
            }
        }
    }

    pub fn nothing_found(self, email: &str, tried: &str) -> String {
        match self.0 {
            Lang::English => format!("No mail servers were found for {email} (tried: {tried}). Enter them below."),
            Lang::Korean => format!("{email}의 메일 서버를 찾지 못했습니다(시도한 곳: {tried}). 아래에 직접 입력하세요."),
        }
    }

    pub fn use_pop3(self) -> &'static str {
        self.say("Use POP3", "POP3 사용")
    }

    /// Removing an account whose mail exists only here (POP3).
    pub fn confirm_remove_local(self, name: &str) -> String {
        match self.0 {
            Lang::English => format!("Remove '{name}'? Its mail was downloaded and exists only on this computer: keep it under Local Folders, or delete it with the account. The password is deleted from the keyring."),
            Lang::Korean => format!("'{name}' 계정을 삭제할까요? 이 계정의 메일은 내려받아 이 컴퓨터에만 있습니다. 로컬 폴더로 옮겨 보관하거나 계정과 함께 지우세요. 비밀번호는 키링에서 지워집니다."),
        }
    }

    pub fn remove_keep_mail(self) -> &'static str {
        self.say("Remove, keep its mail", "삭제하고 메일은 보관")
    }

    pub fn remove_delete_mail(self) -> &'static str {
        self.say("Remove with its mail", "메일과 함께 삭제")
    }

    /// The account went; its mail is in Local Folders under `folder`.
    pub fn account_removed_kept(self, name: &str, folder: &str) -> String {
        match self.0 {
            Lang::English => {
                format!("Removed account '{name}'; its mail is in Local Folders under '{folder}'.")
            }
            Lang::Korean => {
                format!("'{name}' 계정을 삭제했습니다. 메일은 로컬 폴더의 '{folder}'에 있습니다.")
            }
        }
    }
}
