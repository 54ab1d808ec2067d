"""The detail pane: every field of the focused contact, its stages and latest touches."""

from __future__ import annotations

import pendulum
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from .. import clock, playbook
from ..model import HANDLE_KEYS, STAGE_TITLES, Contact
from ..rules import cadence, due_label, short_duration, stage_spans

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
    rows += [
        (key.capitalize() if key != "x" else "X", getattr(contact.handles, key))
        for key in HANDLE_KEYS
    ]
    for label, value in rows:
        if value:
            table.add_row(label, value)
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


def _touches(contact: Contact, now: pendulum.DateTime) -> RenderableType:
    if not contact.interactions:
        return Text("No touches logged yet.", style="dim")
    latest = sorted(contact.interactions, key=lambda i: clock.aware(i.at), reverse=True)
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for touch in latest[:LATEST_TOUCHES]:
        table.add_row(clock.aware(touch.at).format("YYYY-MM-DD"), touch.kind, touch.note)
    more = len(latest) - LATEST_TOUCHES
    if more > 0:
        return Group(table, Text(f"… and {more} earlier", style="dim"))
    return table


def render_contact(contact: Contact, now: pendulum.DateTime) -> RenderableType:
    parts: list[RenderableType] = [Text(contact.name, style="bold"), _fields(contact, now)]
    if contact.notes:
        parts += [Text(), Text(contact.notes)]
    parts += [
        Text(),
        Text("Next step", style="bold underline"),
        Text(playbook.NEXT_STEP[contact.stage], style="italic"),
        Text(),
        Text("Stage history", style="bold underline"),
        _history(contact, now),
        Text(),
        Text(f"Latest touches ({len(contact.interactions)})", style="bold underline"),
        _touches(contact, now),
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


class ContactDetail(VerticalScroll, can_focus=False):
    """Follows the board's focus; shows the stage's playbook when a column is empty."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show_contact(self, contact: Contact) -> None:
        self.query_one("#detail-body", Static).update(render_contact(contact, clock.now()))
        self.scroll_home(animate=False)

    def show_stage(self, stage: str) -> None:
        self.query_one("#detail-body", Static).update(render_stage(stage))

    def show_text(self, text: str) -> None:
        self.query_one("#detail-body", Static).update(text)
