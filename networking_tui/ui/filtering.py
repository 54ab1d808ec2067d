"""The board's filter (`f`), as app methods: which contacts it keeps is worked out
on a worker thread (it reads every contact: most of a second at 30,000), then the
board shows only them, the column headers say "shown/total" and the top bar names
the filter. Saved filters are documents of the table `filters`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from networking_tui.domain import clock, filters
from networking_tui.domain.filters import Filter, FilterError
from networking_tui.ui import screens
from networking_tui.ui.widgets.board import Board
from networking_tui.ui.widgets.status import TopBar

if TYPE_CHECKING:
    from textual.app import App

    from networking_tui.data.store import Change, ContactStore
    from networking_tui.ui.screens.filter import FilterChoice

    _Base = App[None]
else:
    _Base = object

FILTERS = "filters"


@runtime_checkable
class ShowsFilter(Protocol):
    """What the agenda needs: whether the filter keeps someone."""

    def filter_keeps(self, uid: str) -> bool: ...


@runtime_checkable
class FiltersBoard(Protocol):
    """What the palette's saved-filter provider needs of the app."""

    def saved_filters(self) -> dict[str, Filter]: ...

    def apply_filter(self, value: Filter) -> None: ...


class FilterActions(_Base):
    store: ContactStore
    board: Board
    active_filter: Filter = Filter()

    if TYPE_CHECKING:

        def changed(self, change: Change, *, focus: bool = True) -> None: ...  # the app's

    def action_filter(self) -> None:
        current = self.active_filter
        self.push_screen(screens.FilterScreen(current, self.saved_filters()), self._chosen)

    def filter_keeps(self, uid: str) -> bool:
        only = self.board.only
        return only is None or uid in only

    def action_clear_filter(self) -> None:
        self.apply_filter(Filter())

    def saved_filters(self) -> dict[str, Filter]:
        found = {}
        for doc in self.store.docs(FILTERS).values():
            name, words = doc.get("name"), doc.get("words")
            if isinstance(name, str) and isinstance(words, str):
                try:
                    found[name] = replace(filters.parse(words), name=name)
                except FilterError:
                    continue  # written by hand and unreadable: not offered
        return dict(sorted(found.items(), key=lambda kv: kv[0].casefold()))

    def _chosen(self, choice: FilterChoice | None) -> None:
        if choice is None:
            return
        value = choice.value
        if choice.save_as:
            value = replace(value, name=choice.save_as)
            self._save_filter(value)
        self.apply_filter(value)

    def _save_filter(self, value: Filter) -> None:
        uid = "filter-" + (re.sub(r"[^a-z0-9]+", "-", value.name.casefold()).strip("-") or "x")
        doc = {"uid": uid, "name": value.name, "words": filters.unparse(value)}
        if uid in self.store.docs(FILTERS):
            change = self.store.update(
                uid, lambda d: {**d, **doc}, f"save filter {value.name}", FILTERS
            )
        else:
            change = self.store.insert(doc, f"save filter {value.name}", FILTERS)
        self.changed(change)
        self.notify(f"Filter saved as “{value.name}”: Ctrl+P recalls it.")

    def apply_filter(self, value: Filter) -> None:
        if value.empty:
            self.active_filter = Filter()
            self.board.set_filter(None)
            self._filter_shown()
            return
        self.active_filter = value
        self.top_bar.show_filter(f"filter: {value.describe()} (working…)")
        self.run_worker(
            lambda: self._keep(value), thread=True, exclusive=True, group="board-filter"
        )

    def _keep(self, value: Filter) -> None:
        """On a worker thread: the contacts the filter keeps, then shown."""
        store = self.store
        contacts = []
        for uid in list(store.cards):
            try:
                contacts.append((uid, store.contact(uid)))
            except KeyError:
                continue  # deleted meanwhile
        kept = filters.keep(contacts, value, clock.today(), store.docs("events"))
        self.call_from_thread(self._show_kept, value, set(kept))

    def _show_kept(self, value: Filter, kept: set[str]) -> None:
        if value is not self.active_filter:
            return  # another filter was chosen meanwhile
        self.board.set_filter(kept)
        self._filter_shown()

    def filter_text(self) -> str:
        """The filter in words, for the top bars ("" with none)."""
        value = self.active_filter
        if value.empty:
            return ""
        name = f"“{value.name}”: " if value.name else ""
        return f"filter {name}{value.describe()} (f, Ctrl+L clears)"

    def _filter_shown(self) -> None:
        """The filter named in every top bar; the agenda, if open, redone with it."""
        text = self.filter_text()
        for screen in self.screen_stack:
            for bar in screen.query(TopBar):
                bar.show_filter(text)
            if screen.id == "agenda-screen":
                refresh = getattr(screen, "refresh_view", None)
                if refresh is not None:
                    refresh()

    def on_board_pinned(self, event: Board.Pinned) -> None:
        """A contact changed with a filter on (added, logged) is shown anyway: say so
        when the filter would not have kept them."""
        value = self.active_filter
        if value.empty or event.uid not in self.store:
            return
        contact = self.store.contact(event.uid)
        at = filters.people_at(self.store.docs("events"), value.met_at) if value.met_at else None
        if not value.matches(contact, clock.today(), at or frozenset(), event.uid):
            self.notify(
                f"{contact.name} is outside the filter ({value.describe()}): "
                "shown anyway until the filter changes."
            )
