"""The terminal driver: a lone Escape is let through when ESCDELAY runs out (ui/driver.py)."""

from __future__ import annotations

import os
import queue
import selectors
import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from textual import constants, events

from networking_tui import cli
from networking_tui.ui import driver
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.driver import QuickEscapeDriver

from .conftest import PATIENCE, cli_env, contact, write_db
from .terminal import Terminal


class Recording(selectors.SelectSelector):
    """SelectSelector that keeps each wait it was asked for."""

    waits: list[float] = []

    def select(self, timeout: float | None = None) -> Any:
        Recording.waits.append(timeout if timeout is not None else -1.0)
        return super().select(timeout)


class Captured(QuickEscapeDriver):
    """The driver reading a pipe, its events kept instead of sent to an app."""

    def __init__(self, fileno: int) -> None:
        super().__init__(None)  # type: ignore[arg-type]  # no app: process_message below
        self.fileno = fileno
        self.got: queue.Queue[object] = queue.Queue()

    def process_message(self, message: Any) -> None:
        self.got.put(message)

    def next_key(self) -> str:
        while True:
            message = self.got.get(timeout=PATIENCE)  # against a hang, not a measure
            if isinstance(message, events.Key):
                return message.key


def test_the_wait_ends_at_a_half_read_sequences_deadline() -> None:
    assert driver.next_wait(None, 5.0) == driver.IDLE_WAIT
    assert driver.next_wait(5.03, 5.0) == pytest.approx(0.03)
    assert driver.next_wait(4.0, 5.0) == 0.0  # due: no wait at all
    assert driver.next_wait(9.0, 5.0) == driver.IDLE_WAIT  # never longer than Textual's


async def test_a_lone_escape_is_let_through_after_escdelay_not_textuals_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.02)
    monkeypatch.setattr(
        driver,
        "selectors",
        types.SimpleNamespace(SelectSelector=Recording, EVENT_READ=selectors.EVENT_READ),
    )
    Recording.waits = []
    read_end, write_end = os.pipe()
    captured = Captured(read_end)
    thread = threading.Thread(target=captured.run_input_thread)
    thread.start()
    try:
        os.write(write_end, b"j")
        assert captured.next_key() == "j"
        assert set(Recording.waits) == {driver.IDLE_WAIT}  # nothing half read: Textual's wait
        os.write(write_end, b"\x1b")
        assert captured.next_key() == "escape"
        # After the Escape came in, the thread woke within ESCDELAY (0.02 s), not 0.1 s.
        assert min(Recording.waits) <= 0.021
        os.write(write_end, b"\x1b[B")  # a whole sequence is a key, not an Escape
        assert captured.next_key() == "down"
        os.write(write_end, b"\x1bx")  # Alt+x
        assert captured.next_key() == "alt+x"
    finally:
        captured.exit_event.set()
        thread.join(timeout=PATIENCE)
        os.close(read_end)
        os.close(write_end)
    assert not thread.is_alive()


def test_the_app_uses_it_and_escdelay_is_50_ms_unless_the_user_set_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apps: list[NetworkingApp] = []
    monkeypatch.setattr(NetworkingApp, "run", lambda app, *a, **k: apps.append(app))
    monkeypatch.delenv("ESCDELAY", raising=False)
    assert cli.main([]) == 0
    assert os.environ["ESCDELAY"] == "50"
    assert apps[0].driver_class is QuickEscapeDriver
    monkeypatch.setenv("ESCDELAY", "300")
    assert cli.main([]) == 0
    assert os.environ["ESCDELAY"] == "300"


def test_escape_closes_the_help_in_a_real_terminal(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    app = Terminal(argv, (120, 40), env={**cli_env(db), "ESCDELAY": "20"})
    try:
        app.wait_for("Ada Lovelace")
        app.send(b"?")
        app.wait_for("this help (? q or Escape closes it)")
        app.mark()
        app.send(b"\x1b")
        app.wait_for("Ada Lovelace  Stranger")  # the detail pane, drawn again
        app.mark()
        app.send(b"q")
    finally:
        assert app.exited(timeout=PATIENCE) == 0
