"""Who may see and declare what on the web pages: the API's rights, seen from a browser.

In demo mode (the service listens on loopback only) every page is open for the
registered employers, the demo ones listed first. Otherwise a page asks for an
employer key and shows only the data of the employers that key may act for.
A key is resolved by :class:`Keys` (the same layer as the API's bearer tokens).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pydantic import SecretStr

from core.model import Employer

__all__ = ["EVERYONE", "Keys", "Principal", "operator_keys"]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as: every employer (``employers`` None), or those listed
    (their enterprise or NSSO numbers)."""

    employers: tuple[str, ...] | None = None
    demo: bool = False

    def may_act_for(self, employer: Employer) -> bool:
        """May this principal declare for and consult ``employer``?

        >>> shop = Employer(1, "Shop", "0403199702", "051234526")
        >>> Principal(("051234526",)).may_act_for(shop)
        True
        >>> Principal(("0852093431",)).may_act_for(shop)
        False
        >>> EVERYONE.may_act_for(shop)
        True
        """
        if self.employers is None:
            return True
        own = {employer.enterprise_number, employer.nsso_number} - {None}
        return any(number in own for number in self.employers)


#: The demo mode's principal: every employer.
EVERYONE = Principal(None, demo=True)

#: Resolves a key typed on the key page to its principal, None when it is no key.
Keys = Callable[[str], Awaitable[Principal | None]]


def operator_keys(token: SecretStr | None) -> Keys:
    """Only the operator's API token, which acts for every employer."""

    async def resolve(key: str) -> Principal | None:
        if token is None or not key:
            return None
        if hmac.compare_digest(key.encode(), token.get_secret_value().encode()):
            return Principal(None)
        return None

    return resolve
