"""The offline report: the brief, the map, the timeline and the ACH matrix in one HTML file.

The file holds the dashboard's own stylesheet and script (``sitrep/web/static``) inline
and the data as the API would answer it (``views.py``), in a JSON block the
script reads instead of fetching; it opens from disk in any browser, with no server and
no network. Document text is data, never markup: it sits in the JSON block, where every
``<`` is escaped, and the script inserts it as text. A Content-Security-Policy in a
``<meta>`` lets run only the page's own script and style, named by their SHA-256 hashes
(no 'unsafe-inline'), and load nothing from anywhere: a script that found its way into
the page anyhow would not run, and nothing could be sent out.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import sys
from importlib.resources import files

from sitrep.analysis.brief import Brief
from sitrep.outputs import views
from sitrep.outputs.brief import brief_json
from sitrep.registry import vocabulary

ALL = sys.maxsize  # the "limit" that pages nothing

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{style}</style>
</head>
<body class="report">
<header class="top">
  <span class="brand">sitrep</span>
  <nav>
    <a href="#overview">Brief</a>
    <a href="#map">Map</a>
    <a href="#timeline">Timeline</a>
    <a href="#ach">Hypotheses</a>
  </nav>
</header>
<main id="main"><p class="loading">This report needs JavaScript to draw its views.</p></main>
<script type="application/json" id="data">{data}</script>
<script type="module">{script}</script>
</body>
</html>
"""


def report_data(brief: Brief) -> dict:
    """The bodies of /api/brief, /api/map, /api/timeline and /api/ach, none of them
    paged: the report holds every event, item and row; and /api/vocabulary's, which
    the page draws with."""
    items = views.Items(brief.picture)
    return {"brief": brief_json(brief),
            "map": views.map_view(views.map_layers(brief.picture, items), ALL),
            "timeline": views.filtered_timeline(views.timeline(brief.picture, items), {}, ALL, 0),
            "ach": views.ach(brief, items, ALL, 0),
            "vocabulary": vocabulary().front_end()}


def render_report(brief: Brief) -> str:
    """The brief's report as one self-contained HTML page."""
    static = files("sitrep.web") / "static"
    data = json.dumps(report_data(brief), ensure_ascii=False, separators=(",", ":"))
    title = f"SITREP: {brief.case.name}" + (f", as of {brief.as_of}" if brief.as_of else "")
    style = "\n" + (static / "style.css").read_text("utf-8") + "\n"
    script = "\n" + (static / "app.js").read_text("utf-8") + "\n"
    # "<" escaped as \u003c: no "</script>" or "<!--" in the text can end the block early.
    return PAGE.format(title=html.escape(title), csp=content_security_policy(style, script),
                       style=style, data=data.replace("<", "\\u003c"), script=script)


def content_security_policy(style: str, script: str) -> str:
    """The report's policy: its one style block and one script, by hash; images only
    from data: URLs (the icon); no request anywhere, no form, no base URL."""
    return (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
