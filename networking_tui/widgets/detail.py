"""The detail pane: every field of the focused contact, its stages and latest touches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pendulum
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from .. import clock, playbook
from ..model import HANDLE_KEYS, HANDLE_LABELS, STAGE_TITLES, Contact, Link
from ..rules import (
    cadence,
    calendar_days,
    due_label,
    last_touch,
    short_duration,
    stage_spans,
    thanks_due,
)

LATEST_TOUCHES = 5
PRIORITY_NAMES = {1: "1 (highest)", 2: "2", 3: "3 (lowest)"}


def _fields(contact: Contact, now: pendulum.DateTime) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    due, kind = due_label(contact.next_touch, now.date())
    next_touch = f"{contact.next_touch.isoformat()} ({due})" if contact.next_touch else due
    every = cadence(contact)
    rows: list[tuple[str, str | Text | None]] = [
        ("Stage", STAGE_TITLES[contact.stage]),
        ("Priority", PRIORITY_NAMES.get(contact.priority, str(contact.priority))),
        ("Next touch", Text(next_touch, style="bold red" if kind == "overdue" else "")),
        (
            "Cadence",
            f"every {every} days" + (" (own)" if contact.cadence_days else "")
            if every
            else "none while a stranger",
        ),
        ("Objective", contact.objective),
        ("Company", " · ".join(p for p in (contact.role, contact.company) if p) or None),
        ("Met at", contact.where_met),
        ("Common", contact.common_ground),
        ("Tags", " ".join(f"#{t}" for t in contact.tags) or None),
        ("Nickname", contact.nickname),
    ]
    rows += [(HANDLE_LABELS[key], getattr(contact.handles, key)) for key in HANDLE_KEYS]
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
            span.start.format("YYYY-MM-DD"),
            short_duration(span.duration(now)) + ("" if span.end else " so far"),
        )
    return table


def _touches(contact: Contact, limit: int | None) -> RenderableType:
    if not contact.interactions:
        return Text("No touches logged yet.", style="dim")
    latest = sorted(contact.interactions, key=lambda i: clock.aware(i.at), reverse=True)
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for touch in latest[:limit]:
        table.add_row(
            clock.aware(touch.at).format("YYYY-MM-DD"), Text(touch.kind), Text(touch.note)
        )
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
        asked = clock.aware(ask.at).format("YYYY-MM-DD")
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
    if contact.stage in ("stranger", "follower"):
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
) -> RenderableType:
    parts: list[RenderableType] = [Text(contact.name, style="bold"), _summary(contact, now)]
    if why:
        parts.append(Text(f"Why now: {why}", style="bold yellow"))
    parts.append(_fields(contact, now))
    if contact.notes:
        parts += [Text(), Text(contact.notes)]
    if people is not None and (second := _second_degree(contact, people)):
        parts += [Text(), Text("Second degree", style="bold underline"), *second]
    parts += [
        Text(),
        Text("Next step", style="bold underline"),
        Text(playbook.NEXT_STEP[contact.stage], style="italic"),
        Text(),
        Text("Stage history", style="bold underline"),
        _history(contact, now),
        Text(),
        Text(
            f"{'Interaction log, newest first' if full else 'Latest touches'} "
            f"({len(contact.interactions)})",
            style="bold underline",
        ),
        _touches(contact, None if full else LATEST_TOUCHES),
    ]
    return Group(*parts)


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
    and Enter opens the contact's full, scrollable view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._body: RenderableType = ""

    def render(self) -> RenderableType:
        return self._body

    def _set(self, body: RenderableType) -> None:
        self._body = body
        self.refresh()

    def show_contact(
        self, contact: Contact, people: People | None = None, why: str | None = None
    ) -> None:
        self._set(render_contact(contact, clock.now(), people, why=why))

    def show_stage(self, stage: str) -> None:
        self._set(render_stage(stage))

    def show_text(self, text: str) -> None:
        self._set(Text(text))

    @property
    def body(self) -> RenderableType:
        return self._body
