"""Textual's Footer, rebuilt only when the keys it shows change.

Textual rebuilds its Footer (one widget per key, each mounted and styled) on
every push and pop of a screen and every move of the focus, keys unchanged or
not: tens of milliseconds each time a view or form is shown or left.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    _shown: tuple[object, ...] | None = None  # the keys composed last

    def _keys(self, screen: Screen[Any]) -> tuple[object, ...]:
        shown = tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        return (self.show_command_palette, self.compact, *shown)

    def compose(self) -> ComposeResult:
        self._shown = self._keys(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.app.screen:
            # Being covered or left (its keys read as the board's, under it): it is
            # told again when it is shown.
            return
        if self._shown is not None and screen is self.screen and self._keys(screen) == self._shown:
            return  # the same keys: nothing to redraw
        super().bindings_changed(screen)
