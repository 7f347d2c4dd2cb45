use super::*;
use crate::mime::{attachment_bytes, MAX_ATTACHMENTS};

fn addr(name: Option<&str>, email: &str) -> Address {
    Address {
        name: name.map(str::to_owned),
        email: email.to_owned(),
    }
}

#[test]
fn utf8_message_with_q_and_b_encoded_headers() {
    let raw = "Message-ID: <abc@example.com>\r\n\
In-Reply-To: <parent@example.com>\r\n\
References: <root@example.com>\r\n <parent@example.com>\r\n\
Subject: =?utf-8?q?Caf=C3=A9_d=C3=A9j=C3=A0?= / =?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?=\r\n\
From: =?utf-8?q?Ren=C3=A9?= <rene@example.fr>\r\n\
To: a@example.com, \"B, Person\" <b@example.com>\r\n\
Cc: c@example.com\r\n\
Reply-To: list@example.com\r\n\
Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Grüße aus Köln\r\n";
    let msg = parse(raw.as_bytes());
    assert!(!msg.raw_fallback);
    assert_eq!(msg.message_id.as_deref(), Some("abc@example.com"));
    assert_eq!(msg.in_reply_to.as_deref(), Some("parent@example.com"));
    assert_eq!(msg.references, ["root@example.com", "parent@example.com"]);
    assert_eq!(msg.subject, "Café déjà / 日本語の件名");
    assert_eq!(msg.from, [addr(Some("René"), "rene@example.fr")]);
    assert_eq!(
        msg.to,
        [
            addr(None, "a@example.com"),
            addr(Some("B, Person"), "b@example.com")
        ]
    );
    assert_eq!(msg.cc, [addr(None, "c@example.com")]);
    assert_eq!(msg.reply_to, [addr(None, "list@example.com")]);
    assert_eq!(msg.date, Some(1_057_049_557));
    assert_eq!(msg.text_body.as_deref(), Some("Grüße aus Köln\r\n"));
    assert_eq!(msg.html_body, None);
    assert!(msg.attachments.is_empty());
}

#[test]
fn euc_kr_subject_and_body() {
    let mut raw = b"Subject: =?EUC-KR?B?waa68SC43sDPIMXXvbrGrg==?=\n\
From: =?ks_c_5601-1987?B?waa68Q==?= <jebi@example.kr>\n\
Date: Mon, 3 Mar 2025 09:00:00 +0900\n\
Content-Type: text/plain; charset=EUC-KR\n\
Content-Transfer-Encoding: 8bit\n\n"
        .to_vec();
    raw.extend_from_slice(
        b"\xbe\xc8\xb3\xe7\xc7\xcf\xbc\xbc\xbf\xe4, \xc1\xa6\xba\xf1\xc0\xd4\xb4\xcf\xb4\xd9.\n",
    );
    let msg = parse(&raw);
    assert_eq!(msg.subject, "제비 메일 테스트");
    assert_eq!(msg.from, [addr(Some("제비"), "jebi@example.kr")]);
    assert_eq!(msg.date, Some(1_740_960_000));
    assert_eq!(msg.text_body.as_deref(), Some("안녕하세요, 제비입니다.\n"));
}

#[test]
fn euc_kr_base64_body_in_multipart() {
    let raw = b"Subject: x\nContent-Type: multipart/mixed; boundary=B\n\n--B\n\
Content-Type: text/plain; charset=\"euc-kr\"\nContent-Transfer-Encoding: base64\n\n\
vsiz58fPvLy/5A==\n--B--\n";
    assert_eq!(parse(raw).text_body.as_deref(), Some("안녕하세요"));
}

#[test]
fn alternative_gives_both_text_and_html() {
    let raw = b"Subject: alt\nContent-Type: multipart/alternative; boundary=\"=_b\"\n\n\
--=_b\nContent-Type: text/plain; charset=us-ascii\n\nplain version\n\
--=_b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\
<p>html <b>version</b> =E2=9C=93</p>\n--=_b--\n";
    let msg = parse(raw);
    assert_eq!(msg.text_body.as_deref(), Some("plain version"));
    assert_eq!(
        msg.html_body.as_deref(),
        Some("<p>html <b>version</b> ✓</p>")
    );
    assert!(msg.attachments.is_empty());
    assert_eq!(searchable_text(&msg, 1000), "plain version");
}

#[test]
fn html_only_message_has_no_text_body_and_indexes_html_as_text() {
    let raw = b"Subject: h\nContent-Type: text/html\n\n<html><head><style>x{}</style></head><body><p>Hi &amp; bye</p></body></html>";
    let msg = parse(raw);
    assert_eq!(msg.text_body, None);
    assert!(msg
        .html_body
        .as_deref()
        .is_some_and(|h| h.contains("<p>Hi &amp; bye</p>")));
    assert_eq!(searchable_text(&msg, 1000), "Hi & bye");
}

#[test]
fn missing_content_type_and_bare_lf_is_plain_text() {
    let msg = parse(b"Subject: bare\nFrom: a@b.c\n\nline one\nline two\n");
    assert_eq!(msg.subject, "bare");
    assert_eq!(msg.text_body.as_deref(), Some("line one\nline two\n"));
}

#[test]
fn header_only_and_empty_body_messages() {
    let msg = parse(b"Subject: only headers\nFrom: a@b.c");
    assert!(!msg.raw_fallback);
    assert_eq!(msg.subject, "only headers");
    assert_eq!(msg.from, [addr(None, "a@b.c")]);
    assert_eq!(msg.text_body, None);

    let msg = parse(b"Subject: empty body\r\n\r\n");
    assert!(!msg.raw_fallback);
    assert_eq!(msg.subject, "empty body");
    assert_eq!(msg.text_body, None);
}

#[test]
fn garbage_and_empty_input_fall_back_to_raw_text() {
    let msg = parse(b"\xff\xfe\x00\x01garbage\x00\n\x80");
    assert!(msg.raw_fallback);
    assert_eq!(msg.subject, "");
    assert_eq!(
        msg.text_body.as_deref(),
        Some("\u{fffd}\u{fffd}\0\u{1}garbage\0\n\u{fffd}")
    );

    // mail-parser skips a junk first line when real headers follow; that is better than raw text.
    let msg = parse(b"not a header line\nSubject: =?utf-8?q?caf=C3=A9?=\n\nbody");
    assert!(!msg.raw_fallback);
    assert_eq!(
        (msg.subject.as_str(), msg.text_body.as_deref()),
        ("café", Some("body"))
    );

    let msg = parse(b"just words, no headers at all\n");
    assert!(msg.raw_fallback);
    assert_eq!(
        msg.text_body.as_deref(),
        Some("just words, no headers at all\n")
    );

    let msg = parse(b"");
    assert!(msg.raw_fallback);
    assert_eq!((msg.subject.as_str(), msg.text_body), ("", None));
}

#[test]
fn raw_fallback_is_capped() {
    let raw = vec![b'x'; RAW_FALLBACK_LIMIT * 3];
    let msg = parse(&raw);
    assert!(msg.raw_fallback);
    assert_eq!(msg.text_body.map(|t| t.len()), Some(RAW_FALLBACK_LIMIT));
}

#[test]
fn ten_thousand_parts_are_capped_and_fast() {
    let mut raw = String::from("Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nintro\n");
    for i in 0..10_000 {
        raw.push_str(&format!(
            "--b\nContent-Type: application/octet-stream; name=f{i}.bin\n\nxx\n"
        ));
    }
    raw.push_str("--b--\n");
    let started = std::time::Instant::now();
    let msg = parse(raw.as_bytes());
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(msg.text_body.as_deref(), Some("intro"));
    assert_eq!(msg.attachments.len(), MAX_ATTACHMENTS);
    let last = &msg.attachments[MAX_ATTACHMENTS - 1];
    assert_eq!(
        (last.index, last.name.as_str(), last.size),
        (999, "f999.bin", 2)
    );
}

#[test]
fn nested_message_is_one_attachment_and_does_not_leak_into_body() {
    let raw = b"Subject: outer\nContent-Type: multipart/mixed; boundary=o\n\n--o\n\
Content-Type: text/plain\n\nsee forwarded\n--o\nContent-Type: message/rfc822\n\
Content-Disposition: attachment; filename=\"fwd.eml\"\n\n\
Subject: inner\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/plain\n\ninner text\n\
--i\nContent-Type: application/pdf; name=inner.pdf\n\n%PDF\n--i--\n--o--\n";
    let msg = parse(raw);
    assert_eq!(msg.subject, "outer");
    assert_eq!(msg.text_body.as_deref(), Some("see forwarded"));
    let names: Vec<_> = msg
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime_type.as_str()))
        .collect();
    assert_eq!(names, [("fwd.eml", "message/rfc822")]);
    let (_, bytes) = attachment_bytes(raw, 0).expect("nested bytes");
    assert!(bytes.starts_with(b"Subject: inner\n"));
    assert!(bytes.ends_with(b"--i--"));
    assert_eq!(msg.attachments[0].size, bytes.len() as u64);
}

#[test]
fn multipart_without_its_boundary_shows_the_text_instead_of_an_attachment() {
    let raw = b"Subject: s\nContent-Type: multipart/mixed; boundary=NOPE\n\n--OTHER\nContent-Type: text/plain\n\nhello\n--OTHER--\n";
    let msg = parse(raw);
    assert_eq!(
        msg.text_body.as_deref(),
        Some("--OTHER\nContent-Type: text/plain\n\nhello\n--OTHER--\n")
    );
    assert!(msg.attachments.is_empty());
    assert!(attachment_bytes(raw, 0).is_none());
}

#[test]
fn multipart_without_boundary_parameter_shows_its_text() {
    let raw = b"Subject: 64423\nContent-Type: multipart/alternative;\n\nBlah blah blah\n";
    let msg = parse(raw);
    assert_eq!(msg.text_body.as_deref(), Some("Blah blah blah\n"));
    assert!(msg.attachments.is_empty());
}

#[test]
fn empty_text_parts_give_no_body() {
    let raw = b"Subject: e\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\n\n--B\n\
Content-Type: text/plain\n\n\n--B--\n";
    assert_eq!(parse(raw).text_body, None);
}

#[test]
fn unknown_text_subtypes_become_the_body_when_there_is_no_other() {
    let raw = b"Subject: s\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/x-one\n\nBlah\n\
--B\nContent-Type: text/calendar; name=invite.ics\n\nBEGIN:VCALENDAR\n--B--\n";
    let msg = parse(raw);
    assert_eq!(msg.text_body.as_deref(), Some("Blah"));
    let names: Vec<_> = msg
        .attachments
        .iter()
        .map(|a| (a.index, a.name.as_str()))
        .collect();
    assert_eq!(names, [(0, "invite.ics")]);
    assert_eq!(
        attachment_bytes(raw, 0).map(|(_, b)| b),
        Some(b"BEGIN:VCALENDAR".to_vec())
    );

    // With a real body, the same part stays an attachment.
    let raw = b"Subject: s\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nmain\n\
--B\nContent-Type: text/x-one\n\nBlah\n--B--\n";
    let msg = parse(raw);
    assert_eq!(msg.text_body.as_deref(), Some("main"));
    assert_eq!(
        msg.attachments
            .iter()
            .map(|a| a.mime_type.as_str())
            .collect::<Vec<_>>(),
        ["text/x-one"]
    );
}

#[test]
fn body_lines_right_after_part_headers_are_not_lost() {
    let raw = b"Subject: s\nContent-Type: multipart/mixed; boundary=foo\n\n--foo\nContent-Type: text/plain\nbar\n\n\
--foo\nContent-Type: text/html\n<p>baz</p>\n\n--foo--\n";
    let msg = parse(raw);
    assert_eq!(msg.text_body.as_deref(), Some("bar\n\n"));
    assert_eq!(msg.html_body.as_deref(), Some("<p>baz</p>\n\n"));
    // A junk first line is skipped by mail-parser and stays skipped.
    assert_eq!(
        parse(b"junk line\nSubject: s\n\nbody").text_body.as_deref(),
        Some("body")
    );
}

#[test]
fn searchable_text_cuts_at_a_character_boundary() {
    let msg = parse("Subject: k\nContent-Type: text/plain; charset=utf-8\n\n가나다라".as_bytes());
    assert_eq!(searchable_text(&msg, 7), "가나");
    assert_eq!(searchable_text(&msg, 0), "");
    assert_eq!(searchable_text(&msg, 100), "가나다라");
}

/// What a sync indexes (the body taken out of the parsed message) is what the reader's copy
/// gives: plain, HTML only, both, neither, and cut inside a character.
#[test]
fn the_search_text_taken_out_is_the_search_text_copied() {
    let messages: [&[u8]; 4] = [
        "Subject: k\nContent-Type: text/plain; charset=utf-8\n\n가나다라 plain".as_bytes(),
        b"Subject: h\nContent-Type: text/html\n\n<p>Hi &amp; bye</p>",
        b"Subject: a\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain part\n--b\nContent-Type: text/html\n\n<p>html part</p>\n--b--\n",
        b"Subject: only headers\nFrom: a@b.c",
    ];
    for raw in messages {
        for limit in [0, 5, 7, 1000] {
            let copied = searchable_text(&parse(raw), limit);
            let mut msg = parse(raw);
            let taken = super::take_searchable_text(&mut msg, limit);
            assert_eq!(taken, copied, "{limit}: {}", String::from_utf8_lossy(raw));
            assert!(taken.len() <= limit);
        }
    }
    let mut both = parse(messages[2]);
    assert_eq!(super::take_searchable_text(&mut both, 1000), "plain part");
}

fn readable(msg: &ParsedMessage) -> bool {
    !msg.subject.is_empty()
        || msg
            .text_body
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
        || msg
            .html_body
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
}

/// CPython's email test corpus (`test/test_email/data/msg_*.txt`), located through python3. A missing corpus
/// is a failure, not a skip.
fn corpus() -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import test.test_email, os; print(os.path.dirname(test.test_email.__file__))",
        ])
        .output();
    let dir = output
        .ok()
        .filter(|o| o.status.success())
        .map(|o| std::path::PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("data"))
        .filter(|d| d.is_dir())
        .expect("CPython's email test corpus (test.test_email/data) not found: install a python3 with its test suite");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("msg_") && n.ends_with(".txt"))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 40,
        "expected the ~48 msg_*.txt files in {}, found {}",
        dir.display(),
        files.len()
    );
    (dir, files)
}

/// Every message of CPython's email test corpus parses without panicking into something readable.
#[test]
fn cpython_email_corpus() {
    let (dir, files) = corpus();
    for path in &files {
        let raw = std::fs::read(path).expect("read corpus file");
        let msg = std::panic::catch_unwind(|| parse(&raw))
            .unwrap_or_else(|_| panic!("{} panicked", path.display()));
        let mut nested_readable = Vec::new();
        for attachment in &msg.attachments {
            let (info, bytes) = attachment_bytes(&raw, attachment.index).unwrap_or_else(|| {
                panic!(
                    "{}: attachment {} missing",
                    path.display(),
                    attachment.index
                )
            });
            assert_eq!(
                info.size,
                bytes.len() as u64,
                "{}: {}",
                path.display(),
                info.name
            );
            if info.mime_type == "message/rfc822" {
                nested_readable.push(readable(&parse(&bytes)));
            }
        }
        // A digest (msg_28) has neither subject nor body of its own: its content is the forwarded messages.
        let digest_readable = !nested_readable.is_empty() && nested_readable.iter().all(|&r| r);
        assert!(
            readable(&msg) || digest_readable,
            "{}: no subject and no body: {msg:?}",
            path.display()
        );
    }
    // Spot checks with known content.
    let read = |name: &str| parse(&std::fs::read(dir.join(name)).expect("corpus file"));
    assert_eq!(read("msg_01.txt").subject, "This is a test message");
    assert_eq!(read("msg_02.txt").subject, "Ppp digest, Vol 1 #2 - 5 msgs");
    let digest = read("msg_28.txt");
    assert_eq!(digest.from, [addr(None, "aperson@dom.ain")]);
    let names: Vec<_> = digest.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["ee.eml", "ee.eml"]);
    let (_, second) =
        attachment_bytes(&std::fs::read(dir.join("msg_28.txt")).expect("file"), 1).expect("part");
    assert_eq!(
        parse(&second).text_body.as_deref().map(str::trim),
        Some("message 2")
    );
}

/// Corpus messages with random damage (boundaries and encoded-words spliced in, bytes cut or flipped): every
/// listed attachment can be fetched and matches its listing, and the search text respects its limit.
#[test]
fn mutated_corpus_messages_stay_consistent() {
    let (_, files) = corpus();
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file"))
        .collect();
    let splices: [&[u8]; 10] = [
        b"\n",
        b"\r\n",
        b"--BOUNDARY",
        b"Content-Type: multipart/mixed; boundary=BOUNDARY\n",
        b"Content-Type: message/rfc822\n",
        b"=?utf-8?b?",
        b"?=",
        b"; filename*0*=UTF-8''%ED",
        b"Content-Transfer-Encoding: base64\n",
        b"\xff",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below.max(1) as u64) as usize
    };
    for _ in 0..3000 {
        let mut raw = seeds[random(seeds.len())].clone();
        for _ in 0..=random(6) {
            let at = random(raw.len());
            match random(4) {
                0 => drop(raw.splice(at..at, splices[random(splices.len())].iter().copied())),
                1 => drop(raw.drain(at..(at + random(40)).min(raw.len()))),
                2 if at < raw.len() => raw[at] = random(256) as u8,
                _ => raw.truncate(at),
            }
        }
        let msg = parse(&raw);
        for listed in &msg.attachments {
            let (info, bytes) =
                attachment_bytes(&raw, listed.index).expect("listed attachment can be fetched");
            assert_eq!(&info, listed);
            assert_eq!(info.size, bytes.len() as u64);
        }
        assert!(searchable_text(&msg, 64).len() <= 64);
    }
}

/// Jebi's parser (`tree::PARSER`) reads every field as mail-parser's default does, except the
/// fields it keeps raw (Received, List-*), and gives the same view of each message: CPython's
/// corpus and a message with every kind of field.
#[test]
fn the_parser_reads_every_field_as_mail_parsers_default_except_those_kept_raw() {
    use crate::mime::tree::{MimeTree, PARSER};
    use mail_parser::{HeaderName, MessageParser};
    let (_, files) = corpus();
    let mut messages: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    messages.push(
        b"Received: from a by b; Mon, 1 Dec 2025 10:00:00 +0000\r\n\
          Resent-From: R <r@x.test>\r\nResent-Date: Mon, 1 Dec 2025 10:00:00 +0000\r\n\
          Resent-Message-ID: <r1@x.test>\r\nSender: s@x.test\r\nKeywords: a, b\r\n\
          Comments: =?utf-8?q?caf=C3=A9?=\r\nList-Post: <mailto:l@x.test>\r\n\
          Content-Language: en, ko\r\nMIME-Version: 1.0\r\nReturn-Path: <b@x.test>\r\n\
          X-Other: =?utf-8?q?raw?=\r\nContent-Type: multipart/mixed; boundary=z\r\n\
          Subject: all fields\r\n\r\n--z\r\nContent-Type: text/plain\r\nContent-ID: <c@x>\r\n\
          Content-Description: d\r\nContent-Disposition: inline\r\n\r\nbody\r\n--z--\r\n"
            .to_vec(),
    );
    let default = MessageParser::default();
    let kept_raw = |name: &HeaderName<'_>| {
        *name == HeaderName::Received || name.as_str().to_ascii_lowercase().starts_with("list-")
    };
    for raw in &messages {
        let raw = crate::mime::tree::with_header_end(raw);
        let (Some(ours), Some(theirs)) = (
            MimeTree::parse_with(&raw, &PARSER),
            MimeTree::parse_with(&raw, &default),
        ) else {
            panic!("{}", String::from_utf8_lossy(&raw));
        };
        assert_eq!(ours.parts.len(), theirs.parts.len());
        for (a, b) in ours.parts.iter().zip(&theirs.parts) {
            assert_eq!(a.headers.len(), b.headers.len());
            for (x, y) in a.headers.iter().zip(&b.headers) {
                assert_eq!(x.name, y.name);
                if kept_raw(&x.name) {
                    assert!(
                        matches!(x.value, mail_parser::HeaderValue::Text(_)),
                        "{x:?}"
                    );
                } else {
                    assert_eq!(x.value, y.value, "{:?}", x.name);
                }
            }
        }
        let view = |t: &MimeTree<'_>| serde_json::to_string(&super::view(t, &raw)).unwrap();
        assert_eq!(view(&ours), view(&theirs));
    }
}
