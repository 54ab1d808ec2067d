"""The pipeline board: five stage columns side by side, and the order of their cards."""

from __future__ import annotations

from bisect import bisect, bisect_left
from collections.abc import Callable
from datetime import date

from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive

from networking_tui.data.uistate import FirstScreen
from networking_tui.domain.model import STAGE_TITLES, STAGES, Card
from networking_tui.domain.rules import day_key, order_key, step
from networking_tui.ui.widgets.card_list import CardList
from networking_tui.ui.widgets.line import Line

EMPTY_HINTS = {
    "stranger": "people you admire: who, and why?",
    "follower": "follow, like, comment",
    "engaged": "they noticed you: add value",
    "connected": "keep in touch on a rhythm",
    "ask": "ready for a clear request",
}


FILTERED_HINT = "nobody here matches the filter (Escape shows everyone)"

# A column wide enough for a card with an 18-character name, whole: its border (2),
# the mark and spaces around the name (3+1) and the scrollbar (1).
WHOLE_NAME_COLUMN = 25
# From this board width all five columns show, as they always did (names of 13 or so
# whole); below it, as many columns as fit WHOLE_NAME_COLUMN, around the focused one.
ALL_COLUMNS_FROM = 100


def columns_shown(width: int) -> int:
    """How many stage columns a board `width` cells wide shows side by side."""
    if width >= ALL_COLUMNS_FROM:
        return len(STAGES)
    return max(1, min(len(STAGES), width // WHOLE_NAME_COLUMN))


def window_start(active: int, shown: int, start: int | None = None) -> int:
    """The first column shown: the focused one with its neighbours on either side,
    or, when the window is `start` already and the focused column is inside it with
    a neighbour on each side in view (or the board's end), where it is."""
    last = len(STAGES) - shown
    centred = max(0, min(last, active - (shown - 1) // 2))
    if start is not None and start <= active < start + shown:
        left_ok = active == 0 or active > start
        right_ok = active == len(STAGES) - 1 or active < start + shown - 1
        if left_ok and right_ok:
            return start
    return centred


class ColumnHeader(Line):
    """The stage's name and count; the active column's header is highlighted.

    Only this line repaints when the active column changes: a class on the whole
    column would restyle and repaint all of it, twice per stage move."""

    COMPONENT_CLASSES = {"column-header--active"}
    active: reactive[bool] = reactive(False, layout=False)
    # Columns out of sight on that side (a narrow board shows a few at a time).
    more_left: reactive[bool] = reactive(False, layout=False)
    more_right: reactive[bool] = reactive(False, layout=False)

    def render(self) -> RenderableType:
        if self.more_left:  # the active one only on a board of one or two columns
            prefix = "«▸" if self.active else "« "
        else:
            prefix = "▸ " if self.active else "  "
        text = f"{prefix}{self.text}"
        width = self.size.width
        text = text.ljust(width)  # the highlight spans the column
        if self.more_right and width > 2:
            text = text[: width - 2].ljust(width - 2) + " »"
        if self.active:
            return Text(text, style=self.get_component_rich_style("column-header--active"))
        return Text(text)


class StageColumn(Vertical):
    """A header with the count, above the stage's CardList; a drop target for drags."""

    def __init__(self, stage: str, card_list: CardList) -> None:
        super().__init__(id=f"column-{stage}", classes="stage-column")
        self.drop_stage = stage
        self.card_list = card_list

    def compose(self) -> ComposeResult:
        yield ColumnHeader(STAGE_TITLES[self.drop_stage], classes="column-header")
        yield self.card_list

    def set_count(self, count: int, limit: int | None, shown: int | None = None) -> None:
        """`shown`: with a filter on, the cards shown ("3/120", then the limit)."""
        title = STAGE_TITLES[self.drop_stage]
        text = f"{title} {count}/{limit}" if limit is not None else f"{title} {count}"
        if shown is not None:
            text = f"{title} {shown}/{count}" + (f" ≤{limit}" if limit is not None else "")
        self.query_one(ColumnHeader).text = text
        self.set_class(limit is not None and count > limit, "-over-limit")


def _overdue_first(uids: list[str], ordered: list[str], today: str) -> list[str]:
    """Overdue first (rules.sort_key), each part in board order: `ordered` is the
    uids' order keys, sorted. Within one priority the keys sort by due date, so
    the overdue ones are the start of it, found by bisection rather than by
    slicing every key (twice, 0.2 s at 100,000 contacts)."""
    overdue: list[str] = []
    rest: list[str] = []
    start, count = 0, len(ordered)
    while start < count:
        priority = ordered[start][0]
        end = bisect_left(ordered, chr(ord(priority) + 1), start)
        cut = bisect_left(ordered, priority + today, start, end)
        overdue += uids[start:cut]
        rest += uids[cut:end]
        start = end
    return overdue + rest if overdue else uids


class Board(Horizontal, can_focus=True):
    """Keeps each column's cards in board order; one column at a time is active.

    The board itself holds the keyboard focus: moving Textual's focus from column to
    column would repaint the whole screen on every move.
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("home", "jump('first')", "First", show=False),
        Binding("end", "jump('last')", "Last", show=False),
        Binding("pageup", "jump('page_up')", "Page up", show=False),
        Binding("pagedown", "jump('page_down')", "Page down", show=False),
        Binding("left,h", "focus_column(-1)", "Column", show=False),
        Binding("right", "focus_column(1)", "Column", show=False),
        Binding("shift+right,greater_than_sign", "step_stage(1)", "Stage ▶", key_display=">"),
        Binding("shift+left,less_than_sign", "step_stage(-1)", "◀ Stage", key_display="<"),
    ]

    class Empty(Message):
        """The board became empty, or stopped being empty (for the first-run hint)."""

        def __init__(self, empty: bool) -> None:
            super().__init__()
            self.empty = empty

    class Pinned(Message):
        """A contact the filter hid was changed (added, logged): it is shown now."""

        def __init__(self, uid: str) -> None:
            super().__init__()
            self.uid = uid

    def __init__(
        self,
        lookup: Callable[[str], Card | None],
        today: Callable[[], date],
        wip_limit: Callable[[], int],
        move: Callable[[str, str], None],
    ) -> None:
        """`move(uid, stage)` moves a contact (the app's request_move): keys and drags
        call it directly, so the move is done before the next key is handled."""
        super().__init__(id="board")
        self._lookup = lookup
        self._today = today
        self._wip_limit = wip_limit
        self._move = move
        self.lists: dict[str, CardList] = {
            s: CardList(s, lookup, today, move, id=f"cards-{s}") for s in STAGES
        }
        for stage, card_list in self.lists.items():
            card_list.empty_hint = EMPTY_HINTS[stage]
        self._stage_of: dict[str, str] = {}
        self._order: dict[str, str] = {}
        self.active_stage: str = STAGES[0]
        self._was_empty: bool | None = None
        # A filter (issue 15): the uids shown, None for all; with one on, every
        # contact's stage, to count the totals.
        self.only: set[str] | None = None
        self._stage_all: dict[str, str] = {}
        self._cards: dict[str, Card] = {}
        # The columns in sight: all of them, or on a narrow board a window of
        # `_shown` columns from `_start` that follows the focus.
        self._shown = len(STAGES)
        self._start = 0
        self._column_width = "1fr"

    def compose(self) -> ComposeResult:
        for stage in STAGES:
            yield StageColumn(stage, self.lists[stage])

    # --- contents ------------------------------------------------------------

    def load(self, cards: dict[str, Card], order: dict[str, str] | None = None) -> None:
        """Rebuild every column from scratch (start-up, or a reload from disk).

        `order`: each card's rules.order_key by uid, worked out as the file was
        decoded (the store's, kept current by it); else worked out here."""
        today = self._today().isoformat()
        keys = order if order is not None else {u: order_key(c, u) for u, c in cards.items()}
        self._order = keys
        self._cards = cards
        by_stage: dict[str, list[str]] = {s: [] for s in STAGES}
        only = self.only
        if only is None:  # the start-up path: nothing more than before
            for uid, card in cards.items():
                if not card.archived:
                    by_stage[card.stage].append(uid)
            self._stage_all = {}
        else:
            self._stage_all = {u: c.stage for u, c in cards.items() if not c.archived}
            for uid, card in cards.items():
                if uid in only and not card.archived:
                    by_stage[card.stage].append(uid)
        self._stage_of = {}
        for stage, uids in by_stage.items():
            uids.sort(key=keys.__getitem__)
            uids = _overdue_first(uids, [keys[u] for u in uids], today)
            self._stage_of.update(dict.fromkeys(uids, stage))
            self.lists[stage].set_uids(uids)
        self.refresh_counts()

    def show_first(self, first: FirstScreen) -> None:
        """The columns as the last session left them (uistate.FirstScreen), the
        cards not kept blank, until `load` puts the file's own in their place."""
        self._stage_of = {}
        for stage in STAGES:
            if stage in first.columns:
                self._stage_of.update(dict.fromkeys(first.columns[stage].uids, stage))
                self.lists[stage].set_uids(first.column_uids(stage))
        self.refresh_counts()

    def set_filter(self, only: set[str] | None) -> None:
        """Show only these contacts (None: everyone); the focus stays if it can."""
        uid = self.current_uid
        self.only = only
        for stage, card_list in self.lists.items():
            card_list.empty_hint = EMPTY_HINTS[stage] if only is None else FILTERED_HINT
        self.load(self._cards)
        if uid is None or not self.focus_uid(uid):
            # The column in use, if it shows anyone now (a filter that emptied it
            # cleared); else the first that does.
            here = self.active_stage
            first = (
                here
                if self.lists[here].uids
                else next((s for s in STAGES if self.lists[s].uids), here)
            )
            self.lists[first].move_cursor(0, announce=False)
            self.activate(first)

    @property
    def total(self) -> int:
        """Contacts on the board (archived ones are not), shown or not."""
        return len(self._stage_all) if self.only is not None else len(self._stage_of)

    @property
    def shown(self) -> int:
        return len(self._stage_of)

    def place(self, uid: str) -> None:
        """Put one contact where it now belongs (after a change), or take it off."""
        old_stage = self._stage_of.pop(uid, None)
        if old_stage is not None:
            self.lists[old_stage].drop(uid)
        card = self._lookup(uid)
        self._recount(uid, card)
        if self.only is not None and card is not None and uid not in self.only:
            self.only.add(uid)  # changed (added, logged) with a filter on: shown anyway
            self.post_message(self.Pinned(uid))
        if card is not None and not card.archived:
            today = self._today().isoformat()
            target = self.lists[card.stage]
            self._order[uid] = order_key(card)  # the store's already, if it is its dict
            key = day_key(self._order[uid], today)
            index = bisect(target.uids, key, key=lambda u: self._key(u, today))
            target.insert(index, uid)
            self._stage_of[uid] = card.stage
        self.refresh_counts()

    def _recount(self, uid: str, card: Card | None) -> None:
        """Every contact's stage, with a filter on (the totals are counted from it)."""
        if self.only is None:
            return
        self._stage_all.pop(uid, None)
        if card is not None and not card.archived:
            self._stage_all[uid] = card.stage

    def _totals(self) -> dict[str, int]:
        if self.only is None:
            return {s: len(card_list.uids) for s, card_list in self.lists.items()}
        totals: dict[str, int] = dict.fromkeys(STAGES, 0)
        for stage in self._stage_all.values():
            totals[stage] += 1
        return totals

    def _key(self, uid: str, today: str) -> str:
        order = self._order.get(uid)
        return day_key(order, today) if order is not None else f"9\0{uid}"

    def refresh_counts(self) -> None:
        totals = self._totals() if self.only is not None else {}
        for stage, card_list in self.lists.items():
            limit = self._wip_limit() if stage == "engaged" else None
            column = card_list.parent
            if isinstance(column, StageColumn):
                shown = len(card_list.uids)
                if self.only is None:
                    column.set_count(shown, limit)
                else:
                    column.set_count(totals[stage], limit, shown)
        empty = self.total == 0  # not "nothing shown": a filter may hide everyone
        if empty != self._was_empty:
            self._was_empty = empty
            self.post_message(self.Empty(empty))

    # --- focus ---------------------------------------------------------------

    @property
    def current_list(self) -> CardList:
        return self.lists[self.active_stage]

    @property
    def current_uid(self) -> str | None:
        return self.current_list.current_uid

    def activate(self, stage: str, *, follow: bool = True) -> None:
        """Make `stage` the active column (where the cursor and the keys are).

        `follow`: on a narrow board, bring it and its neighbours into sight (not on
        a click: the columns would slide away under the mouse as a drag begins)."""
        if stage != self.active_stage:
            self.lists[self.active_stage].set_active(False)
            self.query_one(f"#column-{self.active_stage} ColumnHeader", ColumnHeader).active = False
            self.active_stage = stage
        self.query_one(f"#column-{stage} ColumnHeader", ColumnHeader).active = True
        self.lists[stage].set_active(True)
        if follow:
            self._show_window()

    def on_mount(self) -> None:
        # The first layout's width, guessed from the screen (the pane goes beside
        # the board only on a wide screen), so the first frame shows the right
        # columns; on_resize corrects it.
        width = self.app.size.width
        if self.screen.has_class("-wide"):
            width -= 44
        self._set_widths(width)
        self.activate(self.active_stage)

    def on_resize(self, event: events.Resize) -> None:
        if self._set_widths(event.size.width):
            self._show_window()

    def _set_widths(self, width: int) -> bool:
        """How many columns show, and how wide; whether that changed. A window of
        columns has one width for all, the cells left over blank at the right: a
        column sliding from one place to another keeps its size, so its cards are
        not laid out and drawn anew (a stage move that slides the board stays cheap)."""
        shown = columns_shown(width)
        each = f"{width // shown}" if shown < len(STAGES) else "1fr"
        if shown == self._shown and each == self._column_width:
            return False
        self._shown, self._column_width = shown, each
        for column in self.query(StageColumn):
            column.styles.width = each
        return True

    @property
    def stages_in_sight(self) -> list[str]:
        return list(STAGES[self._start : self._start + self._shown])

    def _show_window(self) -> None:
        """Show the window of columns around the active one; hide the rest (a hidden
        column renders nothing). Only a change of window costs a layout."""
        start = window_start(STAGES.index(self.active_stage), self._shown, self._start)
        self._start = start
        end = start + self._shown
        for index, stage in enumerate(STAGES):
            column = self.query_one(f"#column-{stage}", StageColumn)
            visible = start <= index < end
            if column.display != visible:
                column.display = visible
            header = column.query_one(ColumnHeader)
            header.more_left = visible and index == start and start > 0
            header.more_right = visible and index == end - 1 and end < len(STAGES)

    def focus_first_card(self) -> None:
        first = next((s for s in STAGES if self.lists[s].uids), STAGES[0])
        self.lists[first].move_cursor(0, announce=False)
        self.activate(first)
        self.take_focus()

    def focus_uid(self, uid: str) -> bool:
        stage = self._stage_of.get(uid)
        if stage is None:
            return False
        self.lists[stage].select_uid(uid)
        self.activate(stage)
        self.take_focus()
        return True

    def take_focus(self) -> None:
        """Focus the board unless it has it: Widget.focus() repaints the whole board
        even then, which a stage move cannot afford."""
        if self.screen.focused is not self:
            self.focus()

    def action_cursor(self, delta: int) -> None:
        self.current_list.action_cursor(delta)

    def action_jump(self, where: str) -> None:
        self.current_list.action_jump(where)

    def action_focus_column(self, delta: int) -> None:
        stage = step(self.active_stage, delta)
        if stage is not None:
            self.activate(stage)

    @on(CardList.Pressed)
    def _pressed(self, event: CardList.Pressed) -> None:
        self.activate(event.card_list.stage, follow=False)
        self.take_focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stage moves show greyed out in the footer when no card is focused."""
        if action == "step_stage" and self.current_uid is None:
            return None
        return True

    def action_step_stage(self, direction: int) -> None:
        current = self.current_list
        uid = current.current_uid
        if uid is None:
            self.app.bell()
            return
        stage = step(current.stage, direction)
        if stage is None:
            self.notify("Already at the first stage." if direction < 0 else "Already at Ask.")
            return
        # At once, not as a message: a second key of the same burst (`>>`, `>q`)
        # must see this move done, and `q` must not quit before it is queued.
        self._move(uid, stage)

    @on(CardList.DragOver)
    def _highlight_target(self, event: CardList.DragOver) -> None:
        event.stop()
        for column in self.query(StageColumn):
            column.set_class(column.drop_stage == event.stage, "-drop-target")
