"""Crashes, kills, full disks, bad files, generated input, and privacy.

Each kill loop runs twice in the default run; its long form is marked `slow` and
left out by default. The figures in the README come from
`python -m pytest -m slow tests/test_faults.py` (FAULT_RUNS=200, the default).
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
from networking_tui.data.store import ContactStore
from networking_tui.domain.model import STAGES
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import (
    PATIENCE,
    PATIENT_CLI,
    cli_env,
    contact,
    contacts_on_disk,
    plain,
    run_cli,
    write_db,
)
from .terminal import Terminal

# The kill loops: a short form of each in the default run, the long one behind the
# `slow` marker (`python -m pytest -m slow tests/test_faults.py`; FAULT_RUNS sets its length).
SHORT_RUNS = 2
LONG_RUNS = int(os.environ.get("FAULT_RUNS", "200"))
STORAGE_REPLACE = "networking_tui.data.storage.os.replace"  # the os.replace it saves with
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


def kill_shell_adds(db: Path, runs: int) -> None:
    """`add` on a 3,000-contact file, killed at random moments of its life.

    The moments are fractions of how long an add takes here and now (measured by an
    add left alone every tenth run), so a busy machine spreads them over the same
    phases (start, read, write, fsync, rename) as a quiet one."""
    write_db(db, crowd(3000))
    rng = random.Random(6)
    reported: list[str] = []
    lifetime = 0.0  # of an add left alone, in seconds
    killed = 0
    for n in range(runs * 5):
        name = f"Killed Maybe {n}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "networking_tui", "add", name],
            env=cli_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        uncut = n % 10 == 0
        try:
            process.wait(timeout=PATIENCE if uncut else rng.uniform(0.02, 1.2) * lifetime)
        except subprocess.TimeoutExpired:
            assert not uncut, f"an add took over {PATIENCE} s"
            process.send_signal(signal.SIGKILL)
            killed += 1
        out, err = process.communicate()
        if uncut:
            assert process.returncode == 0, err
            lifetime = time.perf_counter() - started
        if process.returncode == 0 and out.startswith(b"Added"):
            reported.append(name)
        names = {card.name for card in opens(db).cards.values()}
        assert set(reported) <= names
    if runs >= 10:  # a short run may by chance see every add finish first
        assert killed, "every add finished before its kill moment"


def test_killing_shell_adds_never_corrupts_or_loses_a_reported_save(db: Path) -> None:
    kill_shell_adds(db, 1)


@pytest.mark.slow
def test_killing_shell_adds_many_times(db: Path) -> None:
    kill_shell_adds(db, LONG_RUNS)


def first_stranger(path: Path) -> str:
    from networking_tui.domain import clock
    from networking_tui.domain.rules import sort_key

    store = ContactStore.open(path)
    today = clock.today().isoformat()
    cards = [c for c in store.cards.values() if c.stage == "stranger"]
    uid = min(cards, key=lambda c: sort_key(c, today)).uid
    assert uid is not None
    return uid


def moves_on_disk(path: Path, uid: str) -> int:
    (doc,) = (
        d for d in msgspec.json.decode(path.read_bytes())["contacts"].values() if d["uid"] == uid
    )
    return len(doc["stage_history"]) - 1


def wait_until_on_disk(app: Terminal, path: Path, uid: str, moves: int) -> None:
    """Until the file holds `moves` moves of `uid`: read again each time its signature
    changes (the app replaces it whole, so each read sees one complete version)."""
    deadline = time.monotonic() + PATIENCE
    seen = None
    while time.monotonic() < deadline:
        stat = path.stat()
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if signature != seen:
            seen = signature
            if moves_on_disk(path, uid) >= moves:
                return
        app.drain(0.01)  # keep reading the app's output, or it stops on a full terminal
    raise TimeoutError(f"move {moves} not saved after {PATIENCE} s")


def kill_the_app_during_moves(db: Path, runs: int) -> None:
    """The app on a 1,000-contact file, killed at a random moment among stage moves:
    some moves waited for until the file has them, some sent in a burst behind them.
    The file must open after every kill, with every move it already had."""
    docs = [contact("Moving Target", "stranger", priority=1), *crowd(1000)]
    rng = random.Random(9)
    for _ in range(runs):
        write_db(db, docs)
        uid = first_stranger(db)
        app = Terminal(
            [sys.executable, "-m", "networking_tui", "--db", str(db)], (120, 40), env=cli_env(db)
        )
        app.wait_for("Follower", timeout=PATIENCE)
        moves = saved = 0
        for _ in range(rng.randint(1, 8)):
            app.send(SHIFT_RIGHT if moves % 2 == 0 else SHIFT_LEFT)
            moves += 1
            if rng.random() < 0.4:
                wait_until_on_disk(app, db, uid, moves)
                saved = moves
            else:  # the next key, or the kill, comes while this move is being saved
                app.drain(rng.uniform(0.0, 0.2))
        app.drain(rng.uniform(0.0, 0.3))
        os.kill(app.pid, signal.SIGKILL)
        app.close()
        store = opens(db)
        assert len(store.contact(uid).stage_history) - 1 >= saved, (saved, moves)


def test_killing_the_app_never_corrupts_and_keeps_what_was_saved(db: Path) -> None:
    kill_the_app_during_moves(db, SHORT_RUNS)


@pytest.mark.slow
def test_killing_the_app_many_times(db: Path) -> None:
    kill_the_app_during_moves(db, LONG_RUNS)


# --- two windows and the shell --------------------------------------------------------


def test_two_windows_and_a_burst_of_shell_commands_lose_nothing(db: Path) -> None:
    write_db(
        db,
        [
            contact("Ada Lovelace", "stranger", priority=1),
            contact("Grace Hopper", "follower", priority=1),
        ],
    )
    argv = [*PATIENT_CLI, "--db", str(db)]
    one = Terminal(argv, (120, 40), env=cli_env(db))
    two = Terminal(argv, (120, 40), env=cli_env(db))
    one.wait_for("Follower 1", timeout=PATIENCE)
    two.wait_for("Follower 1", timeout=PATIENCE)
    two.mark()
    two.send(b"\x1b[C")  # window two: to the Follower column, where Grace is alone
    two.wait_for("▸ Follower", timeout=PATIENCE)
    one.send(SHIFT_RIGHT)  # window one: Ada, stranger -> follower
    one.wait_for("Follower 2", timeout=PATIENCE)
    two.send(SHIFT_RIGHT)  # Grace, follower -> engaged, whether or not two has seen Ada move
    burst = [
        subprocess.Popen(
            [*PATIENT_CLI, "add", f"Burst {n}"],
            env=cli_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(10)
    ]
    assert [p.wait(timeout=PATIENCE) for p in burst] == [0] * 10
    for window in (one, two):
        window.wait_for("12 contacts", timeout=PATIENCE)  # each reloaded the shell's adds
        window.send(b"q")
    for window in (one, two):
        assert window.exited(timeout=PATIENCE) == 0  # a signal now could hit the teardown
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

    real_replace = os.replace
    monkeypatch.setattr(STORAGE_REPLACE, broken)
    app = NetworkingApp(ContactStore.open(db))
    app.saver._retry = 0.2  # retry sooner than the usual 2 s, for the test's sake
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.press("shift+right")
        await asyncio.wait_for(failed.wait(), timeout=PATIENCE)
        await pilot.pause()
        status = " ".join(plain(app.query_one(SaveStatus)).split())
        assert "not saved" in status and words in status and "kept here, retrying" in status
        assert db.read_bytes() == before  # the previous file, intact
        assert app.store.cards["ada-lovelace"].stage == "follower"  # kept in memory
        with app.saver._sync_lock:  # between two retries, not in the middle of one
            assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
        monkeypatch.setattr(STORAGE_REPLACE, real_replace)  # space again
        await asyncio.wait_for(saved.wait(), timeout=PATIENCE)
        await pilot.pause()
        assert "✓ saved" in plain(app.query_one(SaveStatus))
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "follower"


async def test_quitting_with_unsaved_changes_asks_first(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, [contact("Ada Lovelace", "stranger")])

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    real_replace = os.replace
    monkeypatch.setattr(STORAGE_REPLACE, broken)
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("shift+right", "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in plain(app.screen.query_one(".dialog-title"))
        await pilot.press("n")  # stay
        assert app.is_running
        monkeypatch.setattr(STORAGE_REPLACE, real_replace)  # not undo(): that
        await pilot.press("q")  # would also undo the isolation of the test
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


def shell_input_never_escapes(db: Path, capsys: pytest.CaptureFixture, line: str) -> None:
    if not db.exists():
        write_db(db, [contact("Ada Lovelace", "engaged")])
    for command in ("add", "log"):
        try:
            code: int | str | None = cli.main(["--db", str(db), command, line])
        except SystemExit as exit_:  # argparse: a line that looks like an option
            code = exit_.code
        assert code in (0, 2)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert (out if code == 0 else err).strip()  # it always says something
    opens(db)  # still valid, whatever was added or logged


GENERATED = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(line=lines)
@settings(GENERATED, max_examples=150)
def test_generated_shell_input_never_escapes_and_keeps_the_file_valid(
    db: Path, capsys: pytest.CaptureFixture, line: str
) -> None:
    shell_input_never_escapes(db, capsys, line)


@pytest.mark.slow
@given(line=lines)
@settings(GENERATED, max_examples=1500)
def test_much_generated_shell_input(db: Path, capsys: pytest.CaptureFixture, line: str) -> None:
    shell_input_never_escapes(db, capsys, line)


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
    app.wait_for("Connected 1")  # the move is made and queued (maybe saved already;
    # not "saving", which a quick save may replace before it is ever drawn)
    os.kill(app.pid, sig)
    status = app._reap(timeout=PATIENCE)  # against a hang: it takes well under 2 s
    assert status is not None, "the app was still running"
    os.close(app.fd)
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "connected"
