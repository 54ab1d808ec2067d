"""A contact's full view: every field, the whole stage history and interaction log.

Opened from the archive it shows an archived contact too, read-only until `u`
brings them back to the board.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from networking_tui.domain import clock
from networking_tui.domain.changes import Doc
from networking_tui.domain.dates import readable
from networking_tui.domain.model import newest_first
from networking_tui.domain.rules import WARM_PATH_STAGES
from networking_tui.ui.flows import as_touch
from networking_tui.ui.host import host
from networking_tui.ui.kept import restyle_only_if_needed
from networking_tui.ui.widgets.detail import render_contact
from networking_tui.ui.widgets.drawn import DrawnStatic
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.status import TopBar

DAY_WIDTH = len("Wed 30 Dec 2026")  # the longest readable day: the kinds line up


def _moment(touch: Doc) -> float:
    try:
        return datetime.fromisoformat(str(touch.get("at"))).timestamp()
    except ValueError:
        return float("-inf")  # an unreadable moment sorts last


class TouchLog(OptionList):
    """The contact's touches, newest first: Enter shows one in full, e edits it,
    Delete removes it (after a question)."""

    BINDINGS = [
        Binding("e", "edit_touch", "Edit touch"),
        Binding("delete,ctrl+d", "delete_touch", "Delete touch"),
    ]

    def __init__(self) -> None:
        super().__init__(id="touch-log", markup=False)
        self.touches: list[Doc] = []  # as stored, in the order shown

    def show(self, touches: list[Doc]) -> None:
        keep = self.highlighted
        self.touches = touches
        options = []
        for touch in touches:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(readable(as_touch(touch).at).ljust(DAY_WIDTH), "dim")
            line.append(f"  {touch.get('kind', ''):<13}")
            note = " ".join(str(touch.get("note") or "").split())
            line.append(note)
            options.append(Option(line))
        self.set_options(options)  # at once: each add_option measured and laid out anew
        if touches:
            self.highlighted = min(keep or 0, len(touches) - 1)
        if self.has_focus:
            # In use at the foot of the view: a row more (a touch brought back by
            # undo) is brought into sight once laid out, not left below the edge.
            self.call_after_refresh(self.scroll_visible, animate=False)

    def on_focus(self) -> None:
        self.scroll_visible(animate=False)  # below the fields: bring it into view

    def current(self) -> Doc | None:
        index = self.highlighted
        return self.touches[index] if index is not None and index < len(self.touches) else None

    def action_edit_touch(self) -> None:
        self._on_touch("edit")

    def action_delete_touch(self) -> None:
        self._on_touch("delete")

    def _on_touch(self, what: str) -> None:
        screen = self.screen
        touch = self.current()
        if isinstance(screen, ContactScreen) and touch is not None:
            screen.act_on_touch(what, touch)


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
        Binding("M", "dismiss_merge_notes", "Merge notes read"),
    ]

    in_use = False  # kept for reuse (see kept.py): shown, or on its way out
    _shown: tuple[object, ...] | None = None  # what it was last filled in with (_showing)

    def __init__(self, uid: str, *, from_archive: bool = False) -> None:
        # No fixed id: a review begun from one contact's view may open another's.
        super().__init__()
        self._target(uid, from_archive)

    def _target(self, uid: str, from_archive: bool) -> None:
        self.uid = uid
        self.from_archive = from_archive  # else archiving the contact closes the view
        self.view_key = f"contact:{uid}"  # see NetworkingApp.view_is_open

    def load(self, uid: str, *, from_archive: bool = False) -> None:
        """Show another contact (or the same again) in this view, from the top, as
        a new view would."""
        self._target(uid, from_archive)
        if self.is_mounted:
            # The view itself focused again, as when new (Textual's auto focus), unless
            # it is still: a focus change restyles the view and all it holds.
            view = self.query_one("#contact-view", VerticalScroll)
            if self.focused is not view:
                self.set_focus(view, scroll_visible=False)
            log = self.query_one(TouchLog)
            log.highlighted = 0 if log.option_count else None  # its newest, as when new
            self.query_one("#contact-view", VerticalScroll).scroll_home(animate=False)
            if not self._gone() and self._shown != self._showing():
                # Filled in now, before it is shown: laid out with this contact's
                # fields for its first frame (filled in as it was shown, it was drawn
                # first with the previous contact's layout, then laid out again).
                # Showing them already (the same contact opened again, nothing
                # changed since): its lines are kept, no layout.
                self.refresh_view()

    def shows(self, uid: str) -> bool:
        """Whether it shows `uid` from the board as they are now (load would not
        fill it in again)."""
        return self.uid == uid and not self.from_archive and self._shown == self._showing()

    def on_screen_suspend(self) -> None:
        if self not in self.app.screen_stack:
            self.in_use = False  # closed: free to be loaded and shown again

    def compose(self) -> ComposeResult:
        yield TopBar("Contact · Escape goes back")
        with VerticalScroll(id="contact-view"):
            # The fields and the log's title in one widget, drawn once (DrawnStatic).
            yield DrawnStatic(id="contact-body")
            yield TouchLog()
        yield KeyFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown (on each push: a kept view shows another contact), or back from a
        # view or form opened over this one, which may have changed the contact.
        restyle_only_if_needed(self, event)
        self.query_one(TopBar).show_state()
        if self._shown != self._showing():
            self.refresh_view()

    def _showing(self) -> tuple[object, ...]:
        """What the view shows: drawn again when this changes (as the board's pane)."""
        now = clock.now()  # the hour: "under an hour", "3 hours so far" in its history
        return (self.uid, self.from_archive, host(self).store.version, now.date(), now.hour)

    def _gone(self) -> bool:
        """Archived or deleted (here or by another program): not for this view."""
        store = host(self).store
        return self.uid not in store or (store.cards[self.uid].archived and not self.from_archive)

    def refresh_view(self) -> None:
        if self._gone():
            self.dismiss(None)
            return
        store = host(self).store
        self._shown = self._showing()
        contact = store.contact(self.uid)
        people = host(self).people(self.uid)
        body = render_contact(contact, clock.now(), people, full=True, touches=False)
        if contact.archived:
            note = "Archived: u brings them back to the board; until then nothing changes here."
            body = Group(Text(note, style="bold yellow"), Text(), body)
        title = self._show_touches()
        self.query_one("#contact-body", DrawnStatic).update(Group(body, Text(), title))
        self.refresh_bindings()

    def _show_touches(self) -> Text:
        """Fill the log; its title."""
        stored = host(self).store.doc(self.uid).get("interactions") or []
        latest = newest_first(stored, _moment)
        title = Text(f"Interaction log, newest first ({len(stored)})", style="bold underline")
        if stored:
            title.append("  Tab, then: Enter shows · e edits · Delete removes", "dim")
        else:
            title.append("\nNo touches logged yet.", style="dim")
        log = self.query_one(TouchLog)
        log.display = bool(stored)
        log.show(latest)
        return title

    @on(OptionList.OptionSelected, "#touch-log")
    def _open_touch(self) -> None:
        touch = self.query_one(TouchLog).current()
        if touch is not None:
            self.act_on_touch("open", touch)

    def act_on_touch(self, what: str, touch: Doc) -> None:
        if host(self).store.cards[self.uid].archived:
            self.notify("Archived: u brings them back to the board first.")
            return
        flows = host(self).flows
        if what == "open":
            flows.open_touch(self.uid, touch)
        elif what == "edit":
            flows.edit_touch(self.uid, touch)
        else:
            flows.confirm_delete_touch(self.uid, touch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = host(self).store.cards.get(self.uid)
        archived = card is not None and card.archived
        if action == "back":
            return True
        if action == "restore":
            return archived
        if archived:
            return False  # read-only while archived
        warm_target = card is not None and card.stage in WARM_PATH_STAGES
        if action == "introduction":
            return warm_target
        if action == "accept":
            return card is not None and card.invitation_sent is not None
        if action == "introduction_explained":
            return not warm_target
        if action == "dismiss_merge_notes":
            return bool(host(self).store.contact(self.uid).merge_notes)
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

    def action_dismiss_merge_notes(self) -> None:
        host(self).flows.dismiss_merge_notes(self.uid)

    def action_restore(self) -> None:
        host(self).flows.set_archived(self.uid, False)
