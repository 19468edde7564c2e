"""`sitrep watch`: sources served on loopback change between polls; alerts go to a
webhook receiver on loopback. The watcher's clock and sleep are the test's, so rounds
run back to back and every test ends by itself in seconds."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from sitrep.alerts import Dispatcher, terminal_line
from sitrep.case import load_case, parse_case
from sitrep.cli import main
from sitrep.errors import CaseError
from sitrep.extract import build_pipeline
from sitrep.sources import Fetcher
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from sitrep.watch import Watcher

START = dt.datetime(2022, 2, 15, 6, 0, tzinfo=dt.UTC)

ARTICLE = """<!DOCTYPE html>
<html><head><title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}T08:00:00Z">
</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>
"""

CLAIM = ("Russia's defence ministry said on Tuesday that units of the Western Military "
         "District had completed their exercises and were returning to their permanent bases.")
NO_SIGN = ("NATO Secretary General Jens Stoltenberg said the alliance had seen no sign of a "
           "withdrawal. 'So far, we have not seen any de-escalation on the ground,' he said.",
           "Satellite images showed the 41st Combined Arms Army moving tanks from Novosibirsk "
           "to Yelnya on Wednesday.")
CLOSER = ("The 41st Combined Arms Army moved from Yelnya to Klintsy near the Ukrainian border "
          "on Thursday, with tanks and artillery.",)
TALKS = ("Foreign ministers met in Geneva on Monday to discuss security proposals.",)

FEED_ITEM = """<item><title>{title}</title><link>{base}/articles/{slug}.html</link>
<guid>{base}/articles/{slug}.html</guid><pubDate>{date}</pubDate></item>"""


def article(title: str, paragraphs: tuple[str, ...], published: str, site: str) -> str:
    return ARTICLE.format(title=title, site=site, published=published,
                          paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))


def feed(base: str, *items: tuple[str, str, str]) -> str:
    body = "".join(FEED_ITEM.format(title=title, slug=slug, date=date, base=base)
                   for title, slug, date in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Border Monitor</title><link>{base}/</link>{body}</channel></rss>")


FIRST_ITEM = ("Moscow says units return to bases", "claim", "Tue, 15 Feb 2022 08:00:00 GMT")
SECOND_ITEM = ("NATO sees no sign of withdrawal", "no-sign", "Wed, 16 Feb 2022 08:00:00 GMT")


@dataclass
class Page:
    content_type: str
    body: str
    modified: dt.datetime | None = None  # validator: Last-Modified if set, else an ETag


class Site:
    """A server on loopback: pages the test changes between polls, answered with 304 to a
    conditional request that still holds; failing paths answer 500; POSTs are recorded."""

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.failing: set[str] = set()
        self.requests: list[tuple[str, str, int, bool]] = []  # method, path, status, conditional
        self.posts: list[dict] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5

            def log_message(self, format, *args):
                pass

            def do_GET(self):
                conditional = bool(self.headers.get("If-None-Match")
                                   or self.headers.get("If-Modified-Since"))
                page = site.pages.get(self.path)
                if self.path in site.failing or page is None:
                    status = 500 if self.path in site.failing else 404
                    return self.answer(status, b"no", "text/plain", {}, conditional)
                data = page.body.encode("utf-8")
                if page.modified:
                    validators = {"Last-Modified": email.utils.format_datetime(page.modified,
                                                                               usegmt=True)}
                    since = self.headers.get("If-Modified-Since")
                    fresh = since and email.utils.parsedate_to_datetime(since) >= page.modified
                else:
                    validators = {"ETag": f'"{hashlib.sha1(data).hexdigest()[:16]}"'}
                    fresh = self.headers.get("If-None-Match") == validators["ETag"]
                if fresh:
                    return self.answer(304, b"", None, validators, conditional)
                self.answer(200, data, page.content_type, validators, conditional)

            def do_POST(self):
                site.posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.answer(204, b"", None, {}, False)

            def answer(self, status, data, content_type, headers, conditional):
                site.requests.append((self.command, self.path, status, conditional))
                self.send_response(status)
                headers = {**headers, "Content-Length": str(len(data))}
                if content_type:
                    headers["Content-Type"] = content_type
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def gets(self, path: str) -> list[tuple[int, bool]]:
        return [(status, conditional) for method, p, status, conditional in self.requests
                if method == "GET" and p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def site():
    opened = Site()
    yield opened
    opened.close()


@pytest.fixture
def receiver():
    """The webhook receiver: a second server on loopback."""
    opened = Site()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def watch_pipeline(gazetteer):
    return build_pipeline(region=("UA", "RU", "BY"))


class Clock:
    """The watcher's time: ``sleep`` moves it on at once and runs the test's next step."""

    def __init__(self, steps=()):
        self.now = START
        self.steps = list(steps)
        self.slept: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += dt.timedelta(seconds=seconds)
        if self.steps:
            self.steps.pop(0)()


CASE = """name: Watch test
country_at_risk: UA
capital: Kyiv
region_of_interest: [UA, RU, BY]
hypotheses:
  - {{id: H1, name: Coercive diplomacy}}
  - {{id: H2, name: Attack}}
indicators:
  - id: tanks-to-border
    name: Tanks moved towards the border
    kinds: [move, deploy, build_up]
    terms: [tanks]
    consistency: {{H1: N, H2: CC}}
  - id: withdrawal-unverified
    name: Announced withdrawal not borne out
    match: contradictions
    kinds: [withdraw]
    consistency: {{H1: I, H2: C}}
watch:
  sources:
{sources}
  default_every: 10m
  webhook: {webhook}
  backoff: {{first: 1m, max: 4m}}
"""


def write_case(directory: Path, sources: list[str], webhook: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "case.yaml").write_text(CASE.format(
        sources="\n".join(f"    - {source}" for source in sources), webhook=webhook))
    return directory


class Run:
    """A watcher over the case's store, with what it printed and warned."""

    def __init__(self, case_dir: Path, pipeline, clock: Clock):
        self.case = load_case(case_dir)
        self.store = Store.open(sqlite_url(case_dir))
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self.fetcher = Fetcher(timeout=5, sleep=lambda seconds: None)  # retries at once
        self.dispatcher = Dispatcher(case_dir / self.case.watch.log, self.case.watch.webhook,
                                     echo=self.lines.append, warn=self.warnings.append,
                                     sleep=lambda seconds: None)
        self.watcher = Watcher(self.case, self.store, pipeline, fetcher=self.fetcher,
                               dispatcher=self.dispatcher, clock=clock, sleep=clock.sleep,
                               warn=self.warnings.append)

    def close(self) -> None:
        self.fetcher.close()
        self.dispatcher.close()
        self.store.close()


def test_watcher_ingests_each_change_once_and_posts_exactly_the_expected_alerts(
        tmp_path, site, receiver, watch_pipeline):
    base = site.base
    site.pages["/feed.xml"] = Page("application/rss+xml", feed(base, FIRST_ITEM))
    site.pages["/articles/claim.html"] = Page("text/html", article(
        FIRST_ITEM[0], (CLAIM,), "2022-02-15", "Border Monitor"))
    site.pages["/articles/no-sign.html"] = Page("text/html", article(
        SECOND_ITEM[0], NO_SIGN, "2022-02-16", "Border Monitor"))
    site.pages["/live.html"] = Page("text/html", article(
        "Talks in Geneva", TALKS, "2022-02-14", "Wire Three"), modified=START)

    def second_item():
        site.pages["/feed.xml"] = Page("application/rss+xml",
                                       feed(base, SECOND_ITEM, FIRST_ITEM))

    def page_changes():
        site.pages["/live.html"] = Page("text/html", article(
            "Army moves closer", CLOSER, "2022-02-17", "Wire Three"),
            modified=START + dt.timedelta(minutes=25))

    case_dir = write_case(tmp_path / "case", [
        f"{{url: {base}/feed.xml, kind: feed, every: 10m}}",
        f"{{url: {base}/live.html, kind: page}}"], f"{receiver.base}/hook")
    clock = Clock([lambda: None, second_item, page_changes])
    run = Run(case_dir, watch_pipeline, clock)
    run.watcher.run(max_polls=4)

    # four rounds ten minutes apart; nothing else waited for
    assert clock.slept == [600.0, 600.0, 600.0] and run.warnings == []
    # each article read once; each change of the feed and the page ingested once
    assert [s for s, _ in site.gets("/articles/claim.html")] == [200]
    assert [s for s, _ in site.gets("/articles/no-sign.html")] == [200]
    assert site.gets("/feed.xml") == [(200, False), (304, True), (200, True), (304, True)]
    assert site.gets("/live.html") == [(200, False), (304, True), (304, True), (200, True)]
    assert run.store.counts()["documents"] == 4
    assert sorted(d.version for d in run.store.documents() if d.url == f"{base}/live.html") \
        == [1, 2]

    claim = next(d for d in run.store.documents() if d.url == f"{base}/articles/claim.html")
    track = "track:41st combined arms army"
    expected = [  # round 3 brings the contradiction, round 4 the second source and Klintsy
        "indicator:tanks-to-border:reported", "indicator:withdrawal-unverified:reported",
        f"contradiction:{claim.id}#s2", f"{track}:closer:300km", "leader:H2",
        "indicator:tanks-to-border:corroborated", f"{track}:closer:100km"]
    assert [a["key"] for a in receiver.posts] == expected
    assert run.lines == [terminal_line(alert) for alert in receiver.posts]
    assert run.lines[0] == (
        "2022-02-15T06:20:00Z indicator tanks-to-border (Tanks moved towards the border) is "
        "reported: 1 independent source(s) for, 0 against [no-sign#e1]")
    log = [json.loads(line) for line in (case_dir / "alerts.jsonl").read_text().splitlines()]
    assert log == receiver.posts

    contradiction = receiver.posts[2]
    assert contradiction["type"] == "contradiction" and contradiction["case"] == "Watch test"
    assert contradiction["at"] == "2022-02-15T06:20:00Z"
    assert contradiction["details"]["speaker"] == "Russia's defence ministry"
    first = contradiction["citations"][0]
    # s1 is the headline ("Moscow says units return to bases"); s2 the sentence that says it whole
    assert first["ref"] == "claim#s2" and first["publisher"] == "Border Monitor"
    assert first["published"] == "2022-02-15" and first["url"] == f"{base}/articles/claim.html"
    assert "returning to their permanent bases" in first["text"]
    assert any("no sign of a withdrawal" in c["text"] for c in contradiction["citations"][1:])
    closer = receiver.posts[-1]
    assert closer["details"]["place"] == "Klintsy" and closer["details"]["was"] == "closer:300km"
    assert "within 100 km" in closer["summary"]
    assert closer["citations"][0]["ref"].startswith("live#")
    corroborated = receiver.posts[-2]
    assert corroborated["details"]["was"] == "reported"
    assert {c["publisher"] for c in corroborated["citations"]} == {"Border Monitor", "Wire Three"}
    run.close()

    # a restart over the same store: the sources answer 304 and nothing is raised again
    clock.now += dt.timedelta(hours=1)
    again = Run(case_dir, watch_pipeline, clock)
    again.watcher.run(max_polls=1)
    again.close()
    assert site.gets("/feed.xml")[-1] == (304, True) and site.gets("/live.html")[-1] == (304, True)
    assert len(receiver.posts) == len(expected) and again.lines == []
    assert len((case_dir / "alerts.jsonl").read_text().splitlines()) == len(expected)


def test_a_failing_source_backs_off_while_the_other_goes_on(tmp_path, site, receiver,
                                                            watch_pipeline):
    site.pages["/feed.xml"] = Page("application/rss+xml", feed(site.base, FIRST_ITEM))
    site.pages["/articles/claim.html"] = Page("text/html", article(
        FIRST_ITEM[0], (CLAIM,), "2022-02-15", "Border Monitor"))
    site.failing.add("/broken.xml")
    case_dir = write_case(tmp_path / "case", [f"{{url: {site.base}/broken.xml, every: 1m}}",
                                              f"{{url: {site.base}/feed.xml}}"],
                          f"{receiver.base}/hook")
    broken = f"{site.base}/broken.xml"
    polls = {}  # minutes after the start -> (errors in a row, minutes to the next poll)

    def record():
        state = run.store.watch_sources()[broken]
        polls[(state.polled_at - START) / dt.timedelta(minutes=1)] = (
            state.failures, (state.next_poll_at - state.polled_at) / dt.timedelta(minutes=1))

    def recover():
        record()
        site.failing.clear()
        site.pages["/broken.xml"] = Page("application/rss+xml", feed(site.base, SECOND_ITEM))
        site.pages["/articles/no-sign.html"] = Page("text/html", article(
            SECOND_ITEM[0], NO_SIGN, "2022-02-16", "Border Monitor"))

    clock = Clock([record] * 4 + [recover])
    run = Run(case_dir, watch_pipeline, clock)
    run.watcher.run(max_polls=6)
    record()

    # errors in a row wait 1, 2, 4 minutes, then the 4-minute maximum; once it answers,
    # the source is polled every minute again
    assert polls == {0: (1, 1), 1: (2, 2), 3: (3, 4), 7: (4, 4), 11: (0, 1)}
    assert len(run.warnings) == 4 and run.warnings[0] == (
        f"{broken}: HTTP 500 Internal Server Error (tried 3 times); next try in 1m "
        "(error 1 in a row)")
    # the other feed was polled on its own schedule (every 10m) all along
    assert site.gets("/feed.xml") == [(200, False), (304, True)]
    assert run.store.counts()["documents"] == 2
    assert "contradiction" in {a["type"] for a in receiver.posts}
    run.close()


def test_alerts_recorded_but_not_sent_go_out_on_the_next_start(tmp_path, site, receiver,
                                                               watch_pipeline):
    site.pages["/feed.xml"] = Page("application/rss+xml", feed(site.base, FIRST_ITEM))
    site.pages["/articles/claim.html"] = Page("text/html", article(
        FIRST_ITEM[0], (CLAIM,), "2022-02-15", "Border Monitor"))
    case_dir = write_case(tmp_path / "case", [f"{{url: {site.base}/feed.xml}}"],
                          f"{receiver.base}/hook")
    with Store.open(sqlite_url(case_dir)) as store:  # as if the last run stopped in between
        store.add_alert("leader:H2", "leader", "leader", "H2", START, {"key": "leader:H2",
                        "type": "leader", "at": "2022-02-15T06:00:00Z", "citations": [],
                        "summary": "leading hypothesis H2"})
    clock = Clock()
    run = Run(case_dir, watch_pipeline, clock)
    run.watcher.run(max_polls=1)
    assert [a["key"] for a in receiver.posts] == ["leader:H2"]
    assert all(a.delivered_at for a in run.store.alerts())
    run.close()


def test_a_webhook_that_fails_is_retried_then_reported_and_the_log_keeps_the_alert(tmp_path):
    refused = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{refused.server_address[1]}/hook"
    refused.server_close()  # nothing listens there now
    warnings, pauses = [], []
    dispatcher = Dispatcher(tmp_path / "alerts.jsonl", url, echo=lambda line: None,
                            warn=warnings.append, sleep=pauses.append)
    alert = {"type": "leader", "key": "leader:H2", "at": "2022-02-15T06:00:00Z",
             "case": "c", "summary": "s", "details": {}, "citations": []}
    dispatcher.send(alert)
    dispatcher.close()
    assert pauses == [1, 2] and len(warnings) == 1
    assert "leader:H2 not delivered after 3 attempts" in warnings[0]
    assert json.loads((tmp_path / "alerts.jsonl").read_text()) == alert


def test_cli_watch_once_prints_logs_and_posts_alerts_then_raises_none_again(
        tmp_path, site, receiver, gazetteer, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    site.pages["/feed.xml"] = Page("application/rss+xml", feed(site.base, SECOND_ITEM,
                                                               FIRST_ITEM))
    site.pages["/articles/claim.html"] = Page("text/html", article(
        FIRST_ITEM[0], (CLAIM,), "2022-02-15", "Border Monitor"))
    site.pages["/articles/no-sign.html"] = Page("text/html", article(
        SECOND_ITEM[0], NO_SIGN, "2022-02-16", "Border Monitor"))
    case_dir = write_case(tmp_path / "case", [f"{{url: {site.base}/feed.xml}}"], "null")
    hook = f"{receiver.base}/hook"
    runner = CliRunner()
    first = runner.invoke(main, ["--case", str(case_dir), "watch", "--once", "--webhook", hook])
    assert first.exit_code == 0, first.output
    assert "polled 1 source(s): 2 new document(s)" in first.stderr
    printed = [line for line in first.stdout.splitlines() if line]
    assert len(printed) == len(receiver.posts) == 5
    assert any(" contradicted claim claim#s2: Russia's defence ministry claimed" in line for line in printed)
    assert len((case_dir / "alerts.jsonl").read_text().splitlines()) == 5

    second = runner.invoke(main, ["--case", str(case_dir), "watch", "--max-polls", "1",
                                  "--webhook", hook])
    assert second.exit_code == 0, second.output
    assert second.stdout == "" and len(receiver.posts) == 5
    assert "no source due; the next at" in second.stderr


def test_cli_watch_refuses_a_case_with_nothing_to_watch(tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    (tmp_path / "case.yaml").write_text("name: Nothing to watch\n")
    result = CliRunner().invoke(main, ["--case", str(tmp_path), "watch", "--once"])
    assert result.exit_code == 2
    assert "watch.sources: nothing to watch" in result.stderr


def test_each_page_of_a_feed_keeps_its_own_publisher(tmp_path, site, gazetteer, monkeypatch):
    """An aggregator's feed links three outlets: three sources, not one named after the feed.
    A page names its outlet in its metadata; one that does not is known by its host, and
    the feed's title stands only for pages on the feed's own host."""
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    other_host = site.base.replace("127.0.0.1", "localhost")
    items = [(f"{site.base}/a/harbour.html", "Harbour Post"),
             (f"{site.base}/a/valley.html", "Valley Courier"),
             (f"{other_host}/a/ridge.html", None),
             (f"{site.base}/a/own.html", None)]
    for number, (url, outlet) in enumerate(items):
        page = article(f"Column {number} crossed", (f"Column {number} crossed the river at "
                       "Marden on Monday with twelve trucks.",), "2022-02-14", outlet or "")
        if outlet is None:
            page = page.replace('<meta property="og:site_name" content="">\n', "")
        site.pages[urlsplit(url).path] = Page("text/html", page)
    entries = "".join(f"<item><title>Column {n}</title><link>{url}</link><guid>{url}</guid>"
                      f"<pubDate>Mon, 14 Feb 2022 08:00:00 GMT</pubDate></item>"
                      for n, (url, _) in enumerate(items))
    site.pages["/feed.xml"] = Page("application/rss+xml", (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Aggregator Daily</title><link>{site.base}/</link>{entries}</channel></rss>"))
    case_dir = write_case(tmp_path / "case", [f"{{url: {site.base}/feed.xml}}"], "null")
    result = CliRunner().invoke(main, ["--case", str(case_dir), "watch", "--once"])
    assert result.exit_code == 0, result.output
    with Store.open(sqlite_url(case_dir)) as store:
        publishers = {d.url: d.publisher for d in store.documents()}
    assert publishers == {items[0][0]: "Harbour Post", items[1][0]: "Valley Courier",
                          items[2][0]: "localhost", items[3][0]: "Aggregator Daily"}


@pytest.mark.parametrize("watch, message", [
    ({"sources": [{"url": "ftp://example.org/feed"}]},
     "watch.sources[0].url: 'ftp://example.org/feed' is not an http:// or https:// URL"),
    ({"sources": [{"url": "https://example.org/f", "every": 15}]},
     "watch.sources[0].every: must be a duration such as 30s, 15m, 1h or 1d, not 15 (int)"),
    ({"sources": [{"url": "https://example.org/f", "kind": "rss"}]},
     "watch.sources[0].kind: 'rss' is not a source kind; known: feed, page"),
    ({"sources": [{"url": "https://example.org/f"}, {"url": "https://example.org/f"}]},
     "watch.sources[1].url: 'https://example.org/f' is listed twice"),
    ({"backoff": {"first": "2h"}}, "watch.backoff.max: 3600 s is shorter than"),
    ({"border_bands_km": [50, -1]}, "watch.border_bands_km: expected a list of positive"),
    ({"webhok": "http://x"}, "watch: unknown key(s) 'webhok'"),
])
def test_a_bad_watch_section_is_refused_naming_the_key(watch, message):
    with pytest.raises(CaseError) as raised:
        parse_case({"name": "x", "watch": watch}, directory=Path("."), path=Path("case.yaml"))
    assert str(raised.value).startswith(f"case.yaml: {message}")


def test_the_watch_section_reads_durations_and_defaults():
    case = parse_case({"name": "x", "watch": {
        "sources": [{"url": "https://example.org/feed.xml", "every": "90s"},
                    {"url": "https://example.org/live.html", "kind": "page"}],
        "default_every": "2h", "backoff": {"first": "30s", "max": "1d"}}},
        directory=Path("."), path=Path("case.yaml"))
    first, second = case.watch.sources
    assert (first.kind, first.every) == ("feed", 90.0)
    assert (second.kind, second.every) == ("page", 7200.0)
    assert (case.watch.backoff.first, case.watch.backoff.max) == (30.0, 86400.0)
    assert case.watch.log == "alerts.jsonl" and case.watch.webhook is None
