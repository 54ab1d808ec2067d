"""Every test runs on a data file under tmp_path, at a frozen moment, in a set time zone.

The user's real data folder is never touched: the environment points both the
data file and the platform data folder into tmp_path. Nor is the clipboard.

The time zone is pinned (UTC unless a test asks for others with
`@pytest.mark.parametrize("zone", ZONES, indirect=True)`), so the suite gives the
same result whatever the machine's zone: the clock is frozen at a local moment
while test data may carry fixed offsets.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import pendulum
import pytest
from textual.app import App
from textual.widgets import Input, TextArea

from networking_tui.data import storage
from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.model import SCHEMA_VERSION
from networking_tui.ui import clipboard

from . import settle
from .settle import PATIENCE  # noqa: F401  (for the tests: a bound against a hang)

T = TypeVar("T")
NOW = "2026-11-23T09:00:00"  # a Monday
PINNED_ZONE = "UTC"
# Behind and ahead of UTC, summer time on either side of the equator, and none.
ZONES = ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Europe/Paris"]


def use_zone(name: str) -> None:
    """Make `name` the local time zone for the C library (naive datetimes,
    `timestamp()`) and for pendulum (`clock.now()`), and for subprocesses."""
    os.environ["TZ"] = name
    time.tzset()
    pendulum.set_local_timezone(pendulum.timezone(name))


use_zone(PINNED_ZONE)  # before any test module computes a moment
settle.install()  # Pilot waits until the app has handled each key, not on a CPU guess


@pytest.fixture
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The local time zone of a test: UTC, or each of ZONES when parametrized."""
    name = getattr(request, "param", PINNED_ZONE)
    use_zone(name)
    try:
        yield name
    finally:
        use_zone(PINNED_ZONE)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str) -> Iterator[None]:
    monkeypatch.setenv("NETWORKING_TUI_DB", str(tmp_path / "contacts.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv(clock.NOW_ENV, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    # Nor the real clipboard: without a display no clipboard tool is tried.
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "PLATFORM", "linux")  # no pbcopy on a Mac either
    # A notice lasts 5 s of wall time: on a busy machine it could expire before the
    # test reads it. A test sees the notices a person would see at once.
    monkeypatch.setattr(App, "NOTIFICATION_TIMEOUT", settle.PATIENCE)
    # Nor does a text cursor blink (every 0.5 s of wall time): a screen is the same
    # however long the machine took to draw it, the cursor shown as after a key.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    # Forms are built on first use, not ahead at every start (a second of CPU each):
    # tests/test_kept_forms.py turns it back on.
    from networking_tui.ui.app import NetworkingApp

    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", False)
    with clock.frozen(NOW):
        yield
    # monkeypatch.undo() in a test undoes this isolation too: the app then wrote its
    # ui-state.json into the user's real data folder. Undo a patch of one's own
    # (pytest.MonkeyPatch.context()) instead.
    assert os.environ.get("XDG_DATA_HOME") == str(tmp_path / "xdg-data"), (
        "the test undid the isolation from the user's real data folder"
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "contacts.json"


def contact(name: str, stage: str = "stranger", **fields: Any) -> dict[str, Any]:
    """A complete contact document, as the app writes it."""
    uid = fields.pop("uid", name.lower().replace(" ", "-"))
    doc: dict[str, Any] = {
        "uid": uid,
        "name": name,
        "stage": stage,
        "priority": 2,
        "next_touch": None,
        "tags": [],
        "stage_history": [{"stage": stage, "at": "2026-10-01T10:00:00"}],  # local time
        "interactions": [],
        "archived": False,
    }
    doc.update(fields)
    return doc


def write_db(path: Path, contacts: list[dict[str, Any]], **tables: dict) -> Path:
    """A data file of the current schema, written as the app writes it."""
    data = {"_meta": {"1": {"schema": SCHEMA_VERSION}}, "contacts": {}}
    data["contacts"] = {str(n): doc for n, doc in enumerate(contacts, start=1)}
    data.update(tables)
    raw = {
        name: {i: msgspec.Raw(msgspec.json.encode(d)) for i, d in docs.items()}
        for name, docs in data.items()
    }
    storage.write_atomic(path, storage.encode_tables(raw))
    return path


MERGE_RECORDS = ("_stamps", "_s", "_dropped", "_members")


def unstamped(value: Any) -> Any:
    """A document without the merge's bookkeeping (`_stamps`, a log entry's `_s`):
    what a person wrote, to compare with what a test expects."""
    if isinstance(value, dict):
        return {k: unstamped(v) for k, v in value.items() if k not in MERGE_RECORDS}
    if isinstance(value, list):
        return [unstamped(v) for v in value]
    return value


def read_db(path: Path) -> dict[str, Any]:
    return msgspec.json.decode(path.read_bytes())


def contacts_on_disk(path: Path) -> dict[str, dict[str, Any]]:
    """The contacts in the file, by uid."""
    return {doc["uid"]: doc for doc in read_db(path)["contacts"].values()}


def open_store(path: Path) -> ContactStore:
    return ContactStore.open(path)


def file_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def plain(widget: object) -> str:
    """What a Static (or a Rich renderable) shows, as plain text."""
    from rich.console import Console
    from textual.widgets import Static

    from networking_tui.ui.widgets.detail import ContactDetail
    from networking_tui.ui.widgets.line import Line

    content = widget
    if isinstance(widget, Static):
        content = widget.content
    elif isinstance(widget, Line):
        content = widget.text
    elif isinstance(widget, ContactDetail):
        content = widget.body
    out = io.StringIO()
    console = Console(width=200, file=out, color_system=None)
    console.print(content)
    return out.getvalue()


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text lines (as export_screenshot renders it)."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def frames_of(
    app: Any, monkeypatch: pytest.MonkeyPatch, screen: object, look: Callable[[], T]
) -> list[T]:
    """What `look()` gives at each frame the app puts on the terminal of `screen`,
    from now on, in order."""
    seen: list[T] = []
    display = app._display

    def record(shown: object, update: object) -> None:
        display(shown, update)
        if shown is screen:
            seen.append(look())

    monkeypatch.setattr(app, "_display", record)
    return seen


async def press_together(pilot: Any, *keys: str) -> None:
    """Keys that arrive in one chunk of terminal input, as a fast typist or a paste
    sends them. (`pilot.press` waits for the app to go idle after each key, so it
    cannot show what happens when the second key is handled before the first one's
    consequences.) Returns once the app has handled them all, or is quitting."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else None
        name = _character_to_key(key) if char is not None and not key.isalnum() else key
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle.settle(app)  # not pilot.pause(): after a `q` there is no screen to wait on


# Commands that wait for the file's lock as long as a test may take: for tests that
# start many at once (tests/patient.py says why).
PATIENT_CLI = [sys.executable, str(Path(__file__).with_name("patient.py"))]


def cli_env(db: Path | None = None) -> dict[str, str]:
    """The environment of a shell command in a test: our file, our frozen moment."""
    env = {**os.environ, clock.NOW_ENV: NOW}
    if db is not None:
        env["NETWORKING_TUI_DB"] = str(db)
    return env


def run_cli(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    """`networking-tui ARGS` in a separate process, as from a shell."""
    return subprocess.run(
        [sys.executable, "-m", "networking_tui", *args],
        capture_output=True,
        text=True,
        env=cli_env(db),
        timeout=settle.PATIENCE,
    )
