//! Helpers for end-to-end tests of the real window: a private Xvfb display, xdotool, waiting.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Display {
    xvfb: Child,
    pub name: String,
}

impl Drop for Display {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock (SIGKILL left them behind, and after
        // 60 runs every display number looked taken); `stale_display` cleans up after a kill.
        let _ = Command::new("kill")
            .args(["-s", "TERM", &self.xvfb.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.xvfb.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

pub fn require(bin: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {bin}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "{bin} is missing: install it with: apt-get install -y {package}"
    );
}

/// A display left behind by a killed Xvfb (its lock names a process that is gone): its socket
/// and lock are removed so the number can be used again. False while its server runs.
fn stale_display(n: u32) -> bool {
    let lock = format!("/tmp/.X{n}-lock");
    let pid = std::fs::read_to_string(&lock)
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok());
    let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
    if alive {
        return false;
    }
    let _ = std::fs::remove_file(&lock);
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
    true
}

pub fn start_display() -> Display {
    require("Xvfb", "xvfb");
    require("xdotool", "xdotool");
    for n in 140..200 {
        if std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !stale_display(n) {
            continue;
        }
        let xvfb = Command::new("Xvfb")
            .args([
                format!(":{n}"),
                "-screen".into(),
                "0".into(),
                "1280x800x24".into(),
                "-nolisten".into(),
                "tcp".into(),
                // An X server resets when its last client leaves; a client arriving during the
                // reset is refused. The readiness check below is such a last client, and the
                // app then stopped in "Create event loop" (XOpenDisplayFailed).
                "-noreset".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Ready when a client can talk to it: the socket file alone may be a stale one left by
        // the previous test's server on this number (seen under load: the app then failed to
        // connect and stopped with "Create event loop").
        let name = format!(":{n}");
        let mut xvfb = xvfb;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(xvfb.try_wait(), Ok(Some(_))) {
                break;
            }
            if on_display(&name, "xdotool", &["getdisplaygeometry"]) {
                // The server that answered must be ours, still running a moment later (another
                // server on this number may be the one that answered).
                std::thread::sleep(Duration::from_millis(200));
                if matches!(xvfb.try_wait(), Ok(None))
                    && on_display(&name, "xdotool", &["getdisplaygeometry"])
                {
                    return Display { xvfb, name };
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = xvfb.kill();
        let _ = xvfb.wait();
    }
    panic!("Xvfb did not start");
}

pub fn xdotool(display: &str, args: &[&str]) -> bool {
    on_display(display, "xdotool", args)
}

/// Run `program args` on the display, quietly; whether it succeeded.
pub fn on_display(display: &str, program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

pub fn until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// Give the window X keyboard focus (there is no window manager under Xvfb to do it).
pub fn focus_window(display: &str, title: &str) -> bool {
    let out = Command::new("xdotool")
        .args(["search", "--name", title])
        .env("DISPLAY", display)
        .output();
    let Some(id) = out.ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .map(str::to_string)
    }) else {
        return false;
    };
    xdotool(display, &["windowfocus", "--sync", &id])
}

/// A screenshot of the whole display into `CARGO_TARGET_TMPDIR/name`.
pub fn screenshot(display: &str, name: &str) -> std::path::PathBuf {
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", display)
        .status();
    shot
}

/// End-to-end window tests run one at a time (their own displays, input methods and CPU).
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `jebi` window (tiny-skia) on the display, with extra environment; stderr as asked.
pub fn open_window(
    jebi: &crate::support::Jebi,
    display: &str,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> Child {
    let mut cmd = jebi.cmd();
    cmd.env("DISPLAY", display).env("ICED_BACKEND", "tiny-skia");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::null()).stderr(stderr).spawn().unwrap()
}

/// The window id of the first window whose name matches `pattern`.
pub fn window_id(display: &str, pattern: &str) -> Option<String> {
    let out = Command::new("xdotool")
        .args(["search", "--name", pattern])
        .env("DISPLAY", display)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(str::to_string)
}
