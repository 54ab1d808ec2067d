"""One-line capture: quick-add (a) and one-line logging (L), with a live preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from .. import clock
from ..capture import CaptureError, LogLine, QuickAdd, describe, parse_log_line, parse_quick_add
from ..rules import a_touch

T = TypeVar("T")

QUICK_ADD_HELP = (
    "name first, then: @handle · li:linkedin-url · email · #tag · !1-!3 · >stage · "
    "met at <place> · fu <date> · ; note"
)
LOG_HELP = "who: kind, note ; fu <date>   e.g.  Ada: call, she will introduce me ; fu in 3 days"


class LineScreen(ModalScreen[T | None], Generic[T]):
    """A single line, parsed on every key; Enter takes it only when it parses."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    HELP_TEXT = ""
    PLACEHOLDER = ""

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def parse(self, text: str) -> T:
        raise NotImplementedError

    def explain(self, value: T) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog capture"):
            yield Static(self.TITLE_TEXT, classes="dialog-title", markup=False)
            yield Input(placeholder=self.PLACEHOLDER, id="line")
            yield Static("", id="preview", classes="field-hint", markup=False)
            yield Static(self.HELP_TEXT, classes="dim", markup=False)
            yield Static("Enter saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    def _read(self) -> T | None:
        text = self.query_one("#line", Input).value
        preview = self.query_one("#preview", Static)
        if not text.strip():
            preview.update("")
            return None
        try:
            value = self.parse(text)
        except CaptureError as error:
            preview.update(f"⚠ {error}")
            preview.set_class(True, "-error")
            return None
        preview.update(f"→ {self.explain(value)}")
        preview.set_class(False, "-error")
        return value

    @on(Input.Changed, "#line")
    def _changed(self) -> None:
        self._read()

    @on(Input.Submitted, "#line")
    def _submitted(self) -> None:
        value = self._read()
        if value is None:
            self.app.bell()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuickAddScreen(LineScreen[QuickAdd]):
    TITLE_TEXT = "Quick add"
    HELP_TEXT = QUICK_ADD_HELP
    PLACEHOLDER = "Ada Lovelace @ada #pycon met at PyCon fu tomorrow ; talked about compilers"

    def __init__(self, matches: Callable[[QuickAdd], list[str]]) -> None:
        super().__init__()
        self._matches = matches  # names of contacts this could already be

    def parse(self, text: str) -> QuickAdd:
        return parse_quick_add(text, clock.today())

    def explain(self, value: QuickAdd) -> str:
        names = self._matches(value)
        if names:
            return f"{describe(value)}\n⚠ may already be here: {', '.join(names[:3])}"
        return describe(value)


class LogLineScreen(LineScreen[LogLine]):
    TITLE_TEXT = "Log a touch in one line"
    HELP_TEXT = LOG_HELP
    PLACEHOLDER = "Ada: call, she will introduce me to Grace ; fu in 3 days"

    def __init__(self, who_is: Callable[[str], str]) -> None:
        super().__init__()
        self._who_is = who_is  # the matched contact's name, or raises CaptureError

    def parse(self, text: str) -> LogLine:
        entry = parse_log_line(text, clock.today())
        self._who_is(entry.who)
        return entry

    def explain(self, value: LogLine) -> str:
        due = f" · next touch {value.follow_up_date}" if value.follow_up_date else ""
        note = value.note or "(no note)"
        return f"{a_touch(value.kind)} with {self._who_is(value.who)}: {note}{due}"
