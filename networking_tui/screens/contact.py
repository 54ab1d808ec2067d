"""A contact's full view: every field, the whole stage history and interaction log."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from .. import clock
from ..store import ContactStore
from ..widgets.detail import render_contact


class ContactScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Board")]

    def __init__(self, store: ContactStore, uid: str) -> None:
        super().__init__(id="contact-screen")
        self.store = store
        self.uid = uid

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="contact-view"):
            yield Static(id="contact-body")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_contact()

    def refresh_contact(self) -> None:
        contact = self.store.contact(self.uid)
        self.query_one("#contact-body", Static).update(render_contact(contact, clock.now()))

    def action_back(self) -> None:
        self.dismiss(None)
