"""Import…: a path (file names complete as it is typed), then the summary."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from networking_tui.usecases.importing import kind_of

KINDS = {"linkedin": "LinkedIn connections (Connections.csv)", "vcard": "vCard address book"}


class PathSuggester(Suggester):
    """Completes the last part of a path with the first file or folder it starts."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, _, start = value.rpartition(os.sep)
        where = Path(folder or ("/" if value.startswith(os.sep) else ".")).expanduser()
        try:
            names = sorted(
                (entry.name + (os.sep if entry.is_dir() else ""))
                for entry in where.iterdir()
                if entry.name.startswith(start) and not entry.name.startswith(".")
            )
        except OSError:
            return None
        if not names or names[0] == start:
            return None
        return (f"{folder}{os.sep}" if value.rfind(os.sep) >= 0 else "") + names[0]


class ImportScreen(ModalScreen[Path | None]):
    """Asks for the file; dismisses with its path (the app runs the import)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import people from a file", classes="dialog-title")
            yield Input(
                placeholder="~/Downloads/Connections.csv or contacts.vcf",
                suggester=PathSuggester(),
                id="path",
            )
            yield Static(
                "→ completes a file name · Enter imports · Escape cancels",
                id="path-hint",
                classes="field-hint",
                markup=False,
            )

    @on(Input.Changed, "#path")
    def _hint(self, event: Input.Changed) -> None:
        value = event.value.strip()
        hint = self.query_one("#path-hint", Static)
        if not value:
            hint.update("→ completes a file name · Enter imports · Escape cancels")
            return
        file = Path(value).expanduser()
        if file.is_file():
            hint.update(f"{KINDS[kind_of(file.name)]} · Enter imports")
        elif file.is_dir():
            hint.update("a folder: type on to choose a file in it")
        else:
            hint.update("no such file yet")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        file = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not file.is_file():
            self.query_one("#path-hint", Static).update(f"⚠ there is no file {file}")
            self.app.bell()
            return
        self.dismiss(file)

    def action_cancel(self) -> None:
        self.dismiss(None)
