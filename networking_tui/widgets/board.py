"""The pipeline board: five stage columns side by side, and the order of their cards."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from ..model import STAGE_TITLES, STAGES, Card
from ..rules import sort_key, step
from .card_list import CardList

EMPTY_HINTS = {
    "stranger": "people you admire: who, and why?",
    "follower": "follow, like, comment",
    "engaged": "they noticed you: add value",
    "connected": "keep in touch on a rhythm",
    "ask": "ready for a clear request",
}


class StageColumn(Vertical):
    """A header with the count, above the stage's CardList; a drop target for drags."""

    def __init__(self, stage: str, card_list: CardList) -> None:
        super().__init__(id=f"column-{stage}", classes="stage-column")
        self.drop_stage = stage
        self.card_list = card_list

    def compose(self) -> ComposeResult:
        yield Static(STAGE_TITLES[self.drop_stage], classes="column-header")
        yield self.card_list

    def set_count(self, count: int, limit: int | None) -> None:
        title = STAGE_TITLES[self.drop_stage]
        text = f"{title} {count}/{limit}" if limit is not None else f"{title} {count}"
        self.query_one(".column-header", Static).update(text)
        self.set_class(limit is not None and count > limit, "-over-limit")


class Board(Horizontal):
    """Keeps each column's cards in board order and moves focus between columns."""

    BINDINGS = [
        Binding("left,h", "focus_column(-1)", "Column", show=False),
        Binding("right", "focus_column(1)", "Column", show=False),
        Binding("shift+right,greater_than_sign", "step_stage(1)", "Stage ▶", key_display=">"),
        Binding("shift+left,less_than_sign", "step_stage(-1)", "◀ Stage", key_display="<"),
    ]

    class Empty(Message):
        """Whether the board has any card at all (for the first-run hint)."""

        def __init__(self, empty: bool) -> None:
            super().__init__()
            self.empty = empty

    def __init__(
        self,
        lookup: Callable[[str], Card | None],
        today: Callable[[], date],
        wip_limit: Callable[[], int],
    ) -> None:
        super().__init__(id="board")
        self._lookup = lookup
        self._today = today
        self._wip_limit = wip_limit
        self.lists = {s: CardList(s, lookup, today, id=f"cards-{s}") for s in STAGES}
        for stage, card_list in self.lists.items():
            card_list.empty_hint = EMPTY_HINTS[stage]
        self._stage_of: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for stage in STAGES:
            yield StageColumn(stage, self.lists[stage])

    # --- contents ------------------------------------------------------------

    def load(self, cards: dict[str, Card]) -> None:
        """Rebuild every column from scratch (start-up, or a reload from disk)."""
        today = self._today().isoformat()
        by_stage: dict[str, list[Card]] = {s: [] for s in STAGES}
        for card in cards.values():
            if not card.archived:
                by_stage[card.stage].append(card)
        self._stage_of = {}
        for stage, stage_cards in by_stage.items():
            stage_cards.sort(key=lambda c: sort_key(c, today))
            uids = [c.uid for c in stage_cards]
            self._stage_of.update(dict.fromkeys(uids, stage))
            self.lists[stage].set_uids(uids)
        self.refresh_counts()

    def place(self, uid: str) -> None:
        """Put one contact where it now belongs (after a change), or take it off."""
        old_stage = self._stage_of.pop(uid, None)
        if old_stage is not None:
            old_list = self.lists[old_stage]
            uids = [u for u in old_list.uids if u != uid]
            old_list.set_uids(uids)
        card = self._lookup(uid)
        if card is not None and not card.archived:
            today = self._today().isoformat()
            target = self.lists[card.stage]
            uids = list(target.uids)
            insort(uids, uid, key=lambda u: self._key(u, today))
            self._stage_of[uid] = card.stage
            target.set_uids(uids)
        self.refresh_counts()

    def _key(self, uid: str, today: str) -> str:
        card = self._lookup(uid)
        return sort_key(card, today) if card is not None else f"9\0{uid}"

    def refresh_counts(self) -> None:
        for stage, card_list in self.lists.items():
            limit = self._wip_limit() if stage == "engaged" else None
            column = card_list.parent
            if isinstance(column, StageColumn):
                column.set_count(len(card_list.uids), limit)
        self.post_message(self.Empty(not self._stage_of))

    # --- focus ---------------------------------------------------------------

    @property
    def current_list(self) -> CardList | None:
        focused = self.screen.focused
        return focused if isinstance(focused, CardList) else None

    @property
    def current_uid(self) -> str | None:
        card_list = self.current_list
        return card_list.current_uid if card_list else None

    def focus_first_card(self) -> None:
        for stage in STAGES:
            if self.lists[stage].uids:
                self.lists[stage].move_cursor(0)
                self.lists[stage].focus()
                return
        self.lists[STAGES[0]].focus()

    def focus_uid(self, uid: str) -> bool:
        stage = self._stage_of.get(uid)
        if stage is None:
            return False
        card_list = self.lists[stage]
        card_list.select_uid(uid)
        card_list.focus()
        return True

    def action_focus_column(self, delta: int) -> None:
        current = self.current_list
        stage = step(current.stage, delta) if current else STAGES[0]
        if stage is not None:
            self.lists[stage].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stage moves show greyed out in the footer when no card is focused."""
        if action == "step_stage" and self.current_uid is None:
            return None
        return True

    def action_step_stage(self, direction: int) -> None:
        current = self.current_list
        uid = current.current_uid if current else None
        if current is None or uid is None:
            self.app.bell()
            return
        stage = step(current.stage, direction)
        if stage is None:
            self.notify("Already at the first stage." if direction < 0 else "Already at Ask.")
            return
        self.post_message(CardList.MoveRequested(uid, stage))

    @on(CardList.DragOver)
    def _highlight_target(self, event: CardList.DragOver) -> None:
        event.stop()
        for column in self.query(StageColumn):
            column.set_class(column.drop_stage == event.stage, "-drop-target")
