"""The agenda: who to reach out to today, why, and what to do; the morning screen."""

from __future__ import annotations

from datetime import date
from typing import cast

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from networking_tui.domain import clock
from networking_tui.domain.agenda import SECTIONS, Agenda, Event, Item, event_line, nothing_due
from networking_tui.domain.model import STAGE_TITLES
from networking_tui.domain.rules import step
from networking_tui.ui.filtering import FiltersBoard
from networking_tui.ui.host import host
from networking_tui.ui.kept import restyle_only_if_needed
from networking_tui.ui.widgets.detail import ContactDetail
from networking_tui.ui.widgets.drawn import DrawnOnce
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.status import TopBar, file_title

# Rows first shown per section, and how many more Enter on "… and N more" adds:
# the list measures every row it holds (0.6 ms each), and the review walks
# through all of them anyway.
ROWS_PER_SECTION = 25
ROWS_MORE = 100
NAME_WIDTH = 26
CONTACT_KEYS = ("log", "snooze", "advance", "message", "accept")


class _Indented:
    """A second line that wraps under itself, not under the name. (A Table grid
    did the same at ten times the cost: the list measures every row it holds.)"""

    def __init__(self, text: Text, indent: int = 3) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.indent)
        pad = Segment(" " * self.indent)
        for line in self.text.wrap(console, width):
            yield pad
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.indent + 1, options.max_width)


def _indented(text: Text) -> _Indented:
    return _Indented(text)


class _Row:
    """Who, how important, how late and what to do; then why. Where the step does
    not fit beside the rest (80 columns), it begins the second line, which wraps."""

    def __init__(self, head: Text, step: str, reason: str) -> None:
        self.head, self.step, self.reason = head, f"→ {step}", reason

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.head.cell_len + 1 + cell_len(self.step) <= options.max_width:
            yield Text.assemble(self.head, (f" {self.step}", "italic"), no_wrap=True)
            yield _indented(Text(self.reason, "dim"))
            return
        yield self.head
        yield _indented(Text.assemble((self.step, "italic"), " · ", (self.reason, "dim")))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def row(item: Item) -> DrawnOnce:
    """Two lines (or more, narrow): who, how important, how late and what to do;
    then why."""
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f"!{item.priority} ", "bold red" if item.priority == 1 else "dim")
    name = item.name if len(item.name) <= NAME_WIDTH else item.name[: NAME_WIDTH - 1] + "…"
    head.append(f"{name:<{NAME_WIDTH}} ", "bold")
    head.append(f"{STAGE_TITLES[item.stage]:<10} ", "cyan")
    late = item.lateness
    style = "bold red" if "late" in late else "yellow" if late in ("today", "fading") else ""
    head.append(f"{late:<9}", style)
    return DrawnOnce(_Row(head, item.step, item.reason))


def event_row(event: Event, today: date) -> DrawnOnce:
    """The date, the event and where; then who was met or is expected there."""
    when = event.day.format("ddd D MMM")
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f"{when:<11} ", "bold")
    head.append(event.name, "bold")
    if event.place:
        head.append(f" · {event.place}")
    people = ", ".join(event.people) if event.people else "nobody yet"
    label = "met or expected" if event.day < today else "expected"
    return DrawnOnce(Group(head, _indented(Text(f"{label}: {people}", "dim"))))


def week_line(agenda: Agenda, width: int = 0) -> Text:
    """The week against the goals; within `width` columns (0: any), a figure
    that does not fit goes whole to the next line, not split mid-phrase."""
    w = agenda.week
    text = Text("This week  ")
    if w is None:
        return text
    line = len(text)  # the current line's length
    for n, (label, value, goal, over_is_bad) in enumerate(
        [
            ("newly connected", w.connected, w.connected_goal, False),
            ("touches", w.touches, w.touches_goal, False),
            ("invitations sent", w.invitations, w.invitations_goal, False),
            ("engaged", w.engaged, w.wip_limit, True),
        ]
    ):
        met = value > goal if over_is_bad else value >= goal
        style = ("bold yellow" if met else "") if over_is_bad else ("green" if met else "")
        figure = f"{value}/{goal} {label}" + (" (over the limit)" if over_is_bad and met else "")
        gap = "   " if n else ""
        if width and n and line + len(gap + figure) > width:
            text.append("\n")
            line = 0
        else:
            text.append(gap)
            line += len(gap)
        text.append(figure, style)
        line += len(figure)
    return text


class AgendaList(OptionList):
    """The agenda's rows: moving to the first row of a section shows its heading."""

    def patch(self, options: list[Option | None]) -> bool:
        """Show `options` in place of those shown if they differ only here and there,
        each new one as tall as the one it replaces (a count in a heading after a
        change): the other rows keep their drawn lines, and only the lines of the
        rows replaced are drawn again (a refill drew and measured every row: 40 ms
        at 30,000 contacts, after each stage move, for the agenda kept ahead).
        False, with nothing changed, when they differ more (then refill it)."""
        old = self._options
        if not self.is_mounted or len(options) != len(old) or not self._line_cache.lines:
            return False
        changed: list[tuple[int, Option]] = []
        for index, (was, now) in enumerate(zip(old, options, strict=True)):
            if now is None or was._divider:
                return False
            if now is not was:
                changed.append((index, now))
        if not changed:
            return True
        heights = self._line_cache.heights
        rules = cast(RulesMap, self.styles)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        width -= self.get_component_styles("option-list--option").padding.width
        for index, now in changed:
            was = old[index]
            # Drawn for another index, its lines carry that index (for the mouse).
            if now in self._option_to_index or now.disabled != was.disabled:
                return False
            if now.id is not None and self._id_to_option.get(now.id, was) is not was:
                return False
            if self._get_visual(now).get_height(rules, width) != heights.get(index):
                return False
        for index, now in changed:
            was = old[index]
            del self._option_to_index[was]
            if was.id is not None:
                del self._id_to_option[was.id]
            old[index] = now
            self._option_to_index[now] = index
            if now.id is not None:
                self._id_to_option[now.id] = now
            self.refresh_lines(self._line_cache.index_to_line[index], heights[index])
        return True

    def scroll_to_highlight(self, top: bool = False) -> None:
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        first = highlighted
        while first > 0 and self.options[first - 1].disabled:
            first -= 1  # the heading (and hint) above it
        try:
            y = self._index_to_line[first]
            end = self._index_to_line[highlighted] + self._heights[highlighted]
        except KeyError:
            return
        height = min(end - y, self.scrollable_content_region.height or end - y)
        if height < end - y:  # too tall together: the row itself matters most
            y = end - height
        self.scroll_to_region(
            Region(0, y, self.scrollable_content_region.width, height),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )


class AgendaScreen(Screen[None]):
    view_key = "agenda"  # opened once at a time (see NetworkingApp.view_is_open)
    BINDINGS = [
        Binding("g,escape", "board", "Board"),
        Binding("r", "review", "Review"),
        Binding("l", "on_row('log')", "Log"),
        Binding("s", "on_row('snooze')", "Snooze"),
        Binding("greater_than_sign", "on_row('advance')", "Advance", key_display=">"),
        Binding("m", "on_row('message')", "Message"),
        Binding("c", "on_row('accept')", "Accepted"),
        # On an event row (or none) the person's keys leave the footer; pressed, they say why.
        Binding("l,s,greater_than_sign,m", "not_a_person", show=False),
        Binding("enter", "on_row('open')", "Open"),
        Binding("n", "new_event", "New event"),
        Binding("x,delete", "delete_event", "Delete event"),
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
        self._to_top = False
        self._rows: dict[str, int] = {}  # rows shown per section, past ROWS_PER_SECTION
        self._shown_filter: object = None  # the board filter's kept set the rows are for
        # Each row shown, by its id, with the Item it draws: after a change most rows
        # are the same Items (agenda.LiveAgenda), and their options, drawn and
        # measured already, are shown again rather than made anew.
        self._drawn: dict[str, tuple[Item, Option]] = {}
        self._week: Text | None = None  # the week's line shown
        self._detail_shows: tuple[object, ...] = ()  # what the pane shows (_show_detail)
        self._detail_key: object = None  # and the pane's key then (else it shows other)

    def compose(self) -> ComposeResult:
        yield TopBar(file_title(host(self).store.path, host(self).demo), tabs="agenda")
        yield Static("", id="week", markup=False)
        with Horizontal(id="agenda-main"):
            yield AgendaList(id="agenda-list", markup=False)
            yield ContactDetail(id="agenda-detail")
        yield KeyFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown, the first time or again. The app makes this screen once and shows
        it again (its widgets composed once: that was most of `g`'s time), so what
        it shows is brought up to date here: changes made meanwhile (here, in
        another window, from the shell), the day, the board's filter."""
        restyle_only_if_needed(self, event)
        self.query_one(TopBar).show_state()  # the filter may have changed while hidden
        if self._stale():
            self.refresh_view(waiting=True)
        elif self._to_top:
            self._top()

    def fill_ahead(self, agenda: Agenda) -> None:
        """Its rows, before it is first shown (the agenda is today's, as the store is)."""
        if self._stale():
            self._show(self.Ready(agenda, host(self).store.version))

    def _filter_now(self) -> object:
        app = self.app
        return app.board_filter.kept if isinstance(app, FiltersBoard) else None

    def _stale(self) -> bool:
        """Whether the rows shown are not those of the store, the day and the filter now."""
        return (
            self.agenda is None
            or self._shown_version != host(self).store.version
            or self.agenda.today != clock.today()
            or self._shown_filter is not self._filter_now()
        )

    def refresh_view(self, waiting: bool = False) -> None:
        """The agenda as it is now: at once if the app has it already (nothing
        changed since it was worked out), else worked out off the UI thread (0.15 s
        at 30,000 contacts), with `waiting` the rows replaced by a placeholder
        meanwhile (they may be out of date), else kept until the new ones come."""
        app = host(self)
        version = app.store.version
        agenda = app.fresh_agenda()
        if agenda is not None:
            self._show(self.Ready(agenda, version))
            return
        if waiting or self.agenda is None:
            self._waiting()
        self._compute(version)

    def _waiting(self) -> None:
        self.agenda = None
        self._shown_version = -1
        listing = self.query_one("#agenda-list", OptionList)
        listing.clear_options()
        listing.add_option(Option(Text("Working out today's agenda…", "dim"), disabled=True))
        self._week = None
        self.query_one("#week", Static).update(Text("This week  …"))
        self.query_one("#agenda-detail", ContactDetail).show_text("…")
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="agenda")
    def _compute(self, version: int) -> None:
        self.post_message(self.Ready(host(self).current_agenda(), version))

    @on(Ready)
    def _show(self, event: Ready) -> None:
        if event.version != host(self).store.version:
            return  # a newer computation is on its way
        patched = self.agenda is not None  # else the rows are a placeholder's
        self.agenda = event.agenda
        self._shown_version = event.version
        self._shown_filter = self._filter_now()
        listing = self.query_one("#agenda-list", OptionList)
        # Stay at the same row: after a log or a snooze the person moves on, and
        # the next one comes up, as in a to-do list.
        keep = listing.highlighted or 0
        listing.loading = False
        options = self._options(event.agenda)
        if not (patched and isinstance(listing, AgendaList) and listing.patch(options)):
            listing.clear_options()
            self._fill(listing, options)
        week = week_line(event.agenda, self.app.size.width - 2)  # its padding: 0 1
        if week != self._week:  # unchanged, it is not drawn (nor laid out) again
            self._week = week
            self.query_one("#week", Static).update(week)
        if self.focused is not listing:  # focus() draws it all again, focused or not
            listing.focus()
        if self._to_top:
            self._top()
        else:
            listing.highlighted = self._row_from(listing, keep)
        self._show_detail()

    def _fill(self, listing: OptionList, options: list[Option | None]) -> None:
        """The rows, with the scrollbar from the start if they will need one: it
        coming after narrows the list, and every row is measured again (0.1 s)."""
        listing.set_class(2 * len(options) > self.app.size.height, "-tall")
        listing.add_options(options)

    def _top(self) -> None:
        """The first row, with everything above it in sight (after a review)."""
        self._to_top = False
        listing = self.query_one("#agenda-list", OptionList)
        listing.highlighted = self._row_from(listing, 0)
        listing.scroll_home(animate=False, immediate=True)

    def _options(self, agenda: Agenda) -> list[Option | None]:
        options: list[Option | None] = []
        if not agenda.due_now:
            hint = nothing_due(agenda) + " n adds an event; g goes back to the board."
            grid = Table.grid()  # wraps, unlike a row
            grid.add_row(Text(hint, "italic"))
            options.append(Option(grid, disabled=True))
        app = self.app  # issue 15: the board's filter (f) narrows the agenda too
        keeps = None  # no filter: no call per row (20,000 of them: 20 ms)
        if isinstance(app, FiltersBoard) and app.board_filter.kept is not None:
            keeps = app.board_filter.keeps
        sections: dict[str, list[Item]] = {name: [] for name in SECTIONS}
        for item in agenda.items:  # one pass, not one per section
            sections[item.section].append(item)
        drawn, self._drawn = self._drawn, {}
        for name in SECTIONS:
            items = sections[name]
            if keeps is not None:
                items = [item for item in items if keeps(item.uid)]
            if not items:
                continue
            options.append(Option(Text(f"{name} ({len(items)})", "bold underline"), disabled=True))
            shown = self._rows.get(name, ROWS_PER_SECTION)
            for item in items[:shown]:
                # One person may be in two sections (due today, and to invite).
                key = f"contact:{SECTIONS.index(name)}:{item.uid}"
                known = drawn.get(key)
                option = known[1] if known is not None and known[0] is item else None
                if option is None:
                    option = Option(row(item), id=key)
                self._drawn[key] = (item, option)
                options.append(option)
            if len(items) > shown:
                more = len(items) - shown
                step = min(more, ROWS_MORE)
                text = f"  … and {more} more: Enter shows {step} more, r reviews them all"
                options.append(Option(Text(text, "dim"), id=f"more:{name}"))
        for title, shown_events in [
            ("Upcoming events", agenda.events),
            ("Recent events (Enter: record who you met)", agenda.recent_events),
        ]:
            if shown_events:
                options.append(Option(Text(title, "bold underline"), disabled=True))
                for event in shown_events:
                    options.append(Option(event_row(event, agenda.today), id=f"event:{event.uid}"))
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
        item = self._current_item()
        return item.uid if item is not None and item.uid in host(self).store else None

    def _current_item(self) -> Item | None:
        current = self._current_id()
        if not current or not current.startswith("contact:") or self.agenda is None:
            return None
        section, _, uid = current.removeprefix("contact:").partition(":")
        name = SECTIONS[int(section)]
        return next((i for i in self.agenda.items if i.uid == uid and i.section == name), None)

    def _current_event(self) -> Event | None:
        current = self._current_id() or ""
        if not current.startswith("event:") or self.agenda is None:
            return None
        uid = current.removeprefix("event:")
        events = [*self.agenda.events, *self.agenda.recent_events]
        return next((e for e in events if e.uid == uid), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer offers what the highlighted row allows: a person's keys on a
        # person, Delete on an event.
        if action == "on_row" and parameters and parameters[0] == "accept":
            uid = self._current_uid()
            return uid is not None and host(self).store.cards[uid].invitation_sent is not None
        if action == "on_row" and parameters and parameters[0] in CONTACT_KEYS:
            return self._current_uid() is not None
        if action == "not_a_person":
            return self._current_uid() is None
        if action == "delete_event":
            return self._current_event() is not None
        return True

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        detail = self.query_one("#agenda-detail", ContactDetail)
        event = self._current_event()
        if event is not None and self.agenda is not None:
            notes = f"\n\n{event.notes}" if event.notes else ""
            detail.show_text(
                f"{event_line(event, self.agenda.today)}{notes}\n\n"
                "Enter edits it (add the people you met); x deletes it."
            )
            return
        uid = self._current_uid()
        item = self._current_item()
        if uid is None or item is None:
            detail.show_text("Move to a person to see why they are due and what to do.")
            return
        contact, people = host(self).store.contact(uid), host(self).people(uid)
        linked = [link.uid for link in contact.knows]
        if contact.introduced_by is not None:
            linked.append(contact.introduced_by.uid)
        # What the pane draws, all of it: after a change elsewhere (a stage move on
        # the board) it is most often the same, and not drawn again.
        shows: tuple[object, ...] = (uid, contact, item.reason, clock.today(), people.warm_paths)
        shows += tuple(people.name_of(other) for other in linked)
        if shows != self._detail_shows or detail.showing is not self._detail_key:
            detail.show_contact(contact, people, why=item.reason)
            self._detail_shows, self._detail_key = shows, detail.showing

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_on_row("open")

    def _show_more(self, section: str) -> None:
        """Enter on "… and N more": the next rows of that section, the cursor on
        the first of them."""
        listing = self.query_one("#agenda-list", OptionList)
        at = listing.highlighted or 0
        self._rows[section] = self._rows.get(section, ROWS_PER_SECTION) + ROWS_MORE
        if self.agenda is not None:
            listing.clear_options()
            self._fill(listing, self._options(self.agenda))
            listing.highlighted = self._row_from(listing, at)

    def action_on_row(self, what: str) -> None:
        current = self._current_id() or ""
        if current.startswith("more:") and what == "open":
            self._show_more(current.removeprefix("more:"))
            return
        event = self._current_event()
        if event is not None and what == "open":
            host(self).flows.open_event(event.uid)
            return
        uid = self._current_uid()
        if uid is None:
            self.app.bell()
            return
        if what == "log":
            host(self).flows.open_log(uid)
        elif what == "snooze":
            host(self).flows.open_snooze(uid)
        elif what == "message":
            host(self).flows.open_compose(uid)
        elif what == "accept":
            host(self).flows.accept_invitation(uid)
        elif what == "open":
            host(self).open_contact(uid, focus_board=False)
        elif what == "advance":
            target = step(host(self).store.cards[uid].stage, 1)
            if target is None:
                self.notify("Already at Ask.")
            else:
                host(self).flows.request_move(uid, target, say=True)

    def action_not_a_person(self) -> None:
        if self._current_event() is not None:
            self.notify(
                "That is an event: Enter edits it (add who you met), x deletes it. "
                "l s > m act on a person's row."
            )
        else:
            self.notify("Move to a person's row first: l s > m act on the person there.")

    def action_new_event(self) -> None:
        host(self).flows.open_event(None)

    def action_delete_event(self) -> None:
        event = self._current_event()
        if event is None:
            self.app.bell()
            return
        host(self).flows.confirm_delete_event(event.uid)

    def action_goals(self) -> None:
        host(self).flows.open_goals()

    def action_review(self) -> None:
        def back() -> None:
            # The review went through the top rows: start there again (now, or once
            # what the review changed is recomputed).
            self._to_top = True
            agenda = self.agenda
            fresh = self._shown_version == host(self).store.version
            if agenda is not None and fresh and agenda.today == clock.today():
                self._top()

        host(self).start_review(back)

    def action_board(self) -> None:
        self.dismiss(None)
