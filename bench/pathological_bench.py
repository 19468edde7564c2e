"""Extraction time per character on text built to be slow, from 1 KB to 1 MB.

    .venv/bin/python bench/pathological_bench.py [--modes rules statistical]
        [--patterns ")" "said "] [--max-kb 1024]

Each pattern is repeated to each size and extracted once (after a warm-up at the
smallest size) by the statistical pipeline (the default mode) and the rules one
(``--fast``). Time is CPU seconds, so a busy machine does not bend the figures. Flat
rows mean linear work: before the fix, 20 KB of ")" took over a minute and 64 KB of
"said " in --fast 288 s. A prose row, made of sentences written for this benchmark,
is the yardstick. The whole run takes about 20 minutes on one core, most of it in the
statistical mode's 1 MB rows of many short tokens. Prints figures, never fails.
"""

from __future__ import annotations

import argparse
import time

from sitrep.documents import Metadata, make_document
from sitrep.extract import build_pipeline

PROSE = ("Officials in Velmor said on Tuesday that two armoured brigades had moved from "
         "Ostrava Camp towards the border, while the defence ministry denied any plan to "
         "attack. Satellite images showed 40 tanks near the railhead. ")
PATTERNS = {
    "prose": PROSE, ")": ")", "quotes": '"', "!": "!", ",": ",", "*": "*", "_": "_",
    "“": "“", "said ": "said ", "Kyiv, ": "Kyiv, ", ") ": ") ",
}
SIZES_KB = (1, 4, 16, 64, 256, 1024)


def seconds(pipeline, pattern: str, chars: int) -> float:
    text = (pattern * (chars // len(pattern) + 1))[:chars]
    document = make_document(text, name="hostile", source="bench", metadata=Metadata())
    started = time.process_time()
    pipeline.extract(document)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", nargs="+", default=["statistical", "rules"])
    parser.add_argument("--patterns", nargs="+", default=list(PATTERNS))
    parser.add_argument("--max-kb", type=int, default=1024)
    options = parser.parse_args()
    sizes = [kb for kb in SIZES_KB if kb <= options.max_kb]
    print("µs of CPU per character; columns: KB of text")
    for mode in options.modes:
        pipeline = build_pipeline(mode, time_budget_s=float("inf"))
        print(f"\n{mode:<14}" + "".join(f"{kb:>9}" for kb in sizes) + "   largest/smallest")
        for name in options.patterns:
            pattern = PATTERNS.get(name, name)
            seconds(pipeline, pattern, 1000)  # warm-up: caches, first calls
            per_char = [seconds(pipeline, pattern, kb * 1000) / (kb * 1000) * 1e6
                        for kb in sizes]
            print(f"{name!r:<14}" + "".join(f"{value:>9.1f}" for value in per_char)
                  + f"   {per_char[-1] / per_char[0]:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
