"""A form that asks before Escape (or quitting) throws away what was typed."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.binding import Binding
from textual.widgets import Checkbox, Input, Select, TextArea

from networking_tui.ui.backdrop import Modal
from networking_tui.ui.host import host
from networking_tui.ui.kept import restyle_only_if_needed
from networking_tui.ui.screens.confirm import ConfirmScreen

ResultT = TypeVar("ResultT")

DISCARD = "Discard your changes?"
SHORT_FORM = 34  # rows: below this, forms are compact
NOTHING_SAVED = "nothing was saved."  # how a form's refused save ends
NOT_SAVED = f"Fix the fields marked ⚠ first; {NOTHING_SAVED}"


class FormScreen(Modal[ResultT]):
    """Escape closes the form; with changes, after asking "Discard your changes?".

    The app asks the same before quitting while a form with changes is open
    (`has_changes`)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    # Its footer (Modal.mount_footer) is mounted when the form is first ready, or
    # ahead for a kept form (NetworkingApp._finish_warm).
    OWN_FOOTER = False
    # A short terminal (80x24) gets the compact form (app.tcss): fields without
    # borders, labels without a blank line, so that a form fits or nearly fits.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_FORM, "-tall")]

    _started_with: tuple[object, ...] | None = None
    _ready = False  # mounted, and the first field focused
    _early: list[events.Key] | None = None
    in_use = False  # kept for reuse (see kept.py): shown, or on its way out

    def reset(self) -> None:
        """Before a kept form is pushed again (its `load`): keys typed from now on
        are held until it is ready, as for a new one."""
        self._ready = False
        self._early = None
        self._started_with = None
        if self.is_mounted:
            self.set_focus(None)  # `prepare` focuses the first field, as in a new form

    def hold_key(self, event: events.Key) -> bool:
        """Keep a key typed before the form is ready, to type it once it is;
        False: the form is ready, let it through."""
        if self._ready:
            return False
        if self._early is None:
            self._early = []
        self._early.append(event)
        return True

    def prepare(self) -> None:
        """Each time the form is shown, before its fields are taken as the start:
        focus the first field (and the like)."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # On every push (a kept form is pushed again), and back from a question
        # asked over it (ready already: nothing to do).
        if self._ready:
            return
        restyle_only_if_needed(self, event)
        self.prepare()
        self._started_with = self.field_values()
        self.call_after_refresh(self._now_ready)

    def on_screen_suspend(self) -> None:
        if self not in self.app.screen_stack:
            self.in_use = False  # closed: free to be loaded and shown again
            host(self).drop_notices(NOTHING_SAVED)  # about this form: stale once closed

    def _now_ready(self) -> None:
        """Type the keys held while the form opened, in order: letters into the
        focused field, Tab and Shift+Tab between fields, here and now (posted, a
        Tab could land after the letters typed behind it); from any other key on
        (Enter, Ctrl+S, Escape…) they go through the app as usual."""
        self._ready = True
        held, self._early = self._early or [], None
        for index, key in enumerate(held):
            focused = self.focused
            if key.key == "tab":
                self.focus_next()
            elif key.key == "shift+tab":
                self.focus_previous()
            elif key.is_printable and key.character and isinstance(focused, Input):
                focused.insert_text_at_cursor(key.character)
            elif key.is_printable and key.character and isinstance(focused, TextArea):
                focused.insert(key.character)
            else:
                for rest in held[index:]:
                    again = events.Key(rest.key, rest.character)
                    # Sent by the app, as a key from the terminal is: one sent by this
                    # screen would not bubble back up to it (nor reach its bindings).
                    again.set_sender(self.app)
                    self.app.post_message(again)
                return
        self.mount_footer()
        self.call_after_refresh(self.refresh_bindings)  # the footer lists them once mounted

    def field_values(self) -> tuple[object, ...]:
        """What every field holds now."""
        values: list[object] = []
        for widget in self.query("Input, TextArea, Select, Checkbox"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Input | Select | Checkbox):
                values.append(widget.value)
        return tuple(values)

    @property
    def has_changes(self) -> bool:
        return self._started_with is not None and self.field_values() != self._started_with

    def action_cancel(self) -> None:
        if not self.has_changes:
            self.dismiss(None)
            return

        def decide(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = ConfirmScreen(
            DISCARD,
            ["What you typed in this form is lost; n or Escape goes back to it."],
            yes="Discard",
            no="Keep editing",
        )
        self.app.push_screen(question, decide)
