"""Two (or three) machines changed copies of one file apart: the merge keeps every
change, whatever the order it is done in.

Random edits are made through the same use cases the app calls, on copies of
one file, each copy with its own device id; then the copies' tables are merged.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_tui.data import store as store_module
from networking_tui.data.store import ContactStore
from networking_tui.domain import changes, merge
from networking_tui.domain.capture import parse_quick_add
from networking_tui.domain.merge import NOTES, merge_tables
from networking_tui.domain.model import STAGES
from networking_tui.usecases import contacts, planning, touches
from tests.conftest import contact, write_db

Tables = dict[str, dict[str, Any]]
steps = itertools.count()

KINDS = ["add", "log", "move", "role", "archive", "delete", "undo", "edit-touch", "delete-touch"]
KINDS += ["event-in", "event-out"]  # someone added to (taken off) the one event
EDIT = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 20),
    st.sampled_from(STAGES),
)


def tables_of(path: Path) -> Tables:
    return msgspec.json.decode(path.read_bytes())


@pytest.fixture(autouse=True)
def fixed_uids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Uids in the order made, so that a failing example replays the same way."""
    made = itertools.count()
    for module in (changes, store_module):
        monkeypatch.setattr(module, "new_uid", lambda: f"uid{next(made):06d}")


def machine(folder: Path, source: Path, name: str, start_ms: int) -> ContactStore:
    copy = folder / f"{name}.json"
    shutil.copy(source, copy)
    store = ContactStore.open(copy)
    store.clock = merge.Clock(name, last_ms=start_ms)
    return store


Removed = list[tuple[str, dict[str, Any]]]  # (uid, a touch as it was) edited or deleted


def apply(
    store: ContactStore, edits: list[tuple[str, int, str]], removed: Removed | None = None
) -> list[tuple[str, str, str]]:
    """Make the edits; returns what must survive any merge: (kind, uid, token).
    The touches edited or deleted go into `removed`."""
    made: list[tuple[str, str, str]] = []
    removed = [] if removed is None else removed
    for kind, pick, stage in edits:
        uids = sorted(store.cards)
        uid = uids[pick % len(uids)] if uids else None
        token = f"t{next(steps)}"
        if kind == "add":
            done = contacts.add(store, parse_quick_add(f"Person {token}", _today()))
            made.append(("add", done.change.uid, f"Person {token}"))
        elif uid is None:
            continue
        elif kind == "log":
            touches.log_touch(store, uid, "email", _now(), token)
            made.append(("log", uid, token))
        elif kind == "move":
            contacts.move(store, uid, stage)
        elif kind == "role":
            contacts.save_fields(store, uid, {"role": token})
            made.append(("role", uid, token))
        elif kind == "archive":
            contacts.set_archived(store, uid, not store.cards[uid].archived)
        elif kind == "delete":
            contacts.delete_forever(store, uid)
        elif kind == "undo":
            contacts.undo(store)
        elif kind in ("event-in", "event-out"):
            people = set((store.docs("events").get("meetup") or {}).get("contacts") or [])
            people = people | {uid} if kind == "event-in" else people - {uid}
            event = {"name": "Meetup", "date": "2026-12-20", "contacts": sorted(people)}
            planning.save_event(store, "meetup", event)
            made.append(("event", uid, kind))
        elif kind in ("edit-touch", "delete-touch"):
            log = store.doc(uid).get("interactions") or []
            if not log:
                continue
            original = log[pick % len(log)]
            if kind == "edit-touch":
                touches.edit_touch(store, uid, original, "call", _now(), token)
                made.append(("log", uid, token))  # the edited touch must survive
            else:
                touches.delete_touch(store, uid, original)
            removed.append((uid, original))
    assert store.sync().error is None
    return made


def _today():
    from networking_tui.domain import clock

    return clock.today()


def _now():
    from networking_tui.domain import clock

    return clock.now()


def same(a: Tables, b: Tables) -> bool:
    return merge.canonical(a) == merge.canonical(b)


def by_uid(tables: Tables) -> dict[str, dict[str, Any]]:
    return {d["uid"]: d for d in tables.get("contacts", {}).values()}


def start_file(folder: Path) -> Path:
    """Ada and Grace, each with two touches from before the merge's stamps."""
    path = folder / "start.json"
    people = [
        contact(name, stage, interactions=[_touch(f"{name} {n}") for n in (1, 2)])
        for name, stage in (("Ada", "engaged"), ("Grace", "connected"))
    ]
    write_db(path, people)
    return path


def _touch(note: str) -> dict[str, Any]:
    return {"kind": "email", "at": "2026-10-02T10:00:00", "note": note}


@settings(
    max_examples=int(os.environ.get("MERGE_RUNS", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8))
def test_the_merge_is_order_free_and_loses_nothing(
    one: list[Any], two: list[Any], three: list[Any]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = start_file(folder)
        stores = [machine(folder, source, f"m{i}", 1_000 + i) for i in range(3)]
        removed: list[Removed] = [[], [], []]
        made = [apply(s, e, r) for s, e, r in zip(stores, (one, two, three), removed, strict=True)]
        a, b, c = (tables_of(s.path) for s in stores)
        ab, ba = merge_tables(a, b), merge_tables(b, a)
        assert same(ab, ba), "A into B and B into A differ"
        assert same(merge_tables(ab, b), ab), "merging a copy twice changed something"
        assert same(merge_tables(merge_tables(a, b), c), merge_tables(a, merge_tables(b, c)))
        assert same(merge_tables(merge_tables(a, c), b), merge_tables(merge_tables(a, b), c))
        everyone = by_uid(merge_tables(merge_tables(a, b), c))
        deleted = {uid for s in stores for uid in _deleted_here(s)}
        for kind, uid, token in itertools.chain(*made):
            if uid in deleted and uid not in everyone:
                continue  # deleted for good on a machine, and left alone elsewhere
            doc = everyone[uid]
            if kind == "add":
                assert doc["name"] == token
            elif kind == "log":
                undone = token not in _notes_on(stores, uid)
                assert undone or token in [t.get("note") for t in doc.get("interactions", [])]
            elif kind == "role":
                values = [doc.get("role")] + [n["value"] for n in doc.get(NOTES, [])]
                assert token in values or not _role_kept_anywhere(stores, uid, token)
        # A touch edited or deleted on a machine does not come back from another.
        for uid, touch in itertools.chain(*removed):
            assert touch not in (everyone.get(uid) or {}).get("interactions", [])
        # Every entry a machine still has is kept, unless another machine edited or
        # deleted it (a touch put back by an undo is kept: no tombstone hides it).
        for n, store in enumerate(stores):
            elsewhere = [t for m, r in enumerate(removed) if m != n for _, t in r]
            for uid, doc in by_uid(tables_of(store.path)).items():
                if uid not in everyone:
                    assert uid in deleted
                    continue
                for key in ("interactions", "stage_history"):
                    for entry in doc.get(key, []):
                        assert entry in everyone[uid][key] or entry in elsewhere, (key, entry)
        # Someone added to or taken off the event on one machine only: as there.
        merged_events = merge_tables(merge_tables(a, b), c).get("events", {})
        event = next(iter(merged_events.values()), None)
        changed_on = [{uid for kind, uid, _ in m if kind == "event"} for m in made]
        for n, store in enumerate(stores):
            here = store.docs("events").get("meetup")
            if event is None or here is None:
                continue  # the event deleted (an undo of its making) somewhere
            others = set().union(*(c for m, c in enumerate(changed_on) if m != n))
            for uid in changed_on[n] - others:
                assert (uid in event["contacts"]) == (uid in here["contacts"]), uid
        # Every stage history is a path: it ends where the contact is.
        for doc in everyone.values():
            assert doc["stage_history"][-1]["stage"] == doc["stage"] or any(
                h["stage"] == doc["stage"] for h in doc["stage_history"]
            )


def _deleted_here(store: ContactStore) -> set[str]:
    graves = tables_of(store.path).get(merge.DELETED, {})
    return {g["of"] for g in graves.values() if g.get("table") == "contacts"}


def _notes_on(stores: list[ContactStore], uid: str) -> set[str]:
    notes: set[str] = set()
    for store in stores:
        doc = by_uid(tables_of(store.path)).get(uid)
        notes |= {t.get("note") for t in (doc or {}).get("interactions", [])}
    return notes


def _role_kept_anywhere(stores: list[ContactStore], uid: str, token: str) -> bool:
    """Whether the role survived on its own machine (not undone or overwritten there)."""
    return any((by_uid(tables_of(s.path)).get(uid) or {}).get("role") == token for s in stores)


def test_a_field_changed_on_both_sides_keeps_the_other_value_in_a_note(tmp_path: Path) -> None:
    source = start_file(tmp_path)
    laptop = machine(tmp_path, source, "laptop", 1_000)
    desktop = machine(tmp_path, source, "desktop", 9_000_000_000_000)  # its clock is ahead
    contacts.save_fields(laptop, "ada", {"company": "Analytical"})
    contacts.save_fields(desktop, "ada", {"company": "Babbage & Co", "role": "Poet"})
    touches.log_touch(laptop, "ada", "call", _now(), "from the laptop")
    for store in (laptop, desktop):
        assert store.sync().error is None
    ada = by_uid(merge_tables(tables_of(laptop.path), tables_of(desktop.path)))["ada"]
    assert ada["company"] == "Babbage & Co" and ada["role"] == "Poet"
    assert ada[NOTES] == [{"field": "company", "value": "Analytical", "at": ada[NOTES][0]["at"]}]
    assert [t["note"] for t in ada["interactions"]] == ["Ada 1", "Ada 2", "from the laptop"]


def test_a_field_changed_on_one_side_only_needs_no_note(tmp_path: Path) -> None:
    source = start_file(tmp_path)
    laptop = machine(tmp_path, source, "laptop", 1_000)
    desktop = machine(tmp_path, source, "desktop", 9_000_000_000_000)
    contacts.save_fields(laptop, "ada", {"company": "Analytical"})
    assert laptop.sync().error is None and desktop.sync().error is None
    ada = by_uid(merge_tables(tables_of(laptop.path), tables_of(desktop.path)))["ada"]
    assert ada["company"] == "Analytical" and NOTES not in ada


def test_deleted_and_untouched_stays_deleted_edited_stays(tmp_path: Path) -> None:
    source = start_file(tmp_path)
    laptop = machine(tmp_path, source, "laptop", 1_000)
    desktop = machine(tmp_path, source, "desktop", 9_000_000_000_000)
    contacts.delete_forever(laptop, "ada")
    contacts.delete_forever(laptop, "grace")
    contacts.save_fields(desktop, "grace", {"role": "Admiral"})  # after the deletion
    for store in (laptop, desktop):
        assert store.sync().error is None
    merged = by_uid(merge_tables(tables_of(laptop.path), tables_of(desktop.path)))
    assert "ada" not in merged  # does not come back on the next sync
    assert merged["grace"]["role"] == "Admiral"
    assert [n["field"] for n in merged["grace"][NOTES]] == ["deleted"]


def test_the_same_person_added_on_both_sides_is_kept_once(tmp_path: Path) -> None:
    source = start_file(tmp_path)
    laptop = machine(tmp_path, source, "laptop", 1_000)
    desktop = machine(tmp_path, source, "desktop", 9_000_000_000_000)
    contacts.add(laptop, parse_quick_add("Hedy Lamarr hedy@example.org ; met at a call", _today()))
    hedy = contacts.add(desktop, parse_quick_add("Hedy Lamarr hedy@example.org", _today()))
    touches.log_touch(desktop, hedy.change.uid, "email", _now(), "sent the paper")
    for store in (laptop, desktop):
        assert store.sync().error is None
    merged = merge_tables(tables_of(laptop.path), tables_of(desktop.path))
    hedys = [d for d in by_uid(merged).values() if d["name"] == "Hedy Lamarr"]
    assert len(hedys) == 1
    assert "sent the paper" in [t["note"] for t in hedys[0]["interactions"]]


# --- an edited or deleted touch (per-entry tombstones) ----------------------------


def two_machines(tmp_path: Path) -> tuple[ContactStore, ContactStore]:
    source = start_file(tmp_path)
    # The desktop's clock is ahead: what it does comes later, even within a millisecond.
    later = machine(tmp_path, source, "desktop", 9_000_000_000_000)
    return machine(tmp_path, source, "laptop", 1_000), later


def merged_notes(*stores: ContactStore, uid: str = "ada") -> list[str]:
    """The notes of `uid`'s touches once both files are merged, in either order
    (they must agree)."""
    for store in stores:
        assert store.sync().error is None
    a, b = (tables_of(s.path) for s in stores)
    ab, ba = merge_tables(a, b), merge_tables(b, a)
    assert same(ab, ba)
    return sorted(t["note"] for t in by_uid(ab)[uid]["interactions"])


def first_touch(store: ContactStore, uid: str = "ada") -> dict[str, Any]:
    return store.doc(uid)["interactions"][0]


def last_touch(store: ContactStore, uid: str = "ada") -> dict[str, Any]:
    return store.doc(uid)["interactions"][-1]


def test_a_touch_edited_here_and_untouched_there_stays_edited(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    touches.edit_touch(laptop, "ada", first_touch(laptop), "call", _now(), "Ada 1, corrected")
    assert merged_notes(laptop, desktop) == ["Ada 1, corrected", "Ada 2"]


def test_a_touch_deleted_here_and_untouched_there_stays_deleted(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    touches.delete_touch(laptop, "ada", first_touch(laptop))
    assert merged_notes(laptop, desktop) == ["Ada 2"]


def test_a_touch_edited_here_and_deleted_there_stays_edited(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    touches.edit_touch(laptop, "ada", first_touch(laptop), "call", _now(), "Ada 1, corrected")
    touches.delete_touch(desktop, "ada", first_touch(desktop))
    assert merged_notes(laptop, desktop) == ["Ada 1, corrected", "Ada 2"]


def test_a_touch_edited_on_both_keeps_both_edits(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    touches.edit_touch(laptop, "ada", first_touch(laptop), "call", _now(), "from the laptop")
    touches.edit_touch(desktop, "ada", first_touch(desktop), "call", _now(), "from the desktop")
    assert merged_notes(laptop, desktop) == ["Ada 2", "from the desktop", "from the laptop"]


def test_an_undone_deletion_is_not_hidden_by_its_tombstone(tmp_path: Path) -> None:
    """The desktop got the file with the touch deleted; then the laptop undid the
    deletion: the touch is back after the merge, once."""
    laptop, desktop = two_machines(tmp_path)
    touches.log_touch(laptop, "ada", "call", _now(), "logged")  # stamped: it has an `_s`
    touches.delete_touch(laptop, "ada", last_touch(laptop))
    assert laptop.sync().error is None
    shutil.copy(laptop.path, desktop.path)
    desktop = ContactStore.open(desktop.path)
    contacts.undo(laptop)
    assert merged_notes(laptop, desktop) == ["Ada 1", "Ada 2", "logged"]


def test_an_undone_edit_brings_the_touch_back_as_it_was(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    touches.log_touch(laptop, "ada", "call", _now(), "logged")
    touches.edit_touch(laptop, "ada", last_touch(laptop), "call", _now(), "a slip")
    assert laptop.sync().error is None
    shutil.copy(laptop.path, desktop.path)  # the desktop saw the edit
    desktop = ContactStore.open(desktop.path)
    contacts.undo(laptop)
    assert merged_notes(laptop, desktop) == ["Ada 1", "Ada 2", "logged"]


def test_an_undone_log_stays_undone(tmp_path: Path) -> None:
    """Logged, synced to the desktop, then undone here: it does not come back."""
    laptop, desktop = two_machines(tmp_path)
    touches.log_touch(laptop, "ada", "call", _now(), "by mistake")
    assert laptop.sync().error is None
    shutil.copy(laptop.path, desktop.path)
    desktop = ContactStore.open(desktop.path)
    contacts.undo(laptop)
    assert merged_notes(laptop, desktop) == ["Ada 1", "Ada 2"]


def test_someone_taken_off_an_event_stays_off_and_can_come_back(tmp_path: Path) -> None:
    laptop, desktop = two_machines(tmp_path)
    event = {"name": "Meetup", "date": "2026-12-20", "contacts": ["ada", "grace"]}
    planning.save_event(laptop, "meetup", event)
    assert laptop.sync().error is None
    shutil.copy(laptop.path, desktop.path)
    desktop = ContactStore.open(desktop.path)

    def people() -> list[str]:
        for store in (laptop, desktop):
            assert store.sync().error is None
        a, b = (tables_of(s.path) for s in (laptop, desktop))
        ab = merge_tables(a, b)
        assert same(ab, merge_tables(b, a))
        return next(iter(ab["events"].values()))["contacts"]

    planning.save_event(laptop, "meetup", {**event, "contacts": ["grace"]})
    assert people() == ["grace"]  # taken off on the laptop, left alone on the desktop
    planning.save_event(desktop, "meetup", {**event, "contacts": ["grace"]})
    planning.save_event(desktop, "meetup", {**event, "contacts": ["ada", "grace"]})
    assert people() == ["ada", "grace"]  # put back later on the desktop


def test_stamps_sort_by_time_and_after_the_first_format() -> None:
    laptop, desktop = merge.Clock("ab12", last_ms=1_000), merge.Clock("cd34")
    stamps = [laptop.stamp(now_ms=5_000) for _ in range(40)]  # a full millisecond borrows
    stamps += [desktop.stamp(now_ms=5_002), laptop.stamp(now_ms=1_796_220_079_540)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert all(len(s) == len(stamps[0]) for s in stamps)  # short: every touch has one
    assert stamps[0] > "1796220079540.0000.a1b2c3d4"  # a stamp of the first format
    desktop.observe(stamps[-1])
    assert desktop.stamp(now_ms=0) > stamps[-1]


def test_a_contact_deleted_here_and_given_a_touch_there_afterwards_stays(tmp_path: Path) -> None:
    """A stranger has no rhythm: logging a touch changes no field, only the log."""
    source = tmp_path / "start.json"
    write_db(source, [contact("Zed", "stranger", uid="zed")])
    laptop = machine(tmp_path, source, "laptop", 1_000)
    desktop = machine(tmp_path, source, "desktop", 9_000_000_000_000)  # later, surely
    contacts.delete_forever(laptop, "zed")
    touches.log_touch(desktop, "zed", "follow", _now(), "followed after all")
    assert merged_notes(laptop, desktop, uid="zed") == ["followed after all"]
