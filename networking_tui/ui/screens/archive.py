"""Archived contacts: see one, bring one back, or (only here, after a confirmation)
delete it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from networking_tui.data.store import ContactStore
from networking_tui.domain.model import STAGE_TITLES
from networking_tui.ui.host import host
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.status import TopBar
from networking_tui.usecases import contacts


class ArchiveScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,A", "back", "Board"),
        Binding("enter", "open", "Details"),
        Binding("u", "restore", "Unarchive"),
        Binding("D", "delete", "Delete for good…"),
    ]

    view_key = "archive"  # opened once at a time (see NetworkingApp.view_is_open)

    def __init__(self, store: ContactStore, *, focus: str | None = None) -> None:
        """`focus`: the contact to highlight first (found by a search)."""
        super().__init__(id="archive-screen")
        self.store = store
        self._start_on = focus

    def compose(self) -> ComposeResult:
        yield TopBar("Archived contacts")
        yield OptionList(id="archived", markup=False)
        yield Static("", id="archive-hint", classes="dim", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()  # back from a contact that was brought back meanwhile

    def refresh_view(self) -> None:
        listing = self.query_one("#archived", OptionList)
        keep = listing.highlighted
        cards = sorted(
            (c for c in self.store.cards.values() if c.archived), key=lambda c: c.sort_name
        )
        listing.clear_options()
        listing.add_options(
            Option(Text(f"{c.name}  ·  {STAGE_TITLES[c.stage]}"), id=c.uid) for c in cards
        )
        if cards:
            listing.highlighted = min(keep or 0, len(cards) - 1)
        if self._start_on is not None:
            uids = [c.uid for c in cards]
            if self._start_on in uids:
                listing.highlighted = uids.index(self._start_on)
            self._start_on = None
        self.query_one(".title", Static).update(f"Archived contacts ({len(cards)})")
        hint = (
            "Enter shows a contact; u brings it back to the board; "
            "D deletes it for good (asks first)."
        )
        self.query_one("#archive-hint", Static).update(
            hint if cards else "Nothing is archived. x on the board archives a contact."
        )
        listing.focus()

    def show_first(self, uid: str) -> None:
        """Highlight `uid` (a search found them)."""
        self._start_on = uid
        self.refresh_view()

    def _current(self) -> str | None:
        listing = self.query_one("#archived", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        uid = self._current()
        if uid is None:
            self.app.bell()
            return
        self.app.push_screen(host(self).kept(ContactScreen, uid, from_archive=True))

    def action_restore(self) -> None:
        uid = self._current()
        if uid is None:
            self.app.bell()
            return
        host(self).flows.set_archived(uid, False)

    def action_delete(self) -> None:
        uid = self._current()
        if uid is None:
            self.app.bell()
            return
        name = self.store.cards[uid].name
        reasons = [f"{name} and every touch logged with them leave the data file."]
        links = also_removed(*contacts.links_to(host(self).store, uid))
        if links:
            reasons.append(f"It also removes them from {links}.")
        reasons.append("Ctrl+Z can still bring them back until you quit.")
        question = ConfirmScreen(f"Delete {name} for good?", reasons, yes=f"Delete {name}")

        def decide(yes: bool | None) -> None:
            if yes:
                host(self).flows.delete_forever(uid)

        self.app.push_screen(question, decide)

    def action_back(self) -> None:
        self.dismiss(None)


def also_removed(introduced: list[str], knowers: list[str], events: list[str]) -> str:
    """'2 introductions, 1 record of who knows whom and 1 event' ('' if none)."""
    parts = []
    for count, one, many in [
        (len(introduced), "introduction", "introductions"),
        (len(knowers), "record of who knows whom", "records of who knows whom"),
        (len(events), "event", "events"),
    ]:
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return "".join(parts)
