"""The dialog machines: phases and named triggers, built from data, drawn in docs/dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.flows import FLOWS, PHASES, TRIGGERS, build_machines, diagram, fire, machine_of

DOCS = Path(__file__).parents[2] / "docs" / "dialogs"


def test_one_machine_per_dialog_kind() -> None:
    machines = build_machines()
    assert set(machines) == {"menu", "IN", "OUT", "UPDATE", "CANCEL"}
    for name, machine in machines.items():
        assert set(machine.states) == set(FLOWS[name])
        assert machine.models == []  # conversations fire on a detached cursor


@pytest.mark.parametrize("dialog", ["IN", "OUT", "UPDATE", "CANCEL"])
def test_every_declaration_has_the_phases_and_the_named_triggers(dialog: str) -> None:
    machine = build_machines()[dialog]
    assert set(machine.events) == set(TRIGGERS)
    assert {"menu", "collecting", "choosing", "confirming", "done"} <= set(FLOWS[dialog])
    assert set(FLOWS[dialog]) <= set(PHASES)


def test_changes_of_existing_work_pick_a_period() -> None:
    assert "picking" in FLOWS["OUT"] and "picking" in FLOWS["CANCEL"]
    assert "picking" not in FLOWS["IN"]


def test_only_a_confirmation_files() -> None:
    for dialog in ("IN", "OUT", "UPDATE", "CANCEL"):
        into_done = {(t.source, name) for name, event in build_machines()[dialog].events.items()
                     for ts in event.transitions.values() for t in ts if t.dest == "done"}
        assert into_done == {("confirming", "confirmed"),
                             *((s, "cancel") for s in FLOWS[dialog] if s != "done")}


@pytest.mark.parametrize("dialog", sorted(FLOWS))
def test_committed_diagram_is_up_to_date(dialog: str) -> None:
    committed = (DOCS / f"{dialog.lower()}.mmd").read_text(encoding="utf-8")
    assert committed == diagram(dialog) + "\n", "run: dimona-talk diagram --out docs/dialogs"


def test_a_call_reaches_the_dialog_only_through_a_right_pin() -> None:
    from dialogs import call

    machine = machine_of(call.PHASES, call.table())
    assert set(machine.events) == set(call.TRIGGERS)
    into_dialog = {(t.source, name) for name, event in machine.events.items()
                   for ts in event.transitions.values() for t in ts if t.dest == "dialog"}
    assert into_dialog == {("pin", "verified")}
    assert fire(machine, "pin", "back", "language") == "language"  # star: another language


def test_committed_call_diagram_is_up_to_date() -> None:
    from dialogs.call import diagram as call_diagram

    committed = (DOCS / "call.mmd").read_text(encoding="utf-8")
    assert committed == call_diagram() + "\n", "run: dimona-talk diagram --out docs/dialogs"
