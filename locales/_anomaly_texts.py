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
        "The employer number is missing: give your enterprise number or your NSSO number."),
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
        "This employer number is not registered with the service: check it, or ask your "
        "administrator to register your company."),
    "anomaly.00024-901": N_(
        "The worker's NISS is missing: give the 11-digit social security number. "
        "An occasional worker cannot be declared without it."),
    "anomaly.00024-903": N_("A NISS has 11 digits, like 85.07.30-033.28: please check it."),
    "anomaly.00024-904": N_("This NISS does not check out: please check the digits."),
    "anomaly.00024-905": N_(
        "This NISS cannot exist, its birth date part is wrong: please check it."),
}

_FEATURES: Final = {  # joint committee and worker type
    "anomaly.00046-901": N_(
        "The joint committee is missing: give its number, such as 302 for horeca, "
        "or XXX for any other sector."),
    "anomaly.00046-905": N_(
        "Joint committee %(value)s is not accepted in a Dimona: use 124, 140, 144, 145, 149, "
        "302, 320 or 322, or XXX for any other sector."),
    "anomaly.00046-902": N_(
        "An update cannot change the joint committee of period %(periodId)s: cancel the "
        "period and send a new Dimona IN."),
    "anomaly.00655-901": N_(
        "The worker type is missing: give its code, such as STU (student), FLX (flexi-job), "
        "EXT (occasional worker) or OTH (other)."),
    "anomaly.00655-905": N_(
        "Worker type %(value)s does not exist: use a code such as STU (student), "
        "FLX (flexi-job), EXT (occasional worker) or OTH (other)."),
    "anomaly.00655-902": N_(
        "An update cannot change the worker type of period %(periodId)s: cancel the period "
        "and send a new Dimona IN."),
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
        "Late declaration: the work started on %(start)s. The Dimona is recorded, but next "
        "time declare before the work starts."),
    "anomaly.00910-918": N_(
        "The start date of a period of type %(type)s cannot be changed: cancel the period "
        "and send a new Dimona IN."),
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
        "This period overlaps period %(periodId)s of the same worker, joint committee and "
        "worker type: change the dates, or update that period instead."),
}

_QUOTAS: Final = {
    "anomaly.90017-369": N_(
        "The student goes %(excess)s hours over the %(quota)s-hour limit for %(year)s: "
        "normal contributions are due on those hours. You may lower the hours or cancel "
        "the period."),
    "anomaly.90017-921": N_(
        "This occasional worker would work %(days)s days in horeca in %(year)s, more than "
        "the %(limit)s allowed: beyond that, declare the worker as ordinary staff (OTH)."),
    "anomaly.90017-922": N_(
        "Your company would use occasional workers on %(days)s days in %(year)s, more than "
        "the %(limit)s allowed: beyond that, declare ordinary staff (OTH)."),
    "anomaly.90017-923": N_(
        "This occasional worker would work %(days)s days in a row for you, more than "
        "allowed: cancel these Dimonas and declare one OTH period for the whole stretch."),
}

ANOMALY_TEXTS: Final[dict[str, str]] = {
    **_PARTIES, **_FEATURES, **_DATES, **_HOURS, **_USER, **_PERIOD, **_QUOTAS,
}
