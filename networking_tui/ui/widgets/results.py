"""Search results drawn with the line API: two lines per contact, only the lines on
screen rendered, segments built by hand. An OptionList of the same results spent
~80 ms a key press measuring and rendering every option."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from networking_tui.domain.model import STAGE_TITLES
from networking_tui.domain.search import Hit

ROWS = 2  # lines per result


class ResultList(ScrollView, can_focus=False):
    """The search field keeps the focus; ↑ ↓ move the cursor here."""

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--name",
        "result-list--stage",
        "result-list--archived",
        "result-list--label",
        "result-list--match",
    }
    DEFAULT_CSS = """
    ResultList > .result-list--cursor { background: $accent 35%; }
    ResultList > .result-list--name { text-style: bold; }
    ResultList > .result-list--stage { color: $text-secondary; }
    ResultList > .result-list--archived { color: $warning; text-style: italic; }
    ResultList > .result-list--label { color: $text-muted; }
    ResultList > .result-list--match { text-style: bold reverse; }
    """

    class Chosen(Message):
        """A result was clicked."""

        def __init__(self, uid: str) -> None:
            super().__init__()
            self.uid = uid

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.cursor = 0
        self._styles: dict[str, Style] = {}

    def show(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.cursor = 0
        size = Size(self.size.width, len(hits) * ROWS)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)  # no layout of the whole screen
            self._scroll_update(size)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def current_uid(self) -> str | None:
        return self.hits[self.cursor].uid if 0 <= self.cursor < len(self.hits) else None

    def move_cursor(self, delta: int) -> None:
        if not self.hits:
            return
        old = self.cursor
        self.cursor = max(0, min(len(self.hits) - 1, self.cursor + delta))
        self.refresh_lines(old * ROWS, ROWS)
        self.refresh_lines(self.cursor * ROWS, ROWS)
        top, height = self.cursor * ROWS, self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif top + ROWS > y + height:
            y = top + ROWS - height
        self.scroll_to(y=y, animate=False, immediate=True)

    def lines(self) -> list[str]:
        """Each result as plain text, its two lines joined (for tests)."""
        width = max(self.size.width, 200)
        return [
            " ".join(
                "".join(s.text for s in self._line(hit, row, False, width)).strip()
                for row in range(ROWS)
            )
            for hit in self.hits
        ]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // ROWS
        if 0 <= index < len(self.hits):
            self.post_message(self.Chosen(self.hits[index].uid))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # a theme change

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (
                self.get_component_rich_style(name) if name else (self.rich_style)
            )
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, row = divmod(self.scroll_offset.y + y, ROWS)
        if index >= len(self.hits):
            return Strip.blank(width, self._style(""))
        segments = self._line(self.hits[index], row, index == self.cursor, width)
        return Strip(segments).adjust_cell_length(width, self._style(""))

    def _line(self, hit: Hit, row: int, selected: bool, width: int) -> list[Segment]:
        base = self._style("")
        if selected:
            base = base + Style(bgcolor=self._style("result-list--cursor").bgcolor)
        if row == 0:
            parts = [(" ", base), (hit.name, base + self._style("result-list--name"))]
            stage = STAGE_TITLES.get(hit.stage, hit.stage)
            parts.append((f"  {stage}", base + self._style("result-list--stage")))
            if hit.archived:
                parts.append(("  archived", base + self._style("result-list--archived")))
        else:
            parts = [(f"    {hit.label}: ", base + self._style("result-list--label"))]
            match = base + self._style("result-list--match")
            at = 0
            for a, b in hit.spans:
                parts += [(hit.text[at:a], base), (hit.text[a:b], match)]
                at = b
            parts.append((hit.text[at:], base))
        segments, room = [], width
        for text, style in parts:
            if room <= 0 or not text:
                continue
            length = cell_len(text)
            if length > room:
                text, length = set_cell_size(text, room - 1) + "…", room
            segments.append(Segment(text, style))
            room -= length
        segments.append(Segment(" " * max(0, room), base))
        return segments
