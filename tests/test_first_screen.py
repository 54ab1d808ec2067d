"""A start shows the last session's first screen of the file at once, then the file.

The snapshot (uistate.FirstScreen) is only used for the file exactly as it was left
(its signature), on its day or up to a week later (carried to that day's order);
whatever it shows is replaced by the file's own
data once that is loaded, and keys typed meanwhile run after, in order.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual.widgets import Static

from networking_tui.data import storage, uistate
from networking_tui.data.store import ContactStore
from networking_tui.domain import clock, later_day
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.contact import ContactScreen

from .conftest import PATIENCE, cli_env, contact, plain, screen_text, write_db
from .terminal import Terminal

SIZE = (120, 40)


def people() -> list[dict]:
    return [
        contact("Ada Lovelace", "stranger", priority=1, knows=[{"uid": "grace-hopper"}]),
        contact("Alan Turing", "stranger", priority=2),
        contact("Hedy Lamarr", "stranger", priority=3),
        contact("Grace Hopper", "connected"),
    ]


def kept(db: Path) -> uistate.FirstScreen | None:
    return uistate.load_first_screen(db, storage.signature(db), clock.today().isoformat())


async def leave_on(db: Path, *keys: str) -> None:
    """A session on the whole file: move with `keys`, then quit (q)."""
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys, "q")


def from_snapshot(db: Path, during_fill: Any = None) -> NetworkingApp:
    """The app as cli.py starts it when a first screen is kept; `during_fill(app)`
    runs on the loading thread before the file is read."""
    first = kept(db)
    assert first is not None
    store = ContactStore.later(db, backup=True)
    app = NetworkingApp(store, first=first)
    if during_fill is not None:
        fill = store.fill

        def slow_fill() -> None:
            during_fill(app)
            fill()

        store.fill = slow_fill  # type: ignore[method-assign]
    return app


async def test_the_next_start_shows_where_the_last_one_left(db: Path) -> None:
    write_db(db, people())
    await leave_on(db, "down")
    seen: list[str] = []

    def look(app: NetworkingApp) -> None:  # the screen as the file loads
        seen.append(app.call_from_thread(lambda: screen_text(app)))

    app = from_snapshot(db, look)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # until the file is loaded (the worker has ended)
        assert "Alan Turing  Stranger" in seen[0]  # the pane, before the file is read
        assert "Stranger 3" in seen[0] and "4 contacts" in seen[0]
        assert app.board.current_uid == "alan-turing"
        assert "Alan Turing  Stranger" in plain(app.detail)
        assert len(app.store.cards) == 4  # and then the file's own


async def test_keys_typed_while_the_file_loads_run_after_it_in_order(db: Path) -> None:
    write_db(db, people())
    await leave_on(db)  # on Ada, the first stranger

    def type_keys(app: NetworkingApp) -> None:
        def send() -> None:
            from textual import events

            for key in ("down", "down", "enter"):
                app._driver.send_message(events.Key(key, None))  # type: ignore[union-attr]

        app.call_from_thread(send)  # queued before the file is even read

    app = from_snapshot(db, type_keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert "Hedy Lamarr" in plain(app.screen.query_one("#contact-body", Static))


async def test_a_stale_snapshot_shows_the_files_data_once_loaded(db: Path) -> None:
    """Even a snapshot that lies about a file it matches shows only until the load."""
    write_db(db, people())
    await leave_on(db)
    path = uistate.first_screen_path()
    forged = path.read_bytes().replace(b"Ada Lovelace", b"Ada Byron")
    path.write_bytes(forged)
    seen: list[str] = []

    def look(app: NetworkingApp) -> None:
        seen.append(app.call_from_thread(lambda: screen_text(app)))

    app = from_snapshot(db, look)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Ada Byron" in seen[0]
        text = screen_text(app)
        assert "Ada Lovelace" in text and "Ada Byron" not in text
        assert "Ada Lovelace  Stranger" in plain(app.detail)


async def test_a_file_changed_elsewhere_is_loaded_not_the_snapshot(db: Path) -> None:
    write_db(db, people())
    await leave_on(db)
    assert kept(db) is not None
    other = ContactStore.open(db)  # another program, after the app quit
    other.update("ada-lovelace", lambda d: {**d, "name": "Ada King"}, "rename")
    assert other.sync().error is None
    assert kept(db) is None


async def test_a_snapshot_is_for_its_day_and_its_file(db: Path, tmp_path: Path) -> None:
    write_db(db, people())
    await leave_on(db)
    sig = storage.signature(db)
    assert uistate.load_first_screen(db, sig, "2099-01-01") is None
    copy = tmp_path / "copy.json"
    copy.write_bytes(db.read_bytes())
    assert uistate.load_first_screen(copy, sig, clock.today().isoformat()) is None


async def test_a_file_that_no_longer_reads_ends_the_app_and_is_left_alone(db: Path) -> None:
    write_db(db, people())
    await leave_on(db)
    first = kept(db)
    bad = contact("Hedy Lamarr", interactions=[{"kind": "comment", "at": "not a date"}])
    write_db(db, [*people()[:2], bad])
    before = db.read_bytes()
    app = NetworkingApp(ContactStore.later(db, backup=True), first=first)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "x")  # held, then dropped: nothing is changed
    assert app.load_error is not None and "Hedy Lamarr" in app.load_error.explain()
    assert db.read_bytes() == before
    assert not uistate.first_screen_path().exists()


def test_a_store_not_loaded_yet_never_touches_the_file(db: Path) -> None:
    store = ContactStore.later(db)
    assert store.sync().error is None
    assert not db.exists()
    write_db(db, people())
    before = db.read_bytes()
    assert store.sync().error is None and db.read_bytes() == before
    store.fill()
    assert "ada-lovelace" in store.cards


async def test_a_filtered_board_is_not_kept_as_the_first_screen(db: Path) -> None:
    write_db(db, people())
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=SIZE) as pilot:
        app.board.set_filter({"hedy-lamarr"})
        await pilot.press("q")
    assert kept(db) is None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_first_screen_shows_the_cards_around_the_focus(
    db: Path, size: tuple[int, int]
) -> None:
    write_db(db, [contact(f"Person {n:03}", "stranger") for n in range(300)])
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=size) as pilot:
        app.board.focus_uid("person-200")
        await pilot.press("q")
    first = kept(db)
    assert first is not None
    column = msgspec.structs.asdict(first)["columns"]["stranger"]
    assert column.count == 300 and len(column.uids) < 300  # a window of them
    seen: list[str] = []
    after: list[str] = []

    def look(app: NetworkingApp) -> None:
        seen.append(app.call_from_thread(lambda: screen_text(app)))

    app = from_snapshot(db, look)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        after.append(screen_text(app))
    assert seen == after  # the same cards, where they were, before and after the load
    assert "Person 200" in seen[0]


def test_a_hang_up_keeps_the_first_screen_for_the_next_start(db: Path) -> None:
    """Through the command and a real terminal: closed by SIGTERM on the second card,
    started again, the pane shows that card, then keys work on the file's data."""
    write_db(db, people())
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    first = Terminal(argv, SIZE, env=cli_env(db))
    first.wait_for("Ada Lovelace  Stranger")
    first.send(b"j")  # down (a letter: no escape sequence to split under load)
    first.wait_for("Alan Turing  Stranger")
    assert first.close() == 0  # SIGTERM: the app saves what is queued and goes
    left = kept(db)
    assert left is not None
    assert left.focused == "alan-turing"
    again = Terminal(argv, SIZE, env=cli_env(db))
    again.wait_for("Alan Turing  Stranger")
    again.send(b"j")
    again.wait_for("Hedy Lamarr  Stranger")
    again.send(b"q")
    assert again.exited(timeout=PATIENCE) == 0


def test_a_file_changed_elsewhere_since_shows_its_own_data_at_start(db: Path) -> None:
    write_db(db, people())
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    first = Terminal(argv, SIZE, env=cli_env(db))
    first.wait_for("Ada Lovelace  Stranger")
    first.send(b"q")
    assert first.exited(timeout=PATIENCE) == 0 and kept(db) is not None
    other = ContactStore.open(db)  # a sync engine, another machine, a script
    other.update("ada-lovelace", lambda d: {**d, "name": "Ada King"}, "rename")
    assert other.sync().error is None
    again = Terminal(argv, SIZE, env=cli_env(db))
    again.wait_for("Ada King  Stranger")
    assert "Ada Lovelace" not in again.text()
    again.send(b"q")
    assert again.exited(timeout=PATIENCE) == 0


def a_later_day(days: int) -> str:
    return (clock.now() + timedelta(days=days)).isoformat()


def falling_due() -> list[dict]:
    """Two columns: overdue cards, and others coming due over the next days above
    them (a higher priority), so that each column's top changes day by day."""
    today = clock.today()

    def on(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    people = [contact(f"Old {n:03}", "stranger", next_touch=on(-3)) for n in range(60)]
    people += [contact(f"Due {n:03}", "follower", next_touch=on(-1)) for n in range(3)]
    for stage in ("stranger", "follower"):
        people += [
            contact(f"Soon {stage} {days}", stage, priority=1, next_touch=on(days))
            for days in (0, 1, 5)
        ]
        people += [contact(f"Later {stage} {n:02}", stage, next_touch=on(30)) for n in range(20)]
    return people


@pytest.mark.parametrize("days", [1, 2, 7])
async def test_a_first_screen_kept_days_ago_shows_that_days_order(db: Path, days: int) -> None:
    """Left on Old 030 among the overdue; days later the cards that fell due since
    have come up to the top of their columns, as the file shows them once loaded,
    with their new due labels, and as a start without the snapshot shows them."""
    write_db(db, falling_due())
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=SIZE) as pilot:
        app.board.focus_uid("old-030")
        await pilot.press("q")
    seen: list[str] = []

    def look(app: NetworkingApp) -> None:
        seen.append(app.call_from_thread(lambda: screen_text(app)))

    with clock.frozen(a_later_day(days)):
        app = from_snapshot(db, look)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            loaded = screen_text(app)
            assert app.board.current_uid == "old-030"
        app = NetworkingApp(ContactStore.open(db))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            normal = screen_text(app)
    assert seen == [loaded] and loaded == normal
    follower = app.board.lists["follower"].uids
    assert follower[:2] == ["soon-follower-0", "soon-follower-1"] or days == 1
    assert "Soon follower 0" in seen[0] and f"{days}d overdue" in seen[0]


async def test_a_first_screen_kept_too_long_ago_is_not_used(db: Path) -> None:
    write_db(db, falling_due())
    await leave_on(db)
    with clock.frozen(a_later_day(later_day.BOUND_DAYS)):
        assert kept(db) is not None
    with clock.frozen(a_later_day(later_day.BOUND_DAYS + 1)):
        assert kept(db) is None  # the file is loaded first, as on any first start
    with clock.frozen(a_later_day(-1)):
        assert kept(db) is None  # nor the day before (the clock put back)
