"""Import… from the app: the palette, a path that completes, one Ctrl+Z."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual._context import active_app
from textual.app import App
from textual.widgets import Input, ProgressBar, Static

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.importing import ImportScreen, PathSuggester
from networking_tui.usecases import importing

from .conftest import contact, write_db
from .settle import PATIENCE

FIXTURES = Path(__file__).parent / "fixtures"


async def test_file_names_complete(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "linkedin_Connections.csv", tmp_path / "Connections.csv")
    (tmp_path / "Contacts folder").mkdir()
    suggest = PathSuggester().get_suggestion
    assert await suggest(f"{tmp_path}/Conn") == f"{tmp_path}/Connections.csv"
    assert await suggest(f"{tmp_path}/Conta") == f"{tmp_path}/Contacts folder/"
    assert await suggest(f"{tmp_path}/Connections.csv") is None
    assert await suggest(f"{tmp_path}/zzz") is None


async def test_import_from_the_palette_is_one_undo_step(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, [contact("Hedy Lamarr", "engaged", uid="hedy", handles={
        "linkedin": "https://www.linkedin.com/in/hedy-lamarr-0008"})])  # fmt: skip
    shutil.copy(FIXTURES / "linkedin_Connections.csv", tmp_path / "Connections.csv")
    monkeypatch.chdir(tmp_path)
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Import")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        dialog = app.screen.query_one(".dialog").region  # centred, not over the top bar
        assert dialog.y > 5 and abs(dialog.x - (120 - dialog.right)) <= 1, dialog
        await pilot.press(*"Conn")
        await pilot.pause()
        await pilot.press("right")  # takes the completion
        assert app.screen.query_one("#path", Input).value == "Connections.csv"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        notices = [n.message for n in app._notifications]
        assert notices[-1].startswith(
            "Imported Connections.csv: 6 added, 1 updated, 0 unchanged, 1 skipped."
        )
        assert notices[-1].endswith("Ctrl+Z undoes it.")
        assert len(app.store.cards) == 7
        assert app.store.doc("hedy")["stage"] == "engaged"
        await pilot.press("ctrl+z")
        assert list(app.store.cards) == ["hedy"]
        assert "company" not in app.store.doc("hedy")


async def test_a_file_that_is_not_an_export_imports_nothing(db: Path, tmp_path: Path) -> None:
    write_db(db, [contact("Hedy Lamarr", uid="hedy")])
    other = tmp_path / "notes.csv"
    other.write_text("Name,URL\nAda,x\n")
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_import_file()
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notice = [n.message for n in app._notifications][-1]
        assert notice.startswith(f"Nothing imported: {other}: no LinkedIn header row found")
        assert list(app.store.cards) == ["hedy"] and app.store.pending == 0


async def test_an_import_works_in_the_background_and_escape_stops_it(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the file is matched the keys stay live: Ctrl+Z waits, Escape stops it
    and nothing is imported."""
    write_db(db, [contact("Hedy Lamarr", uid="hedy")])
    shutil.copy(FIXTURES / "linkedin_Connections.csv", tmp_path / "Connections.csv")
    matching, go_on = threading.Event(), threading.Event()
    plan_people = importing.plan_people

    def held(*args: Any, progress: Callable[[int], None], **options: Any) -> importing.Plan:
        def at(done: int) -> None:  # the work pauses at its first progress
            matching.set()
            go_on.wait(timeout=PATIENCE)  # against a hang only: the test sets it
            progress(done)

        return plan_people(*args, progress=at, **options)

    monkeypatch.setattr(importing, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(importing, "plan_people", held)
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await pilot.press("shift+right")  # a change to undo later
            assert app.store.doc("hedy")["stage"] == "follower"
            app.action_import_file()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ImportScreen)
            screen.query_one("#path", Input).value = str(tmp_path / "Connections.csv")
            # Pilot's keys wait for the app to be idle, and the import is not: these
            # keys are sent as a terminal sends them, and the test waits on the screen.
            app.post_message(events.Key("enter", "\r"))
            await asyncio.to_thread(matching.wait, PATIENCE)
            await until(lambda: hint(screen).startswith("Matching 7 people of Connections.csv"))
            assert screen.query_one(ProgressBar).display
            app.post_message(events.Key("ctrl+z", None))
            await until(lambda: any("undo once it is done" in n for n in notices(app)))
            assert app.store.doc("hedy")["stage"] == "follower"  # not undone under the import
            app.post_message(events.Key("escape", None))
            # Stopped at once: the thread, held here, finds out at its next progress.
            await until(lambda: not isinstance(app.screen, ImportScreen))
        finally:
            go_on.set()  # the worker never outlives a failed test
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert "Import stopped: nothing imported." in notices(app), notices(app)
        assert list(app.store.cards) == ["hedy"]
        await pilot.press("ctrl+z")  # the earlier change is still the one undone
        assert app.store.doc("hedy")["stage"] == "stranger"


def notices(app: App[Any]) -> list[str]:
    return [str(n.message) for n in app._notifications]


def hint(screen: ImportScreen) -> str:
    return str(screen.query_one("#path-hint", Static).render())


async def until(shown: Callable[[], bool]) -> None:
    """Turn the event loop until `shown` holds (PATIENCE is against a hang only)."""
    deadline = time.monotonic() + PATIENCE
    while not shown():
        app = active_app.get(None)
        assert time.monotonic() < deadline, f"never shown; notices: {app and notices(app)}"
        await asyncio.sleep(0.01)
