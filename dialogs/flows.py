"""The dialog machines: one shared ``transitions`` machine per dialog kind, built once.

A machine holds the *phases* of a conversation and the named *triggers*
that move it; which field is asked stays data (``Conversation.asking``),
taken from the core's ``needed_fields`` -- the dialogs never repeat a rule.

Phases: ``menu`` (the kind is not chosen yet), ``collecting`` (a field is
asked), ``picking`` (a numbered list of periods), ``choosing`` (what to
change: an UPDATE's field, or a correction after "no" at the summary),
``confirming`` (the summary is shown) and ``done``.

Triggers: ``answered`` (the caller gave something to take), ``declined``
("no": to the summary, or to an optional field), ``confirmed`` ("yes" to the
summary last shown), ``correct`` (a field named to change), ``back``,
``restart`` and ``cancel``. Where a trigger leads is decided by conditions
reading ``model.next_phase``, which the session computes from the core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from transitions import EventData, Machine

from core.anomalies import Field

__all__ = ["FLOWS", "PHASES", "TRIGGERS", "UPDATE_CHANGES", "build_machines", "diagram", "draw",
           "fire", "machine_of", "table_of", "transitions_of"]

#: Every phase, in the order a caller meets them.
PHASES: Final = ("menu", "collecting", "picking", "choosing", "confirming", "done")
#: Every trigger.
TRIGGERS: Final = ("answered", "declined", "confirmed", "correct", "back", "restart", "cancel")

#: The phases of each dialog.
FLOWS: Final[dict[str, tuple[str, ...]]] = {
    "menu": ("menu", "done"),
    "IN": ("menu", "collecting", "choosing", "confirming", "done"),
    "OUT": ("menu", "collecting", "picking", "choosing", "confirming", "done"),
    "UPDATE": ("menu", "collecting", "picking", "choosing", "confirming", "done"),
    "CANCEL": ("menu", "collecting", "picking", "choosing", "confirming", "done"),
}

_CHANGES = (Field.START_DATE, Field.END_DATE, Field.START_HOUR, Field.END_HOUR,
            Field.PLANNED_HOURS)
#: What an UPDATE can change, in the order of its numbered list.
UPDATE_CHANGES: Final = (*_CHANGES, "remove_end_date")

_LIVE: Final = ("collecting", "picking", "choosing", "confirming")
#: Where each trigger may lead (within the phases a dialog has), and from where.
_MOVES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("answered", ("menu", *_LIVE), _LIVE),
    ("declined", ("collecting",), ("collecting", "confirming")),  # an optional field
    ("declined", ("confirming",), ("choosing",)),  # "no" to the summary
    ("confirmed", ("confirming",), ("done",)),
    ("correct", _LIVE, _LIVE),
    ("back", _LIVE, ("menu", "collecting", "picking", "choosing")),
)


def _next_is(phase: str) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        return bool(getattr(event.model, "next_phase", None) == phase)

    condition.__name__ = f"next_is_{phase}"
    return condition


def table_of(moves: Sequence[tuple[str, Sequence[str], Sequence[str]]],
             phases: Sequence[str]) -> list[dict[str, Any]]:
    """A transition table from moves (trigger, sources, destinations), within ``phases``:
    where a trigger may lead to several phases, ``model.next_phase`` says which."""
    table: list[dict[str, Any]] = []
    for trigger, sources, dests in moves:
        here = [s for s in sources if s in phases]
        there = [d for d in dests if d in phases]
        for dest in there:
            if here:
                conditions = [_next_is(dest)] if len(there) > 1 else []
                table.append({"trigger": trigger, "source": here, "dest": dest,
                              "conditions": conditions})
    return table


def transitions_of(dialog: str) -> list[dict[str, Any]]:
    """The transition table of one dialog."""
    phases = FLOWS[dialog]
    live = [p for p in phases if p != "done"]
    table = table_of(_MOVES, phases)
    table.append({"trigger": "restart", "source": live, "dest": "menu"})
    table.append({"trigger": "cancel", "source": live, "dest": "done"})
    if dialog == "menu":  # nothing chosen yet: the menu is asked again
        table.append({"trigger": "answered", "source": "menu", "dest": "menu"})
    return table


def machine_of(phases: Sequence[str], table: list[dict[str, Any]],
               cls: type[Machine] = Machine, **extra: Any) -> Machine:
    """A shared machine: no model of its own, events fired on a detached cursor
    (:func:`fire`), every trigger named, an invalid one an error."""
    return cls(model=None, states=list(phases), transitions=table, initial=phases[0],
               auto_transitions=False, send_event=True, ignore_invalid_triggers=False, **extra)


class _Cursor:
    """A throw-away model an event of a shared machine is fired on, never attached to it."""

    def __init__(self, state: str, next_phase: str) -> None:
        self.state = state
        self.next_phase = next_phase


def fire(machine: Machine, state: str, trigger: str, next_phase: str) -> str:
    """Fire ``trigger`` from ``state``; the phase it leads to (``next_phase`` where it may
    lead to several).

    The cursor is never attached (``add_model`` costs 17 KB and O(n) per model): the
    event is dispatched to it directly, as transitions allows.
    """
    cursor = _Cursor(state, next_phase)
    machine.events[trigger].trigger(cursor)
    return cursor.state


def build_machines() -> dict[str, Machine]:
    """One shared machine per dialog kind; conversations fire its events on a detached cursor."""
    return {dialog: machine_of(FLOWS[dialog], transitions_of(dialog)) for dialog in FLOWS}


def draw(name: str, phases: Sequence[str], table: list[dict[str, Any]]) -> str:
    """A Mermaid ``stateDiagram-v2`` of a machine, drawn from its real table."""
    from transitions.extensions import GraphMachine

    class _Model:
        next_phase = ""

    model = _Model()
    graph = machine_of(phases, table, GraphMachine, graph_engine="mermaid",
                       title=f"dimona-talk {name}")
    graph.add_model(model)
    return str(model.get_graph().draw(None))  # type: ignore[attr-defined]


def diagram(dialog: str) -> str:
    """A Mermaid ``stateDiagram-v2`` of one dialog, drawn from the real table."""
    return draw(dialog, FLOWS[dialog], transitions_of(dialog))
