//! The sheet of keyboard shortcuts (`?` shows and hides it; Esc hides it).

use super::strings::{t, Lang};
use iced::widget::{column, container, row, scrollable, text, Column};
use iced::{Element, Fill};

/// (keys, what they do) in English and Korean.
const SHORTCUTS: &[(&str, &str, &str)] = &[
    ("↑ ↓  j k", "Previous / next message", "이전 / 다음 메일"),
    (
        "Enter  o",
        "Open (a draft: edit it)",
        "열기 (임시 보관 메일은 편집)",
    ),
    (
        "Delete",
        "Delete (in Trash: for good, after asking)",
        "삭제 (휴지통에서는 확인 후 완전히 삭제)",
    ),
    ("e", "Archive", "보관"),
    ("Shift+J", "Junk", "스팸으로 이동"),
    ("s", "Star / unstar", "별표 / 별표 해제"),
    ("u", "Read / unread", "읽음 / 읽지 않음"),
    (
        "m",
        "Move to a folder (type to filter)",
        "폴더로 이동 (이름으로 찾기)",
    ),
    ("Ctrl+A", "Select every message", "모든 메일 선택"),
    (
        "Ctrl+click  Shift+click",
        "Add one / a range to the selection",
        "하나 / 범위를 선택에 추가",
    ),
    ("Ctrl+Z", "Undo the last action", "마지막 작업 취소"),
    (
        "/  Ctrl+F",
        "Search (Esc: back to the folder)",
        "검색 (Esc: 폴더로 돌아가기)",
    ),
    ("g  i", "Go to the Inbox", "받은편지함으로 이동"),
    (
        "r  a  f",
        "Reply / reply all / forward",
        "답장 / 전체 답장 / 전달",
    ),
    ("Ctrl+N", "New message", "새 메일"),
    (
        "Ctrl+Enter",
        "Send (in a composer)",
        "보내기 (메일 쓰기 창)",
    ),
    ("?", "Show / hide this sheet", "이 목록 보기 / 숨기기"),
];

pub fn view<'a, M: 'a>() -> Element<'a, M> {
    let korean = t().0 == Lang::Korean;
    let mut col: Column<'a, M> = column![text(if korean {
        "키보드 단축키"
    } else {
        "Keyboard shortcuts"
    })
    .size(18)]
    .spacing(6)
    .padding(16);
    for (keys, en, ko) in SHORTCUTS {
        col = col.push(
            row![
                text(*keys).size(13).width(180),
                text(if korean { *ko } else { *en }).size(13).width(Fill),
            ]
            .spacing(8),
        );
    }
    container(scrollable(col)).width(Fill).height(Fill).into()
}
