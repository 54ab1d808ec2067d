"""The top bar: which file is open, and whether everything on screen is on disk."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class SaveStatus(Static):
    """Tells the truth: 'unsaved' from the change until the write has completed."""

    def show(self, pending: int, error: str | None = None) -> None:
        if error:
            self.update(f"⚠ not saved: {error}")
            self.tooltip = error
            state = "error"
        elif pending:
            self.update(f"● saving {pending} change{'s' if pending != 1 else ''}…")
            state = "pending"
        else:
            self.update("✓ saved")
            state = "saved"
        for name in ("error", "pending", "saved"):
            self.set_class(name == state, f"-{name}")


class TopBar(Horizontal):
    def __init__(self, path: Path, demo: bool) -> None:
        super().__init__(id="top-bar")
        self._path = path
        self._demo = demo

    def compose(self) -> ComposeResult:
        where = "DEMO (a throw-away copy)" if self._demo else _short(self._path)
        yield Static(f"networking-tui · {where}", id="title")
        yield Static("", id="counts")
        yield SaveStatus("✓ saved", id="save-status", classes="-saved")

    def show_count(self, count: int) -> None:
        self.query_one("#counts", Static).update(f"{count} contact{'s' if count != 1 else ''}")


def _short(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home()))
    except ValueError:
        return str(path)
