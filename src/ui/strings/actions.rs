//! Words for acting on mail: the action bar, the queue line, undo, folder dialogs.

use super::{Lang, Words};
use crate::engine::actions::Said;

impl Words {
    /// "3 changes waiting for the server" (offline, or not yet sent).
    pub fn changes_waiting(self, n: usize) -> String {
        match self.0 {
            Lang::English if n == 1 => "1 change waiting for the server".into(),
            Lang::English => format!("{n} changes waiting for the server"),
            Lang::Korean => format!("서버에 보낼 변경 {n}건 대기 중"),
        }
    }

    pub fn undo(self) -> &'static str {
        match self.0 {
            Lang::English => "Undo",
            Lang::Korean => "실행 취소",
        }
    }

    pub fn archive(self) -> &'static str {
        match self.0 {
            Lang::English => "Archive",
            Lang::Korean => "보관",
        }
    }

    pub fn junk(self) -> &'static str {
        match self.0 {
            Lang::English => "Junk",
            Lang::Korean => "스팸",
        }
    }

    pub fn not_junk(self) -> &'static str {
        match self.0 {
            Lang::English => "Not junk",
            Lang::Korean => "스팸 아님",
        }
    }

    pub fn move_to(self) -> &'static str {
        match self.0 {
            Lang::English => "Move…",
            Lang::Korean => "이동…",
        }
    }

    pub fn copy_to(self) -> &'static str {
        match self.0 {
            Lang::English => "Copy…",
            Lang::Korean => "복사…",
        }
    }

    pub fn mark_read(self) -> &'static str {
        match self.0 {
            Lang::English => "Read",
            Lang::Korean => "읽음",
        }
    }

    pub fn mark_unread(self) -> &'static str {
        match self.0 {
            Lang::English => "Unread",
            Lang::Korean => "안 읽음",
        }
    }

    pub fn selected_count(self, n: usize) -> String {
        match self.0 {
            Lang::English => format!("{n} selected"),
            Lang::Korean => format!("{n}개 선택됨"),
        }
    }

    pub fn delete_forever_question(self, n: usize) -> String {
        match self.0 {
            Lang::English if n == 1 => "Delete this message for good? It cannot be undone.".into(),
            Lang::English => format!("Delete these {n} messages for good? It cannot be undone."),
            Lang::Korean => format!("메일 {n}통을 완전히 삭제할까요? 되돌릴 수 없습니다."),
        }
    }

    pub fn delete_forever(self) -> &'static str {
        match self.0 {
            Lang::English => "Delete for good",
            Lang::Korean => "완전히 삭제",
        }
    }

    pub fn cancel_action(self) -> &'static str {
        match self.0 {
            Lang::English => "Cancel",
            Lang::Korean => "취소",
        }
    }

    pub fn filter_folders(self) -> &'static str {
        match self.0 {
            Lang::English => "Type to filter folders",
            Lang::Korean => "폴더 이름으로 찾기",
        }
    }

    pub fn new_folder(self) -> &'static str {
        match self.0 {
            Lang::English => "New folder…",
            Lang::Korean => "새 폴더…",
        }
    }

    pub fn rename_folder(self) -> &'static str {
        match self.0 {
            Lang::English => "Rename…",
            Lang::Korean => "이름 바꾸기…",
        }
    }

    pub fn delete_folder(self) -> &'static str {
        match self.0 {
            Lang::English => "Delete folder",
            Lang::Korean => "폴더 삭제",
        }
    }

    pub fn delete_folder_question(self, name: &str, n: u32) -> String {
        match self.0 {
            Lang::English => format!("Delete the folder {name} and the {n} messages in it?"),
            Lang::Korean => format!("{name} 폴더와 그 안의 메일 {n}통을 삭제할까요?"),
        }
    }

    pub fn folder_name_prompt(self) -> &'static str {
        match self.0 {
            Lang::English => "Folder name (Parent/Child makes it under Parent)",
            Lang::Korean => "폴더 이름 (상위/하위로 쓰면 상위 폴더 안에 만듭니다)",
        }
    }

    pub fn all_inboxes(self) -> &'static str {
        match self.0 {
            Lang::English => "All Inboxes",
            Lang::Korean => "모든 받은편지함",
        }
    }

    pub fn unread_view(self) -> &'static str {
        match self.0 {
            Lang::English => "Unread",
            Lang::Korean => "읽지 않은 메일",
        }
    }

    pub fn starred_view(self) -> &'static str {
        match self.0 {
            Lang::English => "Starred",
            Lang::Korean => "별표 메일",
        }
    }

    pub fn ok(self) -> &'static str {
        match self.0 {
            Lang::English => "OK",
            Lang::Korean => "확인",
        }
    }

    /// The list's switch between one row per message and one per conversation.
    pub fn conversations(self) -> &'static str {
        match self.0 {
            Lang::English => "Conversations",
            Lang::Korean => "대화로 보기",
        }
    }

    /// A conversation's earlier message with nothing to show as its first line.
    pub fn in_folder(self, folder: &str) -> String {
        match self.0 {
            Lang::English => format!("in {folder}"),
            Lang::Korean => format!("{folder}에 있음"),
        }
    }

    pub fn unstar(self) -> &'static str {
        match self.0 {
            Lang::English => "★ Remove star",
            Lang::Korean => "★ 별표 해제",
        }
    }

    pub fn mark_read_long(self) -> &'static str {
        match self.0 {
            Lang::English => "Mark as read",
            Lang::Korean => "읽음으로 표시",
        }
    }

    pub fn mark_unread_long(self) -> &'static str {
        match self.0 {
            Lang::English => "Mark as unread",
            Lang::Korean => "안 읽음으로 표시",
        }
    }

    /// What an action did, for the status bar ("Moved 3 messages to Archive"); a special-use
    /// folder is called by its role, as the folder tree calls it.
    pub fn action_done(self, said: &Said) -> String {
        let place = |folder: &String, role: &Option<crate::store::FolderRole>| match role {
            Some(r) => self.role_name(*r).to_string(),
            None => folder.clone(),
        };
        if let Lang::English = self.0 {
            return match said {
                Said::Moved { n, folder, role } => Said::Moved {
                    n: *n,
                    folder: place(folder, role),
                    role: None,
                }
                .english(),
                Said::Copied { n, folder, role } => Said::Copied {
                    n: *n,
                    folder: place(folder, role),
                    role: None,
                }
                .english(),
                other => other.english(),
            };
        }
        let n = |n: &usize| format!("메시지 {n}개를");
        match said {
            Said::Marked { n: k, flag, on } => {
                let what = match (*flag, on) {
                    ("\\Seen", true) => "읽음으로 표시했습니다",
                    ("\\Seen", false) => "안 읽음으로 표시했습니다",
                    (_, true) => "별표했습니다",
                    (_, false) => "별표 해제했습니다",
                };
                format!("{} {what}", n(k))
            }
            Said::Moved { n: k, folder, role } => {
                format!("{} '{}' 폴더로 옮겼습니다", n(k), place(folder, role))
            }
            Said::Copied { n: k, folder, role } => {
                format!("{} '{}' 폴더에 복사했습니다", n(k), place(folder, role))
            }
            Said::DeletedForGood { n: k } => format!("{} 완전히 삭제했습니다", n(k)),
            Said::Undone => "실행을 취소했습니다".into(),
        }
    }
}
