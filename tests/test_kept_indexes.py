"""What the store keeps between changes instead of working it out again: the name
index, the next document id, each document's bytes as read. Each must answer as
if it had been built from scratch."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from networking_tui.data import storage
from networking_tui.data.store import ContactStore
from networking_tui.domain import changes, clock, merge
from networking_tui.domain.matching import Identities, NameIndex, find
from networking_tui.domain.model import SCHEMA_VERSION, Card, Handles, identity_keys
from networking_tui.domain.rules import day_key, order_key, sort_key
from networking_tui.ui.widgets.board import _overdue_first
from networking_tui.usecases import touches

from .conftest import contact, read_db, write_db

NAMES = ["Ada Lovelace", "ada", "Émilie du Châtelet", "Emi Lee", "Adam Smith", "Grace"]
QUERIES = ["a", "ada", "ADA L", "emi", "Émilie du", "lov", "du", "gr", "x"]


def card(name: str, uid: str, nickname: str | None, archived: bool) -> Card:
    return Card(name=name, stage="stranger", uid=uid, nickname=nickname, archived=archived)


people = st.tuples(
    st.sampled_from(NAMES), st.none() | st.sampled_from(["Emi", "ada", "Lovey"]), st.booleans()
)


@given(
    st.lists(people, max_size=8),
    st.lists(st.tuples(st.integers(0, 9), st.none() | people), max_size=8),
    st.sampled_from(QUERIES),
)
def test_the_name_index_kept_per_change_answers_like_a_scan(
    start: list, steps: list, query: str
) -> None:
    """Renamed, archived, added and deleted one at a time: the same answers as a
    scan of the contacts as they are now."""
    cards = {f"u{n}": card(name, f"u{n}", nick, gone) for n, (name, nick, gone) in enumerate(start)}
    index = NameIndex(cards.values())
    for n, now in steps:
        uid = f"u{n}"
        if now is None:  # deleted
            cards.pop(uid, None)
            index.discard(uid)
        else:  # added, or changed
            cards[uid] = card(now[0], uid, now[1], now[2])
            index.add(cards[uid])
    assert index.find(query) == find(query, cards.values())
    assert index.by_uid == {uid: c for uid, c in cards.items() if not c.archived}
    assert index.find(query, archived=True) == find(query, cards.values(), archived=True)
    others = [c for c in cards.values() if c.uid != "u0"]
    assert index.find(query, exclude="u0") == find(query, others)


@given(st.lists(st.tuples(st.integers(0, 5), st.none() | st.tuples(people, st.integers(0, 2)))))
def test_the_identities_kept_per_change_answer_like_ones_built_anew(steps: list) -> None:
    """Namesakes and shared handles come and go one at a time: the same answers as
    an index built from the contacts as they are now."""
    emails = ["ada@example.com", "ADA@example.com ", "grace@example.com"]
    cards: dict[str, Card] = {}
    kept = Identities([])
    for n, now in steps:
        uid = f"u{n}"
        if uid in cards:
            kept.discard(cards.pop(uid))
        if now is not None:
            (name, nick, gone), email = now
            cards[uid] = Card(
                name=name,
                stage="stranger",
                uid=uid,
                nickname=nick,
                archived=gone,
                handles=Handles(email=emails[email]),
            )
            kept.add(cards[uid])
    anew = Identities(cards.values())
    for name in NAMES:
        for email in emails:
            keys = identity_keys(None, None, email)
            assert kept.matching(name, keys) == anew.matching(name, keys)


def test_the_stores_name_index_follows_each_change_and_a_reload(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace"), contact("Grace Hopper")])
    store = ContactStore.open(db)
    names = store.names()
    store.update("ada-lovelace", lambda d: {**d, "name": "Augusta King"}, "rename")
    new = store.insert(changes.make_contact("Adele Goldberg"), "add").uid
    store.update("grace-hopper", lambda d: {**d, "archived": True}, "archive")
    assert store.names() is names  # kept, not built again
    assert [c.uid for c in names.find("augusta")] == ["ada-lovelace"]
    assert [c.uid for c in names.find("ad")] == [new]  # not Ada any more
    assert names.find("grace") == []
    assert [c.uid for c in names.find("grace", archived=True)] == ["grace-hopper"]
    store.apply("contacts", new, lambda _: None, "delete")
    assert names.find("adele") == []

    other = ContactStore.open(db)  # another window adds someone and saves
    other.insert(changes.make_contact("Hedy Lamarr", uid="hedy"), "add")
    assert other.sync().wrote
    assert store.sync().reloaded
    assert [c.uid for c in store.names().find("hedy")] == ["hedy"]
    assert [c.uid for c in store.names().find("augusta")] == ["ada-lovelace"]


def test_new_documents_take_the_next_id_after_the_highest(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace"), contact("Grace Hopper")])
    store = ContactStore.open(db)
    first = store.insert(changes.make_contact("Hedy Lamarr", uid="hedy"), "add").uid
    store.apply("contacts", first, lambda _: None, "delete")
    store.insert(changes.make_contact("Alan Turing", uid="alan"), "add")
    assert store.sync().wrote
    ids = {doc["uid"]: doc_id for doc_id, doc in read_db(db)["contacts"].items()}
    assert ids == {"ada-lovelace": "1", "grace-hopper": "2", "alan": "4"}


def test_an_unchanged_document_is_written_as_read_and_a_changed_one_anew(db: Path) -> None:
    """A save copies the bytes of every document it did not change (spacing, key
    order and fields it does not know included) and encodes only the changed one."""
    odd = b'{ "stage":"follower",  "name": "Ada Lovelace", "uid": "ada", "x-kept": [1, 2] }'
    tables = storage.empty_tables()
    tables["_meta"]["1"] = storage.Raw(msgspec.json.encode({"schema": SCHEMA_VERSION}))
    tables["contacts"] = {
        "1": storage.Raw(odd),
        "2": storage.Raw(msgspec.json.encode(contact("Grace Hopper"))),
    }
    storage.write_atomic(db, storage.encode_tables(tables))
    store = ContactStore.open(db)
    store.update("grace-hopper", lambda d: {**d, "priority": 1}, "priority")
    assert store.sync().wrote
    written = db.read_bytes()
    assert odd in written
    grace = read_db(db)["contacts"]["2"]
    assert grace["priority"] == 1
    assert msgspec.json.encode(grace) in written  # encoded anew, as msgspec writes it


@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),
            st.none() | st.dates(date(2026, 11, 1), date(2026, 12, 31)),
            st.sampled_from(["Ada", "Grace", "Émilie"]),
        ),
        max_size=20,
    ),
    st.dates(date(2026, 11, 1), date(2026, 12, 31)),
)
def test_the_board_puts_overdue_cards_first_in_board_order(people: list, today: date) -> None:
    """The bisection finds the same overdue cards, in the same order, as looking
    at every card's date (rules.sort_key)."""
    cards = [
        Card(name=name, stage="stranger", priority=p, next_touch=due, uid=f"u{n}")
        for n, (p, due, name) in enumerate(people)
    ]
    keys = {c.uid or "": order_key(c) for c in cards}
    uids = sorted(keys, key=keys.__getitem__)
    shown = _overdue_first(uids, [keys[u] for u in uids], today.isoformat())
    by_rule = sorted(keys, key=lambda u: sort_key(cards[int(u[1:])], today.isoformat()))
    assert shown == by_rule


@given(
    st.sampled_from(["Ada", "Émilie", "ÅSA", "grace hopper"]),
    st.integers(1, 3),
    st.none() | st.dates(date(2026, 11, 1), date(2026, 12, 31)),
    st.dates(date(2026, 11, 1), date(2026, 12, 31)),
)
def test_the_sort_key_in_one_call_is_the_day_key_of_the_order_key(
    name: str, priority: int, due: date | None, today: date
) -> None:
    """rules.sort_key (the first screen read from the file keys each card with it)
    orders as the store's order keys do, a day applied."""
    card = Card(name=name, stage="stranger", priority=priority, next_touch=due, uid="u1")
    assert sort_key(card, today.isoformat()) == day_key(order_key(card), today.isoformat())


def test_a_conflict_copy_merged_in_reaches_the_kept_indexes(db: Path) -> None:
    """The agenda's facts, the duplicate check and the name index are worked out
    again from the merged file, not kept from before it."""
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    copy = db.parent / "other.json"
    shutil.copy(db, copy)
    desktop = ContactStore.open(copy)
    desktop.clock = merge.Clock("desktop")
    desktop.insert(changes.make_contact("Grace Hopper", uid="grace"), "add")
    touches.log_touch(desktop, "ada", "call", clock.now(), "from the desktop")
    assert desktop.sync().error is None
    shutil.move(copy, db.parent / "contacts.sync-conflict-20261202-101500-ABCDEFG.json")

    laptop = ContactStore.open(db)
    before = {f.uid: f for f in laptop.agenda_facts()}
    laptop.identities()
    laptop.names()
    assert laptop.absorb_conflicts().merged
    facts = {f.uid: f for f in laptop.agenda_facts()}
    assert set(facts) == {"ada", "grace"}
    assert len(facts["ada"].touch_ts) == len(before["ada"].touch_ts) + 1
    assert [c.uid for c in laptop.identities().named("grace hopper")] == ["grace"]
    assert [c.uid for c in laptop.names().find("grace")] == ["grace"]


def test_the_board_order_worked_out_when_first_asked_is_the_same(db: Path) -> None:
    """A shell command's store leaves the board order out; asked for after a
    change, it is what the app's store kept current."""
    write_db(db, [contact("Ada Lovelace", priority=1), contact("Grace Hopper", priority=3)])
    shell, app = ContactStore.open_cards(db), ContactStore.open(db)
    for store in (shell, app):
        store.update("grace-hopper", lambda d: {**d, "priority": 1}, "priority")
        store.apply("contacts", "ada-lovelace", lambda _: None, "delete")
    assert shell.order == app.order
    assert list(app.order) == ["grace-hopper"] and app.order["grace-hopper"].startswith("1")
