//! Which of iced's two renderers draws the window: wgpu on a GPU, tiny-skia on the CPU.
//!
//! iced tries wgpu first and falls back to tiny-skia by itself when wgpu cannot start (no
//! error is shown). Without a GPU, wgpu would take a software adapter (Mesa's lavapipe or
//! llvmpipe, Windows' WARP), which draws slower than tiny-skia: Jebi's patch of iced_wgpu
//! refuses those unless wgpu is asked for by name (patches/iced_wgpu/JEBI-PATCH.md). Where
//! there is plainly no GPU (Linux and the BSDs with no render node of a hardware driver and
//! no NVIDIA device) the window goes straight to tiny-skia, so its start does not pay for
//! loading Vulkan and GL drivers only to refuse them.
//!
//! `JEBI_RENDERER=tiny-skia|wgpu` forces one (wgpu then takes a software adapter too);
//! iced's own `ICED_BACKEND` is honoured when Jebi's is not set.

/// Jebi's variable.
pub const VARIABLE: &str = "JEBI_RENDERER";
/// iced's variable: a comma-separated list of backends to try in order.
const ICED_VARIABLE: &str = "ICED_BACKEND";

/// What the window should ask iced for: `Ok(Some(backend))` to set `ICED_BACKEND` to,
/// `Ok(None)` to leave iced's own order (wgpu, then tiny-skia), `Err` for a `JEBI_RENDERER`
/// that names no renderer (the choice is then made as if it were not set).
fn decide(
    jebi: Option<&str>,
    iced: Option<&str>,
    has_gpu: impl FnOnce() -> bool,
) -> (Option<&'static str>, Option<String>) {
    let mut complaint = None;
    match jebi.map(str::trim) {
        Some("tiny-skia" | "tiny_skia" | "cpu") => return (Some("tiny-skia"), None),
        Some("wgpu" | "gpu") => return (Some("wgpu"), None),
        None | Some("") => {}
        Some(other) => {
            complaint = Some(format!(
                "{VARIABLE} is \"{other}\", which names no renderer (tiny-skia or wgpu); \
                 choosing one by itself"
            ))
        }
    }
    if iced.is_some_and(|v| !v.trim().is_empty()) {
        return (None, complaint);
    }
    if !has_gpu() {
        return (Some("tiny-skia"), complaint);
    }
    (None, complaint)
}

/// Whether this machine may have a GPU worth trying. On Linux and the BSDs a GPU shows as a
/// DRM render node (`/sys/class/drm/renderD*`) with its kernel driver, or as NVIDIA's
/// `/dev/nvidia0`; elsewhere (macOS, Windows) there is always a graphics API to ask.
fn has_gpu() -> bool {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return true;
    }
    let drivers: Vec<String> = std::fs::read_dir("/sys/class/drm")
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("renderD"))
                .filter_map(|e| std::fs::read_link(e.path().join("device/driver")).ok())
                .filter_map(|driver| Some(driver.file_name()?.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    real_gpu(&drivers) || std::path::Path::new("/dev/nvidia0").exists()
}

/// Whether any of these render nodes' kernel drivers drives real graphics hardware. A virtual
/// machine's display adapters (virtio-gpu, VMware's, QEMU's) mostly end up on Mesa's software
/// renderers, and probing them is not free: Mesa's LLVM stays loaded after wgpu refuses the
/// adapter (about 50 MB more resident memory, measured here), so those go straight to
/// tiny-skia too (`JEBI_RENDERER=wgpu` still tries them).
fn real_gpu(drivers: &[String]) -> bool {
    const VIRTUAL: &[&str] = &[
        "virtio_gpu",
        "virtio-gpu",
        "vmwgfx",
        "vkms",
        "vgem",
        "qxl",
        "bochs-drm",
        "bochs",
        "cirrus",
        "cirrus-qemu",
        "hyperv_drm",
        "simpledrm",
        "vboxvideo",
    ];
    drivers.iter().any(|d| !VIRTUAL.contains(&d.as_str()))
}

/// Before the window starts (and before any other thread does): set `ICED_BACKEND` as
/// `decide` says. A `JEBI_RENDERER` naming nothing is said on stderr.
pub fn apply() {
    let jebi = std::env::var(VARIABLE).ok();
    let iced = std::env::var(ICED_VARIABLE).ok();
    let (backend, complaint) = decide(jebi.as_deref(), iced.as_deref(), has_gpu);
    if let Some(complaint) = complaint {
        eprintln!("jebi: {complaint}");
    }
    if let Some(backend) = backend {
        std::env::set_var(ICED_VARIABLE, backend);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jebi_renderer_forces_either_renderer() {
        let gpu_unasked = || panic!("no probe when a renderer is named");
        assert_eq!(
            decide(Some("tiny-skia"), None, gpu_unasked),
            (Some("tiny-skia"), None)
        );
        assert_eq!(
            decide(Some(" wgpu "), Some("tiny-skia"), gpu_unasked),
            (Some("wgpu"), None)
        );
    }

    #[test]
    fn without_a_gpu_the_window_goes_straight_to_tiny_skia() {
        assert_eq!(decide(None, None, || false), (Some("tiny-skia"), None));
        // With one, iced's own order: wgpu (a software adapter refused), then tiny-skia.
        assert_eq!(decide(None, None, || true), (None, None));
        assert_eq!(decide(Some(""), None, || true), (None, None));
    }

    #[test]
    fn only_hardware_drivers_count_as_a_gpu() {
        let names = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(!real_gpu(&[]));
        assert!(
            !real_gpu(&names(&["virtio_gpu"])),
            "a VM's adapter: Mesa's software path"
        );
        assert!(!real_gpu(&names(&["vmwgfx", "vkms"])));
        assert!(real_gpu(&names(&["i915"])));
        assert!(
            real_gpu(&names(&["virtio_gpu", "amdgpu"])),
            "a passed-through GPU"
        );
    }

    #[test]
    fn iceds_own_variable_is_honoured_when_jebis_is_not_set() {
        assert_eq!(decide(None, Some("wgpu"), || false), (None, None));
    }

    #[test]
    fn a_renderer_that_does_not_exist_is_said_and_ignored() {
        let (backend, complaint) = decide(Some("vulkan"), None, || false);
        assert_eq!(backend, Some("tiny-skia"));
        let complaint = complaint.unwrap();
        assert!(complaint.contains("\"vulkan\""), "{complaint}");
        assert!(complaint.contains("tiny-skia or wgpu"), "{complaint}");
    }
}
