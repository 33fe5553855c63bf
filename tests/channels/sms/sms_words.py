"""The words a caller of each language types to declare by SMS, for the channel tests."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGS", "Words"]


@dataclass(frozen=True)
class Words:
    lang: str
    employer_id: int
    enterprise: str
    name: str
    yes: str
    out: str
    update: str
    cancel: str
    committee_label: str  # how the summary names joint committee 302


LANGS = [
    Words("fr", 1, "0403199702", "Brasserie du Marché", "oui", "sortie", "modification",
          "annulation", "Horeca"),
    Words("nl", 2, "0852093431", "Eetcafé De Gentse Haven", "ja", "uitdiensttreding",
          "wijziging", "annulatie", "Horeca"),
    Words("de", 3, "0202400002", "Gasthof Eupener Land", "ja", "Abmeldung", "Änderung",
          "Stornierung", "Hotel- und Gaststättengewerbe"),
]
