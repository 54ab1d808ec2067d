"""Opening a contact's view (Enter on a card, issue 21): the kept view shown again
for the same contact, nothing changed, is shown as it was drawn; anything changed
since (the contact, the day, the hour) is drawn anew. Built ahead, its first
frame already has its own keys in the footer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.ui import app as app_module
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.contact import ContactScreen, TouchLog

from .conftest import NOW, contact, frames_of, plain, screen_text, write_db

SIZE = (120, 40)


def make_app(db: Path) -> NetworkingApp:
    """Ada, Follower since half past seven this morning; Grace, Engaged."""
    ada = contact(
        "Ada Lovelace",
        "follower",
        company="Analytical Engines",
        stage_history=[
            {"stage": "stranger", "at": "2026-10-01T10:00:00"},
            {"stage": "follower", "at": "2026-11-23T07:30:00"},
        ],
        interactions=[{"kind": "message", "at": "2026-11-20T10:00:00", "note": "the engine"}],
    )
    write_db(db, [ada, contact("Grace Hopper", "engaged")])
    return NetworkingApp(ContactStore.open(db), autosave=False)


def body(app: NetworkingApp) -> str:
    return plain(app.screen.query_one("#contact-body"))


def history(app: NetworkingApp) -> list[str]:
    """The stage history's lines, oldest first."""
    lines = body(app).splitlines()
    start = lines.index("Stage history") + 1
    return [line.rstrip() for line in lines[start : lines.index("", start)]]


async def test_a_contact_opened_again_shows_what_changed_since(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Ada's view (focused first)
        view = app.screen
        assert isinstance(view, ContactScreen)
        first = screen_text(app)
        assert history(app)[-1] == "Follower Mon 23 Nov 2026 1 hour so far"
        await pilot.press("tab", "escape", "enter")  # again, nothing changed: the same
        assert app.screen is view and screen_text(app) == first
        assert view.query_one(TouchLog).highlighted == 0  # its newest touch, as at first
        await pilot.press("escape", "shift+right", "enter")  # moved to Engaged
        assert app.screen is view and view.uid == "ada-lovelace"
        assert "Stage      Engaged" in body(app)
        await pilot.press("escape")
        with clock.frozen(clock.parse_moment(NOW).add(hours=2)):  # two hours on
            await pilot.press("enter")
            assert app.screen is view
            assert history(app)[-1] == "Engaged  Mon 23 Nov 2026 2 hours so far"
            await pilot.press("escape", "q")


@pytest.fixture
def ahead(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Views built and filled ahead, as in a real session, without waiting; the
    contact views drawn ahead, as they are."""
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr(app_module, "IDLE_BEFORE_WARM", 0.0)
    monkeypatch.setattr(app_module, "DRAW_AFTER_FILL", 0.001)
    drawn: list[object] = []
    draw = app_module.draw_ahead

    def record(screen: Any) -> None:
        draw(screen)
        if isinstance(screen, ContactScreen):
            drawn.append(screen.uid)

    monkeypatch.setattr(app_module, "draw_ahead", record)
    return drawn


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    for _ in range(500):  # a bound against a hang: each pause lets a step run
        if condition():
            return
        await pilot.pause()
    raise AssertionError("never came true")


async def built_ahead(pilot: Any) -> ContactScreen:
    """The kept contact view, once built, its footer composed and laid out."""
    app: NetworkingApp = pilot.app
    name = "kept-ContactScreen"

    def built() -> bool:
        view = app.get_screen(name) if app.is_screen_installed(name) else None
        return getattr(view, "_styled_for", None) is not None

    await until(pilot, built)
    view = app.get_screen(name)
    assert isinstance(view, ContactScreen)
    return view


async def test_the_contact_view_built_ahead_shows_its_own_keys_from_its_first_frame(
    db: Path, monkeypatch: pytest.MonkeyPatch, ahead: list[object]
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await built_ahead(pilot)
        assert app.screen is app.screen_stack[0]
        # The footer line of each frame of the view.
        footers = frames_of(
            app, monkeypatch, view, lambda: screen_text(app).rstrip().splitlines()[-1]
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is view
        assert "Log touch" in footers[0] and "Archive" in footers[0]
        # Not the board's keys (Enter opens, / searches), nor redrawn with others.
        assert "Open" not in footers[0] and "Search" not in footers[0]
        assert set(footers) == {footers[0]}
        await pilot.press("escape", "q")


async def test_a_card_looked_at_opens_filled_in_ahead_and_as_it_is_now(
    db: Path, monkeypatch: pytest.MonkeyPatch, ahead: list[object]
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await built_ahead(pilot)
        await until(pilot, lambda: ahead == ["ada-lovelace"])  # the card focused at start
        await pilot.press("right")  # Grace, looked at a moment
        await until(pilot, lambda: ahead[-1] == "grace-hopper")
        body = view.query_one("#contact-body")
        # The body's height and text in each frame.
        drawn = frames_of(app, monkeypatch, view, lambda: (body.region.height, plain(body)))
        await pilot.press("enter")
        assert app.screen is view and view.uid == "grace-hopper"
        # Its first frame Grace's, at her height (filled in ahead, not Ada's).
        assert drawn[0] == (body.region.height, plain(body))
        assert "Grace Hopper" in drawn[0][1] and "Ada" not in drawn[0][1]
        await pilot.press("escape", "shift+right", "enter")  # she moved on since
        assert app.screen is view
        assert "Stage      Connected" in plain(body)
        await pilot.press("escape", "q")
