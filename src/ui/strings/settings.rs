//! Words of the Settings screen.

use super::{Lang, Words};

impl Words {
    pub fn settings_title(self) -> &'static str {
        self.say("Settings", "설정")
    }
    pub fn settings_button(self) -> &'static str {
        self.say("Settings…", "설정…")
    }
    pub fn theme_label(self) -> &'static str {
        self.say("Theme", "테마")
    }
    pub fn language_label(self) -> &'static str {
        self.say("Language", "언어")
    }
    pub fn follow_system(self) -> &'static str {
        self.say("As the system", "시스템 설정 따르기")
    }
    pub fn theme_light(self) -> &'static str {
        self.say("Light", "밝게")
    }
    pub fn theme_dark(self) -> &'static str {
        self.say("Dark", "어둡게")
    }
    pub fn notifications_label(self) -> &'static str {
        self.say(
            "Show a notification when new mail arrives",
            "새 메일이 오면 알림 보이기",
        )
    }
    pub fn check_every_label(self) -> &'static str {
        self.say(
            "Check accounts without push (POP3) every",
            "푸시가 없는 계정(POP3) 확인 간격",
        )
    }
    pub fn minutes(self) -> &'static str {
        self.say("minutes", "분")
    }
    pub fn check_every_problem(self) -> &'static str {
        self.say(
            "Enter a number of minutes from 1 to 1440.",
            "1에서 1440 사이의 분을 입력하세요.",
        )
    }
    pub fn is_default_mail_app(self) -> &'static str {
        self.say(
            "Jebi opens mailto: links (it is the default mail app).",
            "Jebi가 mailto: 링크를 엽니다(기본 메일 프로그램).",
        )
    }
    pub fn not_default_mail_app(self) -> &'static str {
        self.say(
            "Another program opens mailto: links.",
            "다른 프로그램이 mailto: 링크를 엽니다.",
        )
    }
    pub fn default_unknown(self) -> &'static str {
        self.say(
            "Jebi cannot tell which program opens mailto: links here.",
            "여기서는 어떤 프로그램이 mailto: 링크를 여는지 알 수 없습니다.",
        )
    }
    pub fn make_default_mail_app(self) -> &'static str {
        self.say(
            "Make Jebi the default mail app",
            "Jebi를 기본 메일 프로그램으로",
        )
    }
    pub fn open_folder(self) -> &'static str {
        self.say("Open folder", "폴더 열기")
    }
    pub fn done(self) -> &'static str {
        self.say("Done", "완료")
    }
    pub fn data_lives_in(self, dir: &str) -> String {
        match self.0 {
            Lang::English => format!("Your mail and settings live in {dir}"),
            Lang::Korean => format!("메일과 설정은 {dir}에 있습니다"),
        }
    }
}
