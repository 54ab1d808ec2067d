"""Every key, in one place. A test checks that each binding in the app is listed here
(tests/test_keys.py), and in the README's Keys table."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from networking_tui.ui.backdrop import Modal

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("Ctrl+Z", "undo the last change (again for the one before)"),
            ("Ctrl+P", "command palette: find a view or an action by name"),
            ("?", "this help (? q or Escape closes it)"),
            ("q / Ctrl+Q", "quit (everything is saved first)"),
        ],
    ),
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
            (
                "A",
                "the archive: Enter shows one, u restores it, D deletes for good "
                "(A again or Escape closes it)",
            ),
            (
                "T",
                "message templates: n adds, e or Enter edits, D deletes your own "
                "(T again or Escape closes them)",
            ),
        ],
    ),
    (
        "Find",
        [
            (
                "/",
                "on the board, the agenda or the archive: search every contact by name, "
                "nickname, handle, company, role, tag, where met, common ground or notes; "
                "accents, case and word order do not matter",
            ),
            ("↑ ↓ PgUp PgDn", "in the search: move through the results"),
            ("Enter", "in the search: go to the card (an archived one: in the archive)"),
            ("Escape", "in the search: back to where you were"),
            ("Ctrl+P", "the palette finds people too: type a name, Enter goes to the card"),
            (
                "f",
                "on the board: filter it in one line (#tag !1 >stage due:week days>30 "
                "objective:advice no-next met:PyCon); a name under it saves it "
                "(Ctrl+P recalls it); Ctrl+L in it clears the filter",
            ),
            ("Escape", "on the board, with a filter on: show everyone again"),
            ("Ctrl+L", "on the board or the agenda, with a filter on: show everyone again"),
            (
                "S",
                "on the board or the agenda: progress: the funnel, touches per week, "
                "time between stages, this week's goals, who is losing touch (S closes)",
            ),
        ],
    ),
    (
        "A contact (on the board or in its view)",
        [
            ("l", "log a touch (call, email…); the next touch moves by the cadence"),
            ("e", "edit every field"),
            (
                "m",
                "write a message from a template: "
                "Ctrl+S copies it and logs the touch, Ctrl+Y only copies it",
            ),
            ("s", "snooze: pick the next touch"),
            ("c", "an invitation waiting: they accepted (now Connected)"),
            ("x", "archive (leaves the board, stays in the file)"),
            ("i", "on a stranger or follower: ask a warm path for an introduction"),
            (
                "Tab",
                "in the contact view: the touch log; Enter shows a touch in full, "
                "e edits it, Delete or Ctrl+D removes it (after a question)",
            ),
            (
                "w",
                "in the contact view: who knows whom "
                "(Delete or Ctrl+D removes the highlighted link)",
            ),
            ("u", "in an archived contact's view: bring them back to the board"),
            ("M", "merge notes read: dismiss what a merge of two machines kept aside"),
            ("Escape", "back to where the contact was opened from"),
        ],
    ),
    (
        "Agenda and daily review",
        [
            (
                "g",
                "on the board: open the agenda; in the agenda: back to the board "
                "(or click the tabs, or Ctrl+P; not in a contact's view or the archive)",
            ),
            ("r", "daily review: everyone due, one at a time"),
            ("l s > m Enter", "on an agenda row: log, snooze, advance, message, open"),
            ("n / Enter", "in the agenda: add an event / edit it (who you met)"),
            ("x / Delete", "in the agenda: delete the event (asks first)"),
            ("", "in the event form, Enter on the people lists namesakes to pick one"),
            ("G", "in the agenda: weekly goals and the engaged limit"),
            ("Escape", "in the agenda: back to the board"),
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
            ("Ctrl+N", "in quick-add, after pasting several lines: the next line into the field"),
            ("L", "log in one line: Ada: call, she will introduce me ; fu in 3 days"),
            ("", "several Adas? Enter lists them to pick one · kinds: call, dm, thanks…"),
            (
                "dates",
                "today, tomorrow, yesterday, in 3 days, 2w, +3d, 2w ago, fri, next tue, "
                "next week, next month, 3 dec, dec 3, 2026-12-03",
            ),
        ],
    ),
    (
        "Forms and questions",
        [
            ("Ctrl+S", "save the form (edit, log a touch, event, goals, links, template)"),
            ("Escape", "close it without saving"),
            ("Tab Shift+Tab", "next / previous field"),
            ("Enter", "in a list of choices: choose"),
            ("y / n", "answer a question (Escape: no)"),
        ],
    ),
]


def help_table() -> Group:
    """Each section's title above its keys; one width for every key column, so the
    descriptions line up and a long title does not widen it."""
    width = max(cell_len(keys) for _, rows in SECTIONS for keys, _ in rows)
    parts: list[RenderableType] = []
    for title, rows in SECTIONS:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, width=width)
        table.add_column()
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        parts += [Text(title, style="bold underline"), table, Text()]
    return Group(*parts)


class HelpScreen(Modal[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title", markup=False)
            yield Static(help_table(), markup=False)
            yield Static("Escape closes this help.", classes="dim", markup=False)
