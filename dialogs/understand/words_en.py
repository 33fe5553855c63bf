"""English words."""

from __future__ import annotations

from typing import Final

from core.anomalies import Field
from core.model import Kind
from dialogs.understand.result import Command
from dialogs.understand.schema import Words

WORDS: Final[Words] = {
    "locale": "en_GB",
    "kinds": {
        Kind.IN: ("hire", "hiring", "new hire", "entry", "new declaration", "dimona in"),
        Kind.OUT: ("leave", "leaving", "leaver", "departure", "dimona out"),
        Kind.UPDATE: ("modification", "amendment"),
        Kind.CANCEL: ("cancellation", "annulment"),
    },
    "commands": {
        Command.HELP: ("help", "help me", "i don't understand"),
        Command.BACK: ("back", "go back", "previous"),
        Command.REPEAT: ("repeat", "say again", "again", "sorry", "pardon", "what"),
        Command.CANCEL: ("stop", "quit", "abort", "exit"),
        Command.RESTART: ("restart", "start over", "start again", "menu", "main menu"),
    },
    "cancel_verbs": ("cancel", "withdraw"),
    "update_verbs": ("update", "modify", "amend"),
    "correct_verbs": ("correct the", "change", "fix", "edit"),
    "declaration_words": ("declaration", "dimona"),
    "committees": {
        "302": ("horeca", "hospitality", "hotel", "restaurant", "catering"),
        "124": ("construction", "building"),
        "140": ("transport", "transportation", "haulage"),
        "144": ("agriculture", "farming"),
        "145": ("horticulture", "gardening"),
        "149": ("electrician", "electricians", "electrical"),
        "320": ("funeral", "funerals", "funeral services", "undertaker"),
        "322": ("interim", "temporary work", "temp agency", "temping"),
        "XXX": ("other", "another", "other committee"),
    },
    "worker_types": {
        "STU": ("student", "students", "student job"),
        "EXT": ("extra", "extras", "occasional", "occasional worker", "casual worker",
                "seasonal worker"),
        "FLX": ("flexi", "flexijob", "flexi-job", "flexi job", "flexi-jobber"),
        "OTH": ("other", "regular", "regular worker", "ordinary"),
    },
    "yes": ("yes", "yeah", "yep", "yup", "sure", "right", "correct", "that's right", "ok",
            "okay", "fine", "confirm", "of course", "absolutely", "agreed"),
    "no": ("no", "nope", "wrong", "incorrect", "not right", "that's wrong", "no thanks"),
    "languages": {
        "fr": ("french", "in french"),
        "nl": ("dutch", "flemish", "in dutch"),
        "de": ("german", "in german"),
        "en": ("english", "in english"),
    },
    "relative_days": {0: ("today",), 1: ("tomorrow",),
                      2: ("day after tomorrow", "the day after tomorrow")},
    "next_words": ("next", "coming"),
    "hour_words": ("h",),
    "clock_words": ("o'clock", "oclock"),
    "duration_words": ("hours", "hour", "hrs", "hr", "working hours"),
    "am_pm": {0: ("am", "a.m."), 12: ("pm", "p.m.")},
    "named_times": {"12:00": ("noon", "midday"), "00:00": ("midnight",)},
    "from_words": ("from", "between"),
    "range_words": ("-", "/", "to"),
    "until_words": ("until", "till", "til", "through", "up to"),
    "at_words": ("at", "around"),
    "and_words": ("and",),
    "start_labels": ("start", "begin", "starts", "begins", "starting"),
    "end_labels": ("end", "ends", "ending", "finish"),
    "labels": {
        Field.WORKER: ("ssin", "niss", "insz", "nn"),
        Field.EMPLOYER: ("kbo", "bce", "nsso", "cbe", "vat"),
        Field.COMMITTEE: ("jc", "pc", "cp", "pk", "comp"),
        Field.WORKER_TYPE: ("type",),
        Field.PERIOD: ("period", "id"),
    },
    "fields": {
        Field.START_DATE: ("date", "start date", "starting date"),
        Field.END_DATE: ("end date", "ending date", "leaving date"),
        Field.START_HOUR: ("time", "start time", "start hour", "starting time"),
        Field.END_HOUR: ("end time", "end hour", "finishing time"),
        Field.PLANNED_HOURS: ("hours", "planned hours", "number of hours"),
        Field.WORKER: ("worker", "employee", "national number", "social security number",
                       "ssin number"),
        Field.EMPLOYER: ("employer", "company", "enterprise number", "company number",
                         "nsso number"),
        Field.COMMITTEE: ("joint committee", "committee"),
        Field.WORKER_TYPE: ("worker type", "type of worker", "kind of worker"),
        Field.PERIOD: ("period id", "period number", "declaration number"),
    },
    "articles": ("the", "on", "this"),
    "fillers": ("please", "thanks", "thank you", "hello", "hi", "it's", "it is", "is", "i",
                "i'd", "would", "like", "want", "for", "a", "an", "of", "my", "number", "uh",
                "um", "so", "well"),
    "months": {9: ("sep",)},
    "weekdays": {1: ("tues",), 3: ("thur", "thurs")},
    "alone": ("again", "sorry", "what", "right", "fine", "sure"),
}
