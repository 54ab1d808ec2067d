"""Finding a contact (`/`, the palette) and going to their card, as app methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from networking_tui.data.finder import Finder
from networking_tui.ui import screens
from networking_tui.ui.widgets.status import file_title

if TYPE_CHECKING:
    from textual.app import App

    from networking_tui.data.store import ContactStore
    from networking_tui.ui.widgets.board import Board

    _Base = App[None]
else:
    _Base = object

# Where `/` works: the board (the bottom screen), the agenda and the archive.
SEARCH_FROM = ("agenda-screen", "archive-screen")


@runtime_checkable
class FindsContacts(Protocol):
    """What the palette's people provider needs of the app."""

    @property
    def finder(self) -> Finder: ...

    def jump_to(self, uid: str | None) -> None: ...


class SearchActions(_Base):
    store: ContactStore
    board: Board
    demo: bool
    _finder: Finder | None = None

    @property
    def finder(self) -> Finder:
        if self._finder is None:
            self._finder = Finder(self.store)
        return self._finder

    def can_search(self) -> bool:
        return self.screen is self.screen_stack[0] or self.screen.id in SEARCH_FROM

    def action_search(self) -> None:
        title = f"Search · {file_title(self.store.path, self.demo)}"
        self.push_screen(screens.SearchScreen(self.finder, title), self.jump_to)

    def jump_to(self, uid: str | None) -> None:
        """The contact's card on the board, focused; an archived one in the archive.
        None: stay where you were."""
        if uid is None:
            return
        card = self.store.cards.get(uid)
        if card is None:
            self.notify("That contact is no longer here.")
            return
        while len(self.screen_stack) > 1:  # the agenda or the archive, as `/` allows
            self.pop_screen()
        if card.archived:
            self.push_screen(screens.ArchiveScreen(self.store, focus=uid))
        elif not self.board.focus_uid(uid):
            self.notify(f"{card.name} is not on the board.")
