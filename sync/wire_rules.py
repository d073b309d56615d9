"""The sync protocol's edge checks: what any string, number and JSON text on the wire may hold.

The server checks every mutation with these before it touches its database, so that one bad record
is refused on its own (``rejected/invalid_payload`` or ``invalid_mutation``) instead of failing the
whole batch in the database. The words never repeat the value (it may be personal data): a field's
path and what is wrong with it. The character rule itself is ``forms.text_rules`` (the same one the
station's forms and importers apply when a person types).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime

from forms.text_rules import INT32_MAX, SAFE_INT_MAX, int_problem, wire_text_problem

MAX_DEPTH = 32  # nesting of a payload, or of the frozen content inside it
JSON_TEXT_FIELDS = frozenset({"content", "body"})  # canonical JSON texts inside a payload
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200  # any instant on the wire (device clocks included)


class WireProblem(ValueError):
    """What is wrong and where (a field path such as ``items[2].description``), without the value."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


def _refuse_constant(name: str) -> float:
    raise WireProblem("", f"{name} is not a JSON number")


def load_json(text: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and nesting beyond what a parser's stack holds."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise WireProblem("", f"nested deeper than {MAX_DEPTH} levels") from None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    shown = key if wire_text_problem(key) is None and len(key) <= 40 else "(a key)"
    return f"{path}.{shown}" if path else shown


def check_json_value(value: Any, *, int_limit: int = INT32_MAX, path: str = "") -> None:
    """Walk parsed JSON (without recursion) and raise WireProblem at the first string with a
    character the protocol refuses, integer beyond ``int_limit``, non-finite number, or nesting
    beyond MAX_DEPTH. Canonical JSON texts in ``JSON_TEXT_FIELDS`` are opened and walked too, with
    integers up to 2^53 - 1 (frozen content is text at the server, never an integer column)."""
    stack: list[tuple[Any, str, int, int]] = [(value, path, 0, int_limit)]
    while stack:
        item, where, depth, limit = stack.pop()
        if depth > MAX_DEPTH:
            raise WireProblem(where, f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            problem = wire_text_problem(item)
            if problem is not None:
                raise WireProblem(where, problem)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            problem = int_problem(item, -limit, limit)
            if problem is not None:
                raise WireProblem(where, problem)
        elif isinstance(item, float):
            if not math.isfinite(item) or abs(item) > SAFE_INT_MAX:
                raise WireProblem(where, "a number out of range")
        elif isinstance(item, dict):
            for key, child in item.items():
                inner = _join(where, key)
                problem = wire_text_problem(key)
                if problem is not None:
                    raise WireProblem(where or "(payload)", f"a key {problem}")
                if key in JSON_TEXT_FIELDS and isinstance(child, str) and child[:1] in ("{", "["):
                    problem = wire_text_problem(child)
                    if problem is not None:
                        raise WireProblem(inner, problem)
                    try:
                        opened = load_json(child)
                    except WireProblem as exc:
                        raise WireProblem(inner, exc.problem) from None
                    except ValueError:
                        continue  # not JSON after all: the op's own checks say what is wrong
                    stack.append((opened, inner, depth + 1, SAFE_INT_MAX))
                else:
                    stack.append((child, inner, depth + 1, limit))
        elif isinstance(item, list):
            stack.extend((child, _join(where, i), depth + 1, limit) for i, child in enumerate(item))


def _wire_text(value: str) -> str:
    problem = wire_text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _wire_instant(value: datetime) -> datetime:
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"an instant outside the years {EARLIEST_YEAR} to {LATEST_YEAR}")
    return value


# Strings and instants in request envelopes (push, pull, enrol): refused by the protocol's rules.
WireText = Annotated[str, AfterValidator(_wire_text)]
WireInstant = Annotated[AwareDatetime, AfterValidator(_wire_instant)]
