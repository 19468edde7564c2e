"""A case adds its own kind of claim in case.yaml (contradictions: kinds), end to end:
sitrep init, the kind written into case.yaml, two invented reports ingested, and the
brief shows the contradiction only the case's kind finds."""

from __future__ import annotations

from click.testing import CliRunner

from sitrep.cli import main
from tests.conftest import write_report

KIND = """  kinds:
    - kind: no_construction
      made_by: [construct-]
      against: [construct, deploy]
"""
EMPTY = "  kinds: []"  # the line of case.yaml that sitrep init writes


def _brief(tmp_path, kinds: str) -> str:
    case = tmp_path / "case"
    cli = CliRunner()
    assert cli.invoke(main, ["init", str(case)]).exit_code == 0
    yaml = case / "case.yaml"
    lines = yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(EMPTY))
    yaml.write_text("".join(lines[:at]) + kinds + "".join(lines[at + 1:]), encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    claim = write_report(texts, "claim", "The Norwegian defence ministry denied on Monday that "
                         "Norway was building a runway near Kirkenes.", published="2026-03-02",
                         publisher="Fjord Wire")
    seen = write_report(texts, "seen", "Satellite images showed that Norwegian troops deployed "
                        "to Kirkenes on Friday.", published="2026-03-07", publisher="Arctic Post")
    ingested = cli.invoke(main, ["--case", str(case), "ingest", str(claim), str(seen)])
    assert ingested.exit_code == 0, ingested.output
    brief = cli.invoke(main, ["--case", str(case), "brief"])
    assert brief.exit_code == 0, brief.output
    return brief.output


def test_a_case_kind_of_claim_finds_its_contradiction_in_the_brief(tmp_path):
    brief = _brief(tmp_path, KIND)
    assert "claimed no-construction (2026-03-02): deploy by NO" in brief
    assert "seen#e1" in brief and "claim#s1" in brief


def test_without_the_case_kind_the_deployment_does_not_go_against_the_denial(tmp_path):
    brief = _brief(tmp_path, "")
    assert "claimed no-construction" not in brief
    assert "Norwegian defence ministry (NO): 0 contradicted" in brief


def test_a_kind_without_observations_against_it_is_an_error_naming_the_key(tmp_path):
    case = tmp_path / "case"
    assert CliRunner().invoke(main, ["init", str(case)]).exit_code == 0
    yaml = case / "case.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        EMPTY, "  kinds: [{kind: no_construction, made_by: [build a runway], against: []}]"),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["--case", str(case), "brief"])
    assert result.exit_code != 0
    assert "contradictions" in result.output and "'build a runway' is not a stance" in result.output
