import csv
import io
import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.examples import example_case_dir
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import REPO, write_report
from tests.store.test_store import dump


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Invoke the CLI in-process on a case directory of its own."""
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    case = tmp_path / "case"

    def invoke(*args):
        return CliRunner().invoke(main, ["--case", str(case), *args], catch_exceptions=False)

    invoke.case = case
    return invoke


@pytest.fixture
def extract(tmp_path, monkeypatch):
    """``sitrep extract`` with no --case, in an empty directory: the shipped defaults."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)

    def invoke(*args):
        return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)

    return invoke


def store_rows(case):
    with Store.open(sqlite_url(case)) as store:
        return dump(store)


def test_ingesting_the_example_case_twice_leaves_the_store_unchanged(run):
    first = run("ingest", str(example_case_dir()))
    assert first.exit_code == 0, first.stderr
    before = store_rows(run.case)
    assert len(before["documents"]) == len(list(example_case_dir().glob("*.txt")))
    second = run("ingest", str(example_case_dir()))
    assert second.exit_code == 0
    assert store_rows(run.case) == before
    assert "unchanged" in second.stderr


def test_a_bad_input_fails_alone_and_is_named(run, tmp_path):
    good = write_report(tmp_path, "good", "Armour was seen near the border on Monday.",
                        published="2022-02-14")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("ingest", str(good), str(tmp_path / "missing.txt"), str(empty))
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.txt'}: no such file" in result.stderr
    assert f"{empty}: file is empty" in result.stderr
    assert len(store_rows(run.case)["documents"]) == 1


def test_a_failed_batch_keeps_what_was_stored_before(run, tmp_path):
    run("ingest", str(write_report(tmp_path, "first", "Artillery moved west.")))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    result = run("ingest", str(tmp_path / "binary.txt"))
    assert result.exit_code == 1 and "binary" in result.stderr
    assert len(store_rows(run.case)["documents"]) == 1


def test_metadata_flags_override_the_sidecar(run, tmp_path):
    report = write_report(tmp_path, "r", "The convoy left at night.", published="2022-01-01",
                          publisher="Old Name")
    assert run("ingest", str(report), "--published", "2022-02-02", "--publisher", "New Name",
               "--title", "Convoy").exit_code == 0
    [row] = store_rows(run.case)["documents"]
    assert "New Name" in row and "Convoy" in row
    assert any(str(value) == "2022-02-02" for value in row)


def test_an_invalid_published_flag_is_a_usage_error(run, tmp_path):
    result = run("ingest", str(write_report(tmp_path, "r", "Text.")), "--published", "yesterday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_extract_writes_one_eval_line_per_document(extract, tmp_path):
    a = write_report(tmp_path, "a", "NATO said troops stayed in Russia near Ukraine.",
                     published="2022-02-15")
    b = write_report(tmp_path, "b", "Nothing happened today.")
    result = extract(str(a), str(b), "--format", "eval")
    assert result.exit_code == 0
    *lines, corpus = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["doc_id"] for line in lines] == ["a", "b"]
    assert "doc_id" not in corpus and corpus["tracks"] == []  # tracks run across documents
    for line in lines:
        assert set(line) >= {"places", "people", "orgs", "statements", "events",
                             "contradictions", "tracks"}
    [statement] = lines[0]["statements"]
    assert statement["speaker"] == "NATO" and statement["date"] == "2022-02-15"
    assert {"Russia", "Ukraine"} <= {p["name"] for p in lines[0]["places"]}


def test_extract_jsonl_has_full_records_with_offsets(extract, tmp_path):
    result = extract(str(write_report(tmp_path, "a", "NATO said so.")), "--format", "jsonl")
    record = json.loads(result.stdout)
    assert record["document"]["name"] == "a" and "text" not in record["document"]
    [sentence] = record["sentences"]
    assert (sentence["start"], sentence["end"]) == (0, 13)


def test_extract_on_the_seeds_is_read_by_the_scorer(extract, shared_dir, tmp_path):
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    out = tmp_path / "seeds.jsonl"
    result = extract(*map(str, seeds), "--format", "eval", "-o", str(out))
    assert result.exit_code == 0
    *lines, corpus = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["doc_id"] for line in lines] == [seed.stem for seed in seeds]
    assert corpus["tracks"][0]["places"] == ["Voronezh", "Elnya", "Bryansk", "Klintsy"]
    scored = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"),
                             str(shared_dir / "eval" / "seeds-gold.json"), str(out),
                             "--json", str(tmp_path / "summary.json")],
                            capture_output=True, text=True)
    assert scored.returncode == 0, scored.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["contradictions"]["recall"] == 1.0 and summary["tracks"]["mean_lcs"] == 1.0


def test_search_shows_document_date_and_sentence(run, tmp_path):
    run("ingest", str(write_report(tmp_path, "klintsy", "Tanks reached Klintsy overnight.\n"
                                   "Rain fell.", published="2022-02-10")))
    result = run("search", "Klintsy")
    assert result.exit_code == 0
    assert "klintsy" in result.stdout and "2022-02-10" in result.stdout
    assert "Tanks reached" in result.stdout
    assert "No sentence matches" in run("search", "submarine").stdout


def test_search_shows_text_as_text_never_as_markup_or_terminal_control(run, tmp_path):
    text = ("Engineers laid a pontoon bridge near [Yelnya] on Monday.\n"
            "Sappers reached Yelnya\x1b]0;owned\x07 at night \x1b[2J\x1b[31mred\x9b1m.")
    run("ingest", str(write_report(tmp_path, "bridge", text, published="2022-02-10",
                                   publisher="Harbour Post")))
    pontoon = run("search", "pontoon").stdout
    assert "[pontoon] bridge" in pontoon and "Harbour Post" in pontoon
    yelnya = run("search", "Yelnya").stdout
    assert "[[Yelnya]]" in yelnya or "[Yelnya]" in yelnya
    assert not any(c in yelnya for c in "\x1b\x07\x9b")  # nothing a terminal would obey
    assert "\\x1b]0;owned\\x07" in yelnya and "\\x1b[2J" in yelnya and "\\x9b1m" in yelnya


def test_search_gives_json_and_csv_for_programs(run, tmp_path):
    run("ingest", str(write_report(tmp_path, "klintsy", "Rain fell.\nTanks reached Klintsy.",
                                   published="2022-02-10", publisher="Harbour Post",
                                   url="https://harbour.example/klintsy")))
    [hit] = json.loads(run("search", "Klintsy", "--format", "json").stdout)
    assert hit["name"] == "klintsy" and hit["publisher"] == "Harbour Post"
    assert hit["published"] == "2022-02-10" and hit["url"] == "https://harbour.example/klintsy"
    assert (hit["start"], hit["end"]) == (11, 33) and hit["sentence"] == "Tanks reached Klintsy."
    assert "[Klintsy]" in hit["snippet"]
    [row] = csv.DictReader(io.StringIO(run("search", "Klintsy", "--format", "csv").stdout))
    assert row == {key: "" if value is None else str(value) for key, value in hit.items()}
    assert json.loads(run("search", "submarine", "--format", "json").stdout) == []


# Each command but init and ingest, with what it needs to run on a case that exists.
CASE_COMMANDS = {
    "search": ["search", "bridge"], "brief": ["brief"], "export": ["export", "--format", "csv"],
    "report": ["report", "--html", "{tmp}/report.html"], "serve": ["serve", "--port", "0"],
    "watch": ["watch", "--once"], "extract": ["extract", "{tmp}/a.txt"], "demo": ["demo"]}


def test_every_command_but_init_and_ingest_is_checked_on_a_missing_case():
    assert set(CASE_COMMANDS) == set(main.commands) - {"init", "ingest"}


@pytest.mark.parametrize("command", sorted(CASE_COMMANDS))
@pytest.mark.parametrize("what", ["mistyped", "empty directory"])
def test_a_case_that_does_not_exist_is_an_error_and_nothing_is_made(command, what, tmp_path,
                                                                    monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    write_report(tmp_path, "a", "Tanks reached Klintsy.")
    case = tmp_path / "mycsae"
    if what == "empty directory":
        case.mkdir()
    args = [arg.format(tmp=tmp_path) for arg in CASE_COMMANDS[command]]
    result = CliRunner().invoke(main, ["--case", str(case), *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    problem = "no such case directory" if what == "mistyped" else "not a case"
    assert f"{case}: {problem}" in result.stderr and "sitrep --case" in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.rglob("*")) == (
        ["a.txt", "mycsae"] if what == "empty directory" else ["a.txt"])


def test_the_default_case_directory_must_be_a_case_for_commands_that_read_a_store(
        tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["brief"], catch_exceptions=False)
    assert result.exit_code == 2 and "not a case" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_ingest_says_that_it_creates_the_case(run, tmp_path):
    result = run("ingest", str(write_report(tmp_path, "a", "Tanks reached Klintsy.")))
    assert result.exit_code == 0 and f"creating the case {run.case}" in result.stderr
    assert "creating" not in run("ingest", str(tmp_path / "a.txt")).stderr
    assert run("brief").exit_code == 0


def test_extract_of_a_missing_file_fails_and_writes_nothing(extract, tmp_path):
    out = tmp_path / "out.jsonl"
    for args in ([], ["-o", str(out)]):
        result = extract(str(tmp_path / "missing.txt"), *args)
        assert result.exit_code == 1 and "missing.txt: no such file" in result.stderr
        assert result.stdout == ""
    assert not out.exists()


def test_brief_of_an_empty_store_says_how_to_fill_it(run, tmp_path):
    run.case.mkdir()
    (run.case / "case.yaml").write_text("name: Empty\n")
    assert "holds no documents" in run("brief").stdout


def test_demo_ingests_the_example_case_and_prints_the_brief(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--store-dir", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.stderr
    assert "SITREP: Ukraine 2022" in result.stdout
    assert "country at risk: UA" in result.stdout
    assert (tmp_path / "demo" / "sitrep.db").exists()
    assert (tmp_path / "demo" / "case.yaml").read_text() == (
        example_case_dir() / "case.yaml").read_text()
    kept = CliRunner().invoke(main, ["--case", str(tmp_path / "demo"), "brief"])
    assert kept.exit_code == 0 and "SITREP: Ukraine 2022" in kept.stdout
    assert "Competing hypotheses" in kept.stdout and "H1" in kept.stdout
    again = CliRunner().invoke(main, ["demo", "--store-dir", str(tmp_path / "demo")])
    assert again.exit_code == 2 and "already there" in again.stderr


def test_every_command_has_help_text():
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, f"sitrep {name} lacks help"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"sitrep {name} {param.opts[0]} lacks help"


def test_the_installed_command_starts(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sitrep.cli", "--help"], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_first_ingest_says_it_builds_the_gazetteer_and_shows_files_and_totals(
        run, tmp_path, monkeypatch):
    """A machine with no gazetteer index yet (a fresh cache), ingest on a terminal."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "fresh-cache"))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # Rich draws its progress bar as on a terminal
    reports = tmp_path / "reports"
    reports.mkdir()
    write_report(reports, "convoy-at-dawn", "A convoy left Kursk at dawn.")
    write_report(reports, "bridge-repairs", "Engineers repaired the bridge at Sumy.")
    result = run("ingest", str(reports))
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    building = err.index(f"building the gazetteer index at {tmp_path / 'fresh-cache'}")
    assert "about half a minute" in err[building:]
    built = err.index("built the gazetteer index: ")
    assert building < built < err.index("added: bridge-repairs") < err.index("2/2")
    assert "added: convoy-at-dawn" in err
    again = run("ingest", str(reports))  # the index is there now: not a word of it
    assert "gazetteer" not in again.stderr and "unchanged: convoy-at-dawn" in again.stderr
