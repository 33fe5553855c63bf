"""Belgian identifiers used by a Dimona, one module each with one interface.

Every module exposes ``compact``, ``validate`` (returns the compact value or
raises a :mod:`core.errors` error), ``is_valid``, ``format`` (for display) and
``groups`` (digit groups for reading aloud).
"""

from core.ids import enterprise, niss, nsso, period, subentity
from core.ids._digits import is_digits, threes

__all__ = ["employer_scheme", "enterprise", "is_digits", "niss", "nsso", "period", "reading_groups",
           "subentity"]


def employer_scheme(number: str) -> str:
    """Which number an employer gave: ``enterprise`` (10 digits from 0 or 1), else ``nsso``.

    >>> employer_scheme("0403.199.702"), employer_scheme("051234526"), employer_scheme("5000000120")
    ('enterprise', 'nsso', 'nsso')
    """
    digits = "".join(c for c in number if c.isdigit())
    return "enterprise" if len(digits) == 10 and digits[0] in "01" else "nsso"


def reading_groups(number: str) -> tuple[str, ...]:
    """The digit groups to read a number aloud in, by the identifier its length makes.

    9 digits, or 10 starting with 5: an NSSO number; 10: an enterprise number;
    11: a NISS; 12: a period id or declaration number; anything else: threes.

    >>> reading_groups("85.07.31-001.30"), reading_groups("0403199702")
    (('850731', '001', '30'), ('0403', '199', '702'))
    >>> reading_groups("000935467"), reading_groups("100000000162"), reading_groups("1234")
    (('0009354', '67'), ('100', '000', '000', '162'), ('123', '4'))
    """
    digits = "".join(c for c in number if c.isdigit())
    size = len(digits)
    module = {9: nsso, 11: niss, 12: period}.get(size)
    if size == 10:
        module = nsso if digits.startswith("5") else enterprise
    if module is not None:
        found: tuple[str, ...] = module.groups(digits)
        return found
    return threes(digits)
