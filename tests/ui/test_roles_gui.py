"""The desk offers each role what the services allow it, and hides the rest (docs/roles.md).

The services refuse anyway (tests/core/test_roles.py); here, a role never meets a module, a menu
entry or a button that would only answer "Not allowed for your role".
"""

from __future__ import annotations

import pytest

from station_app.core.permissions import ROLE_PERMISSIONS, Permission, Role
from station_app.core.runtime import StationServices
from station_app.ui.main_window import MODULE_PERMISSIONS, MODULES
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.diary import DiaryView
from station_app.ui.views.officers import OfficersView
from station_app.ui.views.sync_view import SyncView
from tests.ui.conftest import add_officer, make_desk


def _expected_modules(role: Role) -> list[str]:
    held = ROLE_PERMISSIONS[role]
    return [
        name for _t, name, _f in MODULES if name not in MODULE_PERMISSIONS or MODULE_PERMISSIONS[name] in held
    ]


def test_the_it_admin_sees_home_officers_and_sync_only() -> None:
    assert _expected_modules(Role.ADMIN) == ["home", "officers", "sync"]
    assert "digitise" not in _expected_modules(Role.DUTY_OFFICER)
    assert _expected_modules(Role.SHO) == [name for _t, name, _f in MODULES]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_desk_offers_a_role_only_what_it_may_do(  # type: ignore[no-untyped-def]
    role: Role, data_dir, station: StationServices, sho, ops, events, messages, open_window
) -> None:
    actor = sho if role is Role.SHO else add_officer(station, sho, f"officer.{role.value}", role)
    window = open_window(make_desk(data_dir, station, actor, ops, events, messages))
    held = ROLE_PERMISSIONS[role]

    assert [name for _t, name, _f in window.module_list] == _expected_modules(role)
    assert window.nav.count() == len(window.module_list) == len(window.go_actions)
    menus = [a.text() for a in window.menuBar().actions()]
    records_offered = Permission.DRAFT_FIR in held or Permission.WRITE_GD in held
    assert ("&Records" in menus) is records_offered
    for action, permission in (
        (window.new_fir_action, Permission.DRAFT_FIR),
        (window.new_gd_action, Permission.WRITE_GD),
    ):
        assert action.isVisible() is (permission in held)
        assert action.isEnabled() is (permission in held)  # a hidden entry's shortcut does nothing either
    assert window.search_bar.isVisibleTo(window) is (Permission.VIEW_RECORDS in held)
    assert window.sync_now_action.isVisible() is (Permission.SYNC in held)

    dashboard = window.module("home")
    assert isinstance(dashboard, Dashboard)
    assert (dashboard.deadlines_card is not None) is (Permission.VIEW_RECORDS in held)
    assert (dashboard.fir_card is not None) is (Permission.VIEW_RECORDS in held)
    assert dashboard.idle_spin.isEnabled() is (Permission.MANAGE_STATION in held)

    sync = window.module("sync")
    assert isinstance(sync, SyncView)
    assert sync.sync_button.isVisibleTo(sync) is (Permission.SYNC in held)
    assert sync.enrol_button.isVisibleTo(sync) is (Permission.MANAGE_STATION in held)
    may_export = Permission.SYNC in held and Permission.VIEW_RECORDS in held
    assert sync.quarantined.export_button.isVisibleTo(sync.quarantined) is may_export

    officers = window.module("officers")
    assert isinstance(officers, OfficersView)
    assert officers.add_action.isEnabled() is (Permission.MANAGE_ACCOUNTS in held)

    if "diary" in window.module_widgets:
        diary = window.module("diary")
        assert isinstance(diary, DiaryView)
        assert diary.new_action.isEnabled() is (Permission.WRITE_GD in held)
    ops.wait_idle()
    assert messages.errors == []  # nothing on the desk asked a service for what the role may not do
