"""Every key the app answers to is listed in the help (`?`) and in the README's Keys table."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Static

import networking_tui
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.help import HelpScreen

from .conftest import contact, plain, write_db

README = Path(__file__).parent.parent / "README.md"
SHOWN = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "shift+right": "Shift+→",
    "shift+left": "Shift+←",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "enter": "Enter",
    "escape": "Escape",
    "space": "Space",
    "delete": "Delete",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "question_mark": "?",
    "slash": "/",
}


def shown(key: str) -> str:
    """A key as the help writes it: ctrl+s is Ctrl+S, greater_than_sign is >."""
    if key in SHOWN:
        return SHOWN[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    assert len(key) == 1, f"no way to write {key!r} yet: add it to SHOWN"
    return key


def app_keys() -> dict[str, list[str]]:
    """Every key bound anywhere in the package (and Textual's own quit and palette
    keys, which the app keeps), with where it is bound."""
    keys: dict[str, list[str]] = {}

    def add(key: str, where: str) -> None:
        keys.setdefault(shown(key), []).append(where)

    for module_info in pkgutil.walk_packages(networking_tui.__path__, "networking_tui."):
        if module_info.name.endswith("__main__"):
            continue  # running it starts the command
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding)
                for key in binding.key.split(","):
                    add(key.strip(), f"{name}: {binding.action}")
    for binding in App.BINDINGS:
        if isinstance(binding, Binding) and not binding.system:
            add(binding.key, f"Textual: {binding.action}")
    add(NetworkingApp.COMMAND_PALETTE_BINDING, "Textual: command palette")
    return keys


def tokens(text: str) -> set[str]:
    # A lone / (between spaces or backticks) is the search key; elsewhere it separates.
    return set(re.findall(r"[^\s·,;:()/`\"…]+|(?<![^\s`])/(?![^\s`])", text))


def readme_keys_table() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_the_package_binds_the_keys_we_think() -> None:
    keys = app_keys()  # a check of the check: it finds keys of screens and widgets
    assert "Ctrl+Y" in keys and "Ctrl+P" in keys and "Ctrl+Q" in keys
    assert any("Board" in where for where in keys["PgUp"])


async def test_help_lists_every_key_the_app_binds(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    from networking_tui.data.store import ContactStore

    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(plain(s) for s in app.screen.query(Static))
    listed = tokens(text)
    missing = {key: where for key, where in app_keys().items() if key not in listed}
    assert not missing, f"bound but not in the help: {missing}"
    assert "Ctrl+P" in text and "command palette" in text


def test_the_readme_keys_table_lists_every_key() -> None:
    listed = tokens(readme_keys_table())
    missing = {key: where for key, where in app_keys().items() if key not in listed}
    assert not missing, f"bound but not in the README's Keys table: {missing}"


@pytest.mark.parametrize("text", ["help", "readme"])
def test_g_is_not_said_to_work_anywhere(text: str) -> None:
    """g works on the board, the agenda and the review, and nowhere else."""
    from networking_tui.ui.screens.help import SECTIONS

    if text == "readme":
        rows = [line for line in readme_keys_table().splitlines() if "| `g` |" in line]
        assert rows and all(not row.startswith("| anywhere") for row in rows)
        assert any("board, agenda" in row for row in rows)
    else:
        anywhere = dict(SECTIONS)["Anywhere"]
        assert all(keys != "g" for keys, _ in anywhere)
        g_rows = [what for title, rows in SECTIONS for keys, what in rows if keys == "g"]
        assert any("on the board" in what for what in g_rows)
        assert any("in the review" in what for what in g_rows)


def test_the_help_wraps_each_description_as_one_paragraph_in_a_small_terminal() -> None:
    """The help at 80 columns (70 inside its dialog): a description's lines filled,
    not broken where they are written for a wide one ("by name," then "nickname")."""
    import io

    from rich.console import Console

    from networking_tui.ui.screens.help import help_table

    console = Console(width=70, file=io.StringIO(), record=True)
    console.print(help_table())
    lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
    assert any("contact by name, nickname, handle" in line for line in lines), lines
    assert not any(line == "deletes for good" for line in lines)
    # Items of their own stay apart: the quick-add grammar's, the event form's.
    assert not any("; note the name" in line or "first) in the event" in line for line in lines)
