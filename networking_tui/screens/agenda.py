"""The agenda: who to reach out to today, why, and what to do; the morning screen."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..agenda import SECTIONS, Agenda, Item
from ..model import STAGE_TITLES
from ..rules import step
from ..widgets.detail import ContactDetail
from ..widgets.status import TopBar, file_title

ROWS_PER_SECTION = 100  # the review walks through all of them; the list stays quick


def row(item: Item) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"!{item.priority} ", "bold red" if item.priority == 1 else "dim")
    text.append(f"{item.name[:22]:<22} ", "bold")
    late = item.lateness
    style = "bold red" if "late" in late else "yellow" if late == "today" else ""
    text.append(f"{late:<8} ", style)
    text.append(f"{item.reason} ")
    text.append(f"({STAGE_TITLES[item.stage].lower()}: {item.step})", "italic dim")
    return text


def week_line(agenda: Agenda) -> Text:
    w = agenda.week
    text = Text("This week  ")
    if w is None:
        return text
    for label, value, goal, over_is_bad in [
        ("newly connected", w.connected, w.connected_goal, False),
        ("touches", w.touches, w.touches_goal, False),
        ("engaged", w.engaged, w.wip_limit, True),
    ]:
        met = value > goal if over_is_bad else value >= goal
        style = ("bold yellow" if met else "") if over_is_bad else ("green" if met else "")
        text.append(f"{value}/{goal} {label}", style)
        text.append("   ")
    return text


class AgendaScreen(Screen[None]):
    view_key = "agenda"  # opened once at a time (see NetworkingApp.view_is_open)
    BINDINGS = [
        Binding("g,escape", "board", "Board"),
        Binding("r", "review", "Daily review"),
        Binding("l", "on_row('log')", "Log touch"),
        Binding("s", "on_row('snooze')", "Snooze"),
        Binding("greater_than_sign", "on_row('advance')", "Advance", key_display=">"),
        Binding("m", "on_row('message')", "Message"),
        Binding("enter", "on_row('open')", "Open"),
        Binding("n", "new_event", "New event"),
        Binding("G", "goals", "Goals"),
    ]

    class Ready(Message):
        def __init__(self, agenda: Agenda, version: int) -> None:
            super().__init__()
            self.agenda = agenda
            self.version = version

    def __init__(self) -> None:
        super().__init__(id="agenda-screen")
        self.agenda: Agenda | None = None
        self._shown_version = -1

    def compose(self) -> ComposeResult:
        yield TopBar(file_title(self.app.store.path, self.app.demo), tabs="agenda")
        yield Static("", id="week", markup=False)
        with Horizontal(id="agenda-main"):
            yield OptionList(id="agenda-list", markup=False)
            yield ContactDetail(id="agenda-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agenda-list", OptionList).loading = True
        self.refresh_view()

    def on_screen_resume(self) -> None:
        # Back from the review or a contact: what was done there changes the agenda.
        if self.agenda is not None and self._shown_version != self.app.store.version:
            self.refresh_view()

    def refresh_view(self) -> None:
        """Recompute off the UI thread: at 30,000 contacts it takes most of a second."""
        self._compute(self.app.store.version)

    @work(thread=True, exclusive=True, group="agenda")
    def _compute(self, version: int) -> None:
        self.post_message(self.Ready(self.app.current_agenda(), version))

    @on(Ready)
    def _show(self, event: Ready) -> None:
        if event.version != self.app.store.version:
            return  # a newer computation is on its way
        self.agenda = event.agenda
        self._shown_version = event.version
        listing = self.query_one("#agenda-list", OptionList)
        # Stay at the same row: after a log or a snooze the person moves on, and
        # the next one comes up, as in a to-do list.
        keep = listing.highlighted or 0
        listing.loading = False
        listing.clear_options()
        listing.add_options(self._options(event.agenda))
        self.query_one("#week", Static).update(week_line(event.agenda))
        listing.highlighted = self._row_from(listing, keep)
        listing.focus()
        self._show_detail()

    def _options(self, agenda: Agenda) -> list[Option | None]:
        options: list[Option | None] = []
        for name in SECTIONS:
            items = agenda.section(name)
            if not items:
                continue
            options.append(Option(Text(f"{name} ({len(items)})", "bold underline"), disabled=True))
            for item in items[:ROWS_PER_SECTION]:
                options.append(Option(row(item), id=f"contact:{item.uid}"))
            if len(items) > ROWS_PER_SECTION:
                more = len(items) - ROWS_PER_SECTION
                options.append(
                    Option(Text(f"  … and {more} more: r reviews them all", "dim"), disabled=True)
                )
        if agenda.events:
            options.append(Option(Text("Upcoming events", "bold underline"), disabled=True))
            names = {c.uid: c.name for c in self.app.store.cards.values()}
            for event in agenda.events:
                people = ", ".join(names.get(u, "?") for u in event.contacts) or "nobody yet"
                place = f" · {event.place}" if event.place else ""
                label = f"{event.day.isoformat()} {event.name}{place} · expected: {people}"
                options.append(
                    Option(Text(label, no_wrap=True, overflow="ellipsis"), id=f"event:{event.uid}")
                )
        if not agenda.items:
            nxt = agenda.next_due()
            hint = "Nothing due today or overdue: nice."
            if nxt is not None:
                hint += f" Next: {nxt.name} on {nxt.due.isoformat() if nxt.due else '?'}."
            hint += " n adds an event; g goes back to the board."
            options.insert(0, Option(Text(hint, "italic"), disabled=True))
        return options

    def _row_from(self, listing: OptionList, start: int) -> int | None:
        """The first selectable row at or after `start` (else the last before it)."""
        count = listing.option_count
        order = [*range(min(start, count), count), *range(min(start, count) - 1, -1, -1)]
        for index in order:
            if not listing.get_option_at_index(index).disabled:
                return index
        return None

    def _current_id(self) -> str | None:
        listing = self.query_one("#agenda-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _current_uid(self) -> str | None:
        current = self._current_id()
        if current and current.startswith("contact:"):
            uid = current.removeprefix("contact:")
            return uid if uid in self.app.store else None
        return None

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#agenda-detail", ContactDetail)
        uid = self._current_uid()
        item = next((i for i in self.agenda.items if i.uid == uid), None) if self.agenda else None
        if uid is None or item is None:
            detail.show_text("Move to a person to see why they are due and what to do.")
            return
        detail.show_contact(self.app.store.contact(uid), self.app.people(uid), why=item.reason)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_on_row("open")

    def action_on_row(self, what: str) -> None:
        current = self._current_id() or ""
        if current.startswith("event:") and what == "open":
            self.app.open_event(current.removeprefix("event:"))
            return
        uid = self._current_uid()
        if uid is None:
            self.app.bell()
            return
        if what == "log":
            self.app.open_log(uid)
        elif what == "snooze":
            self.app.open_snooze(uid)
        elif what == "message":
            self.app.open_compose(uid)
        elif what == "open":
            self.app.open_contact(uid, focus_board=False)
        elif what == "advance":
            target = step(self.app.store.cards[uid].stage, 1)
            if target is None:
                self.notify("Already at Ask.")
            else:
                self.app.request_move(uid, target)

    def action_new_event(self) -> None:
        self.app.open_event(None)

    def action_goals(self) -> None:
        self.app.open_goals()

    def action_review(self) -> None:
        self.app.start_review()

    def action_board(self) -> None:
        self.dismiss(None)
