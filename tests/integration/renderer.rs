//! Which renderer draws the real window: tiny-skia by itself on a machine without a GPU (this
//! machine kind), wgpu when asked for by name (here on Mesa's software Vulkan), and the window
//! shows the same account form either way.

use crate::desktop::{one_at_a_time, screenshot, start_display, until};
use crate::support::Jebi;
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Opens the window with `JEBI_RENDERER` as given (None: unset) and returns the renderer its
/// startup trace names, after a screenshot of what it drew.
fn renderer_drawing(
    jebi: &Jebi,
    display: &str,
    forced: Option<&str>,
    shot: &str,
) -> (String, usize) {
    let mut cmd = jebi.cmd();
    cmd.env("DISPLAY", display)
        .env("JEBI_STARTUP_TRACE", "1")
        .env_remove("ICED_BACKEND")
        .env_remove("JEBI_RENDERER");
    if let Some(name) = forced {
        cmd.env("JEBI_RENDERER", name);
    }
    let mut app = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = lines.clone();
    let stderr = app.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            seen.lock().unwrap().push(line);
        }
    });
    let named = |lines: &[String]| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix("jebi: startup: renderer "))
            .map(str::to_string)
    };
    let drawn = until(Duration::from_secs(60), || {
        named(&lines.lock().unwrap()).is_some()
    });
    // The trace line comes before the first frame is on screen, and a software Vulkan frame
    // on a busy machine can take seconds: look again until the form shows (or 30 s pass).
    let mut n = 0;
    if drawn {
        until(Duration::from_secs(30), || {
            n = colours(&screenshot(display, shot));
            n > 100
        });
    }
    let _ = app.kill();
    let _ = app.wait();
    let lines = lines.lock().unwrap().clone();
    assert!(
        drawn,
        "no renderer named with {forced:?}; stderr: {lines:?}"
    );
    (named(&lines).unwrap(), n)
}

/// How many different colours a picture has (ImageMagick): a window that drew its form with
/// antialiased text has hundreds, a blank or black one a handful.
fn colours(picture: &std::path::Path) -> usize {
    let out = Command::new("convert")
        .arg(picture)
        .args(["-format", "%k", "info:"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn the_window_picks_its_renderer_by_itself_and_either_can_be_forced() {
    let _serial = one_at_a_time();
    let jebi = Jebi::new();
    let display = start_display();
    let gpu_node = std::fs::read_dir("/dev/dri").is_ok_and(|mut d| d.next().is_some());
    let (automatic, auto_colours) =
        renderer_drawing(&jebi, &display.name, None, "renderer-auto.png");
    if gpu_node {
        assert!(
            ["wgpu", "tiny-skia"].contains(&automatic.as_str()),
            "{automatic}"
        );
    } else {
        assert_eq!(
            automatic, "tiny-skia",
            "no GPU here: the CPU renderer, with no probe"
        );
    }
    let (forced, wgpu_colours) =
        renderer_drawing(&jebi, &display.name, Some("wgpu"), "renderer-wgpu.png");
    assert_eq!(
        forced, "wgpu",
        "JEBI_RENDERER=wgpu takes even a software adapter"
    );
    let (cpu, cpu_colours) =
        renderer_drawing(&jebi, &display.name, Some("tiny-skia"), "renderer-cpu.png");
    assert_eq!(cpu, "tiny-skia");
    for (name, n) in [
        ("automatic", auto_colours),
        ("wgpu", wgpu_colours),
        ("tiny-skia", cpu_colours),
    ] {
        assert!(
            n > 100,
            "the {name} window drew {n} colours: blank? (see target/tmp/renderer-*.png)"
        );
    }
}
