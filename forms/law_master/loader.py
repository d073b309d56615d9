"""Reading and validating the JSON law files shipped in the ``forms.laws`` package."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from importlib import resources
from typing import Any, cast

from forms.law_master.model import (
    ACT_KINDS,
    SECTION_NATURES,
    SHORT_TERM_RE,
    Act,
    LawError,
    MaxPunishment,
    Section,
    SectionNature,
    SectionRef,
    number_key,
)

DATA_PACKAGE = "forms.laws"
ACTS_FILE = "acts.json"


class _Fields:
    """Typed access to one JSON object, naming the file and entry in every error."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict):
            raise LawError(f"Law master {where}: expected an object")
        self._raw = cast(dict[str, Any], raw)
        self._where = where

    def fail(self, message: str) -> LawError:
        return LawError(f"Law master {self._where}: {message}")

    def str_(self, name: str) -> str:
        value = self._raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{name}' must be a non-empty string")
        return value

    def opt_str(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{name}' must be a non-empty string or null")
        return value

    def opt_bool(self, name: str) -> bool | None:
        value = self._raw.get(name)
        if value is not None and not isinstance(value, bool):
            raise self.fail(f"'{name}' must be true, false or null")
        return value

    def bool_(self, name: str, default: bool) -> bool:
        value = self._raw.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{name}' must be true or false")
        return value

    def opt_date(self, name: str) -> date | None:
        value = self.opt_str(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"'{name}' must be an ISO date (YYYY-MM-DD)") from None

    def str_list(self, name: str) -> tuple[str, ...]:
        value = self._raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"'{name}' must be a list of non-empty strings")
        return tuple(cast(list[str], value))

    def list_(self, name: str) -> list[object]:
        value = self._raw.get(name)
        if not isinstance(value, list):
            raise self.fail(f"'{name}' must be a list")
        return cast(list[object], value)

    def max_punishment(self) -> MaxPunishment:
        value = self._raw.get("max_punishment")
        if value is None or value in ("death", "life", "fine"):
            return cast(MaxPunishment, value)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and SHORT_TERM_RE.match(value):
            return value
        raise self.fail("'max_punishment' must be death, life, fine, whole years, '<n> months' or null")


def _read_json(name: str) -> object:
    try:
        text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LawError(f"Law master file {name} is missing from the installation") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LawError(f"Law master file {name} is damaged: {exc}") from None


def _parse_act(raw: object, index: int) -> Act:
    f = _Fields(raw, f"{ACTS_FILE} entry {index + 1}")
    kind = f.str_("kind")
    if kind not in ACT_KINDS:
        raise f.fail(f"unknown kind '{kind}'")
    act = Act(
        code=f.str_("code"),
        name_en=f.str_("name_en"),
        name_hi=f.str_("name_hi"),
        short_en=f.str_("short_en"),
        short_hi=f.str_("short_hi"),
        kind=kind,
        effective_from=f.opt_date("effective_from"),
        effective_to=f.opt_date("effective_to"),
        successor=f.opt_str("successor"),
        predecessor=f.opt_str("predecessor"),
        aliases=f.str_list("aliases"),
        all_sections_sensitive=f.bool_("all_sections_sensitive", False),
        note=f.opt_str("note"),
    )
    if act.effective_from and act.effective_to and act.effective_to < act.effective_from:
        raise f.fail(f"{act.code} ends before it starts")
    return act


def _nature(f: _Fields, act: Act) -> SectionNature:
    """Sections of procedure and evidence codes are not offences unless the file says otherwise."""
    default = "procedure" if act.kind in ("procedure", "evidence") else "offence"
    value = f.opt_str("nature") or default
    if value not in SECTION_NATURES:
        raise f.fail(f"unknown nature '{value}' (use one of: {', '.join(SECTION_NATURES)})")
    return value


def _parse_section(raw: object, act: Act, index: int) -> Section:
    f = _Fields(raw, f"{act.code}.json section {index + 1}")
    equivalents = []
    for j, eq in enumerate(f.list_("equivalents")):
        g = _Fields(eq, f"{act.code}.json section {index + 1} equivalent {j + 1}")
        equivalents.append(SectionRef(g.str_("act"), g.str_("number")))
    return Section(
        act=act.code,
        number=f.str_("number"),
        title_en=f.str_("title_en"),
        title_hi=f.opt_str("title_hi"),
        cognizable=f.opt_bool("cognizable"),
        bailable=f.opt_bool("bailable"),
        max_punishment=f.max_punishment(),
        equivalents=tuple(equivalents),
        keywords=f.str_list("keywords"),
        sensitive=f.bool_("sensitive", False),
        note=f.opt_str("note"),
        in_force=f.bool_("in_force", True),
        nature=_nature(f, act),
        classification_source=f.opt_str("classification_source"),
    )


def load_acts() -> list[Act]:
    root = _Fields(_read_json(ACTS_FILE), ACTS_FILE)
    return [_parse_act(raw, i) for i, raw in enumerate(root.list_("acts"))]


def load_sections(act: Act) -> list[Section]:
    name = f"{act.code}.json"
    root = _Fields(_read_json(name), name)
    if root.str_("act") != act.code:
        raise root.fail(f"file is for act '{root.str_('act')}', expected '{act.code}'")
    sections = [_parse_section(raw, act, i) for i, raw in enumerate(root.list_("sections"))]
    if act.all_sections_sensitive:
        bad = [s.number for s in sections if not s.sensitive]
        if bad:
            raise root.fail(f"every {act.code} section must be sensitive; not: {', '.join(bad)}")
    return sections


def check_links(acts: Mapping[str, Act], keys: Mapping[tuple[str, str], Section]) -> None:
    """Every successor, predecessor and equivalent must name something that exists."""
    for act in acts.values():
        for other in (act.successor, act.predecessor):
            if other is not None and other not in acts:
                raise LawError(f"Law master {ACTS_FILE}: {act.code} links to unknown act '{other}'")
    for section in keys.values():
        for eq in section.equivalents:
            if (eq.act, number_key(eq.number)) not in keys:
                raise LawError(f"Law master {section.act}.json: {section} names missing equivalent {eq}")
