"""A start with no first screen kept (a day's first, or the file changed elsewhere)
reads one straight from the file (data/first_read.py), shows it at once, and loads
the file on a thread after it, as a start with one kept does.

What it shows must be what a start on the whole file shows: compared here field by
field with the first screen the app keeps (firstscreen.snapshot) from a board
loaded from the whole file, focused as that start focused it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual import events
from textual.widgets import Static

from networking_tui.data import first_read, halves, storage, uistate
from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.model import Card
from networking_tui.domain.rules import sort_key
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.contact import ContactScreen

from .conftest import PATIENCE, cli_env, contact, plain, screen_text, write_db
from .terminal import Terminal

SIZE = (120, 40)
BAD_TOUCH = {"kind": "comment", "at": "not a date", "note": ""}


def board() -> list[dict[str, Any]]:
    """Strangers enough for a window of cards (some overdue, some archived), linked
    contacts with warm paths, and a card in every other column."""
    strangers = [
        contact(
            f"Person {n:03}",
            "stranger",
            priority=1 + n % 3,
            next_touch=f"2026-{1 + n % 12:02}-{1 + n % 28:02}" if n % 4 else None,
            archived=n % 17 == 0,
        )
        for n in range(160)
    ]
    linked = [
        contact("Ada Lovelace", "stranger", priority=1, knows=[{"uid": "grace-hopper"}]),
        contact("Grace Hopper", "connected", knows=[{"uid": "ada-lovelace", "may_mention": True}]),
        contact(
            "Alan Turing", "connected", knows=[{"uid": "ada-lovelace"}, {"uid": "grace-hopper"}]
        ),
        contact(
            "Hedy Lamarr", "follower", introduced_by={"uid": "grace-hopper"}, where_met="PyCon"
        ),
        contact("Joan Clarke", "engaged", objective="advice"),
        contact("Katherine Johnson", "ask"),
    ]
    return [*strangers, *linked]


def settings() -> dict[str, Any]:
    return {"settings": {"settings": {"uid": "settings", "wip_limit": 3, "theme": "nord"}}}


async def kept_by_a_whole_start(db: Path) -> uistate.FirstScreen:
    """The first screen a start on the whole file keeps as it quits where it began."""
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    kept = uistate.load_first_screen(db, storage.signature(db), clock.today().isoformat())
    assert kept is not None
    return kept


@pytest.mark.parametrize(
    ("stage", "uid"),
    [
        (None, None),  # the first start: the first card of the board
        ("stranger", "person-150"),  # deep in the column: a window around it
        ("stranger", "ada-lovelace"),  # warm paths and a link's name in the pane
        ("follower", "hedy-lamarr"),  # introduced by someone
        ("connected", "grace-hopper"),  # known by a Connected: no warm path shown
        ("engaged", "gone-since"),  # the card left last is no longer in the file
        ("stranger", "person-017"),  # archived since: the top of its column
        ("ask", None),  # a column left without a card
    ],
)
async def test_the_first_screen_read_is_the_one_a_whole_start_keeps(
    db: Path, stage: str | None, uid: str | None
) -> None:
    write_db(db, board(), **settings())
    if stage is not None:
        uistate.save_focus(db, stage, uid)
    read = first_read.read(db, clock.today())
    kept = await kept_by_a_whole_start(db)
    assert read is not None
    assert_shows_the_same(read, kept)


def assert_shows_the_same(read: uistate.FirstScreen, kept: uistate.FirstScreen) -> None:
    """Field by field; of what is kept for a later day (`later`, the cards that may
    come into sight then), nothing: a start reads the file afresh that day."""
    in_sight = sum(len(column.uids) for column in kept.columns.values())
    for name in uistate.FirstScreen.__struct_fields__:
        if name != "later":
            expected = getattr(kept, name)
            expected = expected[:in_sight] if name == "cards" else expected
            assert getattr(read, name) == expected, name


async def test_an_empty_file_reads_as_an_empty_board(db: Path) -> None:
    write_db(db, [])
    read = first_read.read(db, clock.today())
    assert read is not None and read.total == 0 and read.focused is None
    assert_shows_the_same(read, await kept_by_a_whole_start(db))


@pytest.mark.parametrize(
    "why",
    [
        "missing",
        "old schema",
        "unknown table",
        "priority in words",
        "shared uid",
        "conflict copy",
        "a name of spaces",
    ],
)
def test_an_unusual_file_is_loaded_first_as_before(db: Path, why: str) -> None:
    people = [contact("Ada Lovelace"), contact("Alan Turing")]
    if why == "old schema":
        db.write_text(json.dumps({"_meta": {"1": {"schema": 1}}, "contacts": {}}))
    elif why == "unknown table":
        write_db(db, people, notes={"1": {"text": "a table of a script's own"}})
    elif why == "priority in words":
        write_db(db, [contact("Ada Lovelace", priority="high")])
    elif why == "shared uid":
        write_db(db, [*people, contact("Ada Byron", uid="ada-lovelace")])
    elif why == "conflict copy":
        write_db(db, people)
        (db.parent / "contacts (conflicted copy).json").write_bytes(db.read_bytes())
    elif why == "a name of spaces":  # the store's way says which document it is
        write_db(db, [*people, {**contact("Grace Hopper"), "name": " \t "}])
    assert first_read.read(db, clock.today()) is None


@pytest.fixture
def in_halves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file read in two halves (halves.py), as 4 MB and more are: a read that
    falls back to one pass instead fails the test."""

    def whole(*args: Any) -> None:
        raise AssertionError("read in one pass, not in halves")

    monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    monkeypatch.setattr(first_read._Seen, "whole", whole)


@pytest.mark.parametrize(
    ("stage", "uid"),
    [
        (None, None),
        ("stranger", "person-150"),
        ("stranger", "ada-lovelace"),  # in the first half, its warm paths in the second
        ("follower", "hedy-lamarr"),  # in the second half, linked to the first
        ("engaged", "gone-since"),
        ("stranger", "person-017"),
    ],
)
@pytest.mark.usefixtures("in_halves")
async def test_the_first_screen_read_in_halves_is_the_one_a_whole_start_keeps(
    db: Path, stage: str | None, uid: str | None
) -> None:
    people = board()
    people.insert(40, people.pop(-5))  # Ada: early in the file; Hedy and the rest late
    write_db(db, people, **settings())
    if stage is not None:
        uistate.save_focus(db, stage, uid)
    read = first_read.read(db, clock.today(), mapped=True)
    kept = await kept_by_a_whole_start(db)
    assert read is not None
    assert_shows_the_same(read, kept)
    assert db.read_bytes() == kept_bytes(db)  # the file, as ever, untouched


def kept_bytes(db: Path) -> bytes:
    return storage.read_bytes(db)[0] or b""


@pytest.mark.parametrize("why", ["laid out otherwise", "partner dies"])
def test_a_file_not_to_read_in_halves_is_read_whole(
    db: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "ada-lovelace")
    if why == "laid out otherwise":  # one key a line: the cut falls inside a document
        data = json.loads(db.read_text())
        db.write_text(json.dumps(data, indent=0))
    else:  # the second half's process fails: this one reads the file alone

        def dies(*args: Any) -> None:
            os._exit(1)

        monkeypatch.setattr(first_read._Half, "sorted_keys", dies)
    monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    before = db.read_bytes()
    assert first_read.read(db, clock.today(), mapped=True) == first_read.read(db, clock.today())
    assert first_read.read(db, clock.today()) is not None
    assert db.read_bytes() == before


def test_a_bug_in_the_second_half_is_reported_and_the_file_read_whole(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "ada-lovelace")

    def bug(*args: Any) -> None:
        raise TypeError("a bug in the second half")  # in the forked process only

    monkeypatch.setattr(first_read._Half, "sorted_keys", bug)
    monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    with pytest.warns(halves.HalfFailed, match="TypeError: a bug in the second half"):
        read = first_read.read(db, clock.today(), mapped=True)
    assert read is not None
    assert read == first_read.read(db, clock.today())


def test_a_uid_shared_across_the_halves_is_loaded_first_as_before(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = board()
    people.append(contact("Ada Byron", uid=people[0]["uid"]))  # first and last documents
    write_db(db, people)
    monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    assert first_read.read(db, clock.today(), mapped=True) is None


def test_a_document_id_in_both_halves_is_read_whole_which_keeps_the_last(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, board(), **settings())
    lines = db.read_bytes().split(b"\n")
    last = lines.index(b'"settings":{') - 2  # the contacts table's last document
    twin = contact("Aaa Twin", "stranger", priority=1, uid="twin", next_touch="2026-01-01")
    lines.insert(last, b'"4":' + json.dumps(twin).encode() + b",")  # Person 003's id again
    db.write_bytes(b"\n".join(lines))
    whole = first_read.read(db, clock.today())
    assert whole is not None
    names = [card.name for card in whole.cards]
    assert "Aaa Twin" in names and "Person 003" not in names  # the last document 4 kept
    monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    assert first_read.read(db, clock.today(), mapped=True) == whole


def test_a_reading_child_that_dies_is_read_again_in_the_app_without_mapping(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What killed the child (SIGBUS: the file cut short in place while mapped)
    must not kill the app: its own read is of a copy."""
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "ada-lovelace")
    app = os.getpid()

    def map_bytes(path: Path) -> None:
        if os.getpid() != app:
            os._exit(9)  # the child dies
        raise AssertionError("the file mapped in the app's own process")

    monkeypatch.setattr(storage, "map_bytes", map_bytes)
    assert first_read.Reading(db, clock.today()).result() == first_read.read(db, clock.today())


def test_the_read_in_a_forked_child_is_the_same(db: Path) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "ada-lovelace")
    assert first_read.Reading(db, clock.today()).result() == first_read.read(db, clock.today())


def nothing_kept(db: Path, during_fill: Any = None) -> tuple[NetworkingApp, list[str]]:
    """The app as cli.py starts it when nothing is kept, and the screen it shows on
    the loading thread before the file is read (where `during_fill(app)` runs)."""
    first = first_read.read(db, clock.today())
    assert first is not None
    store = ContactStore.later(db, backup=True)
    app = NetworkingApp(store, first=first)
    fill, before = store.fill, []

    def fill_later() -> None:
        before.append(app.call_from_thread(lambda: screen_text(app)))
        if during_fill is not None:
            during_fill(app)
        fill()

    store.fill = fill_later  # type: ignore[method-assign]
    return app, before


async def test_a_start_with_nothing_kept_shows_the_board_and_pane_before_the_load(
    db: Path,
) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "person-150")
    app, before = nothing_kept(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # until the file is loaded (the worker has ended)
        after = screen_text(app)
        assert len(app.store.cards) == len(board())
    assert "Person 150  Stranger" in before[0]  # the pane, before the file is read
    assert before == [after]  # the same screen, before and after the load


async def test_keys_typed_before_the_load_run_after_it_in_order(db: Path) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "person-150")
    cards = ContactStore.open(db).cards
    today = clock.today().isoformat()
    strangers = [c for c in cards.values() if c.stage == "stranger" and not c.archived]
    in_order = [c.name for c in sorted(strangers, key=lambda c: sort_key(c, today))]
    expected = in_order[in_order.index("Person 150") + 2]

    def type_keys(app: NetworkingApp) -> None:
        def send() -> None:
            for key in ("down", "down", "enter"):  # two cards down, then open it
                app._driver.send_message(events.Key(key, None))  # type: ignore[union-attr]

        app.call_from_thread(send)  # queued before the file is even read
        assert not app.ready

    app, _ = nothing_kept(db, type_keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert plain(app.screen.query_one("#contact-body", Static)).startswith(expected)


async def test_a_file_failing_the_full_check_ends_the_app_with_nothing_written(
    db: Path,
) -> None:
    write_db(db, [*board(), contact("Hedy Byron", interactions=[BAD_TOUCH])])
    before = db.read_bytes()
    with pytest.raises(storage.DataFileError) as raised:
        ContactStore.open(db)
    app, _ = nothing_kept(db)  # the cards read: the touch is not looked at
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "x")  # held, then dropped: nothing is changed
    assert app.load_error is not None
    assert app.load_error.explain() == raised.value.explain()
    assert db.read_bytes() == before
    assert not uistate.first_screen_path().exists()


def cli(db: Path) -> Terminal:
    return Terminal([sys.executable, "-m", "networking_tui", "--db", str(db)], SIZE, cli_env(db))


def test_the_command_with_nothing_kept_shows_the_pane_then_works(db: Path) -> None:
    write_db(db, board(), **settings())
    uistate.save_focus(db, "stranger", "ada-lovelace")
    app = cli(db)
    app.wait_for("Ada Lovelace  Stranger")
    app.send(b"j")  # down (a letter: no escape sequence to split under load)
    app.send(b"q")
    assert app.exited(timeout=PATIENCE) == 0
    left = uistate.load_first_screen(db, storage.signature(db), clock.today().isoformat())
    assert left is not None and left.focused != "ada-lovelace"


def test_the_command_on_a_file_failing_the_full_check_says_why_as_before(db: Path) -> None:
    write_db(db, [*board(), contact("Hedy Byron", interactions=[BAD_TOUCH])])
    before = db.read_bytes()
    with pytest.raises(storage.DataFileError) as raised:
        ContactStore.open(db)
    app = cli(db)
    status = app.exited(timeout=PATIENCE)
    assert status is not None and os.waitstatus_to_exitcode(status) == 2
    assert " ".join(raised.value.explain().split()) in " ".join(app.text().split())
    assert db.read_bytes() == before
    assert not uistate.first_screen_path().exists()


def test_a_schema_1_file_is_still_upgraded_with_its_backup(db: Path) -> None:
    old = {"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "Ada", "stage": "ask"}}}
    db.write_text(json.dumps(old, indent=4))
    original = db.read_bytes()
    app = cli(db)
    app.wait_for("Ada  Ask")
    app.send(b"q")
    assert app.exited(timeout=PATIENCE) == 0
    assert msgspec.json.decode(db.read_bytes())["_meta"] == {"1": {"schema": 2}}
    assert db.with_name(db.name + ".bak").read_bytes() == original


@pytest.mark.parametrize("in_two", [False, True], ids=["whole", "halves"])
@pytest.mark.parametrize("focus", ["person-150", "hedy-lamarr", "person-002"])
async def test_the_focused_contact_is_found_where_its_place_in_the_file_misleads(
    db: Path, monkeypatch: pytest.MonkeyPatch, in_two: bool, focus: str
) -> None:
    """The pane's contact is looked for first near where its place among the
    documents puts it. Long documents early in the file put that guess far off, and
    events with the same document ids follow the contacts: the pane must still show
    the focused contact, as a whole start does."""
    people = board()
    for person in people[:50]:
        person["notes"] = "A long note. " * 300
    events = {
        str(n): {"uid": f"event-{n}", "name": f"Meetup {n}", "date": "2026-10-01"}
        for n in range(1, len(people) + 1)
    }
    write_db(db, people, events=events, **settings())
    uistate.save_focus(db, "stranger" if focus != "hedy-lamarr" else "follower", focus)
    monkeypatch.setattr(first_read, "_NEAR", 64)  # the windows near the guess miss
    if in_two:
        monkeypatch.setattr(first_read, "SPLIT_BYTES", 0)
    read = first_read.read(db, clock.today(), mapped=in_two)
    kept = await kept_by_a_whole_start(db)
    assert read is not None and read.contact is not None
    assert read.focused == focus
    assert_shows_the_same(read, kept)


def test_an_event_with_the_contacts_document_id_is_not_taken_for_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guess that lands on the events table finds the line of the event with the
    contact's document id first: it is not the contact's card, so the contact's own
    line is looked for from the contacts' start."""
    people = board()
    events = {"5": {"uid": "event-5", "name": "Meetup", "date": "2026-10-01"}}
    write_db(db, people, events=events)
    data = db.read_bytes()
    event_at = data.find(b'\n"5":', data.find(b'\n"events":{'))
    monkeypatch.setattr(first_read, "_NEAR", 64)
    card = msgspec.convert(people[4], Card)
    place = event_at / len(data)  # the guess: right on the event's line
    raw = first_read._document(data, "5", card, place, (0, len(data)))
    assert msgspec.json.decode(raw)["name"] == people[4]["name"]
