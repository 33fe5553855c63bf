"""Who sends a batch, and the one check of its lines: may this principal act for employer X.

The API's principal layer (:mod:`channels.rest.principals`) resolves the bearer
token once per request: the operator (``--api-token``, or the open loopback
mode) may act for every employer; an institution's key opens its feed and
nothing else (the layer refuses it here with 403). A file may only hold lines
for its sender's employers: :func:`refusal` is the one call the batch channel
makes per line; any other line is refused with its own notification.

:class:`Sender` is what the batch channel needs of a principal, kept with the
batch (:attr:`Sender.name`) so that only its sender reads it back. Employer API
keys, when the principal layer has them, answer the same three questions.
"""

from __future__ import annotations

import json
from typing import Final, Protocol

from channels.rest.principals import Operator, Principal
from core import codec
from core.anomalies import NOT_MANDATED, Anomaly, Field

__all__ = ["OPERATOR", "Sender", "refusal", "sender_of"]


class Sender(Protocol):
    @property
    def name(self) -> str:
        """Kept with each batch: who sent it (only they, and the operator, read it back)."""
        ...

    def may_act_for(self, employer: str) -> bool:
        """Whether it may declare for the employer with this enterprise or NSSO number."""
        ...

    def may_read(self, principal: str) -> bool:
        """Whether it may read what the principal named so sent."""
        ...


class _Operator:
    """Whoever runs the service: every employer, every batch."""

    name = "operator"

    def may_act_for(self, employer: str) -> bool:
        return True

    def may_read(self, principal: str) -> bool:
        return True


OPERATOR: Final = _Operator()


def sender_of(principal: Principal) -> Sender:
    """The batch sender a principal is (the principal layer lets only these through)."""
    if isinstance(principal, Operator):
        return OPERATOR
    raise TypeError(f"{type(principal).__name__} may not send batch files")


def refusal(sender: Sender, employer: str | None) -> str | None:
    """The anomalies (codec JSON) a line is refused with when its sender may not act for
    its employer; None when it may (a line without an employer is the core's to refuse).

    >>> refusal(OPERATOR, "0403199702") is None
    True
    """
    if employer is None or sender.may_act_for(employer):
        return None
    anomaly = Anomaly(NOT_MANDATED, params={"number": employer}, field=Field.EMPLOYER)
    return json.dumps(codec.anomalies_to((anomaly,)))
