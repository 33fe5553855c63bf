"""Final notifications: tell whoever watches a declaration its final result, once.

A pending declaration becomes final when the identity registry settles it —
positively (the worker is identified: A or W), or negatively (nobody after the
identification delay, or ``dimona-talk registry reject``: B) — whichever process
does it: a server's background round, ``registry import workers``, ``registry
reject``. :func:`notify_final` then tells each of its watchers, from the store: a
watcher of a final declaration not told yet is claimed (for :data:`CLAIM` at most), sent
its SMS and marked told; a send that fails is offered again next round. The SMS is the
receipt as the conversation reads it back when it files (:mod:`dialogs.final`), in the
conversation's language, rendered as its replies are (compact when it does not fit
``--sms-max-parts``). So a final result reaches each watcher exactly once, whoever
settled it and whichever process tells it: a claim names its owner, so the claim of a
process that died mid-send is taken over at once (:mod:`core.store.protocols.watchers`).
"""

from __future__ import annotations

import datetime
import logging
from typing import Final

import aiohttp

from channels.sms.outbound import Sender, SendFailed
from channels.sms.render import sms_text
from core.clock import Clock
from core.model import Declaration
from core.service import Declarations
from core.store import EnrollmentStore, WatcherStore
from dialogs.final import result_reply

__all__ = ["CLAIM", "notify_final", "resolve_and_notify"]

#: How long a notification stays claimed by the process sending it.
CLAIM: Final = datetime.timedelta(minutes=2)

_log = logging.getLogger(__name__)


async def _language(watchers: WatcherStore, enrollments: EnrollmentStore,
                    declaration_id: str, address: str, phone: str) -> str:
    """The language of the conversation that filed; else the phone's; else French."""
    said = await watchers.watcher_language(declaration_id, address)
    if said:
        return said
    found = await enrollments.phone_enrollments(phone)
    return found[0].conversation_language if found else "fr"


async def _tell(service: Declarations, decl: Declaration, phone: str, lang: str,
                sender: Sender, max_parts: int) -> bool:
    """The receipt as the conversation reads it back, as one SMS within ``max_parts``."""
    text = sms_text(await result_reply(service, decl, lang), max_parts)
    try:
        await sender.send(phone, text)
    except (aiohttp.ClientError, TimeoutError, SendFailed):  # one phone down: tell the others
        _log.exception("final notification of %s failed", decl.declaration_id)
        return False
    return True


async def notify_final(service: Declarations, enrollments: EnrollmentStore,
                       watchers: WatcherStore, sender: Sender | None, clock: Clock,
                       max_parts: int) -> int:
    """Tell every watcher of a final declaration not told yet; how many were told."""
    if sender is None:  # nothing can go out: leave them for a process that can send
        return 0
    told = 0
    for declaration_id, address in await watchers.unnotified(clock.now()):
        channel, _, phone = address.partition(":")
        decl = await service.get(declaration_id)
        now = clock.now()
        if channel != "sms" or decl is None or not await watchers.claim_notification(
                declaration_id, address, now, now + CLAIM):
            continue
        lang = await _language(watchers, enrollments, declaration_id, address, phone)
        if await _tell(service, decl, phone, lang, sender, max_parts):
            await watchers.notified(declaration_id, address, clock.now())
            told += 1
        else:
            await watchers.release_notification(declaration_id, address)
    return told


async def resolve_and_notify(service: Declarations, enrollments: EnrollmentStore,
                             watchers: WatcherStore, sender: Sender | None,
                             max_parts: int) -> int:
    """Settle what the registry can settle now, then tell every watcher of a final
    declaration not told yet (also those settled elsewhere). Returns how many settled."""
    resolved = await service.resolve_pending()
    await notify_final(service, enrollments, watchers, sender, service.clock, max_parts)
    return len(resolved)
