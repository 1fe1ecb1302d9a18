"""Every page, with the stylesheet, script and images it loads, weighs at most 100 KB.

Measured as a browser without a cache would fetch it: the HTML, then each same-origin
stylesheet, script, icon and image it references (and what the stylesheets reference),
counted once each, uncompressed — an upper bound on what travels over the wire. The
table is printed and kept in test-artifacts/page-weights.txt. Fonts for PDFs are only
ever read by the PDF renderer, so no page loads them.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pyotp
import pytest
import sqlalchemy as sa

from forum import ROOT
from forum.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET

LIMIT = 100 * 1024
EVENT = "proteccion-colectiva-bogota"
PASSWORDS = {name: password for _, name, _, _, _, password in DEMO_ACCOUNTS}
PAGES: dict[str | None, list[str]] = {
    None: ["/", "/events/", f"/events/{EVENT}/", f"/events/{EVENT}/agenda", "/exchanges/",
           "/auth/login", "/auth/signup", "/observatory/", "/observatory/instruments",
           "/observatory/countries/CO", "/observatory/countries/MX",
           "/observatory/compare?country=MX&country=CO&country=BR&country=HN"],
    "mariana": ["/", "/events/", f"/events/{EVENT}/", f"/events/{EVENT}/agenda",
                f"/events/{EVENT}/register", "/exchanges/", "/exchanges/?q=abogadas",
                "{thread}", "/exchanges/new", "/account/", "/account/profile", "/account/data"],
    "organizer": ["/events/new", f"/events/{EVENT}/manage/", f"/events/{EVENT}/manage/edit",
                  f"/events/{EVENT}/manage/sessions/new", f"/events/{EVENT}/manage/questions",
                  f"/events/{EVENT}/manage/registrations", f"/events/{EVENT}/manage/audit",
                  f"/events/{EVENT}/manage/badges", f"/events/{EVENT}/manage/attendees",
                  f"/events/{EVENT}/manage/check-in", f"/events/{EVENT}/manage/logistics",
                  "/insights/"],
    "moderator": ["/moderation/", "{thread}"],
    "staff": ["/observatory/instruments/new", "/observatory/checklist"],
}  # fmt: skip


class References(HTMLParser):
    """Same-page resources a browser fetches at once: stylesheets, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and {"stylesheet", "icon"} & set((found.get("rel") or "").split()):
            self.urls.append(found.get("href") or "")
        elif tag in ("script", "img", "source") and found.get("src"):
            self.urls.append(found["src"] or "")


def weigh(client, path: str) -> tuple[int, int, dict[str, int]]:  # noqa: ANN001
    """(bytes, gzipped bytes, {url: bytes}) of the page and everything it loads."""
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, (path, response.status_code)
    parts = {path: response.data}
    parser = References()
    parser.feed(response.get_data(as_text=True))
    queue = [urljoin(path, url) for url in parser.urls if url]
    while queue:
        url = queue.pop()
        if urlsplit(url).netloc or url in parts:
            continue  # another origin cannot happen under the CSP; counted once each
        asset = client.get(url)
        assert asset.status_code == 200, url
        parts[url] = asset.data
        asset.close()
        if url.split("?")[0].endswith(".css"):
            for ref in re.findall(rb"url\(\s*['\"]?([^'\")]+)", asset.data):
                if not ref.startswith(b"data:"):
                    queue.append(urljoin(url, ref.decode()))
    total = sum(len(body) for body in parts.values())
    zipped = sum(len(gzip.compress(body)) for body in parts.values())
    return total, zipped, {url: len(body) for url, body in parts.items()}


def sign_in(client, username: str) -> None:  # noqa: ANN001
    response = client.post(
        "/auth/login", data={"username": username, "password": PASSWORDS[username]}
    )
    if response.headers.get("Location", "").startswith("/auth/login/code"):
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        response = client.post("/auth/login/code", data={"code": code})
    assert response.status_code == 302, username


@pytest.fixture
def demo(app, db):  # noqa: ANN001, ANN201
    from forum.demo import seed
    from forum.exchanges.models import Post, Thread

    for _ in seed():
        pass
    db.session.commit()
    # The busiest exchange: the one with the most replies.
    return db.session.scalar(
        sa.select(Thread.id).join(Post, Post.thread_id == Thread.id)
        .group_by(Thread.id).order_by(sa.func.count().desc(), Thread.id).limit(1)
    )  # fmt: skip


def test_every_page_with_its_css_and_js_weighs_at_most_100_kb(app, demo, capsys):
    rows, heavy = [], {}
    for who, paths in PAGES.items():
        client = app.test_client()
        if who:
            sign_in(client, who)
        for template in paths:
            path = template.format(thread=f"/exchanges/{demo}")
            total, zipped, parts = weigh(client, path)
            rows.append(
                f"{total / 1024:7.1f} KB {zipped / 1024:6.1f} KB gz  {who or '-':<10} {path}"
            )
            if total > LIMIT:
                heavy[f"{who} {path}"] = parts
    assets = "".join(
        f"\n  {url}: {size / 1024:.1f} KB" for url, size in parts.items() if url != path
    )
    report = "Page weights (page + CSS + JS + icons; uncompressed, gzipped):\n" + "\n".join(rows)
    report += f"\nShared assets, each fetched once per visit then cached for a year:{assets}\n"
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "page-weights.txt").write_text(report)
    with capsys.disabled():
        print("\n" + report)
    assert heavy == {}


def test_static_files_have_versioned_urls_cached_for_a_year(client):
    page = client.get("/auth/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert {url.split("?")[0] for url in urls} >= {"/static/css/app.css", "/static/js/app.js"}
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        asset = client.get(url)
        cache = asset.headers["Cache-Control"]
        asset.close()
        assert "max-age=31536000" in cache and "immutable" in cache, (url, cache)
    # An old or made-up version still gets the file, but not the long cache.
    stale = client.get("/static/css/app.css?v=000000000000")
    stale.close()
    assert stale.status_code == 200 and "immutable" not in stale.headers.get("Cache-Control", "")


def test_the_stylesheet_is_well_formed():
    """A merge once left a conflict marker in it, which silently dropped a whole section."""
    css = (ROOT / "forum" / "static" / "css" / "app.css").read_text()
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", css, re.M)
    depth = 0
    for char in without_comments:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, "a } closes nothing"
    assert depth == 0, "a { is never closed"
