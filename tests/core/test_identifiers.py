"""Identifiers: NISS/bis, enterprise, NSSO and period numbers (core.ids)."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidInput,
    InvalidLength,
)
from core.ids import enterprise, niss, nsso, period
from tests.core import _data

MODULES = (enterprise, niss, nsso, period)


# --------------------------------------------------------------------------- NSSO


@pytest.mark.parametrize(("typed", "compact"), [
    ("0009354-67", "000935467"),   # Belgian State (PersoPoint), seed 002
    ("1277920-67", "127792067"),   # seed 003 screenshot
    ("0001000-06", "000100006"),   # lowest definitive number
    ("1999999-34", "199999934"),   # highest definitive number
    ("5000000120", "5000000120"),  # lowest provisional number
    ("5999999989", "5999999989"),  # highest provisional number
    ("0009354 67", "000935467"),
    ("000.9354.67", "000935467"),
    ("50000001-20", "5000000120"),
])
def test_nsso_valid_examples(typed: str, compact: str) -> None:
    assert nsso.validate(typed) == compact
    assert nsso.is_valid(typed)


@pytest.mark.parametrize(("base", "check"), [
    ("0009354", "67"), ("1277920", "67"), ("0001000", "06"), ("1999999", "34"),
    ("50000001", "20"), ("59999999", "89"),
])
def test_nsso_check_digits_formula(base: str, check: str) -> None:
    assert nsso.check_digits(base) == check
    assert nsso.validate(base + check) == base + check


def test_nsso_check_is_not_the_enterprise_formula() -> None:
    # 97 - 9354 mod 97 would give 55; the NSSO formula gives 67
    assert f"{97 - 9354 % 97:02d}" == "55"
    assert not nsso.is_valid("0009354-55")


def test_nsso_check_zero_is_read_as_97() -> None:
    # (1002 * 100) mod 97 == 96, so 96 - 96 = 0 -> 97
    assert (1002 * 100) % 97 == 96
    assert nsso.check_digits("0001002") == "97"
    assert nsso.validate("0001002-97") == "000100297"
    with pytest.raises(InvalidChecksum):
        nsso.validate("0001002-00")


def test_nsso_format_and_groups() -> None:
    assert nsso.format("000935467") == "0009354-67"
    assert nsso.format("5000000120") == "50000001-20"
    assert nsso.groups("0009354-67") == ("0009354", "67")
    assert nsso.is_provisional("5999999989")
    assert not nsso.is_provisional("000935467")


@pytest.mark.parametrize(("typed", "error", "code"), [
    ("0009354-68", InvalidChecksum, "nsso.checksum"),
    ("1277920-66", InvalidChecksum, "nsso.checksum"),
    ("5000000121", InvalidChecksum, "nsso.checksum"),
    (_data.nsso("2000000"), InvalidComponent, "nsso.component"),    # first digit 2
    (_data.nsso("0000999"), InvalidComponent, "nsso.component"),    # below 0001000-06
    (_data.nsso("49999999"), InvalidComponent, "nsso.component"),   # provisional below range
    (_data.nsso("50000000"), InvalidComponent, "nsso.component"),   # 5000000097 < ...0120
    ("000000000", InvalidComponent, "nsso.component"),              # the value 0
    ("0000000000", InvalidComponent, "nsso.component"),
    ("12345", InvalidLength, "nsso.length"),
    ("00093546", InvalidLength, "nsso.length"),
    ("50000001200", InvalidLength, "nsso.length"),
    ("0009354-6A", InvalidFormat, "nsso.format"),
    ("", InvalidFormat, "nsso.format"),
])
def test_nsso_invalid(typed: str, error: type[InvalidInput], code: str) -> None:
    with pytest.raises(error) as info:
        nsso.validate(typed)
    assert info.value.code == code
    assert info.value.subject == "nsso"
    assert not nsso.is_valid(typed)


def test_nsso_length_error_carries_the_length() -> None:
    with pytest.raises(InvalidLength) as info:
        nsso.validate("1234-5")
    assert info.value.params == {"length": 5}


# --------------------------------------------------------------------- enterprise


@pytest.mark.parametrize(("typed", "compact"), [
    ("0566.988.259", "0566988259"),
    ("0403.199.702", "0403199702"),
    ("0403199702", "0403199702"),
    ("0403 199 702", "0403199702"),
    ("0403-199-702", "0403199702"),
    ("BE 0403.199.702", "0403199702"),
    ("be0403199702", "0403199702"),
    ("403.199.702", "0403199702"),          # the old nine-digit form
    ("0852.093.431", "0852093431"),         # seed screenshot value
    (_data.enterprise(10000000), "1000000021"),  # the new 1-series
])
def test_enterprise_valid_examples(typed: str, compact: str) -> None:
    assert enterprise.validate(typed) == compact
    assert enterprise.is_valid(typed)


def test_enterprise_check_is_97_minus_first_eight_mod_97() -> None:
    assert 5669882 % 97 == 38
    assert 97 - 38 == 59
    assert enterprise.validate("0566988259")[-2:] == "59"
    # a base divisible by 97 has check digits 97
    assert enterprise.validate("0010000797") == "0010000797"


def test_enterprise_format_and_groups() -> None:
    assert enterprise.format("0566988259") == "0566.988.259"
    assert enterprise.format("BE566988259") == "0566.988.259"
    assert enterprise.groups("0566.988.259") == ("0566", "988", "259")


@pytest.mark.parametrize(("typed", "error", "code"), [
    ("0566.988.258", InvalidChecksum, "enterprise.checksum"),
    ("0403199703", InvalidChecksum, "enterprise.checksum"),
    ("0403199720", InvalidChecksum, "enterprise.checksum"),
    (_data.enterprise(20000000), InvalidComponent, "enterprise.component"),
    (_data.enterprise(90000000), InvalidComponent, "enterprise.component"),
    ("0000000097", InvalidComponent, "enterprise.component"),   # the value 0
    ("04031997021", InvalidLength, "enterprise.length"),
    ("040319970", InvalidChecksum, "enterprise.checksum"),      # 9 digits: 0040319970
    ("04031997", InvalidLength, "enterprise.length"),
    ("0403.199.7O2", InvalidFormat, "enterprise.format"),
    ("BE", InvalidFormat, "enterprise.format"),
    ("FR0403199702", InvalidFormat, "enterprise.format"),
])
def test_enterprise_invalid(typed: str, error: type[InvalidInput], code: str) -> None:
    with pytest.raises(error) as info:
        enterprise.validate(typed)
    assert info.value.code == code
    assert not enterprise.is_valid(typed)


# --------------------------------------------------------------------------- NISS


@pytest.mark.parametrize(("typed", "compact"), [
    ("85.07.31-001.30", "85073100130"),
    ("85073100130", "85073100130"),
    ("85 07 31 001 30", "85073100130"),
    ("850731-001-30", "85073100130"),
    ("85.07.30-033.28", "85073003328"),
    ("00410219532", "00410219532"),        # bis, month 41: January, sex known (seed 003)
    ("00 41 02 195 32", "00410219532"),
    (_data.niss("852101", 1), _data.niss("852101", 1)),  # bis, month +20: sex unknown
    ("17073003384", "17073003384"),        # born 2017: the '2' variant
    (_data.W4, _data.W4),                  # born 2005: the '2' variant
    (_data.niss("050315", 2), _data.niss("050315", 2)),  # same digits, born 1905
    (_data.niss("014107", 1, from_2000=True), _data.niss("014107", 1, from_2000=True)),  # bis 2001
])
def test_niss_valid_examples(typed: str, compact: str) -> None:
    assert niss.validate(typed) == compact
    assert niss.is_valid(typed)


def test_niss_both_century_variants_are_accepted() -> None:
    before = _data.niss("100620", 45)
    after = _data.niss("100620", 45, from_2000=True)
    assert before != after
    assert niss.is_valid(before) and niss.is_valid(after)
    assert niss.birth_date(before) == datetime.date(1910, 6, 20)
    assert niss.birth_date(after) == datetime.date(2010, 6, 20)


def test_niss_bis_birth_date() -> None:
    assert niss.birth_date("00410219532") == datetime.date(1900, 1, 2)
    assert niss.birth_date(_data.niss("852101", 1)) == datetime.date(1985, 1, 1)
    assert niss.birth_date("85.07.31-001.30") == datetime.date(1985, 7, 31)


def test_niss_display_and_reading_groups() -> None:
    assert niss.format("85073100130") == "85.07.31-001.30"
    assert niss.format("85 07 31 001 30") == "85.07.31-001.30"
    assert niss.groups("85073100130") == ("850731", "001", "30")
    assert niss.groups("85.07.31-001.30") == ("850731", "001", "30")


@pytest.mark.parametrize(("typed", "error", "code"), [
    ("85073100131", InvalidChecksum, "niss.checksum"),
    ("85.07.30-033.29", InvalidChecksum, "niss.checksum"),
    ("00410219533", InvalidChecksum, "niss.checksum"),
    (_data.niss("851301", 1), InvalidComponent, "niss.component"),   # month 13
    (_data.niss("853301", 1), InvalidComponent, "niss.component"),   # month 33: neither nn nor bis
    (_data.niss("856101", 1), InvalidComponent, "niss.component"),   # month 61
    ("8507310013", InvalidLength, "niss.length"),
    ("850731001300", InvalidLength, "niss.length"),
    ("85O73100130", InvalidFormat, "niss.format"),
    ("85073100130x", InvalidFormat, "niss.format"),
    ("", InvalidFormat, "niss.format"),
])
def test_niss_invalid(typed: str, error: type[InvalidInput], code: str) -> None:
    with pytest.raises(error) as info:
        niss.validate(typed)
    assert info.value.code == code
    assert not niss.is_valid(typed)


def test_niss_length_error_carries_the_length() -> None:
    with pytest.raises(InvalidLength) as info:
        niss.validate("85.07.31-001")
    assert info.value.params == {"length": 9}
    assert info.value.code == "niss.length"


# ------------------------------------------------------------------------- period


def test_period_make_and_validate() -> None:
    assert period.make(1000000001) == "100000000162"
    assert period.validate("100000000162") == "100000000162"
    assert period.validate("1000 0000 0162") == "100000000162"
    assert period.validate(100000000162) == "100000000162"
    # 97 - (first ten digits mod 97)
    assert 97 - 1000000001 % 97 == 62
    # a base divisible by 97 gets check digits 97
    assert 1000000063 % 97 == 0
    assert period.make(1000000063) == "100000006397"
    assert period.is_valid("100000006397")


def test_period_groups_and_format() -> None:
    assert period.groups("100000000162") == ("100", "000", "000", "162")
    assert period.format("1000-0000-0162") == "100000000162"


@pytest.mark.parametrize(("typed", "error", "code"), [
    ("100000000126", InvalidChecksum, "period.checksum"),
    ("100000000163", InvalidChecksum, "period.checksum"),
    ("1234", InvalidLength, "period.length"),
    ("1000000001620", InvalidLength, "period.length"),
    ("10000000016a", InvalidFormat, "period.format"),
])
def test_period_invalid(typed: str, error: type[InvalidInput], code: str) -> None:
    with pytest.raises(error) as info:
        period.validate(typed)
    assert info.value.code == code
    assert not period.is_valid(typed)


# ------------------------------------------------------------------------- errors


def test_error_tree() -> None:
    for cls in (InvalidFormat, InvalidLength, InvalidChecksum, InvalidComponent):
        assert issubclass(cls, InvalidInput)
    assert issubclass(InvalidInput, ValueError)
    error = InvalidChecksum("niss")
    assert error.code == "niss.checksum"
    assert str(error) == "niss.checksum"  # a code, never a sentence
    assert InvalidComponent("nsso").code == "nsso.component"


# --------------------------------------------------------------------- properties

_SEPARATORS = st.sampled_from(["", " ", ".", "-", "  ", " - ", "/"])


@st.composite
def valid_niss(draw: st.DrawFn) -> str:
    from_2000 = draw(st.booleans())
    # the 2000 variant only exists for years already past
    year = draw(st.integers(2000, 2020) if from_2000 else st.integers(1920, 1999))
    birth = draw(st.dates(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    shift = draw(st.sampled_from([0, 0, 20, 40]))  # national or bis number
    yymmdd = f"{birth.year % 100:02d}{birth.month + shift:02d}{birth.day:02d}"
    return _data.niss(yymmdd, draw(st.integers(1, 998)), from_2000=from_2000)


valid_enterprise = st.integers(1, 19999999).map(_data.enterprise)
valid_nsso = st.one_of(
    st.integers(1000, 1999999).map(lambda b: _data.nsso(f"{b:07d}")),
    st.integers(50000002, 59999999).map(lambda b: _data.nsso(f"{b:08d}")),
)
valid_period = st.integers(0, 9_999_999_999).map(period.make)

VALID = {enterprise: valid_enterprise, niss: valid_niss(), nsso: valid_nsso, period: valid_period}


@st.composite
def spaced(draw: st.DrawFn, digits: str) -> str:
    return "".join(c + draw(_SEPARATORS) for c in digits)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.SUBJECT)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_format_round_trips(module, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    number = data.draw(VALID[module])
    assert module.validate(module.format(number)) == module.compact(number) == number
    assert "".join(module.groups(number)) == number
    assert module.validate(data.draw(spaced(number))) == number


@pytest.mark.parametrize("module", [enterprise, nsso, period], ids=lambda m: m.SUBJECT)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_single_digit_error_is_caught(module, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    number = data.draw(VALID[module])
    wrong = _data.flip(number, data.draw(st.integers(0, len(number) - 1)))
    assert not module.is_valid(wrong)
    with pytest.raises(InvalidInput):
        module.validate(wrong)


_JUNK = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 .-/BEbe\u00b2\u0663\uff11\u2013\u00a0\n", max_size=40),
    st.from_regex(r"[0-9][0-9 .\-]{0,20}", fullmatch=True),
    st.integers().map(str),
)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.SUBJECT)
@settings(max_examples=400, deadline=None)
@given(junk=_JUNK)
@example(junk="")
@example(junk="BE")
@example(junk="9" * 5000)      # longer than int() accepts by default
@example(junk="\u0663" * 11)   # non-ASCII digits
@example(junk="\uff10" * 10)
def test_junk_raises_only_invalid_input(module, junk: str) -> None:  # type: ignore[no-untyped-def]
    try:
        value = module.validate(junk)
    except InvalidInput as error:  # either outcome is allowed; each is checked
        assert error.code.startswith(module.SUBJECT + ".")  # noqa: PT017
        assert not module.is_valid(junk)
    else:
        assert module.is_valid(junk)
        assert value.isascii() and value.isdigit()
    for function in (module.compact, module.format, module.groups):
        with contextlib.suppress(InvalidInput):
            function(junk)
