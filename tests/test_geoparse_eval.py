"""The public geoparsing benchmark's reader and metrics, on tiny corpora written here and a fake parser."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from bench import geoparse_eval as ge

DEGREE_KM = 6371.0088 * math.pi / 180  # one degree of latitude along a meridian

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="0"><title>t</title><link>l</link>
    <text>Flooding hit Lyon and Berne.</text>
    <toponyms>
      <toponym><extractedName>Lyon</extractedName><normalisedName>Lyon</normalisedName><type>Literal</type>
        <start>13</start><end>17</end><geonamesID>2996944</geonamesID>
        <latitude>45.75</latitude><longitude>4.85</longitude></toponym>
      <toponym><extractedName>Berne</extractedName><normalisedName/><type>Literal</type>
        <start>22</start><end>27</end><geonamesID/><latitude>46.95</latitude><longitude>7.45</longitude></toponym>
      <toponym><extractedName>Paris</extractedName><normalisedName/><type>Literal</type>
        <start>0</start><end>5</end><geonamesID/><latitude/><longitude/></toponym>
    </toponyms>
  </article>
  <article file="1"><title>t</title><link>l</link>
    <text>Talks in Geneva stalled, Swiss officials said.</text>
    <toponyms>
      <toponym><extractedName>Geneva</extractedName><normalisedName/><type>Literal</type>
        <start>9</start><end>15</end><geonamesID>2660646</geonamesID>
        <latitude>46.2</latitude><longitude>6.15</longitude></toponym>
      <toponym><extractedName>Swiss</extractedName><normalisedName/><type>Demonym</type>
        <start>25</start><end>30</end><geonamesID/><latitude/><longitude/></toponym>
    </toponyms>
  </article>
</articles>
"""

LGL = """<?xml version="1.0" ?>
<articles>
  <article docid="1"><text>Troops left Kursk for Bryansk.</text>
    <toponyms>
      <toponym><start>12</start><end>17</end><phrase>Kursk</phrase>
        <gaztag geonameid="538560"><name>Kursk</name><fclass>P</fclass><fcode>PPLA</fcode>
          <lat>51.73</lat><lon>36.19</lon><country>Russia</country><admin1>Kursk</admin1></gaztag></toponym>
      <toponym><start>22</start><end>29</end><phrase>Bryansk</phrase></toponym>
      <toponym><start>0</start><end>4</end><phrase>Kyiv</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


@dataclass
class Place:
    lat: float
    lon: float
    geonameid: int | None
    country: str | None = None
    name: str = ""
    kind: str = "city"


class FakeParser:
    """Fixed answers: Lyon exact and 1 degree off, Berne cut short and unresolved, Geneva 10 degrees off."""

    spans = {"Flooding hit Lyon and Berne.": [(13, 17), (22, 26), (0, 8)],
             "Talks in Geneva stalled, Swiss officials said.": [(9, 15), (25, 30)]}
    places = {(13, 17): Place(46.75, 4.85, 2996944), (22, 27): None, (9, 15): Place(36.2, 6.15, 4893591)}

    def recognise(self, text):
        return self.spans[text]

    def resolve(self, text, spans):
        return [self.places[span] for span in spans]


@pytest.fixture
def gwn(tmp_path):
    path = tmp_path / "gwn.xml"
    path.write_text(GWN, encoding="utf-8")
    return path


def test_reads_gwn_and_skips_toponyms_whose_offsets_miss_their_name(gwn):
    articles, skipped = ge.read_corpus(gwn)
    assert skipped == 1
    assert [[t.name for t in a.toponyms] for a in articles] == [["Lyon", "Berne"], ["Geneva", "Swiss"]]
    assert articles[0].toponyms[0] == ge.GoldToponym(13, 17, "Lyon", 2996944, 45.75, 4.85)
    assert articles[0].toponyms[1].geonameid is None and articles[0].toponyms[1].has_coords
    assert not articles[1].toponyms[1].has_coords


def test_reads_lgl_with_and_without_gaztag(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    articles, skipped = ge.read_corpus(path)
    assert skipped == 1
    assert articles[0].toponyms == [ge.GoldToponym(12, 17, "Kursk", 538560, 51.73, 36.19),
                                    ge.GoldToponym(22, 29, "Bryansk", None, None, None)]


def test_format_is_detected_from_the_first_toponym():
    assert ge.detect_format(ge.ET.fromstring(GWN.split("\n", 1)[1])) == "gwn"
    assert ge.detect_format(ge.ET.fromstring(LGL.split("\n", 1)[1])) == "lgl"


def test_haversine_on_a_meridian_and_across_the_globe():
    assert ge.haversine_km(10, 20, 11, 20) == pytest.approx(DEGREE_KM)
    assert ge.haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_auc_of_simple_error_lists():
    assert ge.auc([0.0]) == 0.0
    assert ge.auc([20039.0, 0.0]) == pytest.approx(0.5)
    assert ge.auc([0.0, 20039.0, 0.0]) == pytest.approx(0.25)


def test_recognition_exact_and_partial_for_all_gold_and_gold_with_coordinates(gwn):
    result = ge.evaluate(FakeParser(), ge.read_corpus(gwn)[0])
    every, located = result["recognition_all"], result["recognition_with_coords"]
    # predicted: Lyon (exact), Bern (overlaps Berne), Flooding (wrong), Geneva (exact), Swiss (exact, no coordinates)
    assert (every["exact"]["precision"], every["exact"]["recall"]) == (3 / 5, 3 / 4)
    assert every["exact"]["f1"] == pytest.approx(2 / 3)
    assert (every["partial"]["precision"], every["partial"]["recall"]) == (4 / 5, 1.0)
    assert every["partial"]["f1"] == pytest.approx(8 / 9)
    # gold with coordinates: Lyon, Berne, Geneva; the Swiss prediction is neither right nor wrong
    assert (located["exact"]["gold"], located["exact"]["predicted"]) == (3, 4)
    assert (located["exact"]["precision"], located["exact"]["recall"]) == (2 / 4, 2 / 3)
    assert located["exact"]["f1"] == pytest.approx(4 / 7)
    assert (located["partial"]["precision"], located["partial"]["recall"]) == (3 / 4, 1.0)


def test_resolution_metrics_on_gold_spans(gwn):
    result = ge.evaluate(FakeParser(), ge.read_corpus(gwn)[0])["resolution"]
    errors = [DEGREE_KM, 20039.0, 10 * DEGREE_KM]  # Lyon, Berne (unresolved), Geneva
    assert result["n"] == 3
    assert result["acc161"] == pytest.approx(1 / 3)
    assert result["median_km"] == pytest.approx(10 * DEGREE_KM)
    assert result["mean_km"] == pytest.approx(sum(errors) / 3)
    y = sorted(math.log(e + 1) / math.log(20040) for e in errors)
    assert result["auc"] == pytest.approx(0.5 * ((y[0] + y[1]) / 2 + (y[1] + y[2]) / 2))
    assert (result["n_with_id"], result["exact_id"]) == (2, 0.5)
    assert result["unresolved"] == pytest.approx(1 / 3)
    assert (result["acc161_with_id"], result["acc161_without_id"]) == (0.5, 0.0)


def test_cli_exits_2_naming_a_missing_default_corpus(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "GWN.xml"
    monkeypatch.setattr(ge, "DEFAULT_CORPUS", missing)
    with pytest.raises(SystemExit) as exit_:
        ge.main([])
    assert exit_.value.code == 2
    assert str(missing) in capsys.readouterr().err


def test_reads_the_real_geowebnews_file(shared_dir):
    path = shared_dir / "peers" / "geowebnews" / "GWN.xml"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the GeoWebNews corpus lives outside the repository")
    articles, skipped = ge.read_corpus(path)
    assert len(articles) == 200
    assert sum(len(a.toponyms) for a in articles) + skipped == 6612
    assert skipped == 5  # five annotations in GWN.xml whose offsets do not point at their name


def test_errors_list_each_resolution_beyond_161_km_with_its_context(gwn):
    errors = []
    ge.evaluate(FakeParser(), ge.read_corpus(gwn)[0], errors=errors)
    assert [(e["text"], e["ours"] is None) for e in errors] == [("Berne", True), ("Geneva", False)]
    geneva = errors[1]
    assert geneva["gold"] == {"geonameid": 2660646, "lat": 46.2, "lon": 6.15}
    assert geneva["ours"]["geonameid"] == 4893591 and geneva["km"] == pytest.approx(10 * DEGREE_KM, abs=0.1)
    assert "Talks in Geneva stalled" in geneva["context"]


def test_resolve_only_skips_recognition(gwn):
    class NoRecognition(FakeParser):
        def recognise(self, text):
            raise AssertionError("recognition should not run")

    result = ge.evaluate(NoRecognition(), ge.read_corpus(gwn)[0], recognise=False)
    assert result["recognition_all"] is None and result["recognition_with_coords"] is None
    assert result["resolution"]["acc161"] == pytest.approx(1 / 3)


def test_cli_writes_the_errors_file(gwn, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ge, "Geoparser", FakeParser)
    out = tmp_path / "errors.jsonl"
    assert ge.main([str(gwn), "--resolve-only", "--errors", str(out)]) == 0
    rows = [ge.json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["corpus"], r["text"]) for r in rows] == [("gwn.xml", "Berne"), ("gwn.xml", "Geneva")]
    assert "acc161" in capsys.readouterr().out


def test_the_geoparser_recognises_the_places_extraction_finds(gazetteer):
    text = ("Convoys left Voronezh for Klintsy on Tuesday. Officials in Paris, Texas, "
            "said the fair would go on. Reading the report, nobody mentioned Zorvaliq.")
    parser = ge.Geoparser(gazetteer)
    found = {text[s:e] for s, e in parser.recognise(text)}
    assert {"Voronezh", "Klintsy", "Paris", "Texas"} <= found
    assert "Reading" not in found and "Zorvaliq" not in found
    [klintsy] = parser.resolve(text, [(text.index("Klintsy"), text.index("Klintsy") + 7)])
    assert klintsy.country == "RU"
