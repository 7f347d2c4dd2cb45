use super::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 10, 10, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A loopback web server answering a fixed set of paths; returns its base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let (status, extra, body): (&str, String, Vec<u8>) = match path.as_str() {
                "/ok.png" => ("200 OK", String::new(), png(3, 2)),
                "/wide.png" => ("200 OK", String::new(), png(4000, 10)),
                "/moved" => ("302 Found", "Location: /ok.png\r\n".into(), Vec::new()),
                "/huge" => ("200 OK", String::new(), vec![0u8; 11 * 1024 * 1024]),
                "/page" => ("200 OK", String::new(), b"<html>hello</html>".to_vec()),
                _ => ("404 Not Found", String::new(), Vec::new()),
            };
            let mut stream = stream;
            let head = format!(
                "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

#[test]
fn fetches_decodes_and_refuses_in_plain_words() {
    let base = serve();
    let urls: Vec<String> = [
        "/ok.png",
        "/moved",
        "/wide.png",
        "/huge",
        "/page",
        "/gone",
        "/ok.png",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .chain(["file:///etc/passwd".to_string()])
    .collect();
    let got = fetch_images(&urls);
    assert_eq!(got.len(), 7, "duplicates are fetched once");
    let result = |p: &str| {
        got.iter()
            .find(|(u, _)| u.ends_with(p))
            .map(|(_, r)| r.clone())
            .unwrap()
    };
    let ok = result("/ok.png").unwrap();
    assert_eq!((ok.width, ok.height, ok.rgba.len()), (3, 2, 24));
    assert_eq!(&ok.rgba[..4], &[200, 10, 10, 255]);
    assert_eq!(result("/moved").unwrap().width, 3);
    assert_eq!(result("/wide.png").unwrap().width, 1600);
    assert!(result("/huge").unwrap_err().contains("larger than 10 MB"));
    assert!(result("/page").unwrap_err().contains("not a picture"));
    assert!(result("/gone").unwrap_err().contains("404"));
    assert!(result("/etc/passwd")
        .unwrap_err()
        .contains("not a web address"));
}

#[test]
fn pictures_over_the_side_limit_are_refused_before_decoding() {
    let err = decode(&png(9000, 1)).unwrap_err();
    assert!(err.to_lowercase().contains("limit"), "{err}");
}
