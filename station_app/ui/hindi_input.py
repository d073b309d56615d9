"""Hindi typing in line and text edits: Latin letters become Devanagari as they are typed.

One ``HindiTyping`` per screen. ``attach`` the fields that may hold Hindi (names, addresses, facts);
F9 turns Hindi typing on or off for all of them, Shift+F9 for the field with the focus only. A field
in Hindi mode has a light saffron background, and the toggle button says which mode is on, so the
state is never a guess. (F9 rather than Ctrl+Space: Ctrl+Space switches input methods on Windows and
in IBus, and officers who have a Hindi keyboard installed must keep it.)

While a word is being typed its Latin letters are kept (``core.names.typing.Composer``) and the word
is shown again in Devanagari after every letter, so Backspace takes back one typed letter. Its best
three spellings (the name lexicon's, then the spelling rules') are listed in a small popup under the
field, as in the common Indian input tools: Down/Up choose one (it shows in the field at once), Space
or a punctuation mark accepts it and goes on, Enter accepts it without leaving the field, Escape
closes the list. The popup never takes the focus: typing simply goes on. A click, Left/Right or
leaving the field ends the word as shown. Keys with Ctrl or Alt pass through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from station_app.core.names.typing import PUNCTUATION, Composer, is_word_char

TOGGLE_SHORTCUT = "F9"
FIELD_SHORTCUT = "Shift+F9"
ON_TEXT = "हिन्दी typing: ON (F9)"
OFF_TEXT = "Hindi typing: off (F9)"
STYLE = 'QLineEdit[hindi="true"], QPlainTextEdit[hindi="true"] { background: #fff3e0; }'
Edit = QLineEdit | QPlainTextEdit
_PASS_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


_CHOOSE_KEYS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CandidatePopup(QFrame):
    """The list of spellings under the field: shown without taking the focus, keys stay with the field."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("hindiCandidates")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet(
            "#hindiCandidates { background: white; border: 1px solid #b0b0b0; }"
            " QLabel { padding: 2px 8px; font-size: 13pt; }"
            ' QLabel[chosen="true"] { background: #ffe0b2; }'
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self.labels: list[QLabel] = []
        self.hint = QLabel("↓↑ choose · Space/Enter accept · Esc close")
        self.hint.setStyleSheet("color: #707070; font-size: 8pt;")
        layout.addWidget(self.hint)

    def candidates(self) -> list[str]:
        return [label.text().split(" ", 1)[1] for label in self.labels if label.isVisible()]

    def chosen(self) -> int:
        return next((i for i, label in enumerate(self.labels) if label.property("chosen")), -1)

    def show_for(self, edit: Edit, candidates: list[str], chosen: int) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        while len(self.labels) < len(candidates):
            label = QLabel(self)
            self.labels.append(label)
            layout.insertWidget(len(self.labels) - 1, label)
        for index, label in enumerate(self.labels):
            if index < len(candidates):
                label.setText(f"{index + 1} {candidates[index]}")
                label.setProperty("chosen", index == chosen)
                label.style().unpolish(label)
                label.style().polish(label)
                label.show()
            else:
                label.hide()
        self.adjustSize()
        self.move(edit.mapToGlobal(QPoint(0, edit.height())))
        self.show()


@dataclass
class _Word:
    """The word being typed in one field: where it starts and what it shows."""

    edit: Edit
    start: int
    composer: Composer = field(default_factory=Composer)
    shown: str = ""


def _cursor_position(edit: Edit) -> int:
    return edit.cursorPosition() if isinstance(edit, QLineEdit) else edit.textCursor().position()


def _has_selection(edit: Edit) -> bool:
    return edit.hasSelectedText() if isinstance(edit, QLineEdit) else edit.textCursor().hasSelection()


def _text_at(edit: Edit, start: int, length: int) -> str:
    text = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
    return text[start : start + length]


def _replace(edit: Edit, start: int, length: int, new: str) -> None:
    """Put ``new`` where ``length`` characters from ``start`` were, as typing would (undo, signals)."""
    if isinstance(edit, QLineEdit):
        edit.setSelection(start, length)
        edit.insert(new)
        return
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(new)
    edit.setTextCursor(cursor)


class HindiTyping(QObject):
    toggled = Signal(bool)  # the global mode

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.enabled = False
        self._edits: list[Edit] = []
        self._overrides: dict[Edit, bool] = {}
        self._word: _Word | None = None
        self.popup = CandidatePopup(parent)
        self.action = QAction(OFF_TEXT, parent)
        self.action.setObjectName("hindiTypingAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(TOGGLE_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.setToolTip("Type Hindi with English letters: raam → राम, sunita devi → सुनीता देवी (F9)")
        self.action.toggled.connect(self.set_enabled)
        self.field_action = QAction("Hindi typing in this field only", parent)
        self.field_action.setObjectName("hindiFieldAction")
        self.field_action.setShortcut(QKeySequence(FIELD_SHORTCUT))
        self.field_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.field_action.triggered.connect(self.toggle_focused_field)
        parent.addAction(self.action)
        parent.addAction(self.field_action)

    # --- which fields, and whether each is in Hindi mode ----------------------------------------

    def attach(self, edit: Edit) -> None:
        self._edits.append(edit)
        edit.installEventFilter(self)
        edit.destroyed.connect(lambda _o=None, e=edit: self._forget(e))
        self._show_state(edit)

    def _forget(self, edit: Edit) -> None:
        self._edits = [e for e in self._edits if e is not edit]
        self._overrides.pop(edit, None)
        if self._word is not None and self._word.edit is edit:
            self.commit()

    def is_on(self, edit: Edit) -> bool:
        return self._overrides.get(edit, self.enabled)

    def set_enabled(self, on: bool) -> None:
        """All attached fields on or off (a per-field choice made with Shift+F9 is dropped)."""
        self.commit()
        self.enabled = on
        self._overrides.clear()
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        self.action.setText(ON_TEXT if on else OFF_TEXT)
        for edit in self._edits:
            self._show_state(edit)
        self.toggled.emit(on)

    def set_field(self, edit: Edit, on: bool) -> None:
        self.commit()
        self._overrides[edit] = on
        self._show_state(edit)

    def toggle_focused_field(self) -> None:
        focused = next((e for e in self._edits if e.hasFocus()), None)
        if focused is not None:
            self.set_field(focused, not self.is_on(focused))

    def _show_state(self, edit: Edit) -> None:
        on = self.is_on(edit)
        if bool(edit.property("hindi")) == on:
            return
        edit.setProperty("hindi", on)
        edit.style().unpolish(edit)
        edit.style().polish(edit)
        described = edit.accessibleDescription().removesuffix(" (Hindi typing on)")
        edit.setAccessibleDescription(described + (" (Hindi typing on)" if on else ""))

    # --- typing -----------------------------------------------------------------------------------

    def commit(self) -> None:
        """End the word being typed; what it shows stays."""
        self._word = None
        self.popup.hide()

    def _current(self, edit: Edit) -> _Word | None:
        """The word being typed in ``edit``, if the cursor is still at its end and it was not changed."""
        word = self._word
        if word is None or word.edit is not edit:
            return None
        end = word.start + len(word.shown)
        if (
            _has_selection(edit)
            or _cursor_position(edit) != end
            or _text_at(edit, word.start, len(word.shown)) != word.shown
        ):
            self.commit()
            return None
        return word

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QLineEdit | QPlainTextEdit) or watched not in self._edits:
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind in (QEvent.Type.FocusOut, QEvent.Type.MouseButtonPress):
            self.commit()
        elif kind == QEvent.Type.KeyPress and self.is_on(watched) and not watched.isReadOnly():
            assert isinstance(event, QKeyEvent)
            return self._key(watched, event)
        return super().eventFilter(watched, event)

    def _key(self, edit: Edit, event: QKeyEvent) -> bool:
        if event.modifiers() & _PASS_MODIFIERS:
            self.commit()
            return False
        text = event.text()
        word = self._current(edit)
        if word is not None and event.key() in _CHOOSE_KEYS:
            self._show(word, word.composer.choose(_CHOOSE_KEYS[Qt.Key(event.key())]))
            return True
        if word is not None and event.key() in (*_ACCEPT_KEYS, Qt.Key.Key_Escape):
            self.commit()  # the chosen spelling stays; Enter does not also submit the form
            return True
        if event.key() == Qt.Key.Key_Backspace and word is not None:
            self._show(word, word.composer.backspace())
            if not word.composer.active:
                self.commit()
            return True
        if len(text) == 1 and text.isascii() and is_word_char(text):
            if word is None:
                if _has_selection(edit):
                    _replace(edit, *self._selection(edit), "")
                word = self._word = _Word(edit, _cursor_position(edit))
            self._show(word, word.composer.add(text))
            return True
        self.commit()
        if text in PUNCTUATION:  # "|" is a danda
            _replace(edit, *self._selection(edit), PUNCTUATION[text])
            return True
        return False

    @staticmethod
    def _selection(edit: Edit) -> tuple[int, int]:
        if isinstance(edit, QLineEdit):
            if edit.hasSelectedText():
                return edit.selectionStart(), len(edit.selectedText())
            return edit.cursorPosition(), 0
        cursor = edit.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd() - cursor.selectionStart()

    def _show(self, word: _Word, new: str) -> None:
        _replace(word.edit, word.start, len(word.shown), new)
        word.shown = new
        found = word.composer.candidates
        if word.composer.active and found:
            self.popup.show_for(word.edit, found, word.composer.choice)
        else:
            self.popup.hide()
