"""A Rich renderable (DrawnOnce) or a Static (DrawnStatic) drawn once per width,
however often it is measured.

Textual measures a renderable by drawing it: each layout draws the review's body
again (three layouts when a review starts), and the agenda's list draws each row
three times before showing it (its height for the list, the list's height, then
the row). A contact with ten touches is some 140 tables, 20-30 ms a draw; the
agenda's 150 rows took 0.1 s a draw. What these draw depends only on the width
and the wrapping asked for: styles (the highlight) are applied around them.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static


class DrawnOnce:
    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: tuple[object, list[list[Segment]]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.no_wrap, options.overflow, options.justify)
        if self._drawn is None or self._drawn[0] != key:
            whole = options.update(height=None)  # the caller crops to its height
            self._drawn = (key, console.render_lines(self.renderable, whole, pad=False))
        for line in self._drawn[1]:
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class DrawnStatic(Static):
    """A Static whose lines are drawn once for what it shows, its width, style and
    selection. Textual draws a Static's whole content to measure its height at a
    layout, then draws it again for its lines: a contact's view (a dozen tables)
    was drawn twice on each open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)  # text people typed is not markup
        self._drawn: tuple[tuple[object, ...], list[Strip]] | None = None

    def _lines(self, width: int) -> list[Strip]:
        # Keyed by the content given, held here (Textual makes the visual anew at
        # each layout of the widget: keyed by that, it was drawn twice anyway).
        key = (self.content, width, self.visual_style, self.text_selection)
        if self._drawn is None or self._drawn[0] != key:
            visual = self._render()
            strips = Visual.to_strips(self, visual, width, None, self.visual_style)
            self._drawn = (key, strips)
        return self._drawn[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        strips = self._lines(self.size.width)
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)
