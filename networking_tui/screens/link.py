"""Record whom a contact knows (a second-degree link), and whether they agreed to be named."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from ..matching import find
from ..model import Card


@dataclass(frozen=True)
class LinkChoice:
    uid: str
    may_mention: bool
    remove: bool = False


class LinkScreen(ModalScreen[LinkChoice | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+d", "remove", "Remove link"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, name: str, others: list[Card]) -> None:
        super().__init__(classes="modal")
        self._person = name
        self._others = others

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(f"Whom does {self._person} know?", classes="dialog-title", markup=False)
            yield Label("A contact's name", markup=False)
            yield Input(placeholder="start typing a name", id="who")
            yield Static("", id="who-hint", classes="field-hint", markup=False)
            yield Checkbox(f"{self._person} agreed to be named to them", id="may_mention")
            yield Static(
                "Ctrl+S saves · Ctrl+D removes an existing link · Escape cancels",
                classes="dim",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#who", Input).focus()

    def _match(self) -> Card | None:
        hint = self.query_one("#who-hint", Static)
        matches = find(self.query_one("#who", Input).value, self._others)
        if len(matches) == 1:
            hint.update(f"→ {matches[0].name}")
            return matches[0]
        if matches:
            hint.update("which one? " + ", ".join(m.name for m in matches[:5]))
        else:
            hint.update("no contact by that name")
        return None

    @on(Input.Changed, "#who")
    def _changed(self) -> None:
        self._match()

    @on(Input.Submitted, "#who")
    def action_save(self) -> None:
        self._finish(remove=False)

    def action_remove(self) -> None:
        self._finish(remove=True)

    def _finish(self, remove: bool) -> None:
        card = self._match()
        if card is None:
            self.query_one("#who", Input).focus()
            return
        may = self.query_one("#may_mention", Checkbox).value
        self.dismiss(LinkChoice(card.uid, may, remove))

    def action_cancel(self) -> None:
        self.dismiss(None)
