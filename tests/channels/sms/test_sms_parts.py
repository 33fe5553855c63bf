"""The SMS parts a reply may use (``--sms-max-parts``): nothing is ever cut or dropped.

Through the signed Twilio webhook of the real app: a summary that does not fit
is written compact (short labels, one line per field, from the reply's typed
summary), the receipt too, in fr/nl/de/en; what is filed is what the compact
summary showed.
"""

from __future__ import annotations

from typing import Any

import pytest

from channels.sms.segments import MAX_SEGMENTS, segments
from tests.channels.sms.test_sms_twilio import PUBLIC, TOKEN, Client, enroll, periods, sms

#: What each language's compact summary of the agency IN shows, line by line.
COMPACT = {
    "fr": ("oui", ["Dimona IN :", "Empl. : Brasserie du Marché", "Trav. : Jan Peeters",
                   "CP 322", "Type EXT", "Début 29/12/2026", "Fin 29/12/2026", "09:00-17:00",
                   "Utilisatrice 0852093431 CP 302", "Envoyer ? Répondez OUI (1) ou NON (2)."],
           ["Acceptée : IN 100000000162, envoyée le 01/12/2026 09:30",
            "Empl. : Brasserie du Marché 0403199702", "Trav. : Jan Peeters 85.07.31-001.30",
            "Pér. 100000000162 : 29/12/2026-29/12/2026", "09:00-17:00"]),
    "nl": ("ja", ["Dimona IN:", "Wg.: Brasserie du Marché", "Wn.: Jan Peeters", "PC 322",
                  "Type EXT", "Begin 29/12/2026", "Einde 29/12/2026", "09:00-17:00",
                  "Gebruiker 0852093431 PC 302", "Versturen? Antwoord JA (1) of NEE (2)."],
           ["Aanvaard: IN 100000000162, verzonden 01/12/2026 09:30",
            "Wg.: Brasserie du Marché 0403199702", "Wn.: Jan Peeters 85.07.31-001.30",
            "Periode 100000000162: 29/12/2026-29/12/2026", "09:00-17:00"]),
    "de": ("ja", ["Dimona IN:", "AG: Brasserie du Marché", "AN: Jan Peeters", "PK 322",
                  "Art EXT", "Beginn 29.12.2026", "Ende 29.12.2026", "09:00-17:00",
                  "Benutzer 0852093431 PK 302", "Absenden? Antworten Sie JA (1) oder NEIN (2)."],
           ["Akzeptiert: IN 100000000162, gesendet 01.12.2026 09:30",
            "AG: Brasserie du Marché 0403199702", "AN: Jan Peeters 85.07.31-001.30",
            "Periode 100000000162: 29.12.2026-29.12.2026", "09:00-17:00"]),
    "en": ("yes", ["Dimona IN:", "Empl.: Brasserie du Marché", "Wkr: Jan Peeters", "JC 322",
                   "Type EXT", "Start 29/12/2026", "End 29/12/2026", "09:00-17:00",
                   "User 0852093431 JC 302", "Submit? Answer YES (1) or NO (2)."],
           ["Accepted: IN 100000000162, sent 01/12/2026 09:30",
            "Empl.: Brasserie du Marché 0403199702", "Wkr: Jan Peeters 85.07.31-001.30",
            "Per. 100000000162: 29/12/2026-29/12/2026", "09:00-17:00"]),
}
AGENCY = "IN 85073100130 322 EXT 29/12 9h-17h utilisateur 0852093431 cp 302"


@pytest.mark.parametrize("lang", COMPACT)
async def test_a_summary_that_does_not_fit_is_written_compact(app_client: Any, lang: str
                                                              ) -> None:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC,
                                      sms_max_parts=1)
    await enroll(client, lang=lang)
    yes, summary, receipt = COMPACT[lang]
    shown = await sms(client, AGENCY, f"SMc{lang}1")
    assert shown.splitlines()[:len(summary)] == summary, shown
    assert segments(shown) <= 2  # compact, but whole: a longer SMS beats a cut one
    done = await sms(client, yes, f"SMc{lang}2")
    assert done.splitlines() == receipt
    [period] = await periods(client)
    assert period | {"startDate": "2026-12-29", "endDate": "2026-12-29", "startHour": "0900",
                     "endHour": "1700", "userEnterpriseNumber": "0852093431",
                     "userJointCommissionNumber": "302", "jointCommissionNumber": "322"
                     } == period


async def test_the_default_parts_hold_the_whole_summary_in_full(app_client: Any) -> None:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC)
    await enroll(client, lang="fr")
    shown = await sms(client, AGENCY, "SMd1")
    assert "Entreprise utilisatrice : 0852093431, commission paritaire Horeca" in \
        shown.splitlines()
    assert segments(shown) <= MAX_SEGMENTS == 4


async def test_an_update_shown_compact_says_what_it_replaces(app_client: Any) -> None:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC,
                                      sms_max_parts=1, sms_rate=100)
    await enroll(client, lang="fr")
    await sms(client, "IN 01020300467 XXX STU du 3/12 au 20/12 40 heures", "SMu1")
    await sms(client, "oui", "SMu2")
    shown = await sms(client, "prolonger Lukas jusqu'au 23/12", "SMu3")
    assert "Fin 23/12/2026 (avant 20/12/2026)" in shown.splitlines(), shown
    await sms(client, "oui", "SMu4")
    [period] = await periods(client, "01020300467")
    assert period["endDate"] == "2026-12-23"


@pytest.mark.parametrize("value", ["0", "11", "many"])
async def test_the_parts_setting_is_checked(app_client: Any, value: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="sms_max_parts"):
        await app_client(sms_max_parts=value)
