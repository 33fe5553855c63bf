"""What the service counts, for Prometheus (``GET /metrics``, :mod:`server.observe`).

Counters and histograms of this process (each process is scraped on its own; sum
them across instances in Prometheus, ``sum by (outcome) (rate(dimona_turns_total[5m]))``):

* ``dimona_turns_total{channel, outcome}`` — webhook turns (``sms``, ``voice``, ``api``)
  by outcome: ``answered`` (done here, first time), ``replayed`` (a redelivery given the
  stored reply), ``taken_over`` (a dead process's claim done here), ``unanswered`` (the
  first delivery still ran when the gateway gave up), ``failed`` (an error; the claim
  given back for the retry);
* ``dimona_redeliveries_total{channel}`` — deliveries seen before;
* ``dimona_declarations_total{kind, result}`` — declarations filed (one by one, and a
  batch file's lines once their chunk committed) and pending ones settled (``result``:
  A, W, B, S);
* ``dimona_refusals_total{reason}`` — requests refused before any work, by reason
  (``body_too_large``, ``bad_body``, ``unsupported_charset``, ``slow_body``, ``malformed_http``,
  ``over_capacity``, ``forbidden``, ``unauthorized``, ``rate_limited``, ``sms_too_long``);
* ``dimona_request_seconds{route, method}`` and ``dimona_turn_seconds{channel}`` —
  latency histograms.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector

__all__ = ["DECLARATIONS", "REDELIVERIES", "REFUSALS", "REGISTRY", "REQUEST_SECONDS", "TURNS",
           "TURN_SECONDS", "channel_of", "refused"]

#: The service's own registry, with the process's own figures (``process_*``).
REGISTRY: Final = CollectorRegistry(auto_describe=True)
_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0)

TURNS: Final = Counter("dimona_turns", "Webhook turns by channel and outcome",
                       ["channel", "outcome"], registry=REGISTRY)
REDELIVERIES: Final = Counter("dimona_redeliveries", "Deliveries seen before, by channel",
                              ["channel"], registry=REGISTRY)
DECLARATIONS: Final = Counter("dimona_declarations", "Declarations by kind and result",
                              ["kind", "result"], registry=REGISTRY)
REFUSALS: Final = Counter("dimona_refusals", "Requests refused before any work, by reason",
                          ["reason"], registry=REGISTRY)
REQUEST_SECONDS: Final = Histogram("dimona_request_seconds", "HTTP request latency",
                                   ["route", "method"], buckets=_BUCKETS, registry=REGISTRY)
TURN_SECONDS: Final = Histogram("dimona_turn_seconds", "Webhook turn latency, by channel",
                                ["channel"], buckets=_BUCKETS, registry=REGISTRY)


def channel_of(delivery: str) -> str:
    """The channel of a delivery id: its first part.

    >>> channel_of("sms:twilio:SM1"), channel_of("api:idempotency:op:k")
    ('sms', 'api')
    """
    return delivery.partition(":")[0]


def refused(reason: str) -> None:
    """Count a request refused before any work."""
    REFUSALS.labels(reason).inc()


ProcessCollector(registry=REGISTRY)  # the process's CPU, memory, open files
