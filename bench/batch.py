"""A batch file through real servers: ``python bench/batch.py [--quick] [--pg DSN] [--no-pg]``.

The file is a payroll secretariat's: 100 employers, a worker a day each, half
of them horeca occasional workers (EXT in 302, with their company's quotas),
half ordinary staff (OTH in XXX); 100,000 lines (10,000 with ``--quick``), CSV.
It is sent to ``POST /api/v1/batches`` of real ``serve`` processes; measured:

* ``acknowledged``: until the 202 (the file read, validated and stored);
* ``processed``: from the 202 until every line is done (judged, written,
  notified), polling ``GET /api/v1/batches/{ticket}`` every 50 ms;
* ``read``: every notification read back as JSON lines (in French);
* ``total``: the three;
* the servers' CPU time, PostgreSQL's, the rest of the machine's meanwhile (in
  CPUs: other people's work), and each server's peak resident memory.

Runs: SQLite with one process; PostgreSQL with one, then two processes (the
file sent to the first; both process it). Memory against the file's size: the
same on SQLite with a file 5 times smaller (``memory_small``) and, without
``--quick``, twice as large (``memory_large``). Prints one JSON
line; ``bench/run.py`` writes it into ``docs/benchmarks.md``. Not a test:
nothing asserts a figure.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import run
import workload
from core_alone import EMPLOYERS, line

COLUMNS = ("kind", "enterpriseNumber", "ssin", "jointCommissionNumber", "workerType",
           "startDate", "endDate", "startHour", "endHour")


def csv_lines(count: int) -> Iterator[bytes]:
    """The file, in pieces: the same lines as bench/core_alone.py's batch."""
    workers = max(1, count // 10)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n in range(count):
        req = line(n, workers)
        writer.writerow(["IN", req.employer_enterprise, req.ssin, req.committee,
                         req.worker_type, req.start_date, req.end_date,
                         req.start_hour.strftime("%H%M") if req.start_hour else "",
                         req.end_hour.strftime("%H%M") if req.end_hour else ""])
        if n % 5000 == 4999:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()


async def prepare(location: str, lines: int) -> None:
    """The registries: the demo's, the file's employers and its workers."""
    from core.demo import load_demo
    from core.model import Employer, Identity
    from core.store import open_store

    store = await open_store(location)
    try:
        await load_demo(store)
        await store.put_identities(Identity("Bench", f"W{n}", None, workload.niss(n))
                                   for n in range(max(1, lines // 10)))
        await store.put_employers(Employer(0, f"Bench {n}", workload.employer(n), None, "fr")
                                  for n in range(EMPLOYERS))
    finally:
        await store.close()


def _serve(db: str, port: int) -> list[str]:
    return [sys.executable, "-m", "server.cli", "serve", "--db", db, "--host", "127.0.0.1",
            "--port", str(port)]


def _peak_rss(pid: int) -> int:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) * 1024
    return 0


def _request(method: str, url: str, data: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            return int(resp.status), bytes(resp.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())


async def _backends(location: str, name: str) -> list[int]:
    """The PostgreSQL backends of our servers (by their application_name)."""
    import asyncpg

    conn = await asyncpg.connect(location.split("?")[0])
    try:
        found = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE application_name = $1",
                                 name)
        return [int(r[0]) for r in found]
    finally:
        await conn.close()


def measure(location: str, lines: int, procs: int) -> dict[str, Any]:
    """One file through ``procs`` servers on ``location``: times, CPU, memory.

    PostgreSQL's CPU is that of our servers' backends only (named by their
    application_name): other people's databases run on the same server."""
    asyncio.run(prepare(location, lines))
    ports = [run.free_port() for _ in range(procs)]
    body = b"".join(csv_lines(lines))
    name = f"dimona-bench-{time.time_ns()}"
    pg = location.startswith("postgresql")
    if pg:
        location += f"&application_name={name}"
    with run.servers([_serve(location, p) for p in ports], ports) as pids:
        base = f"http://127.0.0.1:{ports[0]}/api/v1/batches"
        backends = {b: run.cpu_seconds([b]) for b in
                    (asyncio.run(_backends(location, name)) if pg else [])}
        before = (run.cpu_seconds(pids), 0.0, run.machine_cpu())
        rss_before = [_peak_rss(pid) for pid in pids]
        start = time.perf_counter()
        status, doc = _request("POST", base, body, {"Content-Type": "text/csv"})
        acknowledged = time.perf_counter()
        if status != 202:
            raise RuntimeError(f"batch refused: {status} {doc[:500]!r}")
        ticket = json.loads(doc)["ticket"]
        while True:
            state = json.loads(_request("GET", f"{base}/{ticket}")[1])
            if state["status"] == "done":
                break
            time.sleep(0.05)
        processed = time.perf_counter()
        status, notes = _request("GET", f"{base}/{ticket}/notifications",
                                 headers={"Accept-Language": "fr"})
        read = time.perf_counter()
        ours = asyncio.run(_backends(location, name)) if pg else []
        postgres = sum(run.cpu_seconds([b]) - backends.get(b, 0.0) for b in ours)
        after = (run.cpu_seconds(pids), postgres, run.machine_cpu())
        peaks = [_peak_rss(pid) for pid in pids]
    results = Counter(json.loads(n)["result"] for n in notes.splitlines())
    wall = read - start
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return {
        "lines": lines, "processes": procs, "file_bytes": len(body),
        "acknowledged_s": round(acknowledged - start, 2),
        "processed_s": round(processed - acknowledged, 2),
        "read_s": round(read - processed, 2), "total_s": round(wall, 2),
        "lines_per_second": round(lines / (processed - start)),
        "notifications": sum(results.values()), "results": dict(results),
        "counts": state["counts"], "cpu_servers_s": round(spent[0], 2),
        "cpu_postgres_s": round(max(0.0, spent[1]), 2),
        "cpu_others": round(max(0.0, spent[2] - spent[0] - spent[1]) / wall, 2),  # in CPUs
        "peak_rss_mib": [round(p / 2**20, 1) for p in peaks],
        "rss_before_mib": [round(p / 2**20, 1) for p in rss_before],
    }


def main(quick: bool, pg: str | None) -> dict[str, Any]:
    lines = 10_000 if quick else 100_000
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dimona-batch-") as tmp:
        out["sqlite"] = measure(str(Path(tmp) / "batch.db"), lines, 1)
        print(json.dumps({"sqlite": out["sqlite"]}), file=sys.stderr, flush=True)
    for key, size in (("memory_small", lines // 5), ("memory_large", lines * 2)):
        if quick and key == "memory_large":
            continue
        with tempfile.TemporaryDirectory(prefix="dimona-batch-") as tmp:
            out[key] = measure(str(Path(tmp) / "memory.db"), size, 1)
    if pg:
        for procs in (1, 2):
            with run.pg_schema(pg) as location:
                out[f"postgresql_{procs}"] = measure(location, lines, procs)
                print(json.dumps({procs: out[f"postgresql_{procs}"]}), file=sys.stderr,
                      flush=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pg", default=run.DEFAULT_PG)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    print(json.dumps(main(args.quick, None if args.no_pg else args.pg)), flush=True)
