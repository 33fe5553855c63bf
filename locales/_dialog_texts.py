"""The dialog texts of the registry: what the SMS and phone conversations say.

Part of :data:`locales.texts.TEXTS`. These replies go out by SMS and are
read aloud by the voice server: short sentences, GSM-7 characters, numbers
written as digits. Command words a caller can type or say are written in
capitals (HELP, BACK, REPEAT, STOP, RESTART, YES, NO, FR/NL/DE/EN); each
translation uses the words :mod:`dialogs.understand` knows in that language.

Ids, by family:

- ``welcome``, ``menu.kind``, ``expired``, ``noinput``, ``nomatch``,
  ``escalate``, ``cancelled``, ``restarted``, ``language.switched``: the
  conversation itself;
- ``help.<dialog>``: the help of the menu and of each declaration kind;
- ``confirm.*``, ``pick.*``, ``employer.*``: questions, choices and lists;
- ``ask.<Field value>`` and ``example.<Field value>``: one question per field,
  and the example added from the second try on; ``decline.<Field value>``: how
  to decline an optional field;
- ``summary.*``: the lines of the summary read before submitting;
- ``result.<outcome>`` (lower case): the answer after submitting (the
  ``result.<letter>`` labels are in :mod:`locales.texts`);
- ``field.remove_end_date``: an UPDATE choice listed with the field labels.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["DIALOG_TEXTS"]

_CONVERSATION: Final = {
    "welcome": N_("Dimona by SMS and phone."),
    # TRANSLATORS: IN and OUT stay as they are; UPDATE and CANCELLATION are the words a
    # caller may type instead of 3 or 4 (Modification/Annulation, Wijziging/Annulatie, ...).
    # Not "CANCEL": typed alone, that word stops the conversation.
    "menu.kind": N_(
        "What do you want to declare? 1 IN (a worker starts), 2 OUT (work ends), "
        "3 UPDATE (change a period), 4 CANCELLATION (cancel a period)."),
    "expired": N_(
        "Your previous conversation expired after 30 minutes without an answer; nothing "
        "was submitted. Let's start again."),
    # TRANSLATORS: voice calls only: the caller said nothing.
    "noinput": N_("I did not hear anything."),
    "nomatch": N_("I did not understand."),
    # TRANSLATORS: the caller said something about work without saying what to declare;
    # the menu of the kinds of declaration follows.
    "menu.which": N_("Is it a new declaration or a change to existing work?"),
    # TRANSLATORS: "60h instead of 40": %(old)s is the old value the caller gave, which is
    # the value of no field (or of several).
    "instead.unknown": N_(
        "I could not tell which detail is %(old)s now: please say which one to change."),
    # TRANSLATORS: %(text)s is the part of the message that was not understood.
    "nomatch.part": N_("I did not understand this part: %(text)s"),
    # TRANSLATORS: HELP and STOP are command words: use the ones of your language.
    "escalate": N_("Answer HELP for help, or STOP to quit: nothing will be submitted."),
    # TRANSLATORS: %(number)s is a phone number.
    "escalate.human": N_(
        "Answer HELP for help, or call %(number)s to talk to a person. Nothing will be "
        "submitted."),
    "cancelled": N_("Cancelled: nothing was submitted."),
    "restarted": N_("Let's start again."),
    # TRANSLATORS: said right after the caller chose your language: name it.
    "language.switched": N_("We continue in English."),
}

_HELP: Final = {
    # TRANSLATORS: the command words (HELP, BACK, REPEAT, STOP, RESTART) are the ones of
    # your language; keep the example message, writing the hours the way your language
    # does (18h-23h, 18u-23u, 18-23 Uhr).
    # (followed by the menu itself: keep it short, help and menu go in one SMS)
    "help.menu": N_(
        "Everything in one message, e.g.: IN 0403199702 85073100130 302 EXT 15/12 18h-23h. "
        "Anytime: HELP, BACK, REPEAT, STOP, RESTART, FR/NL/DE/EN."),
    "help.IN": N_(
        "Give the missing details in any order, e.g.: 85073100130 302 EXT 15/12 18h-23h. "
        "Anytime: BACK, REPEAT, STOP, RESTART, FR/NL/DE/EN."),
    "help.OUT": N_(
        "Give the worker's NISS, choose the period by its number in the list, then give "
        "the end date. Anytime: BACK, REPEAT, STOP."),
    "help.UPDATE": N_(
        "Give the worker's NISS, choose the period, then what to change and its new value. "
        "Anytime: BACK, REPEAT, STOP."),
    "help.CANCEL": N_(
        "Give the worker's NISS and choose the period to cancel. A period can be cancelled "
        "until the end of its start day. Anytime: BACK, REPEAT, STOP."),
}

_CHOICES: Final = {
    # TRANSLATORS: YES and NO are the words of your language; 1 and 2 stay.
    "confirm.ask": N_("Submit? Answer YES (1) or NO (2)."),
    # TRANSLATORS: the quoted examples are corrections a caller can type, in your language.
    "confirm.no": N_(
        "What should be changed? For example 'date 16/12', 'change worker', or STOP."),
    "employer.not_enrolled": N_(
        "This phone may not declare for this employer: check the employer number, or ask "
        "your administrator."),
    # TRANSLATORS: %(name)s is the employer the phone is enrolled for, %(number)s the
    # employer number the caller gave.
    "employer.not_allowed": N_(
        "This phone may declare only for %(name)s, not for employer %(number)s. Nothing was "
        "submitted."),
    "confirm.changed": N_("The details changed since the summary: please check them again."),
    # TRANSLATORS: a shift through midnight: %(date)s is the next day, %(start)s and %(end)s
    # times of day. YES and NO are the words of your language; 1 and 2 stay.
    "confirm.night": N_(
        "Does the work end the next day, %(date)s at %(end)s (from %(start)s, through "
        "midnight)? Answer YES (1) or NO (2)."),
    # TRANSLATORS: %(value)s is a date or a time the caller gave at the summary without
    # saying which field it is for; a numbered list of fields follows.
    "pick.which": N_("What is %(value)s for?"),
    "pick.period.nomatch": N_(
        "No active period of this employer fits what you said: give the worker's NISS or "
        "name."),
    "pick.employer": N_("For which employer?"),
    # TRANSLATORS: one line of a numbered list: %(n)s is its number, %(name)s an employer.
    "pick.employer.item": N_("%(n)s: %(name)s"),
    "pick.period": N_("Which period?"),
    # TRANSLATORS: one line of a numbered list: %(type)s is a worker type label, %(start)s
    # and %(end)s dates, %(period)s the 12-digit period number.
    "pick.period.item": N_("%(n)s: %(type)s from %(start)s to %(end)s (%(period)s)"),
    # TRANSLATORS: as above, for a period without an end date.
    "pick.period.item.open": N_("%(n)s: %(type)s since %(start)s, no end (%(period)s)"),
    "pick.period.none": N_(
        "This worker has no active period with this employer: please check the NISS."),
    # TRANSLATORS: an UPDATE whose one change is the value the period has: %(field)s is a
    # field label (lower case).
    "update.same": N_("The period already has this value (%(field)s): nothing would change."),
    "pick.change": N_("What do you want to change?"),
    # TRANSLATORS: one line of a numbered list: %(field)s is a field label.
    "pick.change.item": N_("%(n)s: %(field)s"),
    # TRANSLATORS: an UPDATE choice, listed among the field labels: lower case.
    "field.remove_end_date": N_("remove the end date"),
}

_QUESTIONS: Final = {  # one per Field value
    "ask.employer": N_("What is the employer's enterprise number or NSSO number?"),
    "ask.ssin": N_("What is the worker's NISS (national register number, 11 digits)?"),
    "ask.identity": N_("What are the worker's last name, first name and birth date?"),
    "ask.jointCommissionNumber": N_(
        "Which joint committee? 124, 140, 144, 145, 149, 302 (horeca), 320, 322, or XXX "
        "for any other sector."),
    "ask.workerType": N_(
        "Which type of worker? For example EXT (occasional), STU (student), FLX (flexi-job), "
        "OTH (other)."),
    "ask.startDate": N_("What is the start date?"),
    "ask.endDate": N_("What is the end date?"),
    "ask.startHour": N_("At what time does the work start?"),
    "ask.endHour": N_("At what time does the work end?"),
    "ask.plannedHoursNumber": N_("How many hours are planned?"),
    "ask.userEnterpriseNumber": N_("What is the user company's enterprise number?"),
    "ask.userJointCommissionNumber": N_("What is the user company's joint committee?"),
    "ask.userName": N_("What is the user company's name?"),
    "ask.periodId": N_("What is the period number (12 digits)?"),
    # TRANSLATORS: OUT, UPDATE and CANCEL: the worker of an existing period.
    "ask.ssin.existing": N_(
        "Which worker? Give the NISS, or the name as it is in your personnel file."),
    # TRANSLATORS: temporary agency work, a user company without an enterprise number.
    "ask.userName.address": N_(
        "What are the user company's name and address? For example: Janssens Bakery, "
        "Kerkstraat 1, 9000 Gent."),
    # TRANSLATORS: agency work (322) of an occasional worker (EXT) in horeca (302): the user
    # company was named, but its days count against its own quota, so its number is a must.
    "ask.userEnterpriseNumber.horeca": N_(
        "Occasional horeca work through an agency counts against the user company's quota: "
        "its enterprise number is needed. What is it?"),
    "ask.subEntityNbr": N_(
        "What is the sub-entity number (10 digits) of your institution, department or "
        "service?"),
}

_DECLINE: Final = {  # added to the question of an optional field: how to decline it
    # TRANSLATORS: NO is the word of your language; a horeca extra may be declared on a
    # day forfait (6 hours or more), without an end time.
    "decline.endHour": N_("Answer NO for a day forfait (no end time)."),
}

_EXAMPLES: Final = {  # added to the question from the second try on
    # TRANSLATORS: examples are typed as shown: keep the numbers and dates (15/12); write
    # hours, names, "tomorrow" and "Friday" the way a caller of your language would.
    "example.employer": N_("For example: 0403199702."),
    "example.ssin": N_("For example: 85073100130 (or 85.07.31-001.30)."),
    "example.identity": N_("For example: Dupont Marie 31/07/1985."),
    "example.jointCommissionNumber": N_("For example: 302."),
    "example.workerType": N_("For example: EXT."),
    "example.startDate": N_("For example: 15/12, tomorrow or Friday."),
    "example.endDate": N_("For example: 20/12."),
    "example.startHour": N_("For example: 18h or 18:30."),
    "example.endHour": N_("For example: 23h."),
    "example.plannedHoursNumber": N_("For example: 20."),
    "example.userEnterpriseNumber": N_("For example: 0812345603."),
    "example.userJointCommissionNumber": N_("For example: 124."),
    "example.userName": N_("For example: Janssens Bakery."),
    "example.periodId": N_("For example: 100000000162."),
    "example.subEntityNbr": N_("For example: 0000522001."),
}

_SUMMARY: Final = {
    "summary.IN": N_("Dimona IN:"),
    "summary.OUT": N_("Dimona OUT:"),
    "summary.UPDATE": N_("Update:"),
    "summary.CANCEL": N_("Cancellation:"),
    "summary.employer": N_("Employer: %(name)s"),
    "summary.worker": N_("Worker: %(name)s"),
    "summary.ssin": N_("Worker: NISS %(ssin)s"),
    # TRANSLATORS: %(start)s is the start date of the period.
    "summary.period": N_("Period %(period)s, starting %(start)s"),
    # TRANSLATORS: %(committee)s is a joint committee label, such as Hospitality.
    "summary.committee": N_("Joint committee: %(committee)s"),
    # TRANSLATORS: %(type)s is a worker type label, such as Student.
    "summary.type": N_("Worker type: %(type)s"),
    "summary.start": N_("Start: %(date)s"),
    "summary.end": N_("End: %(date)s"),
    "summary.no_end": N_("End: none (the end date is removed)"),
    # TRANSLATORS: %(start)s and %(end)s are times of day, such as 18:00.
    "summary.from_hour": N_("From %(start)s"),
    "summary.hours": N_("From %(start)s to %(end)s"),
    "summary.hours.night": N_("From %(start)s to %(end)s the next day"),
    "summary.end_hour": N_("End time: %(end)s"),
    "summary.planned": N_("Planned hours: %(hours)s"),
    # TRANSLATORS: temporary agency work: the company where the worker works.
    "summary.user": N_("User company: %(number)s, joint committee %(committee)s"),
    # TRANSLATORS: a user company without an enterprise number: its name and address.
    "summary.user.named": N_(
        "User company: %(name)s, %(address)s, joint committee %(committee)s"),
    # TRANSLATORS: a public employer's sub-entity (institution, department), 10 digits.
    "summary.sub_entity": N_("Sub-entity: %(number)s"),
    # TRANSLATORS: an UPDATE: the new value, then (%(old)s) the value it replaces.
    "summary.start.changed": N_("Start: %(date)s (was: %(old)s)"),
    "summary.end.changed": N_("End: %(date)s (was: %(old)s)"),
    "summary.end.added": N_("End: %(date)s (there was no end date)"),
    "summary.no_end.changed": N_("End: none (the end date %(old)s is removed)"),
    "summary.hours.changed": N_("From %(start)s to %(end)s (was: %(old_start)s to %(old_end)s)"),
    "summary.from_hour.changed": N_("From %(start)s (was: from %(old)s)"),
    "summary.end_hour.changed": N_("End time: %(end)s (was: %(old)s)"),
    "summary.planned.changed": N_("Planned hours: %(hours)s (was: %(old)s)"),
}

_RESULTS: Final = {
    "result.accepted": N_("Accepted. Declaration number %(number)s, period %(period)s."),
    # TRANSLATORS: followed by the warnings, one per line.
    "result.warnings": N_("With warnings:"),
    # TRANSLATORS: followed by the errors, one per line.
    "result.refused": N_("Refused (declaration number %(number)s):"),
    "result.refused.todo": N_("Nothing was registered: correct the data and declare again."),
    "result.pending": N_(
        "Received, pending: the worker is being identified. Declaration number %(number)s, "
        "period %(period)s. The final answer will follow."),
    # TRANSLATORS: followed by the reasons of a refusal, one per line.
    "result.refused.why": N_("Why it was refused:"),
}

#: The confirmation of receipt read back once a declaration is filed (as the NSSO's).
_RECEIPT: Final = {
    # TRANSLATORS: %(status)s is Accepted, Refused... (result.*), %(kind)s is Dimona IN,
    # Update... (kind.*); %(date)s a date, %(time)s a time of day: when it was sent.
    "receipt.status": N_(
        "%(status)s: %(kind)s, declaration number %(number)s, sent on %(date)s at %(time)s."),
    "receipt.pending": N_("The worker is being identified: the final answer will follow."),
    "receipt.employer": N_("Employer: %(name)s, enterprise number %(enterprise)s"),
    "receipt.employer.nsso": N_("Employer: %(name)s, NSSO number %(nsso)s"),
    "receipt.employer.both": N_(
        "Employer: %(name)s, enterprise number %(enterprise)s, NSSO number %(nsso)s"),
    "receipt.worker": N_("Worker: %(name)s, NISS %(ssin)s"),
    # TRANSLATORS: a worker declared without a NISS (being identified).
    "receipt.worker.unidentified": N_("Worker: %(name)s, no NISS yet"),
    # TRANSLATORS: %(period)s is the 12-digit period number, %(start)s and %(end)s dates.
    "receipt.period": N_("Period %(period)s: from %(start)s to %(end)s"),
    "receipt.period.open": N_("Period %(period)s: from %(start)s, no end date"),
    # TRANSLATORS: a refused IN made no period: the dates it declared.
    "receipt.dates": N_("Dates declared: from %(start)s to %(end)s"),
    "receipt.dates.open": N_("Dates declared: from %(start)s, no end date"),
}

DIALOG_TEXTS: Final[dict[str, str]] = {
    **_CONVERSATION, **_HELP, **_CHOICES, **_QUESTIONS, **_DECLINE, **_EXAMPLES, **_SUMMARY,
    **_RESULTS, **_RECEIPT,
}
