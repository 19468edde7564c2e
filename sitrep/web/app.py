"""The dashboard's web app: the JSON API, the static front end and its deep links.

Served on loopback by default: the API reads the whole case, can change its ratings
and ingest URLs, and it has no accounts. Every response carries a strict Content-
Security-Policy (no inline script or style, nothing from other origins), and only
requests for an allowed host name are answered (the address bound, the loopback names
and those ``--allowed-host`` adds), reads too, which keeps a page elsewhere from reaching
the server through DNS rebinding. Every write (any method but GET and HEAD) sent by a
browser from another origin is refused, with a token (``sitrep serve`` sets one whenever
it listens beyond loopback) a write must carry it, and its body may not exceed
``MAX_BODY`` bytes (413). Errors never repeat the body sent back.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse,
                               Response)
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers

from sitrep import __version__
from sitrep.errors import CaseError, PackError
from sitrep.web import api
from sitrep.web.dashboard import Dashboard
from sitrep.web.jobs import IngestJobs

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ANY_ADDRESS = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = (DEFAULT_HOST, "localhost", "::1")
MAX_BODY = 64 * 1024  # bytes of a request body: a rating or a URL takes well under 1 KB
STATIC = Path(__file__).resolve().parent / "static"
# The single-page app's pages: each answers with index.html, so a deep link works.
PAGES = ("/", "/map", "/timeline", "/claims", "/indicators", "/ach", "/documents/{doc_id}",
         "/search")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
READ_METHODS = ("GET", "HEAD")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer")]
PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep</title></head>
<body><h1>sitrep</h1>
<p>The dashboard's front end is missing (sitrep/web/static/index.html). The API answers
under <a href="/api/brief">/api/</a>; its description is at
<a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
"""


class SecurityHeaders:
    """ASGI middleware that adds the security headers to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class WriteGuard:
    """ASGI middleware in front of every write, present and future: refuses one sent by
    a page of another origin (its Origin is not this server), and, when the app has a
    token, one without it (``Authorization: Bearer TOKEN`` or ``X-Sitrep-Token: TOKEN``)."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            refusal = self._refusal(Headers(scope=scope))
            if refusal:
                return await refusal(scope, receive, send)
        await self.app(scope, receive, send)

    def _refusal(self, headers: Headers) -> JSONResponse | None:
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != headers.get("host"):
            return JSONResponse({"detail": f"a change sent from another origin ({origin}) is "
                                           "refused"}, status_code=403)
        if self.token is None:
            return None
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        sent = credentials.strip() if scheme.lower() == "bearer" else headers.get(
            "x-sitrep-token", "")
        if secrets.compare_digest(sent.encode(), self.token.encode()):
            return None
        return JSONResponse({"detail": "changes need this server's token: open the address "
                                       "`sitrep serve` printed (ending /?token=...), or send "
                                       "'Authorization: Bearer TOKEN'"},
                            status_code=401, headers={"WWW-Authenticate": "Bearer"})


class HostGuard:
    """ASGI middleware: answers only requests whose Host header names an allowed host
    (any port; ``[::1]:8000`` names ``::1``); 400 otherwise, reads included."""

    def __init__(self, app, allowed_hosts: Sequence[str]):
        self.app = app
        self.allowed = {host.lower().strip("[]") for host in allowed_hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and \
                _host_name(Headers(scope=scope).get("host", "")) not in self.allowed:
            return await PlainTextResponse("Invalid host header", 400)(scope, receive, send)
        await self.app(scope, receive, send)


def _host_name(header: str) -> str:
    try:
        return urlsplit("//" + header).hostname or ""
    except ValueError:  # a malformed port or bracket
        return ""


class BodyLimit:
    """ASGI middleware: a write's body is read up to ``limit`` bytes before the app sees
    it; one declared or sent larger is answered 413 without reading the rest."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            return await self.app(scope, receive, send)
        too_large = JSONResponse({"detail": f"the request body is over the limit of "
                                            f"{self.limit} bytes"}, status_code=413)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return await too_large(scope, receive, send)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                return await too_large(scope, receive, send)
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive):
    """An ASGI receive that gives the body read already, then waits as ``receive`` does."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


class SitrepApp(FastAPI):
    def build_middleware_stack(self):
        """The security headers outside everything, so that error pages get them too."""
        return SecurityHeaders(super().build_middleware_stack())


def create_app(dashboard: Dashboard, *, allowed_hosts: Sequence[str] = LOOPBACK_NAMES,
               token: str | None = None, allow_private_urls: bool = False) -> FastAPI:
    """The app over one case; ``token``: what every write must carry (None: nothing);
    ``allow_private_urls``: POST /api/ingest may fetch from this machine and its network.
    Swagger's pages are off: they load scripts from a CDN, which the policy forbids;
    /openapi.json describes the API."""
    app = SitrepApp(title="sitrep", version=__version__, docs_url=None, redoc_url=None,
                    description="The situation picture of one case, every item linked to "
                                "its document and offsets.")
    app.state.dashboard = dashboard
    app.state.allow_private_urls = allow_private_urls
    app.state.jobs = IngestJobs()
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    for path in PAGES:
        app.add_api_route(path, _index_page, methods=["GET"], include_in_schema=False,
                          response_model=None)
    app.add_exception_handler(CaseError, _case_error)
    app.add_exception_handler(PackError, _case_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(BodyLimit)  # the last added runs first: host, then token, then size
    app.add_middleware(WriteGuard, token=token)
    app.add_middleware(HostGuard, allowed_hosts=allowed_hosts)
    return app


def _index_page() -> Response:
    index = STATIC / "index.html"
    if index.is_file():
        return FileResponse(index, media_type="text/html")
    return HTMLResponse(PLACEHOLDER)


def _case_error(_request: Request, error: CaseError | PackError) -> JSONResponse:
    """case.yaml or one of the case's knowledge packs unreadable, invalid or missing where
    it is needed: the file (and line) and the problem, as sitrep's commands name them."""
    return JSONResponse({"detail": str(error)}, status_code=409)


def _invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
    """422 with where and what is wrong, as FastAPI answers, but not the value sent: an
    error never repeats the request back."""
    return JSONResponse({"detail": [{"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]}
                                    for e in error.errors()]}, status_code=422)


def hosts_for(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The Host names to answer for a bind address: the address itself (not a wildcard
    one), the loopback names and ``extra`` (``--allowed-host``)."""
    bound = [] if host in ANY_ADDRESS else [host]
    return list(dict.fromkeys(name.lower().strip("[]") for name in
                              (*bound, *LOOPBACK_NAMES, *extra)))


def is_loopback(host: str) -> bool:
    """Whether a bind address is reachable from this machine only."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def server(dashboard: Dashboard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
           log_level: str = "info", token: str | None = None,
           allow_private_urls: bool = False, allowed_hosts: Sequence[str] = ()
           ) -> uvicorn.Server:
    """A uvicorn server of the dashboard (``.run()`` serves until interrupted); port 0
    takes a free one; ``allowed_hosts``: Host names answered besides the address bound
    and the loopback names."""
    app = create_app(dashboard, allowed_hosts=hosts_for(host, allowed_hosts), token=token,
                     allow_private_urls=allow_private_urls)
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level))
