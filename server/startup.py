"""What ``serve`` checks before it listens: no gateway is served open off loopback.

Off loopback, every gateway switched on needs its secret (and what goes with it:
Twilio's public URL), or ``serve`` does not start and names what is missing; the
API's credentials are the operator's token or, instead, employers' keys in the
store (employers' API keys, institutions' subscriber keys). On loopback a gateway
without its secret is served open, with a warning.
"""

from __future__ import annotations

from core.store import Store
from locales import Message
from server.app import paths_of
from server.settings import ENV_PREFIX, Gateway, Settings

__all__ = ["refusals", "warnings"]


def _setting(name: str) -> str:
    """How a setting is given: its variable and its flag."""
    return f"{ENV_PREFIX}{name.upper()} (--{name.replace('_', '-')})"


def _params(gateway: type[Gateway], name: str) -> dict[str, object]:
    return {"routes": ", ".join(paths_of(gateway)), "setting": _setting(name),
            "switch": f"--no-{gateway.SWITCH.replace('_', '-')}"}


async def refusals(settings: Settings, keys: Store) -> list[Message]:
    """Why ``serve`` must not start with these settings (empty: it may)."""
    if settings.open_loopback:
        return []
    found = []
    for gateway in settings.served():
        for name in settings.lacking(gateway):
            if name == "api_token":
                if await keys.api_keys() or await keys.subscribers():  # keys guard the API
                    continue
                found.append(Message("serve.refused_api", {
                    "host": settings.host, **_params(gateway, name)}))
            else:
                kind = "serve.refused" if name == gateway.SECRET else "serve.refused_needs"
                found.append(Message(kind, {"host": settings.host, **_params(gateway, name)}))
    return found


def warnings(settings: Settings) -> list[Message]:
    """On loopback: the gateways served open, their secret unset."""
    if not settings.open_loopback:
        return []
    return [Message("serve.open", _params(gateway, gateway.SECRET))
            for gateway in settings.served() if getattr(settings, gateway.SECRET) is None]
