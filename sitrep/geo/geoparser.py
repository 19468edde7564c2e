"""Text in, toponyms out: the geoparsing face of the pipeline, for benchmarks.

``recognise`` runs the whole mention pipeline and keeps the places it found, so a
benchmark measures what ``sitrep extract`` does. ``resolve`` takes spans someone
else found (a corpus's gold spans) and resolves each in the context the rest of
the text gives: the countries it names and the places that have one reading only.
"""

from __future__ import annotations

from sitrep.extract.pipeline import Pipeline
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.resolve import Context, choose
from sitrep.model import Document

PLACE_KINDS = {"place", "state"}


class Geoparser:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.open()
        self.pipeline = Pipeline(gazetteer=self.gazetteer)

    def recognise(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the places the pipeline finds in ``text``."""
        extraction = self.pipeline.extract(Document(id="geoparse", text=text, name="geoparse",
                                                    source="geoparse"))
        return [(m.start, m.end) for m in extraction.mentions if m.kind in PLACE_KINDS]

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Place | None]:
        """One answer per span: the best reading given the whole text, or None."""
        candidates = [self._candidates(text[start:end]) for start, end in spans]
        context = Context()
        context.settle(candidates)
        return [choose(found, text[start:end], context, strict=False)
                for (start, end), found in zip(spans, candidates)]

    def _candidates(self, name: str) -> list[Place]:
        demonym = self.gazetteer.demonym(name)
        if demonym is not None:
            return [demonym]
        return self.gazetteer.candidates(name) or [
            p for p in self.gazetteer.by_skeleton(name) if " " not in name and p.population >= 5000]
