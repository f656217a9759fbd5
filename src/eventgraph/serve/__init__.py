"""A local web explorer of one graph: ``eventgraph serve GRAPH`` or ``serve(graph)``.

A page with a query box (completing keywords, names and topics as the REPL does), the
result as a table whose rows open their source passage highlighted in its document,
the timeline, network or chart of the result, and query errors with their caret. It is
read-only, loads nothing from the network, and listens on 127.0.0.1 unless told
otherwise. Needs Starlette, uvicorn and matplotlib: ``pip install 'eventgraph[serve]'``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eventgraph.errors import EventGraphError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["ServeError", "bind", "is_loopback", "serve"]


class ServeError(EventGraphError, OSError):
    """The explorer cannot start: its libraries are missing, or the address cannot be used."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one); ``ServeError`` if it cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        raise ServeError(f"{host}: not an address this machine can listen on ({exc.strerror or exc})") from None
    family, kind, proto, _, address = infos[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        raise ServeError(f"{host}:{port}: cannot listen there ({exc.strerror or exc}); try another --port") from None
    listener.set_inheritable(True)
    return listener


def serve(
    graph: EventGraph,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    name: str = "graph",
    today: dt.date | None = None,
    data: Sequence[str] = (),
    access_log: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the explorer of ``graph`` until interrupted (Ctrl-C).

    ``port`` 0 takes a free port; ``ready`` is called with the page's address once the
    server listens. ``today`` and ``data`` are as for ``graph.query``. Away from a loopback
    address the server answers requests for any host name.
    """
    try:
        import uvicorn
        from starlette.applications import Starlette  # noqa: F401 - said missing here, not mid-request
    except ImportError:
        raise ServeError("the explorer needs Starlette and uvicorn: pip install 'eventgraph[serve]'") from None
    from eventgraph.serve.answers import Explorer
    from eventgraph.serve.app import LOOPBACK_HOSTS, create_app

    explorer = Explorer(graph, name=name, today=today, data=data)
    local = is_loopback(host)
    app = create_app(explorer, allowed_hosts=LOOPBACK_HOSTS if local else None)
    listener = bind(host, port)
    bound = listener.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    config = uvicorn.Config(
        app, log_level="info" if access_log else "warning", access_log=access_log, lifespan="off", server_header=False
    )
    server = uvicorn.Server(config)
    if ready is not None:
        ready(f"http://{shown}:{bound}/")
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
