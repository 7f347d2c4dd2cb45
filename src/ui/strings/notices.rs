//! Words for the status bar's passing notices: opening links and files, saving.

use super::{Lang, Words};
use crate::store::FolderRole;

impl Words {
    pub fn opening(self, url: &str) -> String {
        match self.0 {
            Lang::English => format!("Opening {url}"),
            Lang::Korean => format!("{url} 여는 중"),
        }
    }

    pub fn not_opening(self, url: &str) -> String {
        match self.0 {
            Lang::English => format!("Not opening {url}: it is not a web or mail address."),
            Lang::Korean => format!("{url}은(는) 웹이나 메일 주소가 아니라서 열지 않습니다."),
        }
    }

    /// No program on this computer takes the file or address.
    pub fn no_program_opens(self, what: &str) -> String {
        match self.0 {
            Lang::English => format!(
                "No program on this computer opens {what}. Save it and open it from your file manager."
            ),
            Lang::Korean => format!(
                "이 컴퓨터에는 {what}을(를) 여는 프로그램이 없습니다. 저장한 뒤 파일 관리자에서 여세요."
            ),
        }
    }

    /// A `mailto:` link that cannot be opened (`why` in English, from the parser).
    pub fn mailto_refused(self, why: &str) -> String {
        match self.0 {
            Lang::English => format!("Not opening that mail link: {why}."),
            Lang::Korean => {
                "그 메일 링크는 열지 않습니다. mailto: 주소가 아니거나 너무 깁니다.".into()
            }
        }
    }

    pub fn saved_to(self, path: &str) -> String {
        match self.0 {
            Lang::English => format!("Saved {path}"),
            Lang::Korean => format!("{path}에 저장했습니다"),
        }
    }

    /// A special-use folder's name in this language.
    pub fn role_name(self, role: FolderRole) -> &'static str {
        match role {
            FolderRole::Inbox => self.inbox(),
            FolderRole::Sent => self.sent_folder(),
            FolderRole::Drafts => self.drafts_folder(),
            FolderRole::Trash => self.trash_folder(),
            FolderRole::Junk => self.junk_folder(),
            FolderRole::Archive => self.archive_folder(),
        }
    }

    /// The main window's title: the unread count of the Inboxes first, when there is one.
    pub fn window_title(self, unread: u32) -> String {
        match (self.0, unread) {
            (_, 0) => "Jebi".into(),
            (Lang::English, n) => format!("Jebi \u{2014} {n} unread"),
            (Lang::Korean, n) => format!("Jebi \u{2014} 읽지 않은 메일 {n}개"),
        }
    }

    /// A folded quote: "Show quoted text (12 lines)".
    pub fn show_quoted(self, lines: usize) -> String {
        match self.0 {
            Lang::English => format!("\u{2026} Show quoted text ({lines} lines)"),
            Lang::Korean => format!("\u{2026} 인용문 보기 ({lines}줄)"),
        }
    }

    pub fn unsubscribe(self) -> &'static str {
        match self.0 {
            Lang::English => "Unsubscribe",
            Lang::Korean => "수신 거부",
        }
    }

    pub fn unsubscribe_one_click(self, url: &str) -> String {
        match self.0 {
            Lang::English => format!(
                "Unsubscribe from this list? Jebi will send the list's one-click request to {url}."
            ),
            Lang::Korean => {
                format!("이 목록의 수신을 거부할까요? Jebi가 {url}에 한 번 누르기 요청을 보냅니다.")
            }
        }
    }

    pub fn unsubscribe_by_mail(self, to: &str) -> String {
        match self.0 {
            Lang::English => format!(
                "Unsubscribe from this list? Jebi will open a message to {to} for you to send."
            ),
            Lang::Korean => {
                format!("이 목록의 수신을 거부할까요? {to}에게 보낼 메일을 열어 드립니다.")
            }
        }
    }

    pub fn unsubscribe_on_the_web(self, url: &str) -> String {
        match self.0 {
            Lang::English => {
                format!("Unsubscribe from this list? Jebi will open {url} in your web browser.")
            }
            Lang::Korean => {
                format!("이 목록의 수신을 거부할까요? 웹 브라우저에서 {url}을(를) 엽니다.")
            }
        }
    }

    pub fn unsubscribed(self) -> &'static str {
        match self.0 {
            Lang::English => "Unsubscribed: the list's server accepted the request.",
            Lang::Korean => "수신 거부 완료: 목록 서버가 요청을 받았습니다.",
        }
    }

    pub fn account_removed(self, name: &str) -> String {
        match self.0 {
            Lang::English => format!("Removed account '{name}'"),
            Lang::Korean => format!("'{name}' 계정을 지웠습니다"),
        }
    }

    pub fn folder_created(self, path: &str) -> String {
        match self.0 {
            Lang::English => format!("Created the folder {path}"),
            Lang::Korean => format!("{path} 폴더를 만들었습니다"),
        }
    }

    pub fn folder_renamed(self, path: &str) -> String {
        match self.0 {
            Lang::English => format!("Renamed the folder to {path}"),
            Lang::Korean => format!("폴더 이름을 {path}(으)로 바꿨습니다"),
        }
    }

    pub fn folder_deleted(self) -> &'static str {
        match self.0 {
            Lang::English => "Deleted the folder",
            Lang::Korean => "폴더를 지웠습니다",
        }
    }

    pub fn save_into_title(self) -> &'static str {
        match self.0 {
            Lang::English => "Save attachment into",
            Lang::Korean => "첨부 파일을 저장할 곳",
        }
    }

    pub fn pick_ca_title(self) -> &'static str {
        match self.0 {
            Lang::English => "Certificate or CA to trust (PEM)",
            Lang::Korean => "신뢰할 인증서나 인증 기관 (PEM)",
        }
    }
}
