"""The sockets under the Fetcher's httpx client: one wall-clock deadline for a whole
fetch, and the public-address check on the address actually connected.

httpx's timeouts bound each wait for the server; a server that sends its headers a byte
at a time never trips them. Here every connect, TLS handshake, read and write is given
at most the time left to the fetch, and none starts once it is spent, so a fetch ends
by its deadline whatever the server does. The address check on the connected socket
closes the gap between the check of the host name and the connection (a DNS answer
that changes in between).
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

import httpcore
import httpx

from sitrep.sources.addresses import HINT, non_public

# When the fetch under way in this thread must end (time.monotonic), or None.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline",
                                                                       default=None)


class DeadlinePassed(Exception):
    """The fetch ran out of its time; the Fetcher names the URL."""


class NotPublic(Exception):
    """The socket connected to a non-public address; the Fetcher names the URL."""


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Every socket operation in this block ends by ``at`` (time.monotonic)."""
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def _time_left(timeout: float | None) -> float | None:
    """The timeout for one socket operation: the transport's, cut to the time left."""
    at = _deadline.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise DeadlinePassed()
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _Stream(self.stream.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sockets, with the deadline; ``public_only``: a connection to a
    non-public address is closed before anything is sent on it."""

    def __init__(self, public_only: bool):
        self.backend = httpcore.SyncBackend()
        self.public_only = public_only

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self.backend.connect_tcp(host, port, _time_left(timeout), local_address,
                                          socket_options)
        if self.public_only:
            peer = stream.get_extra_info("server_addr")[0]
            reason = non_public(peer)
            if reason:
                stream.close()
                raise NotPublic(f"refused: {host} connected to {reason}; {HINT}")
        return _Stream(stream)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise NotImplementedError("sitrep fetches over TCP only")

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


def guarded_transport(public_only: bool) -> httpx.HTTPTransport:
    """httpx's own transport over the guarded sockets (proxies from the environment
    are not used: the address connected must be the server's)."""
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = GuardedBackend(public_only)  # httpcore has no setter
    return transport
