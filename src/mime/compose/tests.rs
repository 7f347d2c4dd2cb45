use chrono::TimeZone;
use mail_parser::{MessageParser, MimeHeaders};

use super::attach::to_crlf;
use super::*;
use crate::mime::{attachment_bytes, parse};

fn date() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(9 * 3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 3, 14, 5, 0)
        .single()
        .expect("date")
}

fn alice() -> Mailbox {
    Mailbox {
        name: Some("Alice Kim".into()),
        email: "alice@example.test".into(),
    }
}

fn draft() -> Draft {
    Draft {
        from: alice(),
        to: vec!["Bob <bob@example.test>".into()],
        subject: "Hello".into(),
        body: "Hi Bob\n".into(),
        ..Draft::default()
    }
}

/// The header block of a raw message, one unfolded line per field.
fn header_lines(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines: Vec<String> = Vec::new();
    for line in head.split("\r\n") {
        match lines.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
            _ => lines.push(line.to_string()),
        }
    }
    lines
}

fn header<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    lines
        .iter()
        .filter(|l| l.to_ascii_lowercase().starts_with(&prefix))
        .map(|l| l[prefix.len()..].trim())
        .collect()
}

#[test]
fn korean_subject_and_body_survive_the_reader() {
    let long_line = "가나다라마바사 ".repeat(40);
    let body = format!(
        "안녕하세요, 밥.\n\n{long_line}\n.starts with a dot\n..two dots\nFrom the start of a line\n끝\n"
    );
    let composed = compose(
        &Draft {
            subject: "분기 보고서 🙂".into(),
            body: body.clone(),
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    assert!(
        composed.raw.is_ascii(),
        "8-bit text needs a transfer encoding"
    );
    assert!(header_lines(&composed.raw).iter().all(|l| l.len() < 998));
    let parsed = parse(&composed.raw);
    assert_eq!(parsed.subject, "분기 보고서 🙂");
    let text = parsed.text_body.unwrap_or_default().replace("\r\n", "\n");
    assert_eq!(text.trim_end(), body.trim_end());
    assert_eq!(parsed.from[0].name.as_deref(), Some("Alice Kim"));
    assert_eq!(parsed.to[0].email, "bob@example.test");
    assert_eq!(
        parsed.message_id.as_deref(),
        Some(composed.message_id.as_str())
    );
    assert_eq!(parsed.date, Some(date().timestamp()));
    let lines = header_lines(&composed.raw);
    assert_eq!(header(&lines, "Date"), ["Tue, 3 Nov 2026 14:05:00 +0900"]);
    assert_eq!(
        header(&lines, "Content-Type"),
        ["text/plain; charset=utf-8"]
    );
}

/// Long enough for several encoded words, folded by lettre inside the quoted `name=`.
const LONG_NAME: &str = "보고서 2026 아주 긴 파일 이름이 여기에 있습니다 정말로 길어요.pdf";

#[test]
fn korean_attachment_name_and_bytes_survive_the_reader() {
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 256) as u8).collect();
    let composed = compose(
        &Draft {
            attachments: vec![
                AttachmentSource {
                    name: "보고서 2026.pdf".into(),
                    content_type: None,
                    bytes: bytes.clone(),
                },
                AttachmentSource {
                    name: "/home/alice/notes \"v2\".txt".into(),
                    content_type: Some("text/plain; charset=us-ascii".into()),
                    bytes: b"plain notes\n".to_vec(),
                },
                AttachmentSource {
                    name: LONG_NAME.into(),
                    content_type: Some("not a type".into()),
                    bytes: vec![0, 1, 2, 255],
                },
            ],
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    let parsed = parse(&composed.raw);
    assert_eq!(
        parsed.text_body.as_deref().map(str::trim_end),
        Some("Hi Bob")
    );
    assert_eq!(parsed.attachments.len(), 3);
    assert_eq!(parsed.attachments[2].name, LONG_NAME);
    assert_eq!(parsed.attachments[2].mime_type, "application/pdf");
    assert_eq!(parsed.attachments[0].name, "보고서 2026.pdf");
    assert_eq!(parsed.attachments[0].mime_type, "application/pdf");
    assert_eq!(parsed.attachments[1].name, "notes \"v2\".txt");
    assert_eq!(parsed.attachments[1].mime_type, "text/plain");
    let (info, saved) = attachment_bytes(&composed.raw, 0).unwrap();
    assert_eq!(info.name, "보고서 2026.pdf");
    assert_eq!(saved, bytes);
    assert_eq!(
        attachment_bytes(&composed.raw, 1).unwrap().1,
        b"plain notes\n"
    );

    // The name= fallback on Content-Type, RFC 2047 encoded, for readers that ignore RFC 2231.
    let message = MessageParser::default().parse(&composed.raw).unwrap();
    let names: Vec<_> = message
        .attachments()
        .map(|part| {
            part.content_type()
                .and_then(|ct| ct.attribute("name"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        names,
        [
            Some("보고서 2026.pdf".to_string()),
            Some("notes \"v2\".txt".to_string()),
            Some(LONG_NAME.to_string())
        ]
    );
    let text = String::from_utf8_lossy(&composed.raw);
    assert!(text.contains("name=\"=?utf-8?B?"), "{text}");
    assert!(
        text.contains("filename*"),
        "lettre's RFC 2231 filename stays"
    );
}

#[test]
fn bcc_reaches_the_envelope_only() {
    let composed = compose(
        &Draft {
            cc: vec!["Carol <carol@example.test>".into()],
            bcc: vec!["secret@example.test".into(), "BOB@example.test".into()],
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    assert_eq!(
        composed.recipients,
        [
            "bob@example.test",
            "carol@example.test",
            "secret@example.test"
        ]
    );
    assert_eq!(composed.envelope_from, "alice@example.test");
    let text = String::from_utf8_lossy(&composed.raw);
    assert!(!text.contains("secret"), "{text}");
    // No Bcc field (the random Message-ID may well contain the letters "bcc").
    assert!(
        !text
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "{text}"
    );
    assert!(!composed.needs_smtputf8);
}

#[test]
fn bcc_only_message_says_undisclosed_recipients() {
    let composed = compose(
        &Draft {
            to: vec![],
            bcc: vec!["secret@example.test".into()],
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    let lines = header_lines(&composed.raw);
    assert_eq!(header(&lines, "To"), ["undisclosed-recipients:;"]);
    assert_eq!(composed.recipients, ["secret@example.test"]);
    assert!(!String::from_utf8_lossy(&composed.raw).contains("secret"));
}

#[test]
fn line_breaks_in_subject_and_names_never_add_a_header() {
    let composed = compose(
        &Draft {
            from: Mailbox {
                name: Some("Alice\r\nBcc: evil2@example.test".into()),
                email: "alice@example.test".into(),
            },
            subject: "hi\r\nBcc: evil@example.test\r\n\r\nbody".into(),
            to: vec!["\"Bob\nX-Evil: 1\" <bob@example.test>".into()],
            ..draft()
        },
        date(),
        None,
    );
    // A line break inside a typed recipient is refused outright.
    assert!(matches!(composed, Err(ComposeError::InvalidRecipient(_))));

    let composed = compose(
        &Draft {
            from: Mailbox {
                name: Some("Alice\r\nBcc: evil2@example.test".into()),
                email: "alice@example.test".into(),
            },
            subject: "hi\r\nBcc: evil@example.test\r\n\r\nbody".into(),
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    let lines = header_lines(&composed.raw);
    assert!(header(&lines, "Bcc").is_empty(), "{lines:?}");
    assert_eq!(header(&lines, "Subject").len(), 1);
    assert_eq!(header(&lines, "From").len(), 1);
    assert_eq!(composed.recipients, ["bob@example.test"]);
    let parsed = parse(&composed.raw);
    assert_eq!(parsed.subject, "hi Bcc: evil@example.test body");
    assert_eq!(
        parsed.from[0].name.as_deref(),
        Some("Alice Bcc: evil2@example.test")
    );
    assert_eq!(
        parsed.text_body.as_deref().map(str::trim_end),
        Some("Hi Bob")
    );

    let bad_from = compose(
        &Draft {
            from: Mailbox {
                name: None,
                email: "alice@example.test\r\nBcc: evil@example.test".into(),
            },
            ..draft()
        },
        date(),
        None,
    );
    assert!(matches!(bad_from, Err(ComposeError::InvalidFrom(_))));
}

#[test]
fn message_id_given_or_new() {
    let given = compose(&draft(), date(), Some("<fixed.1@example.test>")).unwrap();
    assert_eq!(given.message_id, "fixed.1@example.test");
    assert_eq!(
        header(&header_lines(&given.raw), "Message-ID"),
        ["<fixed.1@example.test>"]
    );
    let again = compose(&draft(), date(), Some("fixed.1@example.test")).unwrap();
    assert_eq!(
        again.raw, given.raw,
        "the same draft and id give the same bytes"
    );

    let fresh = compose(&draft(), date(), None).unwrap();
    assert!(
        fresh.message_id.ends_with("@example.test"),
        "{}",
        fresh.message_id
    );
    assert_ne!(
        fresh.message_id,
        compose(&draft(), date(), None).unwrap().message_id
    );

    for bad in ["", "a b@c", "x\r\nBcc: e@x", "<<a@b>>"] {
        assert!(matches!(
            compose(&draft(), date(), Some(bad)),
            Err(ComposeError::InvalidMessageId(_))
        ));
    }
}

#[test]
fn new_message_ids_are_unique_and_ascii() {
    let ids: Vec<String> = (0..1000).map(|_| new_message_id("Example.TEST")).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
    assert!(ids[0].ends_with("@example.test"));
    let (_, hex) = ids[0].split_once('.').unwrap();
    assert_eq!(hex.split_once('@').map(|(h, _)| h.len()), Some(24));
    assert!(new_message_id("예시.한국").ends_with("@jebi.localdomain"));
    assert!(new_message_id("").ends_with("@jebi.localdomain"));
    assert!(clean_id(&new_message_id("x.test")).is_some());
}

#[test]
fn threading_and_receipt_headers() {
    let composed = compose(
        &Draft {
            in_reply_to: Some("parent@example.test".into()),
            references: vec![
                "root@example.test".into(),
                "<parent@example.test>".into(),
                "bad id\r\nX: y".into(),
            ],
            request_read_receipt: true,
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    let lines = header_lines(&composed.raw);
    assert_eq!(header(&lines, "In-Reply-To"), ["<parent@example.test>"]);
    assert_eq!(
        header(&lines, "References"),
        ["<root@example.test> <parent@example.test>"]
    );
    assert_eq!(
        header(&lines, "Disposition-Notification-To"),
        ["alice@example.test"]
    );
    let parsed = parse(&composed.raw);
    assert_eq!(parsed.in_reply_to.as_deref(), Some("parent@example.test"));
    assert_eq!(
        parsed.references,
        ["root@example.test", "parent@example.test"]
    );

    let plain = compose(&draft(), date(), None).unwrap();
    let lines = header_lines(&plain.raw);
    assert!(header(&lines, "In-Reply-To").is_empty());
    assert!(header(&lines, "Disposition-Notification-To").is_empty());
}

#[test]
fn non_ascii_addresses_need_smtputf8() {
    let composed = compose(
        &Draft {
            to: vec!["민지 <민지@example.kr>".into()],
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    assert!(composed.needs_smtputf8);
    assert_eq!(composed.recipients, ["민지@example.kr"]);
}

#[test]
fn refuses_messages_without_or_with_bad_recipients() {
    let none = compose(
        &Draft {
            to: vec!["  ".into()],
            ..draft()
        },
        date(),
        None,
    );
    assert_eq!(none, Err(ComposeError::NoRecipients));
    let bad = compose(
        &Draft {
            cc: vec!["carol(at)example.test".into()],
            ..draft()
        },
        date(),
        None,
    )
    .unwrap_err();
    assert!(bad.to_string().contains("carol(at)example.test"), "{bad}");
}

#[test]
fn forwards_the_original_as_an_attachment() {
    let original = b"From: Dan <dan@example.test>\nTo: alice@example.test\nSubject: Plans/ideas\nMessage-ID: <orig@example.test>\n\nSee you at 10.\n".to_vec();
    let composed = compose(
        &Draft {
            subject: "Fwd: Plans/ideas".into(),
            body: String::new(),
            extra_forwarded: Some(original.clone()),
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    let parsed = parse(&composed.raw);
    assert_eq!(parsed.attachments.len(), 1, "{:?}", parsed.attachments);
    assert_eq!(parsed.attachments[0].mime_type, "message/rfc822");
    assert_eq!(parsed.attachments[0].name, "Plans-ideas.eml");
    let (_, saved) = attachment_bytes(&composed.raw, 0).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&saved).trim_end(),
        String::from_utf8_lossy(&to_crlf(&original)).trim_end()
    );
    assert!(String::from_utf8_lossy(&composed.raw).contains("Content-Transfer-Encoding: 7bit"));

    // An 8-bit original goes base64 and comes back byte for byte.
    let eight_bit = "From: 단 <dan@example.test>\r\nSubject: 계획\r\n\r\n10시에 봐요.\r\n"
        .as_bytes()
        .to_vec();
    let composed = compose(
        &Draft {
            extra_forwarded: Some(eight_bit.clone()),
            ..draft()
        },
        date(),
        None,
    )
    .unwrap();
    assert!(composed.raw.is_ascii());
    let parsed = parse(&composed.raw);
    assert_eq!(parsed.attachments[0].name, "계획.eml");
    assert_eq!(attachment_bytes(&composed.raw, 0).unwrap().1, eight_bit);
}
