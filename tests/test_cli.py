"""The command line, as a newcomer meets it."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from networking_tui import __version__, cli
from networking_tui.data import first_read, paths
from networking_tui.ui.app import NetworkingApp

from .conftest import PATIENCE, cli_env, contact, contacts_on_disk, file_mode, run_cli, write_db


def test_help_and_version_exit_zero() -> None:
    shown = run_cli("--help")
    assert shown.returncode == 0
    assert "--demo" in shown.stdout and "--db" in shown.stdout
    assert "screenshot" not in shown.stdout  # a development tool, not the user's
    version = run_cli("--version")
    assert version.returncode == 0
    assert __version__ in version.stdout


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"contacts": {"1": {"name": "Ada", "stage": "pal"}}}',
        b'{"contacts": {"1": {"name": "   ", "stage": "follower"}}}',
    ],
)
def test_broken_file_stops_before_the_ui_with_exit_2(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    result = run_cli("--db", str(db))
    assert result.returncode == 2
    assert str(db) in result.stderr
    assert "Traceback" not in result.stderr
    assert "left exactly as it was" in result.stderr
    assert db.read_bytes() == content


def test_data_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DB_ENV)
    default = paths.resolve_db_path(None)
    assert default == paths.default_db_path()
    assert default.name == "contacts.json"
    assert str(default).startswith(str(tmp_path / "xdg-data"))  # platformdirs honours XDG
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "env.json"))
    assert paths.resolve_db_path(None) == tmp_path / "env.json"
    assert paths.resolve_db_path(str(tmp_path / "flag.json")) == tmp_path / "flag.json"


class Opened:
    """Stands in for App.run: records which file the app got, without a terminal."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.apps: list[NetworkingApp] = []

        def run(app: NetworkingApp, *args: object, **kwargs: object) -> None:
            self.apps.append(app)

        monkeypatch.setattr(NetworkingApp, "run", run)


def test_first_run_creates_a_private_empty_file(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Opened(monkeypatch)
    assert cli.main([]) == 0
    (app,) = opened.apps
    assert app.store.path == db
    assert db.exists() and file_mode(db) == 0o600
    assert app.store.cards == {}


def test_demo_never_touches_the_users_file(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    opened = Opened(monkeypatch)
    assert cli.main(["--demo"]) == 0
    (app,) = opened.apps
    assert app.store.path != db
    assert app.demo
    stages = {card.stage for card in app.store.cards.values()}
    assert len(app.store.cards) >= 35
    assert stages == {"stranger", "follower", "engaged", "connected", "ask"}
    assert db.read_bytes() == before
    assert not app.store.path.parent.exists()  # the throw-away copy is gone after quitting


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--demo", "--db", "{db}", "agenda"), "it does not go with the agenda command"),
        (("--demo", "agenda", "--db", "{db}"), "it does not go with the agenda command"),
        (("--demo", "add", "Grace Hopper"), "it does not go with the add command"),
        (("--demo", "log", "Ada: call"), "it does not go with the log command"),
        (("--demo", "--db", "{db}"), "use one or the other"),
        (("--db", "{db}", "--demo"), "use one or the other"),
    ],
)
def test_demo_with_a_file_or_a_command_is_refused(
    db: Path, args: tuple[str, ...], says: str
) -> None:
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    result = run_cli(*(arg.format(db=db) for arg in args), db=db)
    assert result.returncode == 2
    assert "--demo" in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [("--db", ""), ("--db", "  "), ("add", "Ada", "--db", ""), ("log", "Ada: call", "--db", "")],
)
def test_an_empty_db_option_is_refused(db: Path, args: tuple[str, ...]) -> None:
    write_db(db, [contact("Ada Lovelace")])  # what an empty --db must not fall back to
    before = db.read_bytes()
    result = run_cli(*args, db=db)
    assert result.returncode == 2
    assert "--db needs the path of a data file" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_an_empty_variable_counts_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DB_ENV, "")
    assert paths.resolve_db_path(None) == paths.default_db_path()
    with pytest.raises(ValueError, match="empty"):
        paths.resolve_db_path("")


@pytest.mark.parametrize("command", [(), ("add", "Grace Hopper")])
def test_a_path_that_cannot_be_written_fails_at_once(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "contacts.json"
    result = run_cli(*command, "--db", str(target))
    assert result.returncode == 2
    assert f"cannot save {target}" in result.stderr
    assert f"{blocker} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr and "another program" not in result.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("command", [[], ["add", "Grace Hopper"], ["log", "Ada: call, hello"]])
def test_a_folder_without_permission_fails_at_once_with_the_reason(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, command: list[str]
) -> None:
    """As a user without write permission sees it (the tests run as root, who has it)."""
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    real_open = os.open

    def refused(
        path: str, flags: int = os.O_CREAT, mode: int = 0o777, *, dir_fd: int | None = None
    ) -> int:
        writes = flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR)
        if str(path).startswith(str(db.parent)) and writes:  # reading is allowed
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr("networking_tui.data.storage.os.open", refused)
    monkeypatch.setattr(
        "networking_tui.data.storage.tempfile.mkstemp", lambda **kw: refused(str(db.parent))
    )
    opened = Opened(monkeypatch)
    assert cli.main([*command, "--db", str(db)]) == 2
    assert opened.apps == []  # the app never started
    error = capsys.readouterr().err
    assert f"cannot save {db}: permission denied in the folder {db.parent}" in error
    assert "another program" not in error
    assert db.read_bytes() == before


# --- odd files and paths: refused with exit 2 and a message, untouched, nothing created


def _odd_path(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A data path holding something other than a readable data file, and what the
    refusal must say."""
    path = tmp_path / "contacts.json"
    if kind == "fifo":
        os.mkfifo(path)
        return path, "it is a named pipe (FIFO), not a file"
    if kind == "loop":
        (tmp_path / "other.json").symlink_to(path)
        path.symlink_to(tmp_path / "other.json")
        return path, "its path is a loop of symbolic links"
    if kind == "deep":
        path.write_bytes(
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {}, "junk": {"1": '
            + b"[" * 1000
            + b"]" * 1000
            + b"}}"
        )
        return path, "nested too deeply"
    moment = {"year-1": "0001-01-01T00:00:00+14:00", "year-9999": "9999-12-31T23:59:59-12:00"}
    touch = {"kind": "call", "at": moment[kind], "note": ""}
    write_db(path, [contact("Ada Lovelace", "engaged", interactions=[touch])])
    return path, f"the date {moment[kind]} is outside 1900-2100"


ODD = ["fifo", "loop", "deep", "year-1", "year-9999"]
COMMANDS = [[], ["add", "Grace Hopper"], ["log", "Ada: call"], ["agenda"], ["agenda", "--json"]]


@pytest.mark.parametrize("kind", ODD)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "app")
def test_an_odd_data_path_is_refused_with_exit_2_and_left_as_it_was(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    kind: str,
    command: list[str],
) -> None:
    path, says = _odd_path(tmp_path, kind)
    before = sorted((p.name, p.lstat().st_mtime_ns) for p in tmp_path.iterdir())
    content = path.read_bytes() if path.is_file() else None
    opened = Opened(monkeypatch)
    assert cli.main([*command, "--db", str(path)]) == 2
    assert opened.apps == []
    error = capsys.readouterr().err
    assert says in error and str(path) in error
    assert sorted((p.name, p.lstat().st_mtime_ns) for p in tmp_path.iterdir()) == before
    if content is not None:
        assert path.read_bytes() == content


def test_export_refuses_a_file_with_a_date_out_of_range(tmp_path: Path) -> None:
    path, says = _odd_path(tmp_path, "year-1")
    content = path.read_bytes()
    result = run_cli("export", "ics", str(tmp_path / "out.ics"), "--db", str(path))
    assert result.returncode == 2 and says in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == content and not (tmp_path / "out.ics").exists()


def test_a_device_at_the_data_path_is_refused_and_gets_no_lock_file(
    capsys: pytest.CaptureFixture,
) -> None:
    """`--db /dev/null add X` made /dev/null.lock."""
    assert not Path("/dev/null.lock").exists()
    assert cli.main(["add", "X", "--db", "/dev/null"]) == 2
    assert "/dev/null: it is a device, not a file" in capsys.readouterr().err
    assert not Path("/dev/null.lock").exists()


def test_log_on_a_missing_file_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "typo" / "deep" / "er" / "contacts.json"
    assert cli.main(["log", "Ada: call", "--db", str(path)]) == 2
    assert f"there is no data file at {path}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_add_on_a_bad_file_leaves_no_lock_file(
    db: Path, capsys: pytest.CaptureFixture
) -> None:
    db.write_bytes(b"{not json")
    assert cli.main(["add", "Grace Hopper", "--db", str(db)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert sorted(p.name for p in db.parent.iterdir()) == ["contacts.json"]


def test_a_linked_data_file_stays_a_link_and_the_app_opens_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Dropbox" / "contacts.json"
    target.parent.mkdir()
    write_db(target, [contact("Ada Lovelace")])
    link = tmp_path / "contacts.json"
    link.symlink_to(target)
    assert cli.main(["add", "Grace Hopper", "--db", str(link)]) == 0
    assert link.is_symlink()
    names = {doc["name"] for doc in contacts_on_disk(target).values()}
    assert names == {"Ada Lovelace", "Grace Hopper"}
    opened = Opened(monkeypatch)
    assert cli.main(["--db", str(link)]) == 0
    assert opened.apps[0].store.path == target


def test_the_app_removes_temporaries_a_killed_save_left(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, [contact("Ada Lovelace")])
    stale = db.parent / f".{db.name}.k1ll3d.tmp"
    stale.write_bytes(db.read_bytes())  # a full copy of the data
    Opened(monkeypatch)
    assert cli.main([]) == 0
    assert not stale.exists()


@pytest.mark.parametrize("command", [[], ["add", "Grace Hopper"]])
def test_folders_the_app_and_shell_create_are_private_at_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    path = tmp_path / "new" / "deeper" / "contacts.json"
    Opened(monkeypatch)
    old = os.umask(0)
    try:
        assert cli.main([*command, "--db", str(path)]) == 0
    finally:
        os.umask(old)
    assert file_mode(tmp_path / "new") == 0o700
    assert file_mode(tmp_path / "new" / "deeper") == 0o700


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("networking_tui.data.storage.os.replace", full)


def test_a_shell_add_on_a_full_disk_does_not_promise_a_retry(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    _disk_full(monkeypatch)
    assert cli.main(["add", "Grace Hopper"]) == 2
    error = capsys.readouterr().err
    assert f"cannot save {db}: the disk is full. Nothing was saved." in error
    assert "retried" not in error and "kept here" not in error
    assert db.read_bytes() == before


def test_the_app_on_a_new_file_on_a_full_disk_says_it_did_not_start(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _disk_full(monkeypatch)
    opened = Opened(monkeypatch)
    assert cli.main([]) == 2
    assert opened.apps == []
    error = capsys.readouterr().err
    assert "the disk is full" in error and "The app did not start" in error
    assert "retried" not in error


def test_quitting_anyway_on_a_full_disk_says_the_changes_are_lost(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    write_db(db, [contact("Ada Lovelace")])
    before = db.read_bytes()
    # The file loaded before the app runs (no first screen read from it: the app
    # would load it on a thread once running), so that a change can be made.
    monkeypatch.setattr(first_read, "read", lambda path, today, **how: None)

    def run(app: NetworkingApp, *args: object, **kwargs: object) -> None:
        app.store.insert(contact("Grace Hopper"), "add")  # then "Quit anyway"
        _disk_full(monkeypatch)

    monkeypatch.setattr(NetworkingApp, "run", run)
    assert cli.main([]) == 1
    error = capsys.readouterr().err
    assert "1 change(s) could not be saved and are lost: " in error
    assert "the disk is full" in error and "retried" not in error
    assert db.read_bytes() == before


def test_dateutils_parser_is_imported_only_when_used(db: Path) -> None:
    """pendulum imports it for strings not in ISO form, which the app never gives
    it: a command does not spend its start on it (cli._defer_dateutil_parser)."""
    write_db(db, [contact("Ada Lovelace", next_touch="2026-11-20")])
    command = [sys.executable, "-X", "importtime", "-m", "networking_tui", "agenda"]
    result = subprocess.run(
        command, capture_output=True, text=True, env=cli_env(db), timeout=PATIENCE
    )
    assert result.returncode == 0, result.stderr
    assert "Ada Lovelace" in result.stdout
    assert re.search(r"\| +pendulum$", result.stderr, re.MULTILINE)  # imported, as ever
    assert "dateutil.parser._parser" not in result.stderr
    used = (
        "from networking_tui import cli\n"
        "cli._defer_dateutil_parser()\n"
        "import pendulum\n"
        "print(pendulum.parse('3 Dec 2026 10:00', strict=False).isoformat())\n"
    )
    parsed = subprocess.run(
        [sys.executable, "-c", used], capture_output=True, text=True, timeout=PATIENCE
    )
    assert parsed.stdout == "2026-12-03T10:00:00+00:00\n", parsed.stderr
