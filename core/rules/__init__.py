"""The Dimona rules, as pure functions of a request, a snapshot and a date.

- :mod:`~core.rules.fields` checks each field on its own (check digits, ranges);
- :mod:`~core.rules.identity` checks the identity zones of a worker without a NISS;
- :mod:`~core.rules.needs` says which fields a declaration still needs;
- :mod:`~core.rules.shape` checks the fields against each other and the type;
- :mod:`~core.rules.personnel` checks against the personnel file;
- :mod:`~core.rules.judge` puts them together into a result.
"""

import datetime

from core.anomalies import Anomaly
from core.model import Employer, Request
from core.rules.fields import check_fields
from core.rules.judge import (
    Snapshot,
    Verdict,
    employer_checks,
    judge,
    judge_identified,
    refuse_unidentified,
)
from core.rules.needs import derive, needed_fields, offered_fields
from core.rules.shape import check_shape

__all__ = ["Snapshot", "Verdict", "check_draft", "check_fields", "derive", "judge",
           "judge_identified", "needed_fields", "offered_fields", "refuse_unidentified"]


def check_draft(req: Request, today: datetime.date, employer: Employer | None = None
                ) -> list[Anomaly]:
    """Every problem a declaration being collected already shows, field by field.

    Dialogs call it after each answer to reprompt at once; the personnel-file
    checks wait for the submission. With the ``employer`` known, what depends on
    it is checked too (its sub-entities, a closed provisional number).
    """
    found = check_fields(req, today) + check_shape(req, today)
    return found + employer_checks(req, employer) if employer is not None else found
