#!/usr/bin/env python3
"""Self-test of the Dovecot test stack (`mailstack.py selftest`): start a stack, check it answers the
way Jebi's tests rely on (IMAP and POP3 logins, special-use folders, delivery, IDLE, UIDVALIDITY
reset, and with --smtp Postfix: STARTTLS/implicit TLS submission, SASL, refusals, delivery, DSN), stop it.
Standard library only.
"""

import base64
import hashlib
import os
import re
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time


def selftest(ms):
    """Start a stack, check it the way the tests use it, stop it. `ms`: the mailstack module."""
    import imaplib
    import poplib
    import smtplib

    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what, file=sys.stderr)
        if not cond:
            failures.append(what)

    tmp = tempfile.mkdtemp(prefix="jebi-mailstack-selftest-")
    os.chmod(tmp, 0o755)
    try:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        for i in range(1, 26):
            name = "%03d" % i + (":2,S" if i % 5 == 0 else "")
            ms._write(os.path.join(src, name),
                   "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: message %d\r\n"
                   "Date: Mon, 1 Jan 2024 10:%02d:00 +0000\r\nMessage-ID: <m%d@example.test>\r\n\r\nbody %d\r\n"
                   % (i, i, i, i))
        sent = os.path.join(tmp, "sent")
        os.makedirs(sent)
        ms._write(os.path.join(sent, "a"), "From: alice@example.test\r\nSubject: sent\r\n\r\nhi\r\n")

        t0 = time.time()
        info = ms.start(os.path.join(tmp, "stack"), [("alice", "alice-pw"), ("bob", "bob-pw")],
                     [("alice", "INBOX", src), ("alice", "Sent", sent), ("alice", "Work/보관", sent)], smtp=True)
        check(True, "start took %.2f s" % (time.time() - t0))
        stack = info["dir"]
        ctx = ssl.create_default_context(cafile=info["ca_file"])

        # IMAPS
        m = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
        der = m.sock.getpeercert(binary_form=True)
        check(hashlib.sha256(der).hexdigest() == info["cert_sha256"], "cert_sha256 matches the served leaf")
        m.login("alice", "alice-pw")
        typ, data = m.capability()
        caps = data[0].decode().upper().split()
        wanted = ["IDLE", "CONDSTORE", "QRESYNC", "MOVE", "UIDPLUS", "SPECIAL-USE", "ENABLE"]
        if os.path.exists("/usr/lib/dovecot/modules/lib30_imap_zlib_plugin.so"):
            wanted.append("COMPRESS=DEFLATE")
        for c in wanted:
            check(c in caps, "CAPABILITY has %s" % c)
        typ, lst = m.list()
        text = b"\n".join(lst).decode()
        for name, su in ms.SPECIAL_USE:
            check(re.search(r'\(([^)]*%s[^)]*)\) "/" "?%s"?$' % (re.escape(su), name), text, re.M) is not None,
                  "LIST shows %s %s" % (name, su))
        check("Work/&vPStAA-" in text, "LIST shows Work/보관 (modified UTF-7 Work/&vPStAA-)")
        typ, data = m.select("INBOX")
        check(typ == "OK" and int(data[0]) == 25, "SELECT INBOX has 25 messages (got %s)" % data)
        typ, data = m.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        subjects = [x[1].decode().strip() for x in data if isinstance(x, tuple)]
        check(subjects == ["Subject: message %d" % i for i in range(1, 26)], "UIDs follow the fill order")
        flags = [x[0].decode() for x in data if isinstance(x, tuple)]
        check(all(("\\Seen" in f) == (i % 5 == 0) for i, f in enumerate(flags, 1)), "':2,S' fill keeps \\Seen")
        typ, data = m.fetch("1", "INTERNALDATE")
        check(b"01-Jan-2024 10:01:00 +0000" in data[0], "INTERNALDATE = Date header (%s)" % data[0])
        typ, data = m.status("Sent", "(MESSAGES)")
        check(b"MESSAGES 1" in data[0], "Sent has 1 message")
        typ, data = m.select("INBOX")
        uidvalidity = int(m.untagged_responses.get("UIDVALIDITY", [b"0"])[0])

        # deliver + NOOP
        one = os.path.join(src, "001")
        ms.deliver(stack, "alice", "INBOX", one)
        typ, data = m.noop()
        check(any(b"26" == d for d in m.untagged_responses.get("EXISTS", [])) or int(m.select("INBOX")[1][0]) == 26,
              "deliver is seen on NOOP (26 messages)")
        m.logout()

        # IDLE sees a delivery
        check(_idle_sees_delivery(ms, info, ctx, lambda: ms.deliver(stack, "alice", "INBOX", one, flags="S")),
              "IDLE reports EXISTS after deliver")

        # reset-uidvalidity, while a session has INBOX selected
        m2 = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
        m2.login("alice", "alice-pw")
        m2.select("INBOX")
        ms.reset_uidvalidity(stack, "alice", "INBOX")
        m = imaplib.IMAP4_SSL("127.0.0.1", info["imaps_port"], ssl_context=ctx)
        m.login("alice", "alice-pw")
        typ, data = m.status("INBOX", "(UIDVALIDITY MESSAGES UIDNEXT)")
        status_uv = int(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1))
        typ, data = m.select("INBOX")
        new_uv = int(m.untagged_responses.get("UIDVALIDITY", [b"0"])[0])
        typ, data2 = m.uid("SEARCH", "ALL")
        uids = [int(x) for x in data2[0].split()]
        check(new_uv != uidvalidity and status_uv == new_uv,
              "reset-uidvalidity: UIDVALIDITY %d -> %d (STATUS %d)" % (uidvalidity, new_uv, status_uv))
        check(uids == list(range(1, 28)), "reset-uidvalidity: UIDs restart at 1 (got %s..)" % uids[:3])
        typ, data = m.uid("FETCH", "1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        check(b"message 1" in data[0][1], "reset-uidvalidity keeps message order")
        m.logout()
        try:
            m2.noop()
            check(False, "the session open during reset-uidvalidity was kicked")
        except Exception:
            check(True, "the session open during reset-uidvalidity was kicked")

        # STARTTLS on the plain IMAP port
        m = imaplib.IMAP4("127.0.0.1", info["imap_port"])
        check("STARTTLS" in m.capabilities, "IMAP port offers STARTTLS")
        m.starttls(ssl_context=ctx)
        m.login("bob", "bob-pw")
        typ, data = m.select("INBOX")
        check(typ == "OK" and int(data[0]) == 0, "STARTTLS login as bob, empty INBOX")
        m.logout()
        m = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
        try:
            m.login("bob", "wrong")
            check(False, "wrong password is refused")
        except imaplib.IMAP4.error:
            check(True, "wrong password is refused")
        m.logout()

        # POP3S and POP3 STLS
        p = poplib.POP3_SSL("localhost", info["pop3s_port"], context=ctx)
        p.user("alice")
        p.pass_("alice-pw")
        check(p.stat()[0] == 27, "POP3S login, STAT 27 messages")
        check(len(p.uidl()[1]) == 27, "POP3 UIDL lists 27")
        p.quit()
        p = poplib.POP3("127.0.0.1", info["pop3_port"])
        check("STLS" in p.capa(), "POP3 port offers STLS")
        p.stls(context=ctx)
        p.user("bob")
        p.pass_("bob-pw")
        check(p.stat()[0] == 0, "POP3 STLS login as bob")
        p.quit()

        # LMTP delivery (the path Postfix will take)
        if info.get("lmtp_port"):
            lm = smtplib.LMTP("127.0.0.1", info["lmtp_port"])
            lm.sendmail("carol@example.test", ["bob@example.test"],
                        b"From: carol@example.test\r\nSubject: via lmtp\r\n\r\nhello\r\n")
            lm.quit()
            m = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
            m.login("bob", "bob-pw")
            typ, data = m.select("INBOX")
            check(int(data[0]) == 1, "LMTP delivered to bob's INBOX")
            m.logout()

        # auth listener answers the Dovecot auth protocol (for Postfix SASL)
        with socket.create_connection(("127.0.0.1", info["auth_port"]), timeout=3) as s:
            s.sendall(b"VERSION\t1\t2\nCPID\t%d\n" % os.getpid())
            data = s.recv(4096)
        check(data.startswith(b"VERSION\t1\t") and b"MECH\tPLAIN" in data, "auth listener speaks Dovecot auth")

        # Postfix: submission (STARTTLS), implicit TLS, SASL, refusals, delivery, DSN
        _smtp_checks(ms, info, ctx, check)

        # a second stack in parallel, then stop both
        infos = []
        errs = []

        def other(i):
            try:
                infos.append(ms.start(os.path.join(tmp, "p%d" % i), smtp=(i == 0)))
            except Exception as e:
                errs.append(e)

        threads = [threading.Thread(target=other, args=(i,)) for i in range(3)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        ports = [x["imaps_port"] for x in infos] + [info["imaps_port"]]
        check(not errs and len(set(ports)) == 4, "3 more stacks start in parallel on distinct ports %s" % errs)
        smtp_ports = [x["smtp_port"] for x in infos if x.get("smtp_port")] + [info["smtp_port"]]
        check(len(set(smtp_ports)) == 2 and all(x["smtp_port"] is None for x in infos if x["dir"][-2:] != "p0"),
              "a second --smtp stack runs alongside (SMTP ports %s), the others have no Postfix" % smtp_ports)
        for x in infos:
            ms.stop(x["dir"])
        ms.stop(stack)
        check(not ms._alive(info["pid"]), "stop ends dovecot")
        check(not ms._alive(info["postfix"]["pid"]) and not _connects(info["smtp_port"]),
              "stop ends postfix (master gone, submission port closed)")
        ms.stop(stack)
        check(True, "stop is idempotent")
    except Exception as e:
        import traceback
        traceback.print_exc()
        failures.append("exception: %r" % e)
        print("log tail:\n" + ms._tail(os.path.join(tmp, "stack", "dovecot.log")), file=sys.stderr)
    finally:
        for d in os.listdir(tmp):
            if os.path.exists(os.path.join(tmp, d, ms.STATE_FILE)):
                ms.stop(os.path.join(tmp, d))
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("selftest FAILED: %d check(s): %s" % (len(failures), "; ".join(failures)), file=sys.stderr)
        return 1
    print("selftest passed", file=sys.stderr)
    return 0


def _idle_sees_delivery(ms, info, ctx, do_deliver):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", info["imaps_port"]), timeout=5),
                        server_hostname="localhost")
    f = s.makefile("rb")

    def until(tag):
        while True:
            line = f.readline()
            if not line:
                raise EOFError("connection closed")
            if line.startswith(tag):
                return line

    try:
        f.readline()
        s.sendall(b"a LOGIN alice alice-pw\r\n")
        until(b"a ")
        s.sendall(b"b SELECT INBOX\r\n")
        until(b"b OK")
        s.sendall(b"c IDLE\r\n")
        until(b"+")
        do_deliver()
        deadline = time.time() + 5
        s.settimeout(5)
        while time.time() < deadline:
            line = f.readline()
            if re.match(rb"\* \d+ EXISTS", line):
                s.sendall(b"DONE\r\n")
                until(b"c OK")
                return True
        return False
    finally:
        s.close()


def _connects(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _wait_files(maildir, n, timeout=5.0, containing=None):
    """Wait until `maildir` (INBOX) holds at least n files (with `containing`: n files containing those bytes);
    returns their contents."""
    deadline = time.time() + timeout
    while True:
        found = []
        for sub in ("new", "cur"):
            d = os.path.join(maildir, sub)
            for name in sorted(os.listdir(d)):
                with open(os.path.join(d, name), "rb") as f:
                    data = f.read()
                if containing is None or containing in data:
                    found.append(data)
        if len(found) >= n or time.time() > deadline:
            return found
        time.sleep(0.02)


def _smtp_checks(ms, info, ctx, check):
    import imaplib
    import smtplib

    port, sport = info["smtp_port"], info["smtps_port"]
    bob_dir, alice_dir = info["users"]["bob"]["maildir"], info["users"]["alice"]["maildir"]
    bob_before = len(_wait_files(bob_dir, 0, 0))

    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.ehlo("selftest.example.test")
    check(s.has_extn("starttls") and not s.has_extn("auth"),
          "submission port offers STARTTLS and no AUTH before TLS")
    code, _ = s.docmd("AUTH", "PLAIN AGFsaWNlAGFsaWNlLXB3")
    check(500 <= code < 600, "AUTH before STARTTLS is refused (%d)" % code)
    code, _ = s.mail("alice@example.test")
    check(code == 530, "MAIL before STARTTLS is refused (%d)" % code)
    s.starttls(context=ctx)
    s.ehlo("selftest.example.test")
    auth = s.esmtp_features.get("auth", "").upper().split()
    check("PLAIN" in auth and "LOGIN" in auth, "after STARTTLS: AUTH PLAIN LOGIN (%s)" % auth)
    check(s.esmtp_features.get("size") == str(20 * 1024 * 1024), "EHLO advertises SIZE 20971520")
    for ext in ("dsn", "8bitmime", "smtputf8", "pipelining", "enhancedstatuscodes"):
        check(s.has_extn(ext), "EHLO advertises %s" % ext.upper())
    # one AUTH PLAIN (smtplib's login() would try LOGIN too: each failure costs Dovecot's 0.5 s failure flush)
    code, _ = s.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0alice\0wrong").decode())
    check(code == 535, "SMTP AUTH with a wrong password is refused (%d)" % code)
    s.login("alice", "alice-pw")
    code, _ = s.mail("alice@example.test", ["SIZE=%d" % (30 * 1024 * 1024)])
    check(code == 552, "MAIL with SIZE above the limit gets 552 (%d)" % code)
    s.rset()
    s.mail("alice@example.test", ["RET=HDRS", "ENVID=selftest-1"])
    code, _ = s.rcpt("bob@example.test", ["NOTIFY=SUCCESS,FAILURE"])
    check(code == 250, "RCPT bob@example.test accepted (%d)" % code)
    code, _ = s.rcpt("bounce@example.test")
    check(code == 250, "RCPT bounce@example.test accepted at RCPT (%d)" % code)
    for rcpt, want, what in (("nobody@example.test", (550, 551, 553, 554), "unknown user: 5xx"),
                             ("tempfail@example.test", (450,), "tempfail: 450"),
                             ("refused@example.test", (550,), "refused: 550"),
                             ("someone@example.com", (550, 554), "outside domain: 5xx")):
        code, msg = s.rcpt(rcpt)
        check(code in want, "RCPT %s -> %s (%d %s)" % (rcpt, what, code, msg.decode(errors="replace")[:50]))
    code, _ = s.data(b"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: via submission\r\n"
                     b"Message-ID: <selftest-1@example.test>\r\n\r\nhello bob\r\n")
    check(code == 250, "DATA accepted on the submission port (%d)" % code)
    s.quit()

    # without AUTH (after STARTTLS) nothing is accepted
    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.starttls(context=ctx)
    s.mail("carol@example.test")
    code, _ = s.rcpt("bob@example.test")
    check(500 <= code < 600, "RCPT without AUTH is refused (%d)" % code)
    s.quit()

    # implicit TLS, login with the full address, an SMTPUTF8 message
    s = smtplib.SMTP_SSL("127.0.0.1", sport, context=ctx, timeout=10)
    s.ehlo("selftest.example.test")
    check(s.has_extn("auth"), "implicit-TLS port offers AUTH")
    s.login("alice@example.test", "alice-pw")
    check(True, "SMTP AUTH as alice@example.test works")
    utf8 = info["postfix"]["delivery"] != "lmtp"  # Dovecot's LMTP cannot take SMTPUTF8 mail
    s.sendmail("alice@example.test", ["bob@example.test"],
               ("From: alice@example.test\r\nTo: bob@example.test\r\nSubject: %s via smtps\r\n\r\n본문\r\n"
               % ("안녕" if utf8 else "hello")).encode(),
               mail_options=["BODY=8BITMIME"] + (["SMTPUTF8"] if utf8 else []))
    s.quit()

    t0 = time.time()
    got = _wait_files(bob_dir, bob_before + 2)
    check(len(got) >= bob_before + 2, "both messages arrive in bob's Maildir (%.2f s)" % (time.time() - t0))
    check(any(b"Subject: via submission" in g for g in got), "the submitted message is in bob's INBOX")
    check(any(("Subject: %s via smtps" % ("안녕" if utf8 else "hello")).encode() in g for g in got),
          "the %smessage sent over implicit TLS arrives intact" % ("SMTPUTF8 " if utf8 else ""))
    ok = _wait_files(alice_dir, 1, containing=b"Action: delivered")
    check(len(ok) == 1 and b"Final-Recipient: rfc822; bob@example.test" in ok[0] and b"selftest-1" in ok[0],
          "alice gets a success DSN for bob (Action: delivered, ENVID kept)")
    failed = _wait_files(alice_dir, 1, containing=b"Action: failed")
    check(len(failed) == 1 and b"bounce@example.test" in failed[0], "alice gets a failure DSN for bounce@")
    m = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
    try:
        m.login("alice@example.test", "alice-pw")
        check(False, "IMAP does not accept alice@example.test (the alias is for SMTP AUTH only)")
    except imaplib.IMAP4.error:
        check(True, "IMAP does not accept alice@example.test (the alias is for SMTP AUTH only)")
    m.logout()
