"""A TextArea whose lines are all drawn again when its wrapping changes."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class WrappedArea(TextArea):
    """Textual's TextArea wraps its text anew on a resize (or when its scrollbar
    comes and goes) without marking its lines to be drawn again: lines drawn for
    the earlier width stayed on screen until a key redrew them, and a word at the
    end of one went missing ("…return the favour / I can." at 80 columns, on a
    kept composer's first show)."""

    def on_resize(self, event: events.Resize) -> None:
        self.refresh()
