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

/// The unread count on Jebi's dock/launcher icon (Linux: the Unity LauncherEntry signal that
/// GNOME's Dash to Dock, KDE's task manager and Plank read). Best effort: no session bus, no
/// badge, no error.
pub fn set_unread_badge(count: u32) {
    #[cfg(target_os = "linux")]
    {
        static BUS: std::sync::OnceLock<Option<zbus::blocking::Connection>> =
            std::sync::OnceLock::new();
        let Some(bus) = BUS
            .get_or_init(|| zbus::blocking::Connection::session().ok())
            .as_ref()
        else {
            return;
        };
        let mut properties: std::collections::HashMap<&str, zbus::zvariant::Value<'_>> =
            std::collections::HashMap::new();
        properties.insert("count", zbus::zvariant::Value::I64(i64::from(count)));
        properties.insert("count-visible", zbus::zvariant::Value::Bool(count > 0));
        let app_uri = format!("application://{}.desktop", crate::APP_ID);
        let _ = bus.emit_signal(
            None::<&str>,
            "/org/jebimail/Jebi",
            "com.canonical.Unity.LauncherEntry",
            "Update",
            &(app_uri, properties),
        );
    }
    #[cfg(not(target_os = "linux"))]
    let _ = count;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// Run with a session bus (scripts/test-all.sh gives one): the signal a dock reads.
    #[test]
    fn the_unread_count_reaches_the_dock_signal() {
        let Ok(bus) = zbus::blocking::Connection::session() else {
            panic!("no D-Bus session bus: run the tests with ./scripts/test-all.sh");
        };
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface("com.canonical.Unity.LauncherEntry")
            .unwrap()
            .build();
        let mut signals =
            zbus::blocking::MessageIterator::for_match_rule(rule, &bus, None).unwrap();
        // A count no window test shows (they run beside this one, on the same bus).
        super::set_unread_badge(7_654_321);
        let ours = signals.by_ref().take(100).find_map(|m| {
            let m = m.ok()?;
            let (uri, props): (
                String,
                std::collections::HashMap<String, zbus::zvariant::OwnedValue>,
            ) = m.body().deserialize().ok()?;
            let count = i64::try_from(&props["count"]).ok()?;
            (count == 7_654_321).then_some((uri, props))
        });
        let (uri, props) = ours.expect("the signal with the count");
        assert_eq!(uri, "application://org.jebimail.Jebi.desktop");
        assert!(bool::try_from(&props["count-visible"]).unwrap());
    }
}
