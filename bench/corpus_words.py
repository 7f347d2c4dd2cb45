#!/usr/bin/env python3
"""Vocabularies, names and fixed tables of the benchmark corpus (bench/gen_corpus.py)."""

import datetime as dt
import re

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
