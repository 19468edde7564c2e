"""Content-Encoding undone within one byte budget, a piece at a time.

httpx inflates each chunk whole: two stacked gzip layers turn 2 KB on the wire into
gigabytes in one call. Here every layer is inflated at most ``PIECE`` bytes at a time
and every byte any layer gives counts against one budget, so memory stays about the
budget whatever the server sends. Encodings beyond ``MAX_LAYERS`` or not known
(br, zstd, compress, ...) are refused: sitrep asks for gzip and deflate only.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

ACCEPTED = "gzip, deflate"  # sitrep's Accept-Encoding
MAX_LAYERS = 2
PIECE = 64 * 1024


class EncodingRefused(Exception):
    """The body's encoding is refused or broken, or it inflates beyond the budget."""


class _Budget:
    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def spend(self, piece: bytes) -> bytes:
        self.used += len(piece)
        if self.used > self.limit:
            raise EncodingRefused(f"response exceeds the limit of {self.limit / 1e6:.1f} MB "
                                  "once decompressed")
        return piece


class _Inflater:
    """One gzip or deflate layer. deflate is zlib-wrapped by the standard and raw by
    some servers: the first bytes decide."""

    def __init__(self, name: str):
        self.name = name
        self.decoder = zlib.decompressobj(zlib.MAX_WBITS | 16 if name == "gzip" else
                                          zlib.MAX_WBITS)
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                piece = self.decoder.decompress(data, PIECE)
            except zlib.error as error:
                if self.name != "deflate" or self.started:
                    raise EncodingRefused(f"invalid {self.name} data: {error}") from None
                self.decoder, self.started = zlib.decompressobj(-zlib.MAX_WBITS), True
                continue
            self.started = True
            data = self.decoder.unconsumed_tail
            if piece:
                yield piece
            if not data and len(piece) < PIECE:  # nothing left inside zlib either
                return


def layers(content_encoding: str) -> list[str]:
    """The encodings to undo, outermost first; EncodingRefused for more than
    ``MAX_LAYERS`` or any not known."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise EncodingRefused(f"unsupported Content-Encoding {name!r} (sitrep reads "
                                  f"{ACCEPTED})")
    if len(names) > MAX_LAYERS:
        raise EncodingRefused(f"{len(names)} stacked Content-Encodings; at most {MAX_LAYERS} "
                              "are read")
    return ["gzip" if n == "x-gzip" else n for n in reversed(names)]


def decoded(raw: Iterable[bytes], content_encoding: str, limit: int) -> Iterator[bytes]:
    """The body's bytes with every layer undone; EncodingRefused once the layers have
    given more than ``limit`` bytes in all (the raw bytes count too)."""
    budget = _Budget(limit)
    inflaters = [_Inflater(name) for name in layers(content_encoding)]
    for chunk in raw:
        pieces: Iterable[bytes] = [budget.spend(chunk)]
        for inflater in inflaters:
            pieces = _through(inflater, pieces, budget)
        yield from pieces


def _through(inflater: _Inflater, pieces: Iterable[bytes], budget: _Budget) -> Iterator[bytes]:
    for piece in pieces:
        for out in inflater.feed(piece):
            yield budget.spend(out)
