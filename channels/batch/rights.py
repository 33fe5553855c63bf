"""Who sends a batch, and the one check of its lines: may this principal act for employer X.

The rights layer (:mod:`channels.common.principals`) resolves the bearer key to a
principal: the operator (``--api-token``, or anyone in open loopback mode) may
act for every employer; an employer's key (``dimona-talk api-keys add``) for its
employers only (a secretariat's key holds many). A batch keeps its sender's id;
whoever processes it resolves that id again (:func:`sender_named`: a key removed
meanwhile acts for no one, so its remaining lines are refused) and hands the
core the principal's one check, ``may_act_for`` (:func:`allowed_by`): the core
refuses a line for another employer, an unknown one, or a period that is not
one of its employers' (:meth:`core.service.Declarations.submit_within`), before
judging it. Such a line gets its own notification (:func:`not_allowed`); the rest
goes on.
"""

from __future__ import annotations

import json
from typing import Final

from channels.common.principals import EmployerKey, Operator, Principal
from core import codec
from core.anomalies import NOT_MANDATED, Anomaly, Field
from core.service import Allowed
from core.store import ApiKeyStore

__all__ = ["NO_ONE", "allowed_by", "may_read", "not_allowed", "sender_named"]

#: The rights of a sender that no longer exists.
NO_ONE: Final[Allowed] = lambda employer_id: False  # noqa: E731 - a constant check


def allowed_by(principal: Principal | None) -> Allowed | None:
    """The core's check for this sender's lines: None for a principal who sees all."""
    if principal is None:
        return NO_ONE
    return None if principal.sees_all else principal.may_act_for


async def sender_named(name: str, keys: ApiKeyStore) -> Principal | None:
    """The principal a batch was sent by, as its keys stand now; None: it is gone."""
    if name == Operator().id:
        return Operator()
    for key in await keys.api_keys():
        found = EmployerKey(key.key_id, key.employer_ids, key.name, key.employers)
        if found.id == name:
            return found
    return None


def may_read(principal: Principal, sender: str) -> bool:
    """Only its sender, or a principal who sees all, reads a batch back."""
    return principal.sees_all or principal.id == sender


def not_allowed(employer: str | None) -> str:
    """The anomalies (codec JSON) of a line its sender may not declare.

    >>> json.loads(not_allowed("0403199702"))[0]["code"]
    '00014-932'
    """
    anomaly = Anomaly(NOT_MANDATED, params={"number": employer or ""}, field=Field.EMPLOYER)
    return json.dumps(codec.anomalies_to((anomaly,)))
