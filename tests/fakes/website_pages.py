"""Sites for the local test website (tests/fakes/website_server.py): Acme Robotics (a
JSON-LD home page, about, careers, team and contact pages, a robots.txt with disallowed
paths, cookie banners on every page), its variants, and the behaviours tests combine
(redirects, a redirect loop, an oversized page, endless pagination, a calendar, a slow
page, a JavaScript-only home, a 503 home).

What the site states is kept in constants (`ACME_FACTS`, `COOKIE_BANNER_TEXTS`, …) so
tests compare against them, not against copies.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from tests.fakes.website_server import Reply, Route

# JSON-LD facts as the reader must return them: verbatim (the address's locality and
# region are both "Berlin": said once).
ACME_FACTS: dict[str, object] = {
    "name": "Acme Robotics GmbH",
    "website": "https://acme-robotics.example/",
    "tagline": "Robots that lift the heavy boxes — so people don't have to.",
    "description": "Acme Robotics builds autonomous pallet movers & pick-and-place arms "
    "for mid-size warehouses.",
    "founded_year": 1998,
    "size_band": "51-200",
    "headquarters": "Berlin, DE",
    "company_type": "Corporation",
    "specialties": ["warehouse robotics", "pick-and-place"],
    "social_links": [
        "https://www.linkedin.com/company/acme-robotics-example",
        "https://social.example/@acmerobotics",
    ],
}
OG_SITE_NAME = "Acme Robotics"
OG_DESCRIPTION = "Acme's OpenGraph description, used only where JSON-LD is silent."
# Text that only the cookie banners say: none of it may reach a page's main text.
COOKIE_BANNER_TEXTS = (
    "We use cookies and similar technologies to personalise ads",
    "Manage your consent preferences",
    "Tracking partners we share data with",
)
# robots.txt keeps readers away from these; the site links to them all the same.
DISALLOWED = ("/private/", "/careers/internal")
ACME_ROBOTS = """User-agent: *
Disallow: /private/
Disallow: /careers/internal

User-agent: BadBot
Disallow: /
"""
ABOUT_TEXT = (
    "Acme Robotics was founded in Berlin by two logistics engineers who were tired of "
    "watching people carry heavy boxes. Today our robots work in over forty warehouses "
    "across Germany, Austria and Switzerland."
)
CAREERS_TEXT = (
    "Join a team that builds robots people like to work next to. We offer thirty days "
    "of holiday, a yearly learning budget and a bike leasing scheme."
)
TEAM_TEXT = "Our leadership team brings decades of robotics and logistics experience together."
CONTACT_TEXT = "Write to us at our Berlin office in Kreuzberg; we answer within two days."


def acme_json_ld() -> str:
    """A @graph holding the website and the company (a Corporation), as Yoast writes it."""
    company = {
        "@type": ["Corporation"],
        "@id": "https://acme-robotics.example/#org",
        "name": ACME_FACTS["name"],
        "url": ACME_FACTS["website"],
        "slogan": ACME_FACTS["tagline"],
        "description": ACME_FACTS["description"],
        "foundingDate": "1998-04-01",
        "numberOfEmployees": {"@type": "QuantitativeValue", "minValue": 51, "maxValue": 200},
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Berlin",
            "addressRegion": "Berlin",
            "addressCountry": "DE",
        },
        "sameAs": ACME_FACTS["social_links"],
        "knowsAbout": ACME_FACTS["specialties"],
        "parentOrganization": {"@type": "Organization", "name": "Acme Holding AG"},
    }
    website = {"@type": "WebSite", "name": "Acme", "publisher": {"@id": company["@id"]}}
    return json.dumps({"@context": "https://schema.org", "@graph": [website, company]})


def cookie_banners() -> str:
    """A consent platform's banner (OneTrust markup) and a home-made consent dialog."""
    first, second, third = COOKIE_BANNER_TEXTS
    return f"""
    <div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat">
      <p>{first}. By clicking Accept all, you agree to our use of cookies.</p>
      <button id="onetrust-accept-btn-handler">Accept all</button></div></div>
    <div role="dialog" aria-label="Privacy settings" class="modal">
      <h2>{second}</h2><p>{third}: we and 212 partners store cookies with your consent.</p>
      <button>Reject all</button><button>Accept</button></div>"""


def page(title: str, body: str, *, head: str = "", nav: bool = True) -> str:
    """An HTML page with Acme's navigation, footer and cookie banners around `body`."""
    menu = NAVIGATION if nav else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>{title}</title>{head}</head><body>{menu}
    <main>{body}</main>
    <footer><p>© 2024 Acme Robotics GmbH · Imprint · Privacy policy</p></footer>
    {cookie_banners()}</body></html>"""


NAVIGATION = """<header><nav>
  <a href="/">Home</a> <a href="/about-us">About us</a> <a href="/careers">Careers</a>
  <a href="/team">Our team</a> <a href="/contact">Contact</a>
  <a href="/private/board">Board room</a> <a href="/privacy">Privacy policy</a>
  <a href="https://elsewhere.example/about">Partner</a> <a href="mailto:hi@acme.example">Mail</a>
</nav></header>"""


def home_page() -> str:
    head = (
        f'<script type="application/ld+json">{acme_json_ld()}</script>'
        f'<meta property="og:site_name" content="{OG_SITE_NAME}">'
        f'<meta property="og:description" content="{OG_DESCRIPTION}">'
    )
    body = """<h1>Warehouse robots for the rest of us</h1>
    <p>Acme Robotics designs pallet movers and pick-and-place arms that mid-size
    warehouses can afford, install in a week and run without a robotics department.</p>
    <p>Our robots share the floor with people: they slow down, step aside and say so.</p>"""
    return page("Acme Robotics — warehouse robots", body, head=head)


def careers_page() -> str:
    body = f"""<h1>Careers</h1><p>{CAREERS_TEXT}</p>
    <p><a href="/careers/internal/salaries">Salary bands (staff only)</a>
    <a href="/careers/robotics-engineer">Robotics engineer</a></p>"""
    return page("Careers at Acme", body)


def acme_site() -> dict[str, Route]:
    """The whole Acme site, robots.txt included."""
    return {
        "/robots.txt": Reply(ACME_ROBOTS, content_type="text/plain"),
        "/": home_page(),
        "/about-us": page("About Acme", f"<h1>About us</h1><p>{ABOUT_TEXT}</p>"),
        "/careers": careers_page(),
        "/careers/robotics-engineer": page(
            "Robotics engineer", "<h1>Robotics engineer (m/f/d)</h1><p>Build our arms.</p>"
        ),
        "/team": page("Our team", f"<h1>Our team</h1><p>{TEAM_TEXT}</p>"),
        "/contact": page("Contact", f"<h1>Contact</h1><p>{CONTACT_TEXT}</p>"),
        "/private/board": page("Board", "<h1>Board minutes</h1><p>Secret.</p>"),
        "/careers/internal/salaries": page("Salaries", "<h1>Salary bands</h1>"),
    }


# -- behaviours ---------------------------------------------------------------------------


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to `location` (relative or absolute)."""
    return Reply("", status=status, headers=(("Location", location),))


def oversized_page(size: int) -> Reply:
    """An HTML page of `size` bytes: an about text, then filler."""
    start = page("A long page", f"<h1>About us</h1><p>{ABOUT_TEXT}</p>")
    filler = "<p>" + "All work and no play. " * 40 + "</p>\n"
    body = start.replace("</main>", "</main>" + filler * (size // len(filler) + 1))
    return Reply(body.encode()[:size])


def endless_pagination(path: str) -> Route:
    """`path?page=N` links to `path?page=N+1`, forever."""

    def reply(request_path: str) -> Reply:
        number = int(parse_qs(urlsplit(request_path).query).get("page", ["1"])[0])
        body = f'<h1>News, page {number}</h1><p>Old news.</p><a href="{path}?page={number + 1}">'
        return Reply(page(f"News {number}", body + "Next page</a>", nav=False))

    return reply


def endless_calendar(prefix: str) -> Route:
    """`prefix/YYYY/MM` links to the next month, forever (mount it at `prefix/*`)."""

    def reply(request_path: str) -> Reply:
        year, month = (int(part) for part in request_path.rstrip("/").split("/")[-2:])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        link = f'<a href="{prefix}/{year}/{month:02d}">Next month</a>'
        return Reply(page("Events", f"<h1>Events</h1><p>Nothing on.</p>{link}", nav=False))

    return reply


def js_only_home() -> Reply:
    """A single-page app's shell: a script bundle, an empty root, a <noscript> notice."""
    return Reply(
        """<!doctype html><html><head><title>Acme</title>
        <script type="module" src="/assets/index-4f2a.js"></script></head>
        <body><div id="root"></div>
        <noscript>You need to enable JavaScript to run this app.</noscript></body></html>"""
    )


def unavailable(status: int = 503) -> Reply:
    """A server error page."""
    return Reply("<html><body><h1>Service Unavailable</h1></body></html>", status=status)
