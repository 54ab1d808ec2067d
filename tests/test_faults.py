"""Crashes, kills, full disks, bad files, generated input, and privacy.

The kill loops run FAULT_RUNS times (default small, for CI); the figures in the
README come from `FAULT_RUNS=200 python -m pytest -m slow tests/test_faults.py`.
"""

from __future__ import annotations

import asyncio
import errno
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_tui import cli
from networking_tui.data import storage
from networking_tui.data.store import ContactStore
from networking_tui.domain.model import STAGES
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import cli_env, contact, contacts_on_disk, plain, run_cli, write_db
from .terminal import Terminal

RUNS = int(os.environ.get("FAULT_RUNS", "4"))
SHIFT_RIGHT, SHIFT_LEFT = b"\x1b[1;2C", b"\x1b[1;2D"


def crowd(count: int) -> list[dict]:
    """Enough contacts that a write takes long enough to be killed in the middle."""
    rng = random.Random(count)
    touch = {"kind": "comment", "at": "2026-10-01T10:00:00+00:00", "note": "a long note " * 8}
    return [
        contact(f"Person {n:05d}", rng.choice(STAGES[1:]), interactions=[touch] * 5)
        for n in range(count)
    ]


def opens(path: Path) -> ContactStore:
    """The file must always open, fully valid."""
    return ContactStore.open(path)


# --- kill -9 -----------------------------------------------------------------------


@pytest.mark.slow
def test_killing_shell_adds_never_corrupts_or_loses_a_reported_save(db: Path) -> None:
    write_db(db, crowd(3000))
    rng = random.Random(6)
    reported: list[str] = []
    for n in range(RUNS * 5):
        name = f"Killed Maybe {n}"
        process = subprocess.Popen(
            [sys.executable, "-m", "networking_tui", "add", name],
            env=cli_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # The kill moment, spread over the command's whole life (start, read,
        # write, fsync, rename); not a wait for anything.
        time.sleep(rng.uniform(0.05, 1.2))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        if process.returncode == 0 and out.startswith(b"Added"):
            reported.append(name)
        names = {card.name for card in opens(db).cards.values()}
        assert set(reported) <= names
    assert reported, "no add finished before its kill: the kill moments are too early"


def first_stranger(path: Path) -> str:
    from networking_tui.domain import clock
    from networking_tui.domain.rules import sort_key

    store = ContactStore.open(path)
    today = clock.today().isoformat()
    cards = [c for c in store.cards.values() if c.stage == "stranger"]
    return min(cards, key=lambda c: sort_key(c, today)).uid


@pytest.mark.slow
def test_killing_the_app_never_corrupts_and_keeps_what_was_on_screen(db: Path) -> None:
    docs = [contact("Moving Target", "stranger", priority=1), *crowd(1000)]
    rng = random.Random(9)
    for _ in range(RUNS):
        write_db(db, docs)
        uid = first_stranger(db)
        app = Terminal(
            [sys.executable, "-m", "networking_tui", "--db", str(db)], (120, 40), env=cli_env(db)
        )
        app.wait_for("Follower")
        sent: list[float] = []
        stop_at = time.perf_counter() + rng.uniform(0.3, 3.0)
        while time.perf_counter() < stop_at:
            app.send(SHIFT_RIGHT if len(sent) % 2 == 0 else SHIFT_LEFT)
            sent.append(time.perf_counter())
            app.drain(rng.uniform(0.05, 0.25))
        os.kill(app.pid, signal.SIGKILL)
        killed_at = time.perf_counter()
        app.close()
        store = opens(db)
        history = store.contact(uid).stage_history
        settled = sum(1 for moment in sent if moment < killed_at - 1.0)
        assert len(history) - 1 >= settled, (len(history) - 1, settled, len(sent))


# --- two windows and the shell --------------------------------------------------------


@pytest.mark.slow
def test_two_windows_and_a_burst_of_shell_commands_lose_nothing(db: Path) -> None:
    write_db(
        db,
        [
            contact("Ada Lovelace", "stranger", priority=1),
            contact("Grace Hopper", "follower", priority=1),
        ],
    )
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    one = Terminal(argv, (120, 40), env=cli_env(db))
    two = Terminal(argv, (120, 40), env=cli_env(db))
    one.wait_for("Follower 1")
    two.wait_for("Follower 1")
    one.send(SHIFT_RIGHT)  # window one: Ada, stranger -> follower
    one.wait_for("Follower 2")
    two.send(b"\x1b[C")  # window two: to the Follower column (Grace)
    two.drain(0.3)
    two.send(SHIFT_RIGHT)  # Grace, follower -> engaged
    burst = [
        subprocess.Popen(
            [sys.executable, "-m", "networking_tui", "add", f"Burst {n}"],
            env=cli_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(10)
    ]
    assert [p.wait(timeout=120) for p in burst] == [0] * 10
    for window in (one, two):
        window.wait_for("12 contacts", timeout=20)  # each window reloaded the shell's adds
        window.send(b"q")
    for window in (one, two):
        assert window.exited(timeout=20) == 0  # a signal now could hit the teardown
        screen = window.text()
        assert "Traceback" not in screen and "Error" not in screen
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Ada Lovelace"]["stage"] == "follower"
    assert on_disk["Grace Hopper"]["stage"] == "engaged"
    assert {f"Burst {n}" for n in range(10)} <= set(on_disk)


# --- full disk, read-only folder --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only file system")],
)
async def test_a_failed_save_says_so_keeps_the_change_and_retries(
    db: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    write_db(db, [contact("Ada Lovelace", "stranger")])
    before = db.read_bytes()
    results: list = []
    failed, saved = asyncio.Event(), asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced):
            results.append(message.result)
            (failed if message.result.error else saved).set()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, "replace", broken)
    app = NetworkingApp(ContactStore.open(db))
    app.saver._retry = 0.2  # retry sooner than the usual 2 s, for the test's sake
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.press("shift+right")
        await asyncio.wait_for(failed.wait(), timeout=10)
        await pilot.pause()
        status = " ".join(plain(app.query_one(SaveStatus)).split())
        assert "not saved" in status and words in status and "kept here, retrying" in status
        assert db.read_bytes() == before  # the previous file, intact
        assert app.store.cards["ada-lovelace"].stage == "follower"  # kept in memory
        monkeypatch.undo()  # space again
        await asyncio.wait_for(saved.wait(), timeout=10)
        await pilot.pause()
        assert "saved" in plain(app.query_one(SaveStatus))
        # Checked after the retries stop: one may be writing its temporary meanwhile.
        assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "follower"


async def test_quitting_with_unsaved_changes_asks_first(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, [contact("Ada Lovelace", "stranger")])

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", broken)
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("shift+right", "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in plain(app.screen.query_one(".dialog-title"))
        await pilot.press("n")  # stay
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("q")
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "follower"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_folder_refuses_a_shell_add_clearly(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    db.parent.chmod(0o500)
    try:
        result = run_cli("add", "Grace Hopper", db=db)
    finally:
        db.parent.chmod(0o700)
    assert result.returncode == 2 and "Nothing was saved" in result.stderr
    assert db.read_bytes() == before


# --- unreadable files --------------------------------------------------------------


UNREADABLE = {
    "empty": b"",
    "truncated": msgspec.json.encode(
        {"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "A", "stage": "ask"}}}
    )[:-7],
    "garbage": b"\x8f\x02garbage\xff",
    "nul bytes": b"\x00" * 64,
    "wrong shape": b'{"contacts": ["Ada", "Grace"]}',
    "unknown stage": b'{"_meta": {"1": {"schema": 1}}, '
    b'"contacts": {"1": {"name": "A", "stage": "pal"}}}',
    "future schema": b'{"_meta": {"1": {"schema": 7}}, "contacts": {}}',
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_unreadable_files_stop_the_app_with_exit_2_and_stay_untouched(db: Path, kind: str) -> None:
    db.write_bytes(UNREADABLE[kind])
    os.utime(db, ns=(1_000_000_000, 1_000_000_000))
    for args in (["--db", str(db)], ["agenda"], ["add", "Someone"]):
        result = run_cli(*args, db=db)
        assert result.returncode == 2, (kind, args)
        assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == UNREADABLE[kind]
    assert db.stat().st_mtime_ns == 1_000_000_000


# --- generated input for the shell commands --------------------------------------------

lines = st.text(st.characters(blacklist_categories=["Cs"]), max_size=3000) | st.text(
    "@#!>;:/. abcfu\t\r\n\x00\x1b", max_size=200
)


@given(line=lines)
@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_shell_input_never_escapes_and_keeps_the_file_valid(
    db: Path, capsys: pytest.CaptureFixture, line: str
) -> None:
    if not db.exists():
        write_db(db, [contact("Ada Lovelace", "engaged")])
    for command in ("add", "log"):
        try:
            code = cli.main(["--db", str(db), command, line])
        except SystemExit as exit_:  # argparse: a line that looks like an option
            code = exit_.code
        assert code in (0, 2)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert (out if code == 0 else err).strip()  # it always says something
    opens(db)  # still valid, whatever was added or logged


# --- privacy ----------------------------------------------------------------------


async def test_the_app_makes_no_network_connection(
    db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError(errno.ENETUNREACH, "sockets are blocked in this test")

        return blocked

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    write_db(db, [contact("Ada Lovelace", "engaged", next_touch="2026-11-20")])
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a", *"Grace Hopper met at PyCon", "enter")
        await pilot.press("shift+right", "g")
        await app.workers.wait_for_complete()
        await pilot.press("l", "enter", "g", "q")
    assert cli.main(["--db", str(db), "export", "ics", str(tmp_path / "x.ics")]) == 0
    assert cli.main(["--db", str(db), "agenda"]) == 0
    assert attempts == []


def test_data_file_and_backup_are_private(db: Path) -> None:
    os.umask(0o022)
    write_db(db, [contact("Ada Lovelace")])
    store = ContactStore.open(db, backup=True)
    store.update("ada-lovelace", lambda d: {**d, "priority": 1}, "edit")
    store.sync()
    for path in (db, db.with_name(db.name + ".bak"), Path(f"{db}.lock")):
        assert path.stat().st_mode & 0o777 == 0o600, path


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_a_closed_terminal_saves_and_ends_the_app(db: Path, sig: int) -> None:
    """Closing the terminal (SIGHUP) with a change pending: saved, and the app gone."""
    write_db(db, [contact("Ada Lovelace", "engaged")])
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    app = Terminal(argv, (120, 40), env=cli_env(db))
    app.wait_for("Ada Lovelace")
    app.mark()
    app.send(b"\x1b[1;2C")  # Shift+Right: a move, then the terminal goes at once
    app.wait_for("saving")  # the move is made and queued (maybe saved already)
    os.kill(app.pid, sig)
    status = app._reap(timeout=30)  # generous: a busy machine; it takes well under 2 s
    assert status is not None, "the app was still running"
    os.close(app.fd)
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "connected"
