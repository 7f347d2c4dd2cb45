//! `jebi search` read without building clap's whole command tree.
//!
//! A search is a short command that scripts and editors run once per keystroke or query, and
//! clap spends about 0.2 ms building every subcommand's definition before it looks at the
//! arguments. The plainest spellings of a search (`[--data-dir DIR] search QUERY [--account A]
//! [--limit N] [--json]`, each option once, in any order) are read here into the same `Args`
//! that clap would give; anything else (help, `--opt=value`, a value that starts with `-`, a
//! repeated option, `--`, other commands) is left to clap, so its answers and errors stay the
//! only ones. The tests hold the two readers to the same result.

use super::{Args, Command};
use std::ffi::OsString;
use std::path::PathBuf;

/// The arguments after the program name, as clap would read them, when they are a plain
/// search; `None` for anything else.
pub fn plain_search(args: &[OsString]) -> Option<Args> {
    let mut words = args.iter().map(|a| a.to_str());
    let mut data_dir = None;
    let mut query = None;
    let mut account = None;
    let mut limit = None;
    let mut json = false;
    let mut in_search = false;
    while let Some(word) = words.next() {
        let word = word?;
        match word {
            // clap refuses an empty path.
            "--data-dir" => {
                let dir = value(words.next()).filter(|d| !d.is_empty())?;
                set_once(&mut data_dir, PathBuf::from(dir))?
            }
            "search" if !in_search => in_search = true,
            "--account" if in_search => set_once(&mut account, value(words.next())?.to_string())?,
            "--limit" if in_search => set_once(&mut limit, number(value(words.next())?)?)?,
            "--json" if in_search && !json => json = true,
            _ if in_search && !word.starts_with('-') => set_once(&mut query, word.to_string())?,
            _ => return None,
        }
    }
    Some(Args {
        data_dir,
        command: Some(Command::Search {
            query: query?,
            account,
            limit: limit.unwrap_or(50),
            json,
        }),
    })
}

/// An option's value: present, and not something clap could read as another option.
fn value(word: Option<Option<&str>>) -> Option<&str> {
    word.flatten().filter(|v| !v.starts_with('-'))
}

/// A plain decimal count (clap reads the same digits the same way).
fn number(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Fill `slot` the first time; a second time gives up (clap reports the repetition).
fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn argv(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    /// What clap makes of the same words, as text (`Args` has no `PartialEq`).
    fn by_clap(words: &[OsString]) -> Option<String> {
        let full = std::iter::once(OsString::from("jebi")).chain(words.iter().cloned());
        Args::try_parse_from(full).ok().map(|a| format!("{a:?}"))
    }

    #[test]
    fn plain_searches_are_read_as_clap_reads_them() {
        for words in [
            &["search", "invoice"][..],
            &["search", "invoice", "--json"],
            &[
                "--data-dir",
                "/tmp/d",
                "search",
                "quarterly report",
                "--json",
                "--limit",
                "50",
            ],
            &[
                "search",
                "--limit",
                "007",
                "alice@example.com",
                "--data-dir",
                "d",
            ],
            &[
                "search",
                "--account",
                "work",
                "from:bob is:unread",
                "--json",
            ],
            &["search", "회의", "--limit", "0"],
            &["search", ""],
            &["search", "search"],
            &["search", "--json", "x", "--account", "search"],
        ] {
            let words = argv(words);
            let quick = plain_search(&words).map(|a| format!("{a:?}"));
            assert!(quick.is_some(), "{words:?} should be read here");
            assert_eq!(quick, by_clap(&words), "{words:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_clap() {
        for words in [
            &[][..],
            &["--version"],
            &["search", "--help"],
            &["search"],
            &["search", "a", "b"],
            &["search", "--json", "--json", "x"],
            &["search", "x", "--limit", "ten"],
            &["search", "x", "--limit", "-1"],
            &["search", "x", "--limit=5"],
            &["search", "x", "--account"],
            &["search", "--", "-x"],
            &["search", "-x"],
            &["--data-dir", "a", "--data-dir", "b", "search", "x"],
            &["--json", "search", "x"],
            &["list", "--json"],
            &["mailto:someone@example.com"],
        ] {
            assert!(plain_search(&argv(words)).is_none(), "{words:?}");
        }
    }

    /// Random mixtures of a search's words: whenever they are read here, clap reads them the
    /// same way (and never rejects them).
    #[test]
    fn random_arguments_read_here_agree_with_clap() {
        let pool = [
            "search",
            "--json",
            "--limit",
            "--account",
            "--data-dir",
            "5",
            "12",
            "x",
            "-x",
            "--",
            "a b",
            "회의",
            "--help",
            "list",
            "--limit=3",
            "",
        ];
        let mut rng = fastrand::Rng::with_seed(15);
        let mut read_here = 0;
        for _ in 0..4000 {
            let n = rng.usize(1..8);
            let mut words: Vec<OsString> = (0..n)
                .map(|_| OsString::from(pool[rng.usize(..pool.len())]))
                .collect();
            if rng.u8(..4) > 0 {
                // Most mixtures name the command, where clap would look for it.
                let at = rng.usize(..=words.len().min(2));
                words.insert(at, OsString::from("search"));
            }
            if let Some(args) = plain_search(&words) {
                read_here += 1;
                assert_eq!(Some(format!("{args:?}")), by_clap(&words), "{words:?}");
            }
        }
        assert!(
            read_here > 100,
            "only {read_here} mixtures were plain searches"
        );
    }
}
