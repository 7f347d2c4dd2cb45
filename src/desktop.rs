//! The desktop's default mail app (the `mailto:` handler): whether it is Jebi, and making it so.
//! Linux: xdg-mime (xdg-utils) and Jebi's desktop file `APP_ID.desktop`. Other systems: not yet
//! (Windows registry keys, macOS Launch Services; see packaging/README.md).

/// Whether Jebi handles `mailto:` links now (None: cannot tell here).
pub fn is_default_mail_app() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        let out = std::process::Command::new("xdg-mime")
            .args(["query", "default", "x-scheme-handler/mailto"])
            .stdin(std::process::Stdio::null())
            .output()
            .ok()?;
        let handler = String::from_utf8_lossy(&out.stdout);
        Some(handler.trim() == format!("{}.desktop", crate::APP_ID))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Make Jebi the handler of `mailto:` links. Err: one sentence for people.
pub fn make_default_mail_app() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        let desktop = format!("{}.desktop", crate::APP_ID);
        let status = std::process::Command::new("xdg-mime")
            .args(["default", &desktop, "x-scheme-handler/mailto"])
            .stdin(std::process::Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() && is_default_mail_app() == Some(true) => Ok(()),
            Ok(_) => Err(crate::locale::pick(
                format!("The desktop did not take Jebi as the mail app: is Jebi installed (its {desktop} file)?"),
                format!("데스크톱이 Jebi를 메일 프로그램으로 받아들이지 않았습니다. Jebi가 설치되어 있나요({desktop} 파일)?"),
            )),
            Err(_) => Err(crate::locale::pick(
                "xdg-mime is missing, so Jebi cannot change the default mail app (install xdg-utils).".to_string(),
                "xdg-mime이 없어 기본 메일 프로그램을 바꿀 수 없습니다(xdg-utils를 설치하세요).".to_string(),
            )),
        }
    }
    #[cfg(not(target_os = "linux"))]
    Err(crate::locale::pick(
        "Choose Jebi as the mail app in your system's settings (Jebi cannot change it here yet)."
            .to_string(),
        "시스템 설정에서 Jebi를 메일 프로그램으로 고르세요(여기서는 아직 바꿀 수 없습니다)."
            .to_string(),
    ))
}
