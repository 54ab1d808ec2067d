"""`S`: the progress screen opens on the figures (worked out on a worker thread),
reads well at 80x24, and on an empty file says what to do first."""

from __future__ import annotations

from pathlib import Path

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.progress import ProgressScreen

from .conftest import contact, plain, write_db


async def opened(app: NetworkingApp, pilot) -> str:
    await pilot.press("S")
    assert isinstance(app.screen, ProgressScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return " ".join(plain(s) for s in app.screen.query("Static"))


async def test_progress_shows_the_figures(db: Path) -> None:
    write_db(
        db,
        [
            contact(
                "Ada Lovelace",
                "connected",
                stage_history=[
                    {"stage": "engaged", "at": "2026-10-01T10:00:00"},
                    {"stage": "connected", "at": "2026-10-11T10:00:00"},
                ],
                interactions=[{"kind": "call", "at": "2026-11-23T08:00:00", "note": ""}],
            )
        ],
    )
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await opened(app, pilot)
        assert "1/10 touches" in text and "0/3 newly connected" in text
        assert "Engaged → Connected: 10 days (median, 1 person)" in text
        assert "Ada Lovelace  0 days since the last touch" in text
        assert "23 Nov" in text and "goal 10 a week" in text
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


async def test_an_empty_file_says_what_to_do_first(db: Path) -> None:
    write_db(db, [])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await opened(app, pilot)
        assert "Nothing to measure yet" in text and "(a)" in text


async def test_the_losing_touch_list_is_in_columns(db: Path) -> None:
    touched = [{"kind": "call", "at": "2026-09-01T08:00:00", "note": ""}]
    write_db(
        db,
        [
            contact("Clara Hoffmann", "connected", interactions=touched),
            contact("Bo Li", "connected", interactions=touched[:0]),
        ],
    )
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        rows = [
            line
            for s in app.screen.query("Static")
            for line in plain(s).splitlines()
            if " days " in line and ("Clara" in line or "Bo Li" in line)
        ]
        assert len(rows) == 2, rows
        assert len({row.index(" days ") for row in rows}) == 1, rows  # one column
