"""Importing a channel loads what it needs, not the world.

Each import runs in a fresh interpreter; what it may not load is listed per module.
The dialog engine, the rules and the store implementations are the server's to
load (``server.app`` composes them); a gateway package is handed them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = ("dialogs.engine", "dialogs.flows", "dialogs.session", "transitions")
#: Understanding words is the dialog's: a gateway passes text on and never reads it.
UNDERSTAND = ("dialogs.understand", "rapidfuzz", "text_to_num")
STORES = ("core.store.sqlite", "core.store.postgres", "asyncpg")
RULES = ("core.rules", "core.service")

FORBIDDEN = {
    "channels.common.webhooks": ("dialogs", "core", "channels.sms", "channels.voice",
                                 "channels.rest", "server"),
    "channels.common.deliveries": ("dialogs", *RULES, *STORES, "server"),
    # the rights layer: any channel may use it, it knows no channel, rule or store engine
    "channels.common.principals": ("dialogs", *RULES, *STORES, "channels.sms",
                                   "channels.voice", "channels.rest", "server"),
    "channels.sms": (*ENGINE, *UNDERSTAND, *RULES, *STORES, "channels.voice", "channels.rest",
                     "server"),
    "channels.voice": (*ENGINE, *UNDERSTAND, *RULES, *STORES, "channels.sms", "channels.rest",
                       "server"),
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


def _imports(package: str) -> dict[str, set[str]]:
    """Every module of ``package`` -> the modules of it that it imports, anywhere in its code
    (top level, functions, ``TYPE_CHECKING`` blocks): a circle hidden in a function is one."""
    root = Path(__file__).resolve().parents[1]
    files = {}
    for path in (root / package).rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                subs = {f"{node.module}.{alias.name}" for alias in node.names} & files.keys()
                found = subs | ({node.module} if len(subs) < len(node.names) else set())
            else:
                continue
            graph[name] |= (found & files.keys()) - {name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module."""
    found: list[list[str]] = []
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        order[name] = low[name] = len(order)
        stack.append(name)
        for other in sorted(graph[name]):
            if other not in order:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], order[other])
        if low[name] == order[name]:
            group = stack[stack.index(name):]
            del stack[stack.index(name):]
            if len(group) > 1:
                found.append(sorted(group))

    for name in sorted(graph):
        if name not in order:
            visit(name)
    return found


def test_no_import_circle_in_dialogs() -> None:
    assert _circles(_imports("dialogs")) == []


def test_a_circle_is_seen() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
