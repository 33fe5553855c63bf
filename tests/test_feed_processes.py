"""The feed through real processes: ``serve`` processes on one store (SQLite or PostgreSQL),
the real ``subscribers`` and ``registry`` commands, a webhook receiver (a real aiohttp server
on 127.0.0.1) that checks every signature, and the NATS JetStream server.

Pushes run with short leases and backoffs (``--push-lease 3``...) so that takeovers and
retries happen within seconds; nothing here asserts a time: every wait is a generous
deadline for something that must happen. Every API answer read here is checked against the
OpenAPI document.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import aiohttp
import pytest
from aiohttp import web
from standardwebhooks import Webhook

from tests.openapi_check import OpenApiCheck, client_check
from tests.processes import Server, run, run_json

ALPHA, BETA = "0403199702", "0852093431"  # demo employers
WORKERS: Final = ("85073100130", "92041512230", "01020300467", "99010133374", "03051204513",
                  "76090121061", "88061216309", "04022804617")  # demo workers
#: Leases, timeouts and backoffs short enough for tests (the defaults are 30 s, 10 s, 1-300 s).
PUSH: Final = ("--push-lease", "3", "--push-timeout", "1", "--push-retry-min", "0.05",
               "--push-retry-max", "0.4")
DEADLINE: Final = 90.0  # seconds anything awaited here may take on a loaded machine


@pytest.fixture
def db(process_db: str) -> str:
    return process_db


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "feed.db")


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
        yield client


@pytest.fixture
def openapi() -> Iterator[OpenApiCheck]:
    check = client_check()
    yield check
    assert not check.failures, "\n".join(check.failures)


class Servers:
    """The serve processes a test starts; all stopped (and their logs kept) at its end."""

    def __init__(self, logs: Path) -> None:
        self.logs, self.all = logs, list[Server]()

    async def start(self, db: str, session: aiohttp.ClientSession, *flags: str,
                    demo: bool = True) -> Server:
        server = Server(db, self.logs, *(("--demo",) if demo else ()), *PUSH, *flags,
                        name=f"serve{len(self.all)}")
        self.all.append(server.start())
        await server.ready(session)
        return server

    def output(self) -> str:
        return "\n".join(s.output() for s in self.all)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    try:
        yield running
    finally:
        for server in running.all:
            server.stop()


async def _api(session: aiohttp.ClientSession, openapi: OpenApiCheck, method: str, url: str,
               key: str | None = None, **kw: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with session.request(method, url, headers=headers, **kw) as resp:
        body = await resp.read()
        openapi.check(method, resp.url.path_qs, resp.url.path, resp.status, resp.content_type,
                      body)
        return resp.status, json.loads(body) if body else None


def _in(employer: str, ssin: str, day: int, committee: str = "302") -> dict[str, Any]:
    features = {"jointCommissionNumber": committee,
                "workerType": "EXT" if committee == "302" else "OTH"}
    body: dict[str, Any] = {"features": features, "startDate": f"2026-12-{day:02d}"}
    if committee == "302":
        body.update(endDate=body["startDate"], startHour="1800", endHour="2300")
    return {"employer": {"enterpriseNumber": employer}, "worker": {"ssin": ssin},
            "dimonaIn": body}


async def _declare(session: aiohttp.ClientSession, openapi: OpenApiCheck, server: Server,
                   body: dict[str, Any], results: str = "AW") -> dict[str, Any]:
    status, doc = await _api(session, openapi, "POST", f"{server.url}/api/v1/declarations",
                             json=body)
    assert status == 201 and doc["result"] in results, doc
    return dict(doc)


async def _subscribe(db: str, name: str, *flags: str) -> dict[str, Any]:
    return dict(await run_json("subscribers", "add", "--db", db, "--name", name,
                               "--deliberation", f"CSI/26/{name}", *flags, "--json"))


async def _pushes(db: str) -> dict[str, dict[str, Any]]:
    listing = await run_json("subscribers", "list", "--db", db, "--json")
    return {s["name"]: s["pushes"][0] for s in listing["subscribers"]}


async def _eventually(what: str, check: Any, servers: Servers) -> None:
    """Wait (up to :data:`DEADLINE`) until ``check()`` is true."""
    try:
        async with asyncio.timeout(DEADLINE):
            while not await check():  # noqa: ASYNC110 - the state is in other processes
                await asyncio.sleep(0.1)
    except TimeoutError:
        pytest.fail(f"never happened: {what}\n{servers.output()}")


# ============================================================== the receiver


@dataclass
class Receiver:
    """A subscriber's webhook: checks each signature, answers 500 to the first ``fail``
    requests, holds requests for the sequences in ``hold`` until ``release`` is set."""

    secret: str = ""
    fail: int = 0
    delay: float = 0.0
    hold: set[int] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    held: asyncio.Event = field(default_factory=asyncio.Event)
    attempts: list[int] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[str, int]] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    runner: web.AppRunner | None = None
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        try:
            doc = Webhook(self.secret).verify(body, dict(request.headers))
        except Exception as error:  # noqa: BLE001 - any failure to verify is a finding
            self.bad.append(f"{error!r}: {dict(request.headers)}")
            return web.Response(status=400)
        sequence = int(request.headers["webhook-id"])
        if doc["sequence"] != sequence or request.headers["Idempotency-Key"] != str(sequence):
            self.bad.append(f"ids: {dict(request.headers)} {body}")
        self.attempts.append(sequence)
        self.events.append(("attempt", sequence))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if sequence in self.hold and not self.release.is_set():
                self.held.set()
                await self.release.wait()
            await asyncio.sleep(self.delay)
            if len(self.attempts) <= self.fail:
                return web.Response(status=500)
            self.accepted.append(doc)
            self.events.append(("accepted", sequence))
            return web.Response(status=204)
        finally:
            self.in_flight -= 1

    async def start(self, port: int = 0) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app, handler_cancellation=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port)
        await site.start()
        bound = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{bound}/hook"
        return self

    async def stop(self) -> None:
        self.release.set()
        if self.runner is not None:
            await self.runner.cleanup()

    def sequences(self) -> list[int]:
        """The sequences received, each once, in the order first answered."""
        seen: list[int] = []
        for doc in self.accepted:
            if doc["sequence"] not in seen:
                seen.append(doc["sequence"])
        return seen

    def never_overtaken(self) -> bool:
        """No attempt ever came for a mutation while one before it (among those delivered in
        the end) was not answered 2xx yet; re-sending an earlier one is allowed."""
        final, accepted = set(self.sequences()), set()
        for what, sequence in self.events:
            if what == "accepted":
                accepted.add(sequence)
            elif not {t for t in final if t < sequence} <= accepted:
                return False
        return True


@pytest.fixture
async def receivers() -> AsyncIterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for receiver in made:
        await receiver.stop()


async def _receiver(receivers: list[Receiver], **kw: Any) -> Receiver:
    receiver = await Receiver(**kw).start()
    receivers.append(receiver)
    return receiver


# ================================================================= the tests


PROVISIONAL, DEFINITIVE = "5000000120", "127792067"


async def _every_change(db: str, servers: list[Server], session: aiohttp.ClientSession,
                        openapi: OpenApiCheck, tmp: Path) -> list[dict[str, Any]]:
    """One change of each kind, on alternating processes and through the real commands;
    the declarations made: three INs, one under a provisional number, a pending one."""
    first, second = servers
    employers = tmp / "employers.csv"
    employers.write_text("enterprise_number,nsso_number,name,language\n"
                         f",{PROVISIONAL},Nouvelle,fr\n")
    await run("registry", "import", "employers", str(employers), "--db", db)
    made = [await _declare(session, openapi, (first, second)[n % 2],
                           _in(ALPHA, WORKERS[n], 15, "XXX" if n == 1 else "302"))
            for n in range(3)]
    made.append(await _declare(session, openapi, second, {
        **_in(ALPHA, WORKERS[3], 16), "employer": {"nssoNumber": PROVISIONAL}}))
    made.append(await _declare(session, openapi, first, _in(BETA, "90010100123", 17), "S"))
    employer = {"enterpriseNumber": ALPHA}
    await _declare(session, openapi, second, {"employer": employer, "dimonaUpdate": {
        "periodId": made[0]["periodId"], "endHour": "2330"}})
    await _declare(session, openapi, first, {"employer": employer, "dimonaOut": {
        "periodId": made[1]["periodId"], "endDate": "2026-12-31"}})
    await _declare(session, openapi, second, {"employer": employer,
                                              "dimonaCancel": {"periodId": made[2]["periodId"]}})
    workers = tmp / "workers.csv"
    workers.write_text("ssin,last_name,first_name,birth_date\n90010100123,Nieuw,Nel,1990-01-01\n")
    await run("registry", "import", "workers", str(workers), "--db", db)
    employers.write_text("enterprise_number,nsso_number,name,language,provisional_nsso_number\n"
                         f",{DEFINITIVE},Nouvelle,fr,{PROVISIONAL}\n")
    await run("registry", "import", "employers", str(employers), "--db", db)
    return made


async def test_every_kind_of_change_reaches_a_pull_loop_following_the_cursor(
        db: str, session: aiohttp.ClientSession, servers: Servers, openapi: OpenApiCheck,
        tmp_path: Path) -> None:
    """Two processes take declarations; a pull loop on one of them follows the cursor with
    long polls and gets every mutation once, in order: IN, UPDATE, OUT, CANCEL, RESOLVED
    (a pending IN, identified by ``registry import workers``) and MOVED (``registry import
    employers`` with the definitive NSSO number)."""
    first = await servers.start(db, session, "--no-push")
    second = await servers.start(db, session, "--no-push")
    key = (await _subscribe(db, "Everything"))["key"]
    collected: list[dict[str, Any]] = []

    async def follow() -> None:
        cursor = 0
        while len(collected) < 9:
            status, page = await _api(session, openapi, "GET", f"{first.url}/api/v1/mutations",
                                      key, params={"after": cursor, "wait": 5, "limit": 4})
            assert status == 200, page
            assert all(m["sequence"] == cursor + n + 1 for n, m in enumerate(page["mutations"]))
            collected.extend(page["mutations"])
            cursor = page["cursor"]

    loop = asyncio.create_task(follow())
    try:
        made = await _every_change(db, [first, second], session, openapi, tmp_path)
        await asyncio.wait_for(asyncio.shield(loop), DEADLINE)
    finally:
        loop.cancel()
    assert [(m["sequence"], m["kind"]) for m in collected] == [
        (1, "IN"), (2, "IN"), (3, "IN"), (4, "IN"), (5, "UPDATE"), (6, "OUT"), (7, "CANCEL"),
        (8, "RESOLVED"), (9, "MOVED")]
    assert all(m["deliberation"] == "CSI/26/Everything" for m in collected)
    assert [m["declarationId"] for m in collected[:4]] == [d["declarationId"] for d in made[:4]]
    assert collected[3]["nssoNumber"] == PROVISIONAL
    assert (collected[4]["periodId"], collected[4]["endHour"]) == (made[0]["periodId"], "2330")
    assert collected[5]["endDate"] == "2026-12-31"
    assert collected[6]["status"] == "cancelled"
    assert collected[7]["declarationId"] == made[4]["declarationId"]
    assert (collected[7]["ssin"], collected[7]["result"]) == ("90010100123", "A")
    assert (collected[8]["periodId"], collected[8]["nssoNumber"],
            collected[8]["provisionalNssoNumber"]) == (
        made[3]["periodId"], DEFINITIVE, PROVISIONAL)
    status, relations = await _api(session, openapi, "GET", f"{second.url}/api/v1/relations",
                                   key, params={"ssin": WORKERS[0]})
    assert status == 200 and relations["relations"][0]["periods"][0]["endHour"] == "2330"


async def test_a_webhook_failing_for_a_while_gets_everything_in_order(
        db: str, session: aiohttp.ClientSession, servers: Servers, openapi: OpenApiCheck,
        receivers: list[Receiver]) -> None:
    receiver = await _receiver(receivers, fail=6)
    server = await servers.start(db, session)
    added = await _subscribe(db, "Horeca", "--committee", "302", "--employer", ALPHA,
                             "--fields", "ssin,startDate,periodId", "--webhook", receiver.url)
    receiver.secret = added["secret"]
    wanted = []
    for n, employer in enumerate((ALPHA, BETA, ALPHA, ALPHA, BETA, ALPHA)):
        committee = "XXX" if n == 3 else "302"
        doc = await _declare(session, openapi, server, _in(employer, WORKERS[n], 20, committee))
        if employer == ALPHA and committee == "302":
            wanted.append(doc["periodId"])

    async def arrived() -> bool:
        return len(receiver.sequences()) == len(wanted)

    await _eventually("every mutation in scope delivered", arrived, servers)
    assert receiver.bad == []
    assert [d["periodId"] for d in receiver.accepted] == wanted
    assert receiver.sequences() == sorted(receiver.sequences()) and receiver.never_overtaken()
    assert len(receiver.attempts) == len(wanted) + 6  # the 500s were retried
    assert set(receiver.accepted[0]) == {"sequence", "time", "kind", "deliberation", "ssin",
                                         "startDate", "periodId"}
    assert all(d["deliberation"] == "CSI/26/Horeca" for d in receiver.accepted)

    async def settled() -> bool:
        push = (await _pushes(db))["Horeca"]
        return bool(push["delivered"] == 6 and push["failures"] == 0)

    await _eventually("the push state shows all delivered", settled, servers)
    push = (await _pushes(db))["Horeca"]
    assert push["lastSuccess"] and push["lastError"] is None and str(server.pid) in push["owner"]


async def test_a_subscriber_down_for_long_gets_everything_when_back(
        sqlite_db: str, session: aiohttp.ClientSession, servers: Servers,
        openapi: OpenApiCheck, receivers: list[Receiver]) -> None:
    down = await _receiver(receivers)
    url = down.url
    await down.stop()  # the port is closed: connections are refused
    server = await servers.start(sqlite_db, session)
    added = await _subscribe(sqlite_db, "Fund", "--webhook", url)
    for n in range(4):
        await _declare(session, openapi, server, _in(ALPHA, WORKERS[n], 21))

    async def failing() -> bool:
        push = (await _pushes(sqlite_db))["Fund"]
        return bool(push["failures"] >= 3 and push["lastError"] and push["retryAt"])

    await _eventually("failures counted in the push state", failing, servers)
    back = Receiver(secret=added["secret"])
    receivers.append(back)
    await back.start(int(url.split(":")[2].split("/")[0]))

    async def arrived() -> bool:
        return back.sequences() == [1, 2, 3, 4]

    await _eventually("everything delivered once the subscriber is back", arrived, servers)
    assert back.bad == [] and back.never_overtaken()


async def test_a_deliverer_killed_mid_delivery_is_taken_over_without_loss_or_reordering(
        db: str, session: aiohttp.ClientSession, servers: Servers, openapi: OpenApiCheck,
        receivers: list[Receiver]) -> None:
    receiver = await _receiver(receivers, hold={3})
    first = await servers.start(db, session)
    receiver.secret = (await _subscribe(db, "Fund", "--webhook", receiver.url))["secret"]
    for n in range(6):
        await _declare(session, openapi, first, _in(ALPHA, WORKERS[n], 22))
    await asyncio.wait_for(receiver.held.wait(), DEADLINE)  # mutation 3 is being delivered
    assert str(first.pid) in (await _pushes(db))["Fund"]["owner"]
    first.kill()
    receiver.release.set()
    second = await servers.start(db, session)

    async def arrived() -> bool:
        return receiver.sequences() == [1, 2, 3, 4, 5, 6]

    await _eventually("the second process delivers the rest", arrived, servers)
    assert receiver.bad == [] and receiver.never_overtaken()
    assert receiver.attempts.count(3) >= 2  # sent again: at least once
    assert str(second.pid) in (await _pushes(db))["Fund"]["owner"]


async def test_one_process_delivers_to_a_subscriber_at_a_time(
        db: str, session: aiohttp.ClientSession, servers: Servers, openapi: OpenApiCheck,
        receivers: list[Receiver]) -> None:
    """Three processes, three subscribers answering slowly: each receiver never has two
    requests at once, and gets everything in order."""
    made = [await _receiver(receivers, delay=0.05) for _ in range(3)]
    for n, receiver in enumerate(made):
        receiver.secret = (await _subscribe(db, f"S{n}", "--webhook", receiver.url))["secret"]
    running = [await servers.start(db, session) for _ in range(3)]
    for n in range(8):
        await _declare(session, openapi, running[n % 3], _in(ALPHA, WORKERS[n], 23))

    async def arrived() -> bool:
        return all(r.sequences() == list(range(1, 9)) for r in made)

    await _eventually("every subscriber has everything", arrived, servers)
    assert all(r.most_in_flight == 1 and r.never_overtaken() and r.bad == [] for r in made)


async def test_a_slow_subscriber_never_delays_another(
        sqlite_db: str, session: aiohttp.ClientSession, servers: Servers,
        openapi: OpenApiCheck, receivers: list[Receiver]) -> None:
    stuck = await _receiver(receivers, hold={1, 2, 3, 4, 5})
    quick = await _receiver(receivers)
    stuck.secret = (await _subscribe(sqlite_db, "Stuck", "--webhook", stuck.url))["secret"]
    quick.secret = (await _subscribe(sqlite_db, "Quick", "--webhook", quick.url))["secret"]
    server = await servers.start(sqlite_db, session)
    for n in range(5):
        await _declare(session, openapi, server, _in(ALPHA, WORKERS[n], 24))

    async def quick_done() -> bool:
        return quick.sequences() == [1, 2, 3, 4, 5]

    await _eventually("the quick subscriber has everything", quick_done, servers)
    assert stuck.accepted == [] and stuck.held.is_set()  # still on its first mutation
    stuck.release.set()

    async def stuck_done() -> bool:
        return stuck.sequences() == [1, 2, 3, 4, 5]

    await _eventually("the stuck one catches up once it answers", stuck_done, servers)
    assert stuck.never_overtaken() and stuck.bad == [] and quick.bad == []


async def test_paused_subscribers_get_nothing_until_resumed(
        sqlite_db: str, session: aiohttp.ClientSession, servers: Servers,
        openapi: OpenApiCheck, receivers: list[Receiver]) -> None:
    receiver = await _receiver(receivers)
    added = await _subscribe(sqlite_db, "Fund", "--webhook", receiver.url)
    receiver.secret = added["secret"]
    await run("subscribers", "pause", "--db", sqlite_db, "--name", "Fund")
    server = await servers.start(sqlite_db, session)
    await _declare(session, openapi, server, _in(ALPHA, WORKERS[0], 25))
    status, doc = await _api(session, openapi, "GET", f"{server.url}/api/v1/mutations",
                             added["key"])
    assert status == 403 and doc["code"] == "api.paused"
    await asyncio.sleep(1)  # a scan or two of the pusher: it must not deliver
    assert receiver.attempts == []
    await run("subscribers", "resume", "--db", sqlite_db, "--name", "Fund")

    async def arrived() -> bool:
        return receiver.sequences() == [1]

    await _eventually("delivered once resumed", arrived, servers)
    await run("subscribers", "remove", "--db", sqlite_db, "--name", "Fund")
    status, _ = await _api(session, openapi, "GET", f"{server.url}/api/v1/mutations",
                           added["key"])
    assert status == 401


# ================================================================ the broker

NATS_URL: Final = "nats://127.0.0.1:4222"


async def _jetstream() -> Any:
    nats = pytest.importorskip("nats")
    try:
        client = await nats.connect(NATS_URL, connect_timeout=2, max_reconnect_attempts=0,
                                    allow_reconnect=False)
        await client.jetstream().account_info()
    except Exception as error:  # noqa: BLE001 - whatever the reason, there is no broker
        pytest.skip(f"no NATS JetStream at {NATS_URL}: {error!r}")
    return client


async def test_mutations_are_published_to_jetstream_and_read_back(
        db: str, session: aiohttp.ClientSession, servers: Servers,
        openapi: OpenApiCheck) -> None:
    client = await _jetstream()
    stream = f"DIMONA_TEST_{uuid.uuid4().hex[:12]}"
    js = client.jetstream()
    try:
        await _subscribe(db, "Broker", "--stream", stream, "--committee", "302",
                         "--fields", "ssin,periodId")
        first = await servers.start(db, session, "--nats-url", NATS_URL)
        placed = [await _declare(session, openapi, first,
                                 _in(ALPHA, WORKERS[n], 26, "302" if n % 3 else "XXX"))
                  for n in range(6)]
        wanted = [d["periodId"] for n, d in enumerate(placed) if n % 3]

        async def published() -> bool:
            return bool((await _pushes(db))["Broker"]["delivered"] >= 6)

        await _eventually("every mutation published", published, servers)
        first.kill()  # a new deliverer republishes nothing twice within the window
        await servers.start(db, session, "--nats-url", NATS_URL)
        consumer = await js.pull_subscribe(f"dimona.feed.{stream}", stream=stream)
        messages = await consumer.fetch(len(wanted), timeout=10)
        bodies = [json.loads(m.data) for m in messages]
        assert [b["periodId"] for b in bodies] == wanted
        assert [b["sequence"] for b in bodies] == sorted(b["sequence"] for b in bodies)
        assert all(set(b) == {"sequence", "time", "kind", "deliberation", "ssin", "periodId"}
                   and b["deliberation"] == "CSI/26/Broker" for b in bodies)
        assert [m.headers["Dimona-Sequence"] for m in messages] == [
            str(b["sequence"]) for b in bodies]
        assert all(m.headers["Nats-Msg-Id"] == f"{stream}-{b['sequence']}"
                   for m, b in zip(messages, bodies, strict=True))
        for m in messages:
            await m.ack()
        info = await js.stream_info(stream)
        assert info.state.messages == len(wanted)  # persisted, and once each
    finally:
        with contextlib.suppress(Exception):  # the stream may never have been made
            await js.delete_stream(stream)
        await client.close()
