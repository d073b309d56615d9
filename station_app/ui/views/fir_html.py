"""A registered FIR as read-only HTML for the screen: every IIF-1 item, walked from the form definition.

The printed copy is the reportlab PDF (core.printing); this is the on-screen reading view, so it
shows the record as the officer may see it (the victim's identity of a sensitive case only for the
SHO and the investigating officer: FirService.as_seen).
"""

from __future__ import annotations

import html
from typing import Any

from forms.schema import FieldDef, FormDef, parse_date, parse_datetime
from station_app.core.fir_content import untimed
from station_app.core.localtime import format_ist
from station_app.core.services.fir_event_info import FirEventInfo
from station_app.core.services.fir_events import FINAL_REPORT_TYPES
from station_app.core.services.firs import FirRecord

EMPTY = '<span style="color:#9aa0a6">—</span>'


def _esc(text: object) -> str:
    return html.escape(str(text)).replace("\n", "<br>")


def _moment(value: Any, with_time: bool) -> str:
    try:
        if with_time:
            moment = parse_datetime(value)
            return format_ist(moment) if moment else ""
        day = parse_date(value)
        return f"{day:%d-%m-%Y}" if day else ""
    except ValueError:
        return str(value)


def _officer(card: Any) -> str:
    if not isinstance(card, dict):
        return ""
    number = f", No. {card.get('belt_number')}" if card.get("belt_number") else ""
    return f"{card.get('name', '')} ({card.get('rank', '')}{number})"


def _untimed(value: Any) -> str:
    """The date of a paper record that gave no time (stored at midnight): never shown as 00:00."""
    moment = parse_datetime(value)
    return f"{format_ist(moment)[:10]}, time not recorded / समय दर्ज नहीं" if moment else ""


def _scalar(field: FieldDef, value: Any) -> str:
    if value in (None, "") or value == []:
        return ""
    if field.type == "choice":
        english, hindi = field.choice_label(str(value))
        return f"{english} / {hindi}" if english != hindi else english
    if field.type == "bool":
        return "Yes / हाँ" if value else "No / नहीं"
    if field.type in ("date", "datetime"):
        return _moment(value, field.type == "datetime")
    if field.type == "money":
        return f"₹ {value}"
    return str(value)


def _table(field: FieldDef, rows: Any) -> str:
    if not isinstance(rows, list) or not rows:
        return EMPTY
    head = "".join(f"<th>{_esc(c.label_en)}<br>{_esc(c.label_hi)}</th>" for c in field.columns)
    body = []
    for n, row in enumerate(rows, start=1):
        cells = "".join(f"<td>{_esc(_scalar(c, row.get(c.name))) or EMPTY}</td>" for c in field.columns)
        body.append(f"<tr><td>{n}</td>{cells}</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="4" style="border-color:#dadce0">'
        f"<tr><th>#</th>{head}</tr>{''.join(body)}</table>"
    )


def _value_html(field: FieldDef, values: dict[str, Any], content: dict[str, Any]) -> str:
    value = values.get(field.name)
    if field.type == "sections":
        rows = content.get("sections") or []
        items = [
            f"{_esc(r['act'])} {_esc(r['section'])} — {_esc(r.get('title_en', ''))}"
            + (f" / {_esc(r['title_hi'])}" if r.get("title_hi") else "")
            for r in rows
        ]
        return "<br>".join(items) or EMPTY
    if field.type == "gd_ref":
        gd = content.get("gd_entry") or {}
        if not gd:
            return EMPTY
        return _esc(f"GD {int(gd['number']):04d}/{gd['year']} at {_moment(gd.get('entry_at'), True)}")
    if field.type == "officer":
        return _esc(_officer(content.get(field.name))) or EMPTY
    if field.type == "table":
        return _table(field, value)
    if field.type == "datetime" and field.name in untimed(content) and value:
        return _esc(_untimed(value))
    return _esc(_scalar(field, value)) or EMPTY


def fir_html(form: FormDef, record: FirRecord) -> str:
    content = record.content or {}
    values = content.get("values") or record.values
    station = content.get("station") or {}
    parts = [
        "<html><body style='font-size:10pt'>",
        f"<h2>{_esc(form.title_en)}<br>{_esc(form.title_hi)}</h2>",
        "<h3>1. District, P.S., Year, FIR No., Date and time / ज़िला, थाना, वर्ष, प्रथम सूचना सं., दिनांक एवं समय</h3>",
        "<table cellpadding='3'>",
    ]
    header = [
        ("District / ज़िला", station.get("district", "")),
        ("P.S. / थाना", f"{station.get('station_name', '')} / {station.get('station_name_hi', '')}"),
        ("Year / वर्ष", content.get("year", "")),
        ("FIR No. / प्र.सू.रि. सं.", record.summary.fir_no or ""),
        (
            "Date and time of FIR / दिनांक एवं समय",
            _untimed(content.get("registered_at"))
            if "registered_at" in untimed(content)
            else _moment(content.get("registered_at"), True),
        ),
        ("Registered by / पंजीकर्ता", _officer(content.get("registered_by"))),
    ]
    parts += [f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in header]
    parts.append("</table>")
    for group in form.groups:
        prefix = f"{group.item}. " if group.item else ""
        parts.append(
            f"<h3>{_esc(prefix + group.label_en)} / {_esc(group.label_hi)}</h3><table cellpadding='3'>"
        )
        for field in form.fields_in(group.key):
            label = f"{_esc(field.label_en)}<br><span style='color:#5f6368'>{_esc(field.label_hi)}</span>"
            parts.append(
                f"<tr><td width='260' valign='top'>{label}</td>"
                f"<td valign='top'>{_value_html(field, values, content)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def event_text(event: FirEventInfo) -> str:
    body = event.body
    when = format_ist(event.at)
    if event.kind == "alteration":
        added = ", ".join(f"{r['act']} {r['section']}" for r in body.get("added", []))
        removed = ", ".join(f"{r['act']} {r['section']}" for r in body.get("removed", []))
        changes = "; ".join(
            t for t in (f"added {added}" if added else "", f"removed {removed}" if removed else "") if t
        )
        return f"{when} · Alteration memo {event.seq}: {changes}. Reason: {body.get('reason', '')}"
    if event.kind == "court_dispatch":
        return f"{when} · Dispatched to court at {_moment(body.get('at'), True)}, carried by {body.get('carried_by', '')}"
    if event.kind == "transfer":
        to = ", ".join(
            x for x in (body.get("to_station"), body.get("to_district"), body.get("to_state")) if x
        )
        ref = f" (ref. {body['reference']})" if body.get("reference") else ""
        return f"{when} · Zero FIR transferred to {to}{ref}"
    if event.kind == "final_report":
        kind = FINAL_REPORT_TYPES.get(str(body.get("report_type")), str(body.get("report_type", "")))
        number = f" No. {body['number']}" if body.get("number") else ""
        return (f"{when} · Final report{number} ({kind}) filed in {body.get('court', '')} on "
                f"{_moment(body.get('at'), True)}")  # fmt: skip
    if event.kind == "progress_informed":
        return (f"{when} · {body.get('to', '')} told of the progress of investigation ({body.get('how', '')}) "
                f"on {_moment(body.get('at'), True)}")  # fmt: skip
    if event.kind == "victim_examined":
        return (f"{when} · {body.get('victim', '')} medically examined by {body.get('examined_by', '')} on "
                f"{_moment(body.get('at'), True)}; report due to the IO within 7 days (BNSS 184(6))")  # fmt: skip
    if event.kind == "medical_report_received":
        return f"{when} · Medical report of event {body.get('for_seq')} received on {_moment(body.get('at'), True)}"
    if event.kind == "search_made":
        return (f"{when} · Search of {body.get('place', '')} on {_moment(body.get('at'), True)} (BNSS 185); "
                "record due to the Magistrate within 48 hours")  # fmt: skip
    if event.kind == "search_record_sent":
        return (f"{when} · Record of search {body.get('for_seq')} sent to {body.get('magistrate', '')} on "
                f"{_moment(body.get('at'), True)}")  # fmt: skip
    return f"{when} · {event.kind.replace('_', ' ')}"
