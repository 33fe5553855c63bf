"""One mutation POSTed to a subscriber's webhook, signed as Standard Webhooks sign them.

Headers (documented in the README):

* ``webhook-id``: the mutation's sequence — the same on every retry, so the
  receiver keeps the first and drops the others (also sent as ``Idempotency-Key``);
* ``webhook-timestamp``: seconds since the epoch when this attempt was signed;
* ``webhook-signature``: ``v1,`` and the base64 HMAC-SHA256, keyed with the
  subscriber's secret (the base64 after ``whsec_``), of ``{id}.{timestamp}.{body}``;
* ``Dimona-Deliberation``: the deliberation (also in the body).

Signing is the ``standardwebhooks`` package's, so any receiver with a Standard
Webhooks library checks it with the secret printed by ``subscribers add``.
Only a 2xx answer delivers; anything else, or no answer within the timeout, is
retried.
"""

from __future__ import annotations

import datetime

import aiohttp
from standardwebhooks import Webhook

from channels.feed.sending import Undelivered
from core.feed import Subscriber

__all__ = ["WebhookSender", "signed_headers"]


def signed_headers(secret: str, message_id: str, body: str, at: datetime.datetime
                   ) -> dict[str, str]:
    """The Standard Webhooks headers of ``body`` sent as ``message_id`` at ``at``.

    >>> headers = signed_headers("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "7", '{"a":1}',
    ...                          datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC))
    >>> headers["webhook-timestamp"], headers["webhook-signature"][:3]
    ('1796117400', 'v1,')
    """
    utc = at.astimezone(datetime.UTC)
    return {"webhook-id": message_id,
            "webhook-timestamp": str(int(utc.timestamp())),
            "webhook-signature": Webhook(secret).sign(message_id, utc, body)}


class WebhookSender:
    def __init__(self, session: aiohttp.ClientSession, timeout: float) -> None:
        self._session, self._timeout = session, aiohttp.ClientTimeout(total=timeout)

    async def send(self, subscriber: Subscriber, sequence: int, body: bytes) -> None:
        assert subscriber.webhook
        text = body.decode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": str(sequence),
                   "Dimona-Deliberation": subscriber.deliberation,
                   **signed_headers(subscriber.secret, str(sequence), text,
                                    datetime.datetime.now(datetime.UTC))}
        try:
            async with self._session.post(subscriber.webhook, data=body, headers=headers,
                                          timeout=self._timeout, allow_redirects=False) as resp:
                if not 200 <= resp.status < 300:
                    raise Undelivered(f"HTTP {resp.status}")
        except (aiohttp.ClientError, TimeoutError) as error:
            raise Undelivered(type(error).__name__) from error
