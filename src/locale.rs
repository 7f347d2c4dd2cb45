//! The language people read Jebi in, and where they read it (window or command line).
//!
//! The window follows the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`): Korean for `ko*`,
//! English otherwise. The command line stays English unless `JEBI_LANG=ko` (scripts read its
//! error lines). Sentences that tell the user what to do differ by surface: the window names
//! its buttons and fields, the command line its flags.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    English,
    Korean,
}

/// Where a sentence is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Window,
    Cli,
}

static CURRENT: OnceLock<(Lang, Surface)> = OnceLock::new();

/// Pick the language from locale variables, first set one wins (as POSIX does).
pub fn lang_from(vars: &[Option<String>]) -> Lang {
    let value = vars
        .iter()
        .flatten()
        .find(|v| !v.is_empty())
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    if value.starts_with("ko") {
        Lang::Korean
    } else {
        Lang::English
    }
}

fn env(keys: &[&str]) -> Vec<Option<String>> {
    keys.iter().map(|k| std::env::var(k).ok()).collect()
}

/// The window: its language from the environment at start-up; [`set_lang`] changes it later
/// (the Settings screen).
pub fn init_window() {
    let _ = CURRENT.set((system_lang(), Surface::Window));
}

/// The language the environment asks for (`JEBI_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn system_lang() -> Lang {
    lang_from(&env(&["JEBI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]))
}

/// A language chosen in Settings, over the one of the start (0: none chosen).
static CHOSEN: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Speak `lang` from now on (None: the environment's again).
pub fn set_lang(lang: Option<Lang>) {
    let code = match lang {
        None => 0,
        Some(Lang::English) => 1,
        Some(Lang::Korean) => 2,
    };
    CHOSEN.store(code, std::sync::atomic::Ordering::Relaxed);
}

/// The command line: English unless `JEBI_LANG` asks for Korean.
pub fn init_cli() {
    let _ = CURRENT.set((lang_from(&env(&["JEBI_LANG"])), Surface::Cli));
}

/// A count as people read it: 5000 as "5,000" (English and Korean group digits alike).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
thread_local! {
    /// A test's language and surface, for this thread only (tests run side by side).
    static TEST: std::cell::Cell<Option<(Lang, Surface)>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with sentences in `lang` for the window on this thread (tests only).
#[cfg(test)]
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    with(lang, Surface::Window, f)
}

/// Runs `f` with sentences in `lang` for `surface` on this thread (tests only).
#[cfg(test)]
pub fn with<T>(lang: Lang, surface: Surface, f: impl FnOnce() -> T) -> T {
    let before = TEST.with(|l| l.replace(Some((lang, surface))));
    let out = f();
    TEST.with(|l| l.set(before));
    out
}

fn current() -> (Lang, Surface) {
    #[cfg(test)]
    if let Some(chosen) = TEST.with(std::cell::Cell::get) {
        return chosen;
    }
    let (lang, surface) = CURRENT
        .get()
        .copied()
        .unwrap_or((Lang::English, Surface::Cli));
    match CHOSEN.load(std::sync::atomic::Ordering::Relaxed) {
        1 => (Lang::English, surface),
        2 => (Lang::Korean, surface),
        _ => (lang, surface),
    }
}

/// The language sentences are made in now.
pub fn lang() -> Lang {
    current().0
}

/// `english` or `korean`, whichever the language now is.
pub fn pick<T>(english: T, korean: T) -> T {
    match lang() {
        Lang::English => english,
        Lang::Korean => korean,
    }
}

/// Where sentences are shown now.
pub fn surface() -> Surface {
    current().1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_marks() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(312), "312");
        assert_eq!(grouped(5000), "5,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }

    #[test]
    fn korean_locales_choose_korean() {
        let v = |s: &str| Some(s.to_string());
        assert_eq!(lang_from(&[v("ko_KR.UTF-8")]), Lang::Korean);
        assert_eq!(lang_from(&[None, v(""), v("ko")]), Lang::Korean);
        assert_eq!(lang_from(&[v("en_US.UTF-8"), v("ko_KR")]), Lang::English);
        assert_eq!(lang_from(&[None, None]), Lang::English);
    }
}
