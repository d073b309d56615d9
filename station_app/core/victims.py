"""Who the victims of an FIR are, what identifies each of them, and which law forbids disclosing it.

Domain §9: the victim is a person linked to the FIR in the role victim, not a string typed in one
field. Every item that may make her identity known (her name in every script and spelling the record
holds, her relatives' names, address, phone, e-mail, ID numbers) is collected here, from the FIR's
own values and from the linked person records, so that every masked output can replace all of them.

Pure functions over FIR values and content: no database, no Qt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from station_app.core.names import translit, typing

# BNS 64–71 (IPC 376, 376A–E): disclosing the victim's identity is itself an offence (BNS 72 / IPC 228A).
RAPE_FAMILY_BNS = frozenset(str(n) for n in range(64, 72))
RAPE_FAMILY_IPC = re.compile(r"376(?:A|AB|B|C|D|DA|DB|E)?")
# The sensitive offences of the issue (sexual offences, acid attack) besides POCSO; the law master
# may flag more (see LawMaster.is_sensitive), this set only decides what the note cites.
SEXUAL_BNS = RAPE_FAMILY_BNS | frozenset(str(n) for n in range(74, 80)) | {"124"}
SEXUAL_IPC = re.compile(r"354[A-D]?|376(?:A|AB|B|C|D|DA|DB|E)?|509|326[AB]")
ADULT_AGE = 18  # a victim under 18 is a child (POCSO 2(d), JJ Act 2(12))
BNS_IN_FORCE = "2024-07-01"


@dataclass(frozen=True)
class VictimIdentity:
    """One victim and every item of the record that may identify her."""

    label: str  # "V1", "V2" ...: what masked outputs print instead of her identity
    names: tuple[str, ...] = ()  # as written, other spellings, aliases (scripts added by `spellings`)
    relatives: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    id_numbers: tuple[str, ...] = ()
    age: int | None = None
    sex: str = ""  # M | F | T | "" as the FIR gives it
    person_id: str | None = None
    from_complainant: bool = False  # the complainant is this victim

    @property
    def child(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    def merged(self, other: VictimIdentity) -> VictimIdentity:
        """This victim with the items of ``other`` (the same person, from her person record) added."""
        return replace(
            self,
            names=_unique(self.names + other.names),
            relatives=_unique(self.relatives + other.relatives),
            addresses=_unique(self.addresses + other.addresses),
            phones=_unique(self.phones + other.phones),
            emails=_unique(self.emails + other.emails),
            id_numbers=_unique(self.id_numbers + other.id_numbers),
            age=self.age if self.age is not None else other.age,
            person_id=self.person_id or other.person_id,
        )


@dataclass(frozen=True)
class Provision:
    """What the "must not be disclosed" note cites, in both languages."""

    cites: tuple[str, ...] = field(default_factory=tuple)  # ("BNS 72", "POCSO Act 23, 33(7)", ...)

    @property
    def by_policy(self) -> bool:
        return not self.cites

    def english(self) -> str:
        if self.by_policy:
            return "withheld by the station's policy for sexual offences"
        return "; ".join(self.cites)

    def hindi(self) -> str:
        if self.by_policy:
            return "लैंगिक अपराधों हेतु थाने की नीति के अनुसार गोपनीय"
        return "; ".join(_CITES_HI.get(c, c) for c in self.cites)


_CITES_HI = {
    "BNS 72": "बी.एन.एस. धारा 72",
    "IPC 228A": "भा.दं.सं. धारा 228A",
    "POCSO Act 23, 33(7)": "पॉक्सो अधिनियम धारा 23, 33(7)",
    "JJ Act 74": "किशोर न्याय अधिनियम धारा 74",
}


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        text = " ".join(str(item).split())
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return tuple(seen)


def _split_list(value: Any) -> tuple[str, ...]:
    """ "Pinki, प्रिया; Priyanka" (aliases typed in one field) or a JSON/Python list."""
    if isinstance(value, list | tuple):
        return _unique(str(v) for v in value)
    if not value:
        return ()
    return _unique(re.split(r"[,;\n]", str(value)))


def _int(value: Any) -> int | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _age_from(values: Mapping[str, Any], prefix: str, on: str | None) -> int | None:
    age = _int(values.get(f"{prefix}_age"))
    if age is not None:
        return age
    dob = values.get(f"{prefix}_dob")
    on_date = _date(on) or date.today()
    if dob:
        born = _date(str(dob))
        if born is not None:
            return on_date.year - born.year - ((on_date.month, on_date.day) < (born.month, born.day))
    year = _int(values.get(f"{prefix}_birth_year"))
    return on_date.year - year if year is not None else None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def victims_in_values(values: Mapping[str, Any], on: str | None = None) -> list[VictimIdentity]:
    """The victims the FIR's values name, in order: the complainant (if she is the victim), the
    victim of item 6A, then the further victims. ``on`` is the date ages are counted on (the
    occurrence), ISO; a date of birth without it is counted on today."""
    out: list[VictimIdentity] = []

    def label() -> str:
        return f"V{len(out) + 1}"

    if values.get("complainant_is_victim"):
        out.append(replace(complainant_items(values, label(), on), from_complainant=True))
    if str(values.get("victim_name") or "").strip():
        out.append(
            VictimIdentity(
                label(),
                names=_unique([str(values["victim_name"]), *_split_list(values.get("victim_aliases"))]),
                relatives=_unique([str(values.get("victim_relative_name") or "")]),
                addresses=_unique([str(values.get("victim_address") or "")]),
                phones=_unique([str(values.get("victim_phone") or "")]),
                emails=_unique([str(values.get("victim_email") or "")]),
                id_numbers=_unique([str(values.get("victim_id_number") or "")]),
                age=_int(values.get("victim_age")),
                sex=str(values.get("victim_sex") or ""),
            )
        )
    for row in values.get("other_victims") or []:
        if not isinstance(row, Mapping) or not str(row.get("name") or "").strip():
            continue
        out.append(
            VictimIdentity(
                label(),
                names=_unique([str(row["name"]), *_split_list(row.get("aliases"))]),
                relatives=_unique([str(row.get("relative_name") or "")]),
                addresses=_unique([str(row.get("address") or "")]),
                phones=_unique([str(row.get("phone") or "")]),
                age=_int(row.get("age")),
                sex=str(row.get("sex") or ""),
            )
        )
    return out


def complainant_items(values: Mapping[str, Any], label: str, on: str | None = None) -> VictimIdentity:
    """The complainant's identifying items (she is the victim, or in a sensitive case may be her parent)."""
    documents = [
        str(r.get("doc_number") or "")
        for r in values.get("complainant_id_documents") or []
        if isinstance(r, Mapping)
    ]
    return VictimIdentity(
        label,
        names=_unique([str(values.get("complainant_name") or "")]),
        relatives=_unique([str(values.get("complainant_relative_name") or "")]),
        addresses=_unique(
            [
                str(values.get(k) or "")
                for k in ("complainant_present_address", "complainant_permanent_address")
            ]
        ),
        phones=_unique([str(values.get(k) or "") for k in ("complainant_phone", "complainant_mobile")]),
        emails=_unique([str(values.get("complainant_email") or "")]),
        id_numbers=_unique(
            [str(values.get(k) or "") for k in ("complainant_uid", "complainant_passport_no")] + documents
        ),
        age=_age_from(values, "complainant", on),
        sex=str(values.get("complainant_sex") or ""),
    )


def informant_of(values: Mapping[str, Any]) -> VictimIdentity | None:
    """The informant when she is not herself a victim (withheld too on masked outputs of a sensitive case)."""
    if values.get("complainant_is_victim") or not str(values.get("complainant_name") or "").strip():
        return None
    return complainant_items(values, "I")


def victims_of(
    content: Mapping[str, Any], persons: Mapping[str, Mapping[str, Any]] | None = None
) -> list[VictimIdentity]:
    """The victims of a registered FIR, each with the items of her linked person record (``persons``:
    person id -> the person's particulars as ``person_items`` reads them; as they are today, so an
    alias or phone the IO added later is withheld too)."""
    values: Mapping[str, Any] = content.get("values") or {}
    on = str(values.get("occurrence_from") or content.get("registered_at") or "")[:10] or None
    victims = victims_in_values(values, on)
    links = {str(v.get("label")): v for v in content.get("victims") or [] if isinstance(v, Mapping)}
    out = []
    for found in victims:
        victim = found
        link = links.get(victim.label)
        person_id = str(link.get("person_id") or "") if link is not None else ""
        if person_id:
            victim = replace(victim, person_id=person_id)
            if persons and person_id in persons:
                victim = victim.merged(person_items(victim.label, persons[person_id]))
        out.append(victim)
    return out


def person_items(label: str, person: Mapping[str, Any]) -> VictimIdentity:
    """A person record's identifying items (the ``person`` table's columns, JSON lists as stored)."""

    def listed(name: str) -> list[Any]:
        value = person.get(name)
        if isinstance(value, str):
            try:
                value = json.loads(value or "[]")
            except ValueError:
                return [value]
        return list(value or [])

    documents = [str(d.get("number") or "") for d in listed("id_documents") if isinstance(d, Mapping)]
    return VictimIdentity(
        label,
        names=_unique(
            [str(person.get("name") or ""), str(person.get("name_alt") or ""), *map(str, listed("aliases"))]
        ),
        relatives=_unique([str(person.get("relative_name") or "")]),
        addresses=_unique([str(person.get(k) or "") for k in ("present_address", "permanent_address")]),
        phones=_unique(map(str, listed("phones"))),
        id_numbers=_unique(documents),
        age=_int(person.get("age")),
        person_id=str(person.get("id") or "") or None,
    )


def other_script(text: str) -> str:
    """``text`` in the other script: Devanagari read into Latin, Latin typed into Devanagari."""
    return translit.transliterate(text) if translit.has_devanagari(text) else typing.transliterate(text)


def spellings(name: str) -> tuple[str, ...]:
    """The name as written and in the other script ("Priya Sharma" -> "प्रिया शर्मा" and back), each
    side of a "Latin / देवनागरी" pair on its own."""
    out: list[str] = []
    for raw in re.split(r"[/|()]", name):
        part = " ".join(raw.split())
        if not part:
            continue
        out.append(part)
        out.append(other_script(part))
    return _unique(out)


# --- sensitivity and the provision to cite ----------------------------------------------------------


def _sections(content_sections: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    return [(str(s.get("act") or "").upper(), str(s.get("section") or "").upper()) for s in content_sections]


def _base(number: str) -> str:
    return number.split("(", maxsplit=1)[0].strip()


def is_rape_family(act: str, number: str) -> bool:
    return (act == "BNS" and _base(number) in RAPE_FAMILY_BNS) or (
        act == "IPC" and RAPE_FAMILY_IPC.fullmatch(_base(number)) is not None
    )


def is_sexual_offence(act: str, number: str) -> bool:
    base = _base(number)
    return (
        act == "POCSO"
        or (act == "BNS" and base in SEXUAL_BNS)
        or (act == "IPC" and SEXUAL_IPC.fullmatch(base) is not None)
    )


def has_child_victim(values: Mapping[str, Any], on: str | None = None) -> bool:
    return any(v.child for v in victims_in_values(values, on))


def sexual_sections_chosen(sections: Sequence[Mapping[str, Any]]) -> bool:
    return any(is_sexual_offence(a, n) for a, n in _sections(sections))


def provision(content: Mapping[str, Any], victims: Sequence[VictimIdentity]) -> Provision:
    """What forbids disclosing the victims' identity in this FIR: BNS 72 (IPC 228A before 1 July 2024)
    for BNS 64–71 / IPC 376 family; POCSO 23 and 33(7) for a child victim of a sexual offence; JJ Act 74
    for any child victim; otherwise nothing in law, and the station's policy for sexual offences."""
    # After alteration memos the sections in force are not those frozen at registration.
    sections = _sections(content.get("sections_now") or content.get("sections") or [])
    cites: list[str] = []
    rape = [(a, n) for a, n in sections if is_rape_family(a, n)]
    if rape:
        bns = any(a == "BNS" for a, _ in rape)
        cites.append("BNS 72" if bns else "IPC 228A")
    child = any(v.child for v in victims)
    if any(a == "POCSO" for a, _ in sections) or (
        child and any(is_sexual_offence(a, n) for a, n in sections)
    ):
        cites.append("POCSO Act 23, 33(7)")
    if child:
        cites.append("JJ Act 74")
    return Provision(tuple(cites))


def is_sensitive_content(content: Mapping[str, Any]) -> bool:
    """A registered FIR whose victims' identity is protected: a sensitive section was chosen (frozen
    as ``sensitive`` at registration), or a victim is a child (JJ Act 74), whatever the offence."""
    if content.get("sensitive"):
        return True
    values: Mapping[str, Any] = content.get("values") or {}
    return has_child_victim(values, str(values.get("occurrence_from") or "")[:10] or None)


def with_alterations(
    content: Mapping[str, Any], sensitive_now: bool, alterations: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The content to print: as registered, but sensitive if the FIR has become so (an alteration memo
    added a sensitive section) and with the sections now in force (``sections_now``) for the note."""
    sections = [dict(s) for s in content.get("sections") or []]
    for memo in alterations:
        removed = {(s.get("act"), s.get("section")) for s in memo.get("removed") or []}
        sections = [s for s in sections if (s.get("act"), s.get("section")) not in removed]
        sections += [dict(s) for s in memo.get("added") or []]
    return {**content, "sensitive": bool(content.get("sensitive")) or sensitive_now, "sections_now": sections}
