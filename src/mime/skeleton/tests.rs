use super::*;
use crate::mime::{parse, searchable_text, ParsedMessage};

fn same_for_the_store(a: &ParsedMessage, b: &ParsedMessage) -> Result<(), String> {
    let names = |m: &ParsedMessage| -> Vec<(String, String, bool)> {
        m.attachments
            .iter()
            .map(|x| (x.name.clone(), x.mime_type.clone(), x.inline))
            .collect()
    };
    let checks = [
        ("message_id", a.message_id == b.message_id),
        ("in_reply_to", a.in_reply_to == b.in_reply_to),
        ("references", a.references == b.references),
        ("subject", a.subject == b.subject),
        ("from", a.from == b.from),
        ("to", a.to == b.to),
        ("cc", a.cc == b.cc),
        ("reply_to", a.reply_to == b.reply_to),
        ("date", a.date == b.date),
        ("text_body", a.text_body == b.text_body),
        ("html_body", a.html_body == b.html_body),
        ("attachments", names(a) == names(b)),
        ("raw_fallback", a.raw_fallback == b.raw_fallback),
        (
            "search text",
            searchable_text(a, 65536) == searchable_text(b, 65536),
        ),
    ];
    match checks.iter().find(|(_, same)| !same) {
        Some((what, _)) => Err(format!("{what} differs")),
        None => Ok(()),
    }
}

/// A message the slimming must leave as it is, and which the sync and the reader read alike.
fn kept_whole(raw: &str) {
    assert_eq!(slim(raw), raw);
    let (full, thin) = (
        parse(raw.as_bytes()),
        crate::mime::parse_for_sync(raw.as_bytes()),
    );
    same_for_the_store(&full, &thin).unwrap();
}

fn slim(raw: &str) -> String {
    String::from_utf8(without_attachment_content(raw.as_bytes()).into_owned()).unwrap()
}

const PDF: &str = "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURl\r\nY29kZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAw0DMwsFAwtTTVMzI2VDAxNDPWMzI2VDAx\r\n";

fn mixed(boundary_param: &str, boundary: &str, attachment_headers: &str) -> String {
    format!(
        "From: a@example.com\r\nSubject: report\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; {boundary_param}\r\n\r\npreamble\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the report.\r\n\
         --{boundary}\r\n{attachment_headers}\r\n\r\n{PDF}\
         --{boundary}--\r\nepilogue\r\n"
    )
}

#[test]
fn a_base64_pdf_loses_its_content_and_keeps_its_part() {
    let raw = mixed(
        "boundary=\"b1\"",
        "b1",
        "Content-Type: application/pdf; name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"report.pdf\"",
    );
    let out = slim(&raw);
    assert!(!out.contains("JVBERi0"), "{out}");
    assert!(
        out.contains("filename=\"report.pdf\"\r\n\r\n\r\n--b1--"),
        "{out}"
    );
    let (full, thin) = (parse(raw.as_bytes()), parse(out.as_bytes()));
    same_for_the_store(&full, &thin).unwrap();
    assert_eq!(thin.attachments.len(), 1);
    assert_eq!(thin.text_body.as_deref(), Some("See the report."));
}

#[test]
fn text_and_unencoded_parts_are_kept() {
    for headers in [
        "Content-Type: text/plain; name=\"notes.txt\"\r\nContent-Transfer-Encoding: base64",
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64",
        "Content-Type: application/pdf\r\nContent-Transfer-Encoding: quoted-printable",
        "Content-Transfer-Encoding: base64",
        "Content-Type: application/pdf\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64",
    ] {
        let raw = mixed("boundary=b1", "b1", headers);
        assert_eq!(slim(&raw), raw, "{headers}");
    }
}

#[test]
fn boundaries_this_module_cannot_read_keep_the_message_whole() {
    for (param, boundary) in [
        ("boundary*=utf-8''b1", "b1"),
        ("boundary=\"\"", ""),
        ("boundary=\"b\\\"1\"", "b\"1"),
    ] {
        let raw = mixed(
            param,
            boundary,
            "Content-Type: image/png\r\nContent-Transfer-Encoding: base64",
        );
        assert_eq!(slim(&raw), raw, "{param}");
    }
    // No closing delimiter: nothing is dropped.
    let raw = mixed(
        "boundary=b1",
        "b1",
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64",
    );
    let open = raw.replace("--b1--\r\nepilogue\r\n", "");
    assert_eq!(slim(&open), open);
}

#[test]
fn a_longer_boundary_that_starts_with_this_one_is_not_a_delimiter() {
    let raw = format!(
        "Subject: x\r\nContent-Type: multipart/mixed; boundary=ab\r\n\r\n\
         --ab\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n{PDF}\
         --abc\r\nnot a delimiter\r\n--ab--\r\n"
    );
    // The "part" holds a line starting with "--": kept.
    assert_eq!(slim(&raw), raw);
}

#[test]
fn content_with_a_dash_dash_line_is_kept() {
    let raw = mixed(
        "boundary=b1",
        "b1",
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64",
    )
    .replace("Y29kZT4", "--\r\nY29kZT4");
    assert_eq!(slim(&raw), raw);
}

#[test]
fn nested_multiparts_and_forwarded_messages_are_followed() {
    let inner = format!(
        "Subject: inner\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n\
         --in\r\nContent-Type: text/plain\r\n\r\ninner text\r\n\
         --in\r\nContent-Type: image/jpeg; name=a.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n{PDF}\
         --in--\r\n"
    );
    let raw = format!(
        "Subject: outer\nContent-Type: multipart/mixed; boundary=\"out\"\n\n\
         --out\nContent-Type: multipart/alternative; boundary=alt\n\n\
         --alt\nContent-Type: text/plain\n\nplain\n--alt\nContent-Type: text/html\n\n<p>html</p>\n--alt--\n\
         --out\nContent-Type: message/rfc822\n\n{inner}\n\
         --out\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlhAQABAAAAACw=\n\
         --out--\n"
    );
    let out = slim(&raw);
    assert!(!out.contains("JVBERi0") && !out.contains("R0lGOD"), "{out}");
    assert!(out.contains("inner text") && out.contains("<p>html</p>"));
    same_for_the_store(&parse(raw.as_bytes()), &parse(out.as_bytes())).unwrap();
}

#[test]
fn a_part_without_headers_is_text_whatever_its_lines_say() {
    let raw = format!(
        "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\n\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n{PDF}\
         --b--\r\n"
    );
    assert_eq!(slim(&raw), raw);
}

#[test]
fn a_message_without_attachments_is_borrowed() {
    let raw = b"Subject: hi\r\n\r\nhello\r\n";
    assert!(matches!(without_attachment_content(raw), Cow::Borrowed(_)));
}

/// Every message of a generated mailbox heavy in attachments (PDFs, photos, forwarded messages,
/// Korean file names, 20 MB messages left out for time) reads the same for the store.
#[test]
fn a_generated_mailbox_reads_the_same_without_attachment_content() {
    let dir = tempfile::tempdir().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/gen_corpus.py");
    let made = std::process::Command::new("python3")
        .args([
            script,
            "--profile",
            "attachments",
            "--count",
            "400",
            "--seed",
            "7",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("python3 runs (apt-get install -y python3)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut slimmed = 0;
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 400, "{} files", files.len());
    for path in files {
        let raw = std::fs::read(&path).unwrap();
        if raw.len() > 4 * 1024 * 1024 {
            continue;
        }
        let out = without_attachment_content(&raw);
        if matches!(out, Cow::Owned(_)) {
            slimmed += 1;
        }
        same_for_the_store(&parse(&raw), &parse(&out))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    assert!(
        slimmed >= 40,
        "only {slimmed} messages lost attachment content"
    );
}

#[test]
fn a_boundary_in_the_middle_of_a_line_keeps_the_content() {
    // The fuzz target mime_parse's find: mail-parser ends a part at "--BOUNDARY" even in the
    // middle of a line, so dropping that content lost an attachment the reader lists.
    let raw = "R\nContent-Type: multipart/; boundary=BOUNDARY\n\n--BOUNDARY\nCoer\n\n\
               --BOUNDARY\nContent-Type:m/\"\nContent-Transfer-Encoding: base64\ncof\n\n\
               \u{f3}l--BOUNDARY\u{ff}\n--BOUNDARY--\n\n";
    kept_whole(raw);
}

#[test]
fn a_second_boundary_parameter_keeps_the_message_whole() {
    // The fuzz target mime_parse's second find: mail-parser and this module took different
    // boundaries of "boundary=\x01\0=_; boundary=...", so the text body the store kept differed.
    let raw = "M0\nContent-Type:multipart/; boundary=\u{1}\0=_; boundary=\"----- =_a4\"\nCom>\n\n\
               ------- =_a4\nContent-Type:/m\nContent-Transfer-Encoding: base64\n\nX\n\n\
               ------- =_a4--\na";
    kept_whole(raw);
}

#[test]
fn a_delimiter_with_text_after_it_keeps_the_message_whole() {
    // The fuzz target mime_parse's third find: "--boundary.0" is no delimiter by RFC 2046, but
    // mail-parser ends a part there, so the two readings of the parts differed.
    let raw = "-Ver\nContent-Type: multipart/mix; boundary=\"----- =_a1\"\n\n\
               ------- =_a1.0\nContent-Type: multipart/ag\u{1}e;\n\tboundary*=\"ans'E\n\n--Ee-U\n\n\
               ------- =_a1\nContent-Type: apatn/oc6\nContent-Transfer-Encoding: base64\n\nX\n\n\
               ------- =_a1--\n\n\0a-";
    kept_whole(raw);
}

#[test]
fn base64_that_does_not_decode_keeps_its_content() {
    // The fuzz target mime_parse's fourth find: mail-parser reads a part whose base64 fails to
    // decode differently (not inline), so leaving the bytes out changed the attachment's flags.
    let raw = "MIMs\nContent-Type:multipart/\u{1}\0\0; boundary=BOUNDARY\n\n.\n--BOUNDARY\n\
               Content-Type:image/ nag\"\nContent-Transfer-Encoding:base64\n\n\0+G\n--BOUNDARY--\n";
    kept_whole(raw);
}

#[test]
fn a_multipart_without_parts_keeps_the_whole_message() {
    // The fuzz target mime_parse's fifth find: a nested multipart with only its closing
    // delimiter made mail-parser read the parts after it differently, so leaving out a later
    // attachment's content changed the text body the store kept.
    let raw = "Msion: 1.0\nContent-Type: multipart/mixed; boundary=\"----- =_a0\"\n\n\
               ------- =_a0\nContent-Type: multipart/mixed; boundary=\"----- =_a1\":\n\n\
               ------- =_a1--\n\nand this one, whin\n\n------- =_a0\n\
               Content-Type: multipart/alternative; boundary=\"----- =_a4\"\nC\n\n\
               ------- =_a4\nContent-Type: apption/586929.1patch6\n\
               Content-Transfer-Encoding: base64\n\nXXX\n\n------- =_a4--\n\n---\n------- =_a0--\n";
    kept_whole(raw);
}

#[test]
fn a_malformed_type_or_a_message_that_is_only_an_attachment_is_kept_whole() {
    // The fuzz target mime_parse's sixth find: mail-parser reads the type "/n" as text, so the
    // base64 it holds is the message's text body, not an attachment to leave out.
    kept_whole("From:F\0\nContent-Type:/n\nContent-Transfer-Encoding: base64\r\n\r\nJVEQ");
    kept_whole("From: a@b.c\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n");
}

#[test]
fn a_header_line_that_is_no_field_keeps_the_message_whole() {
    // The fuzz target mime_parse's seventh find: a header line without a well-formed field
    // name made mail-parser read the message as text while this module saw a multipart.
    let raw = mixed(
        "boundary=\"b1\"",
        "b1",
        "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64",
    )
    .replacen(
        "Subject: report\r\n",
        "Content-Type\u{df}\u{8b}tml; x\r\n",
        1,
    );
    kept_whole(&raw);
}

/// The block-wise base64 check answers as a byte-by-byte one: a byte outside base64 anywhere
/// (in a full block or in the remainder) is found, and clean content of any length passes.
#[test]
fn the_block_wise_base64_check_finds_a_bad_byte_anywhere() {
    let clean: Vec<u8> = b"QUJD+/=\r\n \t0123456789abcxyzABCXYZ"
        .iter()
        .copied()
        .cycle()
        .take(200)
        .collect();
    for len in 0..clean.len() {
        assert!(super::all_base64(&clean[..len]), "clean, {len} bytes");
        for at in 0..len {
            for bad in [b'-', b'.', 0u8, 0x80, b'*'] {
                let mut content = clean[..len].to_vec();
                content[at] = bad;
                assert!(!super::all_base64(&content), "{bad} at {at} of {len}");
            }
        }
    }
}
