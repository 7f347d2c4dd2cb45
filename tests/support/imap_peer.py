#!/usr/bin/env python3
"""A second IMAP client for tests (Python imaplib over TLS with the test CA): it changes the
same mailbox as Jebi and reports exactly what the server holds.

  imap_peer.py --port P --ca CA --user U --password W state
      -> JSON {"FOLDER": {"UID": ["\\Seen", ...]}} for every selectable folder
  ... store FOLDER UIDSET (+|-)FLAGS FLAGLIST       e.g. store INBOX 1:3 +FLAGS "(\\Seen)"
  ... move FOLDER UIDSET TARGET                      (UID MOVE)
  ... expunge FOLDER UIDSET                          (\\Deleted + UID EXPUNGE of exactly these)
  ... mark-deleted FOLDER UIDSET                     (\\Deleted only, no expunge)
  ... create NAME | delete NAME | rename OLD NEW
  ... append FOLDER FILE
  ... messages
      -> JSON {"FOLDER": {"UID": {"flags": [...], "id": "<message-id>"}}} for every folder
  ... script FILE
      FILE holds a JSON list of commands (["store", "INBOX", "3", "+FLAGS", "(\\Seen)"], ...,
      also ["append-raw", FOLDER, TEXT]); all run in one session, in order
"""
import argparse
import imaplib
import json
import re
import ssl
import sys


def connect(a):
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.check_hostname = False
    m = imaplib.IMAP4_SSL("127.0.0.1", a.port, ssl_context=ctx)
    m.login(a.user, a.password)
    return m


def ok(res, what):
    typ, data = res
    if typ != "OK":
        sys.exit("%s: %s %r" % (what, typ, data))
    return data


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folders(m):
    out = []
    for line in ok(m.list('""', "*"), "LIST"):
        text = line.decode()
        if "\\Noselect" in text or "\\NonExistent" in text:
            continue
        name = re.match(r'\(.*?\) (?:"."|NIL) (.*)$', text).group(1)
        if name.startswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        out.append(name)
    return out


def state(m):
    result = {}
    for f in folders(m):
        ok(m.select(quote(f), readonly=True), "SELECT " + f)
        msgs = {}
        data = ok(m.uid("FETCH", "1:*", "(UID FLAGS)"), "FETCH")
        for item in data:
            if not item:
                continue
            text = item.decode() if isinstance(item, bytes) else item[0].decode()
            uid = re.search(r"UID (\d+)", text)
            flags = re.search(r"FLAGS \(([^)]*)\)", text)
            if uid:
                msgs[uid.group(1)] = sorted(x for x in (flags.group(1).split() if flags else [])
                                            if x != "\\Recent")
        result[f] = msgs
    return result


def messages(m):
    """Every message's flags and Message-ID, per folder."""
    result = {}
    for f in folders(m):
        ok(m.select(quote(f), readonly=True), "SELECT " + f)
        msgs = {}
        data = ok(m.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
                  "FETCH")
        for item in data:
            if not isinstance(item, tuple):
                continue
            text = item[0].decode()
            uid = re.search(r"UID (\d+)", text)
            flags = re.search(r"FLAGS \(([^)]*)\)", text)
            mid = re.search(r"<[^>]*>", item[1].decode(errors="replace"))
            if uid:
                msgs[uid.group(1)] = {
                    "flags": sorted(x for x in (flags.group(1).split() if flags else [])
                                    if x != "\\Recent"),
                    "id": mid.group(0) if mid else None,
                }
        result[f] = msgs
    return result


def run(m, c, args):
    if c == "state":
        print(json.dumps(state(m), sort_keys=True))
    elif c == "messages":
        print(json.dumps(messages(m), sort_keys=True))
    elif c == "script":
        with open(args[0]) as f:
            for step in json.load(f):
                run(m, step[0], step[1:])
    elif c == "store":
        ok(m.select(quote(args[0])), "SELECT")
        ok(m.uid("STORE", args[1], args[2], args[3]), "STORE")
    elif c == "move":
        ok(m.select(quote(args[0])), "SELECT")
        ok(m.uid("MOVE", args[1], quote(args[2])), "MOVE")
    elif c in ("expunge", "mark-deleted"):
        ok(m.select(quote(args[0])), "SELECT")
        ok(m.uid("STORE", args[1], "+FLAGS.SILENT", "(\\Deleted)"), "STORE")
        if c == "expunge":
            ok(m.uid("EXPUNGE", args[1]), "UID EXPUNGE")
    elif c == "create":
        ok(m.create(quote(args[0])), "CREATE")
    elif c == "delete":
        ok(m.delete(quote(args[0])), "DELETE")
    elif c == "rename":
        ok(m.rename(quote(args[0]), quote(args[1])), "RENAME")
    elif c == "append":
        with open(args[1], "rb") as f:
            ok(m.append(quote(args[0]), None, None, f.read()), "APPEND")
    elif c == "append-raw":
        ok(m.append(quote(args[0]), None, None, args[1].encode()), "APPEND")
    else:
        sys.exit("unknown command " + c)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("cmd")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    m = connect(a)
    run(m, a.cmd, a.args)
    m.logout()


if __name__ == "__main__":
    main()
