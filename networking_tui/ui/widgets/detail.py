"""The detail pane: every field of the focused contact, its stages and latest touches."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

import pendulum
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual._styles_cache import StylesCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from networking_tui.domain import clock, playbook
from networking_tui.domain.dates import readable
from networking_tui.domain.model import (
    HANDLE_KEYS,
    HANDLE_LABELS,
    STAGE_TITLES,
    Contact,
    Link,
    MergeNote,
    newest_first,
)
from networking_tui.domain.rules import (
    WARM_PATH_STAGES,
    cadence,
    calendar_days,
    due_label,
    last_touch,
    pending_invitation,
    short_duration,
    stage_spans,
    thanks_due,
)

LATEST_TOUCHES = 5
PRIORITY_NAMES = {1: "1 (highest)", 2: "2", 3: "3 (lowest)"}
COLUMNS_FROM = 60  # a pane wider than this (below the board) lays out in columns
# Narrower, the stage history's column is left out (Enter shows it): three columns
# of readable dates ("Thu 22 Oct 2026") would cut the touches' dates in two.
HISTORY_FROM = 90


def _next_touch(contact: Contact, now: pendulum.DateTime) -> Text:
    due, kind = due_label(contact.next_touch, now.date())
    text = f"{readable(contact.next_touch)} ({due})" if contact.next_touch else due
    return Text(text, style="bold red" if kind == "overdue" else "")


def invitation_line(contact: Contact) -> str | None:
    """The invitation waiting for an answer, with its date, and the key that says yes."""
    sent = pending_invitation(contact)
    if sent is None:
        return None
    return f"sent {readable(clock.aware(sent.at))}, waiting (c: they accepted)"


def _day(moment: datetime | None) -> str | None:
    return readable(clock.aware(moment)) if moment else None


def _field_rows(
    contact: Contact, now: pendulum.DateTime, *, bare: bool = False
) -> list[tuple[str, str | Text]]:
    """Label and value of every field that is set, but for the name, stage, priority
    and next touch. `bare`: web addresses without https://www. (short of room)."""
    every = cadence(contact)
    rows: list[tuple[str, str | Text | None]] = [
        (
            "Cadence",
            f"every {every} days" + (" (own)" if contact.cadence_days else "")
            if every
            else "none while a stranger",
        ),
        ("Objective", contact.objective),
        ("Role", contact.role),
        ("Company", contact.company),
        ("Met at", contact.where_met),
        # "In common" fits the narrow pane's label column (ten cells).
        ("In common" if bare else "Common ground", contact.common_ground),
        ("Tags", " ".join(f"#{t}" for t in contact.tags) or None),
        ("Nickname", contact.nickname),
    ]
    for key in HANDLE_KEYS:
        value = getattr(contact.handles, key)
        if value and bare:
            value = value.removeprefix("https://").removeprefix("http://").removeprefix("www.")
        rows.append((HANDLE_LABELS[key], value))
    return [(label, value) for label, value in rows if value]


def _fields(contact: Contact, now: pendulum.DateTime) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    rows: list[tuple[str, str | Text | None]] = [
        ("Stage", STAGE_TITLES[contact.stage]),
        ("Priority", PRIORITY_NAMES.get(contact.priority, str(contact.priority))),
        ("Next touch", _next_touch(contact, now)),
        ("Invitation", invitation_line(contact)),
        *_field_rows(contact, now),
        ("Added", _day(contact.created_at)),
        ("Updated", _day(contact.updated_at)),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, Text(value) if isinstance(value, str) else value)
    return table


def _history(contact: Contact, now: pendulum.DateTime) -> RenderableType:
    spans = stage_spans(contact)
    if not spans:
        return Text("No stage history recorded.", style="dim")
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for span in spans:
        table.add_row(
            STAGE_TITLES.get(span.stage, span.stage),
            readable(span.start),
            short_duration(span.duration(now)) + ("" if span.end else " so far"),
        )
    return table


def _touches(contact: Contact, limit: int | None) -> RenderableType:
    if not contact.interactions:
        return Text("No touches logged yet.", style="dim")
    latest = newest_first(contact.interactions, lambda i: clock.aware(i.at))
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for touch in latest[:limit]:
        # In the pane (a limit) a note takes one line, so more touches fit.
        note = Text(touch.note, no_wrap=limit is not None, overflow="ellipsis")
        table.add_row(readable(clock.aware(touch.at)), Text(touch.kind), note)
    more = len(latest) - (limit or len(latest))
    if more > 0:
        return Group(table, Text(f"… and {more} earlier (Enter shows them all)", style="dim"))
    return table


def _summary(contact: Contact, now: pendulum.DateTime) -> Text:
    count = len(contact.interactions)
    text = Text(f"{count} touch{'es' if count != 1 else ''}", style="dim")
    last = last_touch(contact)
    if last is not None:
        days = calendar_days(clock.aware(last.at).date(), now.date())
        ago = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        text.append(f" · last one {ago} ({last.kind})")
    ask = thanks_due(contact)
    if ask is not None:
        asked = readable(clock.aware(ask.at))
        text.append(f"\n⚑ say thank you for the ask of {asked}", style="bold yellow")
    return text


@dataclass(frozen=True)
class People:
    """What the pane needs to know of the other contacts: names and warm paths."""

    name_of: Callable[[str], str | None]
    warm_paths: list[tuple[str, bool]]  # connector's name, agreed to be named


def _named(link: Link, people: People) -> str:
    name = people.name_of(link.uid) or "(a contact no longer in the file)"
    return f"{name} ({'agreed to be named' if link.may_mention else 'not yet agreed to be named'})"


def _second_degree(contact: Contact, people: People) -> list[RenderableType]:
    lines: list[RenderableType] = []
    if contact.introduced_by:
        lines.append(Text(f"Introduced by {_named(contact.introduced_by, people)}"))
    if contact.knows:
        lines.append(Text("Knows " + "; ".join(_named(k, people) for k in contact.knows)))
    if contact.stage in WARM_PATH_STAGES:
        if people.warm_paths:
            for name, agreed in people.warm_paths:
                consent = "agreed to be named" if agreed else "ask before naming them"
                lines.append(Text(f"Warm path: {name} (Connected) knows them, {consent}"))
            lines.append(Text("Press i to ask for an introduction.", style="dim"))
        else:
            lines.append(
                Text(
                    "No warm path yet: no Connected contact is recorded as knowing them.",
                    style="dim",
                )
            )
    return lines


def render_contact(
    contact: Contact,
    now: pendulum.DateTime,
    people: People | None = None,
    *,
    full: bool = False,
    why: str | None = None,
    touches: bool = True,
    touches_first: bool = False,
) -> RenderableType:
    """Everything about the contact; `touches`: with its touch log (the contact view
    lists the touches itself, to act on them); `touches_first`: the latest touches
    above the fields (the daily review: what happened last decides what to do, and
    on a short terminal the end of the list is below the fold)."""
    parts: list[RenderableType] = [Text(contact.name, style="bold"), _summary(contact, now)]
    if why:
        parts.append(Text(f"Why now: {why}", style="bold yellow"))
    touch_part: list[RenderableType] = []
    if touches:
        touch_part = [
            Text(),
            Text(
                f"{'Interaction log, newest first' if full else 'Latest touches'} "
                f"({len(contact.interactions)})",
                style="bold underline",
            ),
            _touches(contact, None if full else LATEST_TOUCHES),
        ]
    if touches_first:
        parts += [*touch_part, Text()]
    parts.append(_fields(contact, now))
    if contact.notes:
        parts += [Text(), Text("Notes", style="bold underline"), Text(contact.notes)]
    if contact.merge_notes:
        parts += [Text(), Text("Merged from another machine", style="bold yellow underline")]
        parts += [Text(merge_note_line(note)) for note in contact.merge_notes]
    if people is not None and (second := _second_degree(contact, people)):
        parts += [Text(), Text("Second degree", style="bold underline"), *second]
    parts += [
        Text(),
        Text("Next step", style="bold underline"),
        Text(playbook.NEXT_STEP[contact.stage], style="italic"),
        Text(),
        Text("Stage history", style="bold underline"),
        _history(contact, now),
    ]
    if not touches_first:
        parts += touch_part
    return Group(*parts)


def _people_rows(contact: Contact, people: People | None) -> list[tuple[str, str | Text]]:
    """The second degree, as field rows (the columns layout has no room for prose)."""
    if people is None:
        return []
    rows: list[tuple[str, str | Text]] = []
    if contact.introduced_by:
        rows.append(("Intro by", _named(contact.introduced_by, people)))
    if contact.knows:
        rows.append(("Knows", "; ".join(_named(k, people) for k in contact.knows)))
    if contact.stage in WARM_PATH_STAGES:
        for name, agreed in people.warm_paths:
            consent = "agreed to be named" if agreed else "ask before naming them"
            rows.append(("Warm path", f"{name} knows them, {consent} (i asks)"))
    return rows


Cell = str | Text
Row = tuple[Cell, ...]


def _grid(rows: list[Row], widths: list[int], styles: tuple[str, ...]) -> Table:
    """Rows of one line each, in columns of fixed widths; what is too long ends in …"""
    table = Table.grid(padding=(0, 1))
    for width, style in zip(widths, styles, strict=True):
        table.add_column(width=max(0, width), style=style, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in row))
    return table


def _natural(rows: list[Row], column: int) -> int:
    return max((cell_len(str(row[column])) for row in rows if len(row) > column), default=0)


def _cut(rows: list[Row], room: int, more: Callable[[int], Row]) -> list[Row]:
    """At most `room` rows; the last one says how many more there are."""
    if len(rows) <= room:
        return rows
    kept = rows[: max(0, room - 1)]
    return [*kept, more(len(rows) - len(kept))] if room > 0 else []


def render_columns(
    contact: Contact,
    now: pendulum.DateTime,
    people: People | None = None,
    *,
    size: Size,
    why: str | None = None,
) -> RenderableType:
    """The pane below the board on narrow terminals: a line about the contact, one
    with what to do, then every field, the stage history (with the time in each
    stage) and the latest touches side by side. Each column is cut to the pane's
    height with a count of what is left out; Enter shows everything."""
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(contact.name, style="bold")
    priority = PRIORITY_NAMES.get(contact.priority, str(contact.priority))
    head.append(f"  {STAGE_TITLES[contact.stage]} · priority {priority} · ")
    if contact.next_touch is None:
        head.append("no next touch set")
    else:
        head.append("next touch ")
        head.append_text(_next_touch(contact, now))
    ask = thanks_due(contact)
    if ask is not None:
        asked = readable(clock.aware(ask.at))
        head.append(f"  ⚑ say thank you for the ask of {asked}", style="bold yellow")
    if why:
        todo = Text(f"Why now: {why}", style="bold yellow")
    else:
        todo = Text(f"Next step: {playbook.NEXT_STEP[contact.stage]}", style="italic")
    todo.no_wrap, todo.overflow = True, "ellipsis"
    room = max(2, size.height - 2)  # lines under the two above

    invited = invitation_line(contact)
    fields: list[Row] = [
        *([("Invitation", invited)] if invited else []),
        *_field_rows(contact, now, bare=True),
        *_people_rows(contact, people),
    ]
    if contact.notes:
        fields.append(("Notes", " ".join(contact.notes.split())))
    fields = _cut(fields, room, lambda n: ("…", f"{n} more: Enter shows all"))

    spans = stage_spans(contact)
    dates = [
        (label, day, "")
        for label, day in (
            ("Added", _day(contact.created_at)),
            ("Updated", _day(contact.updated_at)),
        )
        if day
    ]
    # Under the title: the stages first (the current one above all), then the dates.
    under_title = room - 1
    dates = dates[: max(0, under_title - min(len(spans), 2))]
    span_room = max(1, under_title - len(dates))
    history: list[Row] = []
    if len(spans) > span_room:
        kept = max(1, span_room - 1)
        if span_room > 1:
            history.append(("…", f"{len(spans) - kept} earlier", ""))
        spans = spans[len(spans) - kept :]
    for span in spans:
        duration = short_duration(span.duration(now)) + ("" if span.end else " so far")
        history.append((STAGE_TITLES[span.stage], readable(span.start), duration))
    if not history:
        history.append(("none recorded", "", ""))
    history += dates

    latest = newest_first(contact.interactions, lambda i: clock.aware(i.at))
    touches: list[Row] = [
        (readable(clock.aware(t.at)), t.kind, t.note) for t in latest[:LATEST_TOUCHES]
    ]
    if len(latest) > LATEST_TOUCHES:
        touches.append(("…", "", f"{len(latest) - LATEST_TOUCHES} earlier (Enter)"))
    touches = _cut(touches, room - 1, lambda n: ("…", "", f"{n} more (Enter)")) or [
        ("none logged yet", "", "")
    ]

    # Widths by hand: Rich would shrink every column alike, dates and labels too.
    title = "bold underline"
    date, kind = _natural(touches, 0), _natural(touches, 1)
    label = min(_natural(fields, 0), 10)
    body = Table.grid(padding=(0, 2))
    if size.width < HISTORY_FROM:
        rest = size.width - 2
        fields_width = rest * 2 // 5
        touches_width = rest - fields_width
        history_part: list[RenderableType] = []
    else:
        history_widths = [_natural(history, c) for c in range(3)]
        history_width = min(sum(history_widths) + 2, size.width * 2 // 5)
        over = sum(history_widths) + 2 - history_width
        if over > 0:  # the stage and its date whole; "5 weeks so far" gives way
            history_widths[2] = max(1, history_widths[2] - over)
        rest = size.width - history_width - 4
        fields_width, touches_width = rest // 2, rest - rest // 2
        history_part = [
            Group(
                Text("Stage history", style=title),
                _grid(history, history_widths, ("", "dim", "")),
            )
        ]
    body.add_column(width=fields_width, no_wrap=True)
    for _ in history_part:
        body.add_column(width=history_width, no_wrap=True)
    body.add_column(width=touches_width, no_wrap=True)
    body.add_row(
        _grid(fields, [label, fields_width - label - 1], ("dim", "")),
        *history_part,
        Group(
            Text(f"Latest touches ({len(latest)})", style=title),
            _grid(touches, [date, kind, touches_width - date - kind - 2], ("dim", "", "")),
        ),
    )
    return Group(head, todo, body)


def render_stage(stage: str) -> RenderableType:
    return Group(
        Text(STAGE_TITLES[stage], style="bold"),
        Text(playbook.MEANING[stage]),
        Text(),
        Text("Next step", style="bold underline"),
        Text(playbook.NEXT_STEP[stage], style="italic"),
    )


class ContactDetail(Widget, can_focus=False):
    """Follows the board's focus; shows the stage's playbook when a column is empty.

    It repaints rather than re-laying out (see line.py): what does not fit is cut,
    and Enter opens the contact's full, scrollable view. Beside the board it is a
    narrow column; below it (narrow terminals) it is wide and short, and lays the
    contact out in columns so the history and the touches still show.

    A contact shown with a `key` (what identifies it as it is: the board passes the
    uid, the store's version and the day) can be drawn ahead (`draw_ahead`): the
    board draws the next card's pane after a focus move, so that the next move
    only shows lines drawn already (4 ms of a move's 8 at 120x40)."""

    KEEP = 4  # panes drawn, kept: the one shown and those drawn ahead

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._show: Callable[[Size], RenderableType] = lambda size: ""
        self._key: Hashable = object()  # what `_show` draws, for the lines kept
        self._drawn: dict[Hashable, list[Strip]] = {}  # by (key, size, style, selection)
        self._styled: dict[Hashable, list[Strip]] = {}  # the same, with border and padding

    def render(self) -> RenderableType:
        return self._show(self.content_size)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The pane's lines as the screen shows them (border, padding, filters), kept
        like the drawn ones: a focus move to a card drawn ahead, or back to one,
        hands them over instead of styling its lines again (Textual's line cache
        holds one pane, by line number)."""
        full = self._full(self._key)
        styled = self._styled.get(full)
        if styled is None:
            styled = self._style(full, self._key, self._show)
        lines = styled[crop.y : crop.bottom]
        if crop.x or crop.width != self.region.width:
            lines = [line.crop(crop.x, crop.right) for line in lines]
        return lines

    def _full(self, key: Hashable) -> Hashable:
        return (key, self.size, self.visual_style, self.text_selection)

    def _style(
        self, full: Hashable, key: Hashable, show: Callable[[Size], RenderableType]
    ) -> list[Strip]:
        """Every line of the pane for `show`, styled as Textual styles a widget's lines,
        in a line cache of its own."""
        shown = self._key, self._show
        self._key, self._show = key, show  # what render_line draws meanwhile
        try:
            styled = StylesCache().render_widget(self, self.region.size.region)
        finally:
            self._key, self._show = shown
        _keep(self._styled, full, styled, self.KEEP)
        return styled

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled.clear()  # a theme or CSS change: other colours around the lines

    def render_line(self, y: int) -> Strip:
        strips = self._lines(self._key, self._show)
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _lines(self, key: Hashable, show: Callable[[Size], RenderableType]) -> list[Strip]:
        """The pane's lines for `show`, as Textual draws a widget's render(): kept
        while what it shows, its size, its style and any selection stay the same."""
        full = self._full(key)
        strips = self._drawn.get(full)
        if strips is None:
            width, height = self.size
            visual = visualize(self, show(self.content_size), markup=False)
            strips = Visual.to_strips(self, visual, width, height, self.visual_style)
            _keep(self._drawn, full, strips, self.KEEP)
        return strips

    @property
    def showing(self) -> Hashable:
        """What it was last asked to show: changes on each show_* call."""
        return self._key

    def _set(self, show: Callable[[Size], RenderableType], key: Hashable = None) -> None:
        self._show = show
        self._key = object() if key is None else key
        self.refresh()

    def show_contact(
        self,
        contact: Contact,
        people: People | None = None,
        why: str | None = None,
        *,
        key: Hashable = None,
    ) -> None:
        self._set(self._contact_view(contact, people, why), key)

    def draw_ahead(self, key: Hashable, contact: Contact, people: People | None = None) -> None:
        """Draw the pane of a contact likely shown next, to show it at once then."""
        if self.size:
            show = self._contact_view(contact, people, None)
            full = self._full(key)
            if full not in self._styled:
                self._style(full, key, show)

    @staticmethod
    def _contact_view(
        contact: Contact, people: People | None, why: str | None
    ) -> Callable[[Size], RenderableType]:
        now = clock.now()

        def show(size: Size) -> RenderableType:
            if size.width > COLUMNS_FROM:
                return render_columns(contact, now, people, size=size, why=why)
            return render_contact(contact, now, people, why=why)

        return show

    def show_stage(self, stage: str) -> None:
        self._set(lambda size: render_stage(stage))

    def show_text(self, text: str) -> None:
        self._set(lambda size: Text(text))

    @property
    def body(self) -> RenderableType:
        """What the pane shows at its present size."""
        return self._show(self.content_size)


def _keep(kept: dict[Hashable, list[Strip]], full: Hashable, lines: list[Strip], most: int) -> None:
    while len(kept) >= most:
        del kept[next(iter(kept))]  # the oldest
    kept[full] = lines


def merge_note_line(note: MergeNote) -> str:
    """One merge note in words (M in the contact view dismisses them)."""
    if note.field == "deleted":
        return "  It was deleted on one machine and changed on the other: it is kept."
    field = note.field.replace("_", " ")
    return f"  The other machine's {field}, not kept: {note.value}"
