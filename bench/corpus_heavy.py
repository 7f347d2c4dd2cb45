#!/usr/bin/env python3
"""The attachment-heavy profile of the benchmark corpus (bench/gen_corpus.py --profile attachments).

The text, threads, languages and query terms come from the standard generator; on top of that
some messages get an attachment class (planned from the seed with a random stream of its own,
and every message's payload from a stream seeded by (seed, message index)):

  huge     3 per 20,000 messages (at least 1 at any count >= 1000): ~20 MiB, one video/archive/
           scanned PDF or a dozen photos
  big      2.1% of messages (exactly ceil(0.021 * count)): 1.02-1.6 MiB of attachments (mostly
           near 1.1), so the message is over 1 MiB (a large PDF/deck/archive/video, 2-5 photos,
           or a PDF with a few photos)
  medium   3.5%: 1-3 attachments of 50-500 KB (PDF, JPEG, PNG, HEIC, Office files, ZIP)
  forward  2.5% (on top of the standard 1.5% "forward" kind): an extra forwarded message/rfc822
           part; 55% of those carry 1-2 attachments of their own (20-400 KB)
Messages of the standard "mixed" kind without a class keep their usual 10-200 KB attachments
(the standard 0.5-2 MiB "large" ones are replaced by the big class).  A class on a message that
is not multipart/mixed wraps it: multipart/mixed [original entity, attachments...].

File names: realistic per type (IMG_1234.jpg, Screenshot ..., scans, decks); Korean messages
mostly Korean names (RFC 2231, RFC 2231 continuations, RFC 2047, Thunderbird style), some
English messages non-ASCII Latin names (same forms).  Payloads are random bytes behind a
type-like magic header (randbytes, no per-byte loops).
"""

import math
import random
import re
from urllib.parse import quote as urlquote

from corpus_mime import contains_term, weighted

MiB = 1 << 20
B64_RATIO = 4 / 3 * 78 / 76  # base64 in 76-column lines with CRLF
P_MEDIUM = 0.035
P_FORWARD = 0.025
P_FORWARD_ATT = 0.55

OOXML = "application/vnd.openxmlformats-officedocument."
# kind -> (content type, extension, blob style)
TYPES = {
    "pdf": ("application/pdf", "pdf", "pdf"),
    "deck": (OOXML + "presentationml.presentation", "pptx", "zip"),
    "sheet": (OOXML + "spreadsheetml.sheet", "xlsx", "zip"),
    "word": (OOXML + "wordprocessingml.document", "docx", "zip"),
    "archive": ("application/zip", "zip", "zip"),
    "photo": ("image/jpeg", "jpg", "jpeg"),
    "heic": ("image/heic", "heic", "raw"),
    "shot": ("image/png", "png", "png"),
    "video": ("video/mp4", "mp4", "raw"),
}
MEDIUM_KINDS = [(32, "pdf"), (22, "photo"), (4, "heic"), (12, "shot"), (8, "deck"), (8, "word"),
                (6, "sheet"), (8, "archive")]
SINGLE_BIG_KINDS = [(45, "pdf"), (20, "deck"), (20, "archive"), (10, "video"), (5, "word")]
SINGLE_HUGE_KINDS = [(35, "video"), (30, "archive"), (25, "pdf"), (10, "deck")]

NAMES_EN = {
    "pdf": ["Scanned document {num}", "Product brochure {y}", "Floor plan v{n}",
            "Site survey - {p}", "Statement {y}-{m:02d}", "contract-v{n}", "Project Plan (final)",
            "signed agreement", "architecture-{p}", "scan_{num}", "onboarding pack"],
    "deck": ["{p} kickoff deck", "Roadmap {y}", "Town hall slides Q{q}", "slides_{p}"],
    "sheet": ["price list {y}", "Q{q}_financials", "data export", "headcount {y}-{m:02d}"],
    "word": ["contract-v{n}", "Proposal for {company}", "Minutes {y}-{m:02d}-{d:02d}",
             "release-notes-{n}.{m}"],
    "archive": ["logs-{y}-{m:02d}-{d:02d}", "backup_{y}{m:02d}{d:02d}", "assets-{p}",
                "{svc}-dumps", "photos"],
    "photo": ["IMG_{num}", "DSC{num}", "photo_{y}{m:02d}{d:02d}_{num}", "PXL_{y}{m:02d}{d:02d}_{num}"],
    "heic": ["IMG_{num}"],
    "shot": ["Screenshot {y}-{m:02d}-{d:02d} at {h}.{n:02d}", "diagram-{p}", "mockup v{n}"],
    "video": ["Screen recording {y}-{m:02d}-{d:02d}", "demo-{p}", "site walkthrough {m:02d}-{d:02d}"],
}
NAMES_KO = {
    "pdf": ["스캔 문서_{num}", "제품 소개서 {y}", "도면_{p}_{n}차", "계약서 최종본", "사업자등록증 사본",
            "{q}분기 실적 정리", "견적서_{y}년_{m}월"],
    "deck": ["발표자료", "제안서_{p}", "교육 자료_{m}월", "디자인 시안 {n}차"],
    "sheet": ["견적서_{y}년_{m}월", "거래명세서_{num}", "설문 결과"],
    "word": ["계약서 최종본", "프로젝트 계획서", "고객사 요구사항 정리"],
    "archive": ["로그 파일_{y}{m:02d}{d:02d}", "디자인 시안 {n}차", "자료 모음_{num}", "사진 모음"],
    "photo": ["사진_{num}", "현장 사진 {m}월 {d}일", "행사 사진_{n}"],
    "heic": ["사진_{num}"],
    "shot": ["스크린샷 {y}-{m:02d}-{d:02d}", "화면 캡처 {n}"],
    "video": ["화면 녹화 {m}월 {d}일", "시연 영상_{p}"],
}
# Non-ASCII Latin names on English messages (RFC 2231 / 2047 forms as for Korean names).
NAMES_INTL = ["Präsentation {p}", "Résumé – {first} {n}", "Übersicht Q{q}", "Zürich offsite {y}",
              "Café floor plan v{n}", "Kraków office – lease", "São Paulo visit {m:02d}-{d:02d}",
              "Ångström lab {n}", "Jalapeño tasting {d}"]

for _names in list(NAMES_EN.values()) + list(NAMES_KO.values()) + [NAMES_INTL]:
    for _n in _names:
        assert not contains_term(_n), _n
for _names in NAMES_KO.values():
    for _n in _names:
        _n.encode("euc_kr")


class CorpusHeavy:
    """Attachment classes of the attachments profile (mixed into CorpusGen)."""

    def plan_heavy(self, plans):
        """{message index: {"cls": "huge"|"big"|"medium"|None, "fwd": bool, "fwd_att": bool}}."""
        n = len(plans)
        rng = random.Random("jebi-attachments-plan:%d" % self.seed)
        n_huge = max(1, round(3 * n / 20000)) if n >= 1000 else 0
        n_big = min(n - n_huge, math.ceil(0.021 * n))
        chosen = rng.sample(range(n), n_huge + n_big)
        heavy = {i: {"cls": "huge" if k < n_huge else "big", "fwd": False, "fwd_att": False}
                 for k, i in enumerate(chosen)}
        for i in range(n):
            r1, r2, r3 = rng.random(), rng.random(), rng.random()
            if i in heavy:
                continue
            spec = {"cls": "medium" if r1 < P_MEDIUM else None, "fwd": r2 < P_FORWARD,
                    "fwd_att": r3 < P_FORWARD_ATT}
            if spec["cls"] or spec["fwd"]:
                heavy[i] = spec
        if n >= 50:  # every class at least once
            free = [i for i in range(1, n) if i not in heavy]
            want = [{"cls": "medium", "fwd": False, "fwd_att": False},
                    {"cls": None, "fwd": True, "fwd_att": True},
                    {"cls": None, "fwd": True, "fwd_att": False}]
            for k, spec in enumerate(want):
                if not any(h["cls"] == spec["cls"] and h["fwd"] == spec["fwd"]
                           and h["fwd_att"] == spec["fwd_att"] for h in heavy.values()):
                    heavy[free[(k + 1) * len(free) // (len(want) + 1)]] = spec
        return heavy

    # -- one message's extra parts -------------------------------------------

    def heavy_parts(self, i, spec, t, lang, charset, people):
        """Extra MIME parts of message i: {"parts", "metas", "texts", "rng", "cls"}."""
        rng = random.Random("jebi-attachments:%d:%d" % (self.seed, i))
        out = {"parts": [], "metas": [], "texts": [], "rng": rng, "cls": spec["cls"]}
        cls = spec["cls"]
        if cls == "medium":
            r = rng.random()
            for _ in range(1 if r < 0.8 else 2 if r < 0.96 else 3):
                kind = weighted(rng, MEDIUM_KINDS)[1]  # 50-500 KB, more small than large
                self._heavy_add(out, rng, kind, int(51200 * 10 ** rng.random() ** 2), lang, charset)
        elif cls in ("big", "huge"):
            if cls == "big":
                enc = (1.02 + 0.6 * rng.random() ** 8) * MiB
                singles, photos = SINGLE_BIG_KINDS, (2, 5)
            else:
                enc = (19.6 + 0.8 * rng.random()) * MiB
                singles, photos = SINGLE_HUGE_KINDS, (8, 16)
            raw = int(enc / B64_RATIO) + 64
            r = rng.random()
            if r < 0.5:
                self._heavy_add(out, rng, weighted(rng, singles)[1], raw, lang, charset)
            else:
                sizes = []
                if r < 0.75:  # a document and a few photos
                    doc = int(raw * (0.4 + 0.3 * rng.random()))
                    self._heavy_add(out, rng, "pdf", doc, lang, charset)
                    raw -= doc
                    k = rng.randint(1, 3)
                else:
                    k = rng.randint(*photos)
                w = [0.5 + rng.random() for _ in range(k)]
                sizes = [int(raw * x / sum(w)) + 1 for x in w]
                for size in sizes:
                    self._heavy_add(out, rng, "photo" if rng.random() < 0.9 else "heic", size,
                                    lang, charset)
            for m in out["metas"]:
                m["large"] = True
        if spec["fwd"]:
            self._heavy_forward(out, rng, i, t, lang, charset, people, spec["fwd_att"])
        return out

    def heavy_wrap(self, i, hv, first):
        """multipart/mixed of the original entity `first` and the extra parts: (ct, body)."""
        rng = hv["rng"]
        return self.multipart("mixed", self.boundary(rng, i, 0), [first] + hv["parts"],
                              preamble=rng.random() < 0.5)

    def _heavy_name(self, rng, kind, lang):
        """(file name, needs a non-ASCII name form)."""
        ctype, ext, _ = TYPES[kind]
        r = rng.random()
        if lang == "ko" and r < 0.7 or lang == "en" and r < 0.03:
            base, nonascii = self.fill(rng, rng.choice(NAMES_KO[kind])), True
        elif lang == "en" and r < 0.11 and kind not in ("photo", "heic"):
            base, nonascii = self.fill(rng, rng.choice(NAMES_INTL)), True
        else:
            base, nonascii = self.fill(rng, rng.choice(NAMES_EN[kind])), False
        if kind in ("photo", "heic") and base.startswith(("IMG_", "DSC")) and rng.random() < 0.6:
            ext = ext.upper()
        return base + "." + ext, nonascii

    def _heavy_add(self, out, rng, kind, size, lang, charset):
        ctype, ext, style = TYPES[kind]
        fname, nonascii = self._heavy_name(rng, kind, lang)
        part, meta = self.attachment_part(rng, size, nonascii, charset,
                                          forced_type=(0, ctype, ext, style), fname=fname)
        out["parts"].append(part)
        out["metas"].append(meta)

    def _heavy_forward(self, out, rng, i, t, lang, charset, people, with_att):
        inner, subject, text, frm = self.inner_message(rng, i, t, lang, charset, people, [])
        inner_metas = []
        if with_att:
            head, body = inner.split(b"MIME-Version: 1.0\r\n", 1)
            sub = {"parts": [], "metas": inner_metas}
            for _ in range(1 if rng.random() < 0.7 else 2):
                kind = weighted(rng, MEDIUM_KINDS)[1]
                self._heavy_add(sub, rng, kind, int(20480 * 20 ** rng.random()), lang, charset)
            ct, mbody = self.multipart("mixed", self.boundary(rng, i, 3), [body] + sub["parts"])
            inner = head + b"MIME-Version: 1.0\r\nContent-Type: " + ct.replace(
                "; boundary", ";\r\n boundary").encode("ascii") + b"\r\n\r\n" + mbody
        out["texts"] += [text, subject, "%s %s" % (frm.name, frm.addr)]
        if rng.random() < 0.5:
            fname = re.sub(r'[\\/:*?"<>|]', "_", subject)[:60].strip() + ".eml"
        else:
            fname = "전달 메일.eml" if lang == "ko" else "forwarded message.eml"
        if fname.isascii():
            disp, form = 'attachment; filename="%s"' % fname, "ascii"
        else:
            disp = "attachment;\r\n filename*=UTF-8''%s" % urlquote(fname.encode("utf-8"), safe="")
            form = "2231"
        out["parts"].append(
            ("Content-Type: message/rfc822\r\nContent-Disposition: %s\r\n"
             "Content-Transfer-Encoding: %s\r\n\r\n" % (disp, "7bit" if inner.isascii() else "8bit")
             ).encode("ascii") + inner)
        out["metas"].append({"filename": fname, "content_type": "message/rfc822",
                             "size": len(inner), "name_form": form, "disposition": "attachment",
                             "attachments": inner_metas})


def size_stats(sizes, metas):
    """Size distribution and attachment facts of an attachments-profile corpus (a dict)."""
    edges = [(10 << 10, "<10K"), (50 << 10, "10-50K"), (100 << 10, "50-100K"),
             (500 << 10, "100-500K"), (MiB, "0.5-1M"), (5 * MiB, "1-5M"), (15 * MiB, "5-15M"),
             (None, ">=15M")]
    hist = {label: 0 for _, label in edges}
    for s in sizes:
        for edge, label in edges:
            if edge is None or s < edge:
                hist[label] += 1
                break
    rfc822 = rfc822_att = mid = 0
    for m in metas:
        atts = m["attachments"]
        fw = [a for a in atts if a["content_type"] == "message/rfc822"]
        rfc822 += bool(fw)
        rfc822_att += any(a.get("attachments") for a in fw)
        mid += any(50 << 10 <= a["size"] <= 500 << 10 and a["content_type"] != "message/rfc822"
                   for a in atts + [x for a in fw for x in a.get("attachments", [])])
    return {"histogram_MiB": hist, "over_1MiB": sum(s > MiB for s in sizes),
            "over_15MiB": sum(s >= 15 * MiB for s in sizes), "with_rfc822": rfc822,
            "rfc822_with_attachments": rfc822_att, "with_50_500K_attachment": mid}
