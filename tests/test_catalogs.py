"""The catalogs: complete, consistent with the registry, compiled, SMS-friendly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import locales
from locales import LANGUAGES
from locales.texts import TEXTS

LOCALE_DIR = Path(locales.__file__).parent
ROOT = LOCALE_DIR.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: The GSM 03.38 default alphabet and its extension table: one SMS segment
#: holds 160 of these, but only 70 characters once any other one appears.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)
#: Families never sent by SMS (REST, command line, voice, web pages, batch files).
NOT_SMS = ("api.", "import.", "json.", "phones.", "voice.", "subscribers.", "web.", "api_keys.",
           "registry.", "serve.", "batch.")

SOURCES = set(TEXTS.values())
languages = pytest.mark.parametrize("lang", LANGUAGES)


def _po(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po)


def _translations(catalog: Catalog) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog if m.id and not m.fuzzy}


def test_english_texts_are_unique() -> None:
    """Two ids with one English text would be forced to share a translation."""
    assert len(SOURCES) == len(TEXTS)


def test_every_text_is_marked_for_extraction() -> None:
    """Each registry entry is one ``N_`` call, and no part overwrites another's id."""
    found = [message for path in sorted(LOCALE_DIR.glob("*.py"))
             for _, message, _, _ in extract_from_file("python", str(path), keywords={"N_": None})]
    assert set(found) == SOURCES and len(found) == len(TEXTS)


def test_pyproject_extracts_the_marker() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        mappings = tomllib.load(file)["tool"]["babel"]["mappings"]
    assert any("N_" in m.get("keywords", []) for m in mappings if m["method"] == "python")


def test_template_matches_the_registry() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    assert {m.id for m in template if m.id} == SOURCES


@languages
def test_catalog_matches_the_registry(lang: str) -> None:
    catalog = _po(lang)
    assert {m.id for m in catalog if m.id} == SOURCES
    assert not catalog.obsolete


@languages
def test_nothing_untranslated(lang: str) -> None:
    assert [m.id for m in _po(lang) if m.id and not m.string] == []


@languages
def test_nothing_fuzzy(lang: str) -> None:
    catalog = _po(lang)
    assert not catalog.fuzzy, "the header is fuzzy: pybabel compile would skip the catalog"
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


@languages
def test_babel_check_reports_no_error(lang: str) -> None:
    assert [(m.id, errors) for m, errors in _po(lang).check()] == []


@languages
def test_placeholders_match(lang: str) -> None:
    """Same named placeholders, and no stray ``%`` that would break ``text % params``."""
    for source, text in _translations(_po(lang)).items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), text
        assert "%" not in PLACEHOLDER.sub("", text), text


@languages
def test_compiled_catalog_is_up_to_date(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        compiled = read_mo(mo)
    assert {m.id: m.string for m in compiled if m.id} == _translations(_po(lang))


def test_english_catalog_is_the_source() -> None:
    assert all(text == source for source, text in _translations(_po("en")).items())


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_translations_are_not_english(lang: str) -> None:
    """Sentences must be translated; only short labels may equal English."""
    same = [s for s, text in _translations(_po(lang)).items() if text == s
            and " " in PLACEHOLDER.sub("", s).strip(" :") and not s.startswith("Dimona ")]
    assert same == []


@languages
def test_sms_texts_are_gsm7(lang: str) -> None:
    """Prefer words that fit the GSM alphabet: é è à ù ä ö ü ß do, ê ç ô ë ’ « » do not."""
    texts = _translations(_po(lang))
    for message_id, source in TEXTS.items():
        if not message_id.startswith(NOT_SMS):
            assert set(texts[source]) <= GSM7, (message_id, set(texts[source]) - GSM7)
