"""A store that has let go of the file's bytes (store.release_bytes, as the app does
once its first screen is up) reads each contact back from the file: it answers
and saves exactly as one that kept them."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from networking_tui.data import storage
from networking_tui.data.finder import Finder
from networking_tui.data.store import ContactStore
from networking_tui.domain.model import SCHEMA_VERSION

from .conftest import contact, read_db, write_db

ODD = b'{ "stage":"follower",  "name": "Ada Lovelace", "uid": "ada", "x-kept": [1, 2] }'


def people() -> list[dict]:
    return [
        contact(f"Person {n}", notes=f"met at the harbour {n}", priority=1 + n % 3)
        for n in range(40)
    ]


def tables_of(path: Path) -> dict[str, dict[str, bytes]]:
    """Each document's bytes as the file holds them."""
    tables = storage.read_file(path).tables
    return {name: {k: bytes(v) for k, v in docs.items()} for name, docs in tables.items()}


def file_as_tinydb_writes_it(path: Path) -> None:
    """One line, odd spacing, a document that is no view of a line of ours."""
    docs = b", ".join(
        b'"%d": %s' % (n, msgspec.json.encode(doc)) for n, doc in enumerate(people(), 2)
    )
    meta = msgspec.json.encode({"schema": SCHEMA_VERSION})
    path.write_bytes(b'{"_meta": {"1": %s}, "contacts": {"1": %s, %s}}' % (meta, ODD, docs))


@pytest.mark.parametrize("layout", ["as written here", "as TinyDB writes it"])
def test_a_save_after_letting_go_copies_every_unchanged_document(db: Path, layout: str) -> None:
    if layout == "as written here":
        write_db(db, people())
    else:
        file_as_tinydb_writes_it(db)
    before = tables_of(db)
    store = ContactStore.open(db)
    assert store.release_bytes() == len(before["contacts"])
    store.update("person-7", lambda d: {**d, "priority": 3, "notes": "moved"}, "edit")
    store.insert(contact("Hedy Lamarr"), "add")
    assert store.sync().wrote
    after = tables_of(db)
    changed = {k for k, v in before["contacts"].items() if after["contacts"].get(k) != v}
    assert changed == {k for k, v in before["contacts"].items() if b'"person-7"' in v}
    assert read_db(db)["contacts"][min(changed, key=int)]["notes"] == "moved"
    assert after["_meta"] == before["_meta"]
    assert len(after["contacts"]) == len(before["contacts"]) + 1
    # A second save, from what the first one wrote, is the same file again.
    written = db.read_bytes()
    store.update("person-8", lambda d: d, "nothing")
    assert store.sync().wrote
    assert db.read_bytes() == written


def test_what_a_released_store_answers_is_what_it_answered_before(db: Path) -> None:
    write_db(db, people())
    store = ContactStore.open(db)
    expected = (
        store.contact("person-3"),
        store.docs("contacts"),
        store.agenda_facts(),
        store.mentioning("person-3"),
        store.file_bytes(),
    )
    store = ContactStore.open(db)
    store.release_bytes()
    answered = (
        store.contact("person-3"),
        store.docs("contacts"),
        store.agenda_facts(),
        store.mentioning("person-3"),
        store.file_bytes(),
    )
    assert answered == expected
    assert dict(store.each_contact(lambda uid, raw: (uid, bytes(raw)))) == {
        doc["uid"]: msgspec.json.encode(doc) for doc in people()
    }
    hits, count = Finder(store).find("harbour 17")
    assert count >= 1 and hits[0].uid == "person-17"


def test_a_file_rewritten_in_place_is_read_again(db: Path) -> None:
    """A program that neither takes the lock nor replaces the file (an editor
    writing in place): the store reads the file again rather than old offsets."""
    write_db(db, people())
    store = ContactStore.open(db)
    store.release_bytes()
    text = db.read_bytes().replace(b"Person 3", b"Person Three")
    with db.open("r+b") as file:  # the same file (inode), rewritten
        file.write(text)
        file.truncate()
    os.utime(db, ns=(1, 1))  # a time unlike the one read, whatever the clock's grain
    assert store.contact("person-3").name == "Person Three"
    result = store.sync()
    assert result.reloaded and not result.error  # reported to the screens
    assert store.cards["person-3"].name == "Person Three"


def test_a_reloaded_file_is_held_by_its_spans_too(db: Path) -> None:
    """Another program's save, read by a sync: its bytes are let go of at once."""
    write_db(db, people())
    store = ContactStore.open(db)
    store.release_bytes()
    other = ContactStore.open(db)
    other.update("person-5", lambda d: {**d, "priority": 3}, "edit")
    assert other.sync().wrote
    assert store.sync().reloaded
    assert store._state.source is None and store._state.backing is not None
    assert store.contact("person-5").priority == 3


def test_a_file_replaced_before_letting_go_is_kept_as_read(db: Path) -> None:
    """Another program saved between reading and letting go: the documents stay
    in memory (the next sync reads the new file, and lets go of it)."""
    write_db(db, people())
    store = ContactStore.open(db)
    other = ContactStore.open(db)
    other.update("person-5", lambda d: {**d, "priority": 3}, "edit")
    assert other.sync().wrote
    assert store.release_bytes() == 0
    assert store.contact("person-5").priority == people()[5]["priority"]
    assert store.sync().reloaded
    assert store.contact("person-5").priority == 3
    assert store.release_bytes() == 0  # let go of already, by the reload
    assert store._state.backing is not None


@pytest.mark.parametrize("window", [1 << 20, 100, 7])
def test_a_released_save_writes_the_file_as_encoded(
    db: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """The lines of unchanged documents are copied through a buffer (the file's
    pieces larger than it, a window at a time): the bytes are the file as encoded
    (what file_bytes reads piece by piece), untouched contacts byte for byte."""
    monkeypatch.setattr(storage, "_WINDOW", window)
    write_db(db, people())
    before = tables_of(db)
    store = ContactStore.open(db)
    store.daily_backups = False
    assert store.release_bytes() == len(before["contacts"])
    store.update("person-0", lambda d: {**d, "stage": "follower"}, "move")
    store.update("person-21", lambda d: {**d, "notes": "moved"}, "edit")
    store.insert(contact("Hedy Lamarr"), "add")
    expected = store.file_bytes()
    assert store.sync().wrote
    assert db.read_bytes() == expected
    store.update("person-39", lambda d: {**d, "priority": 2}, "edit")
    expected = store.file_bytes()
    assert store.sync().wrote
    assert db.read_bytes() == expected
    after = tables_of(db)
    changed = {k for k, v in before["contacts"].items() if after["contacts"][k] != v}
    assert changed == {"1", "22", "40"}
    assert read_db(db)["contacts"]["22"]["notes"] == "moved"


_step = st.tuples(st.sampled_from(["edit", "add", "delete", "undo", "save"]), st.integers(0, 12))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(_step, max_size=14))
@example(steps=[("delete", 11), ("add", 0)])  # the last one's id given again
@example(steps=[("delete", 0), ("save", 0), ("edit", 0)])  # the first one's line break
def test_saves_from_the_layout_write_what_every_document_looked_at_writes(
    tmp_path: Path, steps: list[tuple[str, int]]
) -> None:
    """A released store saves from where its documents lie in the file (storage.
    Layout: the lines between those changed copied a piece each): edits, additions
    and deletions, the first and the last contact's included, undone or not, in
    any order, write the bytes the look at every document writes (file_bytes)."""
    db = tmp_path / f"layout-{len(list(tmp_path.iterdir()))}.json"
    write_db(db, [contact(f"Person {n}", notes=f"n{n}") for n in range(12)])
    store = ContactStore.open(db)
    store.daily_backups = False
    assert store.release_bytes() == 12
    assert store._state.layouts  # the layout is in use
    added = 0
    for what, n in [*steps, ("save", 0)]:
        uids = list(store.cards)
        uid = uids[n % len(uids)] if uids else None
        if what == "edit" and uid is not None:
            store.update(uid, lambda d: {**d, "notes": d.get("notes", "") + "!"}, "edit")
        elif what == "add":
            added += 1
            store.insert(contact(f"New {added}"), "add")
        elif what == "delete" and uid is not None:
            store.apply("contacts", uid, lambda _: None, "delete")
        elif what == "undo":
            store.undo()
        elif what == "save":
            expected = store.file_bytes()
            store.sync()
            assert db.read_bytes() == expected
            assert storage.read_file(db).tables  # still a file that reads
