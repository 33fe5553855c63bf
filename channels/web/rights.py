"""Who may see and declare what on the web pages: the API's rights, seen from a browser.

In demo mode (the service listens on loopback only) every page is open for the
registered employers, the demo ones listed first. Otherwise a page asks for a key —
the operator's token, or an employer's key (``dimona-talk api-keys add``) — and shows
only the data of the employers that key may act for. Keys resolve to principals
through the server's one :class:`~channels.common.principals.Authenticator`, as the
API's bearer keys do (:mod:`channels.common.principals`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from channels.common.principals import EmployerKey, Operator, Principal
from core.model import Employer

__all__ = ["EVERYONE", "Keys", "Principal", "employers_of", "may_see"]

#: The demo mode's principal: every employer.
EVERYONE: Principal = Operator()

#: Resolves a key typed on the key page to its principal, None when it is no key
#: (the server's ``Authenticator.resolve``).
Keys = Callable[[str], Awaitable[Principal | None]]


def may_see(principal: Principal | None, employer: Employer) -> bool:
    """May this visitor declare for and consult ``employer``?

    >>> shop = Employer(1, "Shop", "0403199702", "051234526")
    >>> may_see(EmployerKey(3, frozenset({1})), shop), may_see(EmployerKey(3, frozenset()), shop)
    (True, False)
    >>> may_see(EVERYONE, shop), may_see(None, shop)
    (True, False)
    """
    return principal is not None and principal.may_act_for(employer.employer_id)


def employers_of(principal: Principal | None) -> tuple[Employer, ...] | None:
    """The employers a key holds; None for a principal of every employer (or nobody)."""
    return principal.employers if isinstance(principal, EmployerKey) else None
