"""What the board shows now, kept for the next start on the same file (see
uistate.FirstScreen): drawn at once then, while the file loads on a thread."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from networking_tui.data import uistate
from networking_tui.data.store import ContactStore
from networking_tui.domain import later_day
from networking_tui.domain.model import Card
from networking_tui.ui.widgets.board import Board
from networking_tui.ui.widgets.detail import People


def snapshot(
    board: Board, store: ContactStore, people: People | None, today: date
) -> uistate.FirstScreen | None:
    """The first screen as the board shows it (None with a filter on: a start shows
    everyone), for the file as last read or written (its signature). `people`: the
    focused contact's, for the pane."""
    signature = store.signature
    if signature is None or board.only is not None:
        return None
    columns: dict[str, uistate.Column] = {}
    overdue: dict[str, int] = {}
    soon: dict[str, list[str]] = {}
    day, until = today.isoformat(), (today + timedelta(days=later_day.BOUND_DAYS)).isoformat()
    order = store.order
    for stage, card_list in board.lists.items():
        uids = card_list.uids
        if stage == board.active_stage:  # the cards in sight around the focus
            start = max(0, card_list.cursor - uistate.CARDS_AROUND)
            end = card_list.cursor + uistate.CARDS_AROUND
        else:  # a column shows from its top at a start
            start, end = 0, uistate.CARDS_AROUND
        columns[stage] = uistate.Column(len(uids), start, uids[start:end])
        overdue[stage], soon[stage] = later_day.due_soon(uids, order, day, until)
    cards = store.cards
    kept = [cards[u] for column in columns.values() for u in column.uids if u in cards]
    uid = board.current_uid
    contact = store.contact(uid) if uid is not None and uid in store else None
    names: dict[str, str] = {}
    if contact is not None:
        links = [*contact.knows, *([contact.introduced_by] if contact.introduced_by else [])]
        names = {link.uid: cards[link.uid].name for link in links if link.uid in cards}
    settings = store.settings()
    first = uistate.FirstScreen(
        path=uistate.file_key(store.path),
        signature=signature,
        day=today.isoformat(),
        active=board.active_stage,
        focused=uid if contact is not None else None,
        columns=columns,
        cards=kept,
        contact=contact,
        names=names,
        warm=list(people.warm_paths) if people is not None and contact is not None else [],
        wip_limit=settings.wip_limit,
        theme=settings.theme,
        overdue=overdue,
        soon={stage: keys for stage, keys in soon.items() if keys},
    )
    return _with_later_cards(first, cards, today)


def _with_later_cards(
    first: uistate.FirstScreen, cards: dict[str, Card], today: date
) -> uistate.FirstScreen:
    """`first` with the cards that come into its columns on the days after (of
    those due soon: only these few of them are kept whole)."""
    have = {card.uid for card in first.cards}
    more: dict[str, Card] = {}
    for days in range(1, later_day.BOUND_DAYS + 1):
        columns = uistate.columns_on(first, (today + timedelta(days=days)).isoformat())
        for column in (columns or {}).values():
            more.update((u, cards[u]) for u in column.uids if u not in have and u in cards)
    return msgspec.structs.replace(first, cards=[*first.cards, *more.values()])
