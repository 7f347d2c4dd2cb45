//! What a person sees when something goes wrong outside Jebi's own error handling: a panic
//! anywhere (one plain sentence on stderr; the details and a backtrace in a crash log). A
//! missing display is said in src/bin/jebi-window.rs.

use std::path::{Path, PathBuf};

/// Where a crash is written: the data directory's `crash.log`.
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("crash.log")
}

/// From now on a panic prints one sentence naming the crash log, and writes what happened
/// there (appended; the data directory is made if needed). Never the message's contents:
/// panic messages in Jebi name states, not mail or passwords.
pub fn install_hook(data_dir: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied());
        if message.is_some_and(printed_into_a_closed_pipe) {
            // `jebi search ... | head`: the reader has what it wanted and went away. Not a
            // bug: end at once, quietly, the way a command killed by SIGPIPE does.
            std::process::exit(CLOSED_PIPE_EXIT);
        }
        let path = log_path(&data_dir);
        let backtrace = std::backtrace::Backtrace::force_capture();
        let when = chrono::Local::now().format("%Y-%m-%d %H:%M:%S %z");
        let entry = format!(
            "---- {when}, jebi {}\n{info}\n{backtrace}\n",
            env!("CARGO_PKG_VERSION")
        );
        let written = std::fs::create_dir_all(&data_dir).and_then(|_| {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?
                .write_all(entry.as_bytes())
        });
        match written {
            Ok(()) => eprintln!(
                "jebi: something went wrong inside Jebi and it has to stop (a bug; your mail \
                 and settings are safe). What happened was written to {}: please attach it \
                 to a bug report.",
                path.display()
            ),
            Err(_) => eprintln!(
                "jebi: something went wrong inside Jebi and it has to stop (a bug; your mail \
                 and settings are safe). What happened: {info}"
            ),
        }
    }));
}

/// The exit status after the reader of Jebi's output went away: 141 (128 + SIGPIPE), what a
/// shell reports for a command that a closed pipe ended.
pub const CLOSED_PIPE_EXIT: i32 = 141;

/// Whether a panic message is std's for a print to stdout or stderr whose reader has gone
/// (EPIPE on Unix, ERROR_NO_DATA on Windows): the rest of the output has nowhere to go.
fn printed_into_a_closed_pipe(message: &str) -> bool {
    let printing = message.starts_with("failed printing to stdout")
        || message.starts_with("failed printing to stderr");
    let closed = if cfg!(windows) {
        message.contains("(os error 232)")
    } else {
        message.contains("(os error 32)")
    };
    printing && closed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_into_a_closed_pipe_is_told_from_a_bug() {
        let closed = if cfg!(windows) { 232 } else { 32 };
        let broken = format!(
            "failed printing to stdout: {}",
            std::io::Error::from_raw_os_error(closed)
        );
        assert!(printed_into_a_closed_pipe(&broken), "{broken}");
        assert!(printed_into_a_closed_pipe(
            &broken.replace("stdout", "stderr")
        ));
        // Another print failure (a full disk behind a redirect) is still reported.
        let full = format!(
            "failed printing to stdout: {}",
            std::io::Error::from_raw_os_error(28)
        );
        assert!(!printed_into_a_closed_pipe(&full), "{full}");
        assert!(!printed_into_a_closed_pipe(
            "index out of bounds (os error 32)"
        ));
    }

    #[test]
    fn the_crash_log_lives_in_the_data_directory() {
        assert_eq!(
            log_path(Path::new("/data/jebi")),
            PathBuf::from("/data/jebi/crash.log")
        );
    }
}
