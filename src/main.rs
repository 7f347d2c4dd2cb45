//! `jebi`: subcommands script the engine; with no subcommand (or a mailto: URL) it hands over
//! to `jebi-window`, installed beside it. Keeping the window's code (iced, wgpu, winit, fonts)
//! out of this binary keeps every command's start short: the dynamic loader has about a third
//! of the relocations to apply (docs/BENCHMARKS.md, "Search: start-up").

mod cli;

use std::ffi::OsString;
use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    cli::main_with(hand_over_to_window)
}

/// The window's binary: `jebi-window` beside this one.
fn window_binary() -> Result<PathBuf, String> {
    let me = std::env::current_exe()
        .map_err(|e| format!("cannot open the window: where jebi is installed is unknown: {e}"))?;
    Ok(me.with_file_name(format!("jebi-window{}", std::env::consts::EXE_SUFFIX)))
}

/// Runs `jebi-window` with this command's arguments, in this process where the system allows
/// (Unix: exec), so the window keeps its process id, terminal and exit status.
fn hand_over_to_window(_engine: &jebi::engine::Engine, _url: Option<String>) -> Result<(), String> {
    let window = window_binary()?;
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut command = std::process::Command::new(&window);
    command.args(&args);
    let missing = |e: std::io::Error| {
        format!(
            "cannot open the window: {} could not be started ({e}); it is installed beside \
             jebi: reinstalling Jebi brings it back",
            window.display()
        )
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        Err(missing(command.exec()))
    }
    #[cfg(not(unix))]
    {
        let status = command.status().map_err(missing)?;
        std::process::exit(status.code().unwrap_or(1));
    }
}
