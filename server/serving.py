"""Listening: the aiohttp application served within bounds (what ``serve`` runs).

* **Headers** must arrive within ``header_timeout`` seconds of the connection (or of
  the previous answer on a kept-alive one): aiohttp's keep-alive timer, armed from the
  first byte on, closes a connection still waiting for a whole request head.
* **Bodies** within ``body_timeout`` (:mod:`channels.common.bounds`: 408).
* **Connections**: at most ``max_connections`` at once; one more is answered ``503``
  and closed at once, before anything is read.
* Lingering after an answer to a request whose body was not read: 1 s, not 10.

SIGINT and SIGTERM stop it gracefully: no new connection, open requests finish.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

from channels.common.metrics import refused
from server.logs import AccessLog

__all__ = ["BoundedSite", "serve"]

_BUSY: Final = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                b"Content-Length: 21\r\nConnection: close\r\n\r\ntoo many connections\n")
_log = logging.getLogger("dimona_talk.serve")


class _Refusal(asyncio.Protocol):
    """A connection over the cap: told so, and closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        refused("over_capacity")
        assert isinstance(transport, asyncio.Transport)
        transport.write(_BUSY)
        transport.close()


class BoundedSite(web.BaseSite):
    """A TCP site that accepts at most ``cap`` connections at once."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, cap: int) -> None:
        super().__init__(runner)
        self.host, self.port, self.cap = host, port, cap

    @property
    def name(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None

        def protocol() -> asyncio.BaseProtocol:
            return server() if len(server.connections) < self.cap else _Refusal()

        self._server = await asyncio.get_running_loop().create_server(
            protocol, self.host, self.port, backlog=self._backlog, reuse_address=True)


async def _serve(app: Awaitable[web.Application], host: str, port: int, *,
                 header_timeout: float, max_connections: int,
                 say: Callable[[str], None]) -> None:
    runner = web.AppRunner(await app, access_log_class=AccessLog,
                           keepalive_timeout=header_timeout, lingering_time=1.0,
                           handle_signals=False)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        site = BoundedSite(runner, host, port, max_connections)
        await site.start()
        say(f"======== Running on {site.name} ========")
        _log.info("listening", extra={"fields": {"url": site.name}})
        await stop.wait()
    finally:
        await runner.cleanup()


def serve(app: Awaitable[web.Application], host: str, port: int, *, header_timeout: float,
          max_connections: int, say: Callable[[str], None] = print) -> None:
    """Serve ``app`` until SIGINT or SIGTERM."""
    asyncio.run(_serve(app, host, port, header_timeout=header_timeout,
                       max_connections=max_connections, say=say))
