use chrono::{FixedOffset, TimeZone};

use super::*;
use crate::mime::compose::{ComposeError, Mailbox};
use crate::mime::{parse, ParsedMessage};

/// What Postfix mails back for `NOTIFY=SUCCESS` once LMTP delivery succeeded.
const POSTFIX_DELIVERED: &str = "Return-Path: <>\r
Received: by mail.example.test (Postfix)\r
\tid 5F6E7D8C9B; Tue,  3 Nov 2026 14:05:02 +0900 (KST)\r
Date: Tue,  3 Nov 2026 14:05:02 +0900 (KST)\r
From: MAILER-DAEMON@mail.example.test (Mail Delivery System)\r
Subject: Successful Mail Delivery Report\r
To: alice@example.test\r
Auto-Submitted: auto-replied\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status;\r
\tboundary=\"4A1B2C3D4E.1793682302/mail.example.test\"\r
Content-Transfer-Encoding: 8bit\r
Message-Id: <20261103050502.5F6E7D8C9B@mail.example.test>\r
\r
This is a MIME-encapsulated message.\r
\r
--4A1B2C3D4E.1793682302/mail.example.test\r
Content-Description: Notification\r
Content-Type: text/plain; charset=us-ascii\r
\r
This is the mail system at host mail.example.test.\r
\r
Your message was successfully delivered to the destination(s)\r
listed below. If the message was delivered to mailbox you will\r
receive no further notifications. Otherwise you may still receive\r
notifications of mail delivery errors from other systems.\r
\r
                   The mail system\r
\r
<bob@example.test>: delivery via dovecot[private/dovecot-lmtp]: 250 2.0.0\r
    <bob@example.test> kB2dIt5hCWrPBQAA0J78UA Saved\r
\r
--4A1B2C3D4E.1793682302/mail.example.test\r
Content-Description: Delivery report\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mail.example.test\r
X-Postfix-Queue-ID: 4A1B2C3D4E\r
X-Postfix-Sender: rfc822; alice@example.test\r
Original-Envelope-Id: 1793682300.3fa9c2+40example.test\r
Arrival-Date: Tue,  3 Nov 2026 14:05:01 +0900 (KST)\r
\r
Final-Recipient: rfc822; bob@example.test\r
Original-Recipient: rfc822;bob@example.test\r
Action: delivered\r
Status: 2.0.0\r
Remote-MTA: dns; mail.example.test\r
Diagnostic-Code: smtp; 250 2.0.0 <bob@example.test> kB2dIt5hCWrPBQAA0J78UA\r
    Saved\r
\r
--4A1B2C3D4E.1793682302/mail.example.test\r
Content-Description: Message Headers\r
Content-Type: text/rfc822-headers\r
\r
Return-Path: <alice@example.test>\r
Received: from [127.0.0.1] (localhost [127.0.0.1])\r
\tby mail.example.test (Postfix) with ESMTPSA id 4A1B2C3D4E\r
\tfor <bob@example.test>; Tue,  3 Nov 2026 14:05:01 +0900 (KST)\r
From: Alice Kim <alice@example.test>\r
To: Bob <bob@example.test>\r
Subject: =?utf-8?b?67aE6riwIOuztOqzoOyEnA==?=\r
Message-ID: <1793682300.3fa9c2@example.test>\r
Date: Tue, 3 Nov 2026 14:05:00 +0900\r
\r
--4A1B2C3D4E.1793682302/mail.example.test--\r
";

/// A bounce for an unknown user, with the original attached as message/rfc822.
const POSTFIX_FAILED: &str = "From: MAILER-DAEMON@mail.example.test (Mail Delivery System)\r
Subject: Undelivered Mail Returned to Sender\r
To: alice@example.test\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status;\r
\tboundary=\"B0UNCE.1793682400/mail.example.test\"\r
\r
--B0UNCE.1793682400/mail.example.test\r
Content-Type: text/plain; charset=us-ascii\r
\r
I'm sorry to have to inform you that your message could not\r
be delivered to one or more recipients.\r
\r
--B0UNCE.1793682400/mail.example.test\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mail.example.test\r
X-Postfix-Queue-ID: 7C8D9E0F1A\r
Arrival-Date: Tue,  3 Nov 2026 14:06:40 +0900 (KST)\r
\r
Final-Recipient: rfc822; nobody@example.test\r
Original-Recipient: rfc822;nobody@example.test\r
Action: failed\r
Status: 5.1.1\r
Remote-MTA: dns; mx.example.test\r
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.test>: Recipient address\r
    rejected: User unknown in local recipient table\r
\r
Final-Recipient: rfc822; later@example.test\r
Action: delayed\r
Status: 4.4.1\r
\r
--B0UNCE.1793682400/mail.example.test\r
Content-Description: Undelivered Message\r
Content-Type: message/rfc822\r
\r
From: Alice Kim <alice@example.test>\r
To: nobody@example.test, later@example.test\r
Subject: hello\r
Message-ID: <bounced.1@example.test>\r
\r
Hello there.\r
\r
--B0UNCE.1793682400/mail.example.test--\r
";

/// A read receipt as Thunderbird sends it.
const THUNDERBIRD_MDN: &str = "From: Bob <bob@example.test>\r
To: alice@example.test\r
Subject: Return Receipt (displayed) - hello\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=disposition-notification;\r
 boundary=\"------------rTMHH2G6h1kCkPBZ41Jx0sTy\"\r
\r
This is a multi-part message in MIME format.\r
--------------rTMHH2G6h1kCkPBZ41Jx0sTy\r
Content-Type: text/plain; charset=UTF-8\r
Content-Transfer-Encoding: 7bit\r
\r
This is a Return Receipt for the mail that you sent to bob@example.test.\r
\r
--------------rTMHH2G6h1kCkPBZ41Jx0sTy\r
Content-Type: message/disposition-notification; name=\"MDNPart2.txt\"\r
Content-Disposition: inline\r
Content-Transfer-Encoding: 7bit\r
\r
Reporting-UA: bob-laptop; Thunderbird 140.4.0\r
Final-Recipient: rfc822;bob@example.test\r
Original-Message-ID: <1793682300.3fa9c2@example.test>\r
Disposition: manual-action/MDN-sent-manually; displayed\r
\r
--------------rTMHH2G6h1kCkPBZ41Jx0sTy\r
Content-Type: text/rfc822-headers; name=\"MDNPart3.txt\"\r
Content-Transfer-Encoding: 7bit\r
Content-Disposition: inline\r
\r
Message-ID: <other.header.id@example.test>\r
Subject: hello\r
\r
--------------rTMHH2G6h1kCkPBZ41Jx0sTy--\r
";

fn recipients(report: &Report) -> &[RecipientStatus] {
    match &report.kind {
        ReportKind::Delivery(list) => list,
        ReportKind::Disposition(_) => panic!("not a delivery report: {report:?}"),
    }
}

/// A report whose delivery-status part is `status`.
fn with_status(status: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@x.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nreport\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n{status}\r\n--b--\r\n"
    )
    .into_bytes()
}

#[test]
fn reads_a_postfix_success_report() {
    let report = parse_report(POSTFIX_DELIVERED.as_bytes()).expect("a report");
    assert_eq!(
        recipients(&report),
        [RecipientStatus {
            recipient: "bob@example.test".into(),
            action: "delivered".into(),
            status: "2.0.0".into(),
            diagnostic: Some("250 2.0.0 <bob@example.test> kB2dIt5hCWrPBQAA0J78UA Saved".into()),
        }]
    );
    assert_eq!(report.summary, "Delivered to bob@example.test");
    assert_eq!(
        report.envelope_id.as_deref(),
        Some("1793682300.3fa9c2@example.test")
    );
    assert_eq!(
        report.original_message_id.as_deref(),
        Some("1793682300.3fa9c2@example.test")
    );
    assert_eq!(report.reporter.as_deref(), Some("mail.example.test"));
}

#[test]
fn reads_a_bounce_with_the_original_attached() {
    let report = parse_report(POSTFIX_FAILED.as_bytes()).expect("a report");
    let list = recipients(&report);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].action, "failed");
    assert_eq!(list[0].status, "5.1.1");
    assert_eq!(list[1].recipient, "later@example.test");
    assert_eq!(list[1].diagnostic, None);
    assert_eq!(
        report.original_message_id.as_deref(),
        Some("bounced.1@example.test")
    );
    assert_eq!(report.envelope_id, None);
    assert_eq!(
        report.summary,
        "Not delivered to nobody@example.test: 550 5.1.1 <nobody@example.test>: Recipient address \
         rejected: User unknown in local recipient table; Delivery to later@example.test delayed (status 4.4.1)"
    );
}

#[test]
fn reads_a_thunderbird_read_receipt() {
    let report = parse_report(THUNDERBIRD_MDN.as_bytes()).expect("a report");
    assert_eq!(
        report.kind,
        ReportKind::Disposition(Disposition {
            final_recipient: Some("bob@example.test".into()),
            disposition: "displayed".into(),
            original_message_id: Some("1793682300.3fa9c2@example.test".into()),
        })
    );
    assert_eq!(report.summary, "Read (displayed) by bob@example.test");
    assert_eq!(
        report.original_message_id.as_deref(),
        Some("1793682300.3fa9c2@example.test")
    );
    assert_eq!(
        report.reporter.as_deref(),
        Some("bob-laptop; Thunderbird 140.4.0")
    );
}

#[test]
fn ordinary_mail_is_not_a_report() {
    assert_eq!(parse_report(b"Subject: hi\r\n\r\nbody"), None);
    assert_eq!(
        parse_report(b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\n--b--\r\n"),
        None
    );
    assert_eq!(
        parse_report(
            b"Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\n\r\ntext only\r\n--b--\r\n"
        ),
        None
    );
    assert_eq!(parse_report(b""), None);
}

#[test]
fn tolerates_missing_blank_lines_missing_fields_and_odd_case() {
    let report = parse_report(&with_status(
        "reporting-mta: dns; x.test\r\nFINAL-RECIPIENT: rfc822; <a@x.test>\r\nStatus: 5.2.2 (mailbox full)\r\n\
         Final-Recipient: b@x.test\r\nAction: Delivered\r\nFinal-Recipient: rfc822;c@x.test\r\nStatus: 4.4.7\r\n\
         Action: relayed\r\nNot a field line\r\n: empty name\r\nStatus: 2.0.0",
    ))
    .expect("a report");
    let list = recipients(&report);
    let summary: Vec<_> = list
        .iter()
        .map(|r| (r.recipient.as_str(), r.action.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("a@x.test", "failed", "5.2.2"),
            ("b@x.test", "delivered", ""),
            ("c@x.test", "relayed", "4.4.7"),
        ]
    );
    assert_eq!(report.reporter.as_deref(), Some("x.test"));
}

#[test]
fn caps_a_report_with_a_hundred_thousand_recipients() {
    let mut status = String::from("Reporting-MTA: dns; x.test\r\n\r\n");
    for i in 0..100_000 {
        status.push_str(&format!(
            "Final-Recipient: rfc822; user{i}@x.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        ));
    }
    let report = parse_report(&with_status(&status)).expect("a report");
    let list = recipients(&report);
    assert_eq!(list.len(), MAX_REPORT_RECIPIENTS);
    assert!(report
        .summary
        .ends_with(&format!("and {} more", MAX_REPORT_RECIPIENTS - 3)));
    assert!(report.summary.len() < 1000);
}

#[test]
fn binary_junk_and_huge_fields_never_panic() {
    let mut junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(parse_report(&junk).is_none());
    let mut raw = with_status("");
    raw.truncate(raw.len() - 10);
    raw.extend_from_slice(&junk);
    let _ = parse_report(&raw);
    junk.retain(|&b| b != b'-');
    let mut framed = b"Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n".to_vec();
    framed.extend_from_slice(&junk);
    let _ = parse_report(&framed);
    let long = format!(
        "Final-Recipient: rfc822; {}@x.test\r\nAction: failed\r\nDiagnostic-Code: smtp; {}\r\n",
        "a".repeat(100_000),
        "b\r\n ".repeat(50_000)
    );
    let report = parse_report(&with_status(&long)).expect("a report");
    let list = recipients(&report);
    assert!(list[0].recipient.len() <= 1000);
    assert!(list[0].diagnostic.as_ref().unwrap().len() <= 4 * 1000);
    assert!(parse_report(b"Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/disposition-notification\r\n\r\n\xff\xfe\0Disposition\r\n--b").is_some());
}

fn request(raw: &str) -> (ParsedMessage, ReceiptRequest) {
    (parse(raw.as_bytes()), receipt_request(raw.as_bytes()))
}

const OWN: &[&str] = &["bob@example.test"];

fn own() -> Vec<String> {
    OWN.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reads_receipt_requests_from_raw_headers() {
    let (_, asked) = request(
        "Return-Path: <alice@example.test>\r\nFrom: Alice <alice@example.test>\r\nDisposition-Notification-To: Alice Kim <Alice@Example.test>\r\n\r\nx",
    );
    assert_eq!(
        asked,
        ReceiptRequest {
            requested: true,
            notify_to: vec!["Alice@Example.test".into()],
            return_path: Some("alice@example.test".into()),
        }
    );
    let (_, none) = request("From: a@example.test\r\nReturn-Path: <>\r\n\r\nx");
    assert_eq!(none, ReceiptRequest::default());
    assert_eq!(
        receipt_request(b"\xff\x00garbage"),
        ReceiptRequest::default()
    );
}

#[test]
fn offers_a_receipt_only_when_every_rule_allows() {
    let base = "Return-Path: <alice@example.test>\r\nFrom: Alice <alice@example.test>\r\nTo: bob@example.test\r\n";
    let decide = |extra: &str, in_sent: bool| {
        let (parsed, asked) = request(&format!("{base}{extra}\r\n\r\nbody"));
        mdn_allowed(&parsed, &asked, &own(), in_sent)
    };
    let dnt = "Disposition-Notification-To: ALICE@example.test";
    assert_eq!(
        decide(dnt, false),
        MdnDecision::Ask {
            notify_to: "ALICE@example.test".into()
        }
    );
    assert_eq!(decide("", false), MdnDecision::NotRequested);
    assert_eq!(
        decide(dnt, true),
        MdnDecision::Never(NoReceipt::InSentFolder)
    );
    assert_eq!(
        decide("Disposition-Notification-To: other@example.test", false),
        MdnDecision::Never(NoReceipt::ReturnPathDiffers)
    );
    assert_eq!(
        decide(
            "Disposition-Notification-To: alice@example.test, carol@example.test",
            false
        ),
        MdnDecision::Never(NoReceipt::SeveralAddresses)
    );
    assert_eq!(
        decide("Disposition-Notification-To: bob@example.test", false),
        MdnDecision::Never(NoReceipt::FromYou)
    );
    let (parsed, asked) = request(&format!(
        "From: Alice <alice@example.test>\r\n{dnt}\r\n\r\nx"
    ));
    assert_eq!(
        mdn_allowed(&parsed, &asked, &own(), false),
        MdnDecision::Never(NoReceipt::NoReturnPath)
    );
    let (parsed, asked) = request(
        "Return-Path: <BOB@example.test>\r\nFrom: BOB@example.test\r\nDisposition-Notification-To: bob@example.test\r\n\r\nx",
    );
    assert_eq!(
        mdn_allowed(&parsed, &asked, &own(), false),
        MdnDecision::Never(NoReceipt::FromYou)
    );
}

#[test]
fn built_receipts_read_back_as_displayed() {
    let date = FixedOffset::east_opt(9 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 3, 15, 0, 0)
        .single()
        .unwrap();
    let bob = Mailbox {
        name: Some("Bob".into()),
        email: "bob@example.test".into(),
    };
    let mdn = build_mdn(
        "<1793682300.3fa9c2@example.test>",
        "분기 보고서\r\nBcc: evil@x.test",
        "alice@example.test",
        &bob,
        "Jebi 0.1.0",
        date,
    )
    .expect("builds");
    assert_eq!(mdn.recipients, ["alice@example.test"]);
    assert_eq!(mdn.envelope_from, "bob@example.test");
    let text = String::from_utf8_lossy(&mdn.raw);
    assert!(
        text.contains("Content-Type: multipart/report; report-type=disposition-notification;"),
        "{text}"
    );
    assert!(!text.contains("\nBcc:"));
    let report = parse_report(&mdn.raw).expect("reads back");
    assert_eq!(report.summary, "Read (displayed) by bob@example.test");
    assert_eq!(report.reporter.as_deref(), Some("Jebi 0.1.0"));
    assert_eq!(
        report.original_message_id.as_deref(),
        Some("1793682300.3fa9c2@example.test")
    );
    let parsed = parse(&mdn.raw);
    assert_eq!(parsed.subject, "Read: 분기 보고서 Bcc: evil@x.test");
    assert_eq!(parsed.references, ["1793682300.3fa9c2@example.test"]);
    assert!(parsed
        .text_body
        .unwrap_or_default()
        .contains("read receipt"));

    assert!(matches!(
        build_mdn("not an id", "s", "alice@example.test", &bob, "Jebi", date),
        Err(ComposeError::InvalidMessageId(_))
    ));
    assert!(matches!(
        build_mdn(
            "a@b",
            "s",
            "alice@example.test\r\nBcc: x@y",
            &bob,
            "Jebi",
            date
        ),
        Err(ComposeError::InvalidRecipient(_))
    ));
}

/// A delivery report without the original attached: the envelope id is all it names.
fn bounce_with_envelope_id(envelope_id: &str) -> String {
    format!(
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n\
         --r\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n\
         --r\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; mx.example.com\r\nOriginal-Envelope-Id:{envelope_id}\r\n\r\n\
         Final-Recipient: rfc822; bob@example.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         --r--\r\n"
    )
}

/// Found by fuzzing (dsn_mdn): an Original-Envelope-Id of brackets, control characters and
/// spaces (`<<\0\0 <C <<]< ...`) came out as an "original Message-ID" starting with `<`: the
/// brackets were trimmed before the blanks. An id with blanks or brackets inside is no Message-ID.
#[test]
fn an_envelope_id_of_brackets_and_blanks_is_not_taken_for_the_original_message_id() {
    let hostile =
        bounce_with_envelope_id("<<\u{0}\u{0}\u{0} <C\u{0}\u{0}<<<<]< <<username>x</u<<\t\t%");
    let report = parse_report(hostile.as_bytes()).expect("a report");
    assert_eq!(report.original_message_id, None);
    let envelope = report.envelope_id.expect("the envelope id is kept");
    assert!(!envelope.starts_with(['<', ' ']), "{envelope:?}");
    assert!(!envelope.ends_with(['>', ' ']), "{envelope:?}");
    // A bracketed id still stands in for the Message-ID.
    let bracketed = bounce_with_envelope_id(" < <1793682300.3fa9c2+40example.test> >");
    let report = parse_report(bracketed.as_bytes()).expect("a report");
    assert_eq!(
        report.original_message_id.as_deref(),
        Some("1793682300.3fa9c2@example.test")
    );
}
