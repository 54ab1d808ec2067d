"""The finder's own thread: queries typed while one runs wait, and only the newest
is answered."""

from __future__ import annotations

from pathlib import Path

from networking_tui.data.finder import Finder
from networking_tui.data.store import ContactStore

from .conftest import contact, write_db


def test_only_the_newest_waiting_query_is_answered(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", uid="ada"), contact("Grace Hopper", uid="grace")])
    finder = Finder(ContactStore.open(db))
    with finder._lock:  # a query under way: the next ones wait their turn
        first = finder.ask("a")
        second = finder.ask("gr")
        newest = finder.ask("ada")
    assert first.result() is None and second.result() is None  # skipped, never run
    answer = newest.result()
    assert answer is not None
    hits, count = answer
    assert [h.uid for h in hits] == ["ada"] and count == 1
    again = finder.ask("grace").result()
    assert again is not None and [h.uid for h in again[0]] == ["grace"]
