"""One logged touch in full (a long note is never only cut short), with what can
be done to it: e edits it, Delete removes it (after a question)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from networking_tui.domain.rules import a_touch
from networking_tui.ui.backdrop import Modal
from networking_tui.ui.screens.log import Touch


class TouchScreen(Modal[str | None]):
    """Dismisses with "edit", "delete", or None (Escape)."""

    BINDINGS = [
        Binding("e", "choose('edit')", "Edit"),
        Binding("delete,ctrl+d", "choose('delete')", "Delete"),
        Binding("escape,enter", "choose('')", "Close"),
    ]

    def __init__(self, person: str, touch: Touch) -> None:
        super().__init__(classes="modal")
        self._person = person
        self._touch = touch

    def compose(self) -> ComposeResult:
        touch = self._touch
        when = touch.at.format("dddd D MMMM YYYY, HH:mm")
        with Vertical(classes="dialog"):
            title = f"{a_touch(touch.kind).capitalize()} with {self._person}"
            yield Static(title, classes="dialog-title", markup=False)
            yield Static(when, classes="dim", markup=False)
            with VerticalScroll(id="touch-note"):
                yield Static(Text(touch.note or "(no note)"), markup=False)
            yield Static(
                "e edits it · Delete removes it · Escape closes", classes="dim", markup=False
            )

    def action_choose(self, what: str) -> None:
        self.dismiss(what or None)
