"""A filing's answer: the receipt as it stands now, and the reply that reads it back.

The conversation says it when it files (:mod:`dialogs.session`); the final
notification of a pending declaration (:mod:`channels.sms.notify`) says the same once
the registry settled it: the receipt (status, number, employer, worker, period) and
what the core said, in the conversation's language.
"""

from __future__ import annotations

from typing import Protocol

from core.model import Declaration, Employer, Identity, Period
from dialogs import prompts
from dialogs.turn import Expect, Input, Receipt, Reply

__all__ = ["read_back", "result_reply"]


class Reads(Protocol):
    """What the receipt is read from (:class:`core.service.Declarations`)."""

    async def employer(self, number: str) -> Employer | None: ...
    async def period(self, employer: Employer, period_id: str) -> Period | None: ...
    async def identity(self, ssin: str) -> Identity | None: ...


async def read_back(service: Reads, decl: Declaration) -> Receipt:
    """The receipt of ``decl``: its employer, its worker, its period as it stands now."""
    employer = await service.employer(decl.request.employer_number or "")
    period = await service.period(employer, decl.period_id) \
        if employer is not None and decl.period_id else None
    ssin = (period.ssin if period else None) or decl.request.ssin
    worker = await service.identity(ssin) if ssin else None
    return prompts.receipt(decl, employer, worker, period)


async def result_reply(service: Reads, decl: Declaration, language: str) -> Reply:
    """The reply that reads ``decl``'s result back, typed as the filing turn's is."""
    receipt = await read_back(service, decl)
    return Reply(tuple(prompts.result_messages(decl, receipt)), Expect(Input.NONE), True,
                 language, declaration=decl.declaration_id, result=decl.result.value,
                 outcome=decl.result, filed=decl, receipt=receipt)
