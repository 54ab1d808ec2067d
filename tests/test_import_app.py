"""Import… from the app: the palette, a path that completes, one Ctrl+Z."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.importing import ImportScreen, PathSuggester

from .conftest import contact, write_db

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
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*"Conn")
        await pilot.pause()
        await pilot.press("right")  # takes the completion
        assert app.screen.query_one("#path", Input).value == "Connections.csv"
        await pilot.press("enter")
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
        await pilot.pause()
        notice = [n.message for n in app._notifications][-1]
        assert notice.startswith(f"Nothing imported: {other}: no LinkedIn header row found")
        assert list(app.store.cards) == ["hedy"] and app.store.pending == 0
