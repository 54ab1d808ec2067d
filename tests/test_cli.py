"""The command line, as a newcomer meets it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from networking_tui import __version__, cli
from networking_tui.data import paths, storage
from networking_tui.ui.app import NetworkingApp

from .conftest import contact, file_mode, run_cli, write_db


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
    real_open = storage.os.open

    def refused(path: str, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(db.parent)):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(storage.os, "open", refused)
    monkeypatch.setattr(storage.tempfile, "mkstemp", lambda **kw: refused(str(db.parent)))
    opened = Opened(monkeypatch)
    assert cli.main([*command, "--db", str(db)]) == 2
    assert opened.apps == []  # the app never started
    error = capsys.readouterr().err
    assert f"cannot save {db}: permission denied in the folder {db.parent}" in error
    assert "another program" not in error
    assert db.read_bytes() == before
