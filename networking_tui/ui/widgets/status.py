"""The top bar: which file is open, and whether everything on screen is on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from rich.console import RenderableType
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal
from textual.widgets import Static

from networking_tui.domain.text import counted
from networking_tui.ui.host import host
from networking_tui.ui.widgets.line import Line


class _Filter(Protocol):
    def text(self) -> str: ...


@runtime_checkable
class NamesFilter(Protocol):
    """An app with a board filter (ui/filtering.py), named in every top bar."""

    board_filter: _Filter


class SaveStatus(Line):
    """Tells the truth: 'unsaved' from the change until the write has completed."""

    def show(self, pending: int, error: str | None = None, warning: str | None = None) -> None:
        """`warning`: saved, but something beside the save failed (the daily backup)."""
        if error:
            self.text = f"⚠ not saved: {error}; kept here, retrying"
            self.tooltip = error
            state = "error"
        elif pending:
            # Not ●: that is a card's priority mark.
            self.text = f"↻ saving {pending} change{'s' if pending != 1 else ''}…"
            self.tooltip = None
            state = "pending"
        elif warning:
            self.text = "✓ saved · ⚠ no backup"
            self.tooltip = warning
            state = "error"
        else:
            self.text = "✓ saved"
            self.tooltip = None
            state = "saved"
        for name in ("error", "pending", "saved"):
            self.set_class(name == state, f"-{name}")


class CopyNote(Line):
    """The sync engine's conflict copies that do not read (issue 17), named while
    they are there; a name too long for the bar loses its middle, not its end
    (the device and date that tell copies apart). Why each does not read: the
    tooltip, and the notice when it was found."""

    def show(self, unreadable: tuple[tuple[str, str], ...]) -> None:
        names = [name for name, _ in unreadable]
        self.text = f"⚠ not merged: {', '.join(names)}" if names else ""
        self.tooltip = "\n".join(f"{name}: {why}" for name, why in unreadable) or None
        self.display = bool(names)

    def render(self) -> RenderableType:
        return shortened(str(self.text), self.content_size.width)


def shortened(text: str, width: int) -> str:
    """`text` in `width` cells, an ellipsis in place of its middle if it must."""
    if len(text) <= width or width < 3:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


class ViewTab(Static):
    """'Board' or 'Agenda' in the top bar: a click switches to that view."""

    def __init__(self, view: str, current: bool) -> None:
        super().__init__(f" {view.capitalize()} ", classes="view-tab")
        self.view = view
        self.set_class(current, "-current")

    def on_click(self) -> None:
        host(self).show_view(self.view)


class BarTitle(Static):
    """The top bar's title on one line: a data file's path too long for the room
    left keeps its end, the file's name ("networking-tui · …/walk/mine.json", or
    "…/walk/mine.json" alone in less room); any other text keeps its start, and
    drops a part in brackets first."""

    def render(self) -> RenderResult:
        content = self.content
        if not isinstance(content, str):
            return self.visual
        return fitted_title(content, self.content_size.width)


def fitted_title(text: str, width: int) -> str:
    """`text` in `width` cells (see BarTitle)."""
    if len(text) <= width or width < 2:
        return text
    head, sep, last = text.rpartition(" · ")
    if not sep or last[:1] not in "/~":
        short = text.partition(" (")[0]  # "DEMO (a throw-away copy)": "DEMO"
        return short if len(short) <= width else text[: width - 1] + "…"
    room = width - len(head) - len(sep) - 1
    if room >= 12:
        return f"{head}{sep}…{_tail(last, room)}"
    return "…" + _tail(last, width - 1)  # the file matters more than the app's name


def _tail(path: str, room: int) -> str:
    """The end of `path` in `room` cells, from a folder's start where one fits."""
    tail = path[max(0, len(path) - room) :]
    cut = tail.find("/", 1)
    return tail[cut:] if 0 < cut < len(tail) - 1 else tail


CRAMPED = 100  # columns


class TopBar(Horizontal):
    """A title, an optional count, and the save status: on every full screen."""

    DEFAULT_CSS = """
    TopBar .filter-note { display: none; width: 2fr; padding: 0 1; text-wrap: nowrap;
        text-overflow: ellipsis; color: $text-warning; text-style: bold; }
    TopBar.-filtered.-cramped .title { display: none; }
    TopBar CopyNote { display: none; width: 1fr; padding: 0 1; color: $error;
        text-style: bold; }
    """

    def __init__(self, title: str, tabs: str | None = None) -> None:
        super().__init__(classes="top-bar")
        self._title = title
        self._tabs = tabs  # which view is current, if the Board/Agenda tabs show
        self._unreadable: tuple[tuple[str, str], ...] = ()

    def compose(self) -> ComposeResult:
        if self._tabs:
            yield ViewTab("board", self._tabs == "board")
            yield ViewTab("agenda", self._tabs == "agenda")
        yield BarTitle(self._title, classes="title", markup=False)
        yield Line("", classes="filter-note")
        yield CopyNote("", classes="copy-note")
        yield Line("", classes="counts")
        yield SaveStatus("✓ saved", classes="-saved")

    def on_mount(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        """The save status and the board's filter as they are now (a kept view shown
        again shows them anew)."""
        host(self).show_save_status_in(self)
        app = self.app
        if isinstance(app, NamesFilter):  # issue 15: a view opened with a filter on
            self.show_filter(app.board_filter.text())

    def show_filter(self, text: str) -> None:
        """The board's filter, in words ("": none)."""
        note = self.query_one(".filter-note", Line)
        note.text = text
        note.display = bool(text)
        self.set_class(bool(text), "-filtered")

    def on_resize(self, event: events.Resize) -> None:
        # Below CRAMPED columns a filter shown takes the title's place: sharing
        # what the counts and the save status leave, neither could be read.
        self.set_class(event.size.width < CRAMPED, "-cramped")

    def show_unreadable(self, unreadable: tuple[tuple[str, str], ...]) -> None:
        """Conflict copies that do not read: named in place of the title and the
        count (a problem to fix comes before what is shown every day)."""
        if unreadable == self._unreadable:
            return  # called on every save: no layout when nothing changed
        self._unreadable = unreadable
        self.query_one(CopyNote).show(unreadable)
        for part in (".title", ".counts"):
            self.query_one(part).display = not unreadable

    def show_count(self, count: int) -> None:
        self.query_one(".counts", Line).text = counted(count, "contact")


def file_title(path: Path, demo: bool) -> str:
    where = "DEMO (a throw-away copy)" if demo else _short(path)
    return f"networking-tui · {where}"


def _short(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home()))
    except ValueError:
        return str(path)
