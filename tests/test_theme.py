"""A theme chosen in the palette is saved with the settings and used at the next start."""

from __future__ import annotations

from pathlib import Path

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp

from .conftest import contact, read_db, write_db


async def test_the_theme_persists_across_a_restart(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme != "textual-light"
        app.theme = "textual-light"  # what the palette's Theme command does
        await pilot.pause()  # the signal is published on the next turn
        assert app.store.sync().wrote
    assert read_db(db)["settings"]["1"]["theme"] == "textual-light"
    again = NetworkingApp(ContactStore.open(db), autosave=False)
    async with again.run_test(size=(100, 30)):
        assert again.theme == "textual-light"


async def test_an_unknown_saved_theme_is_ignored(db: Path) -> None:
    write_db(db, [], settings={"1": {"uid": "settings", "theme": "no-such-theme"}})
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(100, 30)):
        assert app.theme == "textual-dark"
