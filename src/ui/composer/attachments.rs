//! Files attached in the composer: read off the UI thread (picked or dropped), shown with their
//! size, handed to the engine as they were read.

use crate::mime::AttachmentSource;
use std::path::PathBuf;
use std::sync::Arc;

/// Largest file Jebi attaches (servers refuse far smaller messages; this only keeps a stray
/// disk image from filling memory).
pub const MAX_FILE: u64 = 512 * 1024 * 1024;

/// One attached file, its bytes shared (the view and a send in progress use the same copy).
#[derive(Clone)]
pub struct Attached {
    pub name: String,
    pub content_type: Option<String>,
    pub bytes: Arc<Vec<u8>>,
}

impl std::fmt::Debug for Attached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attached({}, {} bytes)", self.name, self.bytes.len())
    }
}

impl Attached {
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn from_source(source: AttachmentSource) -> Attached {
        Attached {
            name: source.name,
            content_type: source.content_type,
            bytes: Arc::new(source.bytes),
        }
    }

    /// What the engine sends (the bytes copied here, off the UI thread).
    pub fn to_source(&self) -> AttachmentSource {
        AttachmentSource {
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            bytes: self.bytes.as_ref().clone(),
        }
    }
}

/// A size as people read it: bytes, KB or MB.
pub fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} KB", (n as f64 / 1024.0).max(1.0)),
        n => format!("{n} bytes"),
    }
}

/// Read files to attach (each result in the order given; an error says which file and why).
pub async fn read_files(paths: Vec<PathBuf>) -> Vec<Result<Attached, String>> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        out.push(read_one(path).await);
    }
    out
}

async fn read_one(path: PathBuf) -> Result<Attached, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let shown = path.display().to_string();
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|e| super::super::strings::t().cannot_attach(&shown, &e.to_string()))?;
    if meta.is_dir() {
        return Err(super::super::strings::t().folder_not_attached(&shown));
    }
    if meta.len() > MAX_FILE {
        return Err(super::super::strings::t().file_too_big(&shown, &human_size(meta.len())));
    }
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| super::super::strings::t().cannot_attach(&shown, &e.to_string()))?;
    Ok(Attached {
        content_type: None,
        name,
        bytes: Arc::new(bytes),
    })
}

impl super::Composer {
    /// Bytes of the attached files and a message forwarded as attachment.
    pub fn attachments_size(&self) -> u64 {
        let files: u64 = self.attachments.iter().map(Attached::size).sum();
        files + self.forwarded_size().unwrap_or(0)
    }

    /// The attachments as sent: base64 (4 bytes for every 3, and line ends), a little for
    /// their headers and the message's.
    fn encoded_attachments(&self) -> u64 {
        self.attachments_size().div_ceil(3) * 4 * 78 / 76 + 2048
    }

    /// The size of the message as it would be sent, near enough: the encoded attachments and
    /// the body.
    pub fn sending_size(&self) -> u64 {
        let body: u64 = match &self.pending_body {
            Some(b) => b.len() as u64,
            None => self.body.lines().map(|l| l.text.len() as u64 + 1).sum(),
        };
        self.encoded_attachments() + body
    }

    /// Attachments making the message bigger than the server takes: (its size, the limit).
    /// The body is counted only when the attachments alone fit (it is long only in rare mail,
    /// and this runs with every frame).
    pub fn over_size_limit(&self) -> Option<(u64, u64)> {
        let limit = self.size_limit?;
        if self.attachments_size() == 0 {
            return None;
        }
        let size = match self.encoded_attachments() {
            over if over > limit => over,
            _ => self.sending_size(),
        };
        (size > limit).then_some((size, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1000), "1000 bytes");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(12_900), "13 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 1024 * 512), "3.5 MB");
    }

    #[tokio::test]
    async fn files_are_read_and_folders_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("청구서.pdf");
        std::fs::write(&file, vec![7u8; 2048]).unwrap();
        let read = read_files(vec![
            file,
            dir.path().to_path_buf(),
            dir.path().join("gone"),
        ])
        .await;
        let first = read[0].as_ref().unwrap();
        assert_eq!((first.name.as_str(), first.size()), ("청구서.pdf", 2048));
        assert!(read[1].as_ref().unwrap_err().contains("is a folder"));
        assert!(read[2].as_ref().unwrap_err().contains("gone"));
    }
}
