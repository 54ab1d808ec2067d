"""A Rich renderable drawn once per width, however often it is measured.

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
