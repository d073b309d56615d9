"""Pure functions over FIR values: normalising what was typed, checking it against the law, and
building the frozen content that registration stores, prints and digests."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from forms.law_master import LawError, LawMaster, SectionRef
from forms.law_master.cognizance import CONSENT_FIELD, classify, ncr_message, struck_down_findings
from forms.schema import FormDef, parse_datetime
from forms.validation import strip_blanks
from station_app.core.localtime import IST, iso_ist, to_ist

MASKED_UID_RE = re.compile(r"XXXX-XXXX-[0-9]{4}")

# Verhoeff check-digit tables (the scheme UIDAI uses for Aadhaar numbers).
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(digits: str) -> bool:
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(ch)]]
    return check == 0


def mask_uid(text: str) -> str:
    """Keep only the last four digits of an Aadhaar number (raises ValueError on a wrong number)."""
    if MASKED_UID_RE.fullmatch(text):
        return text
    digits = re.sub(r"[ -]", "", text)
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise ValueError("An Aadhaar number has 12 digits.")
    if digits[0] in "01" or not verhoeff_valid(digits):
        raise ValueError(
            "This is not a valid Aadhaar number (its check digit does not match); please re-check it."
        )
    return f"XXXX-XXXX-{digits[-4:]}"


def protect_draft_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """What may be stored even in a draft: the Aadhaar number is masked before it ever touches disk."""
    out = dict(values)
    errors: dict[str, str] = {}
    uid = out.get("complainant_uid")
    if isinstance(uid, str) and uid.strip():
        try:
            out["complainant_uid"] = mask_uid(uid.strip())
        except ValueError as exc:
            errors["complainant_uid"] = str(exc)
            out.pop("complainant_uid")
    return out, errors


def section_refs(values: dict[str, Any]) -> list[SectionRef]:
    rows = values.get("acts_sections") or []
    return [
        SectionRef(str(r.get("act", "")).strip(), str(r.get("section", "")).strip())
        for r in rows
        if isinstance(r, dict)
    ]


def check_sections(
    laws: LawMaster, refs: Iterable[SectionRef], occurrence: datetime | None
) -> tuple[list[SectionRef], str | None]:
    """Canonical refs for the sections, or the first problem in the officer's words."""
    out: list[SectionRef] = []
    seen: set[SectionRef] = set()
    for ref in refs:
        try:
            if occurrence is None:
                section = laws.resolve(laws.ref(ref.act, ref.number))
                if section is None:
                    return out, f"{ref.act} {ref.number} is not in the law master."
            else:
                section = laws.check(ref, to_ist(occurrence).date())
        except LawError as exc:
            return out, str(exc)
        canonical = section.ref
        if canonical in seen:
            return out, f"{canonical} is listed twice."
        seen.add(canonical)
        out.append(canonical)
    return out, None


def law_problems(
    laws: LawMaster,
    refs: list[SectionRef],
    values: dict[str, Any],
    occurrence: datetime | None,
    now: datetime,
) -> dict[str, str]:
    """What the law forbids for a new FIR with these (valid) sections, keyed by the item to correct:
    only non-cognizable offences (the NCR route, BNSS 174), or a section struck down or in abeyance."""
    problems: dict[str, str] = {}
    if not refs:
        return problems
    today = to_ist(now).date()
    findings = struck_down_findings(
        laws, refs, occurrence=to_ist(occurrence).date() if occurrence else today, registered_on=today,
        historical=False, not_consenting_adults=values.get(CONSENT_FIELD) is True,
    )  # fmt: skip
    for finding in findings:
        if finding.severity == "refuse":
            problems.setdefault(finding.field, finding.message)
    cognizance = classify(laws, refs)
    if cognizance.all_non_cognizable:  # after the judgments: "struck down" says more than "non-cognizable"
        problems.setdefault("acts_sections", ncr_message(cognizance))
    return problems


def normalise_values(
    form: FormDef, values: dict[str, Any], canonical_refs: list[SectionRef]
) -> dict[str, Any]:
    """The stored form of registered values: blanks dropped, times in IST, sections canonical."""
    out = strip_blanks(form, values)
    for f in form.fields:
        if f.type == "datetime" and f.name in out:
            parsed = parse_datetime(out[f.name])
            assert parsed is not None
            out[f.name] = iso_ist(parsed)
    if canonical_refs:
        out["acts_sections"] = [{"act": r.act, "section": r.number} for r in canonical_refs]
    return out


def section_rows(laws: LawMaster, refs: Iterable[SectionRef]) -> list[dict[str, str]]:
    rows = []
    for ref in refs:
        section = laws.resolve(ref)
        rows.append(
            {
                "act": ref.act,
                "section": ref.number,
                "title_en": section.title_en if section else "",
                "title_hi": (section.title_hi or "") if section else "",
            }
        )
    return rows


def sections_text(refs: Iterable[SectionRef]) -> str:
    return ", ".join(str(r) for r in refs)


def accused_names(values: dict[str, Any]) -> str:
    names = []
    for row in values.get("accused") or []:
        if isinstance(row, dict):
            names += [str(row[k]).strip() for k in ("name", "alias") if str(row.get(k) or "").strip()]
    return "; ".join(names)


def occurrence_start(values: dict[str, Any]) -> datetime | None:
    try:
        return parse_datetime(values.get("occurrence_from"))
    except ValueError:
        return None


def age_consistency_error(values: dict[str, Any]) -> str | None:
    """Date of birth and stated age must agree (within a year) on the date of occurrence."""
    dob, age = values.get("complainant_dob"), values.get("complainant_age")
    start = occurrence_start(values)
    if not dob or age in (None, "") or start is None:
        return None
    try:
        born = datetime.fromisoformat(str(dob)).date()
        stated = int(age)
    except ValueError:
        return None
    on = start.astimezone(IST).date()
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if abs(years - stated) > 1:
        return f"The date of birth makes the complainant {years} on the date of occurrence, not {stated}."
    return None


def untimed(content: Mapping[str, Any]) -> list[str]:
    """Times a digitised paper record did not give (stored at midnight IST): shown and printed as the
    date alone, never as 00:00."""
    legacy = content.get("legacy")
    return list(legacy.get("time_not_recorded") or []) if isinstance(legacy, Mapping) else []
