"""The agenda and the review are made once and shown again (issue 20: composing them
took most of `g` and `r`): what they show when shown again is the store as it is
then, never the rows of the last visit."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual import events
from textual.widgets import Static

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.agenda import Agenda
from networking_tui.domain.filters import Filter
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaScreen
from networking_tui.ui.screens.review import NAMES_LEFT, ReviewScreen
from networking_tui.usecases import planning, touches

from .conftest import PATIENCE, contact, plain, write_db
from .test_agenda import SIZE, open_agenda, rows, settle, start


def row_of(screen: AgendaScreen, name: str) -> str:
    return next(line for line in rows(screen) if name in line).splitlines()[0]


async def test_a_touch_logged_on_the_board_reaches_the_agenda_shown_again(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda = await open_agenda(pilot)
        assert "late" in row_of(agenda, "Top Very Late")
        await pilot.press("escape")
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")  # a touch logged from the board
        await settle(pilot)
        assert await open_agenda(pilot) is agenda  # the same screen, shown again
        assert "late" not in row_of(agenda, "Top Very Late")  # logged today: not overdue
        assert rows(agenda)[0] == "Overdue (2)"
        await pilot.press("escape", "q")


async def test_a_change_from_another_window_reaches_the_agenda_shown_again(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda = await open_agenda(pilot)
        assert "today" in row_of(agenda, "Due Today")
        await pilot.press("escape")
        other = ContactStore.open(db)  # another window snoozes them
        touches.snooze(other, "due-today", clock.today().add(days=8))
        assert other.sync().error is None
        result = await asyncio.to_thread(app.store.sync)
        assert result.reloaded
        app.post_message(NetworkingApp.Synced(result))
        await settle(pilot)
        assert await open_agenda(pilot) is agenda
        assert "in 8d" in row_of(agenda, "Due Today")
        await pilot.press("escape", "q")


async def test_a_filter_chosen_while_the_agenda_was_hidden_narrows_it(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda = await open_agenda(pilot)
        assert any("Low Overdue" in line for line in rows(agenda))
        await pilot.press("escape")
        app.board_filter.apply(Filter(priorities=(1,)))
        await settle(pilot)
        await open_agenda(pilot)
        shown = rows(agenda)
        assert any("Top Very Late" in line for line in shown)  # priority 1
        assert not any("Low Overdue" in line for line in shown)  # priority 3
        await pilot.press("escape")
        app.board_filter.clear()
        await settle(pilot)
        await open_agenda(pilot)
        assert any("Low Overdue" in line for line in rows(agenda))
        await pilot.press("escape", "q")


async def test_after_a_change_the_agenda_shows_at_once_brought_up_to_date(db: Path) -> None:
    """A touch logged: the agenda kept is brought up to date for that contact as
    it is shown (agenda.LiveAgenda), with no thread to wait for."""
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda = await open_agenda(pilot)
        await pilot.press("escape")
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")
        await settle(pilot)

        def never() -> Agenda:
            raise AssertionError("worked out anew on a thread")

        app.current_agenda = never  # type: ignore[method-assign]
        await pilot.press("g")
        assert app.screen is agenda
        assert "late" not in row_of(agenda, "Top Very Late")
        assert rows(agenda)[0] == "Overdue (2)"
        await pilot.press("escape", "q")


async def test_out_of_date_rows_are_never_shown_while_the_agenda_is_worked_out(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        agenda = await open_agenda(pilot)
        await pilot.press("escape")
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")  # the agenda seen is out of date now
        await settle(pilot)
        # An event saved (elsewhere): not brought up to date contact by contact.
        event = {"name": "Meetup", "date": "2026-11-30", "contacts": []}
        planning.save_event(app.store, "e1", event)
        gate = threading.Event()
        worked_out = app.current_agenda

        def slow() -> Agenda:  # the thread that works it out, held back
            gate.wait(PATIENCE)
            return worked_out()

        app.current_agenda = slow  # type: ignore[method-assign]
        key = events.Key("g", "g")
        key.set_sender(app)
        driver = app._driver
        assert driver is not None
        driver.send_message(key)  # not pilot.press: it waits for the worker
        for _ in range(100_000):
            if app.screen is agenda and agenda.is_running:
                break
            await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert rows(agenda) == ["Working out today's agenda…"]
        gate.set()
        await settle(pilot)
        assert "late" not in row_of(agenda, "Top Very Late")
        assert any("Meetup" in line for line in rows(agenda))
        await pilot.press("escape", "q")


def review_text(screen: ReviewScreen) -> str:
    header = plain(screen.query_one("#review-header", Static))
    return header + plain(screen.query_one("#review-contact", Static))


async def test_the_review_starts_afresh_each_time(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen
        assert "1 of 6" in review_text(review)
        await pilot.press("n", "escape")  # skip one, stop
        assert "skipped 1" in review_text(review)
        await pilot.press("escape")
        app.focus_card("top-very-late")
        await pilot.press("l", "enter")  # no longer due
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is review  # the same screen, a new review
        assert "1 of 5" in review_text(review)
        assert "Top Very Late" not in review_text(review)
        await pilot.press("escape")
        assert "Went through    0 of 5: acted on 0, skipped 0" in review_text(review)
        await pilot.press("escape", "q")


async def test_a_review_stopped_early_names_some_of_those_left(db: Path) -> None:
    count = NAMES_LEFT + 7
    write_db(db, [contact(f"Person {n:02}", next_touch="2026-11-20") for n in range(count)])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        summary = review_text(app.screen)  # type: ignore[arg-type]
        assert f"Left for later  {NAMES_LEFT + 7}: Person 00, Person 01" in summary
        assert f"Person {NAMES_LEFT - 1:02} and 7 more (the agenda lists them)" in summary
        assert f"Person {NAMES_LEFT:02}" not in summary
        await pilot.press("escape", "q")
