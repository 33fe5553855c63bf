"""A real ``dimona-talk serve`` process for tests, and the other commands run beside it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0  # generous: the machine is shared


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env(**variables: str) -> dict[str, str]:
    """The environment of a command: no DIMONA_* of ours, the repository importable."""
    found = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    found["PYTHONPATH"] = str(ROOT)
    found.update(variables)
    return found


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "server.cli", *args]


def run(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """A command to its end (``phones add``, ``api-keys add``, ``registry reject`` ...)."""
    return subprocess.run(command(*args), cwd=ROOT, env=env(**variables), capture_output=True,
                          text=True, timeout=60, check=False)


async def arun(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(run, *args, **variables)


class Serve:
    """One ``serve`` process: its URL on 127.0.0.1, its log, started and stopped."""

    def __init__(self, log: Path, *args: str, **variables: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                command("serve", "--port", str(self.port), *args), cwd=ROOT,
                env=env(**variables), stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    async def ready(self, session: aiohttp.ClientSession) -> None:
        async with asyncio.timeout(START_TIMEOUT):
            while True:
                assert self.proc.poll() is None, f"server exited\n{self.output()}"
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{self.url}/health") as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
