"""What the board shows now, kept for the next start on the same file (see
uistate.FirstScreen): drawn at once then, while the file loads on a thread."""

from __future__ import annotations

from datetime import date

from networking_tui.data import uistate
from networking_tui.data.store import ContactStore
from networking_tui.ui.widgets.board import Board
from networking_tui.ui.widgets.detail import People

CARDS_AROUND = uistate.CARDS_AROUND  # the same window as data/first_read.py keeps


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
    for stage, card_list in board.lists.items():
        uids = card_list.uids
        if stage == board.active_stage:  # the cards in sight around the focus
            start = max(0, card_list.cursor - CARDS_AROUND)
            end = card_list.cursor + CARDS_AROUND
        else:  # a column shows from its top at a start
            start, end = 0, CARDS_AROUND
        columns[stage] = uistate.Column(len(uids), start, uids[start:end])
    cards = store.cards
    kept = [cards[u] for column in columns.values() for u in column.uids if u in cards]
    uid = board.current_uid
    contact = store.contact(uid) if uid is not None and uid in store else None
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
        focused=uid if contact is not None else None,
        columns=columns,
        cards=kept,
        contact=contact,
        names=names,
        warm=list(people.warm_paths) if people is not None and contact is not None else [],
        wip_limit=settings.wip_limit,
        theme=settings.theme,
    )
