"""Who holds a claim, and whether it is still alive: the SQLite store's owners.

A claim (a webhook delivery being answered, a conversation held) is written with
its owner, the process that made it: ``host:pid:start`` (the host's name, the
process id and its start time from ``/proc``, so a pid the system gave again to
another process is not mistaken for the first). A claim whose owner died is taken
over at once by whoever needs it: the operating system says whether the process
lives. SQLite lives on one machine (its file locks do not work across a network
file system), so every owner of one file is a process of this host; an owner of
another host is taken as alive (never taken over).

PostgreSQL's processes may run on many hosts: there the owner is a session
advisory lock held by the process's own connection (:mod:`core.store.postgres`),
which dies with it.

>>> me = process_owner()
>>> alive(me), alive(f"{socket.gethostname()}:999999999:1"), alive("elsewhere:1:1")
(True, False, True)
>>> alive(me + "/hold-1"), alive(None)
(True, False)
"""

from __future__ import annotations

import functools
import os
import socket
from pathlib import Path

__all__ = ["alive", "process_owner"]


def _started(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), None if it does not run;
    "" where the system has no ``/proc`` (the pid alone is then checked)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    # the name (field 2) is in parentheses and may hold spaces: count after it
    return stat.rsplit(")", 1)[-1].split()[19]


def _runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


@functools.cache
def process_owner() -> str:
    """This process, as an owner: ``host:pid:start``."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_started(pid) or ''}"


def alive(owner: str | None) -> bool:
    """Whether the process that wrote ``owner`` (``host:pid:start``, maybe followed by
    ``/`` and the claim's own id) still runs; None (nobody) is not alive."""
    if not owner:
        return False
    host, _, rest = owner.partition("/")[0].partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname():
        return True
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return start == (_started(pid) or "")
    started = _started(pid)
    if started is None:
        return False
    if started == "" or start == "":
        return _runs(pid)
    return started == start
