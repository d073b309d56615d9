"""The first three pages of the first-run wizard: kind of station, its identity, the first SHO.

Each page checks its fields with the core's own validators before the wizard moves on, and shows
the messages next to the fields (``ValidationError.field_errors``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWizard, QWizardPage

from station_app.core.errors import ValidationError
from station_app.core.identity import StationIdentity
from station_app.core.permissions import Role
from station_app.core.services.accounts import NewOfficer, validate_new_officer, validate_password
from station_app.core.storage import validate_identity
from station_app.ui.dialogs.fields import rank_combo, state_edit
from station_app.ui.widgets import FieldForm, named, password_edit

REAL_TEXT = (
    "A <b>real station</b> keeps this police station's legal records: FIRs, the General Diary, "
    "arrests and case diaries. Everything is encrypted on this computer and, once enrolled, sent to "
    "the state server."
)
TRAINING_TEXT = (
    "A <b>training station</b> is for practice. It comes with invented officers and records, prints "
    "TRAINING on every page, and can never send anything to the state server. Use it to learn the "
    "app; make a real station on the computer that will keep the records."
)


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Set up this computer for a police station")
        self.setSubTitle("This takes about two minutes. You will need the station's CCTNS code.")
        layout = QVBoxLayout(self)
        self.real = named(QRadioButton("&Real station"), "realStationRadio", "Real station")
        self.real.setChecked(True)
        self.training = named(
            QRadioButton("&Training station (for practice)"), "trainingStationRadio", "Training station"
        )
        for button, text in ((self.real, REAL_TEXT), (self.training, TRAINING_TEXT)):
            explanation = QLabel(text)
            explanation.setWordWrap(True)
            explanation.setProperty("role", "help")
            explanation.setContentsMargins(24, 0, 0, 12)
            layout.addWidget(button)
            layout.addWidget(explanation)
        layout.addStretch()

    def is_training(self) -> bool:
        return self.training.isChecked()


class IdentityPage(QWizardPage):
    def __init__(self, welcome: WelcomePage) -> None:
        super().__init__()
        self._welcome = welcome
        self.identity: StationIdentity | None = None
        self.setTitle("The police station")
        self.setSubTitle("These details are printed on every FIR and diary page. Check the spelling.")
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        f = self.form
        self.state = f.add_field("state", "&State:", state_edit())
        self.district = f.add_field("district", "&District:", named(QLineEdit(), "districtEdit", "District"))
        self.station_name = f.add_field(
            "station_name",
            "Station &name:",
            named(QLineEdit(), "stationNameEdit", "Station name in English"),
            "In English, as in CCTNS (e.g. Kotwali).",
        )
        self.station_name_hi = f.add_field(
            "station_name_hi",
            "Name in &Hindi:",
            named(QLineEdit(), "stationNameHiEdit", "Station name in Hindi"),
            "In Devanagari (e.g. कोतवाली).",
        )
        self.station_code = f.add_field(
            "station_code",
            "CCTNS station &code:",
            named(QLineEdit(), "stationCodeEdit", "CCTNS station code"),
            "Capital letters, digits and dashes (e.g. UP-LKO-0042).",
        )
        layout.addWidget(f)
        layout.addStretch()

    def validatePage(self) -> bool:
        typed = StationIdentity(
            state=self.state.text(),
            district=self.district.text(),
            station_name=self.station_name.text(),
            station_name_hi=self.station_name_hi.text(),
            station_code=self.station_code.text(),
            training=self._welcome.is_training(),
        )
        try:
            self.identity = validate_identity(typed)
        except ValidationError as exc:
            self.form.show_errors(exc)
            return False
        self.form.clear_errors()
        self.station_code.setText(self.identity.station_code)
        return True


class OfficerPage(QWizardPage):
    """The first SHO. A commit page: after "Create station" the wizard cannot go back."""

    def __init__(self) -> None:
        super().__init__()
        self.officer: NewOfficer | None = None
        self.password_text = ""
        self.setTitle("The Station House Officer's account")
        self.setSubTitle(
            "The SHO signs in first and then adds the other officers. Choose a password only you know."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create station")
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        f = self.form
        self.username = f.add_field(
            "username", "&User name:", named(QLineEdit(), "usernameEdit", "User name"), "e.g. sho.kotwali"
        )
        self.full_name = f.add_field(
            "full_name", "&Full name:", named(QLineEdit(), "fullNameEdit", "Full name")
        )
        self.rank = f.add_field("rank", "&Rank:", rank_combo())
        self.rank.setCurrentText("Inspector")
        self.belt = f.add_field(
            "belt_number", "&Belt / PIS number:", named(QLineEdit(), "beltEdit", "Belt or PIS number")
        )
        self.password = f.add_field("password", "&Password:", password_edit("passwordEdit", "Password"))
        self.password_again = f.add_field(
            "password_again", "Password &again:", password_edit("passwordAgainEdit", "Password again")
        )
        layout.addWidget(f)
        layout.addStretch()

    def validatePage(self) -> bool:
        spec = NewOfficer(
            self.username.text(),
            self.full_name.text(),
            self.rank.currentText(),
            self.belt.text(),
            Role.SHO,
        )
        problems: dict[str, str] = {}
        checked: NewOfficer | None = None
        try:
            checked = validate_new_officer(spec)
        except ValidationError as exc:
            problems.update(exc.field_errors)
        try:
            validate_password(self.password.text(), spec.username)
        except ValidationError as exc:
            problems.update(exc.field_errors)
        if "password" not in problems and self.password.text() != self.password_again.text():
            problems["password_again"] = "The two passwords differ."
        if problems or checked is None:
            self.form.show_errors(ValidationError(problems))
            return False
        self.form.clear_errors()
        self.officer = checked
        self.password_text = self.password.text()
        return True
