"""How likely a link leads to a page that describes the company: about, careers, team,
contact, services — in the languages recruiters meet most (en, de, fr, es, it, nl, nordic,
pl). A link is scored by the words of its URL path and of its text."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# category -> (weight, words). Words are folded: lower case, no accents, "-" between words.
CATEGORIES: dict[str, tuple[int, frozenset[str]]] = {
    "about": (
        10,
        _words("""
        about about-us aboutus who-we-are our-story story company our-company the-company
        unternehmen uber-uns ueber-uns wir-uber-uns qui-sommes-nous a-propos apropos
        entreprise notre-entreprise societe chi-siamo azienda chi-sono sobre sobre-nosotros
        quienes-somos nosotros empresa over-ons over wie-zijn-wij bedrijf om-oss om-os om-oss
        o-nas firma history geschichte historie mission values werte leitbild philosophy
        profil profile unternehmensprofil
    """),
    ),
    "careers": (
        10,
        _words("""
        careers career jobs job join-us join work-with-us working-here karriere
        stellenangebote stellen offene-stellen jobs-karriere emplois emploi carrieres carriere
        recrutement nous-rejoindre rejoignez-nous lavora-con-noi lavora-con-noi carreras
        empleo trabaja-con-nosotros werken-bij vacatures vacancies openings open-positions
        hiring life-at jobb ledige-stillinger praca kariera
    """),
    ),
    "team": (
        9,
        _words("""
        team our-team people leadership management founders board equipe l-equipe
        notre-equipe unser-team mannschaft equipo nuestro-equipo squadra il-team
        geschaftsfuhrung geschaeftsfuehrung vorstand
    """),
    ),
    "culture": (
        8,
        _words("""
        culture our-culture kultur unternehmenskultur benefits perks why-us why-join
        life working-at diversity
    """),
    ),
    "services": (
        6,
        _words("""
        services products solutions what-we-do leistungen produkte losungen loesungen
        offre nos-services prestations servicios productos soluciones servizi prodotti
        diensten oplossingen industries expertise
    """),
    ),
    "contact": (
        5,
        _words("""
        contact contact-us kontakt contacto contatti contacteer impressum imprint
        legal-notice mentions-legales aviso-legal locations offices standorte
    """),
    ),
}
# Pages that never describe the company, whatever else their address says.
_NEVER = _words("""
    privacy privacy-policy datenschutz cookie cookies cookie-policy terms agb conditions
    login signin sign-in register signup cart checkout basket search feed rss wp-admin
    wp-login wp-json account password logout
""")
_FILE = re.compile(
    r"\.(pdf|jpe?g|png|gif|svg|webp|zip|gz|docx?|xlsx?|pptx?|mp[34]|mov|avi|css|js|json|xml|ics)$",
    re.IGNORECASE,
)
MIN_SCORE = 5
_MAX_PATH_SEGMENTS = 5


def fold(text: str) -> str:
    """Lower case, accents dropped, words joined by "-": "Über uns" -> "uber-uns"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def score_link(url: str, text: str) -> tuple[int, str]:
    """(score, category): 0 for a link not worth a request."""
    parts = urlsplit(url)
    segments = [fold(unquote(s)) for s in parts.path.split("/") if s]
    if _FILE.search(parts.path) or len(segments) > _MAX_PATH_SEGMENTS:
        return 0, ""
    if any(s in _NEVER or s.split("-")[0] in _NEVER for s in segments):
        return 0, ""
    best = max(_category_score(category, segments, fold(text)) for category in CATEGORIES)
    score, category = best
    score -= max(0, len(segments) - 2) * 2 + (3 if parts.query else 0)
    return (score, category) if score >= MIN_SCORE else (0, "")


def _category_score(category: str, segments: list[str], text: str) -> tuple[int, str]:
    weight, words = CATEGORIES[category]
    in_path = any(s in words for s in segments)
    partly_in_path = in_path or any(w in s.split("-") for s in segments for w in words)
    in_text = text in words
    partly_in_text = in_text or any(w in text.split("-") for w in words if "-" not in w)
    score = (weight if in_path else weight // 2 if partly_in_path else 0) + (
        weight if in_text else weight // 2 if partly_in_text else 0
    )
    return score, category
