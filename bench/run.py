"""dimona-talk benchmarks, in one go: ``python bench/run.py [--quick] [--pg DSN] [--out FILE]``.

1. the ceiling: a bare aiohttp handler that checks a Twilio signature and
   returns TwiML (``bench/ceiling.py``), on 1 and 2 processes;
2. full SMS conversations through ``/sms/twilio``, signed, N phones in
   parallel, each completing IN declarations: SQLite (1 process), PostgreSQL
   (1 and 2 processes, turns alternating between them);
3. voice turns through ``/voice/twilio`` when the route exists;
   SMS (SQLite, PostgreSQL with 1 process) and voice also in an *open loop*
   (section ``open``): arrivals at a fixed rate, half of the closed-loop maximum
   of the same run (``--open-fraction``) or ``--rate``, latency counted from when
   each request was due (``bench/load.py``); ``--open-loop`` runs only these;
4. the core alone: declarations judged per second, and a batch of 100,000
   declarations checked and stored through the service (``bench/core_alone.py``),
   one by one and through the bulk path;
5. memory per open conversation with 100,000 open conversations;
6. a 100,000-line batch file through ``/api/v1/batches`` of real servers
   (``bench/batch.py``): SQLite, PostgreSQL with 1 and 2 processes.

Servers are real ``python -m server.cli serve`` processes; the load comes from
``bench/load.py`` in its own process. Results are printed and written to
``docs/benchmarks.md`` (with the machine description). Figures on a 2-core
machine where the client, the servers and PostgreSQL share the CPUs are noisy
(± 7 %): compare only figures from one run. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import workload
from workload import NOW, TOKEN, TURNS_PER_CONVERSATION, Plan

DEFAULT_PG = os.environ.get("DIMONA_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
TARGETS = {"ratio": 0.70, "p99_ms": 10.0, "core": 20_000, "memory": 8 * 1024, "scale": 1.6}


# -- processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(root: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    env.update(DIMONA_NOW=NOW, PYTHONPATH=str(root or ROOT), PYTHONWARNINGS="ignore")
    return env


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def servers(commands: list[list[str]], ports: list[int], *, cwd: Path | None = None,
            root: Path | None = None) -> Iterator[list[int]]:
    """Start one process per command (in ``cwd``, importing from ``root``; this tree by
    default), wait until each answers /health, stop them after."""
    import tempfile

    with contextlib.ExitStack() as stack:
        # their log lines (one JSON line per request) go to files: a pipe nobody reads
        # fills up and blocks the server in the middle of a run
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        yield from _started(commands, ports, logs, cwd, root)


def _started(commands: list[list[str]], ports: list[int], logs: Sequence[IO[bytes]],
             cwd: Path | None, root: Path | None) -> Iterator[list[int]]:
    procs = [subprocess.Popen(cmd, cwd=cwd or ROOT, env=env_for(root), stdout=subprocess.DEVNULL,
                              stderr=log) for cmd, log in zip(commands, logs, strict=True)]
    try:
        deadline = time.monotonic() + 30
        for proc, port, log in zip(procs, ports, logs, strict=True):
            while not _healthy(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    err = log.read().decode(errors="replace")
                    raise RuntimeError(f"server on {port} did not start:\n{err[-2000:]}")
                time.sleep(0.05)
        yield [p.pid for p in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int] | None = None, comm: str | None = None) -> float:
    """User + system CPU time of the processes ``pids`` (or every process named ``comm``)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or (pids is not None and int(entry.name) not in pids):
            continue
        with contextlib.suppress(OSError):
            raw = (entry / "stat").read_text()
            name, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:]
            if comm is None or name == comm:
                fields = rest.split()
                total += int(fields[11]) + int(fields[12])
    return total / _TICKS


def machine_cpu() -> float:
    """CPU seconds every process on the machine spent (busy time of all CPUs)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / _TICKS


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def serve(db: str, port: int) -> list[str]:
    return [sys.executable, "-m", "server.cli", "serve", "--db", db, "--host", "127.0.0.1",
            "--port", str(port), "--twilio-auth-token", TOKEN, "--sms-rate", "1000000"]


def load(plan: Plan, pids: list[int], *, ceiling: bool = False,
         turns: int = TURNS_PER_CONVERSATION) -> dict[str, Any]:
    """Run the load generator; its figures plus the CPU time each party spent per request."""
    args = [sys.executable, str(BENCH / "load.py"), plan.to_json()]
    before = (cpu_seconds(pids), cpu_seconds(comm="postgres"), children_cpu(), machine_cpu(),
              time.monotonic())
    out = subprocess.run(args + (["ceiling"] if ceiling else []), cwd=ROOT, env=env_for(),
                         capture_output=True, text=True, timeout=900, check=False)
    after = (cpu_seconds(pids), cpu_seconds(comm="postgres"), children_cpu(), machine_cpu(),
             time.monotonic())
    if out.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{out.stderr[-2000:]}")
    result = dict(json.loads(out.stdout.strip().splitlines()[-1]))
    total = plan.users * (plan.conversations + plan.warmup) * turns
    spent = [b - a for a, b in zip(before, after, strict=True)]
    for name, seconds in zip(("server", "postgres", "client"), spent, strict=False):
        result[f"cpu_{name}_us"] = seconds / total * 1e6  # warm-up included: whole-run CPU
    # what the rest of the machine (other people's work) used meanwhile, in CPUs
    result["cpu_others"] = max(0.0, spent[3] - sum(spent[:3])) / spent[4]
    return result


# -- stores ---------------------------------------------------------------------------


def with_search_path(dsn: str, schema: str) -> str:
    parts = urlsplit(dsn)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("search_path", schema)])))


async def _admin(dsn: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def apg_schema(dsn: str) -> AsyncIterator[str]:
    """A fresh schema for one measurement (the DSN that works in it), dropped afterwards."""
    name = f"dimona_bench_{uuid.uuid4().hex[:12]}"
    await _admin(dsn, f'CREATE SCHEMA "{name}"')
    try:
        yield with_search_path(dsn, name)
    finally:
        await _admin(dsn, f'DROP SCHEMA "{name}" CASCADE')


@contextlib.contextmanager
def pg_schema(dsn: str) -> Iterator[str]:
    """:func:`apg_schema` outside an event loop."""
    name = f"dimona_bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(dsn, f'CREATE SCHEMA "{name}"'))
    try:
        yield with_search_path(dsn, name)
    finally:
        asyncio.run(_admin(dsn, f'DROP SCHEMA "{name}" CASCADE'))


async def _prepare(location: str, workers: int, phones: int) -> None:
    """Demo registries, the synthetic workers, and each phone enrolled for its employer."""
    await prepare(location, workers, phones, None)


async def prepare(location: str, workers: int, phones: int, pin: str | None) -> None:
    from core.demo import load_demo
    from core.model import Employer, Identity
    from core.store import open_store

    store = await open_store(location)
    try:
        await load_demo(store)
        await store.put_identities(Identity("Bench", f"W{n}", None, workload.niss(n))
                                   for n in range(workers))
        await store.put_employers(Employer(0, f"Bench {n}", workload.employer(n), None, "fr")
                                  for n in range(phones))
        for n in range(phones):
            employer = await store.find_employer(workload.employer(n))
            assert employer is not None
            await store.enroll_phone(workload.phone(n), employer.employer_id, "fr", pin)
    finally:
        await store.close()


async def _count_periods(location: str, phones: int) -> int:
    from core.store import open_store

    store = await open_store(location)
    try:
        count = 0
        for n in range(phones):
            employer = await store.find_employer(workload.employer(n))
            assert employer is not None
            count += len(await store.periods(employer.employer_id, None))
        return count
    finally:
        await store.close()


# -- results --------------------------------------------------------------------------


@dataclass
class Report:
    quick: bool
    machine: dict[str, str]
    users: int = 64
    turns_sms: int = TURNS_PER_CONVERSATION
    turns_voice: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    core: dict[str, Any] = field(default_factory=dict)
    batch: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, result: dict[str, Any], **extra: Any) -> dict[str, Any]:
        row = {"name": name, **result, **extra}
        self.rows.append(row)
        print(f"  {name}: {_fmt_row(row)}", flush=True)
        return row

    def row(self, name: str) -> dict[str, Any] | None:
        return next((r for r in self.rows if r["name"] == name), None)


def _fmt_row(row: dict[str, Any]) -> str:
    text = (f"{row['per_second']:,.0f} req/s, p50 {row['p50_ms']:.1f} ms, "
            f"p95 {row['p95_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms")
    if row.get("declarations_per_second"):
        text += f", {row['declarations_per_second']:,.0f} declarations/s"
    text += f"; CPU per request: server {row['cpu_server_us']:.0f} us"
    if row.get("cpu_postgres_us", 0) > 1:
        text += f", postgres {row['cpu_postgres_us']:.0f} us"
    text += f", client {row['cpu_client_us']:.0f} us; others {row['cpu_others']:.2f} CPU"
    if row.get("rate"):
        text += (f"; open loop: arrivals {row['arrivals_per_second']:,.0f}/s, timer lag p99 "
                 f"{row['lag_p99_ms']:.1f} ms")
    if row.get("errors"):
        text += f", {row['errors']} errors ({row['first_errors'][:1]})"
    return text


def machine(pg: str | None) -> dict[str, str]:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    info = {"cpus (nproc)": str(os.cpu_count()), "cpu model": model, "memory": mem,
            "os": platform.platform(), "python": platform.python_version()}
    for package in ("aiohttp", "asyncpg", "twilio", "transitions"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            info[package] = metadata.version(package)
    if pg:
        with contextlib.suppress(Exception):
            import asyncpg

            async def version() -> str:
                conn = await asyncpg.connect(pg)
                try:
                    return str(await conn.fetchval("SHOW server_version"))
                finally:
                    await conn.close()

            info["postgresql"] = asyncio.run(version())
    return info


# -- the measurements -----------------------------------------------------------------


def measure_ceiling(report: Report, users: int, conversations: int) -> None:
    for procs in (1, 2):
        ports = [free_port() for _ in range(procs)]
        cmds = [[sys.executable, str(BENCH / "ceiling.py"), str(p)] for p in ports]
        with servers(cmds, ports) as pids:
            plan = Plan(tuple(ports), users, conversations, run="c")
            report.add(f"ceiling, {procs} process{'es' if procs > 1 else ''}",
                       load(plan, pids, ceiling=True), kind="ceiling", processes=procs)


def measure_sms(report: Report, store: str, procs: int, location: str, users: int,
                conversations: int, rate: float = 0.0, **extra: Any) -> dict[str, Any]:
    """Full SMS conversations: a closed loop, or an open one offering ``rate`` turns/s."""
    plan = Plan(tuple(free_port() for _ in range(procs)), users, conversations,
                run=uuid.uuid4().hex[:6], rate=rate)
    asyncio.run(_prepare(location, plan.workers, users))
    with servers([serve(location, p) for p in plan.ports], list(plan.ports)) as pids:
        result = load(plan, pids)
    declared = asyncio.run(_count_periods(location, users))
    measured = users * conversations
    result["declarations_per_second"] = measured / result["seconds"]
    label = f"SMS {store}, {procs} process{'es' if procs > 1 else ''}"
    if users != report.users:
        label += f", {users} conversations at once"
    if rate:
        label += f", open loop at {rate:,.0f} turns/s"
    row = report.add(label, result,
                     kind="sms", store=store, processes=procs, declarations=declared,
                     expected_declarations=users * (conversations + plan.warmup),
                     loop="open" if rate else "closed", **extra)
    if declared != row["expected_declarations"]:
        report.notes.append(f"{row['name']}: {declared} declarations stored, "
                            f"{row['expected_declarations']} expected")
    return row


def measure_open(report: Report, row: dict[str, Any], location: str, users: int,
                 conversations: int, rate: float) -> None:
    """The SMS conversations of ``row`` again, in an open loop offering ``rate`` turns/s."""
    measure_sms(report, row["store"], row["processes"], location, users, conversations, rate,
                closed=row["per_second"])


def _in_process(report: Report, script: str, args: list[str], what: str) -> dict[str, Any]:
    """Run a benchmark script in a process of its own; the JSON of its last line."""
    out = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, env=env_for(),
                         capture_output=True, text=True, timeout=1800, check=False)
    if out.returncode != 0:
        report.notes.append(f"{what} benchmark failed: {out.stderr[-1500:]}")
        print(out.stderr[-3000:], file=sys.stderr)
        return {}
    found: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    for key, value in found.items():
        print(f"  {key}: {value}", flush=True)
    return found


def measure_core(report: Report, quick: bool, pg: str | None) -> None:
    args = (["--quick"] if quick else []) + (["--pg", pg] if pg else [])
    report.core = _in_process(report, "core_alone.py", args, "core")


def measure_batch(report: Report, quick: bool, pg: str | None) -> None:
    """A batch file through real servers (bench/batch.py)."""
    args = (["--quick"] if quick else []) + (["--pg", pg] if pg else ["--no-pg"])
    report.batch = _in_process(report, "batch.py", args, "batch")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer conversations, 10x smaller batches")
    parser.add_argument("--pg", default=DEFAULT_PG,
                        help="PostgreSQL DSN (a schema is made per run)")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--users", type=int, default=64, help="phones talking at once")
    parser.add_argument("--only", default="ceiling,sms,voice,open,core,batch",
                        help="sections to run (open: the open-loop rows of sms and voice)")
    parser.add_argument("--open-loop", action="store_true",
                        help="only SMS and voice, closed and open loop (--only sms,voice,open)")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="open loop: offer this many turns/s (default: a fraction of the "
                             "closed-loop maximum of the same run)")
    parser.add_argument("--open-fraction", type=float, default=0.5,
                        help="open loop: the fraction of the closed-loop maximum offered")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--write", action="store_true", help="write --out even with --only")
    args = parser.parse_args()
    pg = None if args.no_pg else args.pg
    only = {"sms", "voice", "open"} if args.open_loop else set(args.only.split(","))

    def open_rate(row: dict[str, Any]) -> float:
        return float(args.rate or row["per_second"] * args.open_fraction)

    conversations = 4 if args.quick else 20
    import voice

    report = Report(args.quick, machine(pg), args.users, turns_voice=voice.TURNS_PER_CALL)
    print(json.dumps(report.machine, indent=1), flush=True)
    started = time.monotonic()
    if "ceiling" in only:
        print("ceiling", flush=True)
        measure_ceiling(report, args.users, conversations)
    if "sms" in only:
        print("full SMS conversations", flush=True)
        with temporary_folder() as tmp:
            row = measure_sms(report, "SQLite", 1, str(tmp / "bench.db"), args.users,
                              conversations)
        if "open" in only:  # the latency of a turn at a rate the service keeps up with
            with temporary_folder() as tmp:
                measure_open(report, row, str(tmp / "bench.db"), args.users, conversations,
                             open_rate(row))
        with temporary_folder() as tmp:  # the latency of a turn when nothing queues in front of it
            measure_sms(report, "SQLite", 1, str(tmp / "bench.db"), 4, conversations * 2)
        if pg:
            for procs in (1, 2):
                with pg_schema(pg) as location:
                    row = measure_sms(report, "PostgreSQL", procs, location, args.users,
                                      conversations)
                if "open" in only and procs == 1:
                    with pg_schema(pg) as location:
                        measure_open(report, row, location, args.users, conversations,
                                     open_rate(row))
    if "voice" in only:
        print("voice", flush=True)
        voice.measure(report, pg, args.users, args.quick,
                      open_rate if "open" in only else None)
    if "core" in only:
        print("core alone, memory", flush=True)
        measure_core(report, args.quick, pg)
    if "batch" in only:
        print("batch files through servers", flush=True)
        measure_batch(report, args.quick, pg)
    report.notes.append(f"whole run: {time.monotonic() - started:.0f} s")
    if (args.only == parser.get_default("only") and not args.open_loop) or args.write:
        import render

        args.out.write_text(render.markdown(report, args.out), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


@contextlib.contextmanager
def temporary_folder() -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dimona-bench-") as name:
        yield Path(name)


if __name__ == "__main__":
    sys.exit(main())
