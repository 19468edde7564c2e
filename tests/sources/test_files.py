"""Reading local files and directories into Documents (sitrep.sources.files)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitrep.documents import Metadata, parse_date
from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources import read_path
from sitrep.sources.files import read_file

ARTICLE = (
    "Two mechanised brigades moved towards the northern border overnight, "
    "according to regional officials.\n\n"
    "Satellite images showed columns of trucks and self-propelled guns near the "
    "village of Dolna Reka on Thursday morning.\n"
)

SIDECAR = {
    "title": "Brigades move north",
    "publisher": "Frontier Herald",
    "author": "Mira Castell",
    "published": "2024-02-14",
    "language": "en",
    "url": "https://news.example.org/brigades-move-north",
}

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Armoured column crosses the Varta river</title>
<meta name="author" content="Jana Novak">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<script>var trackingCode = "analytics-beacon-7731";</script>
<style>p { color: #333; }</style>
</head>
<body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Armoured column crosses the Varta river</h1>
<p>An armoured column of about forty vehicles crossed the Varta river at dawn on Tuesday, local officials said.</p>
<p>The defence ministry declined to comment on the movement, which residents described as the largest since spring.</p>
<p>Engineers were seen building a pontoon bridge two kilometres north of the town of Severin.</p>
</article>
<script>document.write("injected-footer-widget");</script>
</body>
</html>
"""


def only(results) -> Document | SourceError:
    items = list(results)
    assert len(items) == 1, items
    return items[0]


def read_one_document(spec, **kwargs) -> Document:
    item = only(read_path(str(spec), **kwargs))
    assert isinstance(item, Document), item
    return item


def read_one_error(spec, **kwargs) -> SourceError:
    item = only(read_path(str(spec), **kwargs))
    assert isinstance(item, SourceError), item
    return item


# --- good files -------------------------------------------------------------


def test_txt_with_sidecar_takes_metadata_from_sidecar(tmp_path: Path):
    path = tmp_path / "brigades.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "brigades.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")

    doc = read_one_document(path)

    assert doc.title == "Brigades move north"
    assert doc.publisher == "Frontier Herald"
    assert doc.author == "Mira Castell"
    assert doc.published == dt.date(2024, 2, 14)
    assert isinstance(doc.published, dt.date)
    assert doc.language == "en"
    assert doc.url == "https://news.example.org/brigades-move-north"
    assert doc.name == "brigades"
    assert doc.source == str(path)
    assert re.fullmatch(r"[0-9a-f]{16}", doc.id)
    assert "Two mechanised brigades moved towards the northern border" in doc.text
    assert doc.warnings == []


def test_txt_without_sidecar_has_no_metadata(tmp_path: Path):
    path = tmp_path / "plain.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    doc = read_one_document(path)

    assert (doc.title, doc.publisher, doc.author, doc.published, doc.url) == (None,) * 5
    assert doc.language == "en"


def test_id_ignores_whitespace_and_line_endings(tmp_path: Path):
    unix = tmp_path / "unix.txt"
    unix.write_text(ARTICLE, encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    spaced = tmp_path / "spaced.txt"
    spaced.write_text("   " + ARTICLE.replace(" ", "  ").replace("\n\n", "\n\n\n\n") + "\n\t\n",
                      encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE.replace("Two", "Three"), encoding="utf-8")

    ids = {p.name: read_one_document(p).id for p in (unix, crlf, spaced, other)}

    assert ids["unix.txt"] == ids["crlf.txt"] == ids["spaced.txt"]
    assert ids["other.txt"] != ids["unix.txt"]
    assert "\r" not in read_one_document(crlf).text


def test_md_file_is_read(tmp_path: Path):
    path = tmp_path / "briefing.md"
    path.write_text("# Naval briefing\n\nThree frigates left port on Monday and "
                    "sailed east along the coast.\n", encoding="utf-8")

    doc = read_one_document(path)

    assert doc.name == "briefing"
    assert "Three frigates left port on Monday" in doc.text
    assert doc.source == str(path)


def test_read_file_returns_document_directly(tmp_path: Path):
    path = tmp_path / "direct.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    doc = read_file(path)

    assert isinstance(doc, Document)
    assert doc.id == read_one_document(path).id


def test_html_article_text_and_metadata(tmp_path: Path):
    path = tmp_path / "column.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")

    doc = read_one_document(path)

    assert "An armoured column of about forty vehicles crossed the Varta river" in doc.text
    assert "pontoon bridge two kilometres north" in doc.text
    assert "<p>" not in doc.text and "</" not in doc.text
    assert "analytics-beacon-7731" not in doc.text
    assert "injected-footer-widget" not in doc.text
    assert "color: #333" not in doc.text
    assert doc.title == "Armoured column crosses the Varta river"
    assert doc.author == "Jana Novak"
    assert doc.published == dt.date(2024, 3, 5)
    assert doc.name == "column"


def test_htm_suffix_is_html(tmp_path: Path):
    path = tmp_path / "column.htm"
    path.write_text(HTML_ARTICLE, encoding="utf-8")

    doc = read_one_document(path)

    assert "<article>" not in doc.text
    assert doc.title == "Armoured column crosses the Varta river"


def test_sidecar_overrides_html_metadata(tmp_path: Path):
    path = tmp_path / "column.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    (tmp_path / "column.meta.json").write_text(json.dumps({
        "title": "River crossing confirmed",
        "published": "2024-03-06",
        "publisher": "Severin Daily",
    }), encoding="utf-8")

    doc = read_one_document(path)

    assert doc.title == "River crossing confirmed"
    assert doc.published == dt.date(2024, 3, 6)
    assert doc.publisher == "Severin Daily"
    assert doc.author == "Jana Novak"  # not in the sidecar: still from the HTML


def test_overrides_beat_sidecar_and_html(tmp_path: Path):
    path = tmp_path / "column.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    (tmp_path / "column.meta.json").write_text(json.dumps({
        "title": "River crossing confirmed",
        "author": "Sidecar Author",
    }), encoding="utf-8")
    overrides = Metadata(title="Override title", published=dt.date(2023, 12, 31),
                         language="de")

    doc = read_one_document(path, overrides=overrides)

    assert doc.title == "Override title"
    assert doc.published == dt.date(2023, 12, 31)
    assert doc.language == "de"
    assert doc.author == "Sidecar Author"


def test_overrides_beat_sidecar_for_text(tmp_path: Path):
    path = tmp_path / "brigades.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "brigades.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")

    doc = read_one_document(path, overrides=Metadata(publisher="Wire Service"))

    assert doc.publisher == "Wire Service"
    assert doc.title == "Brigades move north"


def test_invalid_utf8_is_read_in_the_encoding_detected_with_warning(tmp_path: Path):
    path = tmp_path / "mangled.txt"
    path.write_bytes(b"Troops moved \xff\xfe near the border.")

    doc = read_one_document(path)

    assert doc.text.startswith("Troops moved ")
    assert doc.text.endswith(" near the border.")
    assert len(doc.text) == len("Troops moved ") + 2 + len(" near the border.")
    assert len(doc.warnings) == 1
    assert str(path) in doc.warnings[0]
    assert "invalid UTF-8 at byte 13; read as " in doc.warnings[0]


def test_utf8_bom_is_dropped(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))

    doc = read_one_document(path)

    assert doc.text.startswith("Two mechanised brigades")
    assert doc.warnings == []


def test_malformed_html_with_text_still_reads(tmp_path: Path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><head><title>Harbour report</title><body><div>"
        "<p>Patrol boats were sighted near the harbour << late on Friday evening."
        "<p>A second group of landing craft followed them out to sea<div><span>",
        encoding="utf-8")

    doc = read_one_document(path)

    assert "Patrol boats were sighted near the harbour" in doc.text
    assert "landing craft followed them out to sea" in doc.text
    assert "<p>" not in doc.text and "<span>" not in doc.text


# --- bad files --------------------------------------------------------------


def test_missing_path_is_an_error(tmp_path: Path):
    path = tmp_path / "nowhere" / "absent.txt"

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "no such file" in str(error)


def test_empty_file_is_an_error(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "empty" in str(error)


def test_whitespace_only_file_is_an_error(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\t\r\n   \n", encoding="utf-8")

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "empty" in str(error)


def test_binary_file_is_an_error(tmp_path: Path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"Troop list\x00\x01\x02\x00\xff" * 20)

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "binary" in str(error)


def test_unsupported_suffix_named_directly_is_an_error(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 pretend report about a naval blockade")

    error = read_one_error(path)

    assert str(path) in str(error)
    assert ".pdf" in str(error)
    assert "unsupported" in str(error)


def test_read_file_raises_source_error(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")

    with pytest.raises(SourceError, match="unsupported"):
        read_file(path)


def test_file_over_max_bytes_is_an_error(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text(("Artillery fire was reported along the front line. " * 40)[:2000],
                    encoding="utf-8")
    assert path.stat().st_size == 2000

    error = read_one_error(path, max_bytes=1000)

    assert str(path) in str(error)
    assert "limit" in str(error)
    # The same file is fine under the default limit.
    assert isinstance(only(read_path(str(path))), Document)


def test_fifty_megabyte_file_is_rejected_by_default(tmp_path: Path):
    path = tmp_path / "enormous.txt"
    line = b"Reserve units were called up in the eastern districts today.\n"
    with path.open("wb") as out:
        block = line * (1_000_000 // len(line) + 1)
        for _ in range(50):
            out.write(block)
    assert path.stat().st_size >= 50_000_000

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "MB" in str(error)
    assert "limit" in str(error)


def test_html_without_text_is_an_error(tmp_path: Path):
    path = tmp_path / "scripts.html"
    path.write_text("<html><head></head><body><script>x()</script></body></html>",
                    encoding="utf-8")

    error = read_one_error(path)

    assert str(path) in str(error)
    assert "no article text" in str(error)


def test_invalid_json_sidecar_is_an_error(tmp_path: Path):
    path = tmp_path / "convoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    sidecar = tmp_path / "convoy.meta.json"
    sidecar.write_text('{"title": "Convoy", "published": ', encoding="utf-8")

    error = read_one_error(path)

    assert str(sidecar) in str(error)
    assert "invalid metadata" in str(error)


def test_sidecar_that_is_not_an_object_is_an_error(tmp_path: Path):
    path = tmp_path / "convoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    sidecar = tmp_path / "convoy.meta.json"
    sidecar.write_text('["Convoy", "2024-01-01"]', encoding="utf-8")

    error = read_one_error(path)

    assert str(sidecar) in str(error)
    assert "invalid metadata" in str(error)


def test_sidecar_with_bad_date_is_an_error(tmp_path: Path):
    path = tmp_path / "convoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    sidecar = tmp_path / "convoy.meta.json"
    sidecar.write_text(json.dumps({"title": "Convoy", "published": "last Tuesday"}),
                       encoding="utf-8")

    error = read_one_error(path)

    assert str(sidecar) in str(error)
    assert "invalid metadata" in str(error)
    assert "last Tuesday" in str(error)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(), st.dates().map(str), st.datetimes().map(str),
                 st.integers(), st.floats(), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)))
def test_any_published_value_gives_a_date_or_a_value_error(value):
    """Whatever a sidecar or a page's metadata says, reading its date raises nothing but
    the ValueError the readers turn into "invalid metadata"; a date reads the same again."""
    try:
        parsed = parse_date(value)
    except ValueError:
        return
    assert parsed is None or type(parsed) is dt.date
    assert parse_date(value) == parsed


@given(st.datetimes())
def test_an_iso_date_or_time_reads_as_its_day(moment):
    assert parse_date(moment.date().isoformat()) == moment.date()
    assert parse_date(moment.isoformat()) == moment.date()


# --- directories --------------------------------------------------------------


def test_directory_of_mixed_files(tmp_path: Path):
    good_a = tmp_path / "a_brigades.txt"
    good_a.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a_brigades.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    empty = tmp_path / "b_empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "c_binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03 radar log \x00" * 10)
    good_d = tmp_path / "d_ceasefire.txt"
    good_d.write_text("Both sides agreed to a 48-hour ceasefire around the airport, "
                      "mediators said on Sunday.\n", encoding="utf-8")
    no_text = tmp_path / "e_scripts.html"
    no_text.write_text("<html><head></head><body><script>x()</script></body></html>",
                       encoding="utf-8")
    (tmp_path / "README.md").write_text("# Folder of reports collected in March\n",
                                        encoding="utf-8")
    (tmp_path / "casualties.csv").write_text("date,count\n2024-03-01,4\n", encoding="utf-8")

    results = list(read_path(str(tmp_path)))

    documents = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, SourceError)]
    assert len(results) == 5
    assert [d.source for d in documents] == [str(good_a), str(good_d)]
    assert documents[0].title == "Brigades move north"  # sidecar still applies
    assert documents[1].name == "d_ceasefire"
    assert len(errors) == 3
    assert [e.source for e in errors] == [str(empty), str(binary), str(no_text)]
    assert "empty" in str(errors[0])
    assert "binary" in str(errors[1])
    assert "no article text" in str(errors[2])
    # Results come in path order; the README, the sidecar and the .csv are skipped.
    assert [getattr(r, "source") for r in results] == sorted(
        str(p) for p in (good_a, empty, binary, good_d, no_text))
    named = " ".join(str(r) if isinstance(r, SourceError) else r.source for r in results)
    assert "README" not in named and ".csv" not in named and ".meta.json" not in named


def test_directory_reads_subdirectories(tmp_path: Path):
    nested = tmp_path / "week1" / "day2"
    nested.mkdir(parents=True)
    path = nested / "airbase.txt"
    path.write_text("Fighter jets were redeployed to the southern airbase.\n", encoding="utf-8")

    doc = read_one_document(tmp_path)

    assert doc.source == str(path)


def test_empty_directory_is_one_error(tmp_path: Path):
    folder = tmp_path / "nothing_here"
    folder.mkdir()

    error = read_one_error(folder)

    assert str(folder) in str(error)
    assert "no .txt" in str(error)


def test_directory_with_only_skipped_files_is_one_error(tmp_path: Path):
    (tmp_path / "README.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")

    error = read_one_error(tmp_path)

    assert str(tmp_path) in str(error)
