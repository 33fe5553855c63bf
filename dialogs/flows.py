"""The dialog machines: one shared ``transitions`` machine per dialog kind, built once.

States and transitions are data. The only event is ``advance``; which state
it leads to is decided by conditions reading ``model.next_step``, which the
engine computes from the core's ``needed_fields`` -- the dialogs never
repeat a rule. ``submit`` leaves the summary for the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from transitions import EventData, Machine

from core.anomalies import Field

__all__ = ["FIELD_STEPS", "FLOWS", "STEP_FIELDS", "build_machines", "diagram", "transitions_of"]

#: The state that asks for each field.
FIELD_STEPS: Final[dict[Field, str]] = {f: f"ask_{f.name.lower()}" for f in Field}
STEP_FIELDS: Final[dict[str, Field]] = {step: f for f, step in FIELD_STEPS.items()}

_IN_FIELDS = (Field.EMPLOYER, Field.WORKER, Field.COMMITTEE, Field.WORKER_TYPE,
              Field.START_DATE, Field.START_HOUR, Field.END_HOUR, Field.END_DATE,
              Field.PLANNED_HOURS, Field.USER_ENTERPRISE, Field.USER_COMMITTEE)
_CHANGES = (Field.START_DATE, Field.END_DATE, Field.START_HOUR, Field.END_HOUR,
            Field.PLANNED_HOURS)

#: The states of each dialog, in the order a caller usually meets them.
FLOWS: Final[dict[str, tuple[str, ...]]] = {
    "menu": ("start", "choose_kind"),
    "IN": (*(FIELD_STEPS[f] for f in _IN_FIELDS), "confirm", "done"),
    "OUT": (FIELD_STEPS[Field.EMPLOYER], FIELD_STEPS[Field.WORKER], "pick_period",
            FIELD_STEPS[Field.END_DATE], "confirm", "done"),
    "UPDATE": (FIELD_STEPS[Field.EMPLOYER], FIELD_STEPS[Field.WORKER], "pick_period",
               "pick_change", *(FIELD_STEPS[f] for f in _CHANGES), "confirm", "done"),
    "CANCEL": (FIELD_STEPS[Field.EMPLOYER], FIELD_STEPS[Field.WORKER], "pick_period",
               "confirm", "done"),
}

#: What an UPDATE can change, in the order of its numbered list.
UPDATE_CHANGES: Final = (*_CHANGES, "remove_end_date")


def _next_is(step: str) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        return bool(getattr(event.model, "next_step", None) == step)

    condition.__name__ = f"next_is_{step}"
    return condition


def transitions_of(dialog: str) -> list[dict[str, Any]]:
    """The transition table of one dialog."""
    states = FLOWS[dialog]
    live = [s for s in states if s != "done"]
    table: list[dict[str, Any]] = [
        {"trigger": "advance", "source": live, "dest": step, "conditions": [_next_is(step)]}
        for step in states if step not in ("start", "done")
    ]
    if "done" in states:
        table.append({"trigger": "submit", "source": "confirm", "dest": "done"})
    return table


def _machine(dialog: str, cls: type[Machine] = Machine, **extra: Any) -> Machine:
    return cls(model=None, states=list(FLOWS[dialog]), transitions=transitions_of(dialog),
               initial=FLOWS[dialog][0], auto_transitions=False, send_event=True,
               ignore_invalid_triggers=False, **extra)


def build_machines() -> dict[str, Machine]:
    """One shared machine per dialog kind; conversations fire its events on a detached cursor."""
    return {dialog: _machine(dialog) for dialog in FLOWS}


def diagram(dialog: str) -> str:
    """A Mermaid ``stateDiagram-v2`` of one dialog, drawn from the real table."""
    from transitions.extensions import GraphMachine

    class _Model:
        next_step = ""

    model = _Model()
    machine = _machine(dialog, GraphMachine, graph_engine="mermaid", title=f"dimona-talk {dialog}")
    machine.add_model(model)
    return str(model.get_graph().draw(None))  # type: ignore[attr-defined]
