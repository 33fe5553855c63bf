"""Who sends a batch, and the one check of its lines: may this principal act for employer X.

A bearer token resolves to a principal: the operator (``--api-token``, or the
open loopback mode), who may act for every employer, or, once per-employer API
keys exist, an employer key with its employers. A file may only hold lines for
its principal's employers: :func:`refusal` is the one call the batch channel
makes per line; any other line is refused with its own notification.

This is a seam until the API keys land: :class:`Principal` is what the batch
channel needs of theirs, and :data:`OPERATOR` the only principal today.
"""

from __future__ import annotations

import json
from typing import Final, Protocol

from core import codec
from core.anomalies import NOT_MANDATED, Anomaly, Field

__all__ = ["OPERATOR", "Operator", "Principal", "refusal"]


class Principal(Protocol):
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


class Operator:
    """Whoever runs the service: every employer."""

    name = "operator"

    def may_act_for(self, employer: str) -> bool:
        return True

    def may_read(self, principal: str) -> bool:
        return True


OPERATOR: Final = Operator()


def refusal(principal: Principal, employer: str | None) -> str | None:
    """The anomalies (codec JSON) a line is refused with when its principal may not act
    for its employer; None when it may (a line without an employer is the core's to refuse).

    >>> refusal(OPERATOR, "0403199702") is None
    True
    """
    if employer is None or principal.may_act_for(employer):
        return None
    anomaly = Anomaly(NOT_MANDATED, params={"number": employer}, field=Field.EMPLOYER)
    return json.dumps(codec.anomalies_to((anomaly,)))
