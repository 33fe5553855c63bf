"""docs/benchmarks.md: the latest figures between two markers; the rest of the file is kept."""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- bench:begin (written by bench/run.py) -->", "<!-- bench:end -->"
_HEAD = """# Benchmarks

`python bench/run.py` (add `--quick` for a two-minute run) measures everything
below in one go on the machine it runs on and rewrites the part of this file
between the two markers; what follows the end marker (analysis, before/after)
is written by hand and kept. Not tests: nothing asserts a figure.

"""


def _ok(good: bool | None) -> str:
    return "—" if good is None else ("met" if good else "**missed**")


def _n(value: float, digits: int = 0) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else (
        f"{value:,.{digits}f}")


_RUNS = (("sqlite", "SQLite, 1 process"), ("postgresql_1", "PostgreSQL, 1 process"),
         ("postgresql_2", "PostgreSQL, 2 processes"), ("memory_small", "SQLite, 1 process"),
         ("memory_large", "SQLite, 1 process"))


def _batch_targets(batch: dict[str, Any]) -> list[str]:
    out = []
    lite, two = batch.get("sqlite"), batch.get("postgresql_2")
    if lite:
        out.append(f"| batch: {lite['lines']:,} lines validated, stored and notified ≤ 20 s, "
                   f"SQLite | {lite['total_s']} s | {_ok(lite['total_s'] <= 20)} |")
    if lite and two:
        out.append(f"| batch: faster on PostgreSQL with 2 processes than on SQLite | "
                   f"{two['total_s']} s against {lite['total_s']} s | "
                   f"{_ok(two['total_s'] < lite['total_s'])} |")
    return out


def _batch_rows(report: Any) -> list[str]:
    if not report.batch:
        return []
    out = ["", "## Batch files through the servers", "",
           "`bench/batch.py`: a CSV file (100 employers, half horeca occasional workers, half "
           "ordinary staff) sent to `POST /api/v1/batches` of real `serve` processes. "
           "Acknowledged: until the 202 (read, validated, stored); processed: from the 202 "
           "until every line is done (judged, written, notified); read: every notification "
           "read back as JSON lines. CPU in seconds; PostgreSQL: our servers' backends only; "
           "others: CPUs the rest of the machine kept busy meanwhile.", "",
           "| run | lines | acknowledged s | processed s | read s | total s | lines/s "
           "| CPU servers s | CPU postgres s | others (CPUs) | peak memory MiB (at start) "
           "| results |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key, name in _RUNS:
        b = report.batch.get(key)
        if b:
            memory = ", ".join(f"{p} ({s})" for p, s in zip(b["peak_rss_mib"],
                                                           b["rss_before_mib"], strict=False))
            out.append(f"| {name} | {b['lines']:,} | {b['acknowledged_s']} | "
                       f"{b['processed_s']} | {b['read_s']} | {b['total_s']} | "
                       f"{_n(b['lines_per_second'])} | {b['cpu_servers_s']} | "
                       f"{b['cpu_postgres_s']} | {b['cpu_others']} | {memory} | "
                       f"{b['results']} |")
    return out


def _open_rows(rows: list[dict[str, Any]]) -> list[str]:
    """Each open-loop row beside the closed-loop row of the same run it took its rate from."""
    opened = [r for r in rows if r.get("loop") == "open"]
    if not opened:
        return []
    out = ["", "## Open loop: the latency of a turn below saturation", "",
           "The closed loop above keeps every user's next request waiting for the previous "
           "answer, so its p99 restates its throughput (Little's law). Here the same "
           "conversations arrive at a fixed rate, each user's requests a Poisson process, "
           "whatever the server does; a request due while its user's previous one waits is "
           "sent when that one is answered, and its latency counts from when it was due, so "
           "a slow answer is not hidden by the requests it held back (no coordinated "
           "omission). Offered: the rate asked (half the closed-loop maximum of this run "
           "unless `--rate` said otherwise); arrivals: the rate the random arrivals came at; "
           "timer lag: how late the client's own timer sent a request, at p99 (not counted "
           "in the latencies).", "",
           "| run | closed-loop max turns/s | offered turns/s | arrivals turns/s | p50 ms "
           "| p95 ms | p99 ms | closed loop p50 / p99 ms | timer lag p99 ms | CPU server "
           "| others (CPUs busy) | errors |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in opened:
        closed = next((c for c in rows if c.get("loop") == "closed"
                       and c.get("kind") == r.get("kind") and c.get("store") == r.get("store")
                       and c.get("processes") == r.get("processes")
                       and c["per_second"] == r.get("closed")), None)
        before = f"{closed['p50_ms']:.1f} / {closed['p99_ms']:.1f}" if closed else "—"
        out.append(
            f"| {r['name']} | {_n(r.get('closed', math.nan))} | {_n(r['rate'])} "
            f"| {_n(r.get('arrivals_per_second', math.nan))} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {before} | {r.get('lag_p99_ms', 0):.1f} "
            f"| {_n(r['cpu_server_us'])} | {r['cpu_others']:.2f} | {r['errors']} |")
    return out


def _core_rows(core: dict[str, Any], judge: dict[str, Any] | None) -> list[str]:
    if not core:
        return []
    out: list[str] = []
    out += ["", "## The core alone", "", "| measurement | figure |", "|---|---|"]
    if judge:
        out.append(f"| rules: normalize + judge, snapshot in memory | "
                   f"{_n(judge['per_second'])} declarations/s ({judge['declarations']:,}) |")
    for b, name in _per_store(core, "batch"):
        out.append(f"| batch of {b['lines']:,} declarations checked and stored one by "
                   f"one, {name}, {b['submitters']} submitter(s) | {_rate(b)} |")
    for b, name in _per_store(core, "bulk"):
        out.append(f"| the same through the bulk path ({b['chunk']} a unit), {name} | "
                   f"{_rate(b)} |")
    for m, name in _per_store(core, "memory"):
        out.append(f"| {m['conversations']:,} open conversations, {name} | "
                   f"process memory +{m['rss_growth_bytes'] / 2**20:.1f} MiB = "
                   f"{m['rss_bytes_per_conversation']:.0f} B each; stored "
                   f"{m['stored_bytes_per_conversation']:.0f} B each (record "
                   f"{m['record_bytes']} B); {_n(m['turns_per_second'])} opening "
                   f"turns/s through the engine |")
    return out


def _per_store(core: dict[str, Any], family: str) -> list[tuple[dict[str, Any], str]]:
    """The core's figures of one family (``batch``, ``bulk``, ``memory``) measured, with the
    store they were measured on: SQLite first, then PostgreSQL."""
    return [(core[f"{family}_{key}"], name)
            for key, name in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))
            if core.get(f"{family}_{key}")]


def _rate(b: dict[str, Any]) -> str:
    """A batch's rate, time and results, as its row ends."""
    return f"{_n(b['per_second'])} declarations/s ({b['seconds']} s; results {b['results']})"


def generated(report: Any) -> str:
    rows = report.rows
    ceiling1 = report.row("ceiling, 1 process")
    ceiling2 = report.row("ceiling, 2 processes")
    out = [BEGIN, "", f"Run of {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
           f"{' (--quick)' if report.quick else ''}.", "", "## Machine", "",
           "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in report.machine.items()]
    out += ["", "Client, servers and PostgreSQL share these CPUs; the client is "
            "`bench/load.py` (raw asyncio keep-alive connections, requests built and signed "
            "before the clock starts), one process, the same for the ceiling and the service. "
            "64 users = 64 conversations at once, one request in flight each.", ""]
    out += ["## Against the targets", "", "| target | measured | |", "|---|---|---|"]
    sms1 = [r for r in rows if r.get("kind") == "sms" and r["processes"] == 1
            and "at once" not in r["name"] and r.get("loop") != "open"]
    for r in sms1:
        ratio = r["per_second"] / ceiling1["per_second"] if ceiling1 else None
        out.append(f"| {r['name']}: turns/s ≥ 70 % of the ceiling | "
                   f"{'—' if ratio is None else f'{ratio:.0%}'} | "
                   f"{_ok(None if ratio is None else ratio >= 0.70)} |")
        out.append(f"| {r['name']}: p99 ≤ 10 ms at {report.users} conversations | "
                   f"{r['p99_ms']:.1f} ms | {_ok(r['p99_ms'] <= 10)} |")
    judge = report.core.get("judge")
    if judge:
        out.append(f"| core: ≥ 20,000 declarations validated/s | {_n(judge['per_second'])} | "
                   f"{_ok(judge['per_second'] >= 20_000)} |")
    mem = report.core.get("memory_sqlite")
    if mem:
        worst = max(mem["rss_bytes_per_conversation"], mem["stored_bytes_per_conversation"])
        out.append(f"| ≤ 8 KiB per open conversation ({mem['conversations']:,} open) | "
                   f"{mem['rss_bytes_per_conversation']:.0f} B of process memory, "
                   f"{mem['stored_bytes_per_conversation']:.0f} B stored | "
                   f"{_ok(worst <= 8192)} |")
    out += _batch_targets(report.batch)
    one, two = report.row("SMS PostgreSQL, 1 process"), report.row("SMS PostgreSQL, 2 processes")
    if one and two:
        scale = two["per_second"] / one["per_second"]
        out.append(f"| PostgreSQL: 2 processes ≥ 1.6 × one | {scale:.2f} × | "
                   f"{_ok(scale >= 1.6)} |")
    out += ["", "## Requests through HTTP", "",
            "Turns/s counts every webhook request (an SMS conversation is "
            f"{report.turns_sms} turns, a call {report.turns_voice}); ratio: to the ceiling "
            "with as many processes. CPU: what each party spent per request (µs); others: "
            "how many CPUs the rest of the machine kept busy meanwhile (anything above ~0.05 "
            "means the figures of that row are depressed by someone else's work).", "",
            "| run | turns/s | declarations/s | p50 ms | p95 ms | p99 ms | ratio to ceiling "
            "| CPU server | CPU postgres | CPU client | others (CPUs busy) | errors |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ceiling = ceiling2 if r.get("processes") == 2 else ceiling1
        ratio = (f"{r['per_second'] / ceiling['per_second']:.0%}"
                 if ceiling and r.get("kind") != "ceiling" and r.get("loop") != "open" else "")
        out.append(
            f"| {r['name']} | {_n(r['per_second'])} | {_n(r.get('declarations_per_second'))} "
            f"| {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {ratio} "
            f"| {_n(r['cpu_server_us'])} | {_n(r.get('cpu_postgres_us', 0))} "
            f"| {_n(r['cpu_client_us'])} | {r['cpu_others']:.2f} | {r['errors']} |")
    out += _open_rows(rows)
    out += _core_rows(report.core, judge)
    out += _batch_rows(report)
    if report.notes:
        out += ["", "## Notes of this run", ""] + [f"- {n}" for n in report.notes]
    out += ["", END]
    return "\n".join(out) + "\n"


def markdown(report: Any, path: Path) -> str:
    """The whole file: the generated part replaced, the hand-written rest kept."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
    else:
        before, after = _HEAD, text
    return before + generated(report) + ("\n" + after if after else "")
