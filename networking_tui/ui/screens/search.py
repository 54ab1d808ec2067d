"""`/`: find anyone by anything written about them. Results follow every key; the
query runs on a worker thread, so the board behind stays responsive."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from networking_tui.data.finder import Finder
from networking_tui.domain.search import Hit
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.results import ResultList
from networking_tui.ui.widgets.status import TopBar

HINT = (
    "Type a name, a handle, a company, a tag, a place or a word of your notes; "
    "accents, case and word order do not matter. Enter jumps to the card."
)


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
        yield Input(placeholder="search…", id="search-input")
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
            self._search("")  # build the index while the person starts typing

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        hits, count = self._finder.find(query)
        self.post_message(self.Found(query, hits, count))

    @on(Found)
    def _show(self, event: Found) -> None:
        query = self.query_one(Input).value
        if event.query != query:
            return  # typed on meanwhile: a newer answer is coming
        self.query_one(ResultList).show(event.hits)
        # One line high whatever it says (CSS): no layout of the whole screen per key.
        self.query_one("#search-count", Static).update(_count_line(query, event), layout=False)

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


def _count_line(query: str, found: SearchScreen.Found) -> str:
    if not query.strip():
        return HINT
    asked = " ".join(query.split())
    if not found.count:
        return f"Nobody matches “{asked}”."
    shown = f", the best {len(found.hits)} shown" if found.count > len(found.hits) else ""
    return f"“{asked}”: {found.count:,} found{shown}; Enter goes to the highlighted one."
