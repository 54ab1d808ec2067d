"""`/`: find anyone by anything written about them. Results follow every key; the
query runs on the finder's thread (the newest query first), so the board behind
stays responsive; a key waits a moment for its answer, to draw both together."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as NotYet
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from networking_tui.data.finder import Answer, Finder
from networking_tui.domain.search import Hit
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.results import ResultList
from networking_tui.ui.widgets.status import TopBar

# How long a key waits for its answer before the field is drawn without it. An answer
# within this comes in the same frame as the letter typed; one later comes in a frame
# of its own, at least a frame period (1/60 s) after the letter's.
ANSWER_WAIT = 0.025  # s

HINT = (
    "Type a name, a handle, a company, a tag, a place or a word of your notes; "
    "accents, case and word order do not matter. Enter jumps to the card."
)


class SearchField(Input):
    """The query field. Its virtual size (the text's width) changes with every key;
    Input's own makes that a layout of the whole screen, ~10 ms a key for nothing:
    the field is as wide as the screen and 3 lines high whatever it holds."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, typed: Callable[[str], None], **options: Any) -> None:
        super().__init__(**options)
        self._typed = typed

    def watch_value(self, value: str) -> None:
        # Answered as the key is handled, before the field tells the screen it needs
        # drawing: the widgets the answer changes tell it first, and the screen draws
        # the letter typed and its answer in one frame, not two 17 ms apart.
        self._typed(value)


class SearchScreen(Screen[str | None]):
    """Dismisses with the chosen contact's uid (None: Escape, back where you were)."""

    DEFAULT_CSS = """
    SearchScreen #search-input { margin: 0 1; }
    SearchScreen #search-count { height: 1; padding: 0 2; color: $text-muted; }
    SearchScreen #search-results { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "choose", "Go to card"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]

    class Found(Message):
        def __init__(self, query: str, hits: list[Hit], count: int) -> None:
            super().__init__()
            self.query = query
            self.hits = hits
            self.count = count

    def __init__(self, finder: Finder, title: str) -> None:
        super().__init__(id="search-screen")
        self._finder = finder
        self._title = title

    def compose(self) -> ComposeResult:
        yield TopBar(self._title)
        yield SearchField(self._typed, placeholder="search…", id="search-input")
        yield Static(
            HINT if self._finder.ready else "Indexing your contacts…",
            id="search-count",
            markup=False,
        )
        yield ResultList(id="search-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if not self._finder.ready:
            self._await("", self._finder.ask(""))  # build the index while typing starts

    def _typed(self, query: str) -> None:
        answer = self._finder.ask(query)
        if self._finder.ready:  # not while the index is built: seconds
            try:
                found = answer.result(timeout=ANSWER_WAIT)
            except NotYet:
                pass
            else:
                if found is not None:
                    self._present(query, found)
                return
        self._await(query, answer)

    @work(thread=True, exclusive=True, group="search")
    def _await(self, query: str, answer: Future[Answer | None]) -> None:
        found = answer.result()
        if found is not None:  # None: skipped, a newer query was asked
            self.post_message(self.Found(query, *found))

    @on(Found)
    def _show(self, event: Found) -> None:
        self._present(event.query, (event.hits, event.count))

    def _present(self, asked: str, found: Answer) -> None:
        query = self.query_one(Input).value
        if asked != query:
            return  # typed on meanwhile: a newer answer is coming
        self.query_one(ResultList).show(found[0])
        # One line high whatever it says (CSS): no layout of the whole screen per key.
        self.query_one("#search-count", Static).update(_count_line(query, found), layout=False)

    def action_move(self, delta: int) -> None:
        self.query_one(ResultList).move_cursor(delta)

    @on(Input.Submitted)
    def action_choose(self) -> None:
        uid = self.query_one(ResultList).current_uid
        if uid is None:
            self.app.bell()
            return
        self.dismiss(uid)

    @on(ResultList.Chosen)
    def _clicked(self, event: ResultList.Chosen) -> None:
        self.dismiss(event.uid)

    def action_back(self) -> None:
        self.dismiss(None)


def _count_line(query: str, found: Answer) -> str:
    if not query.strip():
        return HINT
    asked = " ".join(query.split())
    hits, count = found
    if not count:
        return f"Nobody matches “{asked}”."
    shown = f", the best {len(hits)} shown" if count > len(hits) else ""
    return f"“{asked}”: {count:,} found{shown}; Enter goes to the highlighted one."
