"""The first screen read straight from the data file, when none was kept (the first
start on a file, a new day, or the file changed elsewhere: the shell's `add`, a
synced copy, a git pull).

One pass decodes each contact's card only (model.Card, what the board shows),
about a third of the work of loading the file, checking it and decoding the cards;
the focused contact's document is then found on its line, for the pane. A large
file is read in two halves, one a core (halves.py): each sorts its cards, the
second sends its keys to the first, which places them on the board and asks it
for its cards in sight. The app shows
this first screen at once and loads, checks and decodes the file on a thread after
it, as with a first screen kept (uistate.FirstScreen, ui/app.py). Whatever is out
of the ordinary (no file, an older schema, a table the app does not write, a
document that does not read as a card, a shared uid, conflict copies beside the
file) gives None: the file is then loaded first, as before, which reads it or
says what is wrong with it.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import msgspec

from networking_tui.data import conflicts, halves, storage, uistate
from networking_tui.data.forked import ForkedCheck, can_fork, unfreed, when_answered
from networking_tui.data.storage import DataFileError, Raw
from networking_tui.data.store import CONTACTS, FileOf, board_card, shown_contact
from networking_tui.domain.model import STAGES, Card, Contact, Link
from networking_tui.domain.rules import WARM_PATH_STAGES, sort_key, warm_paths


class _Documents(msgspec.Struct):
    contacts: dict[str, Raw] = msgspec.field(default_factory=dict)


_FILE = msgspec.json.Decoder(FileOf[Card])
_DOCUMENTS = msgspec.json.Decoder(_Documents)
_CARD = msgspec.json.Decoder(Card)
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, RecursionError, DataFileError)
# A file this large has its contacts read in two halves, one a core (15,000 contacts
# of the brief's shape): below it one pass ends before the app's imports do.
SPLIT_BYTES = 32 << 20


class Reading:
    """The first screen read in a forked child while the caller goes on (imports the
    app): the second core's work. Fork before starting any thread."""

    def __init__(self, path: Path, today: date) -> None:
        self._path, self._today = path, today
        self._app = os.getpid()
        self._child = ForkedCheck(self._encoded) if can_fork() else None

    def _encoded(self) -> str | None:
        # Mapped in the child only: if it died (a file cut short in place raises
        # SIGBUS in a mapping), ForkedCheck reads again here, a copy.
        first = read(self._path, self._today, mapped=os.getpid() != self._app)
        return None if first is None else msgspec.json.encode(first).decode("utf-8")

    def result(self) -> uistate.FirstScreen | None:
        if self._child is None:
            return read(self._path, self._today)
        text = self._child.result()
        return None if text is None else msgspec.json.decode(text, type=uistate.FirstScreen)


def read(path: Path, today: date, *, mapped: bool = False) -> uistate.FirstScreen | None:
    """The first screen a start on the file at `path` shows, today; None when the
    file is not one to read this way (see above). `mapped`: in the forked child
    only, the file is mapped rather than copied (storage.map_bytes), and a large
    contacts table is read in two halves, one a core (halves.py)."""
    stage, focus = uistate.load_focus(path)
    day = today.isoformat()
    seen = None
    try:
        data, sig = storage.map_bytes(path) if mapped else storage.read_bytes(path)
        if data is None or sig is None or conflicts.conflict_copies(path):
            return None
        # In the forked child only: the app's own read of a copy never forks.
        split = halves.Split.of(data, CONTACTS) if mapped and len(data) >= SPLIT_BYTES else None
        both = _Seen.halves(split, data, day, stage, focus) if split is not None else None
        file, seen = both if both is not None else (_FILE.decode(data), None)
        if not file.current(path):
            return None
        settings = file.others(path, sig).settings()
        if seen is None:
            seen = _Seen.whole(file.contacts, data, day, stage, focus)
    except (*_ERRORS, OSError):
        return None
    if seen is None:
        return None  # a shared uid: the store says which documents share it
    columns = seen.board.columns()
    return uistate.FirstScreen(
        path=uistate.file_key(path),
        signature=sig,
        day=day,
        active=seen.board.active,
        focused=seen.board.focused if seen.contact is not None else None,
        columns=columns,
        cards=[seen.cards[u] for column in columns.values() for u in column.uids],
        contact=seen.contact,
        names=seen.names,
        warm=seen.warm,
        wip_limit=settings.wip_limit,
        theme=settings.theme,
    )


class _Half:
    """The cards of the contacts table, or of a half of it: by uid, their document
    ids, and each column's sort keys in order."""

    def __init__(self, contacts: dict[str, Card], day: str) -> None:
        self.cards: dict[str, Card] = {}
        self.ids: dict[str, str] = {}
        self.shared = False  # a uid two documents give
        self.keys: dict[str, list[str]] = {s: [] for s in STAGES}
        for doc_id, card in contacts.items():
            card = board_card(card, doc_id)
            uid = card.uid
            assert uid is not None
            if uid in self.cards:
                self.shared = True
            self.cards[uid], self.ids[uid] = card, doc_id
            if not card.archived:
                self.keys[card.stage].append(sort_key(card, day))
        for keys in self.keys.values():
            keys.sort()

    def sorted_keys(self, focus: str | None, others: bytes) -> _Keys:
        """What the other half needs to place this one's cards on the board, with
        the other tables this half holds (`others`, a file without contacts)."""
        focused = self.cards.get(focus) if focus is not None else None
        may_focus = {_uid(keys[0]) for keys in self.keys.values() if keys}
        if focus is not None and focused is not None:
            may_focus.add(focus)
        places = _places(self.ids, may_focus)
        return _Keys(
            keys=self.keys,
            uids=list(self.cards),
            doc_ids=list(self.ids.values()),
            shared=self.shared,
            focus=focused,
            tops=[(self.ids[u], self.cards[u], at) for u, at in places.items()],
            others=others,
        )

    def sight(self, ask: _Ask) -> _Sight:
        """This half's part of the cards in sight, the link names and warm paths."""
        cards = [self.cards[u] for u in ask.uids if u in self.cards]
        names = {u: self.cards[u].name for u in ask.links if u in self.cards}
        warm = [] if ask.warm is None else [c for c, _ in warm_paths(ask.warm, self.cards.values())]
        return _Sight(cards, names, warm)


class _Keys(msgspec.Struct, gc=False):
    """The second half's sort keys, sent to the first (halves.Channel)."""

    keys: dict[str, list[str]]
    uids: list[str]  # every card's: a uid both halves give is shared
    doc_ids: list[str]  # every document's: so is a document id
    shared: bool
    focus: Card | None  # the card focused last, if in this half
    # Document id, card and place (see _place) of those that may get the focus.
    tops: list[tuple[str, Card, float]]
    others: bytes  # the file's other tables in this half, as a file without contacts


class _Ask(msgspec.Struct, gc=False):
    """What the first half asks the second for, once it knows what is in sight."""

    uids: list[str]  # the cards in sight
    links: list[str]  # the focused contact's links
    warm: str | None  # the focused uid, if the pane shows its warm paths


class _Sight(msgspec.Struct, gc=False):
    cards: list[Card]
    names: dict[str, str]
    warm: list[Card]  # Connected cards that know the focused one


class _Seen:
    """What the first screen shows of the cards: the board, the cards by uid (those
    in sight at least), the focused contact and its names and warm paths."""

    def __init__(self, board: _Board, cards: dict[str, Card], contact: Contact | None) -> None:
        self.board, self.cards, self.contact = board, cards, contact
        self.names: dict[str, str] = {}
        self.warm: list[tuple[str, bool]] = []

    @classmethod
    def whole(
        cls,
        contacts: dict[str, Card],
        data: storage.Buffer,
        day: str,
        stage: str | None,
        focus: str | None,
    ) -> _Seen | None:
        half = _Half(contacts, day)
        if half.shared:
            return None
        board = _Board(half.keys, day, stage, half.cards.get(focus) if focus else None)
        uid = board.focused
        contact = None
        if uid is not None:
            place = _places(half.ids, [uid])[uid]
            contact = shown_contact(_document(data, half.ids[uid], half.cards[uid], place, None))
        seen = cls(board, half.cards, contact)
        if uid is not None and contact is not None:
            part = half.sight(_ask_links(uid, contact))
            seen.show_links(uid, part.names, part.warm)
        return seen

    @classmethod
    def halves(
        cls,
        split: halves.Split,
        data: storage.Buffer,
        day: str,
        stage: str | None,
        focus: str | None,
    ) -> tuple[FileOf[Card], _Seen] | None:
        """Read by this process and one forked for the second half: the file but its
        contacts, and what the first screen shows of them. None if the file is not
        to be read this way after all (read it whole)."""

        def second_half(channel: halves.Channel) -> None:
            file = _FILE.decode(split.second())  # its tables' Raw keep the view
            half = _Half(file.contacts, day)
            file.contacts = {}
            channel.send(half.sorted_keys(focus, msgspec.json.encode(file)))
            channel.send(half.sight(channel.receive(_Ask)))
            unfreed(half)  # the first half waits for this process to end

        partner = halves.Partner(second_half, (*_ERRORS, EOFError, OSError))
        try:
            file = split.decode_first(_FILE)
            mine = _Half(file.contacts, day)
            theirs = partner.channel.receive(_Keys)
            others = file.joined(_FILE.decode(theirs.others))
            if others is None or mine.shared or theirs.shared:
                return None  # read whole: it finds the shared uid as the store does
            if not halves.apart(mine.cards, theirs.uids, mine.ids.values(), theirs.doc_ids):
                return None
            keys: dict[str, list[str]] = {
                s: sorted([*mine.keys[s], *theirs.keys[s]]) for s in STAGES
            }
            left = (mine.cards.get(focus) or theirs.focus) if focus else None
            board = _Board(keys, day, stage, left)
            uid, contact, ask = board.focused, None, _Ask([], [], None)
            if uid is not None:
                tops = {card.uid: (doc_id, card, at) for doc_id, card, at in theirs.tops}
                if uid in mine.cards:
                    doc_id, card = mine.ids[uid], mine.cards[uid]
                    place = _places(mine.ids, [uid])[uid]
                    span = (_contacts_at(data), split.cut)
                else:
                    doc_id, card, place = tops[uid]
                    span = (split.cut, len(data))
                contact = shown_contact(_document(data, doc_id, card, place, span))
                ask = _ask_links(uid, contact)
            in_sight = [u for column in board.columns().values() for u in column.uids]
            ask.uids = [u for u in in_sight if u not in mine.cards]
            partner.channel.send(ask)
            sight = partner.channel.receive(_Sight)
        except (*_ERRORS, EOFError, OSError, KeyError):
            partner.end()  # before the file is read whole, which says what is wrong
            return None
        except BaseException:
            partner.end()
            raise
        # Its end waited for once the app has the first screen: 7-8 ms at 100,000.
        when_answered(partner.end)
        cards = {u: mine.cards[u] for u in in_sight if u in mine.cards}
        cards.update((card.uid or "", card) for card in sight.cards)
        if uid is not None:
            cards[uid] = card
        seen = cls(board, cards, contact)
        if uid is not None and contact is not None:
            part = mine.sight(_ask_links(uid, contact))
            seen.show_links(uid, {**part.names, **sight.names}, [*part.warm, *sight.warm])
        unfreed(file, mine, theirs, keys)  # in the forked child: the app waits for it
        return others, seen

    def show_links(self, uid: str, names: Mapping[str, str], cards: Iterable[Card]) -> None:
        """The focused contact's link names (from `names`, by uid) and its warm paths
        (as app.people) from `cards`: every card, or those that know it."""
        if self.contact is None:
            return
        links = _links(self.contact)
        self.names = {link.uid: names[link.uid] for link in links if link.uid in names}
        if self.contact.stage in WARM_PATH_STAGES:
            self.warm = [(card.name, agreed) for card, agreed in warm_paths(uid, cards)]


def _links(contact: Contact) -> list[Link]:
    return [*contact.knows, *([contact.introduced_by] if contact.introduced_by else [])]


def _ask_links(uid: str, contact: Contact) -> _Ask:
    """What to ask a half for the focused contact's pane: its links' names, and the
    cards of its warm paths (shown before Engaged, as app.people)."""
    warm = uid if contact.stage in WARM_PATH_STAGES else None
    return _Ask([], [link.uid for link in _links(contact)], warm)


def _document(
    data: storage.Buffer, doc_id: str, card: Card, place: float, span: tuple[int, int] | None
) -> Raw:
    """The contact document `doc_id` of the file's bytes, whose card is `card`. Found
    on its own line, as the app writes each document (storage.encode_tables), rather
    than by a second pass over the file (60 ms at 30,000 contacts): first near where
    `place` (0 to 1: its place among the documents of `span`, the bytes of its half,
    else of the contacts table) puts it, then anywhere after the span's start; if it
    is not there, by that pass."""
    key = b'\n"' + doc_id.encode() + b'":'
    lo, hi = span if span is not None else (_contacts_at(data), len(data))
    guess, end = lo + int((hi - lo) * place), len(data)
    # Documents differ in length, so the guess is off by up to a few hundred kB at
    # 100,000 contacts: looking through the whole half took 40-55 ms.
    for start, stop in ((guess - _NEAR, guess + _NEAR), (guess - 8 * _NEAR, guess + 8 * _NEAR)):
        found = _line(data, key, max(lo, start), min(end, stop), doc_id, card)
        if found is not None:
            return found
    found = _line(data, key, lo, end, doc_id, card)
    return found if found is not None else _DOCUMENTS.decode(data).contacts[doc_id]


_NEAR = 1 << 20


def _contacts_at(data: storage.Buffer) -> int:
    return data.find(b'\n"' + CONTACTS.encode() + b'":{')


def _line(
    data: storage.Buffer, key: bytes, start: int, stop: int, doc_id: str, card: Card
) -> Raw | None:
    """The first line from `start` (before `stop`) that begins with `key`, if it is the
    document whose card is `card` (the first pass read it); else None."""
    at = data.find(key, start, stop)
    if at < 0:
        return None
    end = data.find(b"\n", at + 1)
    found = Raw(data[at + len(key) : end if end >= 0 else len(data)].rstrip(b","))
    try:
        return found if board_card(_CARD.decode(found), doc_id) == card else None
    except _ERRORS:
        return None


class _Board:
    """Each column in board order (rules.sort_key), and the focus as a start puts it
    (ui/app.py _focus_where_left): on the card focused last, `left`, if it is on the
    board; else on the top of the column focused last, if it has cards; else on the
    first card of the board. `keys`: each column's sort keys, in order."""

    def __init__(
        self, keys: Mapping[str, list[str]], day: str, stage: str | None, left: Card | None
    ) -> None:
        self.keys = keys
        self.cursor = 0
        self.active: str
        if left is not None and not left.archived:
            self.active = left.stage
            self.cursor = bisect_left(keys[left.stage], sort_key(left, day))
        elif stage is not None and keys.get(stage):
            self.active = stage
        else:
            self.active = next((s for s in STAGES if keys[s]), STAGES[0])

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


def _places(ids: dict[str, str], uids: Iterable[str]) -> dict[str, float]:
    """Where each of `uids`' documents is among `ids`' (in the file's order), from 0
    to 1: the order listed once for them all."""
    order = list(ids)
    return {uid: order.index(uid) / len(order) for uid in uids}


def _uid(key: str) -> str:
    return key.rpartition("\0")[2]
