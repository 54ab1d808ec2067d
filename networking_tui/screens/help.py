"""Every key, in one place. A test checks that each binding in the app is listed here."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Board",
        [
            ("← → / h", "focus the previous / next column (h: previous)"),
            ("↑ ↓ / k j", "previous / next card"),
            ("Home End", "first / last card of the column"),
            ("PgUp PgDn", "a page up / down"),
            ("Shift+→ / >", "move the contact one stage forward"),
            ("Shift+← / <", "move the contact one stage back"),
            ("Enter", "open the contact"),
            ("● ◐ ○", "on a card: priority 1 (highest), 2, 3"),
            ("due", "on a card: the next touch, red when overdue, orange today"),
            ("mouse", "click a card to focus it; drag it onto another column to move it"),
            ("A", "the archive: Enter shows one, u brings it back, D deletes it for good"),
            ("T", "message templates: n adds, e edits, D deletes your own (T again closes)"),
        ],
    ),
    (
        "A contact (on the board or in its view)",
        [
            ("l", "log a touch (call, email…); the next touch moves by the cadence"),
            ("e", "edit every field (Ctrl+S saves, Escape cancels)"),
            ("m", "write a message from a template; copy it and log it"),
            ("x", "archive (leaves the board, stays in the file)"),
            ("i", "on a stranger or follower: ask a warm path for an introduction"),
            ("w", "in the contact view: who knows whom (Delete removes a listed link)"),
            ("Escape", "back to where the contact was opened from"),
        ],
    ),
    (
        "Agenda and daily review",
        [
            ("g", "switch between the board and the agenda (or click the tabs, or Ctrl+P)"),
            ("r", "daily review: everyone due, one at a time"),
            ("l s > m Enter", "on an agenda row: log, snooze, advance, message, open"),
            ("n / Enter / x", "in the agenda: add an event / edit it (who you met) / delete it"),
            ("", "in the event form, Enter on the people lists namesakes to pick one"),
            ("G", "in the agenda: weekly goals and the engaged limit"),
            ("l > s e m Enter", "in the review: log, advance, snooze, edit, message, open"),
            ("Space or n", "in the review: skip to the next person; Escape stops (work is kept)"),
            ("g", "in the review: leave it (work is kept) for the agenda"),
        ],
    ),
    (
        "Capture",
        [
            (
                "a",
                "quick add: Ada Lovelace @ada #pycon !1 >engaged met at PyCon fu tomorrow ; note",
            ),
            ("", "the name first · @handle X · li:URL LinkedIn · an email · #tag · !1-!3 · >stage"),
            ("", "met at <place> (starts Engaged, follow-up tomorrow) · fu <date> · ; note"),
            ("", ">stage without fu: the next touch by the stage's rhythm (Follower: in 7 days)"),
            ("", "fu needs a date; a name or place ending in Fu takes a capital (Mei Fu)"),
            ("", "already here? open it, add the line to it, or create another; Escape edits"),
            ("L", "log in one line: Ada: call, she will introduce me ; fu in 3 days"),
            ("", "several Adas? Enter lists them to pick one · kinds: call, dm, thanks…"),
            ("dates", "today, tomorrow, yesterday, in 3 days, 2w, +3d, fri, next tue,"),
            ("", "next week, next month, 3 dec, dec 3, 2026-12-03"),
        ],
    ),
    (
        "Anywhere",
        [
            ("Ctrl+Z", "undo the last change (again for the one before)"),
            ("?", "this help"),
            ("q", "quit (everything is saved first)"),
        ],
    ),
]


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, rows in SECTIONS:
        table.add_row(Text(title, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title", markup=False)
            yield Static(help_table(), markup=False)
            yield Static("Escape closes this help.", classes="dim", markup=False)
