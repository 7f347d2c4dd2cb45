//! `jebi-window`: the window. `jebi` hands itself over to this binary when it is run with no
//! command or with a mailto: URL; it also takes every command `jebi` takes.

#[path = "../cli/mod.rs"]
mod cli;

use jebi::engine::Engine;

fn main() -> std::process::ExitCode {
    cli::main_with(window)
}

/// Open the window, or hand the request to the Jebi already running on this data directory.
fn window(engine: &Engine, url: Option<String>) -> Result<(), String> {
    use jebi::instance::{claim, Request, Start};
    let request = match url {
        Some(url) if jebi::mailto::is_mailto(&url) => Request::Mailto(url),
        Some(other) => {
            return Err(format!(
                "'{other}' is not a command or a mailto: URL (see jebi --help)"
            ))
        }
        None => Request::Show,
    };
    let start = claim(engine.data_dir(), &request);
    if matches!(start, Start::Handed) {
        return Ok(());
    }
    if let Some(why) = no_display() {
        return Err(why.to_string());
    }
    let first = matches!(request, Request::Mailto(_)).then_some(request);
    jebi::ui::run(engine.data_dir().to_path_buf(), start, first)
        .map_err(|e| format!("the window could not be opened: {e}"))
}

/// Why the window cannot open on this machine, if it plainly cannot: on Linux and the BSDs,
/// neither an X11 nor a Wayland display is set.
fn no_display() -> Option<&'static str> {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return None;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") || set("WAYLAND_SOCKET") {
        return None;
    }
    Some(
        "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window \
         cannot open; the command line works without one: see `jebi --help`",
    )
}
