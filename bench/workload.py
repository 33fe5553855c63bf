"""What the benchmarks send: synthetic workers and phones, Twilio-signed SMS conversations.

Everything is deterministic: the load generator (another process) rebuilds the
same requests from the same parameters. Numbers are synthetic, with valid check
digits, and belong to nobody as far as we know.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

TOKEN: Final = "bench-auth-token"
NOW: Final = "2026-12-01T09:30:00+01:00"  # DIMONA_NOW of every server
PATH: Final = "/sms/twilio"
BODY_LIMIT: Final = 64 * 1024


def niss(n: int) -> str:
    """The ``n``-th synthetic NISS: a birth date in 1960-1989 and a sequence number.

    >>> niss(0), niss(1)
    ('60010100172', '60010100271')
    """
    day = datetime.date(1960, 1, 1) + datetime.timedelta(days=n // 400)
    base = f"{day:%y%m%d}{n % 400 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def phone(n: int) -> str:
    return f"+3247{5000000 + n:07d}"


def employer(n: int) -> str:
    """The enterprise number of phone ``n``'s employer (a restaurant of its own, say: with
    one employer for all, every horeca IN waits for the previous one to commit, see
    docs/benchmarks.md).

    >>> employer(0), employer(1)
    ('0400000086', '0400000185')
    """
    base = f"{4_000_000 + n:08d}"
    return f"{base}{97 - int(base) % 97:02d}"


def lines(worker: str) -> list[tuple[str, str | None]]:
    """One IN over SMS from an enrolled phone: each text, and what its reply must contain."""
    return [("bonjour", None), ("1", None), (worker, None), ("302", None), ("EXT", None),
            ("15/12", None), ("18h", None), ("23h", "Envoyer"), ("oui", "Accept")]


TURNS_PER_CONVERSATION: Final = len(lines(niss(0)))


@dataclass(frozen=True, slots=True)
class Plan:
    """Who talks to which servers: ``users`` phones, ``conversations`` each (+ warm-up)."""

    ports: tuple[int, ...]
    users: int
    conversations: int
    warmup: int = 1
    run: str = "r"  # distinguishes message ids between runs on one store
    host: str = "127.0.0.1"
    kind: str = "sms"  # sms (pre-built requests) or voice (signed as the call goes)
    rate: float = 0.0  # open loop: turns/s arriving, all users together; 0: closed loop

    def to_json(self) -> str:
        return json.dumps({"ports": self.ports, "users": self.users,
                           "conversations": self.conversations, "warmup": self.warmup,
                           "run": self.run, "host": self.host, "kind": self.kind,
                           "rate": self.rate})

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        return cls(tuple(data["ports"]), data["users"], data["conversations"], data["warmup"],
                   data["run"], data["host"], data["kind"], data.get("rate", 0.0))

    @property
    def workers(self) -> int:
        return self.users * (self.conversations + self.warmup)

    def worker(self, user: int, conversation: int) -> str:
        return niss(conversation * self.users + user)


@dataclass(frozen=True, slots=True)
class Request:
    port: int
    data: bytes  # the whole HTTP request
    expect: str | None  # a text the reply must contain


_FIXED: Final = {"AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01", "NumMedia": "0",
                 "NumSegments": "1", "SmsStatus": "received", "To": "+3225550100",
                 "ToCountry": "BE", "FromCountry": "BE"}


def twilio_request(host: str, port: int, sender: str, body: str, sid: str,
                   validator: RequestValidator) -> bytes:
    """A Twilio SMS webhook POST as Twilio sends it, signed for its exact URL."""
    form = {**_FIXED, "From": sender, "Body": body, "MessageSid": sid, "SmsSid": sid,
            "SmsMessageSid": sid}
    url = f"http://{host}:{port}{PATH}"
    signature = validator.compute_signature(url, form)
    payload = urlencode(form).encode()
    head = (f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


def conversations(plan: Plan, user: int) -> list[list[Request]]:
    """The user's warm-up then measured conversations; turns alternate between ports."""
    validator = RequestValidator(TOKEN)
    out, turn = [], user  # users start on different ports
    for number in range(plan.warmup + plan.conversations):
        talk: list[Request] = []
        for text, expect in lines(plan.worker(user, number)):
            port = plan.ports[turn % len(plan.ports)]
            sid = f"SM{plan.run}{user:04d}{number:04d}{len(talk):02d}"
            talk.append(Request(port, twilio_request(plan.host, port, phone(user), text, sid,
                                                     validator), expect))
            turn += 1
        out.append(talk)
    return out
