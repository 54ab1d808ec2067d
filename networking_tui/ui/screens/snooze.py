"""Snooze a follow-up: a day, three, a week, two, or any date phrase."""

from __future__ import annotations

import pendulum
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from networking_tui.domain import clock
from networking_tui.domain.dates import parse_next_touch, readable
from networking_tui.ui.backdrop import Modal

CHOICES = [("1 day", 1), ("3 days", 3), ("1 week", 7), ("2 weeks", 14)]


class SnoozeScreen(Modal[pendulum.Date | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str) -> None:
        super().__init__(classes="modal")
        self._person = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Snooze {self._person} until…", classes="dialog-title", markup=False)
            yield OptionList(
                *(Option(label, id=str(days)) for label, days in CHOICES), markup=False
            )
            yield Input(
                placeholder="or a date: next tue, 3 dec, in 10 days",
                id="when",
                select_on_focus=False,  # a key typed on the list is its first letter
            )
            yield Static("", id="when-hint", classes="field-hint", markup=False)

    def on_key(self, event: events.Key) -> None:
        """Typing on the list goes to the date field: "2w" then Enter snoozes two
        weeks, not the list's highlighted day."""
        when = self.query_one("#when", Input)
        if event.is_printable and event.character and not when.has_focus:
            event.stop()
            event.prevent_default()
            when.focus()
            when.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(clock.today().add(days=int(event.option.id or 1)))

    @on(Input.Changed, "#when")
    def _preview(self, event: Input.Changed) -> None:
        hint = self.query_one("#when-hint", Static)
        try:
            day = parse_next_touch(event.value, clock.today())
        except ValueError as error:
            hint.update(f"⚠ {error}" if event.value.strip() else "")
            return
        ahead = (day - clock.today()).days
        # "3 dec" typed on 4 Dec is next year's: say how far, not only the year.
        hint.update("→ " + readable(day) + (f" · {ahead} days from today" if ahead > 60 else ""))

    @on(Input.Submitted, "#when")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_next_touch(event.value, clock.today()))
        except ValueError:
            self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)
