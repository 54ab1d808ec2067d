"""The agenda and the review are built, filled, laid out and styled ahead while the
board is left alone (app._warm_views, issue 20: Textual's first show of them took
0.2 s of CPU at 30,000 contacts): shown, they show the store, the terminal and
the theme as they are then, and take the keys typed as they open."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color

from networking_tui.ui import app as app_module
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaList, AgendaScreen
from networking_tui.ui.screens.review import ReviewScreen

from .conftest import contact, press_together, screen_text
from .test_agenda import current, listing, on_screen, rows, settle, start

SIZE = (160, 48)


@pytest.fixture(autouse=True)
def ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr(app_module, "IDLE_BEFORE_WARM", 0.0)


async def built_ahead(pilot) -> tuple[AgendaScreen, ReviewScreen]:
    """Both views, once built ahead (laid out and marked styled: the last step)."""
    app: NetworkingApp = pilot.app
    names = ("kept-AgendaScreen", "kept-ReviewScreen")
    for _ in range(500):  # a bound against a hang: each pause lets a step run
        if all(app.is_screen_installed(name) for name in names):
            screens = [app.get_screen(name) for name in names]
            if all(getattr(screen, "_styled_for", None) for screen in screens):
                agenda, review = screens
                assert isinstance(agenda, AgendaScreen) and isinstance(review, ReviewScreen)
                return agenda, review
        await pilot.pause()
    raise AssertionError("the agenda and the review were not built ahead")


async def test_views_built_ahead_show_at_once_with_the_store_as_it_is(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda, review = await built_ahead(pilot)
        assert app.screen is app.screen_stack[0]  # nothing shown meanwhile
        assert "Top Very Late" in "\n".join(rows(agenda))  # filled ahead
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")  # a touch logged after they were built
        await settle(pilot)
        await pilot.press("g")
        assert app.screen is agenda
        line = next(r for r in rows(agenda) if "Top Very Late" in r)
        assert "late" not in line.splitlines()[0]  # logged today: not overdue any more
        assert "New event" in screen_text(app)  # its footer
        await pilot.press("escape", "r")
        await settle(pilot)
        assert app.screen is review
        assert "1 of " in screen_text(app)
        await pilot.press("escape", "escape", "q")


async def test_keys_typed_as_a_view_built_ahead_first_opens_reach_it(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda, _ = await built_ahead(pilot)
        first = current(agenda)
        await press_together(pilot, "g", "down", "down")
        await settle(pilot)
        assert app.screen is agenda
        assert listing(agenda).highlighted is not None
        assert current(agenda) != first  # the Downs moved along its rows
        await pilot.press("escape", "q")


async def test_a_view_built_ahead_fits_a_terminal_resized_and_a_theme_chosen_since(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda, _ = await built_ahead(pilot)
        dark = agenda.query_one("#agenda-list").styles.background
        await pilot.resize_terminal(80, 24)
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)
        assert app.screen is agenda
        assert agenda.size == (80, 24)
        assert agenda.has_class("-narrow") and not agenda.has_class("-wide")
        light = agenda.query_one("#agenda-list").styles.background
        assert light != dark
        assert "New event" in screen_text(app) or "Board" in screen_text(app)
        await pilot.press("escape", "q")


async def test_the_agenda_kept_is_brought_up_to_date_while_the_board_is_left_alone(
    db: Path,
) -> None:
    """After a change the rows are redone ahead (app._fill_agenda_ahead), not on the
    next g; shown, the agenda shows them as they are then, the theme included."""
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda, _ = await built_ahead(pilot)
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")  # a touch logged: the rows kept are out of date
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # no g yet
        line = next(r for r in rows(agenda) if "Top Very Late" in r)
        assert "late" not in line.splitlines()[0]  # logged today: redone already
        app.theme = "textual-light"  # after the rows were redone
        await pilot.pause()
        await pilot.press("g")
        assert app.screen is agenda
        line = next(r for r in rows(agenda) if "Top Very Late" in r)
        assert "late" not in line.splitlines()[0]
        light = Color.parse(app.theme_variables["panel"])
        assert agenda.query_one(".top-bar").styles.background == light
        await pilot.press("escape", "q")


async def test_the_agenda_kept_after_a_move_shows_what_a_refill_shows(db: Path) -> None:
    """After a move the kept rows are patched where they differ (a heading's count,
    "… and N more"), not all drawn again (AgendaList.patch): what shows then, line
    by line, the highlighted row and the pane included, is what the rows filled
    anew show; and a click on a row after the patch picks that row."""
    people = [contact(f"Stranger {n:02}") for n in range(40)]
    people += [contact(f"Follower {n:02}", "follower") for n in range(30)]
    people.append(contact("Zz Last", priority=3))  # after the rows shown, either side
    app = start(db, people)
    patched: list[bool] = []
    patch = AgendaList.patch

    def spy(self: AgendaList, options: list) -> bool:
        patched.append(patch(self, options))
        return patched[-1]

    async with app.run_test(size=SIZE) as pilot:
        agenda, _ = await built_ahead(pilot)
        AgendaList.patch = spy  # type: ignore[method-assign]
        try:
            app.focus_card("zz-last")
            for key in ("shift+right", "shift+left", "shift+right"):
                before = "\n".join(rows(agenda))
                await pilot.press(key)  # a Stranger to Follower, and back
                await settle(pilot)
                for _ in range(100):  # the fill ahead waits for the board's idle
                    if not agenda._stale():
                        break
                    await pilot.pause()
                assert not agenda._stale()
                assert "\n".join(rows(agenda)) != before  # a count at least
                await pilot.press("g")
                await settle(pilot)
                shown = on_screen(agenda.query_one("#agenda-list"))
                pane = on_screen(agenda.query_one("#agenda-detail"))
                at = listing(agenda).highlighted
                kept = rows(agenda)
                built = agenda.agenda
                assert built is not None
                listing(agenda).clear_options()
                agenda._show(agenda.Ready(built, app.store.version))
                await settle(pilot)
                assert rows(agenda) == kept
                assert listing(agenda).highlighted == at
                assert on_screen(agenda.query_one("#agenda-list")) == shown
                assert on_screen(agenda.query_one("#agenda-detail")) == pane
                await pilot.press("escape")
                await settle(pilot)
        finally:
            AgendaList.patch = patch  # type: ignore[method-assign]
        assert True in patched  # the patch did happen
        await pilot.press("g")
        await settle(pilot)
        third = next(i for i in range(5) if not listing(agenda).get_option_at_index(i).disabled)
        third += 2
        line = listing(agenda)._index_to_line[third]
        await pilot.click("#agenda-list", offset=(5, line + 1 - int(listing(agenda).scroll_y)))
        await settle(pilot)
        assert listing(agenda).highlighted == third
        await pilot.press("escape", "q")
