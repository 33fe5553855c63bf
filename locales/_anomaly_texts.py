"""The anomaly texts of the registry: one per anomaly the core produces.

Part of :data:`locales.texts.TEXTS`, kept apart because it is the largest
family. Each text says what is wrong, then what to do. Ids are
``anomaly.<ZONE-NUMBER>`` (see :mod:`core.anomalies`); a ``.<variant>``
suffix is chosen by :func:`locales.message_for` from the parameters.
"""

from __future__ import annotations

from typing import Final

from locales._base import N_

__all__ = ["ANOMALY_TEXTS"]

_PARTIES: Final = {  # employer and worker
    "anomaly.00014-901": N_(
        "The employer number is missing: give your enterprise number or your NSSO number. If "
        "you have none of these numbers, you must first identify as an employer through the "
        "online service WIDE, reachable from the Dimona application, before your first "
        "Dimona."),
    "anomaly.00014-903.enterprise": N_(
        "An enterprise number has 10 digits, like 0403.199.702: please check it."),
    "anomaly.00014-903.nsso": N_(
        "An NSSO number has 9 digits, like 0009354-67 (10 for a provisional number): "
        "please check it."),
    "anomaly.00014-904.enterprise": N_(
        "This enterprise number does not check out: please check the digits."),
    "anomaly.00014-904.nsso": N_("This NSSO number does not check out: please check the digits."),
    "anomaly.00014-905.enterprise": N_(
        "This enterprise number cannot exist, it must start with 0 or 1: please check it."),
    "anomaly.00014-905.nsso": N_(
        "This NSSO number is outside the range the NSSO gives out: please check it."),
    "anomaly.00014-906": N_(
        "This employer number is not registered with the service: please check it. An "
        "employer without an NSSO or enterprise number must first identify itself through the"
        " online service WIDE, reachable from the Dimona application, before its first "
        "Dimona."),
    "anomaly.00014-908": N_(
        "This provisional NSSO number is closed: the employer now has its definitive NSSO "
        "number %(number)s, and its declarations have moved to it. Please declare with "
        "%(number)s."),
    # TRANSLATORS: a line of a batch file sent with a key given for other employers.
    "anomaly.00014-932": N_(
        "This key may not declare for employer %(number)s: send its declarations with a key "
        "given for that employer."),
    "anomaly.00652-901": N_(
        "The sub-entity number is missing: this employer declares with the 10-digit code of "
        "its institution, department or service."),
    "anomaly.00652-902": N_(
        "This employer has no sub-entities: please leave out the sub-entity number."),
    "anomaly.00652-903": N_("A sub-entity number has 10 digits: please check it."),
    "anomaly.00652-906": N_(
        "Sub-entity %(value)s is not one of this employer's: please check the code of your "
        "institution, department or service."),
    "anomaly.00652-918": N_(
        "An update cannot change the sub-entity of period %(periodId)s: send a new Dimona IN "
        "with the right one, and cancel period %(periodId)s (possible until the end of its "
        "start day) or end it."),
    "anomaly.00024-901": N_(
        "The worker's NISS is missing: give the 11-digit social security number. "
        "An occasional worker cannot be declared without it."),
    "anomaly.00024-903": N_("A NISS has 11 digits, like 85.07.30-033.28: please check it."),
    "anomaly.00024-904": N_("This NISS does not check out: please check the digits."),
    "anomaly.00024-905": N_(
        "This NISS cannot exist, its birth date part is wrong: please check it."),
    "anomaly.00024-931": N_(
        "The identity registry could not identify this worker: the Dimona is refused and no "
        "period was created. Check the name, birth date and address, or ask Sigedis for a "
        "NISS, then send a new Dimona IN."),
}

_IDENTITY: Final = {  # a worker without a NISS: one zone each (core.rules.identity)
    "anomaly.00025-901": N_(
        "The worker's surname is missing: without a NISS, give the surname as on the identity"
        " document."),
    "anomaly.00026-901": N_(
        "The worker's first name is missing: without a NISS, give the first name."),
    "anomaly.00029-901": N_(
        "The worker's sex is missing: without a NISS, give 1 for a man or 2 for a woman."),
    "anomaly.00028-901": N_(
        "The worker's birth date is missing: without a NISS, give it as YYYY-MM-DD, or "
        "YYYY-00-00 if only the year is known."),
    "anomaly.00168-901": N_(
        "The worker's place of birth is missing: without a NISS, give the town of birth."),
    "anomaly.00169-901": N_(
        "The worker's country of birth is missing: without a NISS, give its 5-digit NSSO "
        "country code."),
    "anomaly.00119-901": N_(
        "The worker's nationality is missing: without a NISS, give its 5-digit NSSO country "
        "code."),
    "anomaly.00030-901": N_(
        "The street of the worker's address is missing: without a NISS, give the full "
        "address."),
    "anomaly.00031-901": N_(
        "The house number of the worker's address is missing: without a NISS, give the full "
        "address."),
    "anomaly.00033-901": N_(
        "The postcode of the worker's address is missing: without a NISS, give the full "
        "address."),
    "anomaly.00034-901": N_(
        "The commune of the worker's address is missing: without a NISS, give the full "
        "address."),
    "anomaly.00035-901": N_(
        "The country of the worker's address is missing: without a NISS, give its 5-digit "
        "NSSO country code."),
    "anomaly.00025-930": N_("The worker's surname is too long: at most %(max)s characters."),
    "anomaly.00026-930": N_("The worker's first name is too long: at most %(max)s characters."),
    "anomaly.00168-930": N_("The worker's place of birth is too long: at most %(max)s characters."),
    "anomaly.00030-930": N_(
        "The street of the worker's address is too long: at most %(max)s characters."),
    "anomaly.00031-930": N_(
        "The house number of the worker's address is too long: at most %(max)s characters."),
    "anomaly.00032-930": N_(
        "The box number of the worker's address is too long: at most %(max)s characters."),
    "anomaly.00033-930": N_(
        "The postcode of the worker's address is too long: at most %(max)s characters."),
    "anomaly.00034-930": N_(
        "The commune of the worker's address is too long: at most %(max)s characters."),
    "anomaly.00027-930": N_(
        "The initial of the middle name is a single letter: please give only that letter."),
    "anomaly.00029-903": N_(
        "The worker's sex is written 1 for a man or 2 for a woman: please check it."),
    "anomaly.00028-903": N_(
        "The worker's birth date must be a real date written YYYY-MM-DD, or YYYY-00-00 if "
        "only the year is known."),
    "anomaly.00028-905": N_(
        "The worker's birth year must be between %(first)s and %(last)s: please check the "
        "birth date."),
    "anomaly.00169-903": N_(
        "The worker's country of birth must be a 5-digit NSSO country code: please check it."),
    "anomaly.00119-903": N_(
        "The worker's nationality must be a 5-digit NSSO country code: please check it."),
    "anomaly.00035-903": N_(
        "The country of the worker's address must be a 5-digit NSSO country code: please "
        "check it."),
}

_FEATURES: Final = {  # joint committee and worker type
    "anomaly.00046-901": N_(
        "The joint committee is missing: give its number, such as 302 for horeca, "
        "or XXX for any other sector."),
    "anomaly.00046-905": N_(
        "Joint committee %(value)s is not accepted in a Dimona: use 124, 140, 144, 145, 149, "
        "302, 320 or 322, or XXX for any other sector."),
    "anomaly.00046-902": N_(
        "An update cannot change the joint committee of period %(periodId)s: send a new "
        "Dimona IN with the right one, and cancel period %(periodId)s (possible until the end"
        " of its start day) or end it."),
    "anomaly.00655-901": N_(
        "The worker type is missing: give its code, such as STU (student), FLX (flexi-job), "
        "EXT (occasional worker) or OTH (other)."),
    "anomaly.00655-905": N_(
        "Worker type %(value)s does not exist: use a code such as STU (student), "
        "FLX (flexi-job), EXT (occasional worker) or OTH (other)."),
    "anomaly.00655-902": N_(
        "An update cannot change the worker type of period %(periodId)s: send a new Dimona IN"
        " with the right one, and cancel period %(periodId)s (possible until the end of its "
        "start day) or end it."),
    # TRANSLATORS: %(committee)s is a joint committee label, %(type)s a worker type label.
    "anomaly.00655-907": N_(
        "Joint committee %(committee)s does not accept the worker type %(type)s: check "
        "the worker type and the joint committee."),
    "anomaly.00655-911.since": N_(
        "The worker type %(type)s only exists for periods starting from %(since)s: "
        "choose another worker type."),
    "anomaly.00655-911.until": N_(
        "The worker type %(type)s no longer exists for periods starting after %(until)s: "
        "choose another worker type."),
}

_DATES: Final = {
    "anomaly.00910-901": N_("The start date is missing: give the first day of work."),
    # TRANSLATORS: %(first)s and %(last)s are dates, written out in full.
    "anomaly.00910-905": N_(
        "The start date must be between %(first)s and %(last)s: please check it."),
    "anomaly.00910-915": N_(
        "Too early: this Dimona can be sent at most %(days)s days in advance. "
        "Please send it later."),
    "anomaly.00910-917": N_(
        "Late declaration: the work started on %(start)s and had to be declared by then "
        "(delay in days: %(days)s). The Dimona is recorded, but next time declare before the "
        "work starts."),
    "anomaly.00910-918": N_(
        "The start date of a period of type %(type)s cannot be changed: cancel the period "
        "(possible until the end of its start day), then send a new Dimona IN."),
    "anomaly.00911-917": N_(
        "Late declaration: the end of this period had to be declared by %(deadline)s (delay "
        "in days: %(days)s). The Dimona is recorded, but next time declare it by the first "
        "working day after the end."),
    "anomaly.00911-918": N_(
        "The end date of a flexi-job period cannot be moved later than %(end)s: for more "
        "work, send a new flexi-job Dimona IN starting the next day."),
    "anomaly.00911-901": N_("The end date is missing: give the last day of work."),
    "anomaly.00911-905": N_(
        "The end date must be between %(first)s and %(last)s: please check it."),
    "anomaly.00911-912": N_(
        "The end date is before the start date, %(start)s: please check both dates."),
    "anomaly.00911-913": N_(
        "This worker type is declared day by day: the end date must be %(start)s, or the "
        "next day for a night shift. Send one Dimona per day."),
    "anomaly.00911-914": N_(
        "The period must end in the same quarter as it starts (%(start)s): send one Dimona "
        "per quarter."),
}

_HOURS: Final = {
    "anomaly.00777-901": N_("The start time is missing: at what time does the work start?"),
    "anomaly.00777-902": N_(
        "The worker type %(type)s takes no start time; only occasional workers and one-day "
        "flexi-jobs do. Please leave it out."),
    "anomaly.00778-901": N_("The end time is missing: at what time does the work end?"),
    "anomaly.00778-902": N_(
        "The worker type %(type)s takes no end time; only occasional workers and one-day "
        "flexi-jobs do. Please leave it out."),
    # TRANSLATORS: %(start)s is a time of day.
    "anomaly.00778-912": N_(
        "The end time is before the start time (%(start)s) on the same day: check the "
        "times, or end on the next day for a night shift."),
    "anomaly.01135-901": N_(
        "The planned hours are missing: how many hours will the worker work in this period?"),
    "anomaly.01135-905": N_(
        "The planned hours must be a whole number from %(first)s to %(last)s."),
    "anomaly.01135-902": N_(
        "The worker type %(type)s takes no planned hours; only students and article 17 "
        "sport or socio-cultural workers do. Please leave them out."),
}

_USER: Final = {
    "anomaly.00131-901": N_(
        "The user's enterprise number is missing: give the enterprise number of the company "
        "where the temporary worker works."),
    "anomaly.00131-902": N_(
        "Only temporary agency work (joint committee 322) has a user: please leave out "
        "the user's enterprise number."),
    "anomaly.00131-903": N_(
        "The user's enterprise number must have 10 digits: please check it."),
    "anomaly.00131-904": N_(
        "The user's enterprise number does not check out: please check the digits."),
    "anomaly.00131-905": N_(
        "The user's enterprise number cannot exist, it must start with 0 or 1: "
        "please check it."),
    "anomaly.00153-901": N_(
        "The user's joint committee is missing: give the joint committee of the company "
        "where the temporary worker works."),
    "anomaly.00153-902": N_(
        "Only temporary agency work (joint committee 322) has a user: please leave out "
        "the user's joint committee."),
    "anomaly.00153-905": N_(
        "Joint committee %(value)s cannot be the user's: give the user's own joint "
        "committee, or XXX for any other sector."),
    "anomaly.00154-902": N_(
        "Only temporary agency work (joint committee 322) has a user: please leave out "
        "the user's name."),
    "anomaly.00131-918": N_(
        "An update cannot change the user company of period %(periodId)s: send a new Dimona "
        "IN with the right one, and cancel period %(periodId)s (possible until the end of its"
        " start day) or end it."),
    "anomaly.00153-918": N_(
        "An update cannot change the user's joint committee of period %(periodId)s: send a "
        "new Dimona IN with the right one, and cancel period %(periodId)s (possible until the"
        " end of its start day) or end it."),
    "anomaly.00154-918": N_(
        "An update cannot change the user's name of period %(periodId)s: send a new Dimona IN"
        " with the right one, and cancel period %(periodId)s (possible until the end of its "
        "start day) or end it."),
}

_PERIOD: Final = {
    "anomaly.00913-901": N_(
        "The Dimona period number is missing: give the 12-digit number received when the "
        "Dimona IN was accepted."),
    "anomaly.00913-903": N_("A Dimona period number has 12 digits: please check it."),
    "anomaly.00913-904": N_(
        "This Dimona period number does not check out: please check the digits."),
    "anomaly.00913-906": N_(
        "Period %(periodId)s is not known for this employer: please check the number."),
    "anomaly.00913-355": N_(
        "Period %(periodId)s is already cancelled: there is nothing more to do."),
    "anomaly.00913-908": N_(
        "Period %(periodId)s already ends on %(end)s: to change that date, send an update "
        "instead of a Dimona OUT."),
    "anomaly.00913-909": N_(
        "Period %(periodId)s started on %(start)s and can no longer be cancelled: send a "
        "Dimona OUT or an update instead."),
    "anomaly.00913-919": N_(
        "This update changes nothing in period %(periodId)s: give the new dates or times."),
    "anomaly.90374-910": N_(
        "This period overlaps period %(periodId)s (from %(start)s) of the same worker with "
        "the same characteristics (joint committee, worker type, sub-entity, user): change "
        "the dates, or update that period instead."),
}

_QUOTAS: Final = {
    "anomaly.90017-369": N_(
        "The student goes %(excess)s hours over the %(quota)s-hour limit for %(year)s: normal"
        " contributions are due on those hours. You may lower the hours, or cancel the period"
        " until the end of its start day."),
    # TRANSLATORS: %(advisedType)s and %(advisedCommittee)s are codes, such as OTH and XXX.
    "anomaly.90017-921": N_(
        "This occasional worker would work %(days)s days in horeca in %(year)s, more than the"
        " %(limit)s allowed: beyond that, declare the worker as ordinary staff (worker type "
        "%(advisedType)s, joint committee %(advisedCommittee)s)."),
    "anomaly.90017-922": N_(
        "Your company would use occasional workers on %(days)s days in %(year)s, more than "
        "the %(limit)s allowed: beyond that, declare ordinary staff (worker type "
        "%(advisedType)s, joint committee %(advisedCommittee)s)."),
    "anomaly.90017-923": N_(
        "This occasional worker would work %(days)s days in a row for the same company, more "
        "than allowed: declare one period for the whole stretch as ordinary staff (worker "
        "type %(advisedType)s, joint committee %(advisedCommittee)s), and cancel the "
        "occasional-worker Dimonas that have not started yet."),
    "anomaly.90017-924": N_(
        "The user company %(user)s would have occasional workers on %(days)s days in "
        "%(year)s, more than the %(limit)s allowed: beyond that, declare the worker as "
        "ordinary staff (worker type %(advisedType)s, joint committee %(advisedCommittee)s)."),
    "anomaly.90017-510": N_(
        "This flexi-job Dimona comes after the work started: the flexi-job conditions are not"
        " met and the flexi wage cannot be applied. Declare the work as ordinary staff "
        "instead (worker type %(advisedType)s, joint committee %(advisedCommittee)s)."),
}

ANOMALY_TEXTS: Final[dict[str, str]] = {
    **_PARTIES, **_IDENTITY, **_FEATURES, **_DATES, **_HOURS, **_USER, **_PERIOD, **_QUOTAS,
}
