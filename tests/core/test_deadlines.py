"""Legal clocks, table-driven: every rule, each side of its warning window and its due time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from station_app.core.deadlines import Level, add_months, evaluate, load_rules, police_custody
from station_app.core.localtime import IST

RULES = load_rules()


def t(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)


def test_every_rule_names_its_section() -> None:
    assert set(RULES) == {
        "production_24h", "efir_signature", "preliminary_enquiry", "final_report_sexual",
        "final_report_custody_90", "final_report_custody_60", "progress_to_informant", "police_custody_cap",
    }  # fmt: skip
    for rule in RULES.values():
        assert rule.section.startswith(("BNSS", "Constitution")), rule.id
        assert rule.label_en and rule.label_hi


@pytest.mark.parametrize(
    ("rule", "start", "done", "now", "level", "due"),
    [
        # 24 hours after arrest; red in the last 4 hours
        ("production_24h", "2026-11-02 10:00", None, "2026-11-02 20:00", Level.OK, "2026-11-03 10:00"),
        ("production_24h", "2026-11-02 10:00", None, "2026-11-03 06:01", Level.WARNING, "2026-11-03 10:00"),
        ("production_24h", "2026-11-02 10:00", None, "2026-11-03 06:00", Level.WARNING, "2026-11-03 10:00"),
        ("production_24h", "2026-11-02 10:00", None, "2026-11-03 05:59", Level.OK, "2026-11-03 10:00"),
        ("production_24h", "2026-11-02 10:00", None, "2026-11-03 10:01", Level.OVERDUE, "2026-11-03 10:00"),
        (
            "production_24h",
            "2026-11-02 10:00",
            "2026-11-03 09:30",
            "2026-11-04 10:00",
            Level.DONE,
            "2026-11-03 10:00",
        ),
        (
            "production_24h",
            "2026-11-02 10:00",
            "2026-11-03 11:00",
            "2026-11-04 10:00",
            Level.LATE,
            "2026-11-03 10:00",
        ),
        # e-FIR signed within 3 days
        ("efir_signature", "2026-11-01 09:00", None, "2026-11-03 09:00", Level.OK, "2026-11-04 09:00"),
        ("efir_signature", "2026-11-01 09:00", None, "2026-11-03 22:00", Level.WARNING, "2026-11-04 09:00"),
        ("efir_signature", "2026-11-01 09:00", None, "2026-11-04 09:01", Level.OVERDUE, "2026-11-04 09:00"),
        # preliminary enquiry 14 days
        ("preliminary_enquiry", "2026-11-01 09:00", None, "2026-11-10 09:00", Level.OK, "2026-11-15 09:00"),
        (
            "preliminary_enquiry",
            "2026-11-01 09:00",
            None,
            "2026-11-13 09:00",
            Level.WARNING,
            "2026-11-15 09:00",
        ),
        (
            "preliminary_enquiry",
            "2026-11-01 09:00",
            "2026-11-14 12:00",
            "2026-11-20 09:00",
            Level.DONE,
            "2026-11-15 09:00",
        ),
        # rape / POCSO: two calendar months, clamped at month end
        ("final_report_sexual", "2026-01-31 11:00", None, "2026-03-01 09:00", Level.OK, "2026-03-31 11:00"),
        (
            "final_report_sexual",
            "2025-12-31 11:00",
            None,
            "2026-02-20 09:00",
            Level.WARNING,
            "2026-02-28 11:00",
        ),
        (
            "final_report_sexual",
            "2024-12-30 11:00",
            None,
            "2025-03-01 09:00",
            Level.OVERDUE,
            "2025-02-28 11:00",
        ),
        # default bail clocks from the first remand
        (
            "final_report_custody_90",
            "2026-08-01 12:00",
            None,
            "2026-10-15 12:00",
            Level.OK,
            "2026-10-30 12:00",
        ),
        (
            "final_report_custody_90",
            "2026-08-01 12:00",
            None,
            "2026-10-25 12:00",
            Level.WARNING,
            "2026-10-30 12:00",
        ),
        (
            "final_report_custody_60",
            "2026-08-01 12:00",
            None,
            "2026-09-30 12:01",
            Level.OVERDUE,
            "2026-09-30 12:00",
        ),
        (
            "final_report_custody_60",
            "2026-08-01 12:00",
            "2026-09-29 10:00",
            "2026-11-01 12:00",
            Level.DONE,
            "2026-09-30 12:00",
        ),
        # progress to the informant within 90 days
        ("progress_to_informant", "2026-06-01 10:00", None, "2026-08-15 10:00", Level.OK, "2026-08-30 10:00"),
        (
            "progress_to_informant",
            "2026-06-01 10:00",
            None,
            "2026-08-31 10:00",
            Level.OVERDUE,
            "2026-08-30 10:00",
        ),
    ],
)
def test_clock(rule: str, start: str, done: str | None, now: str, level: Level, due: str) -> None:
    state = evaluate(RULES[rule], t(start), t(done) if done else None, t(now))
    assert (state.level, state.due_at) == (level, t(due))
    if level in (Level.OK, Level.WARNING):
        assert state.remaining == t(due) - t(now)


@pytest.mark.parametrize(
    ("periods", "now", "level", "days_left"),
    [
        (
            [("2026-11-01 10:00", "2026-11-06 10:00"), ("2026-11-20 10:00", "2026-11-27 10:00")],
            "2026-11-28 10:00",
            Level.OK,
            3,
        ),
        ([("2026-11-01 10:00", "2026-11-14 10:00")], "2026-11-20 10:00", Level.WARNING, 2),
        ([("2026-11-01 10:00", None)], "2026-11-14 22:00", Level.WARNING, 1.5),
        ([("2026-11-01 10:00", "2026-11-17 10:00")], "2026-11-20 10:00", Level.OVERDUE, -1),
    ],
)
def test_police_custody_cap(
    periods: list[tuple[str, str | None]], now: str, level: Level, days_left: float
) -> None:
    state = police_custody(
        RULES["police_custody_cap"], [(t(a), t(b) if b else None) for a, b in periods], t(now)
    )
    assert state is not None
    assert state.level == level
    assert state.remaining == timedelta(days=days_left)


def test_no_remand_means_no_custody_clock() -> None:
    assert police_custody(RULES["police_custody_cap"], [], t("2026-11-01 10:00")) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [("2026-01-31 10:00", 1, "2026-02-28 10:00"), ("2024-01-31 10:00", 1, "2024-02-29 10:00"),
     ("2026-11-15 10:00", 2, "2027-01-15 10:00"), ("2026-12-31 10:00", 2, "2027-02-28 10:00")],
)  # fmt: skip
def test_calendar_months(start: str, months: int, expected: str) -> None:
    assert add_months(t(start), months) == t(expected)
