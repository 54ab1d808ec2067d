"""The board's filter (`f`): which contacts it keeps is worked out on a worker
thread (it reads every contact: most of a second at 30,000), then the board shows
only them, the column headers say "shown/total" and every top bar names the
filter; the agenda shows only them too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from networking_tui.domain.filters import Filter
from networking_tui.ui import screens
from networking_tui.ui.widgets.status import TopBar
from networking_tui.usecases import filters

if TYPE_CHECKING:
    from textual.screen import Screen

    from networking_tui.data.store import Change, ContactStore
    from networking_tui.ui.screens.filter import FilterChoice
    from networking_tui.ui.widgets.board import Board


class FilterHost(Protocol):
    """What the filter needs of the app."""

    store: ContactStore
    board: Board

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...
    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None: ...
    def run_worker(
        self, work: Callable[[], None], *, group: str, exclusive: bool, thread: bool
    ) -> Any: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...
    def changed(self, change: Change, *, focus: bool = True) -> None: ...


@runtime_checkable
class FiltersBoard(Protocol):
    """An app with a board filter (for the agenda, the top bars and the palette)."""

    board_filter: BoardFilter


class BoardFilter:
    def __init__(self, host: FilterHost) -> None:
        self.host = host
        self.value = Filter()

    @property
    def active(self) -> bool:
        return not self.value.empty

    def open(self) -> None:
        saved = filters.saved(self.host.store)
        self.host.push_screen(screens.FilterScreen(self.value, saved), self._chosen)

    def _chosen(self, choice: FilterChoice | None) -> None:
        if choice is None:
            return
        value = choice.value
        if choice.save_as:
            value = replace(value, name=choice.save_as)
            done = filters.save(self.host.store, value)
            self.host.changed(done.change)
            self.host.notify(done.message)
        self.apply(value)

    def saved(self) -> dict[str, Filter]:
        return filters.saved(self.host.store)

    @property
    def kept(self) -> object:
        """What `keeps` goes by (None: everyone), for a view to tell, by identity,
        whether the filter changed since it drew its rows."""
        return self.host.board.only

    def keeps(self, uid: str) -> bool:
        only = self.host.board.only
        return only is None or uid in only

    def apply(self, value: Filter) -> None:
        """Filter the board (and the agenda) with `value`; an empty one clears it."""
        self.value = value
        if value.empty:
            self.host.board.set_filter(None)
            self._shown()
            return
        self._tell_bars(f"{self.text()} (working…)")
        self.host.run_worker(
            lambda: self._keep(value), thread=True, exclusive=True, group="board-filter"
        )

    def clear(self) -> None:
        self.apply(Filter())

    def _keep(self, value: Filter) -> None:
        """On a worker thread: the contacts the filter keeps, then shown."""
        kept = filters.kept(self.host.store, value)
        self.host.call_from_thread(self._show_kept, value, kept)

    def _show_kept(self, value: Filter, kept: set[str]) -> None:
        if value is not self.value:
            return  # another filter was chosen meanwhile
        self.host.board.set_filter(kept)
        self._shown()

    def text(self) -> str:
        """The filter in words, for the top bars ("" with none)."""
        if self.value.empty:
            return ""
        name = f"“{self.value.name}”: " if self.value.name else ""
        return f"filter {name}{self.value.describe()} (f, Ctrl+L clears)"

    def _tell_bars(self, text: str) -> None:
        for screen in self.host.screen_stack:
            for bar in screen.query(TopBar):
                bar.show_filter(text)

    def _shown(self) -> None:
        """The filter named in every top bar; the agenda, if open, redone with it."""
        self._tell_bars(self.text())
        for screen in self.host.screen_stack:
            if isinstance(screen, screens.AgendaScreen):
                screen.refresh_view()

    def pinned(self, uid: str) -> None:
        """A contact changed with a filter on (added, logged) is shown anyway: say so
        when the filter would not have kept them."""
        store = self.host.store
        if self.value.empty or uid not in store:
            return
        if not filters.keeps(store, self.value, uid):
            name = store.cards[uid].name
            self.host.notify(
                f"{name} is outside the filter ({self.value.describe()}): "
                "shown anyway until the filter changes."
            )
