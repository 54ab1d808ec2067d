"""The weekly goals and the engaged work-in-progress limit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from networking_tui.domain.model import Settings
from networking_tui.domain.text import whole_number
from networking_tui.ui.screens.form import FormScreen

GOAL_MOST = 999  # a week's goal: more is a typo

FIELDS = [
    ("weekly_connect_goal", "New people moved to Connected each week", 0),
    ("weekly_touch_goal", "Touches logged each week", 0),
    ("weekly_invitation_goal", "Invitations to connect sent each week", 0),
    ("wip_limit", "People in Engaged at once (work-in-progress limit)", 1),
]


class GoalsScreen(FormScreen[dict[str, int] | None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, settings: Settings) -> None:
        super().__init__(classes="modal")
        self._settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Goals", classes="dialog-title", markup=False)
            for field, label, _ in FIELDS:
                yield Label(label, markup=False)
                yield Input(str(getattr(self._settings, field)), id=field, type="integer")
                yield Static("", id=f"{field}-error", classes="field-hint -error", markup=False)
            yield Static("Ctrl+S saves · Escape cancels", classes="dim", markup=False)

    def action_save(self) -> None:
        values, ok = {}, True
        for field, _, minimum in FIELDS:
            number = whole_number(self.query_one(f"#{field}", Input).value, GOAL_MOST)
            error = self.query_one(f"#{field}-error", Static)
            if number is None or number < minimum:
                error.update(f"⚠ a whole number from {minimum} to {GOAL_MOST:,}")
                ok = False
            else:
                error.update("")
                values[field] = number
        if ok:
            self.dismiss(values)
