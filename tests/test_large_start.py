"""The start-up path of a large file: its bytes read on a thread while modules
import, the board's fields decoded at once, the full check in a forked child.

"Large" is lowered to a few hundred bytes here, so small files take the same path
a 30,000-contact file takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from networking_tui.data import storage, store
from networking_tui.data.storage import DataFileError
from networking_tui.data.store import ContactStore

from .conftest import contact, write_db

TOUCH = {"kind": "comment", "at": "2026-10-01T10:00:00+00:00", "note": "a note"}


@pytest.fixture(autouse=True)
def large_from_a_few_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "FORK_FROM_BYTES", 200)


def people() -> list[dict]:
    return [
        contact("Ada Lovelace", "follower", priority=1, interactions=[TOUCH]),
        contact("Grace Hopper", "engaged", where_met="PyCon"),
        contact("Alan Turing", "stranger"),
    ]


def open_large(db: Path) -> ContactStore:
    opened, confirm = ContactStore.open_fast(db, prefetch=storage.Prefetch(db, storage.read_bytes))
    confirm()
    return opened


def test_a_large_file_opens_with_the_same_cards_as_a_full_read(db: Path) -> None:
    write_db(db, people())
    assert open_large(db).cards == ContactStore.open(db).cards


def test_a_problem_only_the_full_check_sees_stops_the_start(db: Path) -> None:
    bad_touch = {"kind": "comment", "at": "not a date", "note": ""}
    write_db(db, [*people(), contact("Hedy Lamarr", interactions=[bad_touch])])
    before = db.read_bytes()
    _, confirm = ContactStore.open_fast(db)  # the board's fields are fine
    with pytest.raises(DataFileError, match="Hedy Lamarr"):
        confirm()
    assert db.read_bytes() == before


def test_a_file_that_cannot_be_read_is_reported_from_the_prefetch(db: Path) -> None:
    db.mkdir()  # a folder where the file should be: reading it fails
    with pytest.raises(DataFileError, match="it is a folder, not a file"):
        ContactStore.open_fast(db, prefetch=storage.Prefetch(db, storage.read_bytes))


def test_no_file_yet_opens_empty(db: Path) -> None:
    assert open_large(db).cards == {}
