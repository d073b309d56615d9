"""Small pieces shared by the case pages (arrests, case diary, seizures): a read-only table, dialogs opened without blocking, and a frozen memo as readable HTML."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QTableView, QWidget

from forms.schema import FieldDef, FormDef, parse_date, parse_datetime
from station_app.core.localtime import format_ist
from station_app.ui.widgets import action_button, named

__all__ = ["action_button", "memo_html", "open_dialog", "record_table", "selected_row"]


def record_table(model: QAbstractItemModel, name: str, accessible: str) -> QTableView:
    table = named(QTableView(), name, accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def open_dialog(dialog: QDialog, focus_after: QWidget | None = None) -> QDialog:
    """open(), never exec(): the desk may lock while a dialog is up and must keep running.
    ``focus_after`` gets the keyboard back when the dialog closes (the list the officer came from)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if focus_after is not None:
        dialog.finished.connect(lambda _r: focus_after.setFocus())
    dialog.open()
    return dialog


def when(value: Any) -> str:
    """A stored ISO date or time as officers read it (IST)."""
    try:
        moment = parse_datetime(value)
    except (ValueError, TypeError):
        moment = None
    if isinstance(moment, datetime):
        return format_ist(moment)
    try:
        day = parse_date(value)
    except (ValueError, TypeError):
        return str(value)
    return f"{day:%d-%m-%Y}" if day is not None else ""


def value_html(field: FieldDef, value: Any, shown: str | None = None) -> str:
    """One stored value as text; ``shown`` replaces a reference (a person's name, a GD entry's number)."""
    if shown is not None:
        return html.escape(shown)
    if field.type == "bool":
        return "Yes / हाँ" if value else "No / नहीं"
    if field.type in ("date", "datetime"):
        return html.escape(when(value))
    if field.type == "choice":
        english, hindi = field.choice_label(str(value))
        return html.escape(english if english == hindi else f"{english} / {hindi}")
    if field.type == "sections" and isinstance(value, list):
        return html.escape(", ".join(f"{r.get('act', '')} {r.get('section', '')}" for r in value))
    if field.type == "person":
        return "(a person of the register)"
    if field.type == "gd_ref":
        return "(an entry of the General Diary)"
    if field.type == "table" and isinstance(value, list):
        head = "".join(f"<th align='left'>{html.escape(c.label_en)}</th>" for c in field.columns)
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{value_html(c, r.get(c.name, ''), None) if r.get(c.name) else ''}</td>"
                for c in field.columns
            )
            + "</tr>"
            for r in value
            if isinstance(r, dict)
        )
        return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{rows}</table>"
    return html.escape(str(value)).replace("\n", "<br>")


def memo_html(form: FormDef, values: dict[str, Any], heading: str, shown: dict[str, str]) -> str:
    """A frozen memo or diary entry, read-only, in paper order with bilingual labels."""
    parts = [f"<h3>{html.escape(heading)}</h3>"]
    for group in form.groups:
        rows = []
        for field in form.fields_in(group.key):
            value = values.get(field.name)
            if value in (None, "", []) and field.type != "bool":
                continue
            label = f"{html.escape(field.label_en)}<br><span style='color:#5f6368'>{html.escape(field.label_hi)}</span>"
            rows.append(
                f"<tr><td valign='top' width='34%'>{label}</td>"
                f"<td valign='top'>{value_html(field, value, shown.get(field.name))}</td></tr>"
            )
        if rows:
            item = f"{group.item}. " if group.item else ""
            parts.append(f"<h4>{item}{html.escape(group.label_en)} / {html.escape(group.label_hi)}</h4>")
            parts.append(f"<table cellpadding='3' width='100%'>{''.join(rows)}</table>")
    return "".join(parts)
