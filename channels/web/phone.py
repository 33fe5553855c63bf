"""The phone simulator (see issue 15): filled in once the SMS flow and the call desk settle."""

from __future__ import annotations

from aiohttp import web

__all__ = ["routes"]

routes = web.RouteTableDef()
