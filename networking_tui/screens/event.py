"""Add or edit an event: where strangers become connections."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from .. import clock
from ..dates import parse_date
from ..matching import find
from ..model import Card


class EventScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the event document (without uid), or None."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, cards: list[Card], event: dict[str, Any] | None = None) -> None:
        super().__init__(classes="modal")
        self._cards = cards
        self._event = event or {}

    def compose(self) -> ComposeResult:
        e = self._event
        names = {c.uid: c.name for c in self._cards}
        people = ", ".join(names[u] for u in e.get("contacts", []) if u in names)
        with VerticalScroll(classes="dialog form"):
            yield Static("Edit event" if e else "New event", classes="dialog-title", markup=False)
            for field, label, value, hint in [
                ("event-name", "Name", e.get("name", ""), "PyCon Lille"),
                ("event-date", "Date", e.get("date", ""), "3 dec, next sat, 2026-12-03"),
                ("event-place", "Place", e.get("place") or "", "Lille, Grand Palais"),
                ("event-people", "People met or expected", people, "names, separated by commas"),
                ("event-notes", "Notes", e.get("notes") or "", ""),
            ]:
                yield Label(label, markup=False)
                yield Input(value, placeholder=hint, id=field)
                yield Static("", id=f"{field}-error", classes="field-hint", markup=False)
            yield Static("Ctrl+S saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#event-name", Input).focus()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _error(self, field: str, text: str) -> None:
        self.query_one(f"#{field}-error", Static).update(f"⚠ {text}" if text else "")
        self.query_one(f"#{field}-error", Static).set_class(bool(text), "-error")

    def _people(self) -> list[str] | None:
        uids, problems = [], []
        for name in filter(None, (n.strip() for n in self._value("event-people").split(","))):
            matches = find(name, self._cards)
            if len(matches) == 1:
                uids.append(matches[0].uid)
            else:
                problems.append(f"{name!r}: " + ("nobody" if not matches else "which one?"))
        self._error("event-people", "; ".join(problems))
        return None if problems else list(dict.fromkeys(uids))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "event-date":
            self._day()
        elif event.input.id == "event-people":
            self._people()

    def _day(self) -> str | None:
        try:
            day = parse_date(self._value("event-date"), clock.today())
        except ValueError as error:
            self._error("event-date", str(error))
            return None
        self.query_one("#event-date-error", Static).update("→ " + day.format("dddd D MMMM YYYY"))
        self.query_one("#event-date-error", Static).set_class(False, "-error")
        return day.isoformat()

    def action_save(self) -> None:
        name = self._value("event-name")
        self._error("event-name", "" if name else "a name is required")
        day, people = self._day(), self._people()
        if not name or day is None or people is None:
            return
        doc = {
            "name": name,
            "date": day,
            "place": self._value("event-place") or None,
            "notes": self._value("event-notes") or None,
            "contacts": people,
        }
        self.dismiss({k: v for k, v in doc.items() if v is not None})

    def action_cancel(self) -> None:
        self.dismiss(None)
