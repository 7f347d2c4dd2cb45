#!/usr/bin/env python3
"""Fill a Jebi data directory's Local Folders Inbox with N synthetic message rows (envelopes
only, no bodies), so the window can be timed on a huge folder without a mail server.
    bench/fill_local.py DATA_DIR N [--newsletter]
--newsletter also adds, as the newest message, a long HTML newsletter with its body (about
30,000 characters of text: headings, bold and italic runs, links, lists, a table, blocked remote
pictures, Korean and Latin in the same lines), for timing the reader's scroll.
The data directory must have been opened by `jebi` once (it creates the store and Local Folders).
"""
import os
import sqlite3
import sys


# The list's preview line of each message (NO_SNIPPETS=1: none, as stores made before schema 6).
SNIPPET = (
    ""
    if os.environ.get("NO_SNIPPETS") == "1"
    else "Hello, the figures for week {week} are attached; please look at them before Monday."
)


def newsletter_html():
    """A long newsletter as mailing-list software sends it."""
    parts = [
        '<html><body style="margin:0"><table width="100%"><tr><td align="center">'
        '<img src="https://news.example.test/logo.png" alt="Example Weekly" width="200">'
        "<h1>Example Weekly &mdash; issue 48</h1></td></tr></table>"
    ]
    for i in range(60):
        parts.append(
            f"<h2>{i + 1}. Story number {i + 1}: what changed this week</h2>"
            f"<p>This week's <b>top story</b> is about <i>release {i}.0</i>, which landed on "
            f'Tuesday. <a href="https://news.example.test/story/{i}">Read the whole story</a> '
            "or skip to the next one. 이번 주 소식: <b>새 버전</b>이 나왔습니다, and the "
            "changelog lists forty-two fixes.</p>"
            f"<p>Numbers for item {i}: downloads rose by {i * 3}% and the mean start-up "
            "time fell to 180 ms. 회의는 목요일 오후 세 시에 열립니다.</p>"
            "<ul><li>One thing to try</li><li>Another thing, <i>slightly longer</i>, to "
            "wrap</li><li>A third</li></ul>"
        )
        if i % 10 == 5:
            parts.append(
                '<table border="1"><tr><th>Plan</th><th>Price</th><th>Seats</th></tr>'
                "<tr><td>Basic</td><td>$5</td><td>1</td></tr>"
                "<tr><td>Team</td><td>$25</td><td>10</td></tr></table>"
                f'<p><img src="https://news.example.test/chart-{i}.png" alt="chart {i}"></p>'
            )
    parts.append(
        '<hr><p style="font-size:11px">You get this because you subscribed. '
        '<a href="https://news.example.test/unsubscribe">Unsubscribe</a>.</p></body></html>'
    )
    return "".join(parts)


def add_newsletter(db, folder):
    """The newsletter as the folder's newest message, body stored inline (as Local Folders'
    mail is)."""
    html = newsletter_html()
    raw = (
        "From: Example Weekly <news@example.test>\r\nTo: reader@example.test\r\n"
        "Subject: Example Weekly, issue 48\r\nDate: Tue, 1 Dec 2026 09:00:00 +0000\r\n"
        "Message-ID: <issue48@news.example.test>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n" + html
    ).encode()
    uid, date = db.execute(
        "SELECT COALESCE(MAX(uid), 0) + 1, COALESCE(MAX(date), 1790000000) + 60 FROM messages"
        " WHERE folder_id = ?",
        (folder,),
    ).fetchone()
    cur = db.execute(
        "INSERT INTO messages (folder_id, uid, flags, seen, size, internal_date, date, subject,"
        " from_name, from_email, has_body, snippet)"
        " VALUES (?, ?, '', 0, ?, ?, ?, 'Example Weekly, issue 48',"
        " 'Example Weekly', 'news@example.test', 1, 'This week''s top story')",
        (folder, uid, len(raw), date, date),
    )
    db.execute("INSERT INTO bodies (message_id, raw) VALUES (?, ?)", (cur.lastrowid, raw))
    print(f"fill_local: newsletter added ({len(raw)} bytes)")


def main():
    data, n = sys.argv[1], int(sys.argv[2])
    newsletter = "--newsletter" in sys.argv[3:]
    db = sqlite3.connect(f"{data}/mail.sqlite")
    row = db.execute(
        "SELECT id FROM folders WHERE account_id = 'local' AND name = 'Inbox'"
    ).fetchone()
    if row is None:
        sys.exit("fill_local: no Local Folders Inbox: open the window on this data dir once first")
    folder = row[0]
    start = db.execute(
        "SELECT COALESCE(MAX(uid), 0) FROM messages WHERE folder_id = ?", (folder,)
    ).fetchone()[0]
    rows = (
        (
            folder,
            start + 1 + i,
            # The flags text agrees with the seen/flagged columns (a flag change rewrites
            # both from the text).
            " ".join(f for f, on in (("\\Seen", i % 3), ("\\Flagged", i % 17 == 0)) if on),
            1 if i % 3 else 0,
            1 if i % 17 == 0 else 0,
            1000 + i % 5000,
            1_790_000_000 - i * 60,
            1_790_000_000 - i * 60,
            f"Subject of message {i} about the quarterly report",
            f"Sender number {i}",
            f"s{i}@example.test",
            1 if i % 7 == 0 else 0,
            SNIPPET.format(week=i % 52),
        )
        for i in range(n)
    )
    with db:
        db.executemany(
            "INSERT INTO messages (folder_id, uid, flags, seen, flagged, size, internal_date, date,"
            " subject, from_name, from_email, has_attachments, snippet)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    if newsletter:
        with db:
            add_newsletter(db, folder)
    total = db.execute("SELECT COUNT(*) FROM messages WHERE folder_id = ?", (folder,)).fetchone()[0]
    print(f"fill_local: Local Folders Inbox holds {total} messages")


if __name__ == "__main__":
    main()
