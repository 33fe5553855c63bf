"""Final notifications: resolve pending declarations and tell whoever watches them."""

from __future__ import annotations

import logging

import aiohttp

from channels.sms.outbound import Sender
from channels.sms.segments import compose
from core.service import Declarations
from core.store import EnrollmentStore, WatcherStore
from dialogs.prompts import result_messages
from locales import localize

__all__ = ["resolve_and_notify"]

_log = logging.getLogger(__name__)


async def _language(enrollments: EnrollmentStore, phone: str) -> str:
    found = await enrollments.phone_enrollments(phone)
    if not found:
        return "fr"
    return found[0].conversation_language


async def resolve_and_notify(service: Declarations, enrollments: EnrollmentStore,
                             watchers: WatcherStore, sender: Sender | None) -> int:
    """Resolve what can be; send each watcher the final result. Returns how many resolved."""
    resolved = await service.resolve_pending()
    for decl in resolved:
        for address in await watchers.watchers(decl.declaration_id):
            channel, _, phone = address.partition(":")
            if channel != "sms" or sender is None:
                continue
            lang = await _language(enrollments, phone)
            text = compose([localize(m, lang) for m in result_messages(decl)])
            try:
                await sender.send(phone, text)
            except (aiohttp.ClientError, TimeoutError):  # one phone down: tell the others
                _log.exception("final notification to %s failed", phone)
    return len(resolved)
