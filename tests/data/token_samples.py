"""Texts to count tokens on: generated CVs plus CV lines in many scripts, emoji and odd spacing.

Shared by the count test (tests/core/llm/test_token_counts.py) and the tokenizer benchmark.
"""

from __future__ import annotations

from tests.data.cv_content import generate_cv_texts

# What CVs from many countries hold: each string exercises a different part of the split
# patterns (letters with marks, CJK runs, digits in threes, CRLF, apostrophes, emoji).
MULTILINGUAL_LINES = (
    "Senior-Softwareentwicklerin bei Müller & Söhne GmbH, Straße 12, 80331 München",
    "Ingénieure d'études — Société Générale, Paris (2019–2023) ; maîtrise d'œuvre",
    "Kierownik projektu: wdrożenie systemu ERP, zespół 12 osób, Łódź – Gdańsk",
    "Ведущий инженер-программист, ООО «Яндекс», Москва, 2018—2022 гг.",
    "Μηχανικός λογισμικού στην Αθήνα· Πανεπιστήμιο Πατρών, 2015",
    "مهندس برمجيات أول في شركة أرامكو، الظهران — خبرة ١٢ عامًا",
    "מפתחת תוכנה בכירה, תל אביב–יפו, צה״ל 8200",
    "वरिष्ठ सॉफ्टवेयर इंजीनियर, बेंगलुरु — इन्फोसिस लिमिटेड (२०१७–२०२२)",
    "高级软件工程师，阿里巴巴集团，杭州，2016年7月至2021年3月；负责分布式存储系统。",
    "ソフトウェアエンジニア（株式会社メルカリ、東京）：Go と Kubernetes で決済基盤を開発。",
    "선임 소프트웨어 엔지니어, 네이버 주식회사, 성남시 분당구 (2017–2022)",
    "วิศวกรซอฟต์แวร์อาวุโส บริษัท อโกด้า กรุงเทพมหานคร",
    "Kỹ sư phần mềm cao cấp tại Hà Nội, Việt Nam; tiếng Anh lưu loát",
    "Yazılım mühendisi, İstanbul; Boğaziçi Üniversitesi mezunu, ağ güvenliği",
    "Skills: Python 🐍, Rust 🦀, team lead 👩🏽‍💻👨‍👩‍👧‍👦, ✅ AWS certified ⭐⭐⭐⭐☆ 🇩🇪🇯🇵",
    "Phone: +44 (0)20 7946 0958 · IBAN DE89 3704 0044 0532 0130 00 · 1234567890123",
    "Windows line ends\r\n\r\n\tTabbed  bullet\u00a0•  non-breaking\u2009thin\u200bzero-width\r\n",
    "it's they're we've I'm you'll he'd IT'S THEY'RE O'Brien's CV's",
    "https://www.linkedin.com/in/zoë-müller-42/?utm_source=cv&lang=de#experience",
    "def parse(cv: str) -> dict[str, int]:\n    return {k: len(v) for k, v in cv.items()}  # ✓",
    "e\u0301te\u0301 (combining) vs été; ﬁnance ligature; ＦＵＬＬＷＩＤＴＨ ５５; Ⅻ; ½ ⅔",
    "<|endoftext|> and <|fim_prefix|> typed in a CV are only text",
    "     \n\n\n   trailing spaces and blank lines        ",
    "A" * 300 + " " + "9" * 200 + " " + "!?" * 100,
)


def token_sample_texts(cvs: int = 60) -> list[str]:
    """`cvs` generated CVs (names and places with diacritics), the lines above one by one and
    all of them joined into one long multilingual CV."""
    joined = "\n".join(MULTILINGUAL_LINES)
    return [*generate_cv_texts(cvs, seed=15), *MULTILINGUAL_LINES, joined]
