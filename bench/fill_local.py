#!/usr/bin/env python3
"""Fill a Jebi data directory's Local Folders Inbox with N synthetic message rows (envelopes
only, no bodies), so the window can be timed on a huge folder without a mail server.
    bench/fill_local.py DATA_DIR N
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


def main():
    data, n = sys.argv[1], int(sys.argv[2])
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
    total = db.execute("SELECT COUNT(*) FROM messages WHERE folder_id = ?", (folder,)).fetchone()[0]
    print(f"fill_local: Local Folders Inbox holds {total} messages")


if __name__ == "__main__":
    main()
