"""Pages whose text is boilerplate only (cookie banners, consent walls, "enable JavaScript")
are refused, naming the file or URL, and nothing is stored; an article under a banner is kept."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.lang import LanguagePack
from sitrep.model import Document
from sitrep.sources import Fetcher, read_url
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import serving_pages

PAGE = "<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"
COOKIE_BANNER = PAGE.format(title="Harbour Post", body=(
    "<div id='consent'><p>We use cookies to give you the best experience on our site.</p>"
    "<p>By clicking Accept all you agree to our cookie policy and privacy policy.</p>"
    "<button>Accept all</button><button>Reject all</button>"
    "<button>Manage preferences</button></div>"))
CONSENT_WALL = PAGE.format(title="Valley Courier", body=(
    "<h2>Before you continue</h2><p>We and our partners ask for your consent to use cookies "
    "and similar technologies for personalised ads and content.</p>"
    "<p>Accept all</p><p>Reject all</p><p>Privacy settings</p>"))
NO_SCRIPT = PAGE.format(title="Ridge Gazette", body=(
    "<noscript><p>Please enable JavaScript to view this page.</p></noscript>"
    "<p>JavaScript is disabled in your browser. Turn on JavaScript and reload.</p>"))
ARTICLE_UNDER_A_BANNER = PAGE.format(title="Column crosses the river", body=(
    "<div><p>We use cookies. Accept all or manage preferences.</p></div><article>"
    "<h1>Column crosses the river</h1><p>A column of forty trucks and six tanks crossed "
    "the river at Marden on Monday morning, residents of the town said.</p><p>The column "
    "headed north along the old highway towards the border crossing at Lisec.</p></article>"))


def test_the_cue_phrases_are_the_language_packs():
    phrases = LanguagePack.load("en").lines("boilerplate.txt")
    assert {"we use cookies", "accept all", "enable javascript"} <= set(phrases)


def test_boilerplate_only_files_are_refused_by_name_and_not_stored(tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    pages = {"banner.html": COOKIE_BANNER, "wall.html": CONSENT_WALL, "script.html": NO_SCRIPT,
             "article.html": ARTICLE_UNDER_A_BANNER}
    inputs = tmp_path / "pages"
    inputs.mkdir()
    for name, html in pages.items():
        (inputs / name).write_text(html, encoding="utf-8")
    case = tmp_path / "case"
    result = CliRunner().invoke(main, ["--case", str(case), "ingest", "--no-extract",
                                       str(inputs)], catch_exceptions=False)
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    for name in ("banner.html", "wall.html", "script.html"):
        assert f"{inputs / name}: the page holds only a cookie banner, consent wall or " \
               "browser notice, no article" in err
        assert "not stored" in err
    assert "article.html:" not in err
    with Store.open(sqlite_url(case)) as store:
        [stored] = store.documents()
        assert "forty trucks" in store.document(stored.id).text


@pytest.mark.parametrize("path, html", [("/banner.html", COOKIE_BANNER),
                                        ("/wall.html", CONSENT_WALL),
                                        ("/script.html", NO_SCRIPT)])
def test_boilerplate_only_pages_are_refused_by_url(path, html):
    with serving_pages({path: (200, "text/html; charset=utf-8", html),
                        "/article.html": (200, "text/html", ARTICLE_UNDER_A_BANNER)}) as site, \
            Fetcher(sleep=lambda seconds: None) as fetcher:
        [refused] = list(read_url(site.url + path, fetcher))
        [kept] = list(read_url(site.url + "/article.html", fetcher))
    assert not isinstance(refused, Document)
    assert str(refused).startswith(f"{site.url}{path}: the page holds only a cookie banner")
    assert isinstance(kept, Document) and "forty trucks" in kept.text
