"""A contact's full view: every field, the whole stage history and interaction log.

Opened from the archive it shows an archived contact too, read-only until `u`
brings them back to the board.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from networking_tui.domain import clock
from networking_tui.ui.host import host
from networking_tui.ui.widgets.detail import render_contact
from networking_tui.ui.widgets.status import TopBar


class ContactScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("u", "restore", "Unarchive"),
        Binding("l", "log", "Log touch"),
        Binding("e", "edit", "Edit"),
        Binding("m", "message", "Message"),
        Binding("s", "snooze", "Snooze"),
        Binding("c", "accept", "Accepted"),
        Binding("i", "introduction", "Ask intro"),
        # Past Follower the footer leaves `i` out, but the key says why, as on the board.
        Binding("i", "introduction_explained", show=False),
        Binding("w", "link", "Knows…"),
        Binding("x", "archive", "Archive"),
    ]

    def __init__(self, uid: str, *, from_archive: bool = False) -> None:
        # No fixed id: a review begun from one contact's view may open another's.
        super().__init__()
        self.uid = uid
        self.from_archive = from_archive  # else archiving the contact closes the view
        self.view_key = f"contact:{uid}"  # see NetworkingApp.view_is_open

    def compose(self) -> ComposeResult:
        yield TopBar("Contact · Escape goes back")
        with VerticalScroll(id="contact-view"):
            yield Static(id="contact-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        # Back from a view or form opened over this one: it may have changed the contact.
        self.refresh_view()

    def refresh_view(self) -> None:
        store = host(self).store
        if self.uid not in store or (store.cards[self.uid].archived and not self.from_archive):
            self.dismiss(None)  # archived or deleted, here or by another program
            return
        contact = store.contact(self.uid)
        body = render_contact(contact, clock.now(), host(self).people(self.uid), full=True)
        if contact.archived:
            note = "Archived: u brings them back to the board; until then nothing changes here."
            body = Group(Text(note, style="bold yellow"), Text(), body)
        self.query_one("#contact-body", Static).update(body)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = host(self).store.cards.get(self.uid)
        archived = card is not None and card.archived
        if action == "back":
            return True
        if action == "restore":
            return archived
        if archived:
            return False  # read-only while archived
        warm_target = card is not None and card.stage in ("stranger", "follower")
        if action == "introduction":
            return warm_target
        if action == "accept":
            return card is not None and card.invitation_sent is not None
        if action == "introduction_explained":
            return not warm_target
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        host(self).flows.open_log(self.uid)

    def action_edit(self) -> None:
        host(self).flows.open_edit(self.uid)

    def action_message(self) -> None:
        host(self).flows.open_compose(self.uid)

    def action_snooze(self) -> None:
        host(self).flows.open_snooze(self.uid)

    def action_accept(self) -> None:
        host(self).flows.accept_invitation(self.uid)

    def action_introduction(self) -> None:
        host(self).flows.ask_introduction(self.uid)

    def action_introduction_explained(self) -> None:
        host(self).flows.ask_introduction(self.uid)  # says to write to them directly

    def action_link(self) -> None:
        host(self).flows.open_link(self.uid)

    def action_archive(self) -> None:
        host(self).flows.set_archived(self.uid, True)

    def action_restore(self) -> None:
        host(self).flows.set_archived(self.uid, False)
