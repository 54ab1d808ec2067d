"""A compositor that draws, for a frame of changes, only the lines that changed.

Textual's partial update puts the changed regions in one box around them all and
has every widget in that box draw all its visible lines, then writes out only the
changed spans. A focus move changes two cards near the top of a column and the
detail pane at the bottom of the screen: the box is most of the screen, and all
five columns, their headers and scrollbars, the containers and the pane drew
their 24 to 40 lines (26 widgets) to write out 19 lines of two of them.

Here each widget draws only the rows of it that some changed region covers, and a
widget that no changed region touches draws nothing. What is written out is the
same: the changed spans, each taken from the frontmost widget there (a widget
covering part of a changed span covers a whole chop of it: chops are cut at every
widget's edges, so the widgets behind fill in the rest as before).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class ChangedLinesCompositor(Compositor):
    """Compositor whose partial updates draw only the changed rows of each widget."""

    _changed: list[Region] | None = None

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._changed = None

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        changed = self._changed
        if not changed:  # a full update, or the whole screen drawn (backdrop.py)
            yield from super()._get_renders(crop)
            return
        intersection = Region.intersection
        for widget, (region, clip) in self.visible_widgets.items():
            shown = intersection(region, clip)
            spans = sorted(
                (part.y, part.bottom)
                for part in (intersection(shown, dirty) for dirty in changed)
                if part.area
            )
            if not spans:
                continue  # nothing of it changed
            top, bottom = spans[0]
            for next_top, next_bottom in [*spans[1:], (shown.bottom + 1, 0)]:
                if next_top <= bottom:  # overlapping or touching: one run of rows
                    bottom = max(bottom, next_bottom)
                    continue
                rows = Region(shown.x, top, shown.width, bottom - top)
                crop = Region(rows.x - region.x, top - region.y, rows.width, rows.height)
                yield region, rows, widget.render_lines(crop)
                top, bottom = next_top, next_bottom
