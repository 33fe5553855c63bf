"""The dialog machines: built from data, complete, and drawn in docs/dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.anomalies import Field
from dialogs.flows import FIELD_STEPS, FLOWS, build_machines, diagram

DOCS = Path(__file__).parents[2] / "docs" / "dialogs"


def test_one_machine_per_dialog_kind() -> None:
    machines = build_machines()
    assert set(machines) == {"menu", "IN", "OUT", "UPDATE", "CANCEL"}
    for name, machine in machines.items():
        assert set(machine.states) == set(FLOWS[name])
        assert machine.models == []  # conversations attach for one turn only


def test_every_in_field_has_a_state() -> None:
    for fld in (Field.EMPLOYER, Field.WORKER, Field.START_DATE, Field.PLANNED_HOURS):
        assert FIELD_STEPS[fld] in FLOWS["IN"]


@pytest.mark.parametrize("dialog", sorted(FLOWS))
def test_committed_diagram_is_up_to_date(dialog: str) -> None:
    committed = (DOCS / f"{dialog.lower()}.mmd").read_text(encoding="utf-8")
    assert committed == diagram(dialog) + "\n", "run: dimona-talk diagram --out docs/dialogs"
