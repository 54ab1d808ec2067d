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


class LogScreen(FormScreen[Touch | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Log it"),
    ]

    def __init__(
        self, name: str, stage: str, kind: str | None = None, *, editing: Touch | None = None
    ) -> None:
        super().__init__(classes="modal")
        self._person = name
        self._kind = editing.kind if editing else kind or "message"
        self._editing = editing  # a logged touch being corrected

    def compose(self) -> ComposeResult:
        editing = self._editing
        title = f"{'Edit a touch' if editing else 'Log a touch'} with {self._person}"
        with Vertical(classes="dialog form"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Label("Kind", markup=False)
            yield Select(
                [(TOUCH_LABELS.get(k, k), k) for k in TOUCH_KINDS],
                value=self._kind,
                allow_blank=False,
                id="kind",
            )
            yield Label("When (now, yesterday, 3 dec…)", markup=False)
            yield Input(
                editing.at.format("YYYY-MM-DD") if editing else "", placeholder="now", id="when"
            )
            yield Static("", id="when-hint", classes="field-hint", markup=False)
            yield Label("Note", markup=False)
            yield Input(
                editing.note if editing else "", placeholder="what happened, in a line", id="note"
            )
            verb = "saves it" if editing else "logs it"
            yield Static(f"Enter or Ctrl+S {verb} · Escape cancels", classes="dim", markup=False)
            yield Button("Save" if editing else "Log it", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

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
        try:
            moment = parse_moment(when.value, clock.now())
        except ValueError as error:
            hint.update(str(error))
            hint.set_class(True, "-error")
            when.set_class(True, "-invalid")
            return None
        hint.update(moment.format("ddd D MMM YYYY, HH:mm"))
        hint.set_class(False, "-error")
        when.set_class(False, "-invalid")
        return moment

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        moment = self._moment()
        if moment is None:
            self.query_one("#when", Input).focus()
            return
        kind = str(self.query_one("#kind", Select).value)
        self.dismiss(Touch(kind, moment, self.query_one("#note", Input).value.strip()))
