"""Digitised records are marked wherever they appear: the FIR register's status, the FIR's own view
(with the page it came from and the paper arrests that cite it), and the General Diary's list."""

from __future__ import annotations

from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.models.diary_model import COL_KIND, COL_NUMBER
from station_app.ui.models.fir_register_model import COL_NUMBER as REGISTER_NUMBER
from station_app.ui.models.fir_register_model import COL_STATUS
from station_app.ui.views.diary import DiaryView
from station_app.ui.views.fir_register import FirRegisterView
from station_app.ui.views.fir_view import FirView
from tests.fixtures.import_files import row
from tests.ui.fir_helpers import complaint_gd


def test_register_view_and_diary_mark_digitised_records(
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    station.legacy.digitise(sho, "fir", row("fir", fir_number="12"))
    station.legacy.digitise(sho, "fir", row("fir", fir_number="13", page="119", acts_sections="IPC 376"))
    station.legacy.digitise(sho, "gd", row("gd"))
    station.legacy.digitise(sho, "arrest", row("arrest"))
    complaint_gd(station, sho)  # an entry written in the app: no mark

    register = FirRegisterView(sho_desk)
    qtbot.addWidget(register)
    sho_desk.ops.wait_idle()
    qtbot.waitUntil(lambda: register.model.rowCount() == 2)
    statuses = {register.model.index(r, REGISTER_NUMBER).data(): register.model.index(r, COL_STATUS).data()
                for r in range(2)}  # fmt: skip
    assert statuses == {"0012/2019": "Digitised", "0013/2019": "Digitised, sensitive"}

    view = FirView(sho_desk, station.firs.find(sho, 2019, 12))
    qtbot.addWidget(view)
    sho_desk.ops.wait_idle()
    assert not view.digitised_badge.isHidden()
    assert view.digitised_badge.text() == "Digitised from paper · FIR register, vol. 3, p. 118"
    lines = [view.events_list.item(i).text() for i in range(view.events_list.count())]
    assert lines == [
        "Digitised arrest 0007/2019: Sonu (father/husband: Ramesh Pal), 07-03-2019 16:15 (u/s IPC 379, IPC 411)"
    ]

    diary = DiaryView(sho_desk)
    qtbot.addWidget(diary)
    sho_desk.ops.wait_idle()
    qtbot.waitUntil(lambda: diary.model.rowCount() == 2)
    kinds = {diary.model.index(r, COL_NUMBER).data(): diary.model.index(r, COL_KIND).data() for r in range(2)}
    assert kinds["0023/2019"] == "Complaint received · Digitised"
    assert [k for n, k in kinds.items() if n != "0023/2019"] == ["Complaint received"]
