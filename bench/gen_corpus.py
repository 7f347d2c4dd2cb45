#!/usr/bin/env python3
"""Deterministic benchmark mail corpus generator for Jebi.

    python3 bench/gen_corpus.py --out DIR --count N [--seed S] [--profile standard|attachments]
                                [--maildir] [--manifest FILE] [--force]

Writes N raw RFC 5322 messages (CRLF line endings, as an IMAP server stores
them), one file per message, named ``msg-000001:2,S``; the part after ``:2,``
is the Maildir flag string for that message (``S`` ~70%, ``FS``/``F`` ~5%,
unseen ``""`` ~25%).  With ``--maildir`` the files go to DIR/cur and DIR/new,
DIR/tmp are created, so DIR is a loadable Maildir.

The same seed and count always produce byte-identical output (Python 3 stdlib
only, no dependence on hash randomisation, locale or clock).

Mix (approximate shares of all messages):
  plain        50%  text/plain, UTF-8, quoted-printable / 8bit / 7bit
  alternative  30%  multipart/alternative text + HTML (tables, links, styles,
                    remote <img src="http://..."> on about half)
  mixed        15%  multipart/mixed with base64 attachments 10-200 KB
                    (PDF-/ZIP-/OOXML-like blobs); 1.5% of all messages carry
                    one large attachment of 0.5-2 MiB
  related     2.5%  multipart/related HTML with an inline cid: image
  forward     1.5%  multipart/mixed with an attached message/rfc822
  calendar      1%  multipart/alternative with a text/calendar invitation
Orthogonal facets: ~15% Korean (9% UTF-8, 6% EUC-KR, a tenth of the latter
labelled ks_c_5601-1987 as Outlook does), ~40% replies (In-Reply-To /
References / "Re:"), ~12% mailing-list traffic (List-Id), alice@example.com
as sender on ~5%.

Benchmark query terms (see bench/queries.txt) are injected with fixed
per-message probabilities; the random vocabularies never contain them, so
hit counts are controlled.  ``--manifest FILE`` writes JSON with exact
expected hit counts per query (substring and whole-token semantics) and
per-message facts, for tests and for checking search results.

A one-line summary goes to stderr.  When N >= 50 every kind and facet is
guaranteed to appear at least once.

--profile attachments (bench/corpus_heavy.py) keeps the text, threads and Korean mix
above and makes the corpus attachment-heavy: 2.1% of messages over 1 MiB, 3 per 20,000
(at least 1 from 1000 messages) of ~20 MiB, 3.5% with 50-500 KB PDFs/images/Office
files, 2.5% more forwarded message/rfc822 parts (half with attachments of their own);
~1.1 GB at 20,000 messages.  A second stderr line gives its size distribution.  The
default profile "standard" is unchanged (byte-identical for the same seed and count).
"""

import argparse
import base64
import datetime as dt
import hashlib
import html
import json
import os
import random
import re
import sys
import time
from urllib.parse import quote as urlquote

from corpus_words import (
    DEFAULT_SEED, EN_WORDS, EN_NONASCII, EN_EMOJI, EN_FIRST, EN_LAST, EN_SPECIAL_NAMES, KO_SURNAMES,
    KO_GIVEN, KO_TITLES, KO_NOUNS, KO_ADVERBS, KO_ENDINGS, PROJECTS, SERVICES, COMPANIES,
    TABLE_ITEMS_EN, TABLE_ITEMS_KO, ATT_NAMES_EN, ATT_NAMES_KO, ATT_TYPES, DOMAINS_EN, DOMAINS_KO,
    ME_ADDR, ALICE_ADDR, MAILING_LISTS, MAILERS, QUERIES, TERM_RATES, ALICE_RATE, EN_TERMS,
    TERM_SENTENCES, TERM_SUBJECTS, SUBJECTS_EN, SUBJECTS_KO, DOW, MON, KO_DOW, EPOCH_START,
    SPAN_SECONDS, TZ_EN, TAG_RE, TOKEN_RE)
from corpus_mime import (
    ko_particle, contains_term, b64_body, ew_b, fold, fmt_date, Person, Thread)
from corpus_parts import CorpusParts
from corpus_heavy import CorpusHeavy, size_stats

KINDS = ["plain", "alternative", "mixed", "related", "forward", "calendar"]
REPLYABLE = ("plain", "alternative", "mixed", "related")


class CorpusGen(CorpusParts, CorpusHeavy):
    def __init__(self, seed, count, profile="standard"):
        self.seed = seed
        self.count = count
        self.profile = profile
        self.heavy = {}  # attachments profile: message index -> attachment class
        self.rng = random.Random("jebi-corpus:%d" % seed)
        self._check_vocab()
        # Zipf-like bag: word at rank r appears about (N+8)/(r+8) times.
        self.en_bag = [w for r, w in enumerate(EN_WORDS)
                       for _ in range(max(1, round((len(EN_WORDS) + 8) / (r + 8))))]
        self.ko_tokens = self._ko_tokens()
        self._make_people()
        self.pool = []
        self.stats = {}

    # -- set-up --------------------------------------------------------------

    def _check_vocab(self):
        for w in EN_WORDS + PROJECTS + SERVICES + EN_FIRST + EN_LAST + KO_NOUNS + KO_ENDINGS \
                + KO_ADVERBS + TABLE_ITEMS_EN + TABLE_ITEMS_KO + ATT_NAMES_EN + ATT_NAMES_KO \
                + SUBJECTS_EN + SUBJECTS_KO + COMPANIES + EN_NONASCII:
            assert not contains_term(w), w
        for (term, lang), sents in TERM_SENTENCES.items():
            for s in sents:
                for other in QUERIES:
                    if other != term:
                        assert other not in s.lower(), (term, s)
                if term != "quarterly report":
                    assert "quarterly" not in s.lower()
        for w in KO_NOUNS + KO_ENDINGS + KO_ADVERBS + TABLE_ITEMS_KO + ATT_NAMES_KO \
                + SUBJECTS_KO + [s for k, v in TERM_SENTENCES.items() if k[1] == "ko" for s in v] \
                + [s for v in TERM_SUBJECTS.values() for s in v] \
                + [a for a, _ in KO_SURNAMES] + [a for a, _ in KO_GIVEN] + KO_TITLES:
            w.encode("euc_kr")  # raises if not in KS X 1001

    def _ko_tokens(self):
        r = random.Random(1)
        toks = set()
        for n in KO_NOUNS:
            toks.add(n)
            for _ in range(40):
                toks.add(ko_particle(n, r))
        return sorted(t for t in toks if not contains_term(t))

    def _make_people(self):
        rng = random.Random("jebi-people:%d" % self.seed)
        self.en_people, self.ko_people = [], []
        seen = {ALICE_ADDR, ME_ADDR}
        for i in range(260):
            if i % 13 == 0:
                first, last = EN_SPECIAL_NAMES[(i // 13) % len(EN_SPECIAL_NAMES)]
            else:
                first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
            dom = rng.choice(DOMAINS_EN)
            ascii_first = re.sub(r"[^a-z]", "", first.lower().encode("ascii", "ignore").decode())
            ascii_last = re.sub(r"[^a-z]", "", last.lower().encode("ascii", "ignore").decode())
            ascii_first = ascii_first or "x"
            ascii_last = ascii_last or "y"
            style = rng.random()
            local = ("%s.%s" % (ascii_first, ascii_last) if style < 0.6 else
                     "%s%s" % (ascii_first[0], ascii_last) if style < 0.9 else ascii_first)
            addr = "%s@%s" % (local, dom)
            k = 2
            while addr in seen:
                addr = "%s%d@%s" % (local, k, dom)
                k += 1
            seen.add(addr)
            self.en_people.append(Person("%s %s" % (first, last), None, first.split()[-1], addr,
                                         "en", rng.choice(TZ_EN),
                                         rng.choice(["Engineer", "Product Manager", "Designer",
                                                     "Account Manager", "Director", "Analyst"]),
                                         rng.choice(COMPANIES[:10])))
        for i in range(140):
            (sn, sr), (gn, gr) = rng.choice(KO_SURNAMES), rng.choice(KO_GIVEN)
            dom = rng.choice(DOMAINS_KO)
            local = ("%s.%s" % (gr.lower(), sr.lower()) if rng.random() < 0.7 else
                     "%s%s" % (sr.lower(), gr.lower()))
            addr = "%s@%s" % (local, dom)
            k = 2
            while addr in seen:
                addr = "%s%d@%s" % (local, k, dom)
                k += 1
            seen.add(addr)
            self.ko_people.append(Person(sn + gn, "%s %s" % (gr, sr), gn, addr, "ko", 540,
                                         rng.choice(KO_TITLES).strip(),
                                         rng.choice(COMPANIES[10:])))
        self.alice = Person("Alice Walker", None, "Alice", ALICE_ADDR, "en", -300,
                            "Finance Lead", "Acme Corp")
        self.me = Person("Jin Lee", None, "Jin", ME_ADDR, "en", 540, "Engineer", "Jebi")
        self.me_ko = Person("이진", "Jin Lee", "진", ME_ADDR, "ko", 540, "", "Jebi")

    # -- planning ------------------------------------------------------------

    def plan(self):
        rng, n = self.rng, self.count
        plans = []
        for i in range(n):
            r = rng.random()
            kind = ("plain" if r < 0.50 else "alternative" if r < 0.80 else "mixed" if r < 0.95
                    else "related" if r < 0.975 else "forward" if r < 0.99 else "calendar")
            r = rng.random()
            lang, charset = (("ko", "utf-8") if r < 0.09 else ("ko", "euc-kr") if r < 0.15
                             else ("en", "utf-8"))
            p = {
                "kind": kind, "lang": lang, "charset": charset,
                "large": kind == "mixed" and rng.random() < 0.10,
                "reply": i > 0 and kind in REPLYABLE and rng.random() < 0.43,
                "alice": rng.random() < ALICE_RATE,
                "list": rng.random() < 0.12,
            }
            f = rng.random()
            p["flags"] = "S" if f < 0.70 else "FS" if f < 0.74 else "F" if f < 0.75 else ""
            p["terms"] = [t for t, prob, langs in TERM_RATES if rng.random() < prob and lang in langs]
            plans.append(p)
        if n >= 50:
            self._force(plans)
        if self.profile == "attachments":
            for p in plans:
                p["large"] = False  # the big/huge classes replace the standard large attachments
            self.heavy = self.plan_heavy(plans)
        return plans

    def _force(self, plans):
        specs = [
            dict(kind="plain", lang="en", charset="utf-8", cte="qp", reply=False),
            dict(kind="plain", lang="en", charset="utf-8", cte="8bit", reply=False),
            dict(kind="alternative", lang="en", charset="utf-8", remote_img=True),
            dict(kind="mixed", large=False, lang="en", charset="utf-8"),
            dict(kind="mixed", large=True),
            dict(kind="plain", lang="ko", charset="utf-8", reply=False),
            dict(kind="plain", lang="ko", charset="euc-kr", reply=False),
            dict(kind="alternative", lang="ko", charset="euc-kr", reply=False),
            dict(kind="mixed", lang="ko", charset="utf-8", kfname="2231", large=False),
            dict(kind="mixed", lang="ko", charset="euc-kr", kfname="2047", large=False),
            dict(kind="mixed", lang="ko", charset="utf-8", kfname="2231c", large=False),
            dict(kind="mixed", lang="ko", charset="utf-8", kfname="tb", large=False),
            dict(kind="plain", lang="ko", charset="euc-kr", ksc=True),
            dict(kind="related", reply=False), dict(kind="forward", reply=False),
            dict(kind="calendar", reply=False),
            dict(alice=True), dict(list=True),
            dict(flags="S"), dict(flags="F"), dict(flags="FS"), dict(flags=""),
        ]
        for term, _, langs in TERM_RATES:
            specs.append(dict(lang=langs[0], charset="utf-8", addterm=term))
        specs += [
            dict(kind="plain", lang="en", charset="utf-8", reply=True, quote=True),
            dict(kind="alternative", lang="en", charset="utf-8", reply=True, quote=True),
            dict(kind="plain", lang="ko", charset="utf-8", reply=False, large=False),
            dict(kind="plain", lang="ko", charset="utf-8", reply=True, quote=True),
        ]
        n = len(plans)
        # plan[0] is always an English root so forced English replies have a thread.
        plans[0].update(kind="plain", lang="en", charset="utf-8", reply=False, large=False)
        plans[0]["terms"] = [t for t in plans[0]["terms"] if t in EN_TERMS]
        m = len(specs)
        for j, spec in enumerate(specs):
            p = plans[(j + 1) * n // (m + 1)]
            spec = dict(spec)
            term = spec.pop("addterm", None)
            p.update(spec)
            if p["kind"] != "mixed":
                p["large"] = False
            if p["kind"] not in REPLYABLE:
                p["reply"] = False
            if p["lang"] == "en":
                p["charset"] = "utf-8"
            p["terms"] = [t for t, _, langs in TERM_RATES
                          if (t in p["terms"] or t == term) and p["lang"] in langs]

    # -- one message ---------------------------------------------------------

    def choose_thread(self, rng, lang, charset):
        cands = []
        for t in reversed(self.pool):
            if t.lang == lang and t.charset == charset:
                cands.append(t)
                if len(cands) >= 120:
                    break
        if not cands:
            return None
        return cands[int(len(cands) * rng.random() ** 2)]

    def message(self, i, p):
        rng = self.rng
        lang, charset, kind = p["lang"], p["charset"], p["kind"]
        body_charset = charset
        if charset == "euc-kr" and (p.get("ksc") or rng.random() < 0.1):
            body_charset = "ks_c_5601-1987"
        t = EPOCH_START + dt.timedelta(seconds=SPAN_SECONDS * (i + 0.2 + 0.6 * rng.random())
                                       / self.count)
        people = self.ko_people if lang == "ko" else self.en_people
        me = self.me_ko if lang == "ko" else self.me
        hv = (self.heavy_parts(i, self.heavy[i], t, lang, charset, people)
              if i in self.heavy else None)  # own random stream: self.rng is untouched

        thread, parent = None, None
        if p["reply"]:
            thread = self.choose_thread(rng, lang, charset)
            if thread is not None:
                parent = thread.msgs[-1] if rng.random() < 0.85 else rng.choice(thread.msgs)
        # participants
        if parent is not None:
            cands = [x for x in parent["to"] + parent["cc"] if x is not parent["from"]]
            sender = self.alice if p["alice"] else (rng.choice(cands) if cands and rng.random() < 0.8
                                                   else rng.choice(people))
            to = [parent["from"]] if parent["from"] is not sender else [me]
            cc = [x for x in cands if x is not sender and x not in to][:4]
        else:
            sender = self.alice if p["alice"] else rng.choice(people)
            to = [me]
            if rng.random() < 0.35:
                to += rng.sample(people, rng.randint(1, 3))
            cc = rng.sample(people, rng.randint(1, 3)) if rng.random() < 0.35 else []
            if lang == "en" and rng.random() < 0.1:
                cc.append(rng.choice(self.ko_people))
            to = [x for x in dict.fromkeys(to) if x is not sender] or [me]
            cc = [x for x in dict.fromkeys(cc) if x is not sender and x not in to]

        # subject
        terms = list(p["terms"])
        mlist = None
        if thread is not None:
            base_subject = thread.subject
            mlist = thread.mlist
        else:
            if p["list"]:
                cand = [m for m in MAILING_LISTS if m[3] == lang]
                mlist = rng.choice(cand)
            subj_terms = [tm for tm in terms if tm in TERM_SUBJECTS]
            if subj_terms and rng.random() < 0.3:
                st = rng.choice(subj_terms)
                if lang == "ko" and st + "/ko" in TERM_SUBJECTS:
                    st += "/ko"
                base_subject = self.fill(rng, rng.choice(TERM_SUBJECTS[st]))
            else:
                tmpl = rng.choice(SUBJECTS_KO if lang == "ko" else SUBJECTS_EN)
                base_subject = self.fill(rng, tmpl)
            if mlist and mlist[2]:
                base_subject = mlist[2] + " " + base_subject
            if charset == "euc-kr":
                base_subject = "".join(c for c in base_subject if ord(c) < 0x2000 or
                                       c.encode("euc_kr", "ignore"))
        if kind == "forward":
            fwd_prefix = "전달: " if lang == "ko" and rng.random() < 0.4 else rng.choice(["Fwd: ", "FW: "])
            subject = None  # set after inner message is built
        elif parent is not None:
            subject = ("RE: " if rng.random() < 0.2 else "Re: ") + base_subject
        else:
            subject = base_subject

        # body text
        spice = lang == "en" and rng.random() < 0.35
        target = int(300 * (20000 / 300) ** rng.random())
        if lang == "ko":
            target = int(target / 2.2)
        quote_plain, quote_tuple = "", None
        want_quote = parent is not None and (p.get("quote") or rng.random() < 0.8)
        new_target = max(120, target // 2) if want_quote else target
        paras = self.paragraphs(rng, lang, max(60, new_target - 200), spice)
        if spice and rng.random() < 0.3:
            paras[-1].append(rng.choice(EN_EMOJI))
        self.inject_terms(rng, paras, terms, lang)
        if lang == "ko":
            greeting = "안녕하세요, %s님." % (to[0].name if to[0].lang == "ko" else to[0].first)
            closing = ["감사합니다.", "%s 드림" % sender.name if sender.lang == "ko" else sender.name]
            sig = ["%s%s" % (sender.name, (" " + sender.title) if sender.title else ""),
                   "%s | Tel. 02-%d-%04d" % (sender.company, rng.randint(300, 999), rng.randint(0, 9999))]
        else:
            greeting = rng.choice(["Hi %s,", "Hello %s,", "Dear %s,", "%s,"]) % to[0].first \
                if rng.random() < 0.8 else rng.choice(["Hi all,", "Hello team,", "Hi everyone,"])
            closing = [rng.choice(["Thanks,", "Best regards,", "Cheers,", "Best,", "Kind regards,"]),
                       sender.first]
            sig = ["%s" % sender.name, "%s, %s" % (sender.title, sender.company),
                   "+1 (555) %03d-%04d" % (rng.randint(100, 999), rng.randint(0, 9999))]
        if want_quote:
            ptext = parent["text"]
            room = max(200, target - new_target)
            if len(ptext) > room:
                cut = ptext.rfind("\n", 0, room)
                ptext = ptext[:cut if cut > 0 else room]
            pdate = parent["t"] + dt.timedelta(minutes=parent["from"].tz)
            if rng.random() < 0.75:
                if lang == "ko":
                    hh = pdate.hour
                    attribution = "%d년 %d월 %d일 (%s) %s %d:%02d, %s <%s>님이 작성:" % (
                        pdate.year, pdate.month, pdate.day, KO_DOW[pdate.weekday()],
                        "오전" if hh < 12 else "오후", (hh % 12) or 12, pdate.minute,
                        parent["from"].name, parent["from"].addr)
                else:
                    attribution = "On %s, %s %d, %d at %d:%02d %s, %s <%s> wrote:" % (
                        DOW[pdate.weekday()], MON[pdate.month - 1], pdate.day, pdate.year,
                        (pdate.hour % 12) or 12, pdate.minute, "AM" if pdate.hour < 12 else "PM",
                        parent["from"].name, parent["from"].addr)
                qtext = "\n".join(("> " + l) if l else ">" for l in ptext.split("\n"))
                quote_plain = "\n\n" + attribution + "\n" + qtext
                quote_tuple = (attribution, ptext)
            else:
                hdr = ("-----Original Message-----\nFrom: %s <%s>\nSent: %s\nTo: %s\nSubject: %s"
                       % (parent["from"].name, parent["from"].addr,
                          pdate.strftime("%Y-%m-%d %H:%M"),
                          ", ".join(x.addr for x in parent["to"]), parent["subject"]))
                quote_plain = "\n\n" + hdr + "\n\n" + ptext
                quote_tuple = (hdr.split("\n")[0], hdr + "\n\n" + ptext)
        # optional table and links (used by HTML kinds; rendered in plain too)
        table, links = None, []
        html_kind = kind in ("alternative", "related", "calendar") or (
            kind == "mixed" and rng.random() < 0.4)
        if html_kind and rng.random() < 0.45:
            items = rng.sample(TABLE_ITEMS_KO if lang == "ko" else TABLE_ITEMS_EN, rng.randint(3, 6))
            head = ["항목", "수량", "금액"] if lang == "ko" else ["Item", "Qty", "Amount"]
            rows = [[it, str(rng.randint(1, 40)),
                     ("{:,}원".format(rng.randint(1, 900) * 10000) if lang == "ko"
                      else "${:,}.00".format(rng.randint(20, 20000)))] for it in items]
            table = (head, rows)
        if html_kind:
            for _ in range(rng.randint(0, 3)):
                url = "https://%s/%s/%s/%d" % (rng.choice(["docs.acme.example", "wiki.corp.example",
                                                           "tickets.example.net", "drive.example.com"]),
                                               rng.choice(["d", "p", "wiki", "share", "t"]),
                                               rng.choice(PROJECTS).lower(), rng.randint(100, 99999))
                label = rng.choice(["문서 링크", "자세히 보기", "공유 폴더"]) if lang == "ko" else \
                    rng.choice(["Open the document", "View ticket", "Shared folder", "Details"])
                links.append((url, label))

        def plain_text():
            lines = [greeting, ""]
            for sents in paras:
                lines.append(" ".join(sents))
                lines.append("")
            for url, label in links:
                lines.append("%s: %s" % (label, url))
            if links:
                lines.append("")
            if table:
                head, rows = table
                lines.append(" | ".join(head))
                for row in rows:
                    lines.append(" | ".join(row))
                lines.append("")
            lines.extend(closing)
            lines.append("")
            lines.append("-- ")
            lines.extend(sig)
            return "\n".join(lines) + quote_plain + "\n"

        text = plain_text()
        cte = self.pick_cte(rng, lang, charset, p.get("cte"))
        width = 76 if lang == "en" else 40
        remote_img = kind == "alternative" and (p.get("remote_img") or rng.random() < 0.45)
        info = {"attachments": [], "html_sha1": None, "remote_images": bool(remote_img)}
        texts = []  # decoded searchable text parts

        def plain_part():
            part, shown, used_cte = self.text_part(rng, "plain", text, body_charset, cte, width)
            info["plain_sha1"] = hashlib.sha1(shown.encode("utf-8")).hexdigest()
            info["plain_cte"] = used_cte
            texts.append(shown)
            return part

        def html_part():
            h = self.make_html(rng, lang, body_charset, greeting, paras, closing, sig, table,
                               links, quote_tuple, remote_img)
            hcte = ("qp" if lang == "en" else "base64" if charset == "utf-8"
                    else rng.choice(["base64", "8bit"]))
            part, shown, _ = self.text_part(rng, "html", h, body_charset, hcte, 998)
            info["html_sha1"] = hashlib.sha1(shown.encode("utf-8")).hexdigest()
            texts.append(html.unescape(TAG_RE.sub(" ", shown)))
            return part

        def alternative(depth):
            ct, body = self.multipart("alternative", self.boundary(rng, i, depth),
                                      [plain_part(), html_part()])
            return ct, body

        large = p["large"]
        if kind == "plain":
            part = plain_part()
            hdr, body = part.split(b"\r\n\r\n", 1)
            top_ct_lines, top_body = hdr.decode("ascii"), body
        else:
            if kind == "alternative":
                ct, top_body = alternative(0)
            elif kind == "mixed":
                if html_kind:
                    ct1, b1 = alternative(1)
                    first = self.wrap_entity(ct1, b1)
                else:
                    first = plain_part()
                parts = [first]
                korean_names = lang == "ko" and rng.random() < 0.7 or rng.random() < 0.04
                if p.get("kfname"):
                    korean_names = True
                if large:
                    size = int((512 + 1536 * rng.random() ** 4) * 1024)
                    a, meta = self.attachment_part(rng, size, korean_names, charset, p.get("kfname"),
                                                   forced_type=rng.choice([ATT_TYPES[0], ATT_TYPES[1]]))
                    meta["large"] = True
                    parts.append(a)
                    info["attachments"].append(meta)
                    n_small = 1 if rng.random() < 0.2 else 0
                else:
                    r = rng.random()
                    n_small = 1 if r < 0.8 else 2 if r < 0.95 else 3
                if hv is not None and hv["cls"]:
                    n_small = 0  # the class's attachments replace the standard ones
                for k in range(n_small):
                    size = int(10240 * 20 ** (rng.random() ** 3))
                    a, meta = self.attachment_part(rng, size, korean_names, charset,
                                                   p.get("kfname") if k == 0 and not large else None)
                    parts.append(a)
                    info["attachments"].append(meta)
                if hv is not None:
                    parts += hv["parts"]
                ct, top_body = self.multipart("mixed", self.boundary(rng, i, 0), parts,
                                              preamble=rng.random() < 0.5)
            elif kind == "related":
                cid = "image%03d.png@%08X.%08X" % (rng.randint(1, 9), rng.getrandbits(32),
                                                   rng.getrandbits(32))
                h = self.make_html(rng, lang, body_charset, greeting, paras, closing, sig, table,
                                   links, quote_tuple, False)
                h = h.replace("</body>", '<p><img src="cid:%s" width="320" height="80" '
                                         'alt="logo"></p>\n</body>' % cid)
                hcte = "qp" if lang == "en" else "base64"
                hp, shown, _ = self.text_part(rng, "html", h, body_charset, hcte, 998)
                info["html_sha1"] = hashlib.sha1(shown.encode("utf-8")).hexdigest()
                texts.append(html.unescape(TAG_RE.sub(" ", shown)))
                ct_alt, b_alt = self.multipart("alternative", self.boundary(rng, i, 2),
                                               [plain_part(), hp])
                size = rng.randint(5000, 60000)
                img = self.blob(rng, size, "png")
                fname = cid.split("@")[0]
                ip = ('Content-Type: image/png; name="%s"\r\nContent-Disposition: inline; '
                      'filename="%s"\r\nContent-ID: <%s>\r\nContent-Transfer-Encoding: base64\r\n\r\n'
                      % (fname, fname, cid)).encode("ascii") + b64_body(img)
                info["attachments"].append({"filename": fname, "content_type": "image/png",
                                            "size": size, "name_form": "ascii",
                                            "disposition": "inline"})
                ct, top_body = self.multipart("related", self.boundary(rng, i, 0),
                                              [self.wrap_entity(ct_alt, b_alt), ip],
                                              extra=' type="multipart/alternative";')
            elif kind == "forward":
                inner, inner_subject, inner_text, inner_from = self.inner_message(
                    rng, i, t, lang, charset, people, terms)
                subject = fwd_prefix + inner_subject
                texts.append(inner_text)
                texts.append(inner_subject)
                texts.append("%s %s" % (inner_from.name, inner_from.addr))
                fw = ("FYI, forwarding this.\n" if lang == "en" else "참고하시라고 전달드립니다.\n")
                fparas_text = fw + "\n" + "\n".join(sig) + "\n"
                fp, shown, _ = self.text_part(rng, "plain", fparas_text, body_charset,
                                              "8bit" if lang == "ko" and charset != "utf-8" else "qp",
                                              width)
                info["plain_sha1"] = hashlib.sha1(shown.encode("utf-8")).hexdigest()
                texts.append(shown)
                inner_8bit = any(b > 127 for b in inner)
                fname = "전달 메일.eml" if lang == "ko" else "forwarded message.eml"
                if lang == "ko":
                    disp = "attachment;\r\n filename*=UTF-8''%s" % urlquote(fname.encode("utf-8"), safe="")
                    form = "2231"
                else:
                    disp = 'attachment; filename="%s"' % fname
                    form = "ascii"
                mp = ("Content-Type: message/rfc822\r\nContent-Disposition: %s\r\n"
                      "Content-Transfer-Encoding: %s\r\n\r\n" % (disp, "8bit" if inner_8bit else "7bit")
                      ).encode("ascii") + inner
                info["attachments"].append({"filename": fname, "content_type": "message/rfc822",
                                            "size": len(inner), "name_form": form,
                                            "disposition": "attachment"})
                ct, top_body = self.multipart("mixed", self.boundary(rng, i, 0),
                                              [fp, mp] + (hv["parts"] if hv else []))
            else:  # calendar
                start = t + dt.timedelta(days=rng.randint(1, 14))
                start = start.replace(hour=rng.randint(0, 8), minute=rng.choice([0, 30]), second=0)
                ics = self.ics(rng, i, base_subject, sender, to, start)
                ascii_ics = all(ord(c) < 128 for c in ics)
                ip = ("Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
                      "Content-Transfer-Encoding: %s\r\n\r\n" % ("7bit" if ascii_ics else "base64")
                      ).encode("ascii") + (ics.encode("ascii") if ascii_ics
                                           else b64_body(ics.encode("utf-8")))
                texts.append(ics.replace("\r\n ", "").replace("\r\n", "\n"))
                ct, top_body = self.multipart("alternative", self.boundary(rng, i, 0),
                                              [plain_part(), html_part(), ip])
            top_ct_lines = "Content-Type: " + ct.replace("; boundary", ";\r\n boundary").replace(
                '; type=', ';\r\n type=')
        if hv is not None:
            if kind not in ("mixed", "forward"):
                first = part if kind == "plain" else self.wrap_entity(ct, top_body)
                ct, top_body = self.heavy_wrap(i, hv, first)
                top_ct_lines = "Content-Type: " + ct.replace("; boundary", ";\r\n boundary")
            info["attachments"] += hv["metas"]
            texts += hv["texts"]

        # headers
        msgid = self.make_msgid(rng, i, sender)
        hdrs = []
        rcv_t = t
        hops = rng.randint(1, 4)
        rlines = []
        for h in range(hops):
            rcv_t = rcv_t + dt.timedelta(seconds=rng.randint(1, 90))
            src = sender.addr.split("@")[1]
            rlines.append(
                "Received: from %s (%s [%s])\r\n\tby %s (Postfix) with ESMTPS id %s\r\n\tfor <%s>; %s"
                % ("mail-out%d.%s" % (h, src) if h == 0 else "relay%d.example.net" % h,
                   "mail-out%d.%s" % (h, src) if h == 0 else "relay%d.example.net" % h,
                   rng.choice(["192.0.2", "198.51.100", "203.0.113"]) + ".%d" % rng.randint(1, 254),
                   "mx.jebi.example" if h == hops - 1 else "relay%d.example.net" % (h + 1),
                   "%X" % rng.getrandbits(40), ME_ADDR, fmt_date(rcv_t, 0, rng)))
        hdrs.append("Return-Path: <%s>" % sender.addr)
        hdrs.extend(reversed(rlines))
        if rng.random() < 0.3:
            d = sender.addr.split("@")[1]
            bh = base64.b64encode(rng.randbytes(32)).decode()
            b = base64.b64encode(rng.randbytes(128)).decode()
            hdrs.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=s%d;\r\n"
                        "\th=from:to:subject:date:message-id; bh=%s;\r\n\tb=%s\r\n\t %s"
                        % (d, rng.randint(1, 3), bh, b[:80], b[80:]))
        hdrs.append("Date: " + fmt_date(t, sender.tz, rng))
        from_h, from_disp, _ = self.addr_header(rng, sender, body_charset)
        hdrs.append(fold("From", from_h.split(" ")))
        to_h, to_shown = self.addr_list_header(rng, "To", to, body_charset)
        hdrs.append(to_h)
        cc_shown = []
        if cc:
            cc_h, cc_shown = self.addr_list_header(rng, "Cc", cc, body_charset)
            hdrs.append(cc_h)
        hdrs.append(self.subject_header(subject, body_charset, rng))
        hdrs.append("Message-ID: " + msgid)
        refs = []
        if parent is not None:
            refs = parent["refs"] + [parent["msgid"]]
            if len(refs) > 12:
                refs = refs[:1] + refs[-11:]
            hdrs.append("In-Reply-To: " + parent["msgid"])
            hdrs.append(fold("References", refs))
        if mlist is not None:
            try:
                mlist[0].encode("ascii")
                lname = mlist[0]
            except UnicodeEncodeError:
                lname = " ".join(ew_b(mlist[0], "UTF-8"))
            hdrs.append("List-Id: %s <%s>" % (lname, mlist[1]))
            hdrs.append("List-Unsubscribe: <mailto:%s-leave@%s>,\r\n <https://%s/unsubscribe>"
                        % (mlist[1].split(".")[0], mlist[1].split(".", 1)[1], mlist[1]))
            hdrs.append("Precedence: list")
        mailer = rng.choice(MAILERS)
        if mailer:
            hdrs.append(("X-Mailer: " if "Outlook" in mailer or "Apple" in mailer else "User-Agent: ")
                        + mailer)
        if lang == "ko" and rng.random() < 0.3:
            hdrs.append("Content-Language: ko-KR")
        hdrs.append("MIME-Version: 1.0")
        hdrs.append(top_ct_lines)
        head = "\r\n".join(hdrs) + "\r\n\r\n"
        raw = head.encode("ascii") + top_body

        # thread bookkeeping
        rec = {"msgid": msgid, "refs": refs, "t": t, "from": sender, "to": to, "cc": cc,
               "text": text, "subject": subject}
        if thread is None:
            thread = Thread(base_subject if kind != "forward" else subject, lang, charset, mlist)
            self.pool.append(thread)
            if len(self.pool) > 600:
                del self.pool[:100]
        thread.msgs.append(rec)
        if len(thread.msgs) > 6:
            del thread.msgs[:-6]

        searchable = "\n".join([subject, "%s %s" % (from_disp, sender.addr)]
                               + ["%s %s" % x for x in to_shown + cc_shown] + texts)
        meta = {
            "kind": kind, "lang": lang, "charset": body_charset, "subject": subject,
            "from": [from_disp, sender.addr], "message_id": msgid,
            "in_reply_to": parent["msgid"] if parent else None,
            "reply": parent is not None, "quoted": bool(quote_plain),
            "list_id": mlist[1] if mlist else None, "large": any(a.get("large") for a in
                                                                 info["attachments"]),
            "attachments": info["attachments"], "plain_sha1": info.get("plain_sha1"),
            "plain_cte": info.get("plain_cte"), "html_sha1": info["html_sha1"],
            "remote_images": info["remote_images"], "flags": p["flags"],
            "injected_terms": terms,
        }
        return raw, meta, searchable

    def inner_message(self, rng, i, t, lang, charset, people, terms):
        sender = rng.choice(people)
        to = rng.sample(people, 2)
        subj_tmpl = rng.choice(SUBJECTS_KO if lang == "ko" else SUBJECTS_EN)
        subject = self.fill(rng, subj_tmpl)
        if charset == "euc-kr":
            subject = "".join(c for c in subject if ord(c) < 0x2000 or c.encode("euc_kr", "ignore"))
        paras = self.paragraphs(rng, lang, int(200 * 15 ** rng.random()), False)
        self.inject_terms(rng, paras, terms, lang)
        body = "\n\n".join(" ".join(s) for s in paras) + "\n"
        cte = "8bit" if charset != "utf-8" or lang == "en" else "base64"
        part, shown, _ = self.text_part(rng, "plain", body, charset, cte, 76 if lang == "en" else 40)
        it = t - dt.timedelta(hours=rng.randint(1, 200))
        fh, _, _ = self.addr_header(rng, sender, charset)
        th, _ = self.addr_list_header(rng, "To", to, charset)
        h = "\r\n".join([
            "Date: " + fmt_date(it, sender.tz, rng, comment=False), fold("From", fh.split(" ")), th,
            self.subject_header(subject, charset, rng),
            "Message-ID: <fwd.%d.%x@%s>" % (i, rng.getrandbits(48), sender.addr.split("@")[1]),
            "MIME-Version: 1.0"]) + "\r\n"
        return h.encode("ascii") + part, subject, shown, sender

    def ics(self, rng, i, subject, organizer, attendees, start):
        end = start + dt.timedelta(minutes=rng.choice([30, 60, 90]))
        f = lambda d: d.strftime("%Y%m%dT%H%M%SZ")

        def prop(name, value):
            # RFC 5545 folding: at most 75 octets per line, continuation starts with a space.
            out, cur, n = [], "", 0
            for ch in name + ":" + value:
                b = len(ch.encode("utf-8"))
                if n + b > 74:
                    out.append(cur)
                    cur, n = " ", 1
                cur += ch
                n += b
            out.append(cur)
            return "\r\n".join(out)

        korean = organizer.lang == "ko"
        lines = ["BEGIN:VCALENDAR", "PRODID:-//Jebi Bench//Corpus Generator//EN", "VERSION:2.0",
                 "METHOD:REQUEST", "BEGIN:VEVENT",
                 "UID:%08x-%d@calendar.example" % (rng.getrandbits(32), i),
                 "DTSTAMP:" + f(start - dt.timedelta(days=1)), "DTSTART:" + f(start),
                 "DTEND:" + f(end), prop("SUMMARY", subject),
                 prop("LOCATION", "본사 %d층" % rng.randint(2, 12) if korean
                      else "Room %d" % rng.randint(100, 900)),
                 prop('ORGANIZER;CN="%s"' % organizer.name, "mailto:" + organizer.addr)]
        for a in attendees:
            lines.append(prop("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
                              "mailto:" + a.addr))
        lines += ["STATUS:CONFIRMED", "SEQUENCE:0", "END:VEVENT", "END:VCALENDAR"]
        return "\r\n".join(lines) + "\r\n"

    def make_msgid(self, rng, i, sender):
        dom = sender.addr.split("@")[1]
        r = rng.random()
        h = rng.getrandbits(64)
        if r < 0.3:
            return "<CA%013X%d@mail.gmail.com>" % (h >> 12, i)
        if r < 0.55:
            return "<%016x.%d@%s>" % (h, i, dom)
        if r < 0.75:
            return "<%08X-%04X-%04X-%d@%s>" % (h >> 32, (h >> 16) & 0xFFFF, h & 0xFFFF, i, dom)
        return "<%d.%d.%x.JavaMail@%s>" % (i, 1640995200 + i, h, dom)


# ---------------------------------------------------------------------------
# Manifest helpers (expected hit counts)
# ---------------------------------------------------------------------------

def term_hits(searchable):
    low = searchable.lower()
    sub = [q for q in QUERIES if q in low]
    toks = None
    tok = []
    for q in QUERIES:
        if q in low:  # token match implies substring match
            if toks is None:
                toks = set(TOKEN_RE.findall(low))
            if all(w in toks for w in TOKEN_RE.findall(q)):
                tok.append(q)
    return sub, tok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--count", type=int, required=True, help="number of messages")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help="random seed (default %d)" % DEFAULT_SEED)
    ap.add_argument("--profile", choices=["standard", "attachments"], default="standard",
                    help="standard (default) or attachments: attachment-heavy, ~1 GB at 20,000")
    ap.add_argument("--maildir", action="store_true",
                    help="write a Maildir: files in OUT/cur, plus empty OUT/new and OUT/tmp")
    ap.add_argument("--manifest", help="write JSON with per-message facts and expected hit counts")
    ap.add_argument("--force", action="store_true",
                    help="delete existing msg-* files in the target directory first")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")

    t0 = time.monotonic()
    target = os.path.join(args.out, "cur") if args.maildir else args.out
    os.makedirs(target, exist_ok=True)
    if args.maildir:
        os.makedirs(os.path.join(args.out, "new"), exist_ok=True)
        os.makedirs(os.path.join(args.out, "tmp"), exist_ok=True)
    old = [f for f in os.listdir(target) if re.match(r"msg-\d+:2,", f)]
    if old:
        if not args.force:
            print("gen_corpus: %s already holds %d msg-* files; use --force to replace them"
                  % (target, len(old)), file=sys.stderr)
            return 2
        for f in old:
            os.remove(os.path.join(target, f))

    gen = CorpusGen(args.seed, args.count, args.profile)
    plans = gen.plan()
    width = max(6, len(str(args.count)))
    total = 0
    kinds = dict.fromkeys(KINDS, 0)
    facets = dict.fromkeys(["korean-utf8", "korean-euckr", "ks_c_5601", "replies", "quoted",
                            "attachments", "large-attach", "korean-filenames", "remote-img",
                            "alice-from", "list-id"], 0)
    flags = {"S": 0, "F": 0, "FS": 0, "unseen": 0}
    sub_hits = dict.fromkeys(QUERIES, 0)
    tok_hits = dict.fromkeys(QUERIES, 0)
    metas = []
    largest = 0
    heavy = args.profile != "standard"
    sizes, heavy_metas = [], []
    for i, p in enumerate(plans):
        raw, meta, searchable = gen.message(i, p)
        name = "msg-%0*d:2,%s" % (width, i + 1, p["flags"])
        with open(os.path.join(target, name), "wb") as fh:
            fh.write(raw)
        total += len(raw)
        largest = max(largest, len(raw))
        if heavy:
            sizes.append(len(raw))
            heavy_metas.append(meta)
        kinds[meta["kind"]] += 1
        if meta["lang"] == "ko":
            facets["korean-utf8" if meta["charset"] == "utf-8" else "korean-euckr"] += 1
        facets["ks_c_5601"] += meta["charset"] == "ks_c_5601-1987"
        facets["replies"] += meta["reply"]
        facets["quoted"] += meta["quoted"]
        facets["attachments"] += bool(meta["attachments"])
        facets["large-attach"] += meta["large"]
        facets["korean-filenames"] += any(a["name_form"] != "ascii" for a in meta["attachments"])
        facets["remote-img"] += meta["remote_images"]
        facets["alice-from"] += meta["from"][1] == ALICE_ADDR
        facets["list-id"] += meta["list_id"] is not None
        flags[p["flags"] or "unseen"] += 1
        if args.manifest:
            sub, tok = term_hits(searchable)
            for q in sub:
                sub_hits[q] += 1
            for q in tok:
                tok_hits[q] += 1
            meta["file"] = name
            meta["hits"] = sub
            metas.append(meta)
    pstats = size_stats(sizes, heavy_metas) if heavy else None
    if args.manifest:
        doc = {
            "seed": args.seed, "count": args.count, "total_bytes": total, "kinds": kinds,
            "facets": facets, "flags": flags, "queries": QUERIES,
            "hits_substring": sub_hits, "hits_token": tok_hits,
            "hits_note": "messages whose Subject, From/To/Cc (name and address) or decoded "
                         "text parts (plain, HTML with tags stripped, text/calendar, forwarded "
                         "message) contain the query; substring = case-insensitive substring, "
                         "token = every \\w+ token of the query occurs as a whole token",
            "messages": metas,
        }
        if heavy:
            doc["profile"] = args.profile
            doc["profile_stats"] = pstats
        with open(args.manifest, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=0)
    el = time.monotonic() - t0
    print("gen_corpus: %d messages, %d bytes (%.1f MiB, largest %.2f MiB) in %.1fs, seed %d; %s; %s; "
          "flags %s" % (
              args.count, total, total / 2 ** 20, largest / 2 ** 20, el, args.seed,
              " ".join("%s=%d" % kv for kv in kinds.items()),
              " ".join("%s=%d" % kv for kv in facets.items()),
              " ".join("%s=%d" % kv for kv in flags.items())), file=sys.stderr)
    if heavy:
        print("gen_corpus: profile %s: sizes %s; over 1 MiB %d, >= 15 MiB %d; with a 50-500 KB "
              "attachment %d; message/rfc822 %d (%d with attachments of their own)" % (
                  args.profile, " ".join("%s=%d" % kv for kv in pstats["histogram_MiB"].items()),
                  pstats["over_1MiB"], pstats["over_15MiB"], pstats["with_50_500K_attachment"],
                  pstats["with_rfc822"], pstats["rfc822_with_attachments"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
