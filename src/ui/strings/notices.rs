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
}
