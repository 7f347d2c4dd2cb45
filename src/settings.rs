//! The person's settings (`settings.json` in the data directory): theme, language, new-mail
//! notifications, how often accounts without push are checked. The window's Settings screen
//! and `jebi settings` read and write them; a damaged file means the defaults.

use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "settings.json";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangChoice {
    #[default]
    System,
    English,
    Korean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub language: LangChoice,
    /// Desktop notifications of new mail at all (each account can also turn them off).
    pub notifications: bool,
    /// Minutes between checks of accounts that cannot push (POP3).
    pub check_every_minutes: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            theme: ThemeChoice::System,
            language: LangChoice::System,
            notifications: true,
            check_every_minutes: 10,
        }
    }
}

/// Checks every 1 to 1440 minutes.
pub const CHECK_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;

impl Settings {
    pub fn load(data_dir: &Path) -> Settings {
        let s: Settings = std::fs::read(data_dir.join(FILE_NAME))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Settings {
            check_every_minutes: s
                .check_every_minutes
                .clamp(*CHECK_MINUTES.start(), *CHECK_MINUTES.end()),
            ..s
        }
    }

    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(data_dir)?;
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::account::write_atomically(&data_dir.join(FILE_NAME), &bytes)
    }

    /// Change one setting by name, as `jebi settings set NAME VALUE` says it.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let v = value.trim().to_ascii_lowercase();
        match name {
            "theme" => {
                self.theme = match v.as_str() {
                    "system" => ThemeChoice::System,
                    "light" => ThemeChoice::Light,
                    "dark" => ThemeChoice::Dark,
                    _ => return Err(format!("theme is system, light or dark, not '{value}'")),
                }
            }
            "language" => {
                self.language = match v.as_str() {
                    "system" => LangChoice::System,
                    "english" | "en" => LangChoice::English,
                    "korean" | "ko" => LangChoice::Korean,
                    _ => return Err(format!("language is system, english or korean, not '{value}'")),
                }
            }
            "notifications" => {
                self.notifications = match v.as_str() {
                    "on" | "true" | "yes" => true,
                    "off" | "false" | "no" => false,
                    _ => return Err(format!("notifications is on or off, not '{value}'")),
                }
            }
            "check-every-minutes" => {
                self.check_every_minutes = v
                    .parse::<u32>()
                    .ok()
                    .filter(|m| CHECK_MINUTES.contains(m))
                    .ok_or_else(|| format!("check-every-minutes is a number from 1 to 1440, not '{value}'"))?
            }
            _ => {
                return Err(format!(
                    "there is no setting '{name}' (theme, language, notifications, check-every-minutes)"
                ))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_refuse_nonsense() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
        let mut s = Settings::default();
        s.set("theme", "Dark").unwrap();
        s.set("language", "ko").unwrap();
        s.set("notifications", "off").unwrap();
        s.set("check-every-minutes", "5").unwrap();
        s.save(dir.path()).unwrap();
        let back = Settings::load(dir.path());
        assert_eq!(back, s);
        assert_eq!(back.theme, ThemeChoice::Dark);
        assert!(s
            .set("theme", "pink")
            .unwrap_err()
            .contains("system, light or dark"));
        assert!(s.set("check-every-minutes", "0").is_err());
        assert!(s
            .set("font", "big")
            .unwrap_err()
            .contains("no setting 'font'"));
        std::fs::write(dir.path().join(FILE_NAME), b"{ broken").unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
    }
}
