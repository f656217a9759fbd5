"""The explorer's web application (Starlette): one page, its three assets, and a small JSON API.

Every route is GET-only and reads the graph held in memory; no route takes a file path,
so a request can neither write anything nor read outside the graph. The page and its
scripts are files of this package, served under fixed names; a Content-Security-Policy
lets the page load nothing but them, and the scripts set every document string as text.
Bound to a loopback address, the server also refuses requests naming another host, so a
web page elsewhere cannot reach it through a rebound domain name.
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventgraph.errors import QueryError
from eventgraph.plot import KINDS, PlotError
from eventgraph.serve.answers import Explorer, NotFound, error_of

__all__ = ["LOOPBACK_HOSTS", "create_app"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host names a server bound to a loopback address answers to."""

_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", _POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
_ASSETS = {
    "/explorer.js": ("eventgraph.serve", "explorer.js", "text/javascript; charset=utf-8"),
    "/explorer.css": ("eventgraph.serve", "explorer.css", "text/css; charset=utf-8"),
    "/force.js": ("eventgraph.plot", "force.js", "text/javascript; charset=utf-8"),
}


@cache
def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


class _SecurityHeaders:
    """Adds the content policy and the no-sniffing, no-framing, no-caching headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(explorer: Explorer, *, allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS) -> Starlette:
    """The explorer's ASGI application over ``explorer``'s graph.

    ``allowed_hosts`` are the host names requests may name (None: any, for a server bound
    to a public address on purpose).
    """

    async def page(request: Request) -> Response:
        about = explorer.about()
        text = (
            _asset("eventgraph.serve", "explorer.html")
            .replace("{{name}}", html.escape(about["name"]))
            .replace(
                "{{summary}}",
                html.escape(
                    f"{about['documents']} documents, {about['claims']} statements, "
                    f"{about['meetings']} meetings, {about['actors']} actors"
                ),
            )
        )
        return HTMLResponse(text)

    async def asset(request: Request) -> Response:
        package, name, media = _ASSETS[request.url.path]
        return Response(_asset(package, name), media_type=media)

    def query(request: Request) -> Response:
        return JSONResponse(explorer.answer(request.query_params.get("q", "")))

    def complete(request: Request) -> Response:
        return JSONResponse({"completions": explorer.complete(request.query_params.get("q", ""))})

    def passage(request: Request) -> Response:
        fact = request.query_params.get("id", "")
        try:
            return JSONResponse(explorer.passage(fact))
        except NotFound as exc:
            return _error(404, str(exc))

    def network(request: Request) -> Response:
        text = request.query_params.get("q", "")
        try:
            return JSONResponse(explorer.network(text))
        except QueryError as exc:
            return JSONResponse({"error": error_of(exc, text)}, status_code=400)
        except PlotError as exc:
            return _error(400, str(exc))

    def picture(request: Request) -> Response:
        text = request.query_params.get("q", "")
        kind = request.query_params.get("kind", "timeline")
        if kind not in KINDS:
            return _error(400, f"no picture kind {kind!r}; the kinds are {', '.join(KINDS)}")
        try:
            return Response(explorer.picture(text, kind), media_type="image/svg+xml")
        except QueryError as exc:
            return JSONResponse({"error": error_of(exc, text)}, status_code=400)
        except PlotError as exc:
            return _error(400, str(exc))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        if status == 405:
            return _error(405, "the explorer is read-only: it answers GET (and HEAD) requests only")
        return _error(status, f"nothing at {request.url.path}: the explorer has one page, / (and its API under /api/)")

    async def failed(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error ({type(exc).__name__}); the server goes on, try another query")

    routes = [
        Route("/", page, methods=["GET"]),
        *(Route(path, asset, methods=["GET"]) for path in _ASSETS),
        Route("/api/query", query, methods=["GET"]),
        Route("/api/complete", complete, methods=["GET"]),
        Route("/api/passage", passage, methods=["GET"]),
        Route("/api/network", network, methods=["GET"]),
        Route("/api/picture.svg", picture, methods=["GET"]),
    ]
    middleware = [Middleware(_SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: not_found, 500: failed},
    )


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "hint": None, "caret": None}}, status_code=status)
