"""One stage's cards, drawn with the line API: only the visible cards cost anything.

A column of 25,000 cards is a list of uids and a cursor; each frame renders the
thirty-odd lines on screen. Mouse drags start here and end in the board's `move`
callback, the same one the keyboard calls.

The list scrolls by whole cards: its offset is always a multiple of CARD_HEIGHT,
so the top card shows from its first line, the name (see `validate_scroll_y`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.errors import NoWidget
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from networking_tui.domain.model import Card
from networking_tui.domain.rules import due_label

CARD_HEIGHT = 4  # three lines of card, one of space
PRIORITY_MARKS = {1: "●", 2: "◐", 3: "○"}
DRAG_THRESHOLD = 2
NARROW_CARD = 16  # cells; below this the card's second and third lines lose their indent
BOLD = Style(bold=True)


def _card_ceil(line: float) -> int:
    """The first line of the first card that starts at or below `line`."""
    return -int(-line // CARD_HEIGHT) * CARD_HEIGHT


@dataclass
class _Drag:
    uid: str
    start: Offset
    active: bool = False


class CardList(ScrollView, can_focus=False):
    """The Board owns the keyboard focus and tells one list it is `active`:
    moving Textual's focus repaints the whole screen, too slow for a key press."""

    ALLOW_SELECT = False  # a drag moves a card; it must not start a text selection

    COMPONENT_CLASSES = {
        "card-list--card",
        "card-list--cursor-focused",
        "card-list--cursor-blurred",
        "card-list--context",
        "card-list--overdue",
        "card-list--today",
        "card-list--later",
        "card-list--none",
        "card-list--p1",
        "card-list--p2",
        "card-list--p3",
        "card-list--empty",
    }

    class Highlighted(Message):
        """The card under the cursor changed (uid None: the column is empty)."""

        def __init__(self, card_list: CardList, uid: str | None) -> None:
            super().__init__()
            self.card_list = card_list
            self.uid = uid

        @property
        def control(self) -> CardList:
            return self.card_list

    class Pressed(Message):
        """A card was clicked: its column becomes the active one."""

        def __init__(self, card_list: CardList) -> None:
            super().__init__()
            self.card_list = card_list

    class DragOver(Message):
        """A drag is over the column of `stage` (None: over no column, or ended)."""

        def __init__(self, stage: str | None) -> None:
            super().__init__()
            self.stage = stage

    def __init__(
        self,
        stage: str,
        lookup: Callable[[str], Card | None],
        today: Callable[[], date],
        move: Callable[[str, str], None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.stage = stage
        self._lookup = lookup
        self._today = today
        self._move = move
        self.uids: list[str] = []
        self.cursor = 0
        self.active = False
        self._drag: _Drag | None = None
        # 64 cards' lines: a few screens. Each line kept (a Strip, its seven caches
        # and the crops cached in them) is walked by every full garbage collection.
        self._cache: LRUCache[tuple, Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        self.empty_hint = "nobody here yet"

    # --- content -------------------------------------------------------------

    def set_uids(self, uids: list[str], keep: str | None = None) -> None:
        """Replace the cards; keep the cursor on `keep` (or the current card) if present."""
        keep = keep or self.current_uid
        self.uids = uids  # the line cache is keyed by card, so it stays valid
        self._set_virtual_height(self._content_height())
        index = self._index_of(keep) if keep else None
        self.move_cursor(index if index is not None else min(self.cursor, len(uids) - 1))
        self.refresh()

    def drop(self, uid: str) -> None:
        """Take one card out, in place (no copy of a 25,000-long list)."""
        index = self._index_of(uid)
        if index is None:
            return
        del self.uids[index]
        if self.cursor > index:
            self.cursor -= 1
        self._changed_from(index)

    def insert(self, index: int, uid: str) -> None:
        self.uids.insert(index, uid)
        if self.cursor >= index and len(self.uids) > 1:
            self.cursor += 1
        self._changed_from(index)

    def _changed_from(self, index: int) -> None:
        """Cards from `index` on have moved by one: redraw those and the counts."""
        self._set_virtual_height(self._content_height())
        self.cursor = max(0, min(self.cursor, len(self.uids) - 1))
        top = self.scroll_offset.y
        first_line = max(index * CARD_HEIGHT, top)
        self.refresh_lines(first_line, top + self.size.height - first_line + 1)
        self.post_message(self.Highlighted(self, self.current_uid))

    def _set_virtual_height(self, height: int) -> None:
        """Like `self.virtual_size = ...`, without a layout of the whole screen.

        Widget.virtual_size is a reactive with layout=True; a stage move changes two
        columns' lengths, and two full layouts cost more than the 50 ms a move may
        take. Only a scrollbar appearing or going needs a layout.
        """
        size = Size(self.size.width, height)
        if size == self.virtual_size:
            return
        had_scrollbar = self.show_vertical_scrollbar
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)  # Textual's own: scrollbar sizes and visibility
        self.refresh(layout=self.show_vertical_scrollbar != had_scrollbar)

    # --- scrolling by whole cards ----------------------------------------------

    def _content_height(self) -> int:
        """The lines to scroll through: the cards (the last one's spacer line left
        out), and when they overflow, blank lines enough below them for the last
        card to show whole at an offset that is a multiple of CARD_HEIGHT."""
        lines = max(0, len(self.uids) * CARD_HEIGHT - 1)
        height = self.scrollable_content_region.height
        if height <= 0 or lines <= height:
            return lines
        return _card_ceil(lines - height) + height

    def validate_scroll_y(self, value: float) -> float:
        return self._snap(super().validate_scroll_y(value))

    def validate_scroll_target_y(self, value: float) -> float:
        return self._snap(super().validate_scroll_target_y(value))

    def _snap(self, y: float) -> int:
        """`y` moved to the nearest card's first line (a scrollbar drag, a resize)."""
        top = int(y / CARD_HEIGHT + 0.5) * CARD_HEIGHT
        # Past the end only while the content height waits for a new size.
        return top - CARD_HEIGHT if top > self.max_scroll_y and top > 0 else top

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, cards: int) -> None:
        """A card per notch, instead of Textual's two lines (which would round back
        to the same card)."""
        event.prevent_default()
        y = self.scroll_offset.y
        self.scroll_to(y=y + cards * CARD_HEIGHT, animate=False, immediate=True)
        if self.scroll_offset.y != y:
            event.stop()  # as Textual does: at either end, the wheel goes to the parent

    def _index_of(self, uid: str) -> int | None:
        try:
            return self.uids.index(uid)
        except ValueError:
            return None

    @property
    def current_uid(self) -> str | None:
        return self.uids[self.cursor] if 0 <= self.cursor < len(self.uids) else None

    def move_cursor(self, index: int, *, announce: bool = True) -> None:
        old = self.cursor
        self.cursor = max(0, min(index, len(self.uids) - 1))
        if old != self.cursor:
            self._refresh_card(old)
        self._refresh_card(self.cursor)
        self._scroll_to_cursor()
        if announce:
            self.post_message(self.Highlighted(self, self.current_uid))

    def _scroll_to_cursor(self) -> None:
        # Not before the first layout: in a list with no height yet, "make the card
        # visible" scrolls it to the top and hides the cards above it (on_resize
        # catches up once the list has its size).
        height = self.scrollable_content_region.height
        if not self.uids or height <= 0:
            return
        top = self.cursor * CARD_HEIGHT
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif top + CARD_HEIGHT - 1 > y + height:  # its last line is below the view
            y = min(top, _card_ceil(top + CARD_HEIGHT - 1 - height))
        self.scroll_to(y=y, animate=False, immediate=True)

    def select_uid(self, uid: str) -> bool:
        index = self._index_of(uid)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def _refresh_card(self, index: int) -> None:
        self.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)

    # --- keys ----------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_jump(self, where: str) -> None:
        page = max(1, self.scrollable_content_region.height // CARD_HEIGHT)
        target = {
            "first": 0,
            "last": len(self.uids) - 1,
            "page_up": self.cursor - page,
            "page_down": self.cursor + page,
        }[where]
        self.move_cursor(target)

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._refresh_card(self.cursor)
            if active:
                self.post_message(self.Highlighted(self, self.current_uid))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, self._content_height())
        self.call_after_refresh(self._fit_after_resize)

    def _fit_after_resize(self) -> None:
        """Back to the top if the cursor's card fits below it: a key pressed while
        the list was still tiny (the first frames) must not leave the first cards
        hidden for good. Otherwise keep the cursor's card in view."""
        height = self.scrollable_content_region.height
        if self.uids and height > 0 and (self.cursor + 1) * CARD_HEIGHT - 1 <= height:
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self._scroll_to_cursor()

    # --- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        index, row = divmod(line, CARD_HEIGHT)
        base = self._base_style()
        if not self.uids:
            return self._hint_line(y - 1, width)
        if index >= len(self.uids) or row == CARD_HEIGHT - 1:
            return Strip.blank(width, base)
        card = self._lookup(self.uids[index])
        if card is None:  # reloaded from disk and gone; the board rebuilds next
            return Strip.blank(width, base)
        selected = index == self.cursor
        cursor_kind = "focused" if selected and self.active else "blurred" if selected else ""
        dragging = self._drag is not None and self._drag.active and self._drag.uid == card.uid
        key = (card, row, cursor_kind, dragging, width, self._today())
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_card_line(card, row, cursor_kind, dragging, width)
            self._cache[key] = strip
        return strip

    def _hint_line(self, row: int, width: int) -> Strip:
        """The empty column's hint, wrapped to the column, from its second line."""
        base = self._base_style()
        hint = Text(self.empty_hint, style=self._fg("card-list--empty"))
        lines = hint.wrap(self.app.console, max(1, width - 2))
        if not 0 <= row < len(lines):
            return Strip.blank(width, base)
        line = Text(" ") + lines[row]
        return Strip(line.render(self.app.console)).adjust_cell_length(width, base)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # a theme or CSS change
        self._cache.clear()

    def _base_style(self) -> Style:
        """The widget's own style, cached: Widget.rich_style walks every ancestor."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _component(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _fg(self, name: str) -> Style:
        """A component's text style; its colours are blended, so alpha in CSS works."""
        full = self._component(name)
        return Style(color=full.color, bold=full.bold, italic=full.italic)

    def _bg(self, name: str) -> Style:
        return Style(bgcolor=self._component(name).bgcolor)

    def _render_card_line(
        self, card: Card, row: int, cursor_kind: str, dragging: bool, width: int
    ) -> Strip:
        """Segments built by hand: a cache miss costs ~20 µs instead of ~300 µs through
        rich.Text, which matters when a move scrolls a whole column into view."""
        background = self._bg(
            f"card-list--cursor-{cursor_kind}" if cursor_kind else "card-list--card"
        )
        if dragging:
            background += Style(dim=True, italic=True)
        # Under the name, or under the mark in a narrow column (80-column terminals),
        # so that "10d overdue" still fits.
        indent = "   " if width >= NARROW_CARD else " "
        if row == 0:
            mark = PRIORITY_MARKS.get(card.priority, "?")
            parts = [(" ", None), (mark, f"card-list--p{card.priority}"), (f" {card.name}", "")]
        elif row == 1 and card.invitation_sent is not None:
            # Waiting for an answer matters more than the context meanwhile.
            sent = f"{card.invitation_sent.day} {card.invitation_sent.strftime('%b')}"
            parts = [(f"{indent}✉ invited {sent}", "card-list--context")]
        elif row == 1:
            parts = [(f"{indent}{card.context or '—'}", "card-list--context")]
        else:
            label, kind = due_label(card.next_touch, self._today())
            parts = [(f"{indent}{label}", f"card-list--{kind}")]
        segments, room = [], width - 1
        for text, component in parts:
            if room <= 0:
                break
            length = cell_len(text)
            if length > room:
                text, length = set_cell_size(text, room - 1) + "…", room
            style = background
            if component == "":
                # The text colour spelled out: left to the terminal's default, a
                # light theme drew the name light grey on light grey.
                style = background + Style(color=self._base_style().color) + BOLD
            elif component:
                style = background + self._fg(component)
            segments.append(Segment(text, style))
            room -= length
        segments.append(Segment(" " * room, background))
        segments.append(Segment(" ", self._base_style()))
        return Strip(segments, width)

    # --- mouse ---------------------------------------------------------------

    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index, row = divmod(offset.y + self.scroll_offset.y, CARD_HEIGHT)
        if row == CARD_HEIGHT - 1 or index >= len(self.uids):
            return None
        return index

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._index_at(event)
        if index is None or event.button != 1:
            return
        self.post_message(self.Pressed(self))
        self.move_cursor(index)
        self._drag = _Drag(self.uids[index], event.screen_offset)
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        # No check of event.button: a hover carries button 0 even mid-drag.
        drag = self._drag
        if drag is None:
            return
        if not drag.active:
            distance = abs(event.screen_x - drag.start.x) + abs(event.screen_y - drag.start.y)
            if distance < DRAG_THRESHOLD:
                return
            drag.active = True
            self._refresh_card(self.cursor)
        self.post_message(self.DragOver(self._stage_at(event.screen_offset)))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._finish_drag(event.screen_offset)

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        # The mouse left the app window while captured: the drop changes nothing.
        self._finish_drag(None)

    def _finish_drag(self, where: Offset | None) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            return
        self.release_mouse()
        self._cache.clear()
        self._refresh_card(self.cursor)
        self.post_message(self.DragOver(None))
        if drag.active and where is not None:
            stage = self._stage_at(where)
            if stage is not None and stage != self.stage:
                self._move(drag.uid, stage)

    def _stage_at(self, where: Offset) -> str | None:
        try:
            widget, _ = self.screen.get_widget_at(*where)
        except NoWidget:  # outside every widget
            return None
        for node in widget.ancestors_with_self:
            stage = getattr(node, "drop_stage", None)
            if stage is not None:
                return stage
        return None
