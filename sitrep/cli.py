"""The command line: each command parses its options, makes one library call and prints.

Heavy libraries (spaCy, SQLAlchemy, httpx, trafilatura, Rich) are imported inside
the commands so that ``sitrep --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

EXIT_SOME_INPUTS_FAILED = 1


def _parse_published(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, not {value!r}") from None


def metadata_options(command):
    """--published, --publisher and --title: override what the inputs say of themselves."""
    command = click.option("--title", help="Title for every input (overrides its metadata).")(command)
    command = click.option("--publisher", help="Publisher for every input.")(command)
    return click.option("--published", callback=_parse_published, metavar="YYYY-MM-DD",
                        help="Publication date for every input.")(command)


def fast_option(command):
    """``--fast``: the rules pipeline, without the statistical model."""
    return click.option("--fast", is_flag=True,
                        help="Extract by rules only, without the statistical model: several "
                             "times faster, finds fewer names no list holds.")(command)


def _overrides(published, publisher, title):
    from sitrep.documents import Metadata

    return Metadata(title=title, publisher=publisher, published=published)


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _report_error(console, message: str) -> None:
    """One error line; the message (which may quote file names and document text) as text."""
    from rich.markup import escape

    from sitrep.outputs.search import terminal_safe

    console.print(f"[bold red]error:[/] {escape(terminal_safe(message))}", markup=True,
                  soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep")
@click.option("--case", "case_dir", type=click.Path(file_okay=False, path_type=Path),
              default=".", show_default=True, envvar="SITREP_CASE",
              help="Case directory: its case.yaml and, unless SITREP_DATABASE_URL is set, "
                   "its store sitrep.db.")
@click.pass_context
def main(ctx: click.Context, case_dir: Path) -> None:
    """sitrep: news reports about a security crisis in, an evidence-linked situation picture out."""
    # trafilatura logs every page it cannot parse; sitrep reports those inputs itself.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    ctx.obj = case_dir


def _missing_case(case_dir: Path) -> str | None:
    """Why ``case_dir`` is no case, or None: a case is a directory holding its case.yaml or
    its store (or any directory when SITREP_DATABASE_URL puts the store elsewhere)."""
    import os

    from sitrep.case import CASE_FILE, DATABASE_URL_VARIABLE
    from sitrep.store.location import DB_FILENAME

    if case_dir.is_dir() and (os.environ.get(DATABASE_URL_VARIABLE) or (case_dir / CASE_FILE)
                              .is_file() or (case_dir / DB_FILENAME).is_file()):
        return None
    what = ("no such case directory" if not case_dir.is_dir() else
            f"not a case: it holds neither {CASE_FILE} nor a store ({DB_FILENAME})")
    return (f"{case_dir}: {what}; start one with `sitrep --case {case_dir} init` or "
            f"`sitrep --case {case_dir} ingest PATH`")


def _require_case(case_dir: Path, *, unless_default: bool = False) -> None:
    """Stop, creating nothing, when ``case_dir`` is no case: a mistyped --case is an error,
    not a new empty store. ``unless_default``: a --case left at its default may be no case
    (for commands that need no store: they use the shipped defaults then)."""
    source = click.get_current_context().find_root().get_parameter_source("case_dir")
    if unless_default and source is click.core.ParameterSource.DEFAULT:
        return
    problem = _missing_case(case_dir)
    if problem is not None:
        _report_error(_stderr(), problem)
        sys.exit(2)


def _open_case_store(case_dir: Path, *, create: bool = False):
    """The case and its store; ``create`` (ingest): make both when missing, and say so;
    otherwise a missing case stops the command before anything is written."""
    from sitrep.case import load_case
    from sitrep.errors import SitrepError
    from sitrep.store import Store

    if not create:
        _require_case(case_dir)
    elif _missing_case(case_dir) is not None:
        _stderr().print(f"creating the case {case_dir} and its store", markup=False,
                        soft_wrap=True)
    try:
        case = load_case(case_dir)
        case_dir.mkdir(parents=True, exist_ok=True)
        return case, Store.open(case.database_url())
    except SitrepError as error:
        _report_error(_stderr(), str(error))
        sys.exit(2)


def _knowledge(case):
    """The case's knowledge packs; a bad pack stops the command, naming its file and line."""
    from sitrep.errors import SitrepError
    from sitrep.knowledge import load_for_case

    try:
        return load_for_case(case)
    except SitrepError as error:
        _report_error(_stderr(), str(error))
        sys.exit(2)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The case's name; default: the directory's name.")
@click.option("--force", is_flag=True, help="Overwrite an existing case.yaml.")
@click.pass_obj
def init(case_dir: Path, directory: Path | None, name: str | None, force: bool) -> None:
    """Start a case: write a commented starter case.yaml and knowledge pack (pack/) into
    DIRECTORY.

    DIRECTORY defaults to the --case directory, the current one unless set; it is
    created if missing. An existing case.yaml is kept unless --force is given; an
    existing pack/ always.
    """
    import shlex

    from sitrep.case import init_case, load_case
    from sitrep.errors import SitrepError
    from sitrep.knowledge import write_starter_pack

    target = directory or case_dir
    try:
        path = init_case(target, name, force=force)
        pack = write_starter_pack(target, load_case(target).name)
    except SitrepError as error:
        _report_error(_stderr(), str(error))
        sys.exit(1)
    click.echo(f"wrote {path}")
    if pack is not None:
        click.echo(f"wrote {pack}/ (a starter knowledge pack: replace its example rows)")
    here = target.resolve() == Path.cwd().resolve()
    case_option = "" if here else f" --case {shlex.quote(str(target))}"
    click.echo(f"next: edit it, then run  sitrep{case_option} ingest PATH|URL|FEED...")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|FEED...")
@metadata_options
@click.option("--no-extract", is_flag=True,
              help="Store documents and sentences only; skip entity and statement extraction.")
@fast_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Extract in N local processes (Dask); 1: in this process.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Extract on the workers of this Dask cluster (each needs sitrep installed); "
                   "inputs are still read and stored here.")
@click.option("--store-on-workers", is_flag=True,
              help="With --workers or --scheduler: each worker stores what it extracts "
                   "through its own connection; this process only reads inputs and reports. "
                   "With --scheduler the store must be PostgreSQL (SITREP_DATABASE_URL).")
@click.pass_obj
def ingest(case_dir: Path, inputs, published, publisher, title, no_extract, fast, workers,
           scheduler, store_on_workers) -> None:
    """Read files, directories, URLs and feeds into the case's store."""
    if scheduler and workers > 1:
        raise click.UsageError("give --workers or --scheduler, not both")
    if store_on_workers and not scheduler and workers == 1:
        raise click.UsageError("--store-on-workers needs --workers N (N > 1) or --scheduler")
    case, store = _open_case_store(case_dir, create=True)
    database_url = case.database_url() if store_on_workers else None
    if scheduler and database_url and database_url.startswith("sqlite"):
        raise click.UsageError("--store-on-workers with --scheduler needs a PostgreSQL store "
                               "(SITREP_DATABASE_URL): a cluster's workers cannot write this "
                               "case's SQLite file")
    report = _ingest_with_progress(inputs, store, _overrides(published, publisher, title),
                                   with_entities=not no_extract, fast=fast,
                                   region=case.watched_countries(), knowledge=_knowledge(case),
                                   workers=workers, scheduler=scheduler,
                                   database_url=database_url)
    store.close()
    if report.failed:
        sys.exit(EXIT_SOME_INPUTS_FAILED)


def _build_gazetteer_first(console) -> None:
    """Build the gazetteer index now if it is missing or out of date, saying what is going
    on and for how long: otherwise the first extraction on a machine sits silent for it."""
    from sitrep.geo.gazetteer import build_index, default_index_path, needs_build

    if not needs_build():
        return
    path = default_index_path()
    console.print(f"building the gazetteer index at {path}: once per machine and after an "
                  "upgrade, about half a minute (up to two on a slow disk)", markup=False,
                  soft_wrap=True)
    with console.status("building the gazetteer index", spinner="dots"):
        built = build_index(path)
    console.print(f"built the gazetteer index: {built.places:,} places, {built.names:,} names "
                  f"in {built.seconds:.0f} s", markup=False, soft_wrap=True)


def _progress_label(outcome) -> str:
    """What the progress bar names after an input: the document stored, or the input failed."""
    from sitrep.errors import SourceError

    if isinstance(outcome, SourceError):
        return f"failed: {outcome.source}"
    return f"{outcome.status}: {outcome.name}"


def _ingest_with_progress(inputs, store, overrides, *, with_entities: bool = True,
                          fast: bool = False, region: tuple[str, ...] = (), knowledge=None,
                          workers: int = 1, scheduler: str | None = None,
                          database_url: str | None = None):
    """Ingest with a progress bar on a terminal, errors as they come, and a summary table;
    ``knowledge``: the case's packs (None: those of a case that names none); ``fast``: the
    rules pipeline; ``database_url``: the workers store there themselves.

    One worker and no scheduler: extract in this process, without importing Dask.
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from sitrep.errors import SourceError
    from sitrep.extract import build_pipeline
    from sitrep.ingest import ingest_inputs, known_document_count
    from sitrep.outputs.search import terminal_safe

    console = _stderr()
    if with_entities and scheduler is None:  # a cluster's workers build their own
        _build_gazetteer_first(console)
    progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[last]}"), console=console, transient=True,
                        disable=not console.is_terminal)

    with progress:
        task = progress.add_task("ingest", total=known_document_count(inputs), last="")

        def on_outcome(outcome) -> None:
            if isinstance(outcome, SourceError):
                _report_error(console, str(outcome))
            label = escape(terminal_safe(_progress_label(outcome)))
            progress.update(task, advance=1, last=label, refresh=True)

        if workers == 1 and scheduler is None:
            pipeline = build_pipeline(with_entities=with_entities, fast=fast, region=region,
                                      knowledge=knowledge)
            report = ingest_inputs(inputs, store, pipeline, overrides=overrides,
                                   on_outcome=on_outcome)
        else:
            report = _ingest_on_cluster(inputs, store, overrides, on_outcome, workers=workers,
                                        scheduler=scheduler, database_url=database_url,
                                        with_entities=with_entities, fast=fast, region=region,
                                        knowledge=knowledge)
    _print_summary(console, report)
    return report


def _ingest_on_cluster(inputs, store, overrides, on_outcome, *, workers: int,
                       scheduler: str | None, database_url: str | None, **extraction):
    """Ingest with extraction on Dask workers; with ``database_url`` they store too."""
    from sitrep.errors import SitrepError
    from sitrep.ingest import ingest_inputs
    from sitrep.parallel import connect, extract_on_cluster, store_on_cluster

    try:
        client = connect(workers=workers, scheduler=scheduler)
    except SitrepError as error:
        _report_error(_stderr(), str(error))
        sys.exit(2)
    with client:
        if database_url is not None:
            return ingest_inputs(inputs, store, overrides=overrides, on_outcome=on_outcome,
                                 store_all=lambda documents: store_on_cluster(
                                     client, documents, database_url, **extraction))
        return ingest_inputs(inputs, store, overrides=overrides, on_outcome=on_outcome,
                             extract_all=lambda documents: extract_on_cluster(
                                 client, documents, **extraction))


def _print_summary(console, report) -> None:
    """An ingest's warnings, then its tallies in a table."""
    from rich.markup import escape
    from rich.table import Table

    from sitrep.outputs.search import terminal_safe

    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {escape(terminal_safe(warning))}", soft_wrap=True)
    table = Table(title="Ingested", show_edge=False)
    for column in ("added", "new version", "unchanged", "failed"):
        table.add_column(column, justify="right")
    table.add_row(*(str(report.outcomes[k]) for k in ("added", "new version", "unchanged")),
                  str(report.failed))
    console.print(table)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--format", "output_format", type=click.Choice(["eval", "jsonl"]), default="eval",
              show_default=True, help="eval: sitrep-eval/1 lines; jsonl: full records.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of standard output.")
@metadata_options
@fast_option
@click.pass_obj
def extract(case_dir: Path, inputs, output_format, output, published, publisher, title,
            fast) -> None:
    """Run the pipeline on documents without a store and print one line per document."""
    from sitrep.case import load_case
    from sitrep.errors import SitrepError, SourceError
    from sitrep.extract import build_pipeline
    from sitrep.ingest import extract_inputs
    from sitrep.analysis.picture import Picture
    from sitrep.analysis.reports import report_of
    from sitrep.outputs.evalfmt import add_analysis, eval_record
    from sitrep.outputs.records import extraction_json

    _require_case(case_dir, unless_default=True)
    console = _stderr()
    failed = 0
    try:
        case = load_case(case_dir)
    except SitrepError as error:
        _report_error(console, str(error))
        sys.exit(2)
    _build_gazetteer_first(console)
    try:
        pipeline = build_pipeline(fast=fast, region=case.watched_countries(),
                                  knowledge=_knowledge(case))
    except SitrepError as error:
        _report_error(console, str(error))
        sys.exit(2)
    picture, records = Picture(case), []
    for item in extract_inputs(inputs, pipeline, overrides=_overrides(published, publisher, title)):
        if isinstance(item, SourceError):
            _report_error(console, str(item))
            failed += 1
            continue
        for warning in item.document.warnings:
            console.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
        if output_format == "eval":  # written at the end: the analysis needs every document
            if item.document.id not in picture.reports:
                records.append(eval_record(item))
                picture.add(report_of(item))
        else:
            output.write(extraction_json(item) + "\n")
    # No document read, no corpus line: a failed run writes nothing.
    for record in add_analysis(records, picture) if records else []:
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failed:
        sys.exit(EXIT_SOME_INPUTS_FAILED)


@main.command()
@click.argument("query")
@click.option("-n", "--limit", default=20, show_default=True, help="Most hits to show.")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True,
              help="table: for reading, matched words in [brackets]; json: an array of hits; "
                   "csv: one row per hit. Both give doc_id, name, title, publisher, published, "
                   "url, start, end (the sentence's character offsets), sentence and snippet.")
@click.pass_obj
def search(case_dir: Path, query: str, limit: int, output_format: str) -> None:
    """Full-text search over every stored sentence ("quoted phrase", prefix*)."""
    from rich.console import Console

    from sitrep.outputs.search import render_search, search_table, terminal_safe

    _, store = _open_case_store(case_dir)
    with store:
        hits = store.search(query, limit=limit)
    if output_format != "table":
        click.echo(render_search(hits, output_format), nl=False)
        return
    console = Console(highlight=False)
    if not hits:
        console.print(f"No sentence matches {terminal_safe(repr(query))}.", markup=False)
        return
    console.print(search_table(hits))


@main.command()
@click.option("--as-of", "as_of", callback=_parse_published, metavar="YYYY-MM-DD",
              help="Replay the picture as it stood on this date: only documents published by then.")
@click.option("--format", "output_format", type=click.Choice(["text", "md", "json"]),
              default="text", show_default=True, help="Plain text, Markdown or JSON.")
@click.option("-n", "--limit", default=10, show_default=True, help="How many key statements to list.")
@click.option("--mark-read", is_flag=True,
              help="Remember this brief as read: the next brief's \"new since\" counts from it. "
                   "Without it, brief only reads the store.")
@click.pass_obj
def brief(case_dir: Path, as_of, output_format: str, limit: int, mark_read: bool) -> None:
    """The brief: leading hypothesis, what is new since the last brief marked read,
    contradictions, tracks, indicators, ACH, key statements, each item with its citation."""
    from sitrep.analysis.brief import build_brief
    from sitrep.outputs.brief import render_brief

    case, store = _open_case_store(case_dir)
    with store:
        made = build_brief(store, case, as_of=as_of, limit=limit)
        click.echo(render_brief(made, output_format), nl=False)
        if mark_read:
            store.record_brief(as_of, made.summary())
            _stderr().print("marked read: the next brief's \"new since\" counts from this one",
                            markup=False)


@main.command()
@click.option("--format", "output_format", required=True,
              type=click.Choice(["geojson", "csv", "stix", "kml", "eval", "jsonl"]),
              help="geojson: RFC 7946 events and tracks; csv: ACLED's columns, then sitrep's "
                   "(modality, negation, PLOVER, CAMEO, sentence, URL; docs/exports.md); stix: a STIX 2.1 bundle; kml: events and tracks with times; "
                   "eval: sitrep-eval/1 lines with the analysis; jsonl: full stored records.")
@click.option("--as-of", "as_of", callback=_parse_published, metavar="YYYY-MM-DD",
              help="Only documents published by this date.")
@click.option("--observed-only", is_flag=True,
              help="csv, geojson, kml: only events reported as observed and not negated "
                   "(what ACLED codes), leaving out claimed, planned, hypothetical, "
                   "historical and negated ones.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of standard output.")
@click.pass_obj
def export(case_dir: Path, output_format: str, as_of, observed_only: bool, output) -> None:
    """Export the stored picture for GIS, spreadsheets, threat-intelligence tools or
    Google Earth; every item keeps its document, sentence and citation."""
    from sitrep.analysis.picture import build_picture
    from sitrep.outputs.evalfmt import add_analysis, eval_record
    from sitrep.outputs.exports import render_export
    from sitrep.outputs.records import extraction_json
    from sitrep.outputs.stix import render_stix

    case, store = _open_case_store(case_dir)
    with store:
        reports = store.reports(as_of=as_of)
        picture = build_picture(reports, case)
        if output_format in ("eval", "jsonl"):
            extractions = [store.extraction(report.doc_id) for report in reports]
    if output_format == "jsonl":
        output.writelines(extraction_json(x) + "\n" for x in extractions)
    elif output_format == "eval":
        records = add_analysis([eval_record(x) for x in extractions], picture)
        output.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif output_format == "stix":
        output.write(render_stix(picture))
    else:
        output.write(render_export(picture, output_format, observed_only=observed_only))


@main.command()
@click.option("--html", "html_path", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this HTML file.")
@click.option("--as-of", "as_of", callback=_parse_published, metavar="YYYY-MM-DD",
              help="Only documents published by this date.")
@click.pass_obj
def report(case_dir: Path, html_path: Path, as_of) -> None:
    """Write the brief, map, timeline and ACH matrix into one self-contained HTML file
    that opens in a browser with no server and no network."""
    from sitrep.analysis.brief import build_brief
    from sitrep.outputs.report import render_report

    case, store = _open_case_store(case_dir)
    with store:
        page = render_report(build_brief(store, case, as_of=as_of))
    html_path.write_text(page, encoding="utf-8")
    click.echo(f"wrote {html_path}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the API has no accounts, so keep it on loopback "
                   "unless every machine that can reach it may read the case.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--token", envvar="SITREP_TOKEN", metavar="TEXT",
              help="Every change (ratings, ingestion) must carry this token; default: none "
                   "on loopback, a new random one on any other address.")
@click.option("--allow-private-urls", is_flag=True,
              help="Let the page ingest URLs on this machine and its private network "
                   "(refused by default).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name (or address) the server answers to besides the address it "
                   "listens on and the loopback names; repeat for more. Needed to reach a "
                   "server on 0.0.0.0 or :: by name.")
@fast_option
@click.pass_obj
def serve(case_dir: Path, host: str, port: int, token: str | None,
          allow_private_urls: bool, allowed_hosts: tuple[str, ...], fast: bool) -> None:
    """Serve the dashboard: map, timeline, claims, indicators, ACH and documents in the
    browser, over the case's store (read-only but for the analyst's ACH ratings, kept in
    case.yaml, and the web pages and feeds added on the Documents page). Stop with Ctrl-C."""
    import secrets
    import threading

    from sitrep.web.app import ANY_ADDRESS, is_loopback, server
    from sitrep.web.dashboard import Dashboard

    _, store = _open_case_store(case_dir)
    console = _stderr()
    token = token or None  # an empty SITREP_TOKEN sets none
    if not is_loopback(host):
        token = token or secrets.token_urlsafe(24)
        console.print(f"[yellow]warning:[/] serving on {host}: whoever can reach it can read "
                      "the case", soft_wrap=True)
        if host in ANY_ADDRESS and not allowed_hosts:
            console.print("requests are answered for loopback names only; name the host "
                          "others use with --allowed-host", soft_wrap=True)
    if token:
        shown = "HOST" if host in ANY_ADDRESS else f"[{host}]" if ":" in host else host
        console.print(f"changes need the token: open http://{shown}:{port}/?token={token} "
                      f"(the page keeps it), or send 'Authorization: Bearer {token}'",
                      soft_wrap=True, markup=False, highlight=False)
    with store:
        dashboard = Dashboard(case_dir, store, fast=fast)
        # Build the whole picture now (seconds for thousands of documents), not on the
        # first page load.
        threading.Thread(target=dashboard.snapshot, args=(None,), daemon=True).start()
        server(dashboard, host=host, port=port, token=token,
               allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts).run()


def _http_url(_ctx, _param, value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise click.BadParameter(f"expected an http:// or https:// URL, not {value!r}")
    return value


@main.command()
@click.option("--once", is_flag=True,
              help="One round: poll the sources that are due, raise alerts, stop (for cron).")
@click.option("--max-polls", type=click.IntRange(min=1), metavar="N",
              help="Stop after N rounds (the first at once, each next when a source is due).")
@click.option("--webhook", callback=_http_url, metavar="URL",
              help="POST each alert as JSON to this URL (instead of case.yaml's watch.webhook).")
@fast_option
@click.pass_obj
def watch(case_dir: Path, once: bool, max_polls: int | None, webhook: str | None,
          fast: bool) -> None:
    """Poll the feeds and pages of case.yaml's watch.sources, ingest what is new and raise
    an alert when the picture changes: an indicator's status, a new contradiction, a track
    nearer the border, a new leading hypothesis. Alerts go to the terminal, the JSONL log
    and the webhook, each with its citations. Stop with Ctrl-C."""
    import time
    from contextlib import closing

    from sitrep.alerts import Dispatcher
    from sitrep.extract import build_pipeline
    from sitrep.sources import Fetcher
    from sitrep.watch import Watcher

    if once and max_polls:
        raise click.UsageError("give --once or --max-polls, not both")
    case, store = _open_case_store(case_dir)
    console = _stderr()
    if not case.watch.sources:
        _report_error(console, f"{case_dir / 'case.yaml'}: watch.sources: nothing to watch; "
                               "list feeds and pages there (see docs/watch.md)")
        store.close()
        sys.exit(2)

    def warn(message: str) -> None:
        _report_error(console, message)

    dispatcher = Dispatcher(case.directory / case.watch.log, webhook or case.watch.webhook,
                            echo=click.echo, warn=warn, sleep=time.sleep)
    _build_gazetteer_first(console)
    with store, Fetcher() as fetcher, closing(dispatcher):
        pipeline = build_pipeline(fast=fast, region=case.watched_countries(),
                                  knowledge=_knowledge(case))
        watcher = Watcher(case, store, pipeline,
                          fetcher=fetcher, dispatcher=dispatcher, warn=warn,
                          say=lambda message: console.print(message, soft_wrap=True,
                                                            markup=False))
        try:
            watcher.run(max_polls=1 if once else max_polls)
        except KeyboardInterrupt:
            console.print("stopped", markup=False)


@main.command()
@click.option("--store-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the demo case here, its case.yaml and store, for other commands' "
                   "--case (the directory must hold neither yet); default: a temporary "
                   "directory removed afterwards.")
@fast_option
@click.pass_obj
def demo(case_dir: Path, store_dir: Path | None, fast: bool) -> None:
    """Ingest the example case (Ukraine, Nov 2021 - Feb 2022) into a fresh store; print the
    brief. It makes its own case: a --case given must exist all the same."""
    import shutil
    import tempfile

    from sitrep.analysis.brief import build_brief
    from sitrep.case import CASE_FILE, load_case
    from sitrep.examples import example_case_dir
    from sitrep.outputs.brief import render_brief
    from sitrep.store import Store
    from sitrep.store.location import DB_FILENAME, sqlite_url

    _require_case(case_dir, unless_default=True)
    example = example_case_dir()
    case = load_case(example)
    with tempfile.TemporaryDirectory(prefix="sitrep-demo-") as temporary:
        target = store_dir or Path(temporary)
        for taken in (target / DB_FILENAME, target / CASE_FILE):
            if taken.exists():
                _report_error(_stderr(), f"{taken}: a case is already there; "
                                         "choose an empty --store-dir")
                sys.exit(2)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(example / CASE_FILE, target / CASE_FILE)
        with Store.open(sqlite_url(target)) as store:
            report = _ingest_with_progress([str(example)], store, _overrides(None, None, None),
                                           fast=fast, region=case.watched_countries(),
                                           knowledge=_knowledge(case))
            click.echo(render_brief(build_brief(store, case)), nl=False)
    if store_dir is not None:
        _stderr().print(f"kept the case in {store_dir}: try  sitrep --case {store_dir} search "
                        "Yelnya", markup=False, soft_wrap=True)
    if report.failed:
        sys.exit(EXIT_SOME_INPUTS_FAILED)


if __name__ == "__main__":
    main()
