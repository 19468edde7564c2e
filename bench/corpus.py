"""A deterministic synthetic corpus of short news-style reports, for benchmarks.

The same seed gives the same documents on every machine. The sentences are
built from small word lists written here; they read like wire copy, not like
any real article.
"""

from __future__ import annotations

import datetime as dt
import random

from sitrep.documents import Metadata, make_document
from sitrep.model import Document

PLACES = ["Klintsy", "Yelnya", "Voronezh", "Bryansk", "Kursk", "Belgorod", "Gomel", "Mozyr",
          "Dzhankoi", "Kharkiv", "Chernihiv", "Rostov", "Smolensk", "Brest", "Luninets"]
SPEAKERS = ["NATO", "the Kremlin", "Minister Anna Berg", "General Piotr Nowak",
            "the Pentagon", "President Ilse Varga", "the Defence Ministry"]
UNITS = ["the 41st Combined Arms Army", "a tank brigade", "two motor rifle battalions",
         "artillery units", "air defence batteries", "a logistics regiment"]
VERBS = ["moved from {a} to {b}", "arrived near {a}", "left {a} by rail", "were seen at {a}",
         "redeployed via {a} towards {b}", "returned to bases near {a}"]
CLAIMS = ["{s} said the exercises had ended.", "{s} warned that the build-up continued.",
          "{s} denied any plan to attack.", "According to {s}, more troops arrived near {a}.",
          '"We see no sign of withdrawal," {s} said.']
FILLER = ["Satellite images showed rows of vehicles under snow.",
          "Rail traffic in the region has doubled since October.",
          "Local residents reported convoys moving at night.",
          "The figures could not be independently verified."]


def synthetic_documents(count: int, *, seed: int = 7, sentences: int = 12) -> list[Document]:
    """``count`` distinct documents of about ``sentences`` sentences each."""
    rng = random.Random(seed)
    start = dt.date(2021, 11, 1)
    documents = []
    for number in range(count):
        lines = []
        for _ in range(sentences):
            a, b = rng.sample(PLACES, 2)
            kind = rng.random()
            if kind < 0.4:
                verb = rng.choice(VERBS).format(a=a, b=b)
                lines.append(f"{rng.choice(UNITS).capitalize()} {verb}.")
            elif kind < 0.7:
                claim = rng.choice(CLAIMS).format(s=rng.choice(SPEAKERS), a=a)
                lines.append(claim[0].upper() + claim[1:])
            else:
                lines.append(rng.choice(FILLER))
        lines.append(f"Report number {number}.")  # every document distinct
        published = start + dt.timedelta(days=number % 115)
        documents.append(make_document(
            " ".join(lines), name=f"synthetic-{number:06d}", source="synthetic",
            metadata=Metadata(published=published, publisher=f"Wire {number % 5}")))
    return documents
