"""The command palette (Ctrl+P): every view and flow by name."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from networking_tui.domain.model import STAGE_TITLES
from networking_tui.ui.filtering import FiltersBoard
from networking_tui.ui.finding import FindsContacts

COMMANDS = [
    ("Show the agenda", "who is due today, and why", "show_view('agenda')"),
    ("Show the board", "the five stages", "show_view('board')"),
    ("Start the daily review", "everyone due, one at a time", "review"),
    ("New event", "a conference or meetup, and who you expect there", "new_event"),
    ("Weekly goals", "newly connected and touches per week; the Engaged limit", "goals"),
    ("Quick add a contact", "one line: name @handle #tag met at … fu …", "quick_add"),
    ("Log a touch in one line", "Ada: call, … ; fu in 3 days", "log_line"),
    ("Archived contacts", "bring back or delete for good", "archive_list"),
    ("Import…", "people from LinkedIn's Connections.csv or a vCard (.vcf) file", "import_file"),
    ("Message templates", "edit the shipped ones, add your own", "template_list"),
    ("Progress: is my networking working?", "funnel, touches per week, goals (S)", "progress"),
    ("Search contacts", "by name, handle, company, tag, place or notes (/)", "search"),
    ("Filter the board", "by tag, priority, objective, stage age, due, where met (f)", "filter"),
    ("Clear the filter", "show everyone on the board again (Escape)", "clear_filter"),
    ("Help: every key", "what each key does, on every screen", "help"),
]


class AppCommands(Provider):
    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )


PEOPLE_IN_PALETTE = 8


class PeopleCommands(Provider):
    """Typing a name in the palette lists matching people; choosing one goes to
    their card (an archived one: the archive, on them)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, FindsContacts) or not query.strip():
            return
        finding = app.finding
        # On a thread: the first query builds the index (seconds at 30,000 contacts).
        hits, _ = await asyncio.to_thread(finding.finder.find, query, PEOPLE_IN_PALETTE)
        for rank, hit in enumerate(hits):
            stage = STAGE_TITLES.get(hit.stage, hit.stage)
            where = f"{stage}{' · archived' if hit.archived else ''}"
            yield Hit(
                0.9 - rank / 100,
                Text(hit.name),
                partial(finding.jump_to, hit.uid),
                text=hit.name,
                help=f"{where} · {hit.label}: {hit.text}",
            )


class SavedFilterCommands(Provider):
    """Each saved filter by name: choosing one filters the board with it."""

    def _filters(self) -> list[tuple[str, str, partial[None]]]:
        app = self.app
        if not isinstance(app, FiltersBoard):
            return []
        board_filter = app.board_filter
        return [
            (f"Filter: {name}", value.describe(), partial(board_filter.apply, value))
            for name, value in board_filter.saved().items()
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self._filters():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._filters():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
