"""The first-run wizard end to end: typed fields, inline errors, the recovery key typed back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from station_app.app import PDF_RENDERER
from station_app.core.clock import SystemClock
from station_app.core.keys import KeyMetadata, KeyStore, new_recovery_key
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.ui.dialogs import setup_wizard
from station_app.ui.dialogs.setup_wizard import SetupWizard
from station_app.ui.ops import OpRunner
from tests.ui.conftest import RecordingMessages

PASSWORD = "kotwali-sho-26"


@pytest.fixture
def wizard(
    qtbot, data_dir: DataDir, keystore: KeyStore, ops: OpRunner, messages: RecordingMessages
) -> Iterator[SetupWizard]:  # type: ignore[no-untyped-def]
    wiz = SetupWizard(data_dir, keystore, SystemClock(), ops, messages)
    qtbot.addWidget(wiz)
    wiz.show()
    yield wiz
    ops.wait_idle()
    if wiz.outcome is not None:
        wiz.outcome.services.close()


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.clear()
    qtbot.keyClicks(widget, text)


def _fill_identity(qtbot, wiz: SetupWizard, code: str) -> None:  # type: ignore[no-untyped-def]
    page = wiz.identity_page
    _type(qtbot, page.state, "Uttar Pradesh")
    _type(qtbot, page.district, "Lucknow")
    _type(qtbot, page.station_name, "Kotwali")
    page.station_name_hi.setText("कोतवाली")  # an input method types Devanagari, not key codes
    _type(qtbot, page.station_code, code)


def _fill_officer(qtbot, wiz: SetupWizard, again: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page = wiz.officer_page
    _type(qtbot, page.username, "sho.kotwali")
    _type(qtbot, page.full_name, "Rajesh Kumar Verma")
    _type(qtbot, page.belt, "PIS-3301")
    _type(qtbot, page.password, PASSWORD)
    _type(qtbot, page.password_again, again)


def _run_to_recovery_key(qtbot, wiz: SetupWizard, ops: OpRunner) -> str:  # type: ignore[no-untyped-def]
    wiz.next()
    _fill_identity(qtbot, wiz, "UP-LKO-0042")
    wiz.next()
    _fill_officer(qtbot, wiz)
    wiz.next()
    # Making the station (a training one seeds two years of records and its practice accounts)
    # is the slowest op of the GUI: on a loaded machine it takes well over the default 10 s.
    ops.wait_idle(timeout_ms=120_000)
    assert wiz.currentPage() is wiz.key_page
    return wiz.key_page.key_label.text()


def test_wizard_end_to_end(qtbot, wizard: SetupWizard, ops: OpRunner, data_dir: DataDir) -> None:  # type: ignore[no-untyped-def]
    assert wizard.currentPage() is wizard.welcome
    wizard.next()
    assert wizard.currentPage() is wizard.identity_page

    # A bad CCTNS code keeps the wizard on the page and says why, next to the field.
    _fill_identity(qtbot, wizard, "up lko 42")
    wizard.next()
    assert wizard.currentPage() is wizard.identity_page
    assert "CCTNS station code" in wizard.identity_page.form.error_text("station_code")
    assert wizard.identity_page.form.error_text("district") == ""

    _type(qtbot, wizard.identity_page.station_code, "up-lko-0042")
    wizard.next()
    assert wizard.currentPage() is wizard.officer_page
    assert wizard.identity_page.station_code.text() == "UP-LKO-0042"  # cleaned as it will be stored

    # Mismatched passwords, then a weak one: inline messages, no station made yet.
    _fill_officer(qtbot, wizard, again="something-else-1")
    wizard.next()
    assert wizard.currentPage() is wizard.officer_page
    assert wizard.officer_page.form.error_text("password_again") == "The two passwords differ."
    _type(qtbot, wizard.officer_page.password, "short")
    wizard.next()
    assert "at least 8" in wizard.officer_page.form.error_text("password")
    assert not data_dir.is_set_up()

    _fill_officer(qtbot, wizard)
    wizard.next()  # "Create station": the commit page
    assert wizard.currentPage() is wizard.key_page
    ops.wait_idle()
    assert wizard.outcome is not None
    shown = wizard.key_page.key_label.text()
    assert shown.replace("  ", "-").replace("\n", "-") == wizard.outcome.recovery_key
    assert wizard.key_page.key_label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert (
        not wizard.button(QWizard.WizardButton.BackButton).isVisible()
        or not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    )

    wizard.next()
    assert wizard.currentPage() is wizard.confirm_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    edit = wizard.confirm_page.key_edit

    # Too short: the core's RecoveryKeyError message says what is wrong.
    groups = wizard.outcome.recovery_key.split("-")
    _type(qtbot, edit, "-".join(groups[:2]))
    assert "40 letters and digits in 10 groups; 8 were typed" in wizard.confirm_page.status.text()
    assert not finish.isEnabled()
    # A typo in one letter: the checksum catches it.
    typo = list(shown.replace("\n", " "))
    typo[0] = "C" if typo[0] != "C" else "D"
    _type(qtbot, edit, "".join(typo))
    assert "typing mistake" in wizard.confirm_page.status.text()
    assert not finish.isEnabled()
    # A well-formed key that is not this one.
    _type(qtbot, edit, new_recovery_key())
    assert "different key" in wizard.confirm_page.status.text()
    assert not finish.isEnabled()

    # The key as read off the paper: small letters and spaces are fine.
    _type(qtbot, edit, shown.replace("\n", " ").lower())
    assert wizard.confirm_page.status.text() == ""
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted

    services = wizard.outcome.services
    identity = services.station.identity()
    assert (identity.station_name, identity.station_name_hi, identity.station_code) == (
        "Kotwali",
        "कोतवाली",
        "UP-LKO-0042",
    )
    assert not identity.training
    actor = services.accounts.login("sho.kotwali", PASSWORD)
    assert actor.role is Role.SHO and actor.full_name == "Rajesh Kumar Verma" and actor.rank == "Inspector"
    assert services.station.counts()["officer"] == 1


def test_training_station_gets_practice_officers(qtbot, wizard: SetupWizard, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    wizard.welcome.training.setChecked(True)
    _run_to_recovery_key(qtbot, wizard, ops)
    assert wizard.outcome is not None
    assert wizard.outcome.services.station.identity().training
    assert wizard.outcome.services.station.counts()["officer"] > 1


def test_cancel_after_creation_removes_the_station(  # type: ignore[no-untyped-def]
    qtbot,
    wizard: SetupWizard,
    ops: OpRunner,
    messages: RecordingMessages,
    data_dir: DataDir,
    keystore: KeyStore,
) -> None:
    _run_to_recovery_key(qtbot, wizard, ops)
    assert data_dir.is_set_up()
    keyring_name = KeyMetadata.read(data_dir.key_metadata).keyring_name

    messages.confirm_answer = False
    wizard.reject()
    ops.wait_idle()
    assert wizard.isVisible() and data_dir.is_set_up()
    assert messages.confirms == ["Cancel setup? The new station will be removed."]

    messages.confirm_answer = True
    wizard.reject()
    ops.wait_idle()
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert wizard.outcome is None
    assert not data_dir.is_set_up()
    assert keystore.get(keyring_name) is None


def test_cancel_before_creation_needs_no_question(
    wizard: SetupWizard, messages: RecordingMessages, data_dir: DataDir
) -> None:
    wizard.next()
    wizard.reject()
    assert not wizard.isVisible()
    assert messages.confirms == []
    assert not data_dir.is_set_up()


def test_save_as_pdf_uses_the_core_renderer(  # type: ignore[no-untyped-def]
    qtbot,
    data_dir: DataDir,
    keystore: KeyStore,
    ops: OpRunner,
    messages: RecordingMessages,
    tmp_path,
    monkeypatch,
) -> None:
    assert PDF_RENDERER is not None, "station_app.core.printing.recovery_sheet should be importable"
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(setup_wizard, "ask_pdf_path", lambda _parent, code: target)
    wiz = SetupWizard(data_dir, keystore, SystemClock(), ops, messages, PDF_RENDERER)
    qtbot.addWidget(wiz)
    wiz.show()
    try:
        _run_to_recovery_key(qtbot, wiz, ops)
        assert wiz.key_page.pdf_button.isVisible()
        qtbot.mouseClick(wiz.key_page.pdf_button, Qt.MouseButton.LeftButton)
        ops.wait_idle(30_000)
        assert target.read_bytes().startswith(b"%PDF")
        assert messages.infos and str(target) in messages.infos[-1][1]
    finally:
        assert wiz.outcome is not None
        wiz.outcome.services.close()


def test_without_a_renderer_there_is_no_pdf_button(qtbot, wizard: SetupWizard, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    _run_to_recovery_key(qtbot, wizard, ops)
    assert not wizard.key_page.pdf_button.isVisible()
    assert wizard.key_page.print_button.isVisible()


def test_setup_failure_is_shown_on_the_page(
    qtbot, closed_station, wizard: SetupWizard, ops: OpRunner
) -> None:  # type: ignore[no-untyped-def]
    # The folder already holds a station (made after the app checked): setup refuses, nothing changes.
    _run_to_recovery_key(qtbot, wizard, ops)
    page = wizard.key_page
    assert wizard.outcome is None
    assert "already set up" in page.error.text() and "For the district IT admin" in page.error.text()
    assert page.retry.isVisible() and not page.key_label.isVisible()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.button(QWizard.WizardButton.CancelButton).isEnabled()


def test_the_recovery_sheet_on_screen_gives_its_time_in_ist() -> None:
    from datetime import UTC, datetime

    from station_app.ui.dialogs.recovery_sheet import sheet_html
    from tests.conftest import IDENTITY

    page = sheet_html(IDENTITY, "ABCD-EFGH", datetime(2026, 3, 11, 19, 0, tzinfo=UTC))
    assert "Made on 12 March 2026, 00:30 IST" in page  # 19:00 UTC is already the next IST day
