"""The offline report (``sitrep report --html``): one self-contained file holding the
dashboard's script, stylesheet and the API's data, with markup from documents escaped.
It is opened in a browser in ``test_browser.py``."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from sitrep.cli import main
from tests.web.conftest import XSS_IMG, XSS_SCRIPT

STATIC = Path(__file__).resolve().parents[2] / "sitrep" / "web" / "static"
DATA_BLOCK = re.compile(r'<script type="application/json" id="data">(.*?)</script>', re.S)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <style> element."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def write_report(case_dir: Path, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["--case", str(case_dir), "report", "--html", str(out),
                                       *extra])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(web_case, tmp_path_factory) -> str:
    return write_report(web_case, tmp_path_factory.mktemp("report") / "report.html")


def embedded(page: str) -> dict:
    found = DATA_BLOCK.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def test_report_loads_nothing_from_elsewhere(report):
    tags = Tags()
    tags.feed(report)
    for tag, attrs in tags.tags:
        assert "src" not in attrs, f"<{tag} src={attrs['src']}>"
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "data:")), f"<{tag} href={href}>"
    assert not any(tag == "link" and attrs.get("rel") == "stylesheet" for tag, attrs in tags.tags)
    css = "".join(tags.styles)
    assert css.strip() == (STATIC / "style.css").read_text(encoding="utf-8").strip()
    assert "@import" not in css and not re.search(r"url\((?!\s*['\"]?data:)", css)
    assert (STATIC / "app.js").read_text(encoding="utf-8") in report
    assert [tag for tag, attrs in tags.tags if tag == "script"] == ["script", "script"]


def test_report_holds_the_api_data(report, live_server):
    data = embedded(report)
    for view in ("brief", "timeline?limit=100000", "ach", "vocabulary"):  # the report holds
        name = view.split("?")[0]                                         # every item
        assert data[name] == httpx.get(f"{live_server}/api/{view}", timeout=60).json(), view
    api_map = httpx.get(f"{live_server}/api/map", timeout=60).json()
    assert data["map"]["countries"] == api_map["countries"]
    assert data["map"]["total"] == api_map["total"]
    # The same features; the API's markers name their link by ref (GET /api/items gives
    # it), the report, which has no API to ask, carries it whole.
    features = data["map"]["events"]["features"]
    assert len(features) == len(api_map["events"]["features"])
    for whole, marker in zip(features, api_map["events"]["features"], strict=True):
        assert (whole["id"], whole["geometry"]) == (marker["id"], marker["geometry"])
        props = marker["properties"]
        if props["layer"] == "track":  # the API's points name their sentence by ref
            whole_props = dict(whole["properties"])
            points, api_points = whole_props.pop("points"), props.pop("points")
            assert props.pop("points_total") == len(points)
            assert {k: v for k, v in whole_props.items() if v is not None} == \
                {k: v for k, v in props.items() if v is not None}
            assert [p.items() <= q.items() for p, q in zip(api_points, points,
                                                            strict=True)] == [True] * len(points)
        else:
            assert props.pop("item_id") == props["ref"].split("#")[1]
            assert props.items() <= whole["properties"].items()
            assert len(props) < len(whole["properties"]) and "sentence" in whole["properties"]
    assert data["brief"]["documents"] == 21
    assert data["ach"]["rows"] and data["map"]["events"]["features"]


def test_markup_from_documents_is_escaped(report):
    data = json.dumps(embedded(report), ensure_ascii=False)
    assert XSS_SCRIPT in data and XSS_IMG in data  # the probe's text is in the report...
    assert XSS_SCRIPT not in report and XSS_IMG not in report  # ...but never as markup
    assert "<script" not in DATA_BLOCK.search(report).group(1).lower()
    assert len(re.findall(r"<script", report, re.I)) == 2  # the data block and the module


def test_the_static_files_can_be_inlined():
    """Inline, a "</script" in the script or "</style" in the stylesheet would end the
    element early (and a "<script" would confuse the counts above)."""
    assert not re.search(r"<script|</script|<!--", (STATIC / "app.js").read_text(encoding="utf-8"),
                         re.I)
    assert not re.search(r"</style", (STATIC / "style.css").read_text(encoding="utf-8"), re.I)


def test_report_as_of_a_date(web_case, tmp_path):
    data = embedded(write_report(web_case, tmp_path / "early.html", "--as-of", "2021-12-31"))
    assert data["brief"]["as_of"] == "2021-12-31"
    assert 0 < data["brief"]["documents"] < 21
    assert data["brief"]["published"][1] <= "2021-12-31"


def test_the_report_allows_only_its_own_script_and_style_by_hash(report):
    """The policy names the one inline script and style by SHA-256, allows no
    'unsafe-inline' and no source elsewhere (the browser test shows the page still draws
    under it and that an injected script does not run)."""
    import base64
    import hashlib

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', report)
    [style] = re.findall(r"<style>(.*?)</style>", report, re.S)
    [script] = re.findall(r'<script type="module">(.*?)</script>', report, re.S)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives == {"default-src": "'none'", "script-src": digest(script),
                          "style-src": digest(style), "img-src": "data:",
                          "base-uri": "'none'", "form-action": "'none'"}
    assert "unsafe" not in policy
