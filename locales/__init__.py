"""Every word dimona-talk says, in French, Dutch, German and English.

User-facing text lives here and nowhere else. Code passes
:class:`Message` objects (a stable id such as ``"anomaly.00913-355"`` and
parameters) and renders them as late as possible, in the language of the
caller or conversation:

>>> from locales import Message, localize
>>> localize(Message("kind.CANCEL"), "de")
'Annullierung'
>>> localize(Message("result.A"), "fr"), localize(Message("result.A"), "nl")
('Acceptée', 'Aanvaard')

The language is always an argument: there is no ``gettext.install`` and no
current language, because one process serves callers in four languages.

- :mod:`locales.texts` holds the registry (id -> English source text);
- ``<lang>/LC_MESSAGES/messages.po`` hold the translations, compiled to
  ``.mo`` next to them (committed, so installing needs no build step);
- ``locales/update.sh`` re-extracts, updates and compiles them.
"""

from locales._base import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    LOCALES,
    N_,
    Message,
    Short,
    check_language,
)
from locales._describe import describe, message_for, nsso_anomaly
from locales._render import localize, localize_all, translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALES",
    "N_",
    "Message",
    "Short",
    "check_language",
    "describe",
    "localize",
    "localize_all",
    "message_for",
    "nsso_anomaly",
    "translations",
]
