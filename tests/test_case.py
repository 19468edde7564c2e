import datetime as dt

import pytest

from sitrep.case import load_case
from sitrep.errors import CaseError
from sitrep.examples import example_case_dir


def test_example_case_loads():
    case = load_case(example_case_dir())
    assert case.name and case.country_at_risk == "UA"
    assert case.period_start == dt.date(2021, 11, 1)


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
    ("name: x\nfavourite: y\n", "unknown key"),
    ("description: no name\n", "'name'"),
    ("name: x\nperiod: {start: 2022-13-01}\n", "month must be in 1..12"),
    ("name: x\nperiod: {start: soon}\n", "period.start"),
    ("name: x\nperiod: {start: 2022-02-01, end: 2022-01-01}\n", "before"),
    ("name: x\ncountry_at_risk: Ukraine\n", "country_at_risk"),
    ("name: x\nregion_of_interest: [UA, Russia]\n", "Russia"),
    ("name: x\nactors: NATO\n", "'actors'"),
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
