#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/TARGET/ (hand-made messages and
transcripts in the shape real Dovecot, Postfix and mail senders produce), and, given --cpython,
adds CPython's email test corpus (test/test_email/data/msg_*.txt) to the message targets.
Seeds are named seed-*; what the fuzzer adds keeps libFuzzer's hash names."""
import glob, os, sys, sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = "\r\n"

def msg(*lines):
    return (CRLF.join(lines) + CRLF).encode("utf-8")

MESSAGES = {
    "plain": msg("From: Alice <alice@example.com>", "To: bob@example.org", "Subject: Hello",
                 "Date: Sun, 29 Nov 2026 10:00:00 +0900", "Message-ID: <a1@example.com>", "",
                 "Hi Bob,", "", "> quoted", "-- ", "Alice"),
    "euc-kr": b"From: =?EUC-KR?B?vsiz58fPvLy/5A==?= <k@example.kr>\r\nSubject: =?euc-kr?B?x9Gx27ChIMWpwfY=?=\r\n"
              b"Content-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xbe\xc8\xb3\xe7\r\n",
    "rfc2231": msg("From: a@example.com", "Subject: =?utf-8?q?file_=E2=9C=93?=", "MIME-Version: 1.0",
                   'Content-Type: multipart/mixed; boundary="b1"', "", "--b1",
                   "Content-Type: text/plain; charset=utf-8", "", "see attached", "--b1",
                   "Content-Type: application/pdf; name*=utf-8''%EC%A0%9C%EB%B9%84.pdf",
                   "Content-Disposition: attachment; filename*0*=utf-8''..%2F..%2Fetc;",
                   " filename*1=passwd", "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK",
                   "--b1--"),
    "html": msg("From: news@example.com", "Subject: Newsletter", "MIME-Version: 1.0",
                'Content-Type: multipart/alternative; boundary="alt"',
                "List-Unsubscribe: <https://example.com/u?x=1>, <mailto:leave@example.com?subject=stop>",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "", "--alt",
                "Content-Type: text/plain", "", "Plain part", "--alt", "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable", "",
                '<html><body><p>Hi <a href=3D"https://example.com/">link</a><img src=3D"https://t.example/p.gif"></p></body></html>',
                "--alt--"),
    "forwarded": msg("From: a@example.com", "Subject: Fwd: x", "MIME-Version: 1.0",
                     'Content-Type: multipart/mixed; boundary="f"', "", "--f", "Content-Type: message/rfc822", "",
                     "From: b@example.com", "Subject: inner", "Content-Type: text/plain", "", "inner body", "--f--"),
    "dsn": msg("From: MAILER-DAEMON@mx.example.com", "Subject: Undelivered Mail Returned to Sender",
               "MIME-Version: 1.0", 'Content-Type: multipart/report; report-type=delivery-status; boundary="r"', "",
               "--r", "Content-Type: text/plain", "", "I'm sorry to have to inform you...", "--r",
               "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.com",
               "Original-Envelope-Id: <env1@example.com>", "", "Final-Recipient: rfc822; nobody@example.org",
               "Original-Recipient: rfc822;nobody@example.org", "Action: failed", "Status: 5.1.1",
               "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected", "", "--r",
               "Content-Type: text/rfc822-headers", "", "Message-ID: <orig1@example.com>", "--r--"),
    "mdn": msg("From: bob@example.org", "Subject: Read: Hello", "MIME-Version: 1.0",
               'Content-Type: multipart/report; report-type=disposition-notification; boundary="m"', "", "--m",
               "Content-Type: text/plain", "", "Your message was displayed.", "--m",
               "Content-Type: message/disposition-notification", "", "Reporting-UA: bob.example.org; Jebi",
               "Final-Recipient: rfc822;bob@example.org", "Original-Message-ID: <a1@example.com>",
               "Disposition: manual-action/MDN-sent-manually; displayed", "--m--"),
}
HTML = {
    "links": b'<p>Hi <a href="https://a.example/">a</a> <a href="javascript:alert(1)">x</a> <a href="mailto:me@x.org">me</a></p>',
    "table": b"<table><tr><th>A</th><td>1</td></tr><tr><td colspan=2><ul><li>x<ol><li>y</ol></ul></td></tr></table>",
    "script": b"<head><style>p{}</style><script>alert(1)</script></head><body><pre>  x\n y</pre><!-- c --><blockquote>q</blockquote>&amp;&#x202E;&nbsp;</body>",
    "img": b'<img src="https://t.example/p.gif" alt="pixel"><img src="cid:x"><img src="data:image/png;base64,AA==">',
}
HEADERS = {
    "q": b"=?utf-8?q?caf=C3=A9?= and =?ISO-8859-1?Q?a=E9?=",
    "b-euc-kr": b"=?EUC-KR?B?x9Gx27ChIMWpwfY=?=",
    "folded": b"Re: a long\r\n subject =?utf-8?b?7KCc67mE?=\r\n\tend",
}
RFC2231 = {
    "plain": b"attachment; filename=report.pdf",
    "ext": b"attachment; filename*=utf-8''%EC%A0%9C%EB%B9%84.txt",
    "cont": b"attachment; filename*0*=iso-8859-1'en'a%E9; filename*1=b.txt; filename*2*=%2F",
}
IMAP = {  # first byte: limit/4, second: how many piece sizes follow
    "dovecot": bytes([64, 3, 5, 1, 200]) + b"* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] Dovecot ready.\r\n"
               b"* 1 FETCH (UID 7 BODY[] {12}\r\nHello {99}\r\n)\r\na1 OK Fetch completed.\r\n",
    "huge": bytes([1, 0]) + b"* 2 FETCH (BODY[] {4294967296}\r\n",
    "plus": bytes([8, 1, 3]) + b"* 3 FETCH (BODY[HEADER] {40+}\r\n" + b"x" * 40 + b")\r\n",
}
LINES = {
    "starttls": b"* OK Dovecot ready.\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\na2 OK Begin TLS negotiation now.\r\n* injected\r\n",
    "long": b"* OK " + b"x" * 100 + b"\r\n",
}
SMTP = {
    "postfix": b"220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n",
    "ehlo": b"250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n",
    "busy": b"421 4.3.2 Service shutting down\r\n",
}
MAILTO = {
    "simple": b"bob@example.com?subject=Hi%20there&body=Line1%0D%0ALine2",
    "korean": b"%EC%A0%9C%EB%B9%84@example.kr?subject=%EC%95%88%EB%85%95&cc=c@example.com,d@example.com",
    "hostile": b"a@b.c?subject=x%0D%0ABcc:%20evil@x.org&attach=/etc/passwd&in-reply-to=%3Cid@x%3E%0A",
}
XML = {
    "full": b"""<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="example.com">
<domain>example.com</domain><incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port>
<socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
</incomingServer><incomingServer type="pop3"><hostname>pop.example.com</hostname><port>110</port>
<socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port><socketType>STARTTLS</socketType>
<username>%EMAILADDRESS%</username></outgoingServer></emailProvider></clientConfig>""",
    "plain": b"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap.x.org</hostname><port>143</port><socketType>plain</socketType></incomingServer></emailProvider></clientConfig>",
}
POP3 = {
    "dovecot": b"+OK Dovecot ready. <1896.697170952@dbc.mtview.ca.us>\r\n+OK 2 320\r\n1 120\r\n2 200\r\n.\r\n"
               b"1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n-ERR [SYS/TEMP] no such message\r\n",
}
INSTANCE = {"show": b"show\n", "mailto": b"mailto mailto:bob@example.com?subject=Hi\n"}
UNSUB = {
    "both": b"<https://example.com/u?id=1>, <mailto:u@example.com?subject=unsubscribe>\x00List-Unsubscribe=One-Click",
    "http": b"<http://example.com/u>\x00List-Unsubscribe=One-Click",
}

TARGETS = {
    "mime_parse": MESSAGES, "dsn_mdn": MESSAGES, "html_doc": HTML, "html_text": HTML,
    "header_decode": HEADERS, "rfc2231": RFC2231, "literal_guard": IMAP, "plain_line": LINES,
    "smtp_reply": SMTP, "mailto": MAILTO, "autoconfig_xml": XML, "pop3_reply": POP3,
    "instance_request": INSTANCE, "unsubscribe": UNSUB,
}

def main():
    for target, seeds in TARGETS.items():
        out = os.path.join(HERE, "corpus", target)
        os.makedirs(out, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(out, "seed-" + name), "wb") as f:
                f.write(data)
    if "--cpython" in sys.argv:
        data = os.path.join(sysconfig.get_paths()["stdlib"], "test", "test_email", "data")
        files = sorted(glob.glob(os.path.join(data, "msg_*.txt")))
        if not files:
            sys.exit("CPython's email test corpus is missing (Debian: libpython3-testsuite)")
        for target in ("mime_parse", "dsn_mdn"):
            for path in files:
                with open(path, "rb") as src, open(os.path.join(HERE, "corpus", target, "seed-cpython-" + os.path.basename(path)), "wb") as dst:
                    dst.write(src.read())
        print("added %d CPython messages" % len(files))

main()
