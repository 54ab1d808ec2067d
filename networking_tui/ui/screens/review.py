"""The daily review: everyone due today or overdue, one at a time, in agenda order.

Each action goes through the app's usual path, so it is saved at once; stopping
half-way keeps all of it. The review ends on a summary. (Ctrl+Z during a review
undoes the change in the file, but the summary still counts what was done.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from networking_tui.data.store import Change
from networking_tui.domain import clock, playbook
from networking_tui.domain.agenda import Agenda, Item, nothing_due
from networking_tui.domain.rules import step
from networking_tui.ui.host import host
from networking_tui.ui.kept import restyle_only_if_needed
from networking_tui.ui.widgets.detail import render_contact
from networking_tui.ui.widgets.drawn import DrawnOnce
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.status import TopBar

# Names listed as left for later: a review stopped early at 30,000 contacts leaves
# thousands, and wrapping all of them took half a second.
NAMES_LEFT = 20


@dataclass
class Tally:
    seen: int = 0  # people gone through, acted on or skipped
    logged: int = 0
    advanced: int = 0
    snoozed: int = 0
    edited: int = 0
    archived: int = 0  # meanwhile (from their view), or deleted elsewhere
    skipped: int = 0
    acted_on: set[str] = field(default_factory=set)


class ReviewScreen(Screen[Tally]):
    BINDINGS = [
        Binding("l", "act('log')", "Log"),
        Binding("greater_than_sign", "act('advance')", "Advance", key_display=">"),
        Binding("s", "act('snooze')", "Snooze"),
        Binding("e", "act('edit')", "Edit"),
        Binding("m", "act('message')", "Message"),
        Binding("c", "act('accept')", "Accepted"),
        Binding("space,n", "next", "Next"),
        Binding("enter", "act('open')", "Open"),
        Binding("escape", "stop", "Stop"),
        # On the summary (or "nobody is due") Escape only goes back: say so.
        Binding("escape", "leave", "Back"),
        Binding("g", "agenda", "Agenda"),  # last: the first to leave a narrow footer
    ]

    view_key = "review"  # opened once at a time (see NetworkingApp.view_is_open)

    class Ready(Message):
        def __init__(self, agenda: Agenda, run: int) -> None:
            super().__init__()
            self.agenda = agenda
            self.run = run

    def __init__(self) -> None:
        super().__init__(id="review-screen")
        self.items: list[Item] = []
        self.agenda: Agenda | None = None
        self.index = 0
        self.tally = Tally()
        self.finished = False
        self._run = 0  # which review this is: the screen is made once (ui/app.py)
        self._beginning = False

    def begin(self) -> None:
        """A new review, from the first person due (called before it is shown)."""
        self._run += 1
        self.items, self.agenda = [], None
        self.index, self.tally, self.finished = 0, Tally(), False
        self._beginning = True

    def compose(self) -> ComposeResult:
        yield TopBar("Daily review")
        yield Static("", id="review-header", markup=False)
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-contact", markup=False)
        yield KeyFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        restyle_only_if_needed(self, event)
        if not self._beginning:
            self.refresh_view()  # back from a contact's view, where it may have changed
            return
        self._beginning = False
        self.query_one(TopBar).show_state()
        agenda = host(self).fresh_agenda()
        if agenda is not None:
            self._start(self.Ready(agenda, self._run))
            return
        # Worked out off the UI thread (0.15 s at 30,000 contacts): the screen is up
        # at once, and the first person follows.
        self.query_one("#review-header", Static).update(Text("Daily review", "bold"))
        self.query_one("#review-contact", Static).update(Text("Working out who is due…", "dim"))
        self.refresh_bindings()
        self._compute(self._run)

    @work(thread=True, exclusive=True, group="review")
    def _compute(self, run: int) -> None:
        self.post_message(self.Ready(host(self).current_agenda(), run))

    @on(Ready)
    def _start(self, event: Ready) -> None:
        if event.run != self._run:
            return  # from a review left before it began
        self.agenda, self.items = event.agenda, event.agenda.to_review
        if not self.items:
            self._nothing_due()
        else:
            self._show()
        self.refresh_bindings()

    @property
    def current(self) -> Item | None:
        if self.finished or self.index >= len(self.items):
            return None
        return self.items[self.index]

    def refresh_view(self) -> None:
        if self.current is not None:
            self._show()

    def _show(self) -> None:
        item = self.current
        if item is None:
            return
        store = host(self).store
        if item.uid not in store or store.cards[item.uid].archived:
            # Gone meanwhile (archived from their view, deleted elsewhere): dealt
            # with, not skipped, and not left for later.
            self.tally.archived += 1
            self.tally.acted_on.add(item.uid)
            self._move_on()
            return
        # What was done since the review began (a move, an edit, an undo) changes
        # the reason and the step: say them as they are now.
        fresh = host(self).agenda_item(item.uid) or item
        header = Text()
        header.append(f"{self.index + 1:,} of {len(self.items):,}", "bold")
        lateness = fresh.lateness  # "3d late"; not said twice ("Today · today")
        said = "" if lateness.casefold() in fresh.section.casefold() else f" · {lateness}"
        header.append(f" · {fresh.section}{said}\n")
        header.append(f"Why: {fresh.reason}\n", "yellow")
        header.append(f"Next step: {playbook.NEXT_STEP[fresh.stage]}", "italic")
        self.query_one("#review-header", Static).update(header)
        contact = store.contact(item.uid)
        body = render_contact(contact, clock.now(), host(self).people(item.uid), touches_first=True)
        self.query_one("#review-contact", Static).update(DrawnOnce(body))
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The summary (or "nobody is due") has no person to act on: hide those keys,
        # and Escape goes back rather than stops.
        if action == "act" and parameters == ("accept",):
            card = host(self).store.cards.get(self.current.uid) if self.current else None
            return card is not None and card.invitation_sent is not None
        if action in ("act", "next", "stop"):
            return self.current is not None
        if action == "leave":
            return self.current is None
        return True

    def action_act(self, what: str) -> None:
        item = self.current
        if item is None:
            return
        app = host(self)
        if what == "log":
            app.flows.open_log(item.uid, then=self._counted("logged"))
        elif what == "snooze":
            app.flows.open_snooze(item.uid, then=self._counted("snoozed"))
        elif what == "edit":
            app.flows.open_edit(item.uid, then=self._counted("edited"))
        elif what == "message":
            app.flows.open_compose(item.uid, then=self._counted("logged"))
        elif what == "accept":
            app.flows.accept_invitation(item.uid, then=self._counted("advanced"))
        elif what == "open":
            app.open_contact(item.uid)
        elif what == "advance":
            target = step(app.store.cards[item.uid].stage, 1)
            if target is None:
                self.notify("Already at Ask.")
            else:
                app.flows.request_move(item.uid, target, then=self._counted("advanced"))

    def _counted(self, what: str):
        def done(change: Change | None) -> None:
            if change is None:
                self._show()
                return
            setattr(self.tally, what, getattr(self.tally, what) + 1)
            self.tally.acted_on.add(self.items[self.index].uid)
            if what in ("advanced", "edited"):
                self._show()  # same person, changed: maybe more to do
            else:
                self._move_on()

        return done

    def action_next(self) -> None:
        """Space or n: on to the next person; one not acted on counts as skipped."""
        item = self.current
        if item is None:
            return
        if item.uid not in self.tally.acted_on:
            self.tally.skipped += 1
        self._move_on()

    def _move_on(self) -> None:
        self.tally.seen = max(self.tally.seen, self.index + 1)
        self.index += 1
        if self.index >= len(self.items):
            self._summary(stopped=False)
        else:
            self._show()

    def action_stop(self) -> None:
        if self.current is None:
            self.action_leave()
            return
        if self.current.uid in self.tally.acted_on:
            self.tally.seen = max(self.tally.seen, self.index + 1)
        self._summary(stopped=True)

    def action_leave(self) -> None:
        self.dismiss(self.tally)

    def action_agenda(self) -> None:
        """Leave the review (what was done is kept) for the agenda."""
        self.dismiss(self.tally)
        self.app.call_later(host(self).show_view, "agenda")

    def _summary(self, stopped: bool) -> None:
        self.finished = True
        t = self.tally
        left = [item.name for item in self.items if item.uid not in t.acted_on]
        names = f": {', '.join(left[:NAMES_LEFT])}" if left else ""
        if len(left) > NAMES_LEFT:
            names += f" and {len(left) - NAMES_LEFT:,} more (the agenda lists them)"
        lines = [
            Text(
                "Review stopped: everything done so far is saved." if stopped else "Review done.",
                "bold",
            ),
            Text(),
            # Skipping is not reviewing: say how many were acted on.
            Text(
                f"Went through    {t.seen:,} of {len(self.items):,}: "
                f"acted on {len(t.acted_on)}, skipped {t.skipped}"
            ),
            Text(f"Touches logged  {t.logged}"),
            Text(f"Stages advanced {t.advanced}"),
            Text(f"Snoozed         {t.snoozed}"),
            Text(f"Edited          {t.edited}"),
            *([Text(f"Archived        {t.archived}")] if t.archived else []),
            Text(f"Left for later  {len(left):,}{names}"),
            Text(),
            Text("Escape returns; g opens the agenda.", "dim"),
        ]
        self.query_one("#review-header", Static).update(Text("Summary", "bold"))
        self.query_one("#review-contact", Static).update(Group(*lines))
        self.refresh_bindings()

    def _nothing_due(self) -> None:
        self.finished = True
        text = Text("Nobody is due today or overdue.", "bold")
        if self.agenda is not None:
            more = nothing_due(self.agenda).removeprefix("Nothing due today or overdue.").strip()
            if more:
                text.append(f"\n\n{more}", "")
        text.append("\n\nEscape returns; g opens the agenda.", "dim")
        self.query_one("#review-header", Static).update("")
        self.query_one("#review-contact", Static).update(text)
        self.refresh_bindings()
