"""A person's particulars: as typed (checked and turned into stored columns) and as read back.

No database here: the person service hands in values and rows.

What was given is stored as given: a date of birth, or a year of birth, or an age on a date; the
estimated birth year is derived for matching. Aadhaar numbers are masked to their last four digits
here, before the values reach a session, and a full Aadhaar number typed into any other field
(phone, another document, an address) is refused or masked too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from forms.text_rules import text_problem
from station_app.core.errors import ValidationError
from station_app.core.fir_content import mask_uid, verhoeff_valid
from station_app.core.models.persons import Person, PersonMerge
from station_app.core.names import PersonFacts
from station_app.core.names.fields import (
    DOCUMENT_KINDS,
    ascii_digits,
    normalise_document_number,
    normalise_phone,
)

RELATIONS = ("father", "husband", "mother", "guardian")
SEXES = ("M", "F", "T")
MAX_ALIASES = 5
MAX_PHONES = 5
MAX_DOCUMENTS = 8
MAX_PHOTO_BYTES = 256 * 1024  # a passport photo at register quality; keeps the database small
_UID_IN_TEXT = re.compile(r"(?<![0-9])[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])")


@dataclass(frozen=True)
class IdDocument:
    kind: str  # one of fields.DOCUMENT_KINDS
    number: str  # Aadhaar: "XXXX-XXXX-1234"; others: upper-case letters and digits


@dataclass(frozen=True)
class PersonInput:
    name: str
    name_alt: str = ""
    aliases: tuple[str, ...] = ()
    relative_name: str = ""
    relative_relation: str = ""  # father | husband | mother | guardian
    dob: date | None = None
    birth_year: int | None = None
    age: int | None = None
    age_on: date | None = None  # the date the age was stated (today if not given)
    sex: str = ""  # M | F | T, or "" if not known
    present_address: str = ""
    permanent_address: str = ""
    phones: tuple[str, ...] = ()
    id_documents: tuple[IdDocument, ...] = ()


def looks_like_aadhaar(digits: str) -> bool:
    return len(digits) == 12 and digits[0] not in "01" and verhoeff_valid(digits)


def mask_uids_in_text(text: str) -> str:
    """Any Aadhaar number written into free text keeps only its last four digits; the rest of the
    text is left as written (Devanagari digits too: they are matched, not rewritten)."""
    plain = ascii_digits(text)  # one character for one, so positions line up with ``text``
    out: list[str] = []
    last = 0
    for m in _UID_IN_TEXT.finditer(plain):
        digits = re.sub(r"\D", "", m.group(0))
        if looks_like_aadhaar(digits):
            out += [text[last : m.start()], f"XXXX-XXXX-{digits[-4:]}"]
            last = m.end()
    return "".join([*out, text[last:]])


def _text(errors: dict[str, str], name: str, value: str, limit: int, required: bool = False) -> str:
    """Spaces tidied, length checked, and any Aadhaar number in it masked (whatever the field)."""
    value = mask_uids_in_text(" ".join(value.split()))
    problem = text_problem(value)
    if problem is not None:
        errors[name] = problem
    elif required and not value:
        errors[name] = "This is required."
    elif len(value) > limit:
        errors[name] = f"At most {limit} characters."
    return value


def _phones(errors: dict[str, str], phones: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for i, raw in enumerate(phones):
        if not raw.strip():
            continue
        digits = re.sub(r"\D", "", ascii_digits(raw))
        if looks_like_aadhaar(digits) and not raw.strip().startswith("+"):
            errors[f"phones[{i}]"] = "This looks like an Aadhaar number, not a phone number."
            continue
        try:
            phone = normalise_phone(raw)
        except ValueError as exc:
            errors[f"phones[{i}]"] = str(exc)
            continue
        if phone not in out:
            out.append(phone)
    if len(out) > MAX_PHONES:
        errors["phones"] = f"At most {MAX_PHONES} phone numbers."
    return out


def _documents(errors: dict[str, str], documents: tuple[IdDocument, ...]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i, doc in enumerate(documents):
        where = f"id_documents[{i}]"
        if doc.kind not in DOCUMENT_KINDS:
            errors[f"{where}.kind"] = "Choose the kind of document."
            continue
        if doc.kind == "aadhaar":
            try:
                number = mask_uid(doc.number.strip())
            except ValueError as exc:
                errors[f"{where}.number"] = str(exc)  # the message never repeats the number
                continue
        else:
            number = normalise_document_number(doc.number)
            if not number or len(number) > 40:
                errors[f"{where}.number"] = "Write the document number (at most 40 letters and digits)."
                continue
            if looks_like_aadhaar(number):
                errors[f"{where}.number"] = "This looks like an Aadhaar number: choose the kind 'Aadhaar'."
                continue
        entry = {"kind": doc.kind, "number": number}
        if entry not in out:
            out.append(entry)
    if len(out) > MAX_DOCUMENTS:
        errors["id_documents"] = f"At most {MAX_DOCUMENTS} documents."
    return out


def _birth(errors: dict[str, str], data: PersonInput, today: date) -> dict[str, Any]:
    if data.dob is not None and not date(1900, 1, 1) <= data.dob <= today:
        errors["dob"] = "The date of birth must be between 1900 and today."
    if data.birth_year is not None and not 1900 <= data.birth_year <= today.year:
        errors["birth_year"] = f"The year of birth must be between 1900 and {today.year}."
    age_on = data.age_on or (today if data.age is not None else None)
    if data.age is not None and not 0 <= data.age <= 120:
        errors["age"] = "The age must be between 0 and 120."
    if age_on is not None and age_on > today:
        errors["age_on"] = "The age cannot be stated on a future date."
    if errors.keys() & {"dob", "birth_year", "age", "age_on"}:
        return {}
    if data.dob is not None and data.birth_year is not None and data.dob.year != data.birth_year:
        errors["birth_year"] = f"The date of birth is in {data.dob.year}, not {data.birth_year}."
    if data.dob is not None and data.age is not None and age_on is not None:
        years = age_on.year - data.dob.year - ((age_on.month, age_on.day) < (data.dob.month, data.dob.day))
        if abs(years - data.age) > 1:
            errors["age"] = (
                f"The date of birth makes the person {years} on {age_on:%d-%m-%Y}, not {data.age}."
            )
    estimate = (
        data.dob.year
        if data.dob is not None
        else data.birth_year
        if data.birth_year is not None
        else age_on.year - data.age
        if data.age is not None and age_on is not None
        else None
    )
    return {
        "dob": data.dob.isoformat() if data.dob else None,
        "birth_year": data.birth_year,
        "age": data.age,
        "age_on": age_on.isoformat() if data.age is not None and age_on is not None else None,
        "birth_year_est": estimate,
    }


def clean_input(data: PersonInput, today: date) -> dict[str, Any]:
    """The ``Person`` column values for ``data``, or ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    name = _text(errors, "name", data.name, 200, required=True)
    if name and not any(ch.isalpha() for ch in name):
        errors["name"] = "A name needs letters."
    aliases = [a for a in (_text(errors, f"aliases[{i}]", a, 120) for i, a in enumerate(data.aliases)) if a]
    if len(aliases) > MAX_ALIASES:
        errors["aliases"] = f"At most {MAX_ALIASES} aliases."
    if data.relative_relation and data.relative_relation not in RELATIONS:
        errors["relative_relation"] = "Choose father, husband, mother or guardian."
    if data.sex and data.sex not in SEXES:
        errors["sex"] = "Choose male, female or transgender (or leave it blank)."
    values: dict[str, Any] = {
        "name": name,
        "name_alt": _text(errors, "name_alt", data.name_alt, 200),
        "aliases": json.dumps(list(dict.fromkeys(aliases)), ensure_ascii=False),
        "relative_name": _text(errors, "relative_name", data.relative_name, 200),
        "relative_relation": data.relative_relation,
        "sex": data.sex,
        "present_address": _text(errors, "present_address", data.present_address, 500),
        "permanent_address": _text(errors, "permanent_address", data.permanent_address, 500),
        "phones": json.dumps(_phones(errors, data.phones)),
        "id_documents": json.dumps(_documents(errors, data.id_documents), ensure_ascii=False),
    }
    values.update(_birth(errors, data, today))
    if errors:
        raise ValidationError(errors)
    return values


def lenient_phones(phones: tuple[str, ...]) -> tuple[str, ...]:
    """The valid numbers among those typed so far (for matching a form still being filled)."""
    return tuple(p for p in _phones({}, phones))


def lenient_documents(documents: tuple[IdDocument, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((d["kind"], d["number"]) for d in _documents({}, documents))


def photo_mime(photo: bytes) -> str:
    """ "image/jpeg" or "image/png" from the file's own signature; ValidationError otherwise."""
    if len(photo) > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": f"The photo is {len(photo) // 1024} KB; at most {MAX_PHOTO_BYTES // 1024} KB is kept."}
        )
    if photo.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if photo.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise ValidationError({"photo": "The photo must be a JPEG or PNG image."})


@dataclass(frozen=True)
class PersonRecord:
    id: str
    name: str
    name_alt: str
    aliases: tuple[str, ...]
    relative_name: str
    relative_relation: str
    dob: date | None
    birth_year: int | None
    age: int | None
    age_on: date | None
    birth_year_est: int | None
    sex: str
    present_address: str
    permanent_address: str
    phones: tuple[str, ...]
    id_documents: tuple[IdDocument, ...]
    photo_sha256: str | None
    merged_into: str | None
    station_code: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    version: int

    @property
    def label(self) -> str:
        """One line for lists and search results: "Mohd. Irfan s/o Abdul Rashid, b. ~1986, Rampur"."""
        parts = [self.name]
        if self.relative_name:
            mark = {"father": "s/o" if self.sex != "F" else "d/o", "husband": "w/o"}
            parts.append(f"{mark.get(self.relative_relation, 'c/o')} {self.relative_name}")
        text_ = " ".join(parts)
        if self.birth_year_est:
            text_ += f", b. {'' if self.dob or self.birth_year else '~'}{self.birth_year_est}"
        address = (self.present_address or self.permanent_address).split(",")[0].strip()
        return f"{text_}, {address}" if address else text_


@dataclass(frozen=True)
class PersonMatch:
    person: PersonRecord
    score: float  # 0–1
    level: str  # "likely" | "possible"
    reasons: tuple[str, ...]
    conflicts: tuple[str, ...]


@dataclass(frozen=True)
class MergeRecord:
    id: str
    keep_id: str
    duplicate_id: str
    reason: str
    merged_at: datetime
    merged_by: str
    undone_at: datetime | None = None
    undone_by: str | None = None
    undo_reason: str | None = None


def record_of(p: Person) -> PersonRecord:
    docs = tuple(IdDocument(d["kind"], d["number"]) for d in json.loads(p.id_documents))
    return PersonRecord(
        p.id, p.name, p.name_alt, tuple(json.loads(p.aliases)), p.relative_name, p.relative_relation,
        date.fromisoformat(p.dob) if p.dob else None, p.birth_year, p.age,
        date.fromisoformat(p.age_on) if p.age_on else None, p.birth_year_est, p.sex, p.present_address,
        p.permanent_address, tuple(json.loads(p.phones)), docs, p.photo_sha256, p.merged_into,
        p.station_code, p.created_at, p.created_by, p.updated_at, p.updated_by, p.version,
    )  # fmt: skip


def merge_record_of(m: PersonMerge) -> MergeRecord:
    return MergeRecord(
        m.id, m.keep_id, m.duplicate_id, m.reason, m.merged_at, m.merged_by, m.undone_at, m.undone_by,
        m.undo_reason,
    )  # fmt: skip


def facts_of(record: PersonRecord) -> PersonFacts:
    return PersonFacts(
        names=(record.name, record.name_alt, *record.aliases),
        relative_name=record.relative_name,
        birth_year=record.birth_year_est,
        sex=record.sex,
        phones=record.phones,
        addresses=(record.present_address, record.permanent_address),
        documents=tuple((d.kind, d.number) for d in record.id_documents),
    )
