"""The Officers module: the table model, adding an officer, and what other roles may do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from station_app.core.errors import PermissionDeniedError
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.accounts import OfficerInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.officer_dialog import OfficerDialog
from station_app.ui.dialogs.passwords import ResetPasswordDialog
from station_app.ui.models.officers_model import (
    COL_LAST_LOGIN,
    COL_NAME,
    COL_ROLE,
    COL_STATUS,
    HEADERS,
    OfficersModel,
    SortRole,
)
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.officers import PERMISSION_PROPERTY, OfficersView
from tests.conftest import SHO
from tests.ui.conftest import RecordingMessages, add_officer, make_desk

NOW = datetime(2026, 3, 1, 6, 30, tzinfo=UTC)


def closed(dialog: object) -> bool:
    """Desk dialogs delete themselves on close."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()  # type: ignore[attr-defined]


def _info(**changes: object) -> OfficerInfo:
    base = dict(
        id="1",
        username="si.meena",
        full_name="Meena Kumari Yadav",
        rank="Sub-Inspector",
        belt_number="PIS-4471",
        role=Role.INVESTIGATING_OFFICER,
        active=True,
        locked_until=None,
        must_change_password=False,
        last_login_at=None,
    )
    base.update(changes)
    return OfficerInfo(**base)  # type: ignore[arg-type]


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = OfficersModel()
    model.set_rows(
        [
            _info(),
            _info(id="2", username="ct.lakra", full_name="Sunita Lakra", role=Role.DATA_ENTRY, active=False),
            _info(id="3", username="hc.x", locked_until=NOW + timedelta(minutes=9), last_login_at=NOW),
        ],
        NOW,
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == len(HEADERS)
    assert model.headerData(COL_NAME, Qt.Orientation.Horizontal) == "Name"


def test_model_columns() -> None:
    model = OfficersModel()
    model.set_rows(
        [
            _info(must_change_password=True),
            _info(id="2", active=False),
            _info(id="3", locked_until=NOW + timedelta(minutes=9), last_login_at=NOW),
        ],
        NOW,
    )
    status = [model.index(r, COL_STATUS).data() for r in range(3)]
    assert status[0] == "Active (must change password)"
    assert status[1] == "Deactivated"
    assert status[2].startswith("Locked until ")
    assert model.index(0, COL_ROLE).data() == "Investigating officer"
    assert model.index(0, COL_LAST_LOGIN).data() == "never"
    assert model.index(2, COL_LAST_LOGIN).data(SortRole) == NOW.timestamp()
    assert model.index(0, COL_NAME).data(SortRole) == "meena kumari yadav"


def test_sho_adds_an_officer(qtbot, sho_desk: Desk, open_window, station: StationServices) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    window.show_module("officers")
    view = window.module("officers")
    assert isinstance(view, OfficersView)
    assert view.model.rowCount() == 1
    dashboard = window.module("home")
    assert isinstance(dashboard, Dashboard)
    audit_before = station.station.audit_entry_count()
    assert dashboard.audit_label.text() == str(audit_before)

    view.add_action.trigger()
    dialog = view.findChild(OfficerDialog)
    assert dialog is not None and dialog.isVisible()
    # Inline validation first: nothing typed.
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert dialog.form.error_text("username") == "A user name is required."
    assert "required" in dialog.form.error_text("rank")
    qtbot.keyClicks(dialog.username, "SI.Meena")
    qtbot.keyClicks(dialog.full_name, "Meena Kumari Yadav")
    dialog.rank.setCurrentText("Sub-Inspector")
    qtbot.keyClicks(dialog.belt, "PIS-4471")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.INVESTIGATING_OFFICER))
    qtbot.keyClicks(dialog.password, "meena-first-1")
    qtbot.keyClicks(dialog.password_again, "meena-first-1")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()

    assert closed(dialog)
    names = [view.model.officer(r).username for r in range(view.model.rowCount())]
    assert sorted(names) == ["sho.singh", "si.meena"]
    assert station.station.audit_entry_count() == audit_before + 1
    assert dashboard.audit_label.text() == str(audit_before + 1)
    assert dashboard.count_labels["officer"].text() == "2"


def test_duplicate_user_name_is_shown_at_the_field(qtbot, sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    view = window.module("officers")
    view.add_action.trigger()
    dialog = view.findChild(OfficerDialog)
    qtbot.keyClicks(dialog.username, SHO.username)
    qtbot.keyClicks(dialog.full_name, "Someone Else")
    dialog.rank.setCurrentText("Constable")
    qtbot.keyClicks(dialog.password, "another-pass-1")
    qtbot.keyClicks(dialog.password_again, "another-pass-1")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()
    assert dialog.isVisible()
    assert "already taken" in dialog.form.error_text("username")


def test_deactivate_reset_and_unlock(
    qtbot, sho_desk: Desk, open_window, station: StationServices, messages: RecordingMessages
) -> None:  # type: ignore[no-untyped-def]
    officer = add_officer(station, sho_desk.actor, "ct.lakra", Role.DATA_ENTRY, "Sunita Lakra")
    window = open_window(sho_desk)
    view = window.module("officers")
    window.show_module("officers")
    qtbot.keyClicks(view.filter_edit, "lakra")
    assert view.proxy.rowCount() == 1
    view.table.selectRow(0)
    assert view.selected().username == "ct.lakra"
    assert view.toggle_action.isEnabled() and view.reset_action.isEnabled()
    assert not view.unlock_action.isEnabled()

    view.toggle_action.trigger()
    sho_desk.ops.wait_idle()
    assert "no longer be able to sign in" in messages.confirms[0]
    assert view.selected() is not None and not view.selected().active
    assert view.toggle_action.text() == "&Activate"

    view.toggle_action.trigger()
    sho_desk.ops.wait_idle()
    assert view.selected().active

    for _ in range(5):
        station.accounts.confirm_password(officer, "wrong-wrong-1")
    view.refresh()
    sho_desk.ops.wait_idle()
    assert view.unlock_action.isEnabled()
    view.unlock_action.trigger()
    sho_desk.ops.wait_idle()
    assert view.selected().locked_until is None

    view.reset_action.trigger()
    dialog = view.findChild(ResetPasswordDialog)
    qtbot.keyClicks(dialog.new, "reset-pass-22")
    qtbot.keyClicks(dialog.again, "reset-pass-22")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()
    assert closed(dialog)
    assert view.selected().must_change_password


def test_sho_cannot_deactivate_self_from_the_view(sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    view = open_window(sho_desk).module("officers")
    view.table.selectRow(0)
    assert view.selected().username == SHO.username
    assert not view.toggle_action.isEnabled()
    assert view.edit_action.isEnabled()


def _management_actions(window) -> list[QAction]:  # type: ignore[no-untyped-def]
    return [a for a in window.findChildren(QAction) if a.property(PERMISSION_PROPERTY) == "manage_accounts"]


def test_data_entry_operator_has_no_account_management(
    qtbot,
    data_dir,
    station: StationServices,
    sho: Actor,
    ops,
    events,
    messages: RecordingMessages,
    open_window,
) -> None:  # type: ignore[no-untyped-def]
    clerk = add_officer(station, sho, "hc.ansari", Role.DATA_ENTRY, "Salim Ansari")
    window = open_window(make_desk(data_dir, station, clerk, ops, events, messages))
    view = window.module("officers")
    window.show_module("officers")
    assert view.model.rowCount() == 2  # everyone may see who works here
    view.table.selectRow(0)
    actions = _management_actions(window)
    assert len(actions) == 5
    assert [a.objectName() for a in actions if a.isEnabled()] == []
    # And the dashboard offers no station settings.
    assert not window.module("home").idle_save.isEnabled()

    # The service refuses too, whatever the UI shows: the message reaches the officer.
    view._can_manage = True  # as if the UI had a bug
    view._update_actions()
    view.unlock_action.setEnabled(True)
    view.unlock_action.trigger()
    ops.wait_idle()
    assert [type(e) for e in messages.errors] == [PermissionDeniedError]
    assert "Data-entry operator" in messages.errors[0].message


def test_sho_has_every_account_action(sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    view = window.module("officers")
    view.table.selectRow(0)
    assert view.add_action.isEnabled() and view.edit_action.isEnabled() and view.reset_action.isEnabled()
