import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sitrep.case import (
    KNOWN_KEYS, AchSettings, Credibility, Denials, Indicator, Window, case_template,
    load_case, parse_case)
from sitrep.case_ratings import save_ach_rating
from sitrep.cli import main
from sitrep.data import data_text
from sitrep.errors import CaseError
from sitrep.examples import example_case_dir


def test_example_case_loads():
    case = load_case(example_case_dir())
    assert case.name and case.country_at_risk == "UA"
    assert case.period.start == dt.date(2021, 11, 1)


def test_directory_without_case_yaml_is_a_case_named_after_it(tmp_path):
    case = load_case(tmp_path / "baltic-watch")
    assert case.name == "baltic-watch" and case.country_at_risk is None


def test_database_url_defaults_to_a_file_in_the_case_and_obeys_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    assert load_case(tmp_path).database_url() == f"sqlite:///{tmp_path.resolve() / 'sitrep.db'}"
    monkeypatch.setenv("SITREP_DATABASE_URL", "sqlite:///elsewhere.db")
    assert load_case(tmp_path).database_url() == "sqlite:///elsewhere.db"


@pytest.mark.parametrize("content, problem", [
    ("- a\n- b\n", "expected a mapping"),
    ("name: x\nfavourite: y\n", "unknown key(s) 'favourite'; known: name, description"),
    ("description: no name\n", "case.yaml: name: is required"),
    ("name: x\nperiod: {start: 2022-13-01}\n", "month must be in 1..12"),
    ("name: x\nperiod: {start: soon}\n", "period.start"),
    ("name: x\nperiod: {start: 2022-02-01, end: 2022-01-01}\n", "before"),
    ("name: x\ncountry_at_risk: Ukraine\n", "country_at_risk"),
    ("name: x\nregion_of_interest: [UA, Russia]\n", "Russia"),
    ("name: x\nactors: NATO\n", "case.yaml: actors: expected a list"),
    ("name: [unclosed\n", "cannot read YAML"),
])
def test_invalid_case_yaml_names_the_file_and_the_problem(tmp_path, content, problem):
    (tmp_path / "case.yaml").write_text(content)
    with pytest.raises(CaseError) as raised:
        load_case(tmp_path)
    assert str(tmp_path / "case.yaml") in str(raised.value)
    assert problem in str(raised.value)


def test_watched_countries_put_the_country_at_risk_first_without_repeats(tmp_path):
    (tmp_path / "case.yaml").write_text(
        "name: Test\ncountry_at_risk: UA\nregion_of_interest: [RU, UA, BY]\n")
    assert load_case(tmp_path).watched_countries() == ("UA", "RU", "BY")
    assert load_case(tmp_path / "elsewhere").watched_countries() == ()


# -- the analysis settings -----------------------------------------------------------


def test_a_case_without_analysis_settings_gets_the_defaults(tmp_path):
    (tmp_path / "case.yaml").write_text("name: Minimal\n")
    for case in (load_case(tmp_path), load_case(tmp_path / "no-file-here")):
        assert case.credibility == Credibility("low", "medium", "medium", {})
        assert case.contradictions == Window(before_days=7, after_days=60)
        assert (case.corroboration.sources, case.corroboration.near_duplicate) == (2, 0.6)
        assert case.hypotheses == () and case.indicators == ()
        assert case.ach == AchSettings(Denials({}, {}), {})


def test_an_indicator_gets_its_defaults_and_the_case_fills_in_the_sources(tmp_path):
    (tmp_path / "case.yaml").write_text(
        "name: x\ncorroboration: {sources: 3}\n"
        "indicators:\n- {id: a, name: A, terms: [tanks]}\n- {id: b, name: B, kinds: [move], sources: 1}\n")
    case = load_case(tmp_path)
    a, b = case.indicators
    assert a == Indicator(id="a", name="A", terms=("tanks",))
    assert (a.match, a.modalities, a.relevance, a.within_km, a.sources) == (
        "events", ("observed",), "medium", None, None)
    assert case.sources_needed(a) == 3 and case.sources_needed(b) == 1


def test_credibility_names_win_speaker_first_then_the_kind_of_source():
    credibility = Credibility(sources={"TASS": "low", "Jens Stoltenberg": "high"})
    assert credibility.level("jens stoltenberg", "TASS", own_actions=False) == "high"
    assert credibility.level("Dmitry Peskov", " tass ", own_actions=False) == "low"
    assert credibility.level("Dmitry Peskov", "Reuters", own_actions=True) == "low"
    assert credibility.level("Antony Blinken", "Reuters", own_actions=False) == "medium"
    assert Credibility(press="high").level(None, "Reuters", own_actions=False) == "high"
    assert Credibility(third_party="high").level("Blinken", None, own_actions=False) == "high"


def test_the_example_case_carries_three_hypotheses_and_ten_indicators():
    case = load_case(example_case_dir())
    assert [h.id for h in case.hypotheses] == ["H1", "H2", "H3"]
    assert case.hypotheses[2].name == "Full-scale invasion"
    indicators = {i.id: i for i in case.indicators}
    assert list(indicators) == [
        "heavy-equipment-to-border", "more-btgs", "fires-forward", "supply-infrastructure",
        "medical-support", "troops-return-from-leave", "withdrawal-unverified",
        "recognition-dpr-lpr", "deploy-belarus", "iskander-kaliningrad"]
    assert all(set(i.consistency) == {"H1", "H2", "H3"} for i in case.indicators)
    assert indicators["recognition-dpr-lpr"].consistency == {"H1": "N", "H2": "CC", "H3": "C"}
    assert indicators["medical-support"].consistency == {"H1": "I", "H2": "C", "H3": "CC"}
    unverified = indicators["withdrawal-unverified"]
    assert (unverified.match, unverified.kinds) == ("contradictions", ("withdraw",))
    assert unverified.consistency == {"H1": "I", "H2": "C", "H3": "C"}
    assert indicators["heavy-equipment-to-border"].within_km == 300
    assert "ballistic missile" in indicators["fires-forward"].equipment
    assert case.ach.denials.truthful == {"H1": "C", "H2": "I", "H3": "II"}
    assert case.ach.denials.deceptive["H3"] == "C"


HYPOTHESES = "hypotheses: [{id: H1, name: War}, {id: H2, name: No war}]\n"


def _indicator(**keys) -> str:
    fields = {"id": "a", "name": "A", "kinds": ["move"], **keys}
    return HYPOTHESES + "indicators:\n- " + yaml.safe_dump(
        {k: v for k, v in fields.items() if v is not ...}, default_flow_style=True)


@pytest.mark.parametrize("content, problem", [
    # wrong shapes
    ("hypothesis: []\n", "unknown key(s) 'hypothesis'; known: name, "),
    ("credibility: low\n", "credibility: expected a mapping of keys to values, not 'low'"),
    ("credibility: {own: low}\n",
     "credibility: unknown key(s) 'own'; known: own_actions, third_party, press, sources"),
    ("credibility: {press: trusted}\n",
     "credibility.press: 'trusted' is not a level; known: low, medium, high"),
    ("credibility: {sources: {TASS: dubious}}\n", "credibility.sources.TASS: 'dubious' is not a level"),
    ("credibility: {sources: [TASS]}\n", "credibility.sources: expected a mapping"),
    ("credibility: {sources: {TASS: low, tass: high}}\n", "'TASS' and 'tass' name the same source"),
    ("contradictions: {before_days: -1}\n",
     "contradictions.before_days: must be a whole number of at least 0, not -1"),
    ("contradictions: {after_days: 1.5}\n", "contradictions.after_days: must be a whole number"),
    ("contradictions: {after: 3}\n", "contradictions: unknown key(s) 'after'; known: before_days"),
    ("corroboration: {sources: 0}\n", "corroboration.sources: must be a positive whole number"),
    ("corroboration: {sources: true}\n", "corroboration.sources: must be a positive whole number"),
    ("corroboration: {near_duplicate: 0}\n", "corroboration.near_duplicate: must be a number above 0"),
    ("corroboration: {near_duplicate: 1.5}\n", "corroboration.near_duplicate"),
    ("corroboration: {near_duplicate: high}\n", "corroboration.near_duplicate"),
    ("hypotheses: H1\n", "hypotheses: expected a list"),
    ("hypotheses: [H1]\n", "hypotheses[0]: expected a mapping of keys to values, not 'H1'"),
    ("hypotheses: [{id: H1}]\n", "hypotheses[0].name: is required"),
    ("hypotheses: [{id: H1, name: A, likely: yes}]\n", "hypotheses[0]: unknown key(s) 'likely'"),
    ("hypotheses: [{id: H1, name: A}, {id: H1, name: B}]\n",
     "hypotheses[1].id: 'H1' is used by another hypothesis"),
    ("hypotheses: [{id: 'H 1', name: A}]\n", "hypotheses[0].id: 'H 1' is not a short id"),
    # indicators
    ("indicators: {id: a}\n", "indicators: expected a list of indicator mappings"),
    ("indicators: [heavy]\n", "indicators[0]: expected a mapping of keys to values, not 'heavy'"),
    (_indicator(kind=["move"]), "indicators[0]: unknown key(s) 'kind'; known: id, name, match, kinds"),
    (_indicator(id="Heavy_Equipment"), "indicators[0].id: 'Heavy_Equipment' may hold only"),
    (_indicator(id=...), "indicators[0].id: is required"),
    (_indicator(name=...), "indicators[0].name: is required"),
    (HYPOTHESES + "indicators: [{id: a, name: A, kinds: [move]}, {id: a, name: B, terms: [x]}]\n",
     "indicators[1].id: 'a' is used by another indicator"),
    (_indicator(match="event"),
     "indicators[0].match: 'event' is not a match target; known: events, statements, contradictions"),
    (_indicator(kinds=["move", "withdrawl"]),
     "indicators[0].kinds[1]: 'withdrawl' is not an event kind; known: deploy, withdraw, "),
    (_indicator(kinds=["denial"]), "indicators[0].kinds[0]: 'denial' is not an event kind"),
    (_indicator(match="statements", kinds=["deploy"]),
     "indicators[0].kinds[0]: 'deploy' is not a statement kind; known: claim, "),
    (_indicator(match="contradictions", kinds=["claim"]), "'claim' is not an event kind"),
    (_indicator(kinds="move"), "indicators[0].kinds: expected a list such as [a, b], not 'move'"),
    (_indicator(plover=["MOBILISE"]),
     "indicators[0].plover[0]: 'MOBILISE' is not a PLOVER code; known: AGREE, "),
    (_indicator(equipment=["tanks"]),
     "indicators[0].equipment[0]: 'tanks' is not an equipment category; known: armour, "),
    (_indicator(equipment=["none"]), "'none' is not an equipment category"),
    (_indicator(terms=["tanks", 5]), "indicators[0].terms[1]: must be a non-empty text, not 5 (int)"),
    (HYPOTHESES + "indicators: [{id: a, name: A, kinds: [move], actors: [NO]}]\n",
     "indicators[0].actors[0]: must be a non-empty text, not False (bool) (quote values"),
    (_indicator(within_km=0), "indicators[0].within_km: must be a positive number"),
    (_indicator(within_km=-5), "indicators[0].within_km: must be a positive number"),
    (_indicator(within_km="300"), "indicators[0].within_km: must be a positive number"),
    (_indicator(match="statements", kinds=["denial"], within_km=100),
     "indicators[0].within_km: statements have no place"),
    (_indicator(modalities=["seen"]),
     "indicators[0].modalities[0]: 'seen' is not a modality; known: observed, "),
    (_indicator(modalities=[]), "indicators[0].modalities: must name at least one modality"),
    (_indicator(sources=0), "indicators[0].sources: must be a positive whole number, not 0"),
    (_indicator(sources=1.5), "indicators[0].sources: must be a positive whole number"),
    (_indicator(relevance="critical"),
     "indicators[0].relevance: 'critical' is not a level; known: low, medium, high"),
    (_indicator(consistency={"H3": "C"}),
     "indicators[0].consistency: 'H3' is not a hypothesis id; known: H1, H2"),
    (_indicator(consistency={"H1": "CCC"}),
     "indicators[0].consistency.H1: 'CCC' is not a consistency rating; known: CC, C, N, I, II"),
    (_indicator(consistency=["H1", "C"]), "indicators[0].consistency: expected a mapping"),
    ("indicators: [{id: a, name: A, kinds: [move], consistency: {H1: C}}]\n",
     "'H1' is not a hypothesis id; known: (none: add hypotheses)"),
    (_indicator(kinds=[], actors=["RU"]),
     "indicators[0]: indicator 'a' needs at least one of kinds, plover, terms or equipment"),
    # ach
    ("ach: {verdict: H1}\n", "ach: unknown key(s) 'verdict'; known: denials, overrides"),
    ("ach: {denials: {honest: {}}}\n", "ach.denials: unknown key(s) 'honest'; known: truthful, deceptive"),
    (HYPOTHESES + "ach: {denials: {truthful: {H9: C}}}\n",
     "ach.denials.truthful: 'H9' is not a hypothesis id; known: H1, H2"),
    (HYPOTHESES + "ach: {denials: {deceptive: {H1: maybe}}}\n",
     "ach.denials.deceptive.H1: 'maybe' is not a consistency rating"),
    (_indicator() + "ach: {overrides: {'indicator:b': {H1: C}}}\n",
     "ach.overrides: 'indicator:b' names no indicator; known: a"),
    (HYPOTHESES + "ach: {overrides: {doc7: {H1: C}}}\n",
     "ach.overrides: 'doc7' is not an evidence id"),
    (HYPOTHESES + "ach: {overrides: {'doc#s3': {H1: X}}}\n",
     "ach.overrides.doc#s3.H1: 'X' is not a consistency rating"),
    (HYPOTHESES + "ach: {overrides: {'doc#s3': {H7: C}}}\n",
     "ach.overrides.doc#s3: 'H7' is not a hypothesis id"),
    (HYPOTHESES + "ach: {overrides: {'doc#s3': C}}\n",
     "ach.overrides.doc#s3: expected a mapping"),
])
def test_invalid_analysis_settings_name_the_file_and_the_key_path(tmp_path, content, problem):
    (tmp_path / "case.yaml").write_text("name: x\n" + content)
    with pytest.raises(CaseError) as raised:
        load_case(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'case.yaml'}: ")
    assert problem in str(raised.value)


def test_valid_edge_values_are_accepted(tmp_path):
    (tmp_path / "case.yaml").write_text(
        "name: x\n" + _indicator(match="statements", kinds=["denial"], plover=["REJECT"],
                                 sources=1, modalities=["hypothetical"])
        + "corroboration: {near_duplicate: 1}\ncontradictions: {before_days: 0, after_days: 0}\n"
        "ach: {overrides: {'indicator:a': {H1: II}, '03-us-assessment#s4': {H2: CC}}}\n")
    case = load_case(tmp_path)
    assert case.corroboration.near_duplicate == 1.0 and case.contradictions == Window(0, 0)
    assert case.indicators[0].kinds == ("denial",)
    assert case.ach.overrides == {"indicator:a": {"H1": "II"}, "03-us-assessment#s4": {"H2": "CC"}}


def _paths(node, prefix=()):
    """Every key path in a parsed YAML tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield prefix + (key,)
        yield from _paths(child, prefix + (key,))


def test_no_value_of_the_wrong_type_raises_anything_but_a_case_error():
    """Every key of the example case replaced by values of other types: CaseError or a case."""
    data = yaml.safe_load((example_case_dir() / "case.yaml").read_text(encoding="utf-8"))
    junk = [None, True, 0, -1, 1.5, "x", "", [], ["x"], [1], [[]], {}, {"x": 1}, {"H1": ["C"]}]
    path = Path("case.yaml")
    for key_path in _paths(data):
        for value in junk:
            tree = copy.deepcopy(data)
            node = tree
            for key in key_path[:-1]:
                node = node[key]
            node[key_path[-1]] = value
            try:
                parse_case(tree, directory=Path("."), path=path)
            except CaseError as error:
                assert str(error).startswith("case.yaml: ")


def test_the_template_holds_every_key_and_loads_as_a_valid_case(tmp_path):
    text = data_text("case_template.yaml")
    data = yaml.safe_load(text)
    assert tuple(data) == KNOWN_KEYS
    assert set(data["credibility"]) == set(Credibility.__dataclass_fields__)
    assert set(data["indicators"][0]) == set(Indicator.__dataclass_fields__)
    (tmp_path / "case.yaml").write_text(case_template("Template"))
    case = load_case(tmp_path)
    assert case.name == "Template"
    assert len(case.hypotheses) == 2 and len(case.indicators) == 2
    assert {i.match for i in case.indicators} == {"events", "contradictions"}
    commented = {line.split(":")[0].strip(" -") for line in text.splitlines()
                 if ":" in line and "#" in line.split(":", 1)[1]}
    explained = set(Indicator.__dataclass_fields__) | {
        "own_actions", "third_party", "press", "sources", "before_days", "after_days",
        "near_duplicate", "country_at_risk", "region_of_interest", "actors", "period"}
    assert explained <= commented, f"keys without a comment: {explained - commented}"


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.delenv("SITREP_CASE", raising=False)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_init_writes_a_loadable_case_named_after_a_new_directory(cli, tmp_path):
    target = tmp_path / "cases" / "baltic-watch"
    result = cli("init", str(target))
    assert result.exit_code == 0, result.output
    assert f"wrote {target / 'case.yaml'}" in result.stdout
    assert f"sitrep --case {target} ingest" in result.stdout
    case = load_case(target)
    assert case.name == "baltic-watch" and len(case.indicators) == 2


def test_init_defaults_to_the_case_directory_then_the_current_one(cli, tmp_path, monkeypatch):
    assert cli("--case", str(tmp_path / "a"), "init").exit_code == 0
    assert load_case(tmp_path / "a").name == "a"
    monkeypatch.chdir(tmp_path)
    result = cli("init")
    assert result.exit_code == 0
    assert load_case(tmp_path).name == tmp_path.name
    assert "sitrep ingest PATH" in result.stdout


def test_init_never_overwrites_a_case_without_force(cli, tmp_path):
    (tmp_path / "case.yaml").write_text("name: Mine\n")
    refused = cli("init", str(tmp_path), "--name", "Other")
    assert refused.exit_code == 1
    assert f"{tmp_path / 'case.yaml'}: already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert (tmp_path / "case.yaml").read_text() == "name: Mine\n"
    forced = cli("init", str(tmp_path), "--name", "Other", "--force")
    assert forced.exit_code == 0
    assert load_case(tmp_path).name == "Other"


@pytest.mark.parametrize("name", [
    'Baltic: "watch" #1', "it's: a 'case'", "- [x] {y}: & *z", "Україна 2022", "no", "1.5",
])
def test_init_names_with_colons_quotes_and_yaml_syntax_round_trip(cli, tmp_path, name):
    result = cli("init", str(tmp_path), "--name", name)
    assert result.exit_code == 0, result.output
    assert load_case(tmp_path).name == name


def test_init_refuses_an_empty_name_and_a_file_in_the_way(cli, tmp_path):
    assert cli("init", str(tmp_path), "--name", "  ").exit_code == 1
    (tmp_path / "file").write_text("")
    result = cli("init", str(tmp_path / "file"))
    assert result.exit_code != 0


def test_the_template_states_the_schema_defaults():
    """What the starter case.yaml writes as a value, where the schema has a default, is
    that default: only the examples (hypotheses, indicators, denials) differ."""
    template = parse_case(yaml.safe_load(case_template("T")), directory=Path("."),
                          path=Path("case.yaml"))
    defaults = parse_case({"name": "T"}, directory=Path("."), path=Path("case.yaml"))
    examples = {"hypotheses", "indicators", "ach"}
    for key in KNOWN_KEYS:
        if key not in examples:
            assert getattr(template, key) == getattr(defaults, key), key
    assert template.ach.overrides == defaults.ach.overrides == {}
    plain = template.indicators[1]  # the example that writes out every default
    assert plain == Indicator(id=plain.id, name=plain.name, match=plain.match, kinds=plain.kinds,
                              consistency=plain.consistency)


def test_a_file_with_several_problems_names_each(tmp_path):
    (tmp_path / "case.yaml").write_text(
        "name: x\ncountry_at_risk: Ukraine\ncontradictions: {before_days: -1}\n")
    with pytest.raises(CaseError) as raised:
        load_case(tmp_path)
    lines = str(raised.value).splitlines()
    assert [line.split(": ")[1] for line in lines] == ["country_at_risk",
                                                       "contradictions.before_days"]
    assert all(line.startswith(f"{tmp_path / 'case.yaml'}: ") for line in lines)


RATED_CASE = """\
# The analyst's case.
name: Rated   # shown on the board
hypotheses: [{id: H1, name: War}, {id: H2, name: No war}]
indicators:
  - {id: moves, name: Moves, kinds: [move]}   # the one indicator

ach:
  # denials read both ways
  denials:
    truthful: {H1: C}    # a denial as the truth
  overrides: {}          # the analyst's ratings

watch: {}   # nothing polled
"""


def test_a_saved_rating_keeps_the_comments_the_layout_and_the_file_mode(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(RATED_CASE)
    path.chmod(0o600)
    save_ach_rating(tmp_path, "indicator:moves", "H2", "II")
    save_ach_rating(tmp_path, "report#s4", "H1", "CC")
    text = path.read_text()
    assert load_case(tmp_path).ach.overrides == {"indicator:moves": {"H2": "II"},
                                                 "report#s4": {"H1": "CC"}}
    for line in RATED_CASE.splitlines():
        if "overrides" not in line:
            assert line in text.splitlines()
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]  # no temporary left
    save_ach_rating(tmp_path, "indicator:moves", "H2", None)
    save_ach_rating(tmp_path, "report#s4", "H1", None)
    assert path.read_text() == RATED_CASE


def test_a_rating_is_refused_when_the_new_file_would_not_be_a_valid_case(tmp_path):
    (tmp_path / "case.yaml").write_text(RATED_CASE)
    with pytest.raises(CaseError, match=r"ach.overrides.report#s4: 'H7' is not a hypothesis id"):
        save_ach_rating(tmp_path, "report#s4", "H7", "C")
    assert (tmp_path / "case.yaml").read_text() == RATED_CASE


def test_a_rating_goes_into_a_case_without_an_ach_section(tmp_path):
    (tmp_path / "case.yaml").write_text("name: x  # mine\nhypotheses: [{id: H1, name: A}]\n")
    save_ach_rating(tmp_path, "report#s1", "H1", "I")
    assert (tmp_path / "case.yaml").read_text().startswith(
        "name: x  # mine\nhypotheses: [{id: H1, name: A}]\nach:\n")
    assert load_case(tmp_path).ach.overrides == {"report#s1": {"H1": "I"}}
