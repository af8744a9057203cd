"""Write the relevance-judged search set: `cvs.json` and `queries.json` beside this script.

Usage: .venv/bin/python tests/benchmarks/search_relevance/build_set.py

Run once; its output is committed, and `bench_search_relevance.py` reads only the JSON. 64
generated CVs (tests/data/cv_content.py, seven lines of work) and 12 written by hand for the
hard cases: CVs in Chinese, German, Spanish and French, a baker who never writes "pastry",
a data scientist who never writes "machine learning", and near misses for the queries that
should find nobody (a marine insurance underwriter, a flight attendant).

Relevance: 2 = what the recruiter asked for, 1 = worth a look, 0 (absent) = not relevant.
The grades of the generated CVs follow the rules in `JUDGES`, written for each query after
reading the CVs of its line of work; the hand-written CVs are graded one by one (`HAND`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests.data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.data.cv_content import Cv, generate_cvs, render_cv_text

HERE = Path(__file__).resolve().parent
GENERATED = 64
SEED = 1313


def _profile(cv: Cv) -> dict:
    return {
        "basics": {"name": cv.name, "label": cv.title, "email": cv.email, "summary": cv.summary},
        "skills": [{"name": s} for s in cv.skills],
        "work": [
            {"name": j.company, "position": j.title, "highlights": list(j.highlights)}
            for j in cv.jobs
        ],
        "education": [{"studyType": d, "institution": s} for d, s, _ in cv.education],
        "languages": [{"language": lang, "fluency": level} for lang, level in cv.languages],
    }


def _text(cv: Cv) -> str:
    return " ".join([render_cv_text(cv), *cv.skills]).lower()


def _has(cv: Cv, *words: str) -> bool:
    return any(w.lower() in _text(cv) for w in words)


def _speaks(cv: Cv, language: str) -> bool:
    return any(lang == language for lang, _ in cv.languages)


Judge = Callable[[Cv], int]
JUDGES: dict[str, Judge] = {
    "python developer": lambda cv: (
        (2 if cv.sector == "software" else 1) if "Python" in cv.skills
        else 1 if cv.sector in ("software", "data") and _has(cv, "python") else 0
    ),
    "Kubernetes platform engineer": lambda cv: (
        0 if cv.sector != "software"
        else 2 if "Kubernetes" in cv.skills and "Engineer" in cv.title
        else 1 if _has(cv, "kubernetes") or "Platform" in cv.title or "Reliability" in cv.title
        else 0
    ),
    "ICU nurse": lambda cv: (
        0 if cv.sector != "nursing" else 2 if _has(cv, "icu") else 1
    ),
    "pastry chef with viennoiserie experience": lambda cv: (
        0 if cv.sector != "pastry" else 2 if _has(cv, "viennoiserie") else 1
    ),
    "financial controller IFRS": lambda cv: (
        0 if cv.sector != "finance" else 2 if _has(cv, "ifrs") else 1
    ),
    "warehouse supervisor with forklift licence": lambda cv: (
        0 if cv.sector != "logistics"
        else 2 if _has(cv, "forklift") or cv.title == "Warehouse Supervisor" else 1
    ),
    "maths teacher": lambda cv: (
        0 if cv.sector != "teaching" else 2 if _has(cv, "mathematics") else 1
    ),
    "Chinese-speaking software engineer": lambda cv: (
        2 if cv.sector == "software" and _speaks(cv, "Mandarin") else 0
    ),
    "machine learning engineer": lambda cv: (
        0 if cv.sector != "data"
        else 2 if _has(cv, "pytorch", "scikit-learn", "machine learning") else 1
    ),
    "someone who bakes bread and cakes": lambda cv: (
        0 if cv.sector != "pastry" else 2 if _has(cv, "sourdough") else 1
    ),
    "marine biologist": lambda cv: 0,
    "airline pilot": lambda cv: 0,
}  # fmt: skip

# The hand-written CVs: (name, CV text, profile, {query: grade}).
HAND: list[tuple[str, str, dict, dict[str, int]]] = [
    (
        "王伟",
        "王伟\n高级软件工程师\n上海\n\n个人简介\n十年后端开发经验，精通 Python、Go 和 Kubernetes，"
        "负责支付平台的微服务架构。\n\n工作经历\n高级软件工程师 — 蓝鳍支付，上海，2019 – 至今\n"
        "• 设计并实现每天处理五百万笔交易的服务\n• 带领六名工程师把单体应用迁移到 Kubernetes\n"
        "\n教育\n计算机科学学士，复旦大学，2012\n\n技能\nPython, Go, Kubernetes, PostgreSQL\n"
        "\n语言\n中文（母语），英语（流利）\n",
        {
            "basics": {"name": "王伟", "label": "高级软件工程师",
                       "summary": "十年后端开发经验，精通 Python、Go 和 Kubernetes，"
                       "负责支付平台的微服务架构。"},
            "skills": [{"name": "Python"}, {"name": "Go"}, {"name": "Kubernetes"},
                       {"name": "PostgreSQL"}],
            "work": [{"name": "蓝鳍支付", "position": "高级软件工程师",
                      "highlights": ["设计并实现每天处理五百万笔交易的服务",
                                     "带领六名工程师把单体应用迁移到 Kubernetes"]}],
            "education": [{"studyType": "计算机科学学士", "institution": "复旦大学"}],
            "languages": [{"language": "中文", "fluency": "母语"},
                          {"language": "英语", "fluency": "流利"}],
        },
        {"Chinese-speaking software engineer": 2, "python developer": 2,
         "Kubernetes platform engineer": 1},
    ),
    (
        "Li Na Zhou",
        "Li Na Zhou\nBackend Developer\nLondon, UK\n\nSummary\nBackend developer building "
        "payment APIs in Java and Kotlin. Bilingual: grew up in Shenzhen, fluent in Chinese "
        "(Mandarin and Cantonese) and English.\n\nExperience\nBackend Developer — Bluefin "
        "Payments, London, 2020 – present\n• Built the refunds API used by 300 merchants\n"
        "\nSkills\nJava, Kotlin, Spring Boot, SQL\n\nLanguages\nChinese (native), English\n",
        {
            "basics": {"name": "Li Na Zhou", "label": "Backend Developer",
                       "summary": "Backend developer building payment APIs in Java and Kotlin. "
                       "Bilingual: fluent in Chinese (Mandarin and Cantonese) and English."},
            "skills": [{"name": "Java"}, {"name": "Kotlin"}, {"name": "Spring Boot"},
                       {"name": "SQL"}],
            "work": [{"name": "Bluefin Payments", "position": "Backend Developer",
                      "highlights": ["Built the refunds API used by 300 merchants"]}],
            "languages": [{"language": "Chinese", "fluency": "native"},
                          {"language": "English", "fluency": "fluent"}],
        },
        {"Chinese-speaking software engineer": 2},
    ),
    (
        "Katrin Vogel",
        "Katrin Vogel\nFachkrankenschwester für Intensivpflege\nHamburg\n\nProfil\nZwölf Jahre "
        "Erfahrung auf der Intensivstation eines Universitätsklinikums: Beatmung, "
        "Überwachung kritisch kranker Patienten, Notfallversorgung.\n\nBerufserfahrung\n"
        "Fachkrankenschwester — Universitätsklinikum Eppendorf, 2013 – heute\n• Betreuung von "
        "zwei beatmeten Patienten pro Schicht\n• Praxisanleiterin für neue Pflegekräfte\n\n"
        "Kenntnisse\nBeatmung, Hämodynamisches Monitoring, Reanimation\n",
        {
            "basics": {"name": "Katrin Vogel", "label": "Fachkrankenschwester für Intensivpflege",
                       "summary": "Zwölf Jahre Erfahrung auf der Intensivstation eines "
                       "Universitätsklinikums: Beatmung, Überwachung kritisch kranker Patienten, "
                       "Notfallversorgung."},
            "skills": [{"name": "Beatmung"}, {"name": "Hämodynamisches Monitoring"},
                       {"name": "Reanimation"}],
            "work": [{"name": "Universitätsklinikum Eppendorf",
                      "position": "Fachkrankenschwester",
                      "highlights": ["Betreuung von zwei beatmeten Patienten pro Schicht",
                                     "Praxisanleiterin für neue Pflegekräfte"]}],
            "languages": [{"language": "Deutsch", "fluency": "Muttersprache"}],
        },
        {"ICU nurse": 2},
    ),
    (
        "Tom Barker",
        "Tom Barker\nBaker\nBristol, UK\n\nAbout me\nI get up at 3 am to bake: crusty loaves, "
        "rye, cinnamon buns, birthday cakes and wedding cakes for a busy neighbourhood "
        "bakery.\n\nWork\nHead Baker — Corner Loaf Bakery, Bristol, 2016 – present\n• Bake "
        "600 loaves and 40 cakes a day\n• Trained two apprentices\n\nSkills\nbread making, "
        "cake decorating, proving, oven management, food hygiene\n",
        {
            "basics": {"name": "Tom Barker", "label": "Baker",
                       "summary": "I get up at 3 am to bake: crusty loaves, rye, cinnamon buns, "
                       "birthday cakes and wedding cakes for a busy neighbourhood bakery."},
            "skills": [{"name": "bread making"}, {"name": "cake decorating"},
                       {"name": "proving"}, {"name": "oven management"},
                       {"name": "food hygiene"}],
            "work": [{"name": "Corner Loaf Bakery", "position": "Head Baker",
                      "highlights": ["Bake 600 loaves and 40 cakes a day",
                                     "Trained two apprentices"]}],
        },
        {"someone who bakes bread and cakes": 2, "pastry chef with viennoiserie experience": 1},
    ),
    (
        "Morgan Reid",
        "Morgan Reid\nMarine Insurance Underwriter\nLondon, UK\n\nSummary\nUnderwriter of hull "
        "and cargo risks at Lloyd's for shipping companies.\n\nExperience\nUnderwriter — "
        "Castellan Marine Syndicate, 2015 – present\n• Wrote 40 million GBP of cargo premium\n"
        "\nSkills\nunderwriting, risk assessment, Lloyd's market, claims\n",
        {
            "basics": {"name": "Morgan Reid", "label": "Marine Insurance Underwriter",
                       "summary": "Underwriter of hull and cargo risks at Lloyd's for shipping "
                       "companies."},
            "skills": [{"name": "underwriting"}, {"name": "risk assessment"},
                       {"name": "Lloyd's market"}, {"name": "claims"}],
            "work": [{"name": "Castellan Marine Syndicate", "position": "Underwriter",
                      "highlights": ["Wrote 40 million GBP of cargo premium"]}],
        },
        {"financial controller IFRS": 0},
    ),
    (
        "Sara Lindholm",
        "Sara Lindholm\nSenior Cabin Crew\nStockholm, Sweden\n\nSummary\nFlight attendant on "
        "long-haul routes, safety and service lead for a crew of twelve.\n\nExperience\nSenior "
        "Cabin Crew — Nordic Air, 2014 – present\n• Led the cabin on 900 long-haul flights\n\n"
        "Skills\npassenger safety, first aid, customer service, crew leadership\n",
        {
            "basics": {"name": "Sara Lindholm", "label": "Senior Cabin Crew",
                       "summary": "Flight attendant on long-haul routes, safety and service "
                       "lead for a crew of twelve."},
            "skills": [{"name": "passenger safety"}, {"name": "first aid"},
                       {"name": "customer service"}, {"name": "crew leadership"}],
            "work": [{"name": "Nordic Air", "position": "Senior Cabin Crew",
                      "highlights": ["Led the cabin on 900 long-haul flights"]}],
        },
        {},
    ),
    (
        "Lucía Romero",
        "Lucía Romero\nContable sénior\nMadrid\n\nPerfil\nContable con ocho años de experiencia "
        "en cierre mensual, consolidación y normas NIIF para un grupo de distribución.\n\n"
        "Experiencia\nContable sénior — Grupo Meridian, 2017 – actualidad\n• Redujo el cierre "
        "mensual de diez a cinco días\n\nCompetencias\nNIIF, SAP, consolidación, Excel, IVA\n",
        {
            "basics": {"name": "Lucía Romero", "label": "Contable sénior",
                       "summary": "Contable con ocho años de experiencia en cierre mensual, "
                       "consolidación y normas NIIF para un grupo de distribución."},
            "skills": [{"name": "NIIF"}, {"name": "SAP"}, {"name": "consolidación"},
                       {"name": "Excel"}, {"name": "IVA"}],
            "work": [{"name": "Grupo Meridian", "position": "Contable sénior",
                      "highlights": ["Redujo el cierre mensual de diez a cinco días"]}],
        },
        {"financial controller IFRS": 1},
    ),
    (
        "Ravi Menon",
        "Ravi Menon\nData Scientist\nManchester, UK\n\nSummary\nI build predictive models: "
        "gradient-boosted trees and neural networks that forecast demand and flag fraud, from "
        "prototype to production.\n\nExperience\nData Scientist — Harbour Insurance, 2019 – "
        "present\n• Deployed a neural-network fraud detector that cut losses by 18%\n\nSkills\n"
        "XGBoost, TensorFlow, feature engineering, model deployment, R\n",
        {
            "basics": {"name": "Ravi Menon", "label": "Data Scientist",
                       "summary": "I build predictive models: gradient-boosted trees and neural "
                       "networks that forecast demand and flag fraud, from prototype to "
                       "production."},
            "skills": [{"name": "XGBoost"}, {"name": "TensorFlow"},
                       {"name": "feature engineering"}, {"name": "model deployment"},
                       {"name": "R"}],
            "work": [{"name": "Harbour Insurance", "position": "Data Scientist",
                      "highlights": ["Deployed a neural-network fraud detector that cut "
                                     "losses by 18%"]}],
        },
        {"machine learning engineer": 2},
    ),
    (
        "Camille Faure",
        "Camille Faure\nPâtissière\nLyon\n\nProfil\nPâtissière passionnée : viennoiseries, pâte "
        "feuilletée, entremets et chocolat, dix ans en boutique et en hôtel.\n\nExpérience\n"
        "Cheffe pâtissière — Patisserie Lumière, Lyon, 2018 – aujourd'hui\n• Production "
        "quotidienne de 400 croissants et pains au chocolat\n\nCompétences\nviennoiserie, "
        "tourage, chocolat, entremets, HACCP\n",
        {
            "basics": {"name": "Camille Faure", "label": "Pâtissière",
                       "summary": "Pâtissière passionnée : viennoiseries, pâte feuilletée, "
                       "entremets et chocolat, dix ans en boutique et en hôtel."},
            "skills": [{"name": "viennoiserie"}, {"name": "tourage"}, {"name": "chocolat"},
                       {"name": "entremets"}, {"name": "HACCP"}],
            "work": [{"name": "Patisserie Lumière", "position": "Cheffe pâtissière",
                      "highlights": ["Production quotidienne de 400 croissants et pains au "
                                     "chocolat"]}],
        },
        {"pastry chef with viennoiserie experience": 2, "someone who bakes bread and cakes": 1},
    ),
    (
        "Owen Pryce",
        "Owen Pryce\nMaths Tutor\nCardiff, UK\n\nSummary\nQualified maths teacher, now a private "
        "tutor for GCSE and A-level students.\n\nExperience\nMaths Teacher — Greenfield College, "
        "2012 – 2021\n• Taught algebra and calculus to classes of 30\n\nSkills\nalgebra, "
        "calculus, exam preparation, lesson planning\n",
        {
            "basics": {"name": "Owen Pryce", "label": "Maths Tutor",
                       "summary": "Qualified maths teacher, now a private tutor for GCSE and "
                       "A-level students."},
            "skills": [{"name": "algebra"}, {"name": "calculus"}, {"name": "exam preparation"},
                       {"name": "lesson planning"}],
            "work": [{"name": "Greenfield College", "position": "Maths Teacher",
                      "highlights": ["Taught algebra and calculus to classes of 30"]}],
        },
        {"maths teacher": 2},
    ),
    (
        "Bruno Teixeira",
        "Bruno Teixeira\nResponsável de Armazém\nPorto\n\nPerfil\nChefe de armazém com carta de "
        "empilhador e dez anos de gestão de stocks e equipas de turno.\n\nExperiência\n"
        "Responsável de Armazém — Portus Shipping, 2015 – presente\n• Geriu uma equipa de 25 "
        "operadores\n\nCompetências\nempilhador, gestão de stocks, SAP, segurança\n",
        {
            "basics": {"name": "Bruno Teixeira", "label": "Responsável de Armazém",
                       "summary": "Chefe de armazém com carta de empilhador e dez anos de "
                       "gestão de stocks e equipas de turno."},
            "skills": [{"name": "empilhador"}, {"name": "gestão de stocks"}, {"name": "SAP"},
                       {"name": "segurança"}],
            "work": [{"name": "Portus Shipping", "position": "Responsável de Armazém",
                      "highlights": ["Geriu uma equipa de 25 operadores"]}],
        },
        {"warehouse supervisor with forklift licence": 2},
    ),
    (
        "Grace Adeyemi",
        "Grace Adeyemi\nCritical Care Nurse\nLeeds, UK\n\nSummary\nNurse in an intensive care "
        "unit caring for ventilated and post-operative patients.\n\nExperience\nCritical Care "
        "Nurse — Riverside NHS Trust, 2017 – present\n• Cared for two ventilated patients per "
        "shift\n\nSkills\nventilation, haemodynamic monitoring, sepsis care, patient care\n",
        {
            "basics": {"name": "Grace Adeyemi", "label": "Critical Care Nurse",
                       "summary": "Nurse in an intensive care unit caring for ventilated and "
                       "post-operative patients."},
            "skills": [{"name": "ventilation"}, {"name": "haemodynamic monitoring"},
                       {"name": "sepsis care"}, {"name": "patient care"}],
            "work": [{"name": "Riverside NHS Trust", "position": "Critical Care Nurse",
                      "highlights": ["Cared for two ventilated patients per shift"]}],
        },
        {"ICU nurse": 2},
    ),
]  # fmt: skip


def build() -> tuple[list[dict], list[dict]]:
    """(cvs, queries): every CV with its id, and every query with its graded ids."""
    cvs = generate_cvs(GENERATED, SEED)
    records = [
        {"id": cv.serial, "name": cv.name, "text": render_cv_text(cv), "profile": _profile(cv)}
        for cv in cvs
    ]
    grades: dict[str, dict[str, int]] = {q: {} for q in JUDGES}
    for cv in cvs:
        for query, judge in JUDGES.items():
            if grade := judge(cv):
                grades[query][str(cv.serial)] = grade
    for offset, (name, text, profile, graded) in enumerate(HAND, start=GENERATED + 1):
        records.append({"id": offset, "name": name, "text": text, "profile": profile})
        for query, grade in graded.items():
            if grade:
                grades[query][str(offset)] = grade
    queries = [{"query": q, "relevant": dict(sorted(g.items(), key=lambda kv: int(kv[0])))}
               for q, g in grades.items()]  # fmt: skip
    return records, queries


def main() -> None:
    records, queries = build()
    for name, data in (("cvs.json", records), ("queries.json", queries)):
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        (HERE / name).write_text(text, encoding="utf-8")
    print(f"{len(records)} CVs, {len(queries)} queries written to {HERE}")


if __name__ == "__main__":
    main()
