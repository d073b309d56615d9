"""The FIR register: the lazy model (model tester, pages fetched only for rows on screen), filters
and sort on a training station, opening an FIR, and 20,000 FIRs without stalling the GUI thread."""

from __future__ import annotations

import time

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from bench.generator import generate_firs
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.services.fir_register import RegisterQuery, RegisterSort
from station_app.ui.context import Desk
from station_app.ui.models.fir_register_model import (
    COL_COMPLAINANT,
    COL_NUMBER,
    COL_SECTIONS,
    COL_STATUS,
    PLACEHOLDER,
    FirRegisterModel,
)
from station_app.ui.views.fir_register import FirRegisterView
from station_app.ui.views.fir_view import FirView
from tests.conftest import IDENTITY
from tests.ui.fir_helpers import type_text

MANY = 20_000


def register_of(window) -> FirRegisterView:  # type: ignore[no-untyped-def]
    view = window.module("register")
    assert isinstance(view, FirRegisterView)
    return view


def column(view: FirRegisterView, col: int) -> list[str]:
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


def test_model_passes_the_model_tester(qtbot, qtmodeltester, training_desk: Desk) -> None:  # type: ignore[no-untyped-def]
    services, actor = training_desk.services, training_desk.actor
    model = FirRegisterModel(
        training_desk.ops,
        count=lambda q: services.fir_register.count(actor, q),
        page=lambda q, offset, limit: services.fir_register.page(actor, q, offset, limit),
        page_size=10,
    )
    model.set_query(RegisterQuery())
    training_desk.ops.wait_idle()
    assert model.rowCount() == 40  # 36 registered in the app and 4 digitised
    assert model.index(15, COL_NUMBER).data() == PLACEHOLDER  # page 1 is not loaded yet…
    qtbot.waitUntil(lambda: model.index(15, COL_NUMBER).data() != PLACEHOLDER)  # …and comes by itself
    assert model.fetched_pages == [0, 1]
    qtmodeltester.check(model)


def test_filters_sort_and_open(
    qtbot, training_desk: Desk, open_window, training_station: StationServices
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(training_desk)
    window.show_module("register")
    view = register_of(window)
    ops, filters = training_desk.ops, view.filters
    ops.wait_idle()
    assert view.model.rowCount() == 40  # 36 registered in the app, 4 digitised from a 2019 register
    assert view.count_label.text().startswith("40 FIRs")
    assert column(view, COL_STATUS).count("Digitised") == 4
    numbers = column(view, COL_NUMBER)
    assert numbers[0].endswith(f"/{max(int(n[-4:]) for n in numbers)}")  # newest year first

    def apply() -> list[str]:
        view.apply_filters()
        ops.wait_idle()
        return column(view, COL_NUMBER)

    filters.year.setCurrentIndex(filters.year.findData(2024))
    ops.wait_idle()
    assert column(view, COL_NUMBER) and all(n.endswith("/2024") for n in column(view, COL_NUMBER))
    type_text(filters.number, "3")
    assert set(apply()) <= {"0003/2024", "Z-0003/2024"} and "0003/2024" in column(view, COL_NUMBER)
    filters.number.clear()
    filters.year.setCurrentIndex(0)
    ops.wait_idle()

    filters.act.setCurrentIndex(filters.act.findData("IPC"))
    type_text(filters.section, "379")
    apply()
    assert view.model.rowCount() >= 1 and all("IPC 379" in s for s in column(view, COL_SECTIONS))
    filters.act.setCurrentIndex(0)
    filters.section.clear()
    ops.wait_idle()

    filters.status.setCurrentIndex(filters.status.findData("transferred"))
    apply()
    assert view.model.rowCount() >= 1 and all("transferred" in s for s in column(view, COL_STATUS))
    filters.status.setCurrentIndex(0)
    ops.wait_idle()

    someone = view.model.index(5, COL_COMPLAINANT).data()
    type_text(filters.name, someone.split()[0])
    apply()
    assert someone in column(view, COL_COMPLAINANT)
    filters.name.clear()

    type_text(filters.date_from, "01-01-2025")
    type_text(filters.date_to, "31-12-2025")
    registered = apply()
    assert registered and all(n.endswith("/2025") for n in registered)
    filters.date_from.clear()
    filters.date_to.clear()

    sho = training_desk.actor
    training_station.firs.new_draft(sho, {"complainant_name": "Draft Person"})
    filters.drafts.setChecked(True)
    ops.wait_idle()
    drafts = len(training_station.firs.drafts(sho))  # the practice e-FIRs are drafts too
    assert column(view, COL_NUMBER).count("(draft)") == drafts and view.model.rowCount() == 40 + drafts
    filters.drafts.setChecked(False)
    ops.wait_idle()

    view.table.horizontalHeader().sectionClicked.emit(COL_COMPLAINANT)  # a header click sorts
    ops.wait_idle()
    assert view.model.query.sort == RegisterSort.COMPLAINANT and not view.model.query.descending
    names = column(view, COL_COMPLAINANT)
    assert names == sorted(names)

    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens the FIR, read-only
    ops.wait_idle()
    opened = window.fir_desk().view
    assert isinstance(opened, FirView) and window.modules.currentWidget() is window.fir_desk()
    assert opened.record.summary.complainant_name == names[0]


def test_twenty_thousand_firs_stay_smooth(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:
    generate_firs(station.db, MANY, officer_id=sho.officer_id, station_code=IDENTITY.station_code)
    window = open_window(sho_desk)
    window.show_module("register")
    view = register_of(window)
    model, table = view.model, view.table
    model.fetched_pages.clear()
    # The GUI thread's longest stall: a 5 ms timer that notes the largest gap between its ticks.
    clock, longest = QElapsedTimer(), [0]
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: longest.__setitem__(0, max(longest[0], clock.restart())))
    clock.start()
    ticker.start()

    started = time.perf_counter()
    with qtbot.waitSignal(model.loaded, timeout=5000):
        view.apply_filters()  # a fresh query over the whole register: the count and the first page
    assert model.rowCount() == MANY and model.index(0, COL_NUMBER).data() != PLACEHOLDER
    first_screen = time.perf_counter() - started
    assert model.fetched_pages == [0]

    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.index(MANY - 1, COL_NUMBER).data() != PLACEHOLDER, timeout=5000)
    last_page = MANY // model.page_size - 1
    assert model.fetched_pages == [0, last_page]  # nothing in between was read

    middle = MANY // 2
    table.scrollTo(model.index(middle, 0))
    qtbot.waitUntil(lambda: model.index(middle, COL_NUMBER).data() != PLACEHOLDER, timeout=5000)
    first_row, last_row = view.visible_rows()
    on_screen = set(range(first_row // model.page_size, last_row // model.page_size + 1))
    assert set(model.fetched_pages[2:]) == on_screen

    table.setFocus()
    table.setCurrentIndex(model.index(middle, 0))
    for _ in range(30):  # an officer holding Page Down
        qtbot.keyClick(table, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: PLACEHOLDER not in column_slice(view, *view.visible_rows()), timeout=5000)
    ticker.stop()
    assert len(model.loaded_pages()) <= 10
    print(
        f"\nFIR register over {MANY:,} FIRs: first screen {first_screen * 1000:.0f} ms; "
        f"pages fetched {model.fetched_pages} of {MANY // model.page_size}; "
        f"longest GUI-thread stall {longest[0]} ms"
    )


def column_slice(view: FirRegisterView, first: int, last: int) -> list[str]:
    return [view.model.index(r, COL_NUMBER).data() for r in range(first, last + 1)]
