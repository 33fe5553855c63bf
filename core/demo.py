"""Synthetic demo data: employers and workers that exist nowhere else.

Every number is valid (check digits computed), none belongs to anyone real as
far as we know. ``serve --demo`` loads them; loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Final

from core.model import Employer, Identity
from core.store import Store

__all__ = ["EMPLOYERS", "IDENTITIES", "load_demo"]

_D = datetime.date

EMPLOYERS: Final = (
    Employer(0, "Brasserie du Marché", "0403199702", None, "fr"),
    Employer(0, "Eetcafé De Gentse Haven", "0852093431", None, "nl"),
    Employer(0, "Gasthof Eupener Land", "0202400002", None, "de"),
    Employer(0, "Ferme des Coteaux", "0877123488", None, "fr"),
    Employer(0, "Tuinbouw Van Damme", "0566988259", None, "nl"),
    Employer(0, "Payroll Partners", "1001234592", None, "en"),
    Employer(0, "Boulangerie Martin", None, "051234526", "fr"),
    # The Belgian State's NSSO number, under which PersoPoint members without a number of
    # their own declare, each with its sub-entity code (circular 522); the codes are made up.
    Employer(0, "État belge - PersoPoint", None, "000935467", "fr",
             ("0000522001", "0000522002", "0000522003")),
)

IDENTITIES: Final = (
    Identity("Peeters", "Jan", _D(1985, 7, 31), "85073100130"),
    Identity("Dubois", "Marie", _D(1992, 4, 15), "92041512230"),
    Identity("Schmitz", "Lukas", _D(2001, 2, 3), "01020300467"),
    Identity("Janssens", "Emma", _D(1999, 1, 1), "99010133374"),
    Identity("Lambert", "Chloé", _D(2003, 5, 12), "03051204513"),
    Identity("Meyer", "Klaus", _D(1976, 9, 1), "76090121061"),
    Identity("De Smet", "Pieter", _D(1988, 6, 12), "88061216309"),
    Identity("Hoffmann", "Lea", _D(2004, 2, 28), "04022804617"),
)


async def load_demo(store: Store) -> None:
    await store.put_employers(EMPLOYERS)
    await store.put_identities(IDENTITIES)
