"""Every user-facing text: message id -> English source text.

This registry is the only place where words live. The English text is the
gettext msgid that ``pybabel extract`` collects (through the ``N_`` marker)
and that translators translate; the message id is what code passes around.
Placeholders are python-format named ones, ``%(name)s``; see
:func:`locales.localize` for how parameters are formatted per language.

Families of ids:

- ``field.<Field value>``, ``worker_type.<code>``, ``committee.<code>``,
  ``result.<letter>``, ``kind.<Kind>``, ``json.<type>``: labels;
- ``anomaly.<code>`` (and ``anomaly.<code>.<variant>``): one anomaly of
  the core, saying what is wrong and what to do (in :mod:`locales._anomaly_texts`);
- ``problem.<number>``: generic fallback by problem number, with ``field``;
- the dialogs' words: ``welcome``, ``menu.kind``, ``help.<dialog>``,
  ``ask.<Field value>``, ``example.<Field value>``, ``confirm.*``, ``pick.*``,
  ``summary.*``, ``result.<outcome>`` ... (in :mod:`locales._dialog_texts`);
- ``sms.*``, ``phones.*``, ``voice.*``: the channels (in :mod:`locales._channel_texts`);
- ``import.*``: the registry import command;
- ``subscribers.*``: the feed's subscribers command (in :mod:`locales._feed_texts`);
- ``api.*``: errors of the REST API;
- ``api_keys.*``, ``registry.*``, ``serve.*``: the operator's other commands;
- ``web.*``: the web pages (in :mod:`locales._web_texts`);
- ``batch.*``: the batch channel (in :mod:`locales._batch_texts`).

English texts must be unique: two ids with the same English would share one
translation. Field labels are lower case, to sit inside a sentence.
"""

from __future__ import annotations

from typing import Final

from locales._anomaly_texts import ANOMALY_TEXTS
from locales._base import N_
from locales._batch_texts import BATCH_TEXTS
from locales._channel_texts import CHANNEL_TEXTS
from locales._dialog_texts import DIALOG_TEXTS
from locales._feed_texts import FEED_TEXTS
from locales._web_texts import WEB_TEXTS

__all__ = ["TEXTS"]

_FIELDS: Final = {
    "field.employer": N_("employer number"),
    "field.ssin": N_("worker's NISS"),
    "field.identity": N_("worker's name and birth date"),
    "field.jointCommissionNumber": N_("joint committee"),
    "field.workerType": N_("worker type"),
    "field.startDate": N_("start date"),
    "field.endDate": N_("end date"),
    "field.startHour": N_("start time"),
    "field.endHour": N_("end time"),
    "field.plannedHoursNumber": N_("planned hours"),
    "field.userEnterpriseNumber": N_("user's enterprise number"),
    "field.userJointCommissionNumber": N_("user's joint committee"),
    "field.userName": N_("user's name"),
    "field.periodId": N_("Dimona period number"),
    "field.subEntityNbr": N_("sub-entity number"),
    "field.lastName": N_("worker's surname"),
    "field.firstName": N_("worker's first name"),
    "field.initial": N_("initial of the middle name"),
    "field.sex": N_("worker's sex"),
    "field.birthDate": N_("worker's birth date"),
    "field.birthPlace": N_("worker's place of birth"),
    "field.birthPlaceCountry": N_("worker's country of birth"),
    "field.nationality": N_("worker's nationality"),
    "field.street": N_("street"),
    "field.houseNumber": N_("house number"),
    "field.postBox": N_("box number"),
    "field.zipCode": N_("postcode"),
    "field.city": N_("commune"),
    "field.country": N_("country of residence"),
}

_WORKER_TYPES: Final = {
    "worker_type.OTH": N_("Other"),
    "worker_type.STU": N_("Student"),
    "worker_type.EXT": N_("Occasional worker"),
    "worker_type.FLX": N_("Flexi-job"),
    "worker_type.DWD": N_("Worker not subject to contributions"),
    "worker_type.BCW": N_("Construction worker"),
    "worker_type.RTA": N_("Recognised construction apprentice"),
    "worker_type.ALT": N_("Apprentice in work-linked training"),
    "worker_type.IVT": N_("Individual vocational training"),
    "worker_type.TRI": N_("Transition internship"),
    "worker_type.STG": N_("Trainee (work accident scheme)"),
    "worker_type.A17": N_("Article 17 (before 2022)"),
    "worker_type.O17": N_("Article 17 - socio-cultural and other"),
    "worker_type.S17": N_("Article 17 - sport"),
    "worker_type.T17": N_("Article 17 - public TV"),
    "worker_type.PMP": N_("Parliamentary mandate"),
    "worker_type.TEA": N_("Teaching staff of local administrations"),
    "worker_type.QUA": N_("Occasional worker in quarantine"),
    "worker_type.STX": N_("Student extra (before 2014)"),
}

_COMMITTEES: Final = {
    "committee.XXX": N_("Other sectors"),
    "committee.124": N_("Construction"),
    "committee.140": N_("Transport"),
    "committee.144": N_("Agriculture"),
    "committee.145": N_("Horticulture"),
    "committee.149": N_("Electricity"),
    "committee.302": N_("Hospitality"),
    "committee.320": N_("Funeral business"),
    "committee.322": N_("Temporary staffing"),
}

_OUTCOMES: Final = {
    "result.A": N_("Accepted"),
    "result.W": N_("Accepted with warnings"),
    "result.B": N_("Refused"),
    "result.S": N_("Pending"),
    "kind.IN": N_("Dimona IN"),
    "kind.OUT": N_("Dimona OUT"),
    "kind.UPDATE": N_("Update"),
    "kind.CANCEL": N_("Cancellation"),
}

# Generic texts by problem number, for an anomaly without a text of its own.
_PROBLEMS: Final = {
    "problem.901": N_("Missing information: %(field)s."),
    "problem.902": N_("Not allowed here: %(field)s. Please leave it out."),
    "problem.903": N_("Wrong format: %(field)s. Please check what you typed."),
    "problem.904": N_("The check digits do not match: %(field)s. Please check the number."),
    "problem.905": N_("Not an accepted value: %(field)s. Please check it."),
    "problem.906": N_("Unknown: %(field)s. Please check it."),
    "problem.907": N_("Not allowed with this joint committee: %(field)s."),
    "problem.908": N_("Already closed: %(field)s."),
    "problem.909": N_("Too late to change: %(field)s."),
    "problem.910": N_("Overlaps another period: %(field)s."),
    "problem.911": N_("Not valid for this start date: %(field)s."),
    "problem.912": N_("Before the start: %(field)s. Please check it."),
    "problem.913": N_("Must be on the start day: %(field)s."),
    "problem.914": N_("Must be in the same quarter as the start: %(field)s."),
    "problem.915": N_("Declared too early: %(field)s."),
    "problem.917": N_("Late declaration: %(field)s."),
    "problem.918": N_("Cannot be changed: %(field)s."),
    "problem.919": N_("Nothing changes: %(field)s."),
    "problem.355": N_("Already cancelled: %(field)s."),
    "problem.930": N_("Too long: %(field)s. Please shorten it."),
    "problem.931": N_("Not identified: %(field)s."),
    # TRANSLATORS: last resort, for an anomaly code dimona-talk has no text for.
    "anomaly.other": N_("Problem %(code)s with this declaration: please check it."),
}

_IMPORT: Final = {
    "import.employers.ok": N_("Employers imported: %(count)s."),
    "import.workers.ok": N_("Workers imported: %(count)s."),
    "import.failed": N_("Nothing was imported. Rows with errors: %(count)s."),
    # TRANSLATORS: %(problem)s is one of the import problems below.
    "import.row": N_("Line %(line)s: %(problem)s"),
    "import.header": N_("The first line must be: %(header)s"),
    "import.problem.header": N_("the first line must be: %(header)s"),
    # TRANSLATORS: %(column)s is a column name of the CSV file, as written in it.
    "import.problem.missing": N_("%(column)s is empty"),
    "import.problem.enterprise": N_("invalid enterprise number %(value)s"),
    "import.problem.nsso": N_("invalid NSSO number %(value)s"),
    "import.problem.provisional": N_(
        "invalid provisional NSSO number %(value)s: it has 10 digits and starts with 5"),
    "import.problem.definitive": N_(
        "the provisional NSSO number %(value)s needs the definitive NSSO number (9 digits) in"
        " nsso_number"),
    "import.problem.sub_entity": N_("invalid sub-entity number %(value)s: it has 10 digits"),
    "import.problem.no_number": N_("an enterprise number or an NSSO number is required"),
    "import.problem.language": N_("unknown language %(value)s: use fr, nl, de or en"),
    "import.problem.ssin": N_("invalid NISS %(value)s"),
    "import.problem.date": N_("invalid birth date %(value)s: use YYYY-MM-DD"),
    "import.problem.duplicate": N_("%(value)s appears twice"),
    "import.problem.encoding": N_("the file is not UTF-8 text"),
}

_API: Final = {
    "api.invalid_json": N_("The body is not valid JSON."),
    "api.malformed": N_("The body cannot be read: send JSON in UTF-8."),
    # TRANSLATORS: %(limit)s is a number of bytes.
    "api.too_large": N_("The body is too large: at most %(limit)s bytes."),
    "api.charset": N_("Unknown charset: send the body in UTF-8."),
    "api.slow": N_("The body did not arrive in time: send it again."),
    "api.not_object": N_("The body must be a JSON object."),
    "api.envelope": N_("Give exactly one of dimonaIn, dimonaOut, dimonaUpdate, dimonaCancel."),
    "api.invalid": N_("The declaration cannot be read: see the list of errors."),
    # TRANSLATORS: %(field)s is a JSON path such as $.dimonaIn.startDate, or a field label.
    "api.missing": N_("Required field: %(field)s."),
    # TRANSLATORS: %(expected)s is one of the json.* labels below.
    "api.type": N_("Wrong type for %(field)s: expected %(expected)s."),
    "api.date": N_("Wrong date in %(field)s: use YYYY-MM-DD."),
    "api.hour": N_("Wrong time in %(field)s: use HHMM, like 0830."),
    "api.unauthorized": N_("Authentication required: send a valid bearer token."),
    # TRANSLATORS: /metrics and --api-token are literal.
    "metrics.loopback_only": N_("Off loopback, /metrics needs the operator's token "
                                "(--api-token)."),
    "api.not_found": N_("Not found: please check the number."),
    "api.unknown_employer": N_("No employer with number %(number)s is registered."),
    # TRANSLATORS: %(value)s is what was given as ?format=; flat and nsso are literal.
    "api.format": N_("Unknown format %(value)s: use flat or nsso."),
    "api.idempotency_key": N_(
        "Wrong Idempotency-Key: use 1 to 255 visible ASCII characters."),
    "api.idempotency_mismatch": N_(
        "This Idempotency-Key was already used with another body: nothing was filed. Use a"
        " new key for a new declaration."),
    "api.idempotency_busy": N_(
        "A request with this Idempotency-Key is still being handled, or did not finish:"
        " nothing more was filed. Ask for the declaration later, or use a new key."),
    "json.object": N_("a JSON object"),
    "json.string": N_("a string"),
    "json.integer": N_("a whole number"),
    "json.number": N_("a number"),
    "json.boolean": N_("true or false"),
    "json.array": N_("a list"),
}

_OPERATOR: Final = {
    # TRANSLATORS: %(employers)s lists employers as "number name"; %(id)s is the key's number.
    "api_keys.added": N_(
        "API key %(id)s for %(employers)s. The key is shown once, above: give it to its"
        " holder now, it cannot be shown again."),
    # TRANSLATORS: one line of a list; %(prefix)s is the key's first characters.
    "api_keys.item": N_("%(id)s  %(prefix)s…  %(name)s  %(employers)s  %(created)s"),
    "api_keys.none": N_("No API keys."),
    "api_keys.removed": N_("API key %(id)s removed: it opens nothing any more."),
    "api_keys.unknown": N_("No API key %(key)s."),
    "registry.rejected": N_(
        "Declaration %(id)s refused: the worker could not be identified. Whoever watches it"
        " is told."),
    "registry.not_pending": N_(
        "Declaration %(id)s is not pending, or does not exist: nothing was changed."),
    # TRANSLATORS: %(routes)s are URLs, %(setting)s a variable and its flag, %(switch)s a flag.
    "serve.refused": N_(
        "Not starting: %(host)s is not a loopback address and %(routes)s would be open,"
        " as %(setting)s is not set. Set it, or switch the gateway off with %(switch)s."),
    "serve.refused_api": N_(
        "Not starting: %(host)s is not a loopback address and %(routes)s would be open,"
        " as %(setting)s is not set and there is no API key (dimona-talk api-keys add)."
        " Set one, or switch the API off with %(switch)s."),
    "serve.refused_needs": N_(
        "Not starting: %(host)s is not a loopback address and %(routes)s needs %(setting)s"
        " to check what it receives. Set it, or switch the gateway off with %(switch)s."),
    "serve.open": N_(
        "Warning: %(routes)s is open to anyone who can reach this loopback address,"
        " as %(setting)s is not set."),
}

#: Message id -> English source text. Read-only by convention: add texts above.
TEXTS: Final[dict[str, str]] = {
    **_FIELDS, **_WORKER_TYPES, **_COMMITTEES, **_OUTCOMES, **_PROBLEMS, **ANOMALY_TEXTS,
    **DIALOG_TEXTS, **CHANNEL_TEXTS, **_IMPORT, **_API, **_OPERATOR, **FEED_TEXTS,
    **WEB_TEXTS, **BATCH_TEXTS,
}
