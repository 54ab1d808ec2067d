"""What the board shows now, kept for the next start on the same file (see
uistate.FirstScreen): drawn at once then, while the file loads on a thread."""

from __future__ import annotations

from datetime import date, timedelta

from networking_tui.data import uistate
from networking_tui.data.store import ContactStore
from networking_tui.domain import later_day
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
    uid = board.current_uid
    contact = store.contact(uid) if uid is not None and uid in store else None
    focused = uid if contact is not None else None
    columns: dict[str, uistate.Column] = {}
    later: dict[str, uistate.Later] = {}
    day, until = today.isoformat(), (today + timedelta(days=later_day.BOUND_DAYS)).isoformat()
    order = store.order
    more: set[str] = set()  # the cards that come into a window on a later day
    for stage, card_list in board.lists.items():
        uids = card_list.uids
        if stage == board.active_stage:  # the cards in sight around the focus
            start = max(0, card_list.cursor - uistate.CARDS_AROUND)
            end = card_list.cursor + uistate.CARDS_AROUND
        else:  # a column shows from its top at a start
            start, end = 0, uistate.CARDS_AROUND
        columns[stage] = uistate.Column(len(uids), start, uids[start:end])
        overdue, due_soon = later_day.due_soon(uids, order, day, until)
        focus = order[focused] if stage == board.active_stage and focused is not None else None
        soon, shown = later_day.for_later(
            later_day.Window(len(uids), start, [order[u] for u in uids[start:end]]),
            overdue,
            due_soon,
            day,
            focus,
            uistate.CARDS_AROUND,
            uistate.SIGHT,
        )
        later[stage] = uistate.Later(overdue, soon.keys, soon.below, soon.above)
        more.update(key.rpartition("\0")[2] for key in shown)
    cards = store.cards
    kept = [cards[u] for column in columns.values() for u in column.uids if u in cards]
    kept += [cards[u] for u in sorted(more) if u in cards]
    names: dict[str, str] = {}
    if contact is not None:
        links = [*contact.knows, *([contact.introduced_by] if contact.introduced_by else [])]
        names = {link.uid: cards[link.uid].name for link in links if link.uid in cards}
    settings = store.settings()
    return uistate.FirstScreen(
        path=uistate.file_key(store.path),
        signature=signature,
        day=today.isoformat(),
        active=board.active_stage,
        focused=focused,
        columns=columns,
        cards=kept,
        contact=contact,
        names=names,
        warm=list(people.warm_paths) if people is not None and contact is not None else [],
        wip_limit=settings.wip_limit,
        theme=settings.theme,
        later=later,
    )
