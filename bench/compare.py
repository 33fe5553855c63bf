"""The server's CPU per SMS turn of two revisions under the same load.

``python bench/compare.py [--old REV] [--new REV ...] [--rounds N]``: each revision is
checked out with ``git worktree add --detach`` under /tmp (``.`` is this working
tree as it is, uncommitted changes included) and started as that revision's own
``bench/run.py`` starts its server (the command line moved from
``channels.cli`` to ``server.cli`` with the layout of issue 11), on a fresh SQLite
store prepared by that revision's own code. The load is the same for both: this
tree's ``bench/load.py`` client and ``bench/workload.py`` conversations. The
server's CPU is read from /proc/<pid>/stat (user + system) around the load and
divided by the turns sent, warm-up included.

Rounds alternate the revisions (old, new, then new, old, ...) so that a neighbour's
work on this shared machine weighs on both alike; the table gives each round and
the median. ``others``: how many CPUs the rest of the machine kept busy during the
load (above ~0.1, that round's figures are depressed by someone else's work).
Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import run
from workload import Plan

DEFAULT_OLD = "0968065"  # main before the layout of issue 11 (a83f13b) landed

# run in the revision's tree: its own preparation of the store and its own serve command
_PREPARE = """
import asyncio, json, sys
sys.path[:0] = ["bench", "."]
import core, run
location, workers, phones, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
asyncio.run(run._prepare(location, workers, phones))
print(json.dumps({"serve": run.serve(location, port), "core": core.__file__}))
"""


def checkout(rev: str) -> tuple[str, Path]:
    """The revision's short hash and a tree of it (this tree itself for ``.``)."""
    if rev == ".":
        return "working tree", run.ROOT
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=run.ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = Path(f"/tmp/dimona-compare-{sha}")
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=run.ROOT,
                       check=True, capture_output=True)
    return sha, tree


def measure(tree: Path, users: int, conversations: int) -> dict[str, Any]:
    """One round for one revision: a fresh store, its server, the load; the figures."""
    plan = Plan((run.free_port(),), users, conversations, run=uuid.uuid4().hex[:6])
    with run.temporary_folder() as tmp:
        location = str(tmp / "compare.db")
        out = subprocess.run([sys.executable, "-c", _PREPARE, location, str(plan.workers),
                              str(users), str(plan.ports[0])], cwd=tree, env=run.env_for(tree),
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"preparing {tree} failed:\n{out.stderr[-2000:]}")
        prepared = json.loads(out.stdout.strip().splitlines()[-1])
        if not str(prepared["core"]).startswith(str(tree)):
            raise RuntimeError(f"{tree} imported its code from {prepared['core']}")
        with run.servers([prepared["serve"]], list(plan.ports), cwd=tree, root=tree) as pids:
            return run.load(plan, pids)


def _row(name: str, results: list[dict[str, Any]]) -> str:
    cpu = [r["cpu_server_us"] for r in results]
    rounds = ", ".join(f"{r['cpu_server_us']:.0f} ({r['cpu_others']:.2f})" for r in results)
    errors = sum(r["errors"] for r in results)
    return (f"| {name} | {statistics.median(cpu):.0f} | {min(cpu):.0f} | "
            f"{statistics.median(r['per_second'] for r in results):,.0f} | "
            f"{statistics.median(r['p50_ms'] for r in results):.1f} | {rounds} | {errors} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", default=DEFAULT_OLD, help="revision to compare against")
    parser.add_argument("--new", nargs="+", default=["."],
                        help="revisions measured against it ('.': this tree)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of each revision")
    parser.add_argument("--users", type=int, default=16, help="conversations at once")
    parser.add_argument("--conversations", type=int, default=8, help="per user, measured")
    args = parser.parse_args()
    revisions = [checkout(rev) for rev in (args.old, *args.new)]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in revisions}
    for number in range(args.rounds):
        order = revisions if number % 2 == 0 else revisions[::-1]
        for name, tree in order:
            result = measure(tree, args.users, args.conversations)
            results[name].append(result)
            print(f"round {number + 1}, {name}: server {result['cpu_server_us']:.0f} us/turn, "
                  f"{result['per_second']:,.0f} turns/s, others {result['cpu_others']:.2f} "
                  f"CPU, {result['errors']} errors", flush=True)
    print(f"\nSMS turns, SQLite, 1 process, {args.users} conversations at once, "
          f"{args.conversations + 1} each (1 warm-up), {args.rounds} rounds\n")
    print("| revision | server CPU µs/turn, median | best | turns/s, median | p50 ms, median "
          "| each round: µs (others, CPUs) | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, _ in revisions:
        print(_row(name, results[name]))
    old = statistics.median(r["cpu_server_us"] for r in results[revisions[0][0]])
    print()
    for name, _ in revisions[1:]:
        new = statistics.median(r["cpu_server_us"] for r in results[name])
        print(f"{name} / {revisions[0][0]}: {new / old:.2f} x the server CPU per turn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
