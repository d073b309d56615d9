"""Legal clocks, table-driven: every rule, each side of its warning window and its due time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.core.deadlines import Level, add_months, evaluate, load_rules, police_custody
from station_app.core.localtime import IST

RULES = load_rules()


def t(text: str) -> datetime:
    pattern = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M"
    return datetime.strptime(text, pattern).replace(tzinfo=IST)


def test_every_rule_names_its_section() -> None:
    assert set(RULES) == {
        "production_24h", "efir_signature", "preliminary_enquiry", "final_report_sexual",
        "final_report_custody_90", "final_report_custody_60", "progress_to_informant", "police_custody_cap",
        "victim_medical_report", "search_record_to_magistrate",
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
        # default bail clocks: IST days from the date of the first remand, that day included (Kapil
        # Wadhawan): 1 Aug is day 1, 29 Sep day 60, 29 Oct day 90; due by the end of the last day
        (
            "final_report_custody_90",
            "2026-08-01 12:00",
            None,
            "2026-10-15 12:00",
            Level.OK,
            "2026-10-29 23:59:59.999999",
        ),
        (
            "final_report_custody_90",
            "2026-08-01 12:00",
            None,
            "2026-10-25 12:00",
            Level.WARNING,
            "2026-10-29 23:59:59.999999",
        ),
        (
            "final_report_custody_60",
            "2026-08-01 12:00",
            None,
            "2026-09-30 00:00",
            Level.OVERDUE,
            "2026-09-29 23:59:59.999999",
        ),
        (
            "final_report_custody_60",
            "2026-08-01 12:00",
            "2026-09-29 10:00",
            "2026-11-01 12:00",
            Level.DONE,
            "2026-09-29 23:59:59.999999",
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


@pytest.mark.parametrize(("rule", "days"), [("final_report_custody_60", 60), ("final_report_custody_90", 90)])
@pytest.mark.parametrize("remanded_at", ["2026-08-01 00:05", "2026-08-01 23:55"])
def test_default_bail_counts_the_remand_day_as_day_1(rule: str, days: int, remanded_at: str) -> None:
    """Kapil Wadhawan (SC 2023): a report filed at any time on day 60 is in time, on day 61 it is not,
    whatever the hour of the remand; the right accrues on day 61 (91)."""
    start = t(remanded_at)
    last_day = datetime(2026, 8, 1, tzinfo=IST) + timedelta(days=days - 1)
    on_last_day = evaluate(
        RULES[rule], start, last_day.replace(hour=23, minute=59), last_day + timedelta(days=5)
    )
    next_day = evaluate(RULES[rule], start, last_day + timedelta(days=1), last_day + timedelta(days=5))
    assert on_last_day.level == Level.DONE and next_day.level == Level.LATE
    assert on_last_day.accrues_on == (last_day + timedelta(days=1)).date()
    assert evaluate(RULES[rule], start, None, last_day.replace(hour=23, minute=59)).level == Level.WARNING
    assert evaluate(RULES[rule], start, None, last_day + timedelta(days=1)).level == Level.OVERDUE


def test_day_60_is_counted_on_the_ist_calendar() -> None:
    """A remand at 00:30 IST on 1 August (19:00 UTC on 31 July) still makes 1 August day 1."""
    start = datetime(2026, 7, 31, 19, 0, tzinfo=UTC)
    state = evaluate(RULES["final_report_custody_60"], start, None, start)
    assert state.accrues_on == date(2026, 9, 30)
    assert state.due_at == t("2026-09-29 23:59:59.999999")


def test_other_clocks_have_no_accrual_day() -> None:
    assert (
        evaluate(RULES["production_24h"], t("2026-11-02 10:00"), None, t("2026-11-02 11:00")).accrues_on
        is None
    )


@pytest.mark.parametrize(
    ("rule", "start", "now", "level"),
    [
        ("victim_medical_report", "2026-11-01 10:00", "2026-11-08 10:00", Level.WARNING),
        ("victim_medical_report", "2026-11-01 10:00", "2026-11-08 10:01", Level.OVERDUE),
        ("search_record_to_magistrate", "2026-11-01 10:00", "2026-11-03 10:00", Level.WARNING),
        ("search_record_to_magistrate", "2026-11-01 10:00", "2026-11-03 10:01", Level.OVERDUE),
        ("search_record_to_magistrate", "2026-11-01 10:00", "2026-11-02 21:59", Level.OK),
    ],
)
def test_new_clocks_at_their_due_time(rule: str, start: str, now: str, level: Level) -> None:
    assert evaluate(RULES[rule], t(start), None, t(now)).level == level


def test_the_desk_shows_the_day_default_bail_accrues() -> None:
    from station_app.core.services.deadlines import DeadlineItem
    from station_app.ui.deadline_text import due_text

    state = evaluate(RULES["final_report_custody_60"], t("2026-08-01 12:00"), None, t("2026-08-02 12:00"))
    item = DeadlineItem(state, "FIR 0001/2026 · A1", "fir", "arrest", "a")
    assert due_text(item) == "by 29-09-2026 (day 60); default bail from 30-09-2026 (day 61)"
