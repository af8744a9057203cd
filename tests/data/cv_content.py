"""Varied, realistic CV content from a seed: the raw material of the test corpus and benchmarks.

Every CV gets a unique e-mail and phone number derived from its serial number (`first_serial`
+ position), never from the random stream, so a test controls duplicates by choosing serials.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|"))


FIRST_NAMES = _items(
    "Amelia|Oliver|Zoë|Mateo|Priya|Lukas|Aisha|Noah|Chloé|Kenji|Fatima|Liam|Ingrid|Diego|Mei|"
    "Tomasz|Sofia|Jonas|Nkechi|Hugo|Elif|Rahul|Freya|Marco|Yara|Sven|Leila|Pablo|Hannah|Arjun"
)
LAST_NAMES = _items(
    "Okafor|Müller|Silva|Nakamura|Kowalski|Haddad|Johansson|Dubois|Patel|García|O'Brien|"
    "Rossi|Yilmaz|Andersen|Chen|Novak|Mensah|Schmidt|Fernández|Murphy|Ivanova|Lindqvist|"
    "Moreau|Kaur|Bianchi"
)
CITIES = _items(
    "London, UK|Manchester, UK|Berlin, Germany|Munich, Germany|Amsterdam, NL|Lisbon, Portugal|"
    "Madrid, Spain|Dublin, Ireland|Stockholm, Sweden|Warsaw, Poland|Lyon, France|Milan, Italy|"
    "Zürich, Switzerland|Vienna, Austria"
)
UNIVERSITIES = _items(
    "University of Leeds|TU München|Universidade do Porto|Trinity College Dublin|"
    "Université Lyon 2|KTH Stockholm|University of Warsaw|Politecnico di Milano"
)
EMAIL_DOMAINS = _items("example.com|example.org|example.net|mail.example.com")
LANGUAGES = _items(
    "English|German|French|Spanish|Portuguese|Polish|Italian|Dutch|Swedish|Turkish|Hindi|"
    "Japanese|Arabic|Mandarin"
)
LEVELS = _items("native|fluent|professional|intermediate|basic")
TRAITS = _items("Calm under pressure|Team player|Detail-oriented|Self-starter")
ROLE_KINDS = _items("senior|lead|permanent|hybrid")
MONTHS = _items("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


@dataclass(frozen=True)
class Sector:
    """Titles, skills, employers, degrees and achievements of one line of work."""

    titles: tuple[str, ...]
    skills: tuple[str, ...]
    companies: tuple[str, ...]
    degrees: tuple[str, ...]
    achievements: tuple[str, ...]


def _sector(*fields: str) -> Sector:
    return Sector(*(_items(field) for field in fields))


SECTORS = {
    "software": _sector(
        "Software Engineer|Senior Backend Engineer|Platform Engineer|Site Reliability Engineer|"
        "Engineering Manager|DevOps Engineer",
        "Python|Kubernetes|SQL|PostgreSQL|Go|Terraform|AWS|Docker|React|TypeScript|Kafka|gRPC|"
        "Linux|CI/CD|Prometheus|Django",
        "Northwind Cloud|Bluefin Payments|Tessera Data|Orbital Logistics Tech|Kestrel Software|"
        "Larkspur Health IT|Quayside Analytics",
        "BSc Computer Science|MSc Software Engineering|BEng Electronic Engineering",
        "Cut deployment time from {n} minutes to {m} by moving builds to Kubernetes|"
        "Led a team of {k} engineers migrating a monolith to Python services|"
        "Reduced cloud spend by {p}% with autoscaling and rightsizing on AWS|"
        "Designed the SQL reporting schema used by {k}0 analysts|"
        "Introduced on-call runbooks that halved incident recovery time|"
        "Built a Kafka event pipeline handling {k} million messages a day",
    ),
    "data": _sector(
        "Data Analyst|Data Scientist|Machine Learning Engineer|Analytics Lead",
        "Python|SQL|pandas|scikit-learn|PyTorch|dbt|Airflow|Tableau|Power BI|Spark|statistics|"
        "A/B testing|BigQuery|Snowflake",
        "Tessera Data|Meridian Retail Group|Harbour Insurance|Quayside Analytics",
        "MSc Statistics|BSc Mathematics|PhD Applied Physics|MSc Data Science",
        "Built a churn model that lifted retention by {p}%|"
        "Automated {k} weekly reports with dbt and Airflow|"
        "Ran {k}0 A/B tests on pricing pages with a shared statistics toolkit|"
        "Trained a PyTorch demand forecast with {p}% lower error than the baseline",
    ),
    "nursing": _sector(
        "Staff Nurse|Senior Staff Nurse|ICU Nurse|Ward Sister|Nurse Practitioner",
        "patient care|IV therapy|triage|wound care|medication administration|ICU|phlebotomy|"
        "care planning|infection control|BLS/ALS|EPIC",
        "St Aldric's Hospital|Riverside NHS Trust|Klinikum Nordstadt|Hospital da Luz Norte|"
        "Mercy Community Clinic",
        "BSc Nursing|Diploma in Adult Nursing|MSc Advanced Clinical Practice",
        "Cared for up to {k} patients per shift on a {n}-bed surgical ward|"
        "Trained {k} newly qualified nurses in IV therapy and triage|"
        "Cut medication errors by {p}% with a double-check protocol|"
        "Coordinated discharge planning with social services for complex cases",
    ),
    "pastry": _sector(
        "Pastry Chef|Head Pastry Chef|Chef de Partie (Pastry)|Pâtissier",
        "laminated doughs|viennoiserie|sugar work|chocolate tempering|HACCP|plated desserts|"
        "menu costing|sourdough|entremets|stock control",
        "Maison Olivier|The Gilded Spoon|Hotel Miramar|Patisserie Lumière|Café Konditorei Adler",
        "CAP Pâtissier|Level 3 Diploma in Professional Patisserie|BA Culinary Arts",
        "Developed a seasonal dessert menu that raised dessert sales by {p}%|"
        "Ran a pastry section producing {k}00 viennoiserie items a day|"
        "Reduced food waste by {p}% through menu costing and stock control|"
        "Passed every HACCP audit during {k} years as section lead",
    ),
    "finance": _sector(
        "Accountant|Financial Controller|Finance Manager|FP&A Analyst",
        "IFRS|SAP|month-end close|Excel|budgeting|forecasting|VAT|consolidation|audit|"
        "Power BI|treasury",
        "Harbour Insurance|Meridian Retail Group|Castellan Partners LLP|Bluefin Payments",
        "BSc Accounting and Finance|ACCA|CIMA|MSc Finance",
        "Shortened the month-end close from {n} to {m} days|"
        "Led the IFRS 16 lease implementation across {k} entities|"
        "Built a rolling forecast in Power BI used by the board|"
        "Managed a budget of {k}0 million EUR",
    ),
    "logistics": _sector(
        "Warehouse Supervisor|Logistics Coordinator|Supply Chain Planner|Fleet Manager",
        "WMS|forklift licence|inventory control|SAP|route planning|Lean|health and safety|"
        "Excel|customs clearance|demand planning",
        "Orbital Logistics|Northline Freight|Meridian Retail Group|Portus Shipping",
        "BSc Supply Chain Management|NVQ Level 3 Warehousing|CILT Diploma",
        "Improved pick accuracy to {q}% across {k} shifts|"
        "Planned routes for a fleet of {k}0 vans, saving {p}% fuel|"
        "Introduced Lean 5S in a {n},000 m² warehouse",
    ),
    "teaching": _sector(
        "Secondary School Teacher|Head of Mathematics|Primary Teacher|Teaching Assistant",
        "curriculum design|classroom management|safeguarding|SEN support|GCSE Mathematics|"
        "A-level Physics|Google Classroom|assessment",
        "Elmwood Academy|St. Brigid's Primary School|Lycée International Lyon|Greenfield College",
        "PGCE Secondary Mathematics|BEd Primary Education|MA Education",
        "Raised GCSE pass rates in mathematics by {p}%|"
        "Mentored {k} trainee teachers through their PGCE placements|"
        "Designed a Year 9 physics curriculum adopted across the trust",
    ),
}

SECTION_TITLES = {
    "summary": _items("PROFILE|Summary|About me|Professional Summary"),
    "experience": _items("EXPERIENCE|Work Experience|Professional Experience|Employment"),
    "education": _items("EDUCATION|Education|Education & Training"),
    "skills": _items("SKILLS|Skills|Key Skills|Core Competencies"),
    "languages": _items("LANGUAGES|Languages"),
}


@dataclass(frozen=True)
class Job:
    """One position in a CV's work history."""

    title: str
    company: str
    city: str
    start: tuple[int, int]
    end: tuple[int, int] | None
    highlights: tuple[str, ...]


@dataclass(frozen=True)
class Cv:
    """The content of one generated CV."""

    serial: int
    sector: str
    name: str
    title: str
    email: str
    phone: str
    city: str
    linkedin: str
    github: str | None
    summary: str
    skills: tuple[str, ...]
    jobs: tuple[Job, ...]
    education: tuple[tuple[str, str, int], ...]
    languages: tuple[tuple[str, str], ...]
    date_style: int
    section_titles: dict[str, str]


def _ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def unique_email(serial: int, first: str, last: str) -> str:
    """The e-mail of CV `serial`: unique per serial, whatever the name."""
    domain = EMAIL_DOMAINS[serial % len(EMAIL_DOMAINS)]
    return f"{_ascii_slug(first)}.{_ascii_slug(last)}.{serial:05d}@{domain}"


def unique_phone(serial: int) -> str:
    """The phone number of CV `serial`: unique per serial, written in one of three styles."""
    digits = f"{serial:06d}"
    style = serial % 3
    if style == 0:
        return f"+44 7700 {digits}"
    if style == 1:
        return f"+44-7700-{digits[:3]}-{digits[3:]}"
    return f"+44 7700 {digits[:3]} {digits[3:]}"


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        n=rng.randint(20, 90),
        m=rng.randint(3, 12),
        k=rng.randint(2, 9),
        p=rng.randint(8, 45),
        q=rng.choice(["98.7", "99.2", "99.6"]),
    )


def _jobs(sector: Sector, title: str, rng: random.Random) -> tuple[Job, ...]:
    jobs = []
    end: tuple[int, int] | None = None if rng.random() < 0.7 else (2025, rng.randint(1, 12))
    for index in range(rng.randint(2, 4)):
        start = ((end[0] if end else 2025) - rng.randint(1, 5), rng.randint(1, 12))
        achievements = rng.sample(sector.achievements, k=rng.randint(2, 3))
        jobs.append(
            Job(
                title=title if index == 0 else rng.choice(sector.titles),
                company=rng.choice(sector.companies),
                city=rng.choice(CITIES),
                start=start,
                end=end,
                highlights=tuple(_fill(t, rng) for t in achievements),
            )
        )
        end = (start[0] - 1, 12) if start[1] == 1 else (start[0], start[1] - 1)
    return tuple(jobs)


def _cv(serial: int, rng: random.Random) -> Cv:
    sector_name = rng.choice(sorted(SECTORS))
    sector = SECTORS[sector_name]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    title = rng.choice(sector.titles)
    skills = tuple(rng.sample(sector.skills, k=rng.randint(5, min(9, len(sector.skills)))))
    jobs = _jobs(sector, title, rng)
    summary = (
        f"{title} with {2025 - jobs[-1].start[0]} years of experience in {skills[0]}, "
        f"{skills[1]} and {skills[2]}. {rng.choice(TRAITS)}, looking for a "
        f"{rng.choice(ROLE_KINDS)} role in {rng.choice(CITIES).split(',')[0]}."
    )
    slug = f"{_ascii_slug(first)}-{_ascii_slug(last)}-{serial:05d}"
    graduated = jobs[-1].start[0] - rng.randint(0, 2)
    languages = rng.sample(LANGUAGES, k=rng.randint(1, 3))
    return Cv(
        serial=serial,
        sector=sector_name,
        name=f"{first} {last}",
        title=title,
        email=unique_email(serial, first, last),
        phone=unique_phone(serial),
        city=rng.choice(CITIES),
        linkedin=f"https://www.linkedin.com/in/{slug}",
        github=f"https://github.com/{slug}" if sector_name in ("software", "data") else None,
        summary=summary,
        skills=skills,
        jobs=jobs,
        education=((rng.choice(sector.degrees), rng.choice(UNIVERSITIES), graduated),),
        languages=tuple(
            (lang, "native" if i == 0 else rng.choice(LEVELS[1:]))
            for i, lang in enumerate(languages)
        ),
        date_style=rng.randint(0, 2),
        section_titles={key: rng.choice(values) for key, values in SECTION_TITLES.items()},
    )


def generate_cvs(n: int, seed: int = 1234, *, first_serial: int = 1) -> list[Cv]:
    """N varied CVs; the same (n, seed, first_serial) always gives the same CVs."""
    rng = random.Random(seed)
    return [_cv(serial, rng) for serial in range(first_serial, first_serial + n)]


def format_date(date: tuple[int, int] | None, style: int) -> str:
    """A date in one of the styles CVs use ('Mar 2021', '03/2021', '2021-03')."""
    if date is None:
        return ("Present", "present", "now")[style]
    year, month = date
    return (f"{MONTHS[month - 1]} {year}", f"{month:02d}/{year}", f"{year}-{month:02d}")[style]


def job_lines(job: Job, style: int) -> list[str]:
    """The lines of one job: title and employer, dates, bullet points."""
    dates = f"{format_date(job.start, style)} – {format_date(job.end, style)}"
    head = f"{job.title} — {job.company}, {job.city}"
    return [head, dates, *(f"• {h}" for h in job.highlights)]


def render_cv_text(cv: Cv) -> str:
    """The CV as plain text, as a candidate would write it in a .txt file."""
    t = cv.section_titles
    lines = [cv.name, cv.title, f"{cv.email} | {cv.phone} | {cv.city}", cv.linkedin]
    if cv.github:
        lines.append(cv.github)
    lines += ["", t["summary"], cv.summary, "", t["experience"]]
    for job in cv.jobs:
        lines += [*job_lines(job, cv.date_style), ""]
    lines.append(t["education"])
    lines += [f"{degree}, {school}, {year}" for degree, school, year in cv.education]
    lines += ["", t["skills"], ", ".join(cv.skills), "", t["languages"]]
    lines += [", ".join(f"{lang} ({level})" for lang, level in cv.languages)]
    return "\n".join(lines) + "\n"


def generate_cv_texts(n: int, seed: int = 1234, *, first_serial: int = 1) -> list[str]:
    """N varied plain-text CVs, each with a unique e-mail and phone (see `generate_cvs`)."""
    return [render_cv_text(cv) for cv in generate_cvs(n, seed, first_serial=first_serial)]
