//! Leaving a mailing list with RFC 8058's one click: one POST of `List-Unsubscribe=One-Click`
//! to the list's https address, no cookies, no page shown. The other ways (a web page, a mail)
//! are the window's and the command line's to offer.

use super::Failure;
use std::time::Duration;

/// POST the one-click form to `url` (https only). The server's status on success.
pub async fn one_click(url: String) -> Result<u16, Failure> {
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Err(Failure::Config(
            "A one-click unsubscribe goes only to an https address.".into(),
        ));
    }
    tokio::task::spawn_blocking(move || post(&url))
        .await
        .map_err(|e| Failure::Internal(e.to_string()))?
}

fn post(url: &str) -> Result<u16, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        // RFC 8058: the POST must not be redirected to another request silently.
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .post(url)
        .content_type("application/x-www-form-urlencoded")
        .send("List-Unsubscribe=One-Click")
        .map_err(|e| {
            Failure::Config(unsubscribe_failed(&super::explain::web_failure(
                &e.to_string(),
            )))
        })?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(status)
    } else {
        Err(Failure::Config(unsubscribe_failed(
            &super::explain::web_failure(&format!("http status: {status}")),
        )))
    }
}

fn unsubscribe_failed(why: &str) -> String {
    crate::locale::pick(
        format!("The unsubscribe request failed ({why}). Try again later, or open the list's web page."),
        format!("수신 거부 요청이 실패했습니다({why}). 나중에 다시 시도하거나 목록의 웹 페이지를 여세요."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};

    /// A one-request web server on loopback (plain http: the test calls `post` directly).
    fn serve(status: &'static str) -> (String, std::thread::JoinHandle<String>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/u/42", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut stream = stream;
            write!(stream, "HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n").unwrap();
            head + &String::from_utf8_lossy(&body)
        });
        (url, handle)
    }

    #[test]
    fn the_one_click_post_carries_the_form_and_reads_the_status() {
        let (url, server) = serve("200 OK");
        assert_eq!(post(&url).unwrap(), 200);
        let request = server.join().unwrap();
        assert!(request.starts_with("POST /u/42 HTTP/1.1"), "{request}");
        assert!(request
            .to_ascii_lowercase()
            .contains("content-type: application/x-www-form-urlencoded"));
        assert!(request.ends_with("List-Unsubscribe=One-Click"), "{request}");

        let (url, server) = serve("500 Internal Server Error");
        let e = post(&url).unwrap_err().to_string();
        server.join().unwrap();
        assert!(
            e.contains("The unsubscribe request failed") && e.contains("500"),
            "{e}"
        );
    }

    #[test]
    fn only_https_gets_a_one_click_post() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let e = rt
            .block_on(one_click("http://list.example/u".into()))
            .unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
    }
}
