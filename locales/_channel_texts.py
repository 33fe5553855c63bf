"""The channel texts of the registry: what the SMS gateway and the admin commands say.

Part of :data:`locales.texts.TEXTS`. ``sms.*`` replies go out by SMS (short,
GSM-7 characters); ``phones.*`` are printed by ``dimona-talk phones``; ``voice.*``
are spoken by the voice servers.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["CHANNEL_TEXTS"]

_SMS: Final = {
    # TRANSLATORS: sent to a phone that no employer has enrolled; it must not say anything
    # about any employer or worker.
    "sms.unknown_phone": N_(
        "This phone is not enrolled for Dimona by SMS. Ask your employer to enroll it "
        "with dimona-talk phones add."),
    "sms.slow_down": N_("Too many messages: please wait a minute before sending the next one."),
}

_PHONES: Final = {
    # TRANSLATORS: %(phone)s is a phone number, %(name)s an employer's name.
    "phones.added": N_("Phone %(phone)s may now declare for %(name)s."),
    # TRANSLATORS: %(count)s is how many employers the phone was removed from.
    "phones.removed": N_("Phone %(phone)s removed (%(count)s enrollments)."),
    # TRANSLATORS: one line of a list: %(language)s is fr, nl, de or en; %(pin)s is PIN or -.
    "phones.item": N_("%(phone)s  %(name)s  %(language)s  %(pin)s"),
    "phones.bad_phone": N_("Not a phone number: %(phone)s."),
    "phones.unknown_employer": N_("No employer with number %(number)s is registered here."),
}

_VOICE: Final = {
    # TRANSLATORS: the language menu of a phone call; each language names itself.
    "voice.language_menu": N_("For English, press 4."),
    "voice.pin": N_("Please type your PIN code, then the hash key."),
    "voice.pin.wrong": N_("That PIN code is not right."),
    # TRANSLATORS: %(minutes)s is a number of minutes.
    "voice.pin.locked": N_(
        "Too many wrong PIN codes: this phone is locked for %(minutes)s minutes. Goodbye."),
    "voice.unknown_caller": N_(
        "This phone is not enrolled for Dimona by phone. Ask your employer to enroll it. "
        "Goodbye."),
    "voice.keys": N_("Press star to go back, 0 for help, 9 to stop."),
    "voice.transfer": N_("Please hold, we transfer your call."),
    "voice.goodbye": N_("Goodbye."),
    "voice.yes_no": N_("Press 1 for yes, 2 for no."),
    # TRANSLATORS: a list item read aloud: press %(n)s for %(label)s.
    "voice.choice": N_("Press %(n)s for %(label)s."),
}

CHANNEL_TEXTS: Final[dict[str, str]] = {**_SMS, **_PHONES, **_VOICE}
