"""The first screen read straight from the data file, when none was kept (the first
start on a file, a new day, or the file changed elsewhere: the shell's `add`, a
synced copy, a git pull).

One pass decodes each contact's card only (model.Card, what the board shows),
about a third of the work of loading the file, checking it and decoding the cards;
a second pass finds the focused contact's document, for the pane. The app shows
this first screen at once and loads, checks and decodes the file on a thread after
it, as with a first screen kept (uistate.FirstScreen, ui/app.py). Whatever is out
of the ordinary (no file, an older schema, a table the app does not write, a
document that does not read as a card, a shared uid, conflict copies beside the
file) gives None: the file is then loaded first, as before, which reads it or
says what is wrong with it.
"""

from __future__ import annotations

import mmap
from bisect import bisect_left
from datetime import date
from pathlib import Path

import msgspec

from networking_tui.data import conflicts, storage, uistate
from networking_tui.data.forked import ForkedCheck, can_fork
from networking_tui.data.storage import DataFileError, Raw
from networking_tui.data.store import CONTACTS, FileOf, board_card, shown_contact
from networking_tui.domain.model import STAGES, Card
from networking_tui.domain.rules import WARM_PATH_STAGES, sort_key, warm_paths


class _Documents(msgspec.Struct):
    contacts: dict[str, Raw] = msgspec.field(default_factory=dict)


_FILE = msgspec.json.Decoder(FileOf[Card])
_DOCUMENTS = msgspec.json.Decoder(_Documents)
_CARD = msgspec.json.Decoder(Card)
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, RecursionError, DataFileError)


class Reading:
    """The first screen read in a forked child while the caller goes on (imports the
    app): the second core's work. Fork before starting any thread."""

    def __init__(self, path: Path, today: date) -> None:
        self._path, self._today = path, today
        self._child = ForkedCheck(self._encoded) if can_fork() else None

    def _encoded(self) -> str | None:
        first = read(self._path, self._today, mapped=True)
        return None if first is None else msgspec.json.encode(first).decode("utf-8")

    def result(self) -> uistate.FirstScreen | None:
        if self._child is None:
            return read(self._path, self._today)
        text = self._child.result()
        return None if text is None else msgspec.json.decode(text, type=uistate.FirstScreen)


def read(path: Path, today: date, *, mapped: bool = False) -> uistate.FirstScreen | None:
    """The first screen a start on the file at `path` shows, today; None when the
    file is not one to read this way (see above). `mapped`: the file is mapped
    rather than copied (storage.map_bytes), in the forked child only."""
    try:
        data, sig = storage.map_bytes(path) if mapped else storage.read_bytes(path)
        if data is None or sig is None or conflicts.conflict_copies(path):
            return None
        file = _FILE.decode(data)
        if not file.current(path):
            return None
        settings = file.others(path, sig).settings()
    except (*_ERRORS, OSError):
        return None
    cards: dict[str, Card] = {}
    ids: dict[str, str] = {}
    for doc_id, card in file.contacts.items():
        card = board_card(card, doc_id)
        uid = card.uid
        assert uid is not None
        if uid in cards:
            return None  # the store says which documents share it
        cards[uid], ids[uid] = card, doc_id
    board = _Board(cards, today.isoformat(), *uistate.load_focus(path))
    uid = board.focused
    try:
        contact = None if uid is None else shown_contact(_document(data, ids[uid], file))
    except _ERRORS:
        return None
    names: dict[str, str] = {}
    warm: list[tuple[str, bool]] = []
    if contact is not None:
        assert uid is not None
        links = [*contact.knows, *([contact.introduced_by] if contact.introduced_by else [])]
        names = {link.uid: cards[link.uid].name for link in links if link.uid in cards}
        if cards[uid].stage in WARM_PATH_STAGES:  # as app.people
            warm = [(card.name, agreed) for card, agreed in warm_paths(uid, cards.values())]
    columns = board.columns()
    return uistate.FirstScreen(
        path=uistate.file_key(path),
        signature=sig,
        day=today.isoformat(),
        active=board.active,
        focused=uid if contact is not None else None,
        columns=columns,
        cards=[cards[u] for column in columns.values() for u in column.uids],
        contact=contact,
        names=names,
        warm=warm,
        wip_limit=settings.wip_limit,
        theme=settings.theme,
    )


def _document(data: bytes | mmap.mmap, doc_id: str, file: FileOf[Card]) -> Raw:
    """The contact document `doc_id` of the file's bytes. Found on its own line, as
    the app writes each document (storage.encode_tables), rather than by a second
    pass over the file (60 ms at 30,000 contacts); if it is not there, by that pass."""
    key = b'\n"' + doc_id.encode() + b'":'
    start = data.find(key, data.find(b'\n"' + CONTACTS.encode() + b'":{'))
    if start >= 0:
        end = data.find(b"\n", start + 1)
        found = Raw(data[start + len(key) : end if end >= 0 else len(data)].rstrip(b","))
        try:  # that line is the document the first pass read (else look it up below)
            if _CARD.decode(found) == file.contacts[doc_id]:
                return found
        except _ERRORS:
            pass
    return _DOCUMENTS.decode(data).contacts[doc_id]


class _Board:
    """Each column in board order (rules.sort_key), and the focus as a start puts it
    (ui/app.py _focus_where_left): on the card focused last, if it is on the board;
    else on the top of the column focused last, if it has cards; else on the first
    card of the board."""

    def __init__(self, cards: dict[str, Card], today: str, stage: str | None, uid: str | None):
        # Each column's sort keys alone, sorted: each ends with the card's uid.
        self.keys: dict[str, list[str]] = {s: [] for s in STAGES}
        for card in cards.values():
            if not card.archived:
                self.keys[card.stage].append(sort_key(card, today))
        for keys in self.keys.values():
            keys.sort()
        self.cursor = 0
        left = cards.get(uid) if uid is not None else None
        self.active: str
        if left is not None and not left.archived:
            self.active = left.stage
            self.cursor = bisect_left(self.keys[left.stage], sort_key(left, today))
        elif stage is not None and self.keys.get(stage):
            self.active = stage
        else:
            self.active = next((s for s in STAGES if self.keys[s]), STAGES[0])

    @property
    def focused(self) -> str | None:
        keys = self.keys[self.active]
        return _uid(keys[self.cursor]) if keys else None

    def columns(self) -> dict[str, uistate.Column]:
        """As firstscreen.snapshot keeps them: the active column around the focus,
        the others from their top."""
        around = uistate.CARDS_AROUND
        columns = {}
        for stage, keys in self.keys.items():
            start = max(0, self.cursor - around) if stage == self.active else 0
            end = self.cursor + around if stage == self.active else around
            columns[stage] = uistate.Column(len(keys), start, [_uid(k) for k in keys[start:end]])
        return columns


def _uid(key: str) -> str:
    return key.rpartition("\0")[2]
