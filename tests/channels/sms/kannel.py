"""A real Kannel 1.4.5 on loopback, for end-to-end SMS tests of an HTTP app.

``kannel_gateway(app_url)`` starts ``bearerbox`` and ``smsbox`` (Debian
packages ``kannel`` and ``kannel-extras``) with a config of its own on free
127.0.0.1 ports, plus ONE long-running ``fakesmsc`` that plays the phones: it
writes each mobile-originated (MO) SMS on fakesmsc's stdin and reads the
mobile-terminated (MT) SMS that Kannel sends back from fakesmsc's log. In
between, smsbox calls the app exactly as in production::

    GET <app_url>/sms/kannel?from=%p&to=%P&text=%a&id=%I[&secret=...]

and turns the HTTP answer into the reply SMS (``max-messages`` = the app's
``--sms-max-parts``, 4 by default,
``concatenation = true``, ``omit-empty = true``, ``accept-x-kannel-headers =
true`` so ``X-Kannel-Coding: 2`` makes a UCS-2 reply, ``mo-recode = true`` so
UCS-2 MOs reach the app as UTF-8).

Usage, inside an async test (the app already listening on 127.0.0.1)::

    async with kannel_gateway("http://127.0.0.1:8080", secret="s3cret") as gw:
        assert await gw.exchange("32470000001", "Bonjour") == "..."
        gw.send("32470000002", gw.number, "oui")        # fire and forget
        [reply] = await gw.replies(1)                    # next MT, whole text
        [mt] = await gw.messages(1, to="32470000002")    # with coding/parts
        await gw.assert_no_reply(within=0.5)
        # outbound: the app's client calls gw.sendsms_url with
        # gw.sendsms_username / gw.sendsms_password; the MT shows up in messages()

What the harness does for you, and what it cannot do:

- MOs are written like a phone would: text that fits GSM-7 (3GPP 23.038,
  where 0x09 is the capital ``Ç``, so ``ç`` is *not* GSM-7) goes as a 7-bit
  ``text`` message; anything else, or text with a line break, as ``ucs2``.
  fakesmsc reads stdin in 255-byte lines, so one MO line is at most 254
  bytes: about 230 GSM-7 characters but only about 58 characters in UCS-2;
  ``send`` raises ``ValueError`` beyond that.
- smsbox's ``%a`` collapses runs of whitespace into one space before the app
  sees the text (Kannel behaviour, not the harness's).
- MTs are decoded from fakesmsc's lines: ``text`` (7-bit, UTF-8 inside
  Kannel), ``ucs-2`` (URL-encoded UTF-16BE) and ``data``. Parts of a
  concatenated reply are reassembled from their UDH (8- and 16-bit
  references). Kannel does not tell fakesmsc the coding of a part that has a
  UDH: the harness calls it UCS-2 when the joined bytes hold a NUL byte or are
  not UTF-8, which is always right for Latin-script text.
- A line break inside a 7-bit reply ends fakesmsc's line; the harness joins the
  pieces back with ``"\\n"`` (a ``"\\r\\n"`` comes back as ``"\\n"``).
- fakesmsc only looks at the gateway between two stdin lines (or every
  second); while a test waits for replies, the harness writes empty lines to
  it every 10 ms, so replies arrive within milliseconds.
- If the app fails, Kannel still answers the phone with its stock texts
  ("Request Failed", "Could not fetch content, sorry."); an empty answer sends
  nothing (``omit-empty``).

Nothing listens beyond 127.0.0.1, and ``app_url`` must be a loopback URL.
Logs stay in ``gw.workdir`` (``bearerbox.log``, ``smsbox.log``,
``access.log``, ``fakesmsc.log``, ``*.out``); a failed start-up or a timeout
quotes their tails. If Kannel is not installed, the test is skipped with the
reason; ``.ci/run`` installs it, so CI runs these tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets as _secrets
import shutil
import signal
import socket
import tempfile
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import aiohttp
import pytest

from channels.sms.segments import MAX_SEGMENTS

__all__ = [
    "BEARERBOX", "FAKESMSC", "SMSBOX", "KannelGateway", "KannelPorts", "MTMessage",
    "is_gsm7", "kannel_gateway", "kannel_missing", "requires_kannel",
]

BEARERBOX = Path("/usr/sbin/bearerbox")
SMSBOX = Path("/usr/sbin/smsbox")
FAKESMSC = Path("/usr/lib/kannel/test/fakesmsc")

#: The longest line fakesmsc reads from stdin (``fgets`` into 256 bytes), newline excluded.
MAX_MO_LINE = 254

#: GSM 03.38 default alphabet and extension table, as 3GPP 23.038 defines them
#: (0x09 is the capital Ç). ESC, LF, CR and FF are left out: a MO holding them
#: goes as UCS-2, because fakesmsc's ``text`` lines cannot carry line breaks.
_GSM7 = frozenset(
    "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"
)

_GOT = re.compile(rb"Got message \d+: <(.*)>$", re.DOTALL)
_HEAD = re.compile(rb"(\S+) (\S+) (text|data|ucs-2|udh) (.*)$", re.DOTALL)
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def kannel_missing() -> str | None:
    """Why Kannel cannot run here, or None when it can."""
    for path in (BEARERBOX, SMSBOX, FAKESMSC):
        if not os.access(path, os.X_OK):
            return (f"{path} is not installed: apt-get install -y kannel kannel-extras "
                    "(Debian bookworm, Kannel 1.4.5)")
    return None


#: Marks a test that needs Kannel; ``kannel_gateway`` skips on its own too.
requires_kannel = pytest.mark.skipif(kannel_missing() is not None, reason=str(kannel_missing()))


def is_gsm7(text: str) -> bool:
    """True when a phone would send ``text`` in the GSM-7 alphabet."""
    return all(ch in _GSM7 for ch in text)


@dataclass(frozen=True)
class KannelPorts:
    """The loopback ports of one gateway."""

    admin: int     #: bearerbox HTTP admin (``/status.txt``)
    smsbox: int    #: bearerbox port that smsbox connects to
    sendsms: int   #: smsbox HTTP ``/cgi-bin/sendsms``
    smsc: int      #: bearerbox's fake SMSC, where fakesmsc connects


@dataclass(frozen=True)
class MTMessage:
    """One SMS that Kannel sent to a phone, parts already joined."""

    sender: str      #: the short number it comes from (``gw.number``)
    receiver: str    #: the phone it goes to
    text: str
    coding: Literal["7bit", "8bit", "ucs2"]
    parts: int = 1   #: how many concatenated SMS carried it


@dataclass
class _Concat:
    total: int
    parts: dict[int, bytes] = field(default_factory=dict)


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _quote(value: str) -> str:
    """A Kannel config string value."""
    if '"' in value or "\\" in value or "\n" in value:
        raise ValueError(f"cannot put {value!r} in kannel.conf")
    return f'"{value}"'


def _url_decode(data: bytes) -> bytes:
    """Undo Kannel's ``octstr_url_encode`` (``+`` is a space byte)."""
    return urllib.parse.unquote_to_bytes(data.replace(b"+", b"%20"))


def _ucs2_mo(text: str) -> bytes:
    """URL-encode UTF-16BE as fakesmsc's ``ucs2`` type wants, as short as possible."""
    out = bytearray()
    for byte in text.encode("utf-16-be"):
        # NUL ends fgets' C string, LF/CR end the line, space/%/+ mean something to url-decode.
        if byte in (0x00, 0x0A, 0x0D, 0x20, 0x25, 0x2B):
            out += b"%%%02X" % byte
        else:
            out.append(byte)
    return bytes(out)


def _guess(data: bytes) -> tuple[str, Literal["7bit", "ucs2"]]:
    """Decode the joined parts of a reply whose coding Kannel did not say."""
    if len(data) % 2 == 0 and b"\x00" in data:
        return data.decode("utf-16-be", "replace"), "ucs2"
    try:
        return data.decode("utf-8"), "7bit"
    except UnicodeDecodeError:
        if len(data) % 2 == 0:
            return data.decode("utf-16-be", "replace"), "ucs2"
        return data.decode("utf-8", "replace"), "7bit"


def _concat_ie(udh: bytes) -> tuple[int, int, int] | None:
    """(reference, total, sequence) of a concatenation UDH, else None."""
    i = 1
    while i + 1 < len(udh):
        iei, length = udh[i], udh[i + 1]
        data = udh[i + 2:i + 2 + length]
        if iei == 0x00 and length == 3:
            return data[0], data[1], data[2]
        if iei == 0x08 and length == 4:
            return (data[0] << 8) | data[1], data[2], data[3]
        i += 2 + length
    return None


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text("utf-8", "replace").splitlines()
    except OSError:
        return f"--- {path.name}: (none)"
    return f"--- {path.name} (last {min(lines, len(text))} lines)\n" + "\n".join(text[-lines:])


class KannelGateway:
    """A running gateway; get one from ``kannel_gateway``, never build it yourself."""

    #: Logs quoted in error messages.
    LOGS = ("bearerbox.out", "bearerbox.log", "smsbox.out", "smsbox.log", "fakesmsc.log")

    def __init__(self, app_url: str, workdir: Path, ports: KannelPorts, number: str,
                 http_retries: int = 0, max_messages: int = MAX_SEGMENTS) -> None:
        self.app_url = app_url
        #: smsbox's ``max-messages``: the app's ``--sms-max-parts`` (Kannel cuts longer ones).
        self.max_messages = max_messages
        self.workdir = workdir
        self.ports = ports
        #: The short number the phones text, and the sender of every reply.
        self.number = number
        self.config_path = workdir / "kannel.conf"
        self.http_retries = http_retries
        #: smsbox's ``/cgi-bin/sendsms`` and its one user, for the app's outbound client.
        self.sendsms_url = f"http://127.0.0.1:{ports.sendsms}/cgi-bin/sendsms"
        self.sendsms_username = "harness"
        self.sendsms_password = _secrets.token_hex(8)
        self.admin_password = _secrets.token_hex(8)
        self.status_url = f"http://127.0.0.1:{ports.admin}/status.txt"
        self._procs: dict[str, asyncio.subprocess.Process] = {}
        self._inbox: list[MTMessage] = []
        self._changed = asyncio.Event()
        self._waiters = 0
        self._waiting = asyncio.Event()
        self._concat: dict[tuple[str, str, int, int], _Concat] = {}
        self._pending_text: list[bytes] | None = None   # [sender, receiver, data]
        self._flush_timer: asyncio.TimerHandle | None = None
        self._tasks: list[asyncio.Task[None]] = []   # [fakesmsc reader, nudger]
        self.unparsed: list[bytes] = []   #: fakesmsc lines the harness could not read

    # ----------------------------------------------------------------- phones

    def send(self, sender: str, receiver: str, text: str, *,
             coding: Literal["auto", "7bit", "ucs2"] = "auto") -> None:
        """Queue one MO SMS from ``sender`` to ``receiver`` (usually ``gw.number``).

        ``coding="auto"`` sends GSM-7 text as 7-bit and anything else as UCS-2,
        like a phone. Returns at once; await ``replies``/``messages`` to see
        what comes back.
        """
        for name, number in (("sender", sender), ("receiver", receiver)):
            if not number or any(ch.isspace() for ch in number):
                raise ValueError(f"{name} must be one word, got {number!r}")
        if coding == "auto":
            coding = "7bit" if is_gsm7(text) else "ucs2"
        if coding == "7bit":
            if not is_gsm7(text):
                raise ValueError(f"not GSM-7 (or holds a line break): {text!r}")
            line = f"{sender} {receiver} text {text}".encode()
        else:
            line = f"{sender} {receiver} ucs2 ".encode() + _ucs2_mo(text)
        if len(line) > MAX_MO_LINE:
            raise ValueError(
                f"this MO needs a {len(line)}-byte fakesmsc line, but fakesmsc reads at most "
                f"{MAX_MO_LINE}: keep UCS-2 MOs under about 58 characters "
                f"and GSM-7 ones under about 230 ({text!r})")
        proc = self._procs.get("fakesmsc")
        if proc is None or proc.stdin is None or proc.returncode is not None:
            raise RuntimeError("fakesmsc is not running\n" + self.logs())
        proc.stdin.write(line + b"\n")

    async def messages(self, n: int = 1, timeout: float = 10.0, *,
                       to: str | None = None) -> list[MTMessage]:
        """Wait for the next ``n`` MTs (to phone ``to``, or to anyone) and take them.

        Raises ``TimeoutError`` (quoting the logs) if fewer arrive in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._waiters += 1
        self._waiting.set()
        try:
            while True:
                found = [m for m in self._inbox if to is None or m.receiver == to][:n]
                if len(found) == n:
                    for m in found:
                        self._inbox.remove(m)
                    return found
                self._check_alive()
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{len(found)} of {n} MT(s) to {to or 'anyone'} within {timeout} s; "
                        f"got {found!r}; partial concatenations "
                        f"{ {k: sorted(v.parts) for k, v in self._concat.items()} }\n"
                        + self.logs())
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
        finally:
            self._waiters -= 1
            if not self._waiters:
                self._waiting.clear()

    async def replies(self, n: int = 1, timeout: float = 10.0, *,
                      to: str | None = None) -> list[str]:
        """The texts of the next ``n`` MTs, in arrival order, parts joined."""
        return [m.text for m in await self.messages(n, timeout, to=to)]

    async def exchange(self, sender: str, text: str, *, receiver: str | None = None,
                       timeout: float = 10.0) -> str:
        """Send one MO from ``sender`` and return the whole reply sent back to it.

        Fails first if an earlier MT to ``sender`` was never read, so a second
        (unexpected) reply cannot be mistaken for this one.
        """
        stale = [m for m in self._inbox if m.receiver == sender]
        if stale:
            raise AssertionError(f"unread MT(s) to {sender} before sending {text!r}: {stale!r}")
        self.send(sender, receiver or self.number, text)
        [reply] = await self.replies(1, timeout, to=sender)
        return reply

    async def assert_no_reply(self, within: float = 0.5, *, to: str | None = None) -> None:
        """Wait ``within`` seconds and fail if any MT (to ``to``) came meanwhile."""
        with contextlib.suppress(TimeoutError):
            got = await self.messages(1, within, to=to)
            raise AssertionError(f"expected no MT to {to or 'anyone'}, got {got!r}")

    def unread(self) -> list[MTMessage]:
        """MTs received but not taken yet (not waiting for more)."""
        return list(self._inbox)

    # ------------------------------------------------------------ diagnostics

    def logs(self, lines: int = 25) -> str:
        """The tails of the gateway's logs, for error messages."""
        return f"Kannel logs in {self.workdir}:\n" + "\n".join(
            _tail(self.workdir / name, lines) for name in self.LOGS)

    def _check_alive(self) -> None:
        for name, proc in self._procs.items():
            if proc.returncode is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}\n" + self.logs())

    # ------------------------------------------------------- fakesmsc output

    def _deliver(self, mt: MTMessage) -> None:
        self._inbox.append(mt)
        self._changed.set()

    def _flush_text(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        if self._pending_text is not None:
            sender, receiver, *lines = self._pending_text
            self._pending_text = None
            text = b"\n".join(lines).decode("utf-8", "replace")
            self._deliver(MTMessage(sender.decode(), receiver.decode(), text, "7bit"))

    def _on_line(self, payload: bytes) -> None:
        head = _HEAD.match(payload)
        if head is None:
            if self._pending_text is not None:
                # A 7-bit reply held a line break: fakesmsc read the rest as new lines.
                self._pending_text.append(payload)
                self._schedule_flush()
            else:
                self.unparsed.append(payload)
            return
        self._flush_text()
        sender, receiver, kind, rest = head.groups()
        if kind == b"text":
            self._pending_text = [sender, receiver, rest]
            self._schedule_flush()
        elif kind == b"ucs-2":
            text = _url_decode(rest).decode("utf-16-be", "replace")
            self._deliver(MTMessage(sender.decode(), receiver.decode(), text, "ucs2"))
        elif kind == b"data":
            text = _url_decode(rest).decode("utf-8", "replace")
            self._deliver(MTMessage(sender.decode(), receiver.decode(), text, "8bit"))
        else:  # udh: "<udh> data <msgdata>", both URL-encoded
            udh_enc, _, data_enc = rest.partition(b" data ")
            udh, data = _url_decode(udh_enc), _url_decode(data_enc)
            ie = _concat_ie(udh)
            if ie is None:
                text, coding = _guess(data)
                self._deliver(MTMessage(sender.decode(), receiver.decode(), text, coding))
                return
            ref, total, seq = ie
            key = (sender.decode(), receiver.decode(), ref, total)
            concat = self._concat.setdefault(key, _Concat(total))
            concat.parts[seq] = data
            if len(concat.parts) == total:
                del self._concat[key]
                joined = b"".join(concat.parts[i] for i in sorted(concat.parts))
                text, coding = _guess(joined)
                self._deliver(MTMessage(key[0], key[1], text, coding, total))

    def _schedule_flush(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.cancel()
        # fakesmsc logs all the lines of one read at once; 30 ms is plenty.
        self._flush_timer = asyncio.get_running_loop().call_later(0.03, self._flush_text)

    async def _read_fakesmsc(self, stream: asyncio.StreamReader, log_path: Path) -> None:
        with log_path.open("ab") as log:
            while line := await stream.readline():
                log.write(line)
                log.flush()
                got = _GOT.search(line.rstrip(b"\r\n"))
                if got:
                    self._on_line(got.group(1))
        self._flush_text()

    async def _nudge_fakesmsc(self, stdin: asyncio.StreamWriter) -> None:
        # Interactive fakesmsc blocks up to 1 s on stdin before it reads the gateway;
        # an empty line (ignored as a message) makes it read at once.
        while True:
            await self._waiting.wait()
            if stdin.is_closing():
                return
            stdin.write(b"\n")
            await asyncio.sleep(0.01)

    # --------------------------------------------------------------- lifecycle

    def write_config(self, get_url: str) -> None:
        """Write ``kannel.conf`` for this gateway's ports and the given sms-service URL."""
        d, p = self.workdir, self.ports
        self.config_path.write_text(f"""\
# Written by tests/channels/sms/kannel.py: loopback only, ports picked at random.
group = core
admin-port = {p.admin}
admin-interface = 127.0.0.1
admin-password = {_quote(self.admin_password)}
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = {p.smsbox}
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
dlr-storage = internal
log-file = {_quote(str(d / "bearerbox.log"))}
log-level = 0
access-log = {_quote(str(d / "access.log"))}

group = smsc
smsc = fake
smsc-id = fake
port = {p.smsc}
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {p.smsbox}
sendsms-port = {p.sendsms}
sendsms-interface = 127.0.0.1
global-sender = {_quote(self.number)}
mo-recode = true
http-request-retry = {self.http_retries}
http-queue-delay = 0
log-file = {_quote(str(d / "smsbox.log"))}
log-level = 0

group = sendsms-user
username = {_quote(self.sendsms_username)}
password = {_quote(self.sendsms_password)}
user-allow-ip = "127.0.0.1"
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
get-url = {_quote(get_url)}
accept-x-kannel-headers = true
# max-messages: the parts of one reply; the app's --sms-max-parts (DIMONA_SMS_MAX_PARTS)
# is the matching setting, so a reply the app composed whole is never cut here.
max-messages = {self.max_messages}
concatenation = true
omit-empty = true
""")

    async def _spawn(self, name: str, *args: str) -> None:
        with (self.workdir / f"{name}.out").open("wb") as out:
            self._procs[name] = await asyncio.create_subprocess_exec(
                *args, stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out,
                cwd=self.workdir, start_new_session=True)

    async def _until(self, what: str, ready: object, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._check_alive()
            if await ready():  # type: ignore[operator]
                return
            if loop.time() > deadline:
                raise RuntimeError(f"Kannel: {what} not ready after {timeout} s\n" + self.logs())
            await asyncio.sleep(0.02)

    async def _status(self, session: aiohttp.ClientSession) -> str:
        try:
            async with session.get(self.status_url) as resp:
                return await resp.text() if resp.status == 200 else ""
        except aiohttp.ClientError:
            return ""

    async def _accepts(self, port: int) -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.close()
        await writer.wait_closed()
        return True

    async def start(self, timeout: float) -> None:
        """Start bearerbox, then smsbox and fakesmsc; return once all are connected."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1)) as session:
            await self._spawn("bearerbox", str(BEARERBOX), "-v", "2", str(self.config_path))

            async def bearerbox_up() -> bool:
                return "Status: running" in await self._status(session)

            await self._until("bearerbox", bearerbox_up, timeout)
            await self._spawn("smsbox", str(SMSBOX), "-v", "2", str(self.config_path))
            await self._until("smsbox sendsms port", lambda: self._accepts(self.ports.sendsms),
                              timeout)
            await self._start_fakesmsc()

            async def connected() -> bool:
                status = await self._status(session)
                return "smsbox:" in status and f"FAKE:{self.ports.smsc} (online" in status

            await self._until("smsbox and fakesmsc connections", connected, timeout)

    async def _start_fakesmsc(self) -> None:
        args = [str(FAKESMSC), "-v", "0", "-H", "127.0.0.1", "-r", str(self.ports.smsc),
                "-i", "0"]
        # Unbuffered stdin: fgets must not swallow the next MO into stdio's buffer,
        # or it would wait there until the following line.
        stdbuf = shutil.which("stdbuf")
        if stdbuf:
            args = [stdbuf, "-i0", *args]
        proc = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE, cwd=self.workdir, start_new_session=True,
            limit=1 << 20)
        self._procs["fakesmsc"] = proc
        assert proc.stderr is not None and proc.stdin is not None
        self._tasks.append(asyncio.create_task(
            self._read_fakesmsc(proc.stderr, self.workdir / "fakesmsc.log")))
        self._tasks.append(asyncio.create_task(self._nudge_fakesmsc(proc.stdin)))

    async def stop(self) -> None:
        """Stop smsbox, then bearerbox, then fakesmsc (SIGTERM, SIGKILL after 5 s)."""
        if len(self._tasks) == 2:  # the nudger first: it writes to fakesmsc's stdin
            self._tasks[1].cancel()
        await asyncio.gather(*self._tasks[1:], return_exceptions=True)
        for name in ("smsbox", "bearerbox", "fakesmsc"):
            proc = self._procs.get(name)
            if proc is None:
                continue
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 5)
                except TimeoutError:
                    with contextlib.suppress(ProcessLookupError):
                        proc.kill()
                    await proc.wait()
            if proc.stdin is not None:
                # Only now: fakesmsc crashes on EOF of stdin (fgets NULL into strlen).
                proc.stdin.close()
                with contextlib.suppress(ConnectionError):
                    await proc.stdin.wait_closed()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._flush_text()


@contextlib.asynccontextmanager
async def kannel_gateway(app_url: str, *, secret: str | None = None, number: str = "8888",
                         path: str = "/sms/kannel", http_retries: int = 0,
                         max_messages: int = MAX_SEGMENTS, workdir: Path | None = None,
                         startup_timeout: float = 10.0) -> AsyncIterator[KannelGateway]:
    """Run a real Kannel in front of the app at ``app_url`` (e.g. ``http://127.0.0.1:8080``).

    smsbox calls ``<app_url><path>?from=%p&to=%P&text=%a&id=%I`` (plus
    ``&secret=<secret>``, URL-encoded, when given). ``number`` is the short
    number phones text and the sender of every reply. ``http_retries`` is
    smsbox's ``http-request-retry``: a call that does not answer 200/202 is
    made again, same URL and same ``id``, right away. ``max_messages`` is the
    sms-service's ``max-messages``, the app's ``--sms-max-parts``. Logs go to ``workdir``
    (default: a fresh temporary directory, removed afterwards unless the block
    failed). Everything is stopped on the way out, even on failure.
    """
    missing = kannel_missing()
    if missing:
        pytest.skip(missing)
    host = urllib.parse.urlsplit(app_url).hostname
    if host not in _LOOPBACK:
        raise ValueError(f"app_url must be on loopback, got {app_url!r}")
    # "%" starts a Kannel escape code: a literal one is "%%".
    query = "from=%p&to=%P&text=%a&id=%I"
    if secret is not None:
        query += "&secret=" + urllib.parse.quote(secret, safe="").replace("%", "%%")
    get_url = app_url.rstrip("/").replace("%", "%%") + path + "?" + query

    own_dir = workdir is None
    work = Path(tempfile.mkdtemp(prefix="kannel-")) if workdir is None else workdir
    work.mkdir(parents=True, exist_ok=True)
    ports = KannelPorts(*_free_ports(4))
    gw = KannelGateway(app_url, work, ports, number, http_retries, max_messages)
    gw.write_config(get_url)
    ok = False
    try:
        await gw.start(startup_timeout)
        yield gw
        ok = True
    finally:
        await gw.stop()
        if own_dir and ok:
            shutil.rmtree(work, ignore_errors=True)
