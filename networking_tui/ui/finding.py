"""Finding a contact (`/`, the palette) and going to their card."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from networking_tui.data.finder import Finder
from networking_tui.ui import screens
from networking_tui.ui.widgets.status import file_title

if TYPE_CHECKING:
    from textual.screen import Screen

    from networking_tui.data.store import ContactStore

# Where `/` works: the board (the bottom screen), the agenda and the archive.
SEARCH_FROM = ("agenda-screen", "archive-screen")


class SearchHost(Protocol):
    """What finding needs of the app."""

    store: ContactStore
    demo: bool

    @property
    def screen(self) -> Screen[Any]: ...
    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...
    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None: ...
    def show_on_board(self, uid: str) -> None: ...


@runtime_checkable
class FindsContacts(Protocol):
    """An app that finds contacts (for the palette's people)."""

    finding: Finding


class Finding:
    def __init__(self, host: SearchHost) -> None:
        self.host = host
        self.finder = Finder(host.store)  # the index is built on the first query

    def can_search(self, shown: Screen[Any]) -> bool:
        """Whether `/` searches from `shown` (the screen on top, or about to be)."""
        return shown is self.host.screen_stack[0] or shown.id in SEARCH_FROM

    def open(self) -> None:
        title = f"Search · {file_title(self.host.store.path, self.host.demo)}"
        self.host.push_screen(screens.SearchScreen(self.finder, title), self.jump_to)

    def jump_to(self, uid: str | None) -> None:
        """The contact's card on the board, focused; an archived one in the archive.
        None: stay where you were."""
        if uid is None:
            return
        host = self.host
        card = host.store.cards.get(uid)
        if card is None:
            host.notify("That contact is no longer here.")
        elif not card.archived:
            host.show_on_board(uid)
        elif isinstance(host.screen, screens.ArchiveScreen):
            host.screen.show_first(uid)
        else:
            host.show_on_board(uid)  # close the views over the board first
            host.push_screen(screens.ArchiveScreen(host.store, focus=uid))
