"""The FIR form shows the law's refusals at the item: only non-cognizable sections (the NCR route,
BNSS 174) at item 2, and the IPC 377 confirmation at its tick box."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from forms.law_master.cognizance import CONSENT_FIELD
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.views.fir_editor import FirEditor
from station_app.ui.views.legacy_work import probe
from tests.fixtures.import_files import row
from tests.ui.fir_helpers import complaint_gd, recent_theft


def _editor(qtbot, desk: Desk, station: StationServices, sho: Actor, **values: object) -> FirEditor:  # type: ignore[no-untyped-def]
    gd = complaint_gd(station, sho)
    editor = FirEditor(desk, station.firs.new_draft(sho, recent_theft(station, gd, **values)))
    qtbot.addWidget(editor)
    return editor


def _check(desk: Desk, editor: FirEditor) -> None:
    editor.check_button.click()
    desk.ops.wait_idle()


def test_non_cognizable_sections_show_the_ncr_route_at_item_2(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    sections = [{"act": "BNS", "section": "115(2)"}, {"act": "BNS", "section": "352"}]
    editor = _editor(qtbot, sho_desk, station, sho, acts_sections=sections)
    _check(sho_desk, editor)
    message = editor.form.error_text("acts_sections")
    assert "cannot be registered as an FIR" in message and "BNSS 174" in message
    editor.form.set_values(
        {**editor.form.values(), "acts_sections": [*sections, {"act": "BNS", "section": "118(1)"}]}
    )
    editor.autosave.schedule()  # as typing would: set_values loads without marking the draft changed
    _check(sho_desk, editor)
    qtbot.waitUntil(lambda: editor.form.error_text("acts_sections") == "", timeout=5000)


def test_ipc_377_asks_for_the_confirmation_at_its_tick_box(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    editor = _editor(
        qtbot, sho_desk, station, sho, acts_sections=[{"act": "IPC", "section": "377"}],
        occurrence_from="2024-03-01T22:00:00+05:30", occurrence_to="2024-03-01T23:00:00+05:30",
        delay_reason="The victim was in hospital.",
    )  # fmt: skip
    _check(sho_desk, editor)
    assert "Navtej Singh Johar" in editor.form.error_text(CONSENT_FIELD)
    box = editor.form.editor(CONSENT_FIELD).control()
    assert isinstance(box, QCheckBox)
    box.setChecked(True)
    _check(sho_desk, editor)
    qtbot.waitUntil(lambda: editor.form.error_text(CONSENT_FIELD) == "", timeout=5000)


def test_digitise_check_shows_a_warning_that_does_not_stop_saving(
    station: StationServices, sho: Actor
) -> None:
    values = {**row("fir", acts_sections="IPC 497", occurrence_on="01-03-2015", registered_on="02-03-2015",
                    fir_year="2015")}  # fmt: skip
    found = probe(station, sho, "fir", values)
    assert found.issues == {}  # nothing to correct: Enter saves
    assert any("Joseph Shine" in w for w in found.warnings)
    refused = probe(station, sho, "fir", {**values, "occurrence_on": "28-09-2018", "registered_on": "29-09-2018",
                                          "fir_year": "2018"})  # fmt: skip
    assert "Joseph Shine" in refused.issues["acts_sections"]
