"""The particulars of a new person as typed (``PersonInput``): names in either script, relative, age or
date of birth, sex, phone, addresses and an Aadhaar number that is masked as soon as it is typed.

``person_input(strict=False)`` is what the live duplicate check uses on a half-filled form: anything
not yet valid is left out. ``strict=True`` (creating) reports such a field as a ValidationError.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from station_app.core.errors import ValidationError
from station_app.core.fir_content import mask_uid
from station_app.core.services.person_input import IdDocument, PersonInput
from station_app.ui.forms.inputs import BadInput, parse_ist_date
from station_app.ui.widgets import FieldForm, named

RELATIONS = (
    ("", "—"),
    ("father", "Father / पिता"),
    ("husband", "Husband / पति"),
    ("mother", "Mother / माता"),
    ("guardian", "Guardian / संरक्षक"),
)
SEXES = (("", "—"), ("M", "Male / पुरुष"), ("F", "Female / महिला"), ("T", "Transgender / ट्रांसजेंडर"))
AADHAAR_NOTE = "Only the last four digits are kept: the number is masked as soon as you leave the field."


def combo(name: str, accessible: str, options: tuple[tuple[str, str], ...]) -> QComboBox:
    box = named(QComboBox(), name, accessible)
    for value, text in options:
        box.addItem(text, value)
    return box


def error_key(key: str) -> str:
    """The field a service message belongs to: "phones[0]" -> "phones", "id_documents[0].number" -> "aadhaar"."""
    base = key.split("[", maxsplit=1)[0]
    return {"id_documents": "aadhaar", "birth_year": "dob", "age_on": "age"}.get(base, base)


class PersonFields(FieldForm):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.name = self._line("name", "Na&me (as written):", "Name as written", "रमेश यादव or Ramesh Yadav")
        self.name_alt = self._line(
            "name_alt",
            "Name in the &other script:",
            "Name in the other script",
            "the same name in Hindi or English",
        )
        self.aliases = self._line("aliases", "Alias(es):", "Aliases", "comma-separated: Pappu, Raju")
        self.relation = self.add_field(
            "relative_relation", "&Relative:", combo("relative_relation", "Relation", RELATIONS)
        )
        self.relative_name = self._line(
            "relative_name", "Relati&ve's name:", "Father's, husband's or mother's name", "as written"
        )
        self.age = self._line("age", "&Age (years):", "Age in years", "e.g. 32")
        self.age.setMaxLength(3)
        self.dob = self._line("dob", "Date of &birth:", "Date of birth", "DD-MM-YYYY (if known)")
        self.sex = self.add_field("sex", "Se&x:", combo("sex", "Sex", SEXES))
        self.phone = self._line("phones", "&Phone:", "Phone number", "10-digit mobile number")
        self.present_address = self._line("present_address", "Present a&ddress:", "Present address", "")
        self.permanent_address = self._line(
            "permanent_address", "Permanent addr&ess:", "Permanent address", "if different"
        )
        self.aadhaar = named(QLineEdit(), "aadhaar", "Aadhaar number", AADHAAR_NOTE)
        self.aadhaar.setPlaceholderText("12 digits; only the last four are kept")
        self.aadhaar.setMaxLength(14)
        self.aadhaar.editingFinished.connect(self._mask_aadhaar)
        self.aadhaar.textEdited.connect(lambda _t: self.changed.emit())
        self.add_field("aadhaar", "Aad&haar:", self.aadhaar, AADHAAR_NOTE)
        for box in (self.relation, self.sex):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _line(self, name: str, label: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = named(QLineEdit(), name, accessible)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _t: self.changed.emit())
        return self.add_field(name, label, edit)

    def _mask_aadhaar(self) -> None:
        text = self.aadhaar.text().strip()
        if not text:
            return
        try:
            masked = mask_uid(text)
        except ValueError as exc:
            self.show_errors(ValidationError({"aadhaar": str(exc)}))
            return
        if self.error_text("aadhaar"):
            self.clear_errors()  # the number is right now
        if masked != text:
            self.aadhaar.setText(masked)  # the full number goes no further than this field

    def prefill(self, typed: str) -> None:
        """What was typed in a person field: a phone number goes to Phone, anything else to Name."""
        typed = typed.strip()
        digits = re.sub(r"[\s+-]", "", typed)
        if digits.isdigit() and len(digits) >= 6:
            self.phone.setText(typed)
        else:
            self.name.setText(typed)

    def person_input(self, strict: bool) -> PersonInput:
        errors: dict[str, str] = {}
        age = self._age(errors)
        dob = self._dob(errors)
        documents: tuple[IdDocument, ...] = ()
        uid = self.aadhaar.text().strip()
        if uid:
            try:
                documents = (IdDocument("aadhaar", mask_uid(uid)),)
            except ValueError as exc:
                errors["aadhaar"] = str(exc)
        if strict and errors:
            raise ValidationError(errors)
        aliases = tuple(a.strip() for a in self.aliases.text().split(",") if a.strip())
        phone = self.phone.text().strip()
        return PersonInput(
            name=self.name.text().strip(),
            name_alt=self.name_alt.text().strip(),
            aliases=aliases,
            relative_name=self.relative_name.text().strip(),
            relative_relation=self.relation.currentData() or "",
            dob=dob,
            age=age,
            age_on=self._today if age is not None else None,
            sex=self.sex.currentData() or "",
            present_address=self.present_address.text().strip(),
            permanent_address=self.permanent_address.text().strip(),
            phones=(phone,) if phone else (),
            id_documents=documents,
        )

    def _age(self, errors: dict[str, str]) -> int | None:
        text = self.age.text().strip()
        if not text:
            return None
        if not text.isdigit():
            errors["age"] = "Write the age in whole years, e.g. 32."
            return None
        return int(text)

    def _dob(self, errors: dict[str, str]) -> date | None:
        try:
            return parse_ist_date(self.dob.text())
        except BadInput as exc:
            errors["dob"] = str(exc)
            return None

    def show_service_errors(self, exc: ValidationError) -> None:
        self.show_errors(ValidationError({error_key(k): v for k, v in exc.field_errors.items()}))
