"""Add or edit an event: where strangers become connections.

The people met or expected there are typed as names, separated by commas. A name
that fits several contacts (two Sam Lees, or a prefix such as "sam") lists them
under the field; Enter in the field asks which one is meant, with what tells them
apart, as the other forms that name a contact do (see pick.py). The choice is kept
for that name in the list, so two namesakes can both be at one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.dates import parse_date, readable
from networking_tui.domain.matching import fold
from networking_tui.domain.model import Card
from networking_tui.domain.text import listed, names_in
from networking_tui.ui.host import host
from networking_tui.ui.screens.form import NOT_SAVED, FormScreen
from networking_tui.ui.screens.pick import MAX_CANDIDATES, choose_contact, label
from networking_tui.ui.widgets.line import FieldMessage

SHOWN_CANDIDATES = 4  # named under the field; Enter lists them all


@dataclass
class People:
    """What the people field says: the contacts it names, and what is unclear."""

    uids: list[str] = field(default_factory=list)
    ambiguous: list[tuple[int, list[Card]]] = field(default_factory=list)  # (entry, candidates)
    unknown: list[str] = field(default_factory=list)  # names of no contact yet
    problems: list[str] = field(default_factory=list)


class EventScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with the event document (without uid), or None."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, store: ContactStore, event: dict[str, Any] | None = None) -> None:
        super().__init__(classes="modal")
        self.store = store
        self._event = event or {}
        # Who a name stands for once chosen among namesakes (or already on the
        # event): (folded name, its n-th use in the list) -> uid.
        self._picked: dict[tuple[str, int], str] = {}
        names = []
        for uid in self._event.get("contacts", []):
            card = store.cards.get(uid)
            if card is None:
                continue  # deleted since: nothing to name
            key = fold(card.name)
            self._picked[(key, sum(k == key for k, _ in self._picked))] = uid
            names.append(card.name)
        self._initial_people = listed(names)

    def compose(self) -> ComposeResult:
        e = self._event
        with VerticalScroll(classes="dialog form"):
            yield Static("Edit event" if e else "New event", classes="dialog-title", markup=False)
            for key, title, value, hint in [
                ("event-name", "Name", e.get("name", ""), "PyCon Lille"),
                ("event-date", "Date", e.get("date", ""), "3 dec, next sat, 2026-12-03"),
                ("event-place", "Place", e.get("place") or "", "Lille, Grand Palais"),
                (
                    "event-people",
                    "People met or expected",
                    self._initial_people,
                    "names, separated by commas (Enter lists namesakes)",
                ),
                ("event-notes", "Notes", e.get("notes") or "", ""),
            ]:
                yield Label(title, markup=False)
                yield Input(value, placeholder=hint, id=key, select_on_focus=False)
                yield FieldMessage(id=f"{key}-error", classes="field-hint")
            yield Static("Ctrl+S saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        # A new event starts with its name; one opened again is mostly to record
        # who was met there (the agenda's "Enter: record who you met").
        self.query_one("#event-people" if self._event else "#event-name", Input).focus()
        if self._initial_people:
            self._people()

    def _value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value.strip()

    def _error(self, key: str, text: str) -> None:
        self._hint(key, f"⚠ {text}" if text else "", error=True)

    def _hint(self, key: str, text: str, *, error: bool = False) -> None:
        """The line under a field: a problem, or what was read (hidden when empty:
        at 24 rows the form has no line to spare)."""
        message = self.query_one(f"#{key}-error", FieldMessage)
        message.say(text)
        message.set_class(error and bool(text), "-error")

    # --- the people -----------------------------------------------------------------

    def _entries(self) -> list[str]:
        return names_in(self.query_one("#event-people", Input).value)

    def _find(self, name: str) -> list[Card]:
        """Contacts on the board the name may mean (an index: no scan per key)."""
        return self.store.names().find(name)

    def _read_people(self) -> People:
        result = People()
        seen: dict[str, int] = {}
        for index, name in enumerate(self._entries()):
            if not name:
                continue
            key = fold(name)
            nth = seen.get(key, 0)
            seen[key] = nth + 1
            picked = self._picked.get((key, nth))
            if picked is not None and picked in self.store.cards:
                result.uids.append(picked)
                continue
            matches = self._find(name)
            # A second "Sam Lee" means the Sam Lee not named yet.
            others = [m for m in matches if m.uid not in result.uids]
            matches = others or matches
            if len(matches) == 1:
                result.uids.append(str(matches[0].uid))
            elif not matches:
                result.unknown.append(name)
                result.problems.append(f"no contact named {name!r}: Enter here adds them")
            elif len(matches) > MAX_CANDIDATES:
                result.problems.append(
                    f"{name!r} fits {len(matches)} contacts: type more of the name"
                )
            else:
                result.ambiguous.append((index, matches))
                shown = ", ".join(
                    label(self.store, card, matches) for card in matches[:SHOWN_CANDIDATES]
                )
                more = len(matches) - SHOWN_CANDIDATES
                shown += f" and {more} more" if more > 0 else ""
                result.problems.append(f"{name!r} could be {shown}: press Enter here to choose")
        result.uids = list(dict.fromkeys(result.uids))
        result.problems = list(dict.fromkeys(result.problems))  # "sam lee, sam lee": once
        return result

    def _people(self) -> list[str] | None:
        """The uids named, shown under the field; None (and why) if some are unclear."""
        people = self._read_people()
        if people.problems:
            self._error("event-people", "; ".join(people.problems))
            return None
        cards = self.store.cards
        names = [label(self.store, cards[uid], self._find(cards[uid].name)) for uid in people.uids]
        self._hint("event-people", "→ " + ", ".join(names) if names else "")
        return people.uids

    @on(Input.Submitted, "#event-people")
    def _choose(self) -> None:
        """Enter in the field: ask which contact each unclear name means, one by one."""
        people = self._read_people()
        if not people.ambiguous and people.unknown:
            self._offer_to_add(list(dict.fromkeys(people.unknown)))
            return
        if not people.ambiguous:
            if people.problems:
                self.app.bell()
            return
        index, candidates = people.ambiguous[0]
        typed = self._entries()[index]

        def chosen(card: Card) -> None:
            entries = self._entries()
            entries[index] = card.name
            key = fold(card.name)
            nth = sum(fold(e) == key for e in entries[:index])
            self._picked[(key, nth)] = str(card.uid)
            field = self.query_one("#event-people", Input)
            with field.prevent(Input.Changed):
                field.value = listed(entries)
            self._people()
            field.focus()
            if self._read_people().ambiguous:
                self.call_after_refresh(self._choose)  # the next unclear name

        event = self._value("event-name") or "this event"
        title = f"Which {typed!r} at {event}?"
        choose_contact(self.store, title, candidates, self.app.push_screen, chosen)

    def _offer_to_add(self, names: list[str]) -> None:
        """Names of no contact yet: add them (as a quick-add of the name alone), once
        the person says yes; saving an event that has taken place then marks them
        as met there."""
        from networking_tui.ui.screens.confirm import ConfirmScreen

        def decide(yes: bool | None) -> None:
            if not yes:
                return
            for name in names:
                uid = host(self).flows.add_named(name)
                if uid is not None:
                    key = fold(name)
                    self._picked[(key, 0)] = uid
            self._people()
            self.query_one("#event-people", Input).focus()

        title = f"Add {', '.join(names)} as new contact{'s' if len(names) > 1 else ''}?"
        reasons = [
            "Not a contact yet: this adds them by name (a Stranger); an event that has "
            "taken place then marks them as met there when you save it.",
            "Ctrl+Z takes each one back.",
        ]
        self.app.push_screen(ConfirmScreen(title, reasons, yes="Add"), decide)

    # --- the rest ---------------------------------------------------------------------

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
        self._hint("event-date", "→ " + readable(day))
        return day.isoformat()

    def action_save(self) -> None:
        name = self._value("event-name")
        self._error("event-name", "" if name else "a name is required")
        day, people = self._day(), self._people()
        if not name or day is None or people is None:
            first = "event-name" if not name else "event-date" if day is None else "event-people"
            self.query_one(f"#{first}", Input).focus()
            self.notify(NOT_SAVED, severity="warning")
            return
        doc = {
            "name": name,
            "date": day,
            "place": self._value("event-place") or None,
            "notes": self._value("event-notes") or None,
            "contacts": people,
        }
        self.dismiss({k: v for k, v in doc.items() if v is not None})
