//! Remote images of an HTML mail, fetched only when the user asks for them for that message.
//!
//! Blocking (run it off the UI thread). Every fetch is bounded: `http`/`https` only, a few
//! redirects, a time limit, a size limit, and decoding refuses huge pictures before allocating them.
//! No cookies are kept and nothing identifies the user beyond the request itself.

use std::io::Cursor;
use std::time::Duration;

/// Largest image body downloaded.
pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// Images fetched per message at most (the rest stay blocked).
pub const MAX_IMAGES: usize = 64;
/// Largest decoded side in pixels.
const MAX_SIDE: u32 = 8192;
/// Pictures wider than this are scaled down to it (a reader pane is never wider).
const SHOWN_WIDTH: u32 = 1600;
/// Fetches running at once.
const PARALLEL: usize = 4;

/// A decoded picture, RGBA8, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// What became of one image: its URL and the picture or the reason in plain words.
pub type Fetched = (String, Result<Picture, String>);

/// Fetches and decodes the given images (at most [`MAX_IMAGES`], duplicates once), a few at a time.
pub fn fetch_images(urls: &[String]) -> Vec<Fetched> {
    let mut unique: Vec<&String> = Vec::new();
    for url in urls {
        if !unique.contains(&url) && unique.len() < MAX_IMAGES {
            unique.push(url);
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .max_redirects(5)
        .build()
        .into();
    let mut out = Vec::with_capacity(unique.len());
    for chunk in unique.chunks(PARALLEL) {
        std::thread::scope(|scope| {
            let running: Vec<_> = chunk
                .iter()
                .map(|url| {
                    let agent = agent.clone();
                    scope.spawn(move || (url.to_string(), fetch_one(&agent, url)))
                })
                .collect();
            for handle in running {
                if let Ok(done) = handle.join() {
                    out.push(done);
                }
            }
        });
    }
    out
}

fn fetch_one(agent: &ureq::Agent, url: &str) -> Result<Picture, String> {
    let lower = url.to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return Err("not a web address".into());
    }
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| crate::engine::explain::web_failure(&e.to_string()))?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_IMAGE_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => {
                format!("larger than {} MB", MAX_IMAGE_BYTES >> 20)
            }
            e => e.to_string(),
        })?;
    decode(&bytes)
}

/// Decodes PNG, JPEG, GIF or WebP bytes, refusing pictures over 8192 pixels a side, and scales
/// wide ones down to the reader's width.
pub fn decode(bytes: &[u8]) -> Result<Picture, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    if reader.format().is_none() {
        return Err("not a picture Jebi can show".into());
    }
    let mut picture = reader.decode().map_err(|e| e.to_string())?;
    if picture.width() > SHOWN_WIDTH {
        let height = (u64::from(picture.height()) * u64::from(SHOWN_WIDTH)
            / u64::from(picture.width()))
        .max(1) as u32;
        picture = picture.resize_exact(SHOWN_WIDTH, height, image::imageops::FilterType::Triangle);
    }
    let rgba = picture.to_rgba8();
    Ok(Picture {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

#[cfg(test)]
mod tests;
