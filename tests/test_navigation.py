"""Views opened from views: the app's keys work on every screen, so each way of
opening a view that is open already must stay safe (no crash, no double)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaScreen
from networking_tui.ui.screens.archive import ArchiveScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.review import ReviewScreen
from networking_tui.ui.screens.templates import TemplatesScreen

from .conftest import contact, write_db

SIZE = (160, 48)


def make_app(db: Path) -> NetworkingApp:
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", next_touch="2026-11-20"),
            contact("Grace Hopper", "follower", priority=1, next_touch="2026-11-21"),
            contact("Old Friend", "connected", archived=True),
        ],
    )
    return NetworkingApp(ContactStore.open(db))


def stack(app: NetworkingApp) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack[1:]]


def notices(app: NetworkingApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def count(app: NetworkingApp, kind: type[Screen]) -> int:
    return sum(isinstance(screen, kind) for screen in app.screen_stack)


@pytest.mark.parametrize(
    "keys",
    [
        ("g", "r", "r"),  # the review from the agenda, then r again
        ("r", "r"),
        ("r", "enter", "r"),  # r in a contact's view opened from the review
    ],
)
async def test_r_with_a_review_open_says_so(db: Path, keys: tuple[str, ...]) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count(app, ReviewScreen) == 1
        assert "The daily review is already open" in notices(app)


async def focus_on(app: NetworkingApp, pilot, uid: str) -> None:
    while app.board.current_uid != uid:
        await pilot.press("down")


@pytest.mark.parametrize("same", [False, True])
async def test_enter_in_a_review_begun_from_a_contacts_view(db: Path, same: bool) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        first_due = app.current_agenda().due_now[0].uid
        other = next(uid for uid in ("ada-lovelace", "grace-hopper") if uid != first_due)
        await focus_on(app, pilot, first_due if same else other)
        await pilot.press("enter", "r")
        assert stack(app) == ["ContactScreen", "ReviewScreen"]
        assert isinstance(app.screen, ReviewScreen)
        current = app.screen.current
        assert current is not None
        assert current.uid == first_due
        await pilot.press("enter")
        if same:  # that contact's view is the one under the review
            assert stack(app) == ["ContactScreen", "ReviewScreen"]
            name = app.store.cards[first_due].name
            assert f"{name}'s view is already open under this screen" in notices(app)
        else:
            assert stack(app) == ["ContactScreen", "ReviewScreen", "ContactScreen"]
            assert isinstance(app.screen, ContactScreen)
            assert app.screen.uid == first_due
            await pilot.press("escape")
            assert isinstance(app.screen, ReviewScreen)


async def test_t_twice_closes_the_templates(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, TemplatesScreen)
        await pilot.press("T")
        assert stack(app) == []


@pytest.mark.parametrize(
    ("first", "again", "kind", "name"),
    [
        ("T", "T", TemplatesScreen, "The message templates"),
        ("A", "A", ArchiveScreen, "The archive"),
    ],
)
async def test_a_view_open_under_the_review_is_not_opened_twice(
    db: Path, first: str, again: str, kind: type[Screen], name: str
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(first, "r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape", "escape")  # stop the review, close its summary
        assert isinstance(app.screen, kind)
        await pilot.press("r", again)
        assert isinstance(app.screen, ReviewScreen)
        assert count(app, kind) == 1
        assert f"{name} is already open under this screen" in notices(app)


async def test_the_agenda_opens_a_contact_once(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        opened = app.screen.uid
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        while app.screen.current is not None and app.screen.current.uid != opened:
            await pilot.press("n")
        await pilot.press("enter")
        assert count(app, ContactScreen) == 1
