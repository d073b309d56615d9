"""Printing: pure functions from records to PDF bytes (reportlab), with no Qt.

``fonts`` registers the shipped fonts and gives the paragraph styles, ``text`` turns user text into
safe paragraphs, ``document`` builds A4 documents from parts, ``recovery_sheet`` is the first
document built from them.
"""
