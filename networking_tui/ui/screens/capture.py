"""One-line capture: quick-add (a) and one-line logging (L), with a live preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from networking_tui.domain import clock
from networking_tui.domain.capture import (
    MAX_CHOICES,
    AmbiguousName,
    CaptureError,
    LogLine,
    QuickAdd,
    parse_log_line,
    parse_quick_add,
    too_early_to_ask,
)
from networking_tui.domain.dates import readable
from networking_tui.domain.model import Card
from networking_tui.domain.rules import a_touch
from networking_tui.ui.screens.form import FormScreen

T = TypeVar("T")

QUICK_ADD_HELP = (
    "name first, then: @handle · li:linkedin-url · email · https://site · +33 phone · "
    "#tag · !1-!3 · >stage · met at <place> · fu <date> · ; note (; call, … logs a call)"
)
LOG_HELP = (
    "who: kind, note ; fu <date>   e.g.  Ada: call, she will introduce me ; fu in 3 days\n"
    "kinds: call, meeting, message (dm), email, comment, like, follow, reshare, event, "
    "introduction, invitation (invite), letter (gift), ask, thank-you (thanks)"
)


class LineInput(Input):
    """The line: a paste of several lines is handed to the screen whole, where the
    plain Input would keep its first line and drop the rest without a word."""

    class PastedLines(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()  # not Input's own paste: it keeps the first line only
            event.stop()
            self.post_message(self.PastedLines(lines))


class LineScreen(FormScreen[T | None], Generic[T]):
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
            yield LineInput(
                self.typed, placeholder=self.PLACEHOLDER, id="line", select_on_focus=False
            )
            yield Static("", id="preview", classes="field-hint", markup=False)
            yield Static(self.HELP_TEXT, classes="dim", markup=False)
            yield Static("Enter saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()
        if self.typed:
            self._read()

    def start_line(self, text: str = "") -> None:
        """Before being shown again (kept.py): the line as a new dialog would hold
        it, `text` or empty, with its preview."""
        self.reset()
        self.typed = text
        if not self.is_mounted:
            return  # composed with it
        line = self.query_one("#line", Input)
        line.value = text
        line.cursor_position = len(text)
        preview = self.query_one("#preview", Static)
        preview.update("")
        preview.set_class(False, "-error")
        if text:
            self._read()

    def prepare(self) -> None:
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

    @property
    def has_changes(self) -> bool:
        """A line typed (or brought back after a question) is what Escape would lose."""
        return any(line.value.strip() for line in self.query("#line").results(Input))

    @on(Input.Changed, "#line")
    def _changed(self) -> None:
        self._read()

    @on(LineInput.PastedLines)
    def _pasted_lines(self, event: LineInput.PastedLines) -> None:
        """Several lines pasted into one: by default joined into the line (a note
        is one line anyway); quick-add makes one person of each."""
        self.query_one("#line", Input).insert_text_at_cursor(" ".join(event.lines))

    @on(Input.Submitted, "#line")
    def _submitted(self) -> None:
        value = self._read()
        if value is None:
            if not self.query_one("#line", Input).value.strip():  # say why, not a bell alone
                example = f", e.g. {self.PLACEHOLDER}" if self.PLACEHOLDER else ""
                preview = self.query_one("#preview", Static)
                preview.update(f"⚠ Nothing typed yet: type a line{example} (Escape closes)")
                preview.set_class(True, "-error")
            self.app.bell()
            return
        self.typed = self._typed_line()
        self.dismiss(value)

    def _typed_line(self) -> str:
        """The line taken, as typed (to come back to it after a question)."""
        return self.query_one("#line", Input).value


Batch = tuple[QuickAdd, ...]  # several lines pasted at once, added as one step


class QuickAddScreen(LineScreen[QuickAdd | Batch]):
    """One person; or, after a paste of several lines, one person per line, each
    previewed, all added with one Enter (and undone with one Ctrl+Z)."""

    TITLE_TEXT = "Quick add"
    HELP_TEXT = QUICK_ADD_HELP
    PLACEHOLDER = "Ada Lovelace @ada #pycon met at PyCon fu tomorrow ; talked about compilers"
    BINDINGS = [Binding("ctrl+n", "next_line", "Next line", show=False)]

    def __init__(self, preview: Callable[[QuickAdd], str], text: str = "") -> None:
        self._preview = preview  # what the line would do, and who it could already be
        # After a paste of several lines: all of them, and which one is in the field
        # (what the field holds is that line now).
        self._lines: list[str] = []
        self._at = 0
        super().__init__(text)

    def load(self, preview: Callable[[QuickAdd], str], text: str = "") -> None:
        """Shown again (kept.py), as a new dialog would be."""
        self._preview = preview
        self._lines, self._at = [], 0
        self.start_line(text)

    def parse(self, text: str) -> QuickAdd:
        return parse_quick_add(text, clock.today())

    def explain(self, value: QuickAdd | Batch) -> str:
        assert isinstance(value, QuickAdd)  # a batch is explained line by line
        return self._preview(value)

    @property
    def has_changes(self) -> bool:
        return len(self._lines) > 1 or super().has_changes

    @on(LineInput.PastedLines)
    def _pasted_lines(self, event: LineInput.PastedLines) -> None:
        event.prevent_default()  # not joined into one line: one person per line
        line = self.query_one("#line", Input)
        line.insert_text_at_cursor(event.lines[0])
        if not self._lines:
            self._lines, self._at = [line.value], 0
        self._lines += event.lines[1:]
        self._read()

    def action_next_line(self) -> None:
        """Ctrl+N: the next pasted line into the field, to fix it (or empty it to
        leave it out); the one there is kept as it now reads."""
        if len(self._lines) < 2:
            return
        line = self.query_one("#line", Input)
        self._lines[self._at] = line.value
        self._at = (self._at + 1) % len(self._lines)
        line.value = self._lines[self._at]
        line.cursor_position = len(line.value)

    def _read(self) -> QuickAdd | Batch | None:
        if len(self._lines) < 2:
            return super()._read()
        lines = list(self._lines)
        lines[self._at] = self.query_one("#line", Input).value
        said, entries, wrong = [], [], 0
        for line in lines:
            if not line.strip():
                said.append("(empty: left out)")
                continue
            try:
                entry = self.parse(line)
                early = too_early_to_ask(entry, clock.now())
                if early:
                    raise CaptureError(f"too early for Ask ({early[0]}): add them on their own")
            except CaptureError as error:
                said.append(f"⚠ {error}")
                wrong += 1
                continue
            entries.append(entry)
            said.append(f"→ {self.explain(entry)}")
        ok = bool(entries) and not wrong
        # While one is to be fixed, ▸ marks the line in the field.
        shown = [
            f"{i + 1}.{' ▸' if i == self._at and not ok else ''} {text}"
            for i, text in enumerate(said)
        ]
        if ok and len(entries) == 1:
            shown.append("Enter adds the one line left; Escape drops it")
        elif ok:
            shown.append(
                f"Enter adds all {len(entries)} in one step (one Ctrl+Z undoes it); "
                "Escape drops them"
            )
        else:
            shown.append(
                f"Enter waits until no line is marked ⚠ (line {self._at + 1}, ▸, is in the "
                "field): Ctrl+N brings the next line into it to fix it, or empty it to leave "
                "it out"
            )
        preview = self.query_one("#preview", Static)
        preview.update("\n".join(shown))
        preview.set_class(not ok, "-error")
        if not ok:
            return None
        return entries[0] if len(entries) == 1 else tuple(entries)

    def _typed_line(self) -> str:
        lines = list(self._lines)
        if len(lines) < 2:
            return super()._typed_line()
        lines[self._at] = self.query_one("#line", Input).value
        left = [line for line in lines if line.strip()]
        return left[0] if len(left) == 1 else super()._typed_line()


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
        due = f" · next touch {readable(value.follow_up_date)}" if value.follow_up_date else ""
        note = value.note or "(no note)"
        return f"{a_touch(value.kind)} with {self._found[0].name}: {note}{due}"
