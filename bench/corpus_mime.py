#!/usr/bin/env python3
"""Encoding helpers of the benchmark corpus (bench/gen_corpus.py): encoded words, folding,
bodies, dates, weighted choice, people and threads.
"""

import base64
import binascii
import datetime as dt

from corpus_words import (
    QUERIES, CODECS, DOW, MON, TZ_NAMES, QSAFE, QUOTE_PREFIX)


def has_batchim(word):
    o = ord(word[-1]) - 0xAC00
    return 0 <= o < 11172 and o % 28 != 0


def ko_particle(noun, rng):
    r = rng.random()
    b = has_batchim(noun)
    if r < 0.16:
        return noun + ("은" if b else "는")
    if r < 0.32:
        return noun + ("이" if b else "가")
    if r < 0.50:
        return noun + ("을" if b else "를")
    if r < 0.58:
        return noun + ("과" if b else "와")
    if r < 0.64:
        rieul = (ord(noun[-1]) - 0xAC00) % 28 == 8 if b else False
        return noun + ("으로" if b and not rieul else "로")
    if r < 0.72:
        return noun + "에"
    if r < 0.78:
        return noun + "에서"
    if r < 0.90:
        return noun + "의"
    return noun + "도"


def contains_term(s):
    low = s.lower()
    return any(t in low for t in QUERIES) or "quarterly" in low or "alice" in low


def b64_body(data):
    enc = base64.b64encode(data)
    return b"\r\n".join([enc[k:k + 76] for k in range(0, len(enc), 76)]) + b"\r\n"


def qp_body(data):
    return binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


def ew_b(text, charset):
    """RFC 2047 B encoded words (each at most ~75 chars), split on characters."""
    codec = CODECS[charset.lower()]
    chunks, cur = [], ""
    for ch in text:
        t = cur + ch
        if cur and len(t.encode(codec)) > 45:
            chunks.append(cur)
            cur = ch
        else:
            cur = t
    if cur:
        chunks.append(cur)
    return ["=?%s?B?%s?=" % (charset, base64.b64encode(c.encode(codec)).decode("ascii"))
            for c in chunks]


def ew_q(text, charset="UTF-8"):
    codec = CODECS[charset.lower()]
    words, cur = [], ""
    room = 75 - len(charset) - 7
    for ch in text:
        enc = "".join("_" if b == 32 else chr(b) if b in QSAFE else "=%02X" % b
                      for b in ch.encode(codec))
        if cur and len(cur) + len(enc) > room:
            words.append(cur)
            cur = ""
        cur += enc
    if cur:
        words.append(cur)
    return ["=?%s?Q?%s?=" % (charset, w) for w in words]


def fold(name, tokens):
    """Header line from whitespace-separated tokens, folded near 76 columns."""
    lines, line = [], name + ":"
    first = True
    for tok in tokens:
        if not first and len(line) + 1 + len(tok) > 76:
            lines.append(line)
            line = " " + tok
        else:
            line += " " + tok
        first = False
    lines.append(line)
    return "\r\n".join(lines)


def wrap_text(text, width):
    """Hard-wrap long lines at spaces (keeping '> ' quote prefixes)."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        m = QUOTE_PREFIX.match(line)
        prefix = m.group(0) if m else ""
        body = line[len(prefix):].replace("quarterly report", "quarterly\x00report")
        cur = prefix
        for w in body.split(" "):
            if len(cur) > len(prefix) and len(cur) + 1 + len(w) > width:
                out.append(cur.replace("\x00", " "))
                cur = prefix + w
            elif len(cur) > len(prefix):
                cur += " " + w
            else:
                cur += w
        out.append(cur.replace("\x00", " "))
    return "\n".join(out)


def fmt_date(t, tz_min, rng, comment=True):
    local = t + dt.timedelta(minutes=tz_min)
    sign = "+" if tz_min >= 0 else "-"
    a = abs(tz_min)
    day = "%02d" % local.day if rng.random() < 0.6 else str(local.day)
    s = "%s %s %d %02d:%02d:%02d %s%02d%02d" % (
        day, MON[local.month - 1], local.year, local.hour, local.minute, local.second,
        sign, a // 60, a % 60)
    if rng.random() < 0.93:
        s = DOW[local.weekday()] + ", " + s
    if comment and tz_min in TZ_NAMES and rng.random() < 0.25:
        s += " (%s)" % TZ_NAMES[tz_min]
    return s


def weighted(rng, table):
    total = sum(w for w, *_ in table)
    r = rng.random() * total
    for row in table:
        r -= row[0]
        if r < 0:
            return row
    return table[-1]


class Person:
    __slots__ = ("name", "roman", "first", "addr", "lang", "tz", "title", "company")

    def __init__(self, name, roman, first, addr, lang, tz, title, company):
        self.name, self.roman, self.first, self.addr = name, roman, first, addr
        self.lang, self.tz, self.title, self.company = lang, tz, title, company


class Thread:
    __slots__ = ("subject", "lang", "charset", "mlist", "msgs")

    def __init__(self, subject, lang, charset, mlist):
        self.subject, self.lang, self.charset, self.mlist = subject, lang, charset, mlist
        self.msgs = []


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------
