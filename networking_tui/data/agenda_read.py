"""The data file read for a shell command that prints the agenda once.

In one pass over the file, each contact's agenda fields only (model.AgendaContact):
at 30,000 contacts, under half the work of reading the file into a store and then
decoding every contact (0.21 s of CPU against 0.47 s). Whatever is out of the
ordinary (an older schema, a table the app does not write, a shared uid, a
priority in words, a kind of touch of its own, text that may need cleaning) is
read as before instead: into a store, then every whole contact, which reads it or
says what is wrong with it. The agenda, and any error, are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import msgspec

from networking_tui.data import storage
from networking_tui.data.storage import DataFileError
from networking_tui.data.store import ContactStore, FileOf
from networking_tui.domain.agenda import Facts, facts
from networking_tui.domain.changes import Doc
from networking_tui.domain.dates import EARLIEST_YEAR, LATEST_YEAR
from networking_tui.domain.model import (
    TOUCH_KINDS,
    AgendaContact,
    AnyContact,
    Settings,
    Touch,
    in_range,
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
        in_range(self.next_touch, self.created_at, self.updated_at, self.next_touch_set_at)


_FILE = msgspec.json.Decoder(FileOf[_Contact])


@dataclass
class AgendaRead:
    contacts: list[tuple[str, AnyContact]]  # uid, contact, in the file's order
    events: dict[str, Doc]  # as the store shows them
    settings: Settings
    facts: list[Facts] | None = None  # each contact's, in that order (if worked out)


def read(path: Path, prefetch: storage.Prefetch | None = None) -> AgendaRead:
    """The agenda's fields of the file at `path` (raises DataFileError); `prefetch`:
    its bytes being read already."""
    data, sig = prefetch.result() if prefetch is not None else storage.read_bytes(path)
    found = _one_pass(path, data, sig)
    if found is not None:
        return found
    store = ContactStore(path, storage.parse(path, data, sig), checked=True, board=False)
    contacts: list[tuple[str, AnyContact]] = [*store.contacts()]
    return AgendaRead(contacts, store.docs("events"), store.settings())


def _one_pass(path: Path, data: bytes | None, sig: storage.Signature | None) -> AgendaRead | None:
    """None when the file is not one the app wrote as it is now (see above)."""
    if data is None or sig is None:
        return None
    try:
        file = _FILE.decode(data)
        if not file.current(path):
            return None
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, DataFileError):
        return None
    contacts: list[tuple[str, AnyContact]] = []
    all_facts: list[Facts] = []
    seen: set[str] = set()
    try:
        for doc_id, contact in file.contacts.items():
            uid = contact.uid or f"#{doc_id}"
            if uid in seen or not _shown_as_is(contact):
                return None
            seen.add(uid)
            contacts.append((uid, contact))
            f = facts(uid, contact)
            if not _in_years(f.touch_ts):
                return None
            all_facts.append(f)
    except (ValueError, OverflowError, OSError):  # a naive moment Python cannot place
        return None
    store = file.others(path, sig)
    return AgendaRead(contacts, store.docs("events"), store.settings(), all_facts)


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
