"""The footer of every screen but the board (which has its KeyBar).

`SteadyFooter`: Textual's Footer, rebuilt only when the keys it shows change.
Textual rebuilds its Footer (one widget per key, each mounted and styled) on
every push and pop of a screen and every move of the focus, keys unchanged or
not: tens of milliseconds each time a view or form is shown or left.

`KeyFooter`: that, compact, showing only keys that fit whole. Textual's footer
cuts whatever passes the right edge ("n New eve" at 80 columns). Here the least
needed keys give way instead, until the rest fit: first the command palette's,
then the app's own keys (add, undo, search, quit: the board's key bar teaches
them), then the screen's, last listed first. `?` (every key, in the help) always
stays.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any, Protocol, runtime_checkable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Footer's own items; not exported

ALWAYS = "help"  # the action of `?`, which lists every key left out here


@runtime_checkable
class KeysAhead(Protocol):
    """An app whose keys depend on the screen on top (NetworkingApp.check_action)."""

    def keys_as_if_shown(self, screen: Screen[Any]) -> AbstractContextManager[None]: ...


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
        with self._as_shown():
            self._shown = self._keys(self.screen) if self._bindings_ready else None
            widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and self.compact:
                # Its class before it mounts: FooterKey adds it once mounted (its
                # `compact` watcher), and each key was styled a second time then.
                widget.set_class(True, "-compact", update=False)
            yield widget

    def _as_shown(self) -> AbstractContextManager[None]:
        """Built off the stack (kept.build_footer_ahead), the app's keys as they will
        be once its screen is shown, not as they are on the screen now on top (the
        board's Enter and /): else the first show composed it again."""
        app = self.app
        if self.screen is not app.screen and isinstance(app, KeysAhead):
            return app.keys_as_if_shown(self.screen)
        return nullcontext()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.app.screen:
            # Being covered or left (its keys read as the board's, under it): it is
            # told again when it is shown.
            return
        if self._shown is not None and screen is self.screen and self._keys(screen) == self._shown:
            return  # the same keys: nothing to redraw
        super().bindings_changed(screen)


def key_width(key: FooterKey) -> int:
    """Cells a compact key takes: its key, a space and description, a space after it
    (Footer's margin); the palette's has a bar on its left instead."""
    text = cell_len(key.key_display)
    if key.description:
        text += 1 + cell_len(key.description)
    return text + 1


class KeyFooter(SteadyFooter):
    # A space before the first key, as the board's key bar has.
    DEFAULT_CSS = """
    KeyFooter { padding: 0 0 0 1; }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes, compact=True)

    def compose(self) -> ComposeResult:
        """Footer composes anew when the bindings change (a row of another kind):
        its new keys are fitted once they are mounted."""
        yield from super().compose()
        self.call_after_refresh(lambda: self._fit(self.content_size.width))

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.content_size.width)

    def _fit(self, width: int) -> None:
        keys = list(self.query_children(FooterKey))
        if width <= 0 or not keys:
            return
        app_actions = {b.action for b in self.app.BINDINGS if isinstance(b, Binding)}
        ranked = sorted(
            range(len(keys)),
            key=lambda n: (
                not keys[n].has_class("-command-palette"),
                keys[n].action not in app_actions,
                -n,
            ),
        )
        shown = [True] * len(keys)
        total = sum(key_width(key) for key in keys)
        for index in ranked:
            if total <= width:
                break
            if keys[index].action == ALWAYS:
                continue
            shown[index] = False
            total -= key_width(keys[index])
        for key, show in zip(keys, shown, strict=True):
            if key.display != show:
                key.display = show
