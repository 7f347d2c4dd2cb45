//! What the desktop knows Jebi's windows by: the application id (Wayland app_id, X11
//! WM_CLASS; the same as the desktop file's name) and the window icon.

use iced::window;

const ICON_PNG: &[u8] = include_bytes!("../../resources/app-icon/jebi-256.png");

/// The window icon, decoded once from the PNG built into the binary.
fn icon() -> Option<window::Icon> {
    static ICON: std::sync::OnceLock<Option<window::Icon>> = std::sync::OnceLock::new();
    ICON.get_or_init(|| {
        let decoded = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png)
            .ok()?
            .into_rgba8();
        let (w, h) = decoded.dimensions();
        window::icon::from_rgba(decoded.into_raw(), w, h).ok()
    })
    .clone()
}

/// `settings` carrying Jebi's identity (every window: the main one and the composers).
pub fn with_identity(settings: window::Settings) -> window::Settings {
    window::Settings {
        icon: icon(),
        #[cfg(target_os = "linux")]
        platform_specific: window::settings::PlatformSpecific {
            application_id: crate::APP_ID.to_string(),
            ..Default::default()
        },
        ..settings
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_decodes() {
        assert!(super::icon().is_some());
    }
}
