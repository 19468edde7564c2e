"""Article text and metadata out of HTML, with trafilatura; a fetched page's bytes
read in the charset it declares or, when it declares none, the one detected."""

from __future__ import annotations

import codecs
import re
from functools import cache

from sitrep.documents import Metadata, parse_date
from sitrep.errors import SourceError

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
# <meta charset="X"> and <meta http-equiv="Content-Type" content="text/html; charset=X">,
# which the HTML standard says to look for in the first 1024 bytes (a little more here).
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
META_WINDOW = 4096


def decode_page(body: bytes, content_type: str) -> tuple[str, list[str]]:
    """A fetched page's text: in the charset of its byte order mark, else of the HTTP
    header, else of its ``<meta>`` (HTML), else UTF-8 if it is valid UTF-8, else the
    one charset-normalizer detects; with a warning when none of them reads it whole."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace"), []
    declared = [*HEADER_CHARSET.findall(content_type)[:1]]
    if "html" in content_type or not content_type:
        declared += [m.decode("ascii") for m in META_CHARSET.findall(body[:META_WINDOW])[:1]]
    for encoding in [*declared, "utf-8"]:
        try:
            return body.decode(_codec(encoding)), []
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes  # read only for pages that need it

    best = from_bytes(body).best()
    if best is not None:
        return str(best), []
    text = body.decode("utf-8", errors="replace")
    return text, ["no charset reads the page; undecodable bytes replaced with U+FFFD"]


def _codec(label: str) -> str:
    """Python's codec for a charset label; as browsers do, latin-1 and ascii mean
    windows-1252, a superset that pages labelled so use."""
    name = codecs.lookup(label).name
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def read_html(html: str, *, url: str | None, source: str) -> tuple[str, Metadata]:
    """The main text of a page and what its metadata says; SourceError when it has no text."""
    import trafilatura  # heavy: imported only when HTML is read

    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False)
    except Exception as error:  # trafilatura raises assorted lxml errors on broken markup
        raise SourceError(source, f"malformed HTML: {error}") from None
    text = found.text if found is not None else ""
    if not (text or "").strip():
        # Short pages fall below trafilatura's article threshold: take the visible text.
        _, text, _ = trafilatura.baseline(html)
    if not (text or "").strip():
        raise SourceError(source, "no article text found in the HTML")
    refuse_boilerplate(text, source=source, language=found.language if found else None)
    if found is None:
        return text, Metadata(url=url)
    try:
        published = parse_date(found.date)
    except ValueError:
        published = None
    return text, Metadata(title=found.title or None, publisher=found.sitename or None,
                          author=found.author or None, published=published,
                          language=found.language or None, url=url)


# Fewer words than this outside boilerplate sentences: the page holds no article.
ARTICLE_MIN_WORDS = 12


def refuse_boilerplate(text: str, *, source: str, language: str | None) -> None:
    """SourceError when a page's text is boilerplate only: every sentence but a few words
    is a cookie banner, consent wall or browser notice (the cue phrases of the language
    pack's ``boilerplate.txt``). Such a page is no report; stored, it would be cited."""
    cues = _boilerplate_cues(language)
    if cues is None:
        return
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    boilerplate = [s for s in sentences if cues.search(s)]
    rest = sum(len(s.split()) for s in sentences if not cues.search(s))
    if boilerplate and rest < ARTICLE_MIN_WORDS:
        shown = " ".join(boilerplate)
        raise SourceError(source, "the page holds only a cookie banner, consent wall or browser "
                                  f"notice, no article (\"{shown[:80]}\"): not stored")


@cache
def _boilerplate_cues(language: str | None) -> re.Pattern | None:
    """One pattern of the pack's boilerplate phrases as whole words; None when the page's
    language has no pack with them."""
    from sitrep.errors import LanguagePackError
    from sitrep.lang import DEFAULT, LanguagePack, available, language_code

    code = language_code(language)
    try:
        phrases = LanguagePack.load(code if code in available() else DEFAULT).lines(
            "boilerplate.txt")
    except LanguagePackError:
        return None
    alternatives = sorted((re.escape(p.strip()) for p in phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
