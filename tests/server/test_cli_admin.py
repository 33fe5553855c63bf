"""The admin commands in-process: registry imports and phone enrollment."""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pytest

from server.cli import main

if TYPE_CHECKING:
    from core.model import Declaration


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_is_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    bad = tmp_path / "employers.csv"
    bad.write_text("enterprise_number,nsso_number,name,language\n"
                   "0403199702,,Resto,fr\n0403199703,,Bad,xx\n", encoding="utf-8")
    code, _, err = run(capsys, "registry", "import", "employers", str(bad), "--db", db)
    assert code == 1 and "3" in err.splitlines()[0]
    good = tmp_path / "good.csv"
    good.write_text("enterprise_number,nsso_number,name,language\n0403199702,,Resto,fr\n"
                    ",051234526,Boulangerie,nl\n", encoding="utf-8")
    code, out, _ = run(capsys, "registry", "import", "employers", str(good), "--db", db)
    assert code == 0 and "2" in out
    code, _, _ = run(capsys, "phones", "list", "--db", db, "--employer", "0403199703")
    assert code == 1  # nothing was half-imported: the bad row's number is unknown


def test_workers_import_and_header_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    db = str(tmp_path / "x.db")
    csv = tmp_path / "w.csv"
    csv.write_text("ssin,name\n85073100130,Peeters\n", encoding="utf-8")
    code, _, err = run(capsys, "registry", "import", "workers", str(csv), "--db", db)
    assert code == 1 and "ssin,last_name,first_name,birth_date" in err
    csv.write_text("ssin,last_name,first_name,birth_date\n85073100130,Peeters,Jan,1985-07-31\n",
                   encoding="utf-8")
    code, _, _ = run(capsys, "registry", "import", "workers", str(csv), "--db", db)
    assert code == 0


def test_phones_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    emp = tmp_path / "e.csv"
    emp.write_text("enterprise_number,nsso_number,name,language\n0403199702,,Resto,fr\n",
                   encoding="utf-8")
    run(capsys, "registry", "import", "employers", str(emp), "--db", db)
    code, out, _ = run(capsys, "phones", "add", "--db", db, "--employer", "0403199702",
                       "--phone", "0470 12 34 56", "--lang", "nl", "--pin", "1234")
    assert code == 0 and "+32470123456" in out
    code, out, _ = run(capsys, "phones", "list", "--db", db)
    assert "+32470123456" in out and "Resto" in out
    code, _, err = run(capsys, "phones", "add", "--db", db, "--employer", "0403199702",
                       "--phone", "hello")
    assert code == 1 and err
    code, out, _ = run(capsys, "phones", "remove", "--db", db, "--phone", "0032470123456")
    assert code == 0
    code, out, _ = run(capsys, "phones", "list", "--db", db)
    assert "+32470123456" not in out


def test_a_pin_no_keypad_can_type_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = _employers(tmp_path, capsys)
    for pin in ("abcd", "12", "123456789", "12\u00b234"):
        code, out, err = run(capsys, "phones", "add", "--db", db, "--employer", "0403199702",
                             "--phone", "0470 12 34 56", "--pin", pin)
        assert code == 1 and "A PIN is 4 to 8 digits" in err and not out, pin
    assert "+32470123456" not in run(capsys, "phones", "list", "--db", db)[1]


def _employers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "x.db")
    emp = tmp_path / "e.csv"
    emp.write_text("enterprise_number,nsso_number,name,language\n0403199702,,Resto,fr\n"
                   ",051234526,Boulangerie,nl\n", encoding="utf-8")
    assert run(capsys, "registry", "import", "employers", str(emp), "--db", db)[0] == 0
    return db


def test_api_keys_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _employers(tmp_path, capsys)
    code, out, err = run(capsys, "api-keys", "add", "--db", db, "--employer", "0403199702",
                         "--employer", "051234526", "--name", "Secretariat Liège")
    key = out.strip()
    assert code == 0 and key.startswith("dtk_") and len(key) == 47 and "\n" not in key
    assert "Resto" in err and "Boulangerie" in err and "once" in err
    code, out, _ = run(capsys, "api-keys", "add", "--db", db, "--employer", "0403199702")
    other = out.strip()
    code, out, _ = run(capsys, "api-keys", "list", "--db", db)
    assert code == 0 and key not in out and other not in out  # never the secret
    first, second = out.splitlines()
    assert first.startswith("1 ") and key[:8] in first and "Secretariat Liège" in first
    assert "0403199702 Resto, 051234526 Boulangerie" in first
    assert second.startswith("2 ") and " - " in second
    code, _, err = run(capsys, "api-keys", "add", "--db", db, "--employer", "0477123402")
    assert code == 1 and "0477123402" in err
    assert run(capsys, "api-keys", "remove", "--db", db, "1")[0] == 0
    assert run(capsys, "api-keys", "remove", "--db", db, "1")[0] == 1
    assert run(capsys, "api-keys", "remove", "--db", db, other)[0] == 0  # by the key itself
    code, out, _ = run(capsys, "api-keys", "list", "--db", db)
    assert out.strip() == "No API keys."
    code, out, _ = run(capsys, "--lang", "nl", "api-keys", "list", "--db", db)
    assert out.strip() == "Geen API-sleutels."


def _pending(db: str, watcher: tuple[str, str] | None = None) -> Declaration:
    """An IN of Resto's for a worker the registry does not know (pending), filed in ``db``;
    ``watcher`` (conversation, language) is told of its final result."""
    import asyncio

    from core.clock import FixedClock
    from core.model import Kind, Request
    from core.service import Declarations
    from core.store import open_store
    from tests.conftest import TODAY

    async def pending() -> Declaration:
        store = await open_store(db)
        try:
            decl = await Declarations(store, FixedClock(TODAY)).submit(Request(
                Kind.IN, employer_enterprise="0403199702", ssin="90010100123",
                committee="XXX", worker_type="OTH", start_date=TODAY.date()))
            if watcher is not None:
                await store.watch(decl.declaration_id, *watcher)
            return decl
        finally:
            await store.close()

    return asyncio.run(pending())


def test_registry_reject_refuses_a_pending_declaration_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.model import Result

    db = _employers(tmp_path, capsys)
    decl = _pending(db)
    assert decl.result is Result.PENDING
    number = decl.declaration_id
    code, out, _ = run(capsys, "registry", "reject", "--db", db, number)
    assert code == 0 and number in out
    code, _, err = run(capsys, "registry", "reject", "--db", db, number)
    assert code == 1 and number in err
    code, _, err = run(capsys, "registry", "reject", "--db", db, "100000009999")
    assert code == 1


class _Sendsms(http.server.BaseHTTPRequestHandler):
    """Kannel's ``/cgi-bin/sendsms`` on loopback: records what it is sent."""

    sent: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.sent.append({k: v[0] for k, v in query.items()})
        self.send_response(202)
        self.end_headers()
        self.wfile.write(b"0: Accepted for delivery")

    def log_message(self, *args: object) -> None:
        return None


def test_registry_reject_tells_the_watcher_within_the_parts_allowed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command sends the final SMS itself: the receipt in the watcher's conversation
    language (German), compact to fit ``--sms-max-parts 1``."""
    from tests.conftest import TODAY

    db = _employers(tmp_path, capsys)
    number = _pending(db, watcher=("sms:+32470123456", "de")).declaration_id
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sendsms)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{receiver.server_port}/cgi-bin/sendsms"
        code, _, err = run(capsys, "registry", "reject", "--db", db, number,
                           "--sms-max-parts", "1", "--kannel-sendsms-url", url,
                           "--kannel-user", "u", "--kannel-password", "p")
    finally:
        receiver.shutdown()
        receiver.server_close()
    assert code == 0, err
    [sms] = _Sendsms.sent
    lines = sms["text"].splitlines()
    assert lines[0].startswith(f"Abgelehnt: IN {number}, gesendet "), lines
    assert lines[1:5] == ["AG: Resto 0403199702", "AN: ENSS 90.01.01-001.23",
                          f"Daten: ab {TODAY.date():%d.%m.%Y}", "Gründe der Ablehnung:"], lines
    assert sms["to"] == "+32470123456"
