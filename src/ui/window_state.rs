//! What the window remembers between runs: its size and the last folder. A damaged file is
//! ignored (defaults are used) and replaced on the next save.

use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "window.json";

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowState {
    pub width: f32,
    pub height: f32,
    pub folder_id: Option<i64>,
    /// Share of the width taken by the folder tree, and of the rest by the message list.
    pub folders_ratio: f32,
    pub list_ratio: f32,
    /// The list shows one row per conversation.
    pub conversations: bool,
}

impl Default for WindowState {
    fn default() -> Self {
        WindowState {
            width: 1200.0,
            height: 760.0,
            folder_id: None,
            folders_ratio: 0.2,
            list_ratio: 0.4,
            conversations: false,
        }
    }
}

impl WindowState {
    pub fn load(data_dir: &Path) -> WindowState {
        let read = std::fs::read(data_dir.join(FILE_NAME)).ok();
        let state: WindowState = read
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        // A size from a bigger screen or a broken file must still give a usable window.
        WindowState {
            width: state.width.clamp(480.0, 10_000.0),
            height: state.height.clamp(320.0, 10_000.0),
            folders_ratio: state.folders_ratio.clamp(0.05, 0.6),
            list_ratio: state.list_ratio.clamp(0.1, 0.9),
            ..state
        }
    }

    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::account::write_atomically(&data_dir.join(FILE_NAME), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(WindowState::load(dir.path()), WindowState::default());
        let s = WindowState {
            width: 900.0,
            height: 600.0,
            folder_id: Some(7),
            folders_ratio: 0.25,
            list_ratio: 0.5,
            conversations: true,
        };
        s.save(dir.path()).unwrap();
        assert_eq!(WindowState::load(dir.path()), s);
        std::fs::write(dir.path().join(FILE_NAME), b"{\"width\": \"wide\"").unwrap();
        assert_eq!(WindowState::load(dir.path()), WindowState::default());
        std::fs::write(
            dir.path().join(FILE_NAME),
            b"{\"width\": 5, \"height\": 1e9}",
        )
        .unwrap();
        let clamped = WindowState::load(dir.path());
        assert_eq!((clamped.width, clamped.height), (480.0, 10_000.0));
    }
}
