"""Checking a filled form against its definition: per field, per table row, and cross-field rules.

Returns messages keyed by field name (``accused[2].age`` for a table cell) so the form can show each
message at its field. Rules whose kind needs the database or the law masters are left to the core
services, which call ``validate_values`` first and add their own messages to the same mapping.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.schema import FieldDef, FormDef, RuleDef, ist_date, parse_date, parse_datetime
from forms.text_rules import SAFE_INT_MAX, text_problem

EARLIEST_YEAR, LATEST_YEAR = 1860, 2200  # any date on a form (the Police Act 1861, and far ahead)

# Rule kinds handled here; anything else is for the services (e.g. "law_in_force", "gd_before").
LOCAL_RULES = frozenset(
    {"not_after", "not_before", "required_if", "required_when", "one_of", "must_be_true", "distinct"}
)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def _check_scalar(f: FieldDef, value: Any, now: datetime) -> str | None:
    """One value of one field; None when fine."""
    if f.type in ("text", "multiline"):
        text = str(value)
        problem = text_problem(text, multiline=f.type == "multiline")
        if problem is not None:
            return problem
        if f.max_length is not None and len(text) > f.max_length:
            return f"At most {f.max_length} characters ({len(text)} given)."
        if f.pattern and not re.fullmatch(f.pattern, text.strip()):
            return f.help_en or "Not in the expected format."
        return None
    if f.type == "date":
        try:
            day = parse_date(value)
        except ValueError:
            return "Not a valid date (use DD-MM-YYYY)."
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            return f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}."
        if day is not None and f.not_future and day > ist_date(now):  # today in IST, not UTC
            return "This date is in the future."
        return None
    if f.type == "datetime":
        try:
            when = parse_datetime(value)
        except ValueError:
            return "Not a valid date and time."
        if when is not None and not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
            return f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}."
        if when is not None and f.not_future and when > now:
            return "This date and time is in the future."
        return None
    if f.type in ("int", "money"):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return "Not a number."
        if not number.is_finite() or abs(number) > SAFE_INT_MAX:
            return "This number is too large to be right."
        if f.type == "int" and number != number.to_integral_value():
            return "Use a whole number."
        if f.type == "money" and (number < 0 or number.as_tuple().exponent < -2):  # type: ignore[operator]
            return "Use rupees, with at most two decimals (e.g. 1500.50)."
        if f.min_value is not None and number < Decimal(str(f.min_value)):
            return f"Must be at least {f.min_value:g}."
        if f.max_value is not None and number > Decimal(str(f.max_value)):
            return f"Must be at most {f.max_value:g}."
        return None
    if f.type == "choice":
        if str(value) not in {c.value for c in f.choices}:
            return "Choose one of the listed options."
        return None
    if f.type == "bool":
        return None if isinstance(value, bool) else "Answer yes or no."
    if f.type == "sections":
        if not isinstance(value, list) or not all(
            isinstance(r, dict) and r.get("act") and r.get("section") for r in value
        ):
            return "Each row needs an act and a section."
        return None
    return None


def _check_field(f: FieldDef, value: Any, now: datetime, errors: dict[str, str], prefix: str = "") -> None:
    key = f"{prefix}{f.name}"
    if is_blank(value):
        if f.required:
            errors[key] = f"{f.label_en} is required."
        return
    if f.type == "table":
        if not isinstance(value, list):
            errors[key] = "Expected a list of rows."
            return
        if len(value) < f.min_rows:
            errors[key] = f"At least {f.min_rows} row(s) are needed."
        for index, row in enumerate(value):
            if not isinstance(row, dict):
                errors[f"{key}[{index}]"] = "Expected a row of values."
                continue
            if all(is_blank(v) for v in row.values()):
                errors[f"{key}[{index}]"] = "This row is empty: fill it in or remove it."
                continue
            for column in f.columns:
                _check_field(column, row.get(column.name), now, errors, prefix=f"{key}[{index}].")
        return
    message = _check_scalar(f, value, now)
    if message:
        errors[key] = message


def _comparable(value: Any) -> date | datetime | None:
    if is_blank(value):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return parse_date(value)


def _check_rule(rule: RuleDef, values: dict[str, Any], errors: dict[str, str]) -> None:
    if rule.target in errors:
        return  # one message per field: the field's own problem comes first
    if rule.kind in ("not_after", "not_before"):
        try:
            first, second = (_comparable(values.get(name)) for name in rule.fields)
        except ValueError:
            return
        if first is None or second is None:
            return
        if isinstance(first, datetime) != isinstance(second, datetime):
            first = ist_date(first) if isinstance(first, datetime) else first
            second = ist_date(second) if isinstance(second, datetime) else second
        bad = first > second if rule.kind == "not_after" else first < second
        if bad:
            errors[rule.target] = rule.message
    elif rule.kind == "required_if":
        flag, dependent = rule.fields
        if values.get(flag) and is_blank(values.get(dependent)):
            errors[rule.target] = rule.message
    elif rule.kind == "required_when":
        choice, dependent = rule.fields
        if values.get(choice) == rule.value and is_blank(values.get(dependent)):
            errors[rule.target] = rule.message
    elif rule.kind == "must_be_true":
        if values.get(rule.fields[0]) is not True:
            errors[rule.target] = rule.message
    elif rule.kind == "distinct":
        texts = [str(values.get(name) or "").strip().casefold() for name in rule.fields]
        if all(texts) and len(set(texts)) < len(texts):
            errors[rule.target] = rule.message
    elif rule.kind == "one_of" and all(is_blank(values.get(name)) for name in rule.fields):
        errors[rule.target] = rule.message


def validate_values(form: FormDef, values: dict[str, Any], now: datetime) -> dict[str, str]:
    """Messages for every problem found, keyed by field; empty when the form is complete and sound."""
    errors: dict[str, str] = {}
    known = {f.name for f in form.fields}
    for name in values:
        if name not in known:
            errors[name] = f"{form.id} has no item called {name!r}."
    for f in form.fields:
        _check_field(f, values.get(f.name), now, errors)
    for rule in form.rules:
        if rule.kind in LOCAL_RULES:
            _check_rule(rule, values, errors)
    return errors


def strip_blanks(form: FormDef, values: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values and empty table rows, and trim text, so stored content is canonical."""
    out: dict[str, Any] = {}
    for f in form.fields:
        value = values.get(f.name)
        if is_blank(value):
            continue
        if f.type == "table" and isinstance(value, list):
            rows = []
            for row in value:
                if isinstance(row, dict) and not all(is_blank(v) for v in row.values()):
                    rows.append(
                        {
                            k: (v.strip() if isinstance(v, str) else v)
                            for k, v in row.items()
                            if not is_blank(v)
                        }
                    )
            if rows:
                out[f.name] = rows
        elif isinstance(value, str):
            out[f.name] = value.strip()
        else:
            out[f.name] = value
    return out
