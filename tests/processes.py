"""Real ``dimona-talk`` processes for the tests: commands run to the end, servers started.

``DIMONA_NOW`` fixes every process's clock; no ``DIMONA_*`` variable of the
test run leaks into them. A server's output goes to a log file, printed when a
test fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import aiohttp

__all__ = ["NOW", "ROOT", "START_TIMEOUT", "Server", "cli", "env", "free_port", "run", "run_json"]

ROOT: Final = Path(__file__).resolve().parent.parent
NOW: Final = "2026-12-01T09:30:00+01:00"
START_TIMEOUT: Final = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env(**variables: str) -> dict[str, str]:
    """The environment of a process; ``variables`` on top (``DIMONA_NOW=""``: the wall
    clock, an empty variable being an unset one)."""
    found = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    found["DIMONA_NOW"] = NOW
    found["PYTHONPATH"] = str(ROOT)
    found.update(variables)
    return found


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "server.cli", *args]


async def run(*args: str, check: bool = True, **variables: str
              ) -> subprocess.CompletedProcess[str]:
    """``dimona-talk ARGS`` to its end, in a thread (the event loop keeps serving)."""
    done = await asyncio.to_thread(subprocess.run, cli(*args), cwd=ROOT, env=env(**variables),
                                   capture_output=True, text=True, timeout=60, check=False)
    if check:
        assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done


async def run_json(*args: str) -> Any:
    return json.loads((await run(*args)).stdout)


class Server:
    """One ``dimona-talk serve`` on a free port, asked for on 127.0.0.1 (``host``: the
    address it listens on; ``variables``: its environment on top of :func:`env`)."""

    def __init__(self, db: str, logs: Path, *flags: str, name: str = "server",
                 host: str = "127.0.0.1", variables: dict[str, str] | None = None) -> None:
        self.db, self.flags, self.host = db, flags, host
        self.variables = variables or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logs / f"{name}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cli("serve", "--db", self.db, "--host", self.host, "--port", str(self.port),
                    *self.flags), cwd=ROOT, env=env(**self.variables), stdout=out,
                stderr=subprocess.STDOUT)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def output(self) -> str:
        return f"--- {self.log.name}\n{self.log.read_text(errors='replace')}" \
            if self.log.exists() else ""

    async def ready(self, session: aiohttp.ClientSession) -> None:
        assert self.proc is not None
        async with asyncio.timeout(START_TIMEOUT):
            while True:
                assert self.proc.poll() is None, f"server exited\n{self.output()}"
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{self.url}/health") as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.05)

    def kill(self) -> None:
        """``kill -9``: no cleanup, no lease given back."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
