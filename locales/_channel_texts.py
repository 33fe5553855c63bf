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
    # Sent in French, Dutch and German at once: keep it under 100 letters.
    "sms.unknown_phone": N_(
        "Phone not enrolled for Dimona by SMS: ask your employer to enroll this number."),
    "sms.slow_down": N_("Too many messages: please wait a minute before sending the next one."),
    # TRANSLATORS: %(limit)s is a number of characters (1600).
    "sms.too_long": N_("Message too long (over %(limit)s characters): nothing was read. "
                       "Please send a shorter one."),
}

#: A summary or a receipt that does not fit the SMS parts allowed, written compact: short
#: labels, one line per field (channels/sms/render.py).
_COMPACT: Final = {
    # TRANSLATORS: the status line of a receipt, compact: %(kind)s is IN, OUT, UPDATE or
    # CANCEL, %(date)s in figures.
    "sms.compact.status": N_("%(status)s: %(kind)s %(number)s, sent %(date)s %(time)s"),
    # TRANSLATORS: compact labels: as short as your language allows.
    "sms.compact.employer": N_("Empl.: %(name)s"),
    "sms.compact.employer.numbers": N_("Empl.: %(name)s %(numbers)s"),
    "sms.compact.sub_entity": N_("Sub-ent.: %(number)s"),
    "sms.compact.worker": N_("Wkr: %(name)s"),
    "sms.compact.worker.ssin": N_("Wkr: %(name)s %(ssin)s"),
    "sms.compact.ssin": N_("Wkr: NISS %(ssin)s"),
    "sms.compact.period": N_("Per. %(period)s: %(start)s-%(end)s"),
    "sms.compact.period.open": N_("Per. %(period)s: from %(start)s"),
    "sms.compact.dates": N_("Dates: %(start)s-%(end)s"),
    "sms.compact.dates.open": N_("Dates: from %(start)s"),
    # TRANSLATORS: %(code)s is a joint committee code (302, XXX).
    "sms.compact.committee": N_("JC %(code)s"),
    # TRANSLATORS: %(code)s is a worker type code (EXT, STU).
    "sms.compact.type": N_("Type %(code)s"),
    "sms.compact.start": N_("Start %(date)s"),
    "sms.compact.end": N_("End %(date)s"),
    "sms.compact.no_end": N_("No end date"),
    # TRANSLATORS: times of day.
    "sms.compact.hours": N_("%(start)s-%(end)s"),
    "sms.compact.hours.night": N_("%(start)s-%(end)s (next day)"),
    "sms.compact.planned": N_("Planned: %(hours)s h"),
    "sms.compact.user": N_("User %(number)s JC %(code)s"),
    "sms.compact.user.named": N_("User %(name)s, %(address)s JC %(code)s"),
    # TRANSLATORS: an UPDATE: %(new)s is the new value with its label, %(old)s the value it
    # replaces.
    "sms.compact.changed": N_("%(new)s (was %(old)s)"),
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
    # TRANSLATORS: %(first)s and %(last)s are numbers of digits (4 and 8).
    "phones.bad_pin": N_("A PIN is %(first)s to %(last)s digits, typed on the phone's keypad."),
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
    # TRANSLATORS: a worker type of a list read aloud: %(type)s is its name.
    "voice.choice.type": N_("Press %(n)s for %(type)s."),
    # TRANSLATORS: after a page of seven worker types.
    "voice.types.more": N_("Press 8 for more types."),
    # TRANSLATORS: after the PIN question, when the call is in the language of the phone or
    # of the number dialled: "star" is the * key.
    "voice.language.other": N_("For another language, press star."),
    "voice.pin.none": N_(
        "This phone has no PIN code for calls yet. Ask your employer to set one. Goodbye."),
    # TRANSLATORS: after 0 was pressed once; a second 0 puts the caller through to a person.
    "voice.help.human": N_("Press 0 again to talk to a person."),
    # TRANSLATORS: said instead of the SMS help texts: "star" is the * key.
    "voice.help": N_("Answer with the keypad or say your answer. Press star to go back, "
                     "9 to stop."),
    "voice.confirm.ask": N_("Shall I submit it? Press 1 or say yes; press 2 or say no."),
    # TRANSLATORS: what the caller may say after refusing the summary; the example is a
    # sentence a caller of your language would say.
    "voice.confirm.no": N_(
        "Say what to change, for example: the start date is the sixteenth. Or press star "
        "to answer the last question again, or 9 to stop."),
    "voice.escalate": N_("I cannot help you further by phone: nothing was submitted."),
    # TRANSLATORS: followed by a numbered list of worker types (voice.choice).
    "voice.ask.workerType": N_("Which type of worker?"),
    # TRANSLATORS: the end time of a horeca extra is optional (day forfait).
    "voice.decline.endHour": N_(
        "For a day forfait without an end time, press 2 and then the hash key."),
    "voice.hint.date": N_("Type the day, the month and the year: eight digits."),
    "voice.hint.time": N_("Type the hours and the minutes: four digits."),
    "voice.hint.hash": N_("Then press the hash key."),
    # TRANSLATORS: committee XXX on the keypad: X is on key 9.
    "voice.hint.committee": N_("For any other sector, type 9 9 9."),
    # TRANSLATORS: %(value)s is a date or a time, %(keys)s the keys to type, e.g. 1 5, 1 2.
    "voice.example.keys": N_("For example, for %(value)s, type %(keys)s."),
    # TRANSLATORS: %(keys)s are the keys to type, in groups, e.g. 8 5 0 7 3 1, 0 0 1, 3 0.
    "voice.example.digits": N_("For example, type %(keys)s."),
}

CHANNEL_TEXTS: Final[dict[str, str]] = {**_SMS, **_COMPACT, **_PHONES, **_VOICE}
