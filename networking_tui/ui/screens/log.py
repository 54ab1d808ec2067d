"""Log a touch: what kind, when (the date grammar; default now), and a note."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Select, Static

from networking_tui.domain import clock
from networking_tui.domain.dates import parse_moment
from networking_tui.domain.model import TOUCH_KINDS, TOUCH_LABELS
from networking_tui.ui.screens.form import FormScreen


@dataclass(frozen=True)
class Touch:
    kind: str
    at: pendulum.DateTime
    note: str


@dataclass(frozen=True)
class Draft:
    """The date and the note as typed, to open the form with them again."""

    when: str
    note: str


class LogScreen(FormScreen[Touch | None]):
    AUTO_FOCUS = "#note"  # at once: focusing the dialog first restyles all of it
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Log it"),
        Binding("ctrl+s", "save_edit", "Save"),  # the footer's word when correcting one
    ]

    def __init__(
        self,
        name: str,
        stage: str,
        kind: str | None = None,
        *,
        editing: Touch | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(classes="modal")
        self._target(name, kind, editing, draft)
        self.typed = Draft("", "")  # the date and note as typed, once logged

    def _target(
        self, name: str, kind: str | None, editing: Touch | None, draft: Draft | None
    ) -> None:
        self._person = name
        self._kind = editing.kind if editing else kind or "message"
        self._editing = editing  # a logged touch being corrected
        self._draft = draft  # the fields as typed before a question sent them back

    def load(
        self,
        name: str,
        stage: str,
        kind: str | None = None,
        *,
        editing: Touch | None = None,
        draft: Draft | None = None,
    ) -> None:
        """Log (or correct) another touch in this form, as a new form would."""
        self.reset()
        self._target(name, kind, editing, draft)
        if not self.is_mounted:
            return  # composed with them
        self.query_one(".dialog-title", Static).update(self._title())
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#kind", Select).value = self._kind
            for field, value in (("#when", self._when()), ("#note", self._note())):
                box = self.query_one(field, Input)
                box.value = value
                box.cursor_position = len(value)
            self.query_one("#when", Input).set_class(False, "-invalid")
        hint = self.query_one("#when-hint", Static)
        hint.update("")
        hint.set_class(False, "-error")
        self.query_one("#log-keys", Static).update(self._keys())
        button = self.query_one("#save", Button)
        if str(button.label) != self._button():
            button.label = self._button()
            button.refresh(layout=True)  # "Log it" is wider than "Save"

    def _title(self) -> str:
        return f"{'Edit a touch' if self._editing else 'Log a touch'} with {self._person}"

    def _when(self) -> str:
        if self._editing:
            return self._editing.at.format("YYYY-MM-DD")
        return self._draft.when if self._draft else ""

    def _note(self) -> str:
        if self._editing:
            return self._editing.note
        return self._draft.note if self._draft else ""

    def _keys(self) -> str:
        verb = "saves it" if self._editing else "logs it"
        return f"Enter or Ctrl+S {verb} · Escape cancels"

    def _button(self) -> str:
        return "Save" if self._editing else "Log it"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self._title(), classes="dialog-title", markup=False)
            yield Label("Kind", markup=False)
            yield Select(
                [(TOUCH_LABELS.get(k, k), k) for k in TOUCH_KINDS],
                value=self._kind,
                allow_blank=False,
                id="kind",
            )
            yield Label("When (now, yesterday, 2w ago, 3 dec…)", markup=False)
            yield Input(self._when(), placeholder="now", id="when", select_on_focus=False)
            yield Static("", id="when-hint", classes="field-hint", markup=False)
            yield Label("Note", markup=False)
            yield Input(
                self._note(),
                placeholder="what happened, in a line",
                id="note",
                select_on_focus=False,
            )
            yield Static(self._keys(), id="log-keys", classes="dim", markup=False)
            yield Button(self._button(), id="save", variant="primary")

    def prepare(self) -> None:
        self.query_one("#note", Input).focus()
        if self.query_one("#when", Input).value.strip():
            self._moment()  # back to the form, or a touch edited: the day it reads as

    @on(Input.Changed, "#when")
    def _preview(self) -> None:
        self._moment()

    def _moment(self) -> pendulum.DateTime | None:
        hint = self.query_one("#when-hint", Static)
        when = self.query_one("#when", Input)
        editing = self._editing
        if editing is not None and when.value.strip() == editing.at.format("YYYY-MM-DD"):
            hint.update(editing.at.format("ddd D MMM YYYY, HH:mm"))  # its own time of day
            return editing.at
        now = clock.now()
        try:
            moment = parse_moment(when.value, now)
        except ValueError as error:
            hint.update(str(error))
            hint.set_class(True, "-error")
            when.set_class(True, "-invalid")
            return None
        if editing is not None and when.value.strip().lower() not in ("", "now"):
            # Moved to another day, it keeps its time of day (never later than now).
            was = editing.at.in_timezone(moment.timezone or "UTC")
            moment = min(moment.replace(hour=was.hour, minute=was.minute, second=was.second), now)
        hint.update(moment.format("ddd D MMM YYYY, HH:mm"))
        hint.set_class(False, "-error")
        when.set_class(False, "-invalid")
        return moment

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "save_edit"):
            return (action == "save_edit") == bool(self._editing)
        return True

    def action_save_edit(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        moment = self._moment()
        if moment is None:
            self.query_one("#when", Input).focus()
            return
        kind = str(self.query_one("#kind", Select).value)
        note = self.query_one("#note", Input).value
        self.typed = Draft(self.query_one("#when", Input).value, note)
        self.dismiss(Touch(kind, moment, note.strip()))
