use chrono::TimeZone;

use super::*;
use crate::mime::parse;

fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("offset")
}

/// 2026-11-03 14:05 in Seoul.
fn when() -> i64 {
    kst()
        .with_ymd_and_hms(2026, 11, 3, 14, 5, 0)
        .single()
        .expect("date")
        .timestamp()
}

const OWN: &[&str] = &["Me@Example.test", "me.alias@example.test"];

fn own() -> Vec<String> {
    OWN.iter().map(|s| s.to_string()).collect()
}

fn message(headers: &str, body: &str) -> ParsedMessage {
    let raw = format!(
        "Date: Tue, 3 Nov 2026 14:05:00 +0900\r\nMessage-ID: <orig@example.test>\r\n{headers}\r\n\r\n{body}"
    );
    parse(raw.as_bytes())
}

#[test]
fn reply_subject_adds_one_prefix() {
    for (subject, expected) in [
        ("Quarterly report", "Re: Quarterly report"),
        ("Re: Quarterly report", "Re: Quarterly report"),
        ("RE: Re: re:Quarterly report", "Re: Quarterly report"),
        ("Re[2]: Quarterly report", "Re: Quarterly report"),
        ("Aw: Re(3): AW: Quarterly report", "Re: Quarterly report"),
        ("답장: 회신: 분기 보고서", "Re: 분기 보고서"),
        ("Re：분기 보고서", "Re: 분기 보고서"),
        ("Re : spaced", "Re: spaced"),
        ("Re: Fwd: plans", "Re: Fwd: plans"),
        ("[dev] Re: build broken", "Re: [dev] build broken"),
        ("[dev] build broken", "Re: [dev] build broken"),
        ("Read: the book", "Re: Read: the book"),
        ("Re[x]: odd", "Re: Re[x]: odd"),
        ("  ", "Re:"),
    ] {
        let once = reply_subject(subject);
        assert_eq!(once, expected, "{subject}");
        assert_eq!(reply_subject(&once), once, "no piling up for {subject}");
        assert_eq!(reply_subject(&reply_subject(&format!("Re: {once}"))), once);
    }
}

#[test]
fn forward_subject_adds_one_prefix() {
    for (subject, expected) in [
        ("plans", "Fwd: plans"),
        ("Fwd: plans", "Fwd: plans"),
        ("FW: Fw: fwd: 전달: plans", "Fwd: plans"),
        ("Re: plans", "Fwd: Re: plans"),
        ("[dev] FW: plans", "Fwd: [dev] plans"),
    ] {
        let once = forward_subject(subject);
        assert_eq!(once, expected, "{subject}");
        assert_eq!(forward_subject(&once), once);
    }
}

#[test]
fn attribution_names_the_sender_and_the_local_time() {
    let alice = Address {
        name: Some("Alice Kim".into()),
        email: "alice@example.test".into(),
    };
    assert_eq!(
        attribution(Some(when()), &alice, kst()),
        "On Tue, 3 Nov 2026 at 14:05, Alice Kim wrote:"
    );
    let utc = FixedOffset::east_opt(0).unwrap();
    assert_eq!(
        attribution(Some(when()), &alice, utc),
        "On Tue, 3 Nov 2026 at 05:05, Alice Kim wrote:"
    );
    let bare = Address {
        name: None,
        email: "alice@example.test".into(),
    };
    assert_eq!(attribution(None, &bare, kst()), "alice@example.test wrote:");
}

#[test]
fn quote_prefixes_each_line_once_more() {
    assert_eq!(
        quote("Hello\r\n\r\n> earlier\n>> older\n>tight\nend\n"),
        "> Hello\n>\n>> earlier\n>>> older\n>>tight\n> end"
    );
    assert_eq!(quote(""), ">");
    assert_eq!(quote("one"), "> one");
}

#[test]
fn reply_goes_to_reply_to_else_from() {
    let plain = message(
        "From: Alice Kim <alice@example.test>\r\nTo: me@example.test\r\nSubject: Lunch?",
        "Noon?\r\n",
    );
    let draft = reply(&plain, &own(), ReplyKind::Reply, None, kst());
    assert_eq!(draft.to, ["Alice Kim <alice@example.test>"]);
    assert!(draft.cc.is_empty());
    assert_eq!(draft.subject, "Re: Lunch?");
    assert_eq!(draft.in_reply_to.as_deref(), Some("orig@example.test"));
    assert_eq!(draft.references, ["orig@example.test"]);
    assert_eq!(
        draft.body,
        "\n\nOn Tue, 3 Nov 2026 at 14:05, Alice Kim wrote:\n> Noon?\n"
    );

    let listed = message(
        "From: Alice <alice@example.test>\r\nReply-To: \"Team, all\" <team@example.test>\r\nTo: me@example.test",
        "x",
    );
    let draft = reply(&listed, &own(), ReplyKind::Reply, None, kst());
    assert_eq!(draft.to, ["\"Team, all\" <team@example.test>"]);
}

#[test]
fn reply_all_adds_everyone_but_the_user_once() {
    let original = message(
        "From: Alice <alice@example.test>\r\n\
         To: ME@example.test, Bob <bob@example.test>, alice@EXAMPLE.test\r\n\
         Cc: me.alias@example.test, Carol <carol@example.test>, bob@example.test\r\n\
         Subject: Re: Re: plan",
        "text",
    );
    let draft = reply(&original, &own(), ReplyKind::ReplyAll, None, kst());
    assert_eq!(
        draft.to,
        ["Alice <alice@example.test>", "Bob <bob@example.test>"]
    );
    assert_eq!(draft.cc, ["Carol <carol@example.test>"]);
    assert_eq!(draft.subject, "Re: plan");

    let just_reply = reply(&original, &own(), ReplyKind::Reply, None, kst());
    assert_eq!(just_reply.to, ["Alice <alice@example.test>"]);
    assert!(just_reply.cc.is_empty());
}

#[test]
fn replying_to_own_sent_mail_goes_to_its_recipients() {
    let sent = message(
        "From: Me <me@example.test>\r\nTo: Bob <bob@example.test>\r\nCc: Carol <carol@example.test>, me@example.test\r\nSubject: hello",
        "hi",
    );
    let draft = reply(&sent, &own(), ReplyKind::Reply, None, kst());
    assert_eq!(draft.to, ["Bob <bob@example.test>"]);
    assert!(draft.cc.is_empty());
    let all = reply(&sent, &own(), ReplyKind::ReplyAll, None, kst());
    assert_eq!(all.to, ["Bob <bob@example.test>"]);
    assert_eq!(all.cc, ["Carol <carol@example.test>"]);

    let note_to_self = message(
        "From: me@example.test\r\nTo: me@example.test\r\nSubject: note",
        "x",
    );
    let draft = reply(&note_to_self, &own(), ReplyKind::Reply, None, kst());
    assert_eq!(draft.to, ["me@example.test"]);
}

#[test]
fn long_reference_chains_keep_the_first_and_latest_ids() {
    let ids: Vec<String> = (0..40).map(|i| format!("<id{i}@example.test>")).collect();
    let original = message(
        &format!(
            "From: a@example.test\r\nSubject: long\r\nReferences: {}",
            ids.join("\r\n ")
        ),
        "x",
    );
    let draft = reply(&original, &own(), ReplyKind::ReplyAll, None, kst());
    assert_eq!(draft.references.len(), MAX_REFERENCES);
    assert_eq!(draft.references[0], "id0@example.test");
    assert_eq!(draft.references[1], "id22@example.test");
    assert_eq!(
        draft.references.last().map(String::as_str),
        Some("orig@example.test")
    );
}

#[test]
fn signature_sits_between_the_writing_area_and_the_quote() {
    let original = message(
        "From: Alice <alice@example.test>\r\nSubject: s",
        "Body line\r\n\r\n-- \r\nAlice's signature\r\n",
    );
    let draft = reply(
        &original,
        &own(),
        ReplyKind::Reply,
        Some("Minji\r\nJebi Mail\n"),
        kst(),
    );
    assert_eq!(
        draft.body,
        "\n\n-- \nMinji\nJebi Mail\n\nOn Tue, 3 Nov 2026 at 14:05, Alice wrote:\n> Body line\n"
    );
}

#[test]
fn forward_inline_carries_the_original_headers_and_text() {
    let original = message(
        "From: Alice Kim <alice@example.test>\r\nTo: me@example.test\r\nCc: Bob <bob@example.test>\r\nSubject: 분기 보고서",
        "See the numbers.\r\n",
    );
    let draft = reply(
        &original,
        &own(),
        ReplyKind::ForwardInline,
        Some("Minji"),
        kst(),
    );
    assert!(draft.to.is_empty() && draft.cc.is_empty());
    assert_eq!(draft.subject, "Fwd: 분기 보고서");
    assert_eq!(draft.in_reply_to, None);
    assert!(draft.references.is_empty());
    assert_eq!(
        draft.body,
        "\n\n-- \nMinji\n\n---------- Forwarded message ----------\n\
         From: Alice Kim <alice@example.test>\n\
         Date: Tue, 3 Nov 2026 at 14:05\n\
         Subject: 분기 보고서\n\
         To: me@example.test\n\
         Cc: Bob <bob@example.test>\n\
         \n\
         See the numbers.\n"
    );
}

#[test]
fn html_only_originals_are_quoted_and_forwarded_as_text() {
    let original = message(
        "From: Alice <alice@example.test>\r\nSubject: html\r\nContent-Type: text/html; charset=utf-8",
        "<p>Hello <b>there</b></p><p>Second</p>",
    );
    let replied = reply(&original, &own(), ReplyKind::Reply, None, kst());
    assert!(replied.body.contains("> Hello there"), "{}", replied.body);
    assert!(!replied.body.contains("<p>"));
    let forwarded = reply(&original, &own(), ReplyKind::ForwardInline, None, kst());
    assert!(forwarded.body.contains("Hello there"), "{}", forwarded.body);
    assert!(!forwarded.body.contains("<b>"));
}

#[test]
fn forward_as_attachment_leaves_only_the_signature() {
    let original = message("From: a@example.test\r\nSubject: Fw: x", "text");
    let draft = reply(
        &original,
        &own(),
        ReplyKind::ForwardAsAttachment,
        Some("sig"),
        kst(),
    );
    assert_eq!(draft.subject, "Fwd: x");
    assert_eq!(draft.body, "\n\n-- \nsig\n\n");
    assert!(draft.to.is_empty() && draft.in_reply_to.is_none());
    let bare = reply(
        &original,
        &own(),
        ReplyKind::ForwardAsAttachment,
        None,
        kst(),
    );
    assert_eq!(bare.body, "\n\n");
}
