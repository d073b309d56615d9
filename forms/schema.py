"""Form definitions as data: one definition drives the Qt form, the validation and the printed copy.

A definition (``forms/definitions/<id>.json``) lists groups (the IIF items) and fields in paper
order, each with a type, English and Hindi labels, whether it is required, and its checks. The UI's
generic renderer builds widgets from it, ``validate_values`` checks a filled form, and printing walks
the same groups in ``print_order``. Rules that need the database or the law (GD ordering, sections in
force) are named in the definition and carried out by the core services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from typing import Any, Literal, cast

# Legal dates are Indian Standard Time calendar dates (a fixed +05:30, no daylight saving): a time
# stored in UTC belongs to the IST day it falls on, so 00:30 IST is the new day, not the UTC one before.
IST = timezone(timedelta(hours=5, minutes=30), "IST")


def ist_date(moment: datetime) -> date:
    """The IST calendar date of an aware moment (a naive one is taken as already local)."""
    return moment.astimezone(IST).date() if moment.tzinfo is not None else moment.date()


FieldType = Literal[
    "text",  # one line
    "multiline",  # paragraphs
    "date",  # YYYY-MM-DD
    "datetime",  # aware ISO 8601; shown and entered in IST
    "int",
    "money",  # rupees, non-negative, two decimals at most
    "choice",
    "bool",
    "sections",  # list of {"act": "BNS", "section": "103(1)"}
    "table",  # list of rows, each a dict of the ``columns`` fields
    "gd_ref",  # a General Diary entry of this station
    "officer",  # an officer of this station
    "person",  # a person of the person register (by id)
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Choice:
    value: str
    label_en: str
    label_hi: str


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: FieldType
    label_en: str
    label_hi: str
    group: str
    required: bool = False
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    pattern: str | None = None
    choices: tuple[Choice, ...] = ()
    columns: tuple[FieldDef, ...] = ()
    help_en: str = ""
    help_hi: str = ""
    default: Any = None
    printed: bool = True
    sensitive: bool = False  # part of the victim's identity: masked on non-court copies of sensitive cases
    not_future: bool = False
    min_rows: int = 0

    def label(self) -> str:
        return f"{self.label_en} / {self.label_hi}"

    def choice_label(self, value: str) -> tuple[str, str]:
        for choice in self.choices:
            if choice.value == value:
                return choice.label_en, choice.label_hi
        return value, value


@dataclass(frozen=True)
class GroupDef:
    key: str
    item: str  # the IIF item number printed beside it, e.g. "3" or "6"
    label_en: str
    label_hi: str


@dataclass(frozen=True)
class RuleDef:
    """A cross-field rule: ``kind`` names the check, ``fields`` its operands, ``message`` what to show."""

    kind: str
    fields: tuple[str, ...]
    message: str
    target: str
    value: str | None = None  # for "required_when": the choice value that makes the field required


@dataclass(frozen=True)
class FormDef:
    id: str
    version: int
    title_en: str
    title_hi: str
    groups: tuple[GroupDef, ...]
    fields: tuple[FieldDef, ...]
    rules: tuple[RuleDef, ...] = ()
    renamed: dict[str, str] = field(default_factory=dict)  # old field name -> new, for saved drafts

    def field(self, name: str) -> FieldDef:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.id} has no field {name!r}")

    def fields_in(self, group: str) -> list[FieldDef]:
        return [f for f in self.fields if f.group == group]

    def upgrade_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """Carry a draft saved under an older version of the form over to this one."""
        return {self.renamed.get(name, name): value for name, value in values.items()}


def _field(raw: dict[str, Any], group: str) -> FieldDef:
    ftype = raw["type"]
    if ftype not in FIELD_TYPES:
        raise ValueError(f"unknown field type {ftype!r} for {raw['name']}")
    return FieldDef(
        name=raw["name"],
        type=cast(FieldType, ftype),
        label_en=raw["label_en"],
        label_hi=raw["label_hi"],
        group=raw.get("group", group),
        required=bool(raw.get("required", False)),
        max_length=raw.get("max_length"),
        min_value=raw.get("min_value"),
        max_value=raw.get("max_value"),
        pattern=raw.get("pattern"),
        choices=tuple(Choice(c["value"], c["label_en"], c["label_hi"]) for c in raw.get("choices", ())),
        columns=tuple(_field(c, group) for c in raw.get("columns", ())),
        help_en=raw.get("help_en", ""),
        help_hi=raw.get("help_hi", ""),
        default=raw.get("default"),
        printed=bool(raw.get("printed", True)),
        sensitive=bool(raw.get("sensitive", False)),
        not_future=bool(raw.get("not_future", False)),
        min_rows=int(raw.get("min_rows", 0)),
    )


def parse_form(raw: dict[str, Any]) -> FormDef:
    groups = tuple(GroupDef(g["key"], g["item"], g["label_en"], g["label_hi"]) for g in raw["groups"])
    fields: list[FieldDef] = []
    for group in raw["groups"]:
        fields += [_field(f, group["key"]) for f in group["fields"]]
    names = [f.name for f in fields]
    if len(names) != len(set(names)):
        raise ValueError(f"{raw['id']}: duplicate field names")
    rules = tuple(
        RuleDef(r["kind"], tuple(r["fields"]), r["message"], r.get("target", r["fields"][-1]), r.get("value"))
        for r in raw.get("rules", ())
    )
    for rule in rules:
        missing = [name for name in rule.fields if name not in names]
        if missing:
            raise ValueError(f"{raw['id']}: rule {rule.kind} names unknown fields {missing}")
    return FormDef(
        id=raw["id"],
        version=int(raw["version"]),
        title_en=raw["title_en"],
        title_hi=raw["title_hi"],
        groups=groups,
        fields=tuple(fields),
        rules=rules,
        renamed=dict(raw.get("renamed", {})),
    )


def load_form(form_id: str) -> FormDef:
    text = resources.files("forms.definitions").joinpath(f"{form_id}.json").read_text(encoding="utf-8")
    return parse_form(json.loads(text))


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return ist_date(value)
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def parse_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("a time without its time zone")
    return parsed
