//! Saving an attachment into a folder the user chose: the file name is made safe (no path
//! parts, no device names, no control or bidi characters), the file never lands outside that
//! folder, and an existing file is never overwritten.

use std::path::{Path, PathBuf};

const WINDOWS_DEVICES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];
const MAX_NAME_BYTES: usize = 200;

/// A file name that is safe on Linux, macOS and Windows, derived from what the sender wrote.
pub fn safe_file_name(name: &str) -> String {
    // Only the last path component counts, whichever separator the sender used.
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut out: String = last
        .chars()
        .filter(|c| !c.is_control())
        // Bidi overrides and isolates disguise extensions ("invoice\u{202E}fdp.exe").
        .filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c => c,
        })
        .collect();
    out = out.trim().trim_end_matches(['.', ' ']).to_string();
    while out.starts_with('.') {
        out.remove(0);
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if WINDOWS_DEVICES.contains(&stem.trim()) {
        out = format!("_{out}");
    }
    if out.len() > MAX_NAME_BYTES {
        let mut cut = MAX_NAME_BYTES;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    if out.is_empty() {
        "attachment".to_string()
    } else {
        out
    }
}

/// Write `bytes` into `dir` under a safe, unused version of `name`; returns the path written.
pub fn save_into(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let safe = safe_file_name(name);
    let (stem, ext) = match safe.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (safe.clone(), String::new()),
    };
    for n in 0..1000 {
        let candidate = if n == 0 {
            dir.join(&safe)
        } else {
            dir.join(format!("{stem} ({n}){ext}"))
        };
        // create_new: never follows into an existing file (or a planted symlink).
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(bytes)?;
                f.sync_all()?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many files with this name already",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_safe() {
        assert_eq!(safe_file_name("../../x"), "x");
        assert_eq!(safe_file_name("/etc/x"), "x");
        assert_eq!(safe_file_name("C:\\x"), "x");
        assert_eq!(safe_file_name("C:x"), "C_x");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("con.txt"), "_con.txt");
        assert_eq!(safe_file_name("a\0b.txt"), "ab.txt");
        assert_eq!(safe_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(safe_file_name(".."), "attachment");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name(""), "attachment");
        assert_eq!(safe_file_name("청구서.pdf"), "청구서.pdf");
        assert!(safe_file_name(&"가".repeat(300)).len() <= MAX_NAME_BYTES);
    }

    #[test]
    fn saving_stays_inside_the_folder_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().parent().unwrap().join("x");
        let a = save_into(dir.path(), "../x", b"one").unwrap();
        let b = save_into(dir.path(), "/etc/x", b"two").unwrap();
        let c = save_into(dir.path(), "report.pdf", b"3").unwrap();
        let d = save_into(dir.path(), "report.pdf", b"4").unwrap();
        assert_eq!(a, dir.path().join("x"));
        assert_eq!(b, dir.path().join("x (1)"));
        assert_eq!(d, dir.path().join("report (1).pdf"));
        assert_eq!(std::fs::read(&c).unwrap(), b"3");
        assert!(!outside.exists() || std::fs::read(&outside).unwrap() != b"one");
        for p in [&a, &b, &c, &d] {
            assert!(p.starts_with(dir.path()));
        }
    }
}
