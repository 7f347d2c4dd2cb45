#!/usr/bin/env python3
"""Deterministic benchmark mail corpus generator for Jebi.

    python3 bench/gen_corpus.py --out DIR --count N [--seed S]
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
"""

import argparse
import base64
import binascii
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

DEFAULT_SEED = 20240917

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

# Ordered roughly by frequency; a Zipf-like weight is derived from the rank.
# Must not contain any benchmark term (checked at start-up).
EN_WORDS = """
the to and of a in for is on that we it with this be as you are at will have
can from by or our if not all so an they but your more was about has would
there should their which also just up out some what when any them need could
into than other get make see like time new now next week team please let know
still here these those after before because while only over then again both
each few most very well much many sure already soon today tomorrow yesterday
project release customer client account plan review update draft proposal
contract schedule design feature issue ticket bug fix patch build test tests
deploy deployment server database backup migration cluster service api
endpoint latency traffic outage incident alert monitoring dashboard metrics
logs query index search storage network firewall certificate password access
permission security audit compliance policy legal finance sales marketing
campaign launch roadmap milestone sprint backlog estimate cost costs price
pricing discount payment order shipment delivery vendor supplier partner
agreement renewal license subscription revenue forecast numbers spreadsheet
slides presentation document notes summary agenda call chat discussion
feedback question answer decision approval request change changes risk
priority status progress blocker dependency owner lead manager engineer
designer analyst director office room floor desk laptop monitor printer
travel flight hotel visa conference workshop training onboarding hiring
interview candidate offer lunch dinner coffee holiday vacation weekend morning
afternoon evening check confirm send share attach approve move cancel finish
start ship merge revert investigate resolve prepare follow discuss agree
expect handle support improve reduce increase track happy great quick short
long final initial current previous updated revised detailed rough important
urgent optional possible available busy free late early small large internal
external shared remote local manual automatic weekly monthly annual daily
regional global report reports figures data results analysis target targets
goal goals team's customer's everyone somebody nobody around through during
without within across between under above below upon toward version branch
commit pipeline runner container image registry node nodes cache queue worker
workers throughput capacity scaling rollout rollback config settings feature
flag experiment users signup churn retention growth pilot trial demo webinar
newsletter survey poll vote board committee charter memo thread inbox folder
calendar invite slot slots venue catering badge parking reimbursement receipt
expense expenses tax taxes payroll benefits insurance equipment warranty repair
ticketing helpdesk escalation handover sync standup retro planning kickoff
""".split()

EN_NONASCII = [
    "café", "naïve", "résumé", "façade", "Zürich", "São Paulo", "München",
    "coördinate", "déjà vu", "€250", "“final” version", "it’s", "don’t",
    "— as discussed —", "Ångström", "jalapeño", "Kraków", "señor", "½ day",
]
EN_EMOJI = ["🙂", "👍", "🎉", "🚀", "✅"]

EN_FIRST = """James Mary Robert Patricia John Jennifer Michael Linda David
Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles
Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley Steven
Emily Paul Donna Andrew Michelle Joshua Carol Kevin Amanda Brian Melissa George
Deborah Timothy Stephanie Ryan Rebecca Jacob Laura Gary Helen Nicholas Sharon
Eric Cynthia Jonathan Kathleen Priya Wei Mateo Olga Yusuf Ingrid""".split()
EN_LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez
Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson
Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Patel Novak Schmidt
Kowalski Haddad Okafor Lindqvist""".split()
# Names that need RFC 2047 (non-ASCII) or quoting (dots / apostrophes).
EN_SPECIAL_NAMES = [
    ("José", "García"), ("Zoë", "Müller"), ("Søren", "Kierkegaard"),
    ("François", "Lefèvre"), ("Łukasz", "Wiśniewski"), ("Chloé", "Dubois"),
    ("Bjørn", "Åberg"), ("Dr. Helen", "O'Neil"), ("J.R.", "Ewing"),
    ("Mary-Kate", "O'Brien"),
]

KO_SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
    ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"),
    ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"),
    ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"), ("류", "Ryu"), ("홍", "Hong"),
]
KO_GIVEN = [
    ("민수", "Minsu"), ("지은", "Jieun"), ("서연", "Seoyeon"), ("현우", "Hyunwoo"),
    ("지훈", "Jihoon"), ("수빈", "Subin"), ("예진", "Yejin"), ("도윤", "Doyoon"),
    ("하은", "Haeun"), ("준호", "Junho"), ("유진", "Yujin"), ("성민", "Sungmin"),
    ("은지", "Eunji"), ("태현", "Taehyun"), ("혜원", "Hyewon"), ("동현", "Donghyun"),
    ("소영", "Soyoung"), ("재원", "Jaewon"), ("미경", "Mikyung"), ("영호", "Youngho"),
    ("상우", "Sangwoo"), ("나래", "Narae"), ("경민", "Kyungmin"), ("다은", "Daeun"),
]
KO_TITLES = ["", "", "", " 과장", " 대리", " 팀장", " 부장", " 책임", " 선임"]

# Korean nouns: no benchmark term may appear in any noun+particle token
# (e.g. 위원회+의 would contain 회의); checked and filtered at start-up.
KO_NOUNS = """
프로젝트 자료 검토 확인 결과 고객 계약 개발 서버 배포 테스트 문서 요청 담당자
예산 매출 분기 계획 진행 상황 변경 사항 내용 준비 발표 출장 휴가 공지 안내 업무
협의 논의 의견 피드백 수정 승인 결재 견적 제안 파일 첨부 메일 전화 연락 시간 장소
회사 본사 지사 서울 부산 판교 시스템 데이터 데이터베이스 네트워크 보안 장애 점검
운영 서비스 사용자 화면 디자인 기능 버그 이슈 품질 교육 채용 면접 인사 총무 재무
회계 세금 영수증 정산 비용 구매 납품 협력사 거래처 마케팅 캠페인 광고 홍보 행사
세미나 워크숍 설문 조사 분석 통계 지표 목표 성과 평가 전략 방향 우선순위 문제 해결
방안 대응 지원 협조 점심 저녁 식사 커피 주문 배송 결제 환불 문의 답변 일부 전체
초안 최종 버전 릴리스 백업 모니터링 로그 트래픽 용량 성능 속도 개선 이전 계정 권한
비밀번호 인증서 도메인 고객사 파트너 담당 부서 팀원 신입 사원 인턴 교육생 프로그램
앱 모바일 웹 홈페이지 블로그 뉴스레터 이벤트 상품 가격 할인 쿠폰 재고 물류 창고
""".split()
KO_ADVERBS = ["오늘", "내일", "이번 주에", "다음 주에", "혹시", "우선", "먼저", "다시",
              "빠르게", "간단히", "미리", "계속", "아직", "이미", "곧", "가능하면", "최대한"]
KO_ENDINGS = [
    "확인 부탁드립니다.", "진행하겠습니다.", "공유드립니다.", "검토했습니다.",
    "준비 중입니다.", "완료되었습니다.", "논의가 필요합니다.", "참고해 주세요.",
    "변경되었습니다.", "예정입니다.", "감사합니다.", "요청드립니다.", "말씀 부탁드립니다.",
    "정리해 두었습니다.", "문제가 없습니다.", "다시 연락드리겠습니다.", "확인했습니다.",
    "반영하겠습니다.", "처리되었습니다.", "어떻게 생각하세요?", "가능할까요?",
]

PROJECTS = ["Atlas", "Borealis", "Cobalt", "Delta", "Everest", "Falcon", "Granite",
            "Harbor", "Ion", "Juniper", "Kestrel", "Lumen", "Mistral", "Nimbus",
            "Orion", "Pulsar", "Quartz", "Redwood", "Sierra", "Tundra"]
SERVICES = ["billing-api", "search-indexer", "auth-gateway", "mailer", "web-frontend",
            "ledger", "notification-svc", "report-builder", "sync-worker", "cdn-edge"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Labs", "Stark Industries",
             "Wayne Enterprises", "Hooli", "Vandelay Industries", "Soylent Co",
             "Cyberdyne", "한강소프트", "누리테크", "바다물산"]
TABLE_ITEMS_EN = ["Cloud hosting", "Licenses (annual)", "Consulting hours", "Travel",
                  "Hardware refresh", "Support plan", "Training seats", "Domain renewal",
                  "Office supplies", "Catering", "Design work", "Translation"]
TABLE_ITEMS_KO = ["서버 임대", "라이선스", "컨설팅", "출장비", "장비 구매", "유지보수",
                  "교육비", "도메인 갱신", "사무용품", "식대", "디자인 외주", "번역"]

# English and Korean attachment base names (never contain a query term).
ATT_NAMES_EN = ["Q{q}_financials", "contract-v{n}", "photos", "logs-{y}-{m:02d}-{d:02d}",
                "Project Plan (final)", "data export", "slides_{p}", "scan_{num}",
                "architecture-{p}", "signed agreement", "release-notes-{n}.{m}",
                "backup_{y}{m:02d}{d:02d}", "price list {y}", "onboarding pack"]
ATT_NAMES_KO = ["견적서_{y}년_{m}월", "계약서 최종본", "제안서_{p}", "발표자료", "사진 모음",
                "{q}분기 실적 정리", "거래명세서_{num}", "프로젝트 계획서", "설문 결과",
                "교육 자료_{m}월", "사업자등록증 사본", "로그 파일_{y}{m:02d}{d:02d}",
                "디자인 시안 {n}차", "고객사 요구사항 정리"]
ATT_TYPES = [  # (weight, mime type, extension, blob style)
    (50, "application/pdf", "pdf", "pdf"),
    (22, "application/zip", "zip", "zip"),
    (10, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "zip"),
    (10, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "zip"),
    (5, "image/jpeg", "jpg", "jpeg"),
    (3, "application/octet-stream", "bin", "raw"),
]

DOMAINS_EN = ["example.com", "example.org", "example.net", "acme.example", "globex.example",
              "initech.example", "hooli.example", "mail.example.net", "corp.example"]
DOMAINS_KO = ["hangang.example", "nuri-tech.example", "bada.example", "mail.hangang.example",
              "daum.example", "naver.example"]
ME_ADDR = "jin.lee@jebi.example"
ALICE_ADDR = "alice@example.com"

MAILING_LISTS = [  # (display name, list id, subject prefix, lang)
    ("Rust Dev", "rust-dev.lists.example.org", "[rust-dev]", "en"),
    ("Ops Announce", "ops-announce.lists.corp.example", "[ops]", "en"),
    ("Design Guild", "design.guild.example.org", "", "en"),
    ("Atlas Users", "atlas-users.lists.example.net", "[atlas-users]", "en"),
    ("개발자 모임", "kr-dev.lists.hangang.example", "[개발자모임]", "ko"),
]

MAILERS = ["Mozilla Thunderbird 115.6.0", "Microsoft Outlook 16.0",
           "Apple Mail (2.3731.700.6)", "Roundcube Webmail/1.6.5", "Mutt/2.2.12",
           "Evolution 3.50.2", None, None, None]

# ---------------------------------------------------------------------------
# Benchmark terms
# ---------------------------------------------------------------------------

QUERIES = ["invoice", "meeting", "quarterly report", "kubernetes", "회의", "보고서",
           "alice@example.com", "budget", "deadline", "일정"]

# term -> (probability per message of the given languages, languages)
TERM_RATES = [
    ("meeting", 0.22, ("en",)),
    ("budget", 0.10, ("en",)),
    ("deadline", 0.06, ("en",)),
    ("invoice", 0.035, ("en",)),
    ("quarterly report", 0.015, ("en",)),
    ("kubernetes", 0.006, ("en", "ko")),
    ("회의", 0.45, ("ko",)),
    ("보고서", 0.20, ("ko",)),
    ("일정", 0.08, ("ko",)),
]
ALICE_RATE = 0.05
EN_TERMS = [t for t, _, langs in TERM_RATES if "en" in langs]

TERM_SENTENCES = {
    ("meeting", "en"): [
        "Can we move the meeting to {day}?",
        "Notes from today's meeting are below.",
        "I set up a meeting with {first} for {day} at {h}pm.",
        "The meeting room on the {n}th floor is booked for us.",
        "Let's go over this at the next team meeting.",
        "I will send the meeting invite shortly.",
    ],
    ("budget", "en"): [
        "The budget for {proj} is almost used up.",
        "We are still within budget for Q{q}.",
        "Could you double-check the budget numbers before Friday?",
        "Finance approved the revised budget this morning.",
    ],
    ("deadline", "en"): [
        "The deadline for {proj} is {day}.",
        "We might miss the deadline unless we get more help.",
        "Please keep the {month} {n} deadline in mind.",
        "Is the deadline still firm or can it slip a week?",
    ],
    ("invoice", "en"): [
        "Please find invoice #{num} attached.",
        "The invoice for {month} is still unpaid.",
        "Can you send me a corrected invoice?",
        "Invoice {num} totals ${amt}.",
    ],
    ("quarterly report", "en"): [
        "The quarterly report for Q{q} is ready for review.",
        "Please add your numbers to the quarterly report by {day}.",
        "I uploaded the draft quarterly report to the shared drive.",
    ],
    ("kubernetes", "en"): [
        "The kubernetes cluster upgrade is scheduled for {day}.",
        "We moved {svc} to Kubernetes last sprint.",
        "Kubernetes pods for {svc} keep restarting after the deploy.",
    ],
    ("kubernetes", "ko"): [
        "kubernetes 클러스터 점검은 다음 주에 진행됩니다.",
        "{svc} 서비스를 Kubernetes로 이전했습니다.",
    ],
    ("회의", "ko"): [
        "내일 오전 {h}시 회의 자료를 미리 공유드립니다.",
        "지난주 회의에서 논의한 내용을 정리했습니다.",
        "회의 시간을 조금 늦춰도 괜찮을까요?",
        "다음 회의는 {n}층 세미나실에서 진행합니다.",
        "회의를 마치고 결과를 공유하겠습니다.",
        "오늘 회의는 취소되었습니다.",
    ],
    ("보고서", "ko"): [
        "월간 보고서를 첨부합니다.",
        "보고서 초안 검토 부탁드립니다.",
        "{q}분기 보고서 작성이 거의 끝났습니다.",
        "보고서에 들어갈 수치를 확인해 주세요.",
        "최종 보고서는 금요일까지 제출하겠습니다.",
    ],
    ("일정", "ko"): [
        "다음 주 일정을 확인해 주세요.",
        "프로젝트 일정이 조금 변경되었습니다.",
        "출장 일정은 아래와 같습니다.",
        "일정 조율 부탁드립니다.",
        "전체 일정을 다시 공유드립니다.",
    ],
}
TERM_SUBJECTS = {
    "meeting": ["Meeting notes: {proj}", "Meeting on {day}?", "Reschedule our meeting"],
    "budget": ["{proj} budget review", "Budget approval needed"],
    "deadline": ["Deadline reminder: {proj}", "Deadline moved to {day}"],
    "invoice": ["Invoice #{num} from {company}", "Overdue invoice {num}"],
    "quarterly report": ["Q{q} quarterly report draft"],
    "kubernetes": ["Kubernetes upgrade plan for {svc}"],
    "kubernetes/ko": ["{svc} Kubernetes 클러스터 업그레이드 안내"],
    "회의": ["[공지] {q}분기 전체 회의 안내", "회의 자료 공유", "내일 회의 시간 변경"],
    "보고서": ["주간 보고서 ({m}월 {w}주차)", "보고서 검토 요청"],
    "일정": ["출장 일정 안내", "일정 변경 안내", "다음 주 일정 공유"],
}
SUBJECTS_EN = [
    "{proj} status update", "Question about the {word} {word2}", "Weekly sync notes",
    "Lunch on {day}?", "Your order #{num} has shipped", "[{svc}] build failed on main",
    "Follow-up on {word} {word2}", "Quick question", "Welcome to the team, {first}!",
    "Draft proposal for {company}", "Café menu for {day}", "Offsite planning — {month}",
    "Photos from the {word} trip", "🎉 Release v{n}.{m} is out", "{proj}: next steps",
    "Access request for {svc}", "Re-org announcement", "Travel approval for {month}",
    "Updated {word} policy", "{svc} latency regression", "Thoughts on {word} {word2}?",
]
SUBJECTS_KO = [
    "{noun} 관련 문의드립니다", "[공지] {noun} 안내", "{noun} 검토 요청", "{m}월 {noun} 결과 공유",
    "안녕하세요, {name}입니다", "{noun} 자료 전달드립니다", "출장 후기", "점심 메뉴 추천 부탁드려요",
    "{proj} 프로젝트 {noun} 건", "[긴급] {svc} 장애 공유", "{noun} 및 {noun2} 관련", "신규 {noun} 안내",
]

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

CODECS = {"utf-8": "utf-8", "euc-kr": "euc_kr", "ks_c_5601-1987": "euc_kr",
          "us-ascii": "ascii"}
DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
KO_DOW = ["월", "화", "수", "목", "금", "토", "일"]
EPOCH_START = dt.datetime(2022, 1, 3, 8, 0, 0, tzinfo=dt.timezone.utc)
SPAN_SECONDS = 3 * 365 * 86400
TZ_EN = [-480, -420, -300, -240, 0, 0, 60, 120, 330, 600]
TZ_NAMES = {540: "KST", 0: "UTC", -300: "EST", -240: "EDT", -480: "PST", -420: "PDT",
            60: "CET", 120: "CEST"}
QSAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
QUOTE_PREFIX = re.compile(r"^(?:> ?)+")
TAG_RE = re.compile(r"<[^>]+>")
TOKEN_RE = re.compile(r"\w+")


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

KINDS = ["plain", "alternative", "mixed", "related", "forward", "calendar"]
REPLYABLE = ("plain", "alternative", "mixed", "related")


class CorpusGen:
    def __init__(self, seed, count):
        self.seed = seed
        self.count = count
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

    def attachment_part(self, rng, size, korean_name, charset, kfname=None, forced_type=None):
        row = forced_type or weighted(rng, ATT_TYPES)
        _, ctype, ext, style = row
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
                for k in range(n_small):
                    size = int(10240 * 20 ** (rng.random() ** 3))
                    a, meta = self.attachment_part(rng, size, korean_names, charset,
                                                   p.get("kfname") if k == 0 and not large else None)
                    parts.append(a)
                    info["attachments"].append(meta)
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
                ct, top_body = self.multipart("mixed", self.boundary(rng, i, 0), [fp, mp])
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

    gen = CorpusGen(args.seed, args.count)
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
    for i, p in enumerate(plans):
        raw, meta, searchable = gen.message(i, p)
        name = "msg-%0*d:2,%s" % (width, i + 1, p["flags"])
        with open(os.path.join(target, name), "wb") as fh:
            fh.write(raw)
        total += len(raw)
        largest = max(largest, len(raw))
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
        with open(args.manifest, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=0)
    el = time.monotonic() - t0
    print("gen_corpus: %d messages, %d bytes (%.1f MiB, largest %.2f MiB) in %.1fs, seed %d; %s; %s; "
          "flags %s" % (
              args.count, total, total / 2 ** 20, largest / 2 ** 20, el, args.seed,
              " ".join("%s=%d" % kv for kv in kinds.items()),
              " ".join("%s=%d" % kv for kv in facets.items()),
              " ".join("%s=%d" % kv for kv in flags.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
