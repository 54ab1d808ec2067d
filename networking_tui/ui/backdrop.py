"""A dialog's backdrop: the screen below it, dimmed, drawn again only when that
screen shows something else.

Textual draws a ModalScreen's translucent background by rendering the screen
below whole and tinting every segment of it (BackgroundScreen), on each frame
the dialog's screen draws in full. A form opening over the board drew it twice
(Textual repaints the screen below once after a push, with nothing changed):
two thirds of the CPU of `l`, `m` or `e` at 30,000 contacts. Here the lines of
the screen below are rendered as before (the widgets' own caches make that the
small part), and a line is tinted only if it was not tinted before: the output
is Textual's own, made once per look of a line below.
"""

from __future__ import annotations

from typing import Any, TypeVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip, StripRenderable
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual

from networking_tui.ui.widgets.footer import KeyFooter

ResultT = TypeVar("ResultT")


class _Tinted:
    """BackgroundScreen's rendering, of lines rendered already."""

    def __init__(self, lines: list[Strip], color: Color) -> None:
        self.lines = lines
        self.color = color

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments = console.render(StripRenderable(self.lines), options)
        return BackgroundScreen.process_segments(segments, self.color)


class Backdrop(RichVisual):
    """The screen below, tinted: each of its lines tinted once (a line is tinted
    on its own as it is in the whole: the tint and the styles go segment by
    segment), kept while it is drawn."""

    def __init__(self, modal: Modal[Any], below: Screen[Any], color: Color) -> None:
        self._below = below
        self._color = color
        self._modal = modal
        super().__init__(modal, _Tinted([], color))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self._below._compositor.render_strips()  # as BackgroundScreen renders it
        key = (width, style, self._color, self._below)
        kept = self._modal._backdrop
        if kept is None or kept[0] != key:
            kept = self._modal._backdrop = (key, {})
        tinted = kept[1]
        if len(tinted) > 4 * len(lines):
            tinted.clear()  # lines drawn long ago: a few looks of the screen below are kept
        strips: list[Strip] = []
        for line in lines[:height]:
            segments = tuple(line)
            made = tinted.get(segments)
            if made is None:
                self._renderable = _Tinted([line], self._color)
                made = tinted[segments] = super().render_strips(width, None, style, options)
            strips.extend(made)
        return strips


class Modal(ModalScreen[ResultT]):
    """A dialog over another screen, with a Backdrop of it."""

    # The Backdrop's tinted lines, by the segments of the line below, for a width,
    # style, tint and screen below.
    _backdrop: tuple[tuple[object, ...], dict[tuple[Segment, ...], list[Strip]]] | None = None
    # Whether the footer is mounted with the dialog (a form's: once it is ready).
    OWN_FOOTER = True

    def on_mount(self) -> None:
        if self.OWN_FOOTER:
            self.mount_footer()

    def mount_footer(self) -> None:
        """The dialog's own keys at the bottom, over the footer of the view underneath
        (which would offer keys the dialog does not answer): mounted once."""
        if not self.query(KeyFooter):
            self.mount(KeyFooter(classes="form-footer"))

    def render(self) -> RenderableType | Visual:  # type: ignore[override]
        rendered = super().render()
        if isinstance(rendered, BackgroundScreen):
            return Backdrop(self, rendered.screen, rendered.color)
        return rendered
