"""The investigation screenshots (called by make_screenshots.py on its training station, whose practice
cases have arrests, case diaries, seizures, near-duplicate persons and one arrest 20 hours old).

    deadlines-dashboard.png  Home: the station's legal clocks, the 24-hour production one red
    search-popup.png         search as you type from the main window, results grouped by type
    persons.png              the person register: a person open, with a likely duplicate offered
    case-diary.png           a case's diary: entries with their CD pages, one read
    seizure.png              a case's seizures: articles, malkhana numbers, chain of custody
    arrest-form.png          the IIF-3 arrest memo, the person field offering persons as typed
"""

# ruff: noqa: TID251 - a GUI tool outside station_app/ui

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QApplication, QWidget

from station_app.core.localtime import IST
from station_app.core.services.fir_register import RegisterQuery
from station_app.core.services.seizures import SeizureInfo
from station_app.ui.context import Desk
from station_app.ui.forms.person_field import PersonEditor
from station_app.ui.main_window import MainWindow
from station_app.ui.views.case_tabs import TAB_ARRESTS, TAB_DIARY, TAB_SEIZURES
from station_app.ui.views.persons_view import PersonsView

Save = Callable[[QWidget, str, QApplication], None]


def _wait(app: QApplication, desk: Desk) -> None:
    desk.ops.wait_idle(30_000)
    for _ in range(5):
        app.processEvents()


def _case_with(desk: Desk, has: str) -> str:
    """The newest practice FIR with a case diary ("diary"), or the one whose seizure has the most
    articles ("seizure"), which is then sent to the FSL so its chain of custody has two links."""
    services, actor = desk.services, desk.actor
    firs = [f for f in services.fir_register.page(actor, RegisterQuery(), 0, 200) if not f.sensitive]
    if has == "diary":
        return next(f.id for f in firs if services.case_diary.entries(actor, f.id))
    seized = [(s, f.id) for f in firs for s in services.seizures.for_fir(actor, f.id)]

    def telling(pair: tuple[SeizureInfo, str]) -> tuple[bool, int]:  # a motorcycle or phone reads best
        words = " ".join(i.description.lower() for i in pair[0].items)
        return any(w in words for w in ("motorcycle", "mobile", "phone", "scooter")), len(pair[0].items)

    seizure, fir_id = max(seized, key=telling)
    item = seizure.items[0]
    services.seizures.move(
        actor, item.id, at=services.clock.now() - timedelta(hours=2), to_location="FSL, Mahanagar, Lucknow",
        purpose="Forensic examination", handed_over_by="HC Salim Ansari (malkhana)",
        received_by="SI R. P. Verma, FSL Lucknow", reference="Letter 212/2026",
    )  # fmt: skip
    return fir_id


def home_and_search(app: QApplication, window: MainWindow, desk: Desk, save: Save) -> None:
    window.show_module("home")
    _wait(app, desk)
    save(window, "deadlines-dashboard.png", app)
    box = window.search_bar.box
    window.activateWindow()
    box.setFocus()
    box.setText("राजू")
    box.search()
    _wait(app, desk)
    box.popup.place(box)
    box.popup.show()
    save(window, "search-popup.png", app)
    box.popup.hide()
    box.clear()


def persons(app: QApplication, window: MainWindow, desk: Desk, save: Save) -> None:
    window.show_module("persons")
    view = window.module("persons")
    assert isinstance(view, PersonsView)
    view.search_edit.setText("Irfan")
    view.search()
    _wait(app, desk)
    rows = view.results_model.rows()
    hit = next(h for h in rows if h.label.startswith("Mohd. Irfan"))
    view.results.selectRow(rows.index(hit))
    view.open_person(hit.id)
    _wait(app, desk)
    save(window, "persons.png", app)


def case_pages(app: QApplication, window: MainWindow, desk: Desk, save: Save) -> None:
    for has, tab, name in (("diary", TAB_DIARY, "case-diary.png"), ("seizure", TAB_SEIZURES, "seizure.png")):
        window.open_fir(_case_with(desk, has))
        _wait(app, desk)
        view = window.fir_desk().view
        assert view is not None
        view.case_tabs.setCurrentIndex(tab)
        _wait(app, desk)
        save(window, name, app)


def arrest_form(app: QApplication, window: MainWindow, desk: Desk, save: Save) -> None:
    view = window.fir_desk().view
    assert view is not None
    view.case_tabs.setCurrentIndex(TAB_ARRESTS)
    dialog = view.case_tabs.arrests.record_arrest()
    assert dialog is not None
    dialog.resize(1000, 780)
    now = desk.services.clock.now().astimezone(IST).replace(second=0, microsecond=0)
    dialog.form.set_values(
        {
            **dialog.form.values(),
            "arrested_at": (now - timedelta(minutes=40)).isoformat(),
            "place": "चारबाग रेलवे स्टेशन के पास, लखनऊ",
            "outcome": "forwarded",
        }
    )
    person = dialog.form.editor("person")
    assert isinstance(person, PersonEditor)
    person.input.setFocus()
    person.input.setText("राजू")
    person.search()
    _wait(app, desk)
    dialog.form.verticalScrollBar().setValue(dialog.form.groups["outcome"].y() - 10)
    _wait(app, desk)
    save(dialog, "arrest-form.png", app)
    dialog.reject()


def investigation_shots(app: QApplication, window: MainWindow, desk: Desk, save: Save) -> None:
    home_and_search(app, window, desk, save)
    persons(app, window, desk, save)
    case_pages(app, window, desk, save)
    arrest_form(app, window, desk, save)
