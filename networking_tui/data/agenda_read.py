"""The data file read for a shell command that prints the agenda once.

In one pass over the file, each contact's agenda fields only (model.AgendaContact):
at 30,000 contacts, under half the work of reading the file into a store and then
decoding every contact (0.21 s of CPU against 0.47 s). Whatever is out of the
ordinary (an older schema, a table the app does not write, a shared uid, a
priority in words, a kind of touch of its own, text that may need cleaning) is
read as before instead: into a store, then every whole contact, which reads it or
says what is wrong with it. The agenda, and any error, are the same either way.

A large file is read in two halves, one a core (halves.py): each process works out
the agenda of its half's contacts and explains its rows, and the first joins the
second's to its own (agenda.LiveAgenda.joined): a median of 0.83 s became 0.66 s
at 30,000.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import msgspec

from networking_tui.data import halves, storage
from networking_tui.data.forked import can_fork, unfreed
from networking_tui.data.storage import DataFileError
from networking_tui.data.store import CONTACTS, ContactStore, FileOf
from networking_tui.domain.agenda import (
    Agenda,
    Facts,
    LiveAgenda,
    Share,
    day_hook,
    facts,
    share_hook,
)
from networking_tui.domain.changes import Doc
from networking_tui.domain.dates import EARLIEST_YEAR, LATEST_YEAR
from networking_tui.domain.model import (
    TOUCH_KINDS,
    AgendaContact,
    AnyContact,
    Settings,
    Touch,
    in_range,
    named,
)

# A kind the app logs; any other (a script's own, or one with stray controls in
# it) sends the file the store's way, which reads it as `contact` shows it.
Kind = Literal[TOUCH_KINDS]  # type: ignore[valid-type]


class _KnownTouch(Touch, gc=False, frozen=True):
    kind: Kind


class _Contact(AgendaContact, gc=False, frozen=True):
    interactions: list[_KnownTouch] = []  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # The touches' years are checked on their facts (see _in_years): reading
        # 300,000 of them here took a third of the decoding.
        named(self.name)
        in_range(self.next_touch, self.created_at, self.updated_at, self.next_touch_set_at)


_FILE = msgspec.json.Decoder(FileOf[_Contact])


@dataclass
class AgendaRead:
    contacts: list[tuple[str, AnyContact]]  # uid, contact, in the file's order
    events: dict[str, Doc]  # as the store shows them
    settings: Settings
    facts: list[Facts] | None = None  # each contact's, in that order (if worked out)


# A file this large is read in two halves (7,000 contacts of the brief's shape):
# below it, forking and joining cost about what the second core saves.
SPLIT_BYTES = 16 << 20
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, RecursionError, DataFileError)

# Works out the agenda of what was read (usecases/planning.py): over the whole
# file, or over a half in each process.
Plan = Callable[[AgendaRead], LiveAgenda]


def planned(
    path: Path, plan: Plan, prefetch: storage.Prefetch[storage.Buffer] | None = None
) -> Agenda:
    """The agenda `plan` works out from the file at `path` (raises DataFileError);
    `prefetch`: it being read already."""
    data, sig = prefetch.result() if prefetch is not None else storage.read_buffer(path)
    if data is not None and sig is not None and len(data) >= SPLIT_BYTES and can_fork():
        split = halves.Split.of(data, CONTACTS)
        joined = _in_halves(path, split, sig, plan) if split is not None else None
        if joined is not None:
            return joined
    return plan(read(path, (data, sig))).agenda


def read(
    path: Path, got: tuple[storage.Buffer | None, storage.Signature | None] | None = None
) -> AgendaRead:
    """The agenda's fields of the file at `path` (raises DataFileError); `got`: its
    bytes and signature, read already."""
    data, sig = got if got is not None else storage.read_bytes(path)
    found = _one_pass(path, data, sig)
    if found is not None:
        return found
    if data is not None and not isinstance(data, bytes):  # the store keeps views of bytes
        data = data[:]
    store = ContactStore(path, storage.parse(path, data, sig), checked=True, board=False)
    contacts: list[tuple[str, AnyContact]] = [*store.contacts()]
    return AgendaRead(contacts, store.docs("events"), store.settings())


def _one_pass(
    path: Path, data: storage.Buffer | None, sig: storage.Signature | None
) -> AgendaRead | None:
    """None when the file is not one the app wrote as it is now (see above)."""
    if data is None or sig is None:
        return None
    try:
        file = _FILE.decode(data)
        if not file.current(path):
            return None
    except _ERRORS:
        return None
    half = _Half(file.contacts)
    if not half.fine:
        return None
    store = file.others(path, sig)
    return AgendaRead(half.contacts, store.docs("events"), store.settings(), half.facts)


class _Half:
    """The contacts of the contacts table, or of a half of it, and their facts;
    `fine`: all of them read as they are (else read the store's way)."""

    def __init__(self, contacts: dict[str, _Contact]) -> None:
        self.contacts: list[tuple[str, AnyContact]] = []
        self.facts: list[Facts] = []
        self.doc_ids = list(contacts)
        self.fine = self._read(contacts)

    def _read(self, contacts: dict[str, _Contact]) -> bool:
        seen: set[str] = set()
        try:
            for doc_id, contact in contacts.items():
                uid = contact.uid or f"#{doc_id}"
                if uid in seen or not _shown_as_is(contact):
                    return False
                seen.add(uid)
                self.contacts.append((uid, contact))
                f = facts(uid, contact)
                if not _in_years(f.touch_ts):
                    return False
                self.facts.append(f)
        except (ValueError, OverflowError, OSError):  # a naive moment Python cannot place
            return False
        return True


class _Theirs(msgspec.Struct, gc=False):
    """The second half's agenda, sent to the first (halves.Channel)."""

    uids: list[str]  # every contact's: a uid both halves give is shared
    doc_ids: list[str]  # every document's: so is a document id
    share: Share | None  # None: its contacts do not all read as they are


_THEIRS = msgspec.msgpack.Decoder(_Theirs, dec_hook=day_hook)


def _in_halves(
    path: Path, split: halves.Split, sig: storage.Signature, plan: Plan
) -> Agenda | None:
    """The agenda worked out by this process and one forked for the second half;
    None if the file is not to be read this way after all (read it whole)."""

    def second_half(channel: halves.Channel) -> None:
        file = _FILE.decode(split.second())  # its tables' Raw keep the bytes
        contacts, file.contacts = file.contacts, {}
        channel.send(msgspec.json.encode(file))  # its other tables, for the first half
        half = _Half(contacts)
        others = _FILE.decode(channel.receive(bytes)).others(path, sig)
        share = None
        if half.fine:
            read = AgendaRead(half.contacts, others.docs("events"), others.settings(), half.facts)
            share = plan(read).share()
        uids = [uid for uid, _ in half.contacts]
        channel.send(_Theirs(uids, half.doc_ids, share), enc_hook=share_hook)
        unfreed(half, others, share)  # the first half waits for this process to end

    partner = halves.Partner(second_half, (*_ERRORS, EOFError, OSError))
    try:
        file = split.decode_first(_FILE)
        joined = file.joined(_FILE.decode(partner.channel.receive(bytes)))
        if joined is None or not joined.current(path):
            return None
        partner.channel.send(msgspec.json.encode(joined))
        mine = _Half(file.contacts)
        if not mine.fine:
            return None
        others = joined.others(path, sig)
        live = plan(AgendaRead(mine.contacts, others.docs("events"), others.settings(), mine.facts))
        live.explain()  # while the second half does the same
        theirs = partner.channel.receive(_THEIRS)
        if theirs.share is None:
            return None
        if not halves.apart(
            (u for u, _ in mine.contacts), theirs.uids, mine.doc_ids, theirs.doc_ids
        ):
            return None
        return live.joined(theirs.share, others.settings())
    except (*_ERRORS, EOFError, OSError):
        return None
    finally:
        partner.end()


# Moments certainly within EARLIEST_YEAR-LATEST_YEAR in any offset (at most a day
# either way): a touch outside them may be out of range, and is left to the store.
_EARLIEST = datetime(EARLIEST_YEAR, 1, 2, tzinfo=UTC).timestamp()
_LATEST = datetime(LATEST_YEAR, 12, 31, tzinfo=UTC).timestamp()


def _in_years(stamps: tuple[float, ...]) -> bool:
    """Whether the touches (their sorted moments) are all certainly in the years the
    app takes, as Interaction checks them (else the store's way says which is not)."""
    return not stamps or (stamps[0] >= _EARLIEST and stamps[-1] <= _LATEST)


def _shown_as_is(contact: AgendaContact) -> bool:
    """Whether the text the agenda shows of the contact is shown as it is written:
    printable text (no controls to leave out) and a name without spaces around it
    (store.contact strips it when it cleans)."""
    name, where, mark = contact.name, contact.where_met, contact.next_touch_event
    return (
        name.isprintable()
        and name.strip() == name
        and (where is None or where.isprintable())
        and (mark is None or mark.event.isprintable())
    )
