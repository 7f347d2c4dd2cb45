#!/usr/bin/env python3
"""Message parts of the benchmark corpus (bench/gen_corpus.py): sentences, address and subject
headers, text/attachment/HTML parts, multipart wrapping.
"""

import base64
import html
import re
from urllib.parse import quote as urlquote

from corpus_words import (
    EN_WORDS, EN_NONASCII, KO_NOUNS, KO_ADVERBS, KO_ENDINGS, PROJECTS, SERVICES, DAYS_EN, MONTHS_EN,
    COMPANIES, ATT_NAMES_EN, ATT_NAMES_KO, ATT_TYPES, TERM_SENTENCES, CODECS)
from corpus_mime import (
    b64_body, qp_body, ew_b, ew_q, fold, wrap_text, weighted)


class CorpusParts:
    """Text, headers and MIME parts of corpus messages (mixed into CorpusGen)."""

    # -- text ----------------------------------------------------------------

    def fill(self, rng, s):
        if "{" not in s:
            return s
        return s.format(
            day=rng.choice(DAYS_EN), first=rng.choice(self.en_people).first,
            h=rng.randint(1, 11), n=rng.randint(2, 12), proj=rng.choice(PROJECTS),
            q=rng.randint(1, 4), month=rng.choice(MONTHS_EN), num=rng.randint(10000, 99999),
            amt="{:,}.{:02d}".format(rng.randint(100, 90000), rng.randint(0, 99)),
            svc=rng.choice(SERVICES), company=rng.choice(COMPANIES[:10]),
            word=rng.choice(EN_WORDS[120:]), word2=rng.choice(EN_WORDS[120:]),
            m=rng.randint(1, 12), w=rng.randint(1, 4), y=rng.randint(2022, 2024),
            d=rng.randint(1, 28), p=rng.choice(PROJECTS), noun=rng.choice(KO_NOUNS),
            noun2=rng.choice(KO_NOUNS), name=rng.choice(self.ko_people).name)

    def en_sentence(self, rng, spice):
        rand = rng.random
        k = 5 + int(rand() * 12)
        words = rng.choices(self.en_bag, k=k)
        r = rand()
        if r < 0.12:
            words[int(rand() * k)] = PROJECTS[int(rand() * len(PROJECTS))]
        elif r < 0.2:
            words[int(rand() * k)] = str(2 + int(rand() * 499))
        if spice and rand() < 0.08:
            words[int(rand() * k)] = EN_NONASCII[int(rand() * len(EN_NONASCII))]
        if k > 9 and rng.random() < 0.3:
            words[4] += ","
        s = " ".join(words)
        r = rng.random()
        return s[0].upper() + s[1:] + ("." if r < 0.86 else "?" if r < 0.96 else "!")

    def ko_sentence(self, rng):
        k = rng.randint(2, 5)
        toks = rng.choices(self.ko_tokens, k=k)
        if rng.random() < 0.3:
            toks.insert(0, rng.choice(KO_ADVERBS))
        if rng.random() < 0.1:
            toks.insert(1, "%d%s" % (rng.randint(1, 30), rng.choice(["일", "개", "건", "명", "%"])))
        return " ".join(toks) + " " + rng.choice(KO_ENDINGS)

    def paragraphs(self, rng, lang, target_chars, spice):
        paras, total = [], 0
        while total < target_chars:
            ns = 2 + int(rng.random() * 5)
            if lang == "en":
                sents = [self.en_sentence(rng, spice) for _ in range(ns)]
            else:
                sents = [self.ko_sentence(rng) for _ in range(ns)]
            total += sum(len(s) + 1 for s in sents)
            paras.append(sents)
        return paras

    def inject_terms(self, rng, paras, terms, lang):
        for term in terms:
            sents = TERM_SENTENCES[(term, lang)]
            r = rng.random()
            times = 1 if r < 0.7 else 2 if r < 0.9 else 3
            for _ in range(times):
                para = rng.choice(paras)
                para.insert(rng.randint(0, len(para)), self.fill(rng, rng.choice(sents)))

    # -- addresses -----------------------------------------------------------

    def addr_header(self, rng, person, charset):
        """Return (header text, intended display name, address)."""
        hcs = "UTF-8" if charset == "utf-8" else ("ks_c_5601-1987" if charset == "ks_c_5601-1987"
                                                else "EUC-KR")
        r = rng.random()
        if person.lang == "ko":
            if r < 0.55:
                return " ".join(ew_b(person.name, hcs)) + " <%s>" % person.addr, person.name, person.addr
            if r < 0.70:
                return " ".join(ew_b(person.name, "UTF-8")) + " <%s>" % person.addr, person.name, person.addr
            if r < 0.85:
                return "%s <%s>" % (person.roman, person.addr), person.roman, person.addr
            if r < 0.93:
                last = person.roman.split()[-1]
                rev = "%s, %s" % (last, person.roman.split()[0])
                return '"%s" <%s>' % (rev, person.addr), rev, person.addr
            return "<%s>" % person.addr if r < 0.97 else person.addr, "", person.addr
        name = person.name
        try:
            name.encode("ascii")
        except UnicodeEncodeError:
            words = ew_q(name) if r < 0.8 else ew_b(name, "UTF-8")
            return " ".join(words) + " <%s>" % person.addr, name, person.addr
        needs_quote = any(c in name for c in ".,'()")
        if needs_quote or r < 0.25:
            if not needs_quote and r < 0.12:
                first, last = name.split(" ", 1)
                name = "%s, %s" % (last, first)
            return '"%s" <%s>' % (name, person.addr), name, person.addr
        if r < 0.9:
            return "%s <%s>" % (name, person.addr), name, person.addr
        return ("<%s>" % person.addr if r < 0.95 else person.addr), "", person.addr

    def addr_list_header(self, rng, hname, people, charset):
        toks, shown = [], []
        for k, p in enumerate(people):
            text, disp, addr = self.addr_header(rng, p, charset)
            parts = text.split(" ")
            if k < len(people) - 1:
                parts[-1] += ","
            toks.extend(parts)
            shown.append((disp, addr))
        return fold(hname, toks), shown

    def subject_header(self, subject, charset, rng):
        try:
            subject.encode("ascii")
            return fold("Subject", subject.split(" "))
        except UnicodeEncodeError:
            pass
        hcs = {"utf-8": "UTF-8", "euc-kr": "EUC-KR", "ks_c_5601-1987": "ks_c_5601-1987"}[charset]
        # Keep leading pure-ASCII "Re:" / "[list]" tokens unencoded, as MUAs do.
        words = subject.split(" ")
        pre = []
        while len(words) > 1 and re.fullmatch(r"(Re:|RE:|Fwd:|FW:|\[[\x21-\x7e]+\])", words[0]):
            pre.append(words.pop(0))
        rest = " ".join(words)
        if charset == "utf-8" and all(ord(c) < 0x3000 for c in rest) and rng.random() < 0.6:
            enc = ew_q(rest, hcs)
        else:
            enc = ew_b(rest, hcs)
        return fold("Subject", pre + enc)

    # -- MIME parts ----------------------------------------------------------

    def text_part(self, rng, subtype, text, charset, cte, wrap_width, extra=""):
        """Return (bytes of part incl. headers, decoded text as a reader sees it)."""
        codec = CODECS[charset]
        if cte in ("8bit", "7bit"):
            text = wrap_text(text, wrap_width)
        data = text.replace("\n", "\r\n").encode(codec) if cte != "qp" and cte != "base64" \
            else text.encode(codec)
        if cte == "7bit":
            try:
                text.encode("ascii")
            except UnicodeEncodeError:
                cte = "8bit"
        if cte == "base64":
            body = b64_body(data.replace(b"\n", b"\r\n"))
        elif cte == "qp":
            body = qp_body(data)
        else:
            body = data if data.endswith(b"\r\n") else data + b"\r\n"
        cs_label = charset if rng.random() < 0.5 else charset.upper()
        if charset == "ks_c_5601-1987":
            cs_label = "ks_c_5601-1987"
        q = '"' if rng.random() < 0.4 else ""
        hdr = "Content-Type: text/%s; charset=%s%s%s%s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (
            subtype, q, cs_label, q, extra, "quoted-printable" if cte == "qp" else cte)
        return hdr.encode("ascii") + body, text, cte

    def pick_cte(self, rng, lang, charset, hint=None):
        if hint:
            return hint
        r = rng.random()
        if lang == "en":
            return "qp" if r < 0.45 else "8bit" if r < 0.85 else "7bit"
        if charset == "utf-8":
            return "base64" if r < 0.75 else "qp" if r < 0.85 else "8bit"
        return "base64" if r < 0.5 else "8bit"

    def blob(self, rng, size, style):
        if style == "pdf":
            head = (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
                    b"endobj\n4 0 obj\n<< /Length " + str(size).encode() +
                    b" /Filter /FlateDecode >>\nstream\n")
            tail = b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        elif style == "zip":
            head = b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + rng.randbytes(20) + b"[Content_Types].xml"
            tail = b"PK\x05\x06\x00\x00\x00\x00\x03\x00\x03\x00" + rng.randbytes(10) + b"\x00\x00"
        elif style == "jpeg":
            head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00"
            tail = b"\xff\xd9"
        elif style == "png":
            head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(17)
            tail = b"\x00\x00\x00\x00IEND\xaeB`\x82"
        else:
            head, tail = b"", b""
        mid = max(0, size - len(head) - len(tail))
        return head + rng.randbytes(mid) + tail

    def attachment_name(self, rng, korean):
        tmpl = rng.choice(ATT_NAMES_KO if korean else ATT_NAMES_EN)
        return self.fill(rng, tmpl)

    def attachment_part(self, rng, size, korean_name, charset, kfname=None, forced_type=None,
                        fname=None):
        """fname: a given file name (korean_name then means "needs a non-ASCII name form")."""
        row = forced_type or weighted(rng, ATT_TYPES)
        _, ctype, ext, style = row
        if fname is None:
            fname = self.attachment_name(rng, korean_name) + "." + ext
        data = self.blob(rng, size, style)
        lines = []
        form = "ascii"
        if korean_name:
            form = kfname or weighted(rng, [(40, "2231"), (10, "2231c"), (35, "2047"), (15, "tb")])[1]
        if form == "ascii":
            qn = '"%s"' % fname
            lines.append("Content-Type: %s; name=%s" % (ctype, qn))
            disp = "Content-Disposition: attachment; filename=%s" % qn
        elif form == "2231":
            enc = "UTF-8''" + urlquote(fname.encode("utf-8"), safe="")
            lines.append("Content-Type: %s;\r\n name*=%s" % (ctype, enc))
            disp = "Content-Disposition: attachment;\r\n filename*=%s" % enc
        elif form == "2231c":
            raw = fname.encode("utf-8")
            segs, k = [], 0
            while k < len(raw):
                segs.append(urlquote(raw[k:k + 12], safe=""))
                k += 12
            lines.append("Content-Type: %s" % ctype)
            disp = "Content-Disposition: attachment;" + "".join(
                "\r\n filename*%d*=%s%s%s" % (j, "UTF-8''" if j == 0 else "", s,
                                            ";" if j < len(segs) - 1 else "")
                for j, s in enumerate(segs))
        elif form == "2047":
            hcs = "UTF-8" if charset == "utf-8" else "EUC-KR"
            codec = CODECS[hcs.lower()]
            w = "=?%s?B?%s?=" % (hcs, base64.b64encode(fname.encode(codec)).decode("ascii"))
            lines.append('Content-Type: %s;\r\n name="%s"' % (ctype, w))
            disp = 'Content-Disposition: attachment;\r\n filename="%s"' % w
        else:  # "tb": Thunderbird style, 2047 in name=, 2231 in filename*=
            w = "=?UTF-8?B?%s?=" % base64.b64encode(fname.encode("utf-8")).decode("ascii")
            lines.append('Content-Type: %s;\r\n name="%s"' % (ctype, w))
            disp = "Content-Disposition: attachment;\r\n filename*=UTF-8''%s" % urlquote(
                fname.encode("utf-8"), safe="")
        if rng.random() < 0.3:
            disp += "; size=%d" % len(data)
        lines.append(disp)
        lines.append("Content-Transfer-Encoding: base64")
        part = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + b64_body(data)
        return part, {"filename": fname, "content_type": ctype, "size": len(data),
                      "name_form": form, "disposition": "attachment"}

    def boundary(self, rng, i, depth):
        r = rng.random()
        h = rng.getrandbits(64)
        if r < 0.35:
            return "----=_Part_%d_%d.%d" % (i, depth, h % 10 ** 12)
        if r < 0.6:
            return "000000000000%016x" % h
        if r < 0.8:
            return "Apple-Mail=_%08X-%04X-%04X" % (h >> 32, (h >> 16) & 0xFFFF, h & 0xFFFF)
        return "=_%d%d_%x" % (i, depth, h)

    @staticmethod
    def multipart(subtype, boundary, parts, preamble=False, extra=""):
        b = boundary.encode("ascii")
        out = [b"This is a multi-part message in MIME format.\r\n\r\n" if preamble else b""]
        for p in parts:
            # The CRLF before a delimiter belongs to the delimiter, not the part.
            out.append(b"--" + b + b"\r\n" + p + b"\r\n")
        out.append(b"--" + b + b"--\r\n")
        ct = 'multipart/%s;%s boundary="%s"' % (subtype, extra, boundary)
        return ct, b"".join(out)

    @staticmethod
    def wrap_entity(ct_value, body):
        return ("Content-Type: %s\r\n\r\n" % ct_value.replace("; boundary", ";\r\n boundary")
                ).encode("ascii") + body

    # -- HTML ----------------------------------------------------------------

    def make_html(self, rng, lang, charset, greeting, paras, closing, sig_lines, table,
                  links, quote, remote_img):
        esc = lambda s: html.escape(s, quote=False)
        css_font = rng.choice(["Arial,Helvetica,sans-serif", "'Segoe UI',Calibri,sans-serif",
                               "'Malgun Gothic','맑은 고딕',sans-serif" if lang == "ko"
                               else "Georgia,serif"])
        out = ['<!DOCTYPE html>', '<html><head>',
               '<meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset,
               '<style type="text/css">p{margin:0 0 12px 0} td{font-size:13px}</style>',
               '</head>',
               '<body style="font-family:%s;font-size:14px;color:#222222;line-height:1.5">'
               % css_font]
        if remote_img and rng.random() < 0.6:
            out.append('<div style="text-align:center"><img src="http://cdn.newsletter.example/'
                       'banner/%d.png" width="600" height="120" alt="banner" '
                       'style="display:block;border:0"></div>' % rng.randint(1000, 99999))
        out.append('<div style="margin-bottom:12px">%s</div>' % esc(greeting))
        link_at = {}
        for url, label in links:
            link_at.setdefault(rng.randrange(len(paras)), []).append((url, label))
        for k, sents in enumerate(paras):
            txt = esc(" ".join(sents))
            if rng.random() < 0.15:
                txt = "<strong>%s</strong>" % txt
            out.append('<p style="margin:0 0 12px 0">%s</p>' % txt)
            for url, label in link_at.get(k, []):
                out.append('<p><a href="%s" style="color:#1a73e8;text-decoration:underline" '
                           'target="_blank">%s</a></p>' % (esc(url), esc(label)))
        if table:
            head, rows = table
            out.append('<table cellpadding="6" cellspacing="0" border="1" width="100%" '
                       'style="border-collapse:collapse;border:1px solid #dddddd;max-width:640px">')
            out.append('<tr style="background-color:#f3f4f6">' + "".join(
                '<th align="%s" style="padding:6px;border:1px solid #dddddd">%s</th>'
                % ("left" if j == 0 else "right", esc(h)) for j, h in enumerate(head)) + '</tr>')
            for row in rows:
                out.append('<tr>' + "".join(
                    '<td align="%s" style="padding:6px;border:1px solid #dddddd">%s</td>'
                    % ("left" if j == 0 else "right", esc(c)) for j, c in enumerate(row)) + '</tr>')
            out.append('</table>')
        out.append('<p style="margin-top:16px">%s</p>' % "<br>\n".join(esc(l) for l in closing))
        out.append('<div style="color:#888888;font-size:12px;border-top:1px solid #eeeeee;'
                   'padding-top:6px">%s</div>' % "<br>\n".join(esc(l) for l in sig_lines))
        if remote_img:
            out.append('<img src="http://track.mailer.example/o/%016x.gif" width="1" height="1" '
                       'alt="" style="display:none">' % rng.getrandbits(64))
        if quote:
            attribution, qtext = quote
            out.append('<div class="gmail_quote"><div dir="ltr">%s<br></div>' % esc(attribution))
            out.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #cccccc;'
                       'padding-left:1ex">')
            for line in qtext.split("\n"):
                out.append(esc(line) + "<br>")
            out.append('</blockquote></div>')
        out.append('</body></html>')
        return "\n".join(out) + "\n"
