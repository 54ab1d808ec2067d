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

from networking_tui.domain import clock
from networking_tui.domain.capture import (
    MAX_CHOICES,
    AmbiguousName,
    CaptureError,
    LogLine,
    QuickAdd,
    describe,
    parse_log_line,
    parse_quick_add,
)
from networking_tui.domain.model import Card
from networking_tui.domain.rules import a_touch

T = TypeVar("T")

QUICK_ADD_HELP = (
    "name first, then: @handle · li:linkedin-url · email · #tag · !1-!3 · >stage · "
    "met at <place> · fu <date> · ; note   (fu needs a date; a surname is written Fu)"
)
LOG_HELP = (
    "who: kind, note ; fu <date>   e.g.  Ada: call, she will introduce me ; fu in 3 days\n"
    "kinds: call, meeting, message (dm), email, comment, like, follow, reshare, event, "
    "introduction, invitation (invite), letter (gift), ask, thank-you (thanks)"
)


class LineScreen(ModalScreen[T | None], Generic[T]):
    """A single line, parsed on every key; Enter takes it only when it parses."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    HELP_TEXT = ""
    PLACEHOLDER = ""

    def __init__(self, text: str = "") -> None:
        super().__init__(classes="modal")
        self.typed = text  # the line as typed, to come back to it (Escape on a question)

    def parse(self, text: str) -> T:
        raise NotImplementedError

    def explain(self, value: T) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog capture"):
            yield Static(self.TITLE_TEXT, classes="dialog-title", markup=False)
            yield Input(self.typed, placeholder=self.PLACEHOLDER, id="line")
            yield Static("", id="preview", classes="field-hint", markup=False)
            yield Static(self.HELP_TEXT, classes="dim", markup=False)
            yield Static("Enter saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()
        if self.typed:
            self._read()

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
        self.typed = self.query_one("#line", Input).value
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuickAddScreen(LineScreen[QuickAdd]):
    TITLE_TEXT = "Quick add"
    HELP_TEXT = QUICK_ADD_HELP
    PLACEHOLDER = "Ada Lovelace @ada #pycon met at PyCon fu tomorrow ; talked about compilers"

    def __init__(self, matches: Callable[[QuickAdd], list[str]], text: str = "") -> None:
        super().__init__(text)
        self._matches = matches  # contacts this could already be, as labels

    def parse(self, text: str) -> QuickAdd:
        return parse_quick_add(text, clock.today())

    def explain(self, value: QuickAdd) -> str:
        names = self._matches(value)
        if names:
            return f"{describe(value)}\n⚠ may already be here: {', '.join(names[:3])}"
        return describe(value)


class LogLineScreen(LineScreen[LogLine]):
    """Enter takes a line whose name means one contact, or a few (the app then asks
    which one); more than MAX_CHOICES asks to type more of the name."""

    TITLE_TEXT = "Log a touch in one line"
    HELP_TEXT = LOG_HELP
    PLACEHOLDER = "Ada: call, she will introduce me to Grace ; fu in 3 days"

    def __init__(self, candidates: Callable[[str], list[Card]], text: str = "") -> None:
        super().__init__(text)
        self._candidates = candidates  # who a name may be, or raises CaptureError
        self._found: list[Card] = []

    def parse(self, text: str) -> LogLine:
        entry = parse_log_line(text, clock.today())
        found = self._candidates(entry.who)
        if len(found) > MAX_CHOICES:
            raise AmbiguousName(entry.who, found)
        self._found = found
        return entry

    def explain(self, value: LogLine) -> str:
        if len(self._found) > 1:
            names = ", ".join(c.name for c in self._found[:8])
            more = f" and {len(self._found) - 8} more" if len(self._found) > 8 else ""
            return f"{value.who!r} could be {names}{more}: Enter lists them to pick one"
        due = f" · next touch {value.follow_up_date}" if value.follow_up_date else ""
        note = value.note or "(no note)"
        return f"{a_touch(value.kind)} with {self._found[0].name}: {note}{due}"
