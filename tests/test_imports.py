"""Importing a channel loads what it needs, not the world.

Each import runs in a fresh interpreter; what it may not load is listed per module.
The dialog engine, the rules and the store implementations are the server's to
load (``server.app`` composes them); a gateway package is handed them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ENGINE = ("dialogs.engine", "dialogs.flows", "dialogs.session", "transitions")
STORES = ("core.store.sqlite", "core.store.postgres", "asyncpg")
RULES = ("core.rules", "core.service")

FORBIDDEN = {
    "channels.common.webhooks": ("dialogs", "core", "channels.sms", "channels.voice",
                                 "channels.rest", "server"),
    "channels.common.deliveries": ("dialogs", *RULES, *STORES, "server"),
    # the rights layer: any channel may use it, it knows no channel, rule or store engine
    "channels.common.principals": ("dialogs", *RULES, *STORES, "channels.sms",
                                   "channels.voice", "channels.rest", "server"),
    "channels.sms": (*ENGINE, *RULES, *STORES, "channels.voice", "channels.rest", "server"),
    "channels.voice": (*ENGINE, *RULES, *STORES, "channels.sms", "channels.rest", "server"),
    "channels.rest": (*ENGINE, *STORES, "dialogs", "channels.sms", "channels.voice", "server"),
    "core.store": (*STORES, "dialogs", "channels", "server"),
    "core.feed": (*STORES, "dialogs", "channels", "server", "core.rules"),
    "channels.feed": (*ENGINE, *RULES, *STORES, "dialogs", "channels.sms", "channels.voice",
                      "channels.rest", "server"),
}


def _loaded(module: str) -> list[str]:
    code = f"import sys, json; import {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return list(json.loads(done.stdout))


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_a_module_loads_only_what_it_needs(module: str) -> None:
    loaded = _loaded(module)
    assert module in loaded
    unwanted = [name for name in loaded
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[module])]
    assert unwanted == []


def test_the_server_loads_everything() -> None:
    """The check above could not fail if the names were wrong: the server loads them all."""
    loaded = _loaded("server.app")
    for names in FORBIDDEN.values():
        for name in names:
            if name not in ("core.store.sqlite", "core.store.postgres", "asyncpg"):
                assert name in loaded, name
