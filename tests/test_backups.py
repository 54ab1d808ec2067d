"""Rolling backups beside the data file, `backups` and `restore`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from networking_tui.cli import main
from networking_tui.data import backups
from networking_tui.data.backups import Backup
from networking_tui.data.store import ContactStore, SyncResult
from networking_tui.domain import clock
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import contact, file_mode, plain, read_db, run_cli, write_db


def test_kept_the_last_14_days_and_the_first_of_each_month_for_a_year(tmp_path: Path) -> None:
    today = date(2026, 11, 23)
    start = date(2025, 10, 1)
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    every_day = [Backup(tmp_path / f"c-{d}.json", d, "") for d in days]
    kept = [b.day.isoformat() for b in backups.to_keep(every_day, today)]
    monthly = [f"{m[0]}-{m[1]:02}-01" for m in [(2025, 12)] + [(2026, n) for n in range(1, 12)]]
    last_14 = [f"2026-11-{d}" for d in range(10, 24)]
    assert kept == monthly + last_14
    assert len(kept) == 26
    # A month with a gap keeps its first copy, whatever day it fell on.
    sparse = [
        Backup(tmp_path / "a", date(2026, 3, 17), ""),
        Backup(tmp_path / "b", date(2026, 3, 20), ""),
    ]
    assert [b.day.day for b in backups.to_keep(sparse, today)] == [17]


def edit(store: ContactStore, note: str) -> SyncResult:
    store.update("ada", lambda d: {**d, "notes": note}, "edit")
    return store.sync()


def test_one_backup_before_the_first_write_of_each_day_rotated_over_days(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", uid="ada")])
    store = ContactStore.open(db)
    day = date(2026, 9, 1)
    for n in range(45):  # a write on every day of six weeks, two on each
        with clock.frozen(f"{day + timedelta(days=n)}T09:00:00"):
            before = db.read_bytes()
            assert edit(store, f"day {n} morning").backup_error is None
            edit(store, f"day {n} evening")
            copy = backups.folder(db) / f"contacts-{day + timedelta(days=n)}.json"
            assert copy.read_bytes() == before  # the file as the day found it
    names = [b.path.name for b in backups.all_backups(db)]
    assert names == ["contacts-2026-09-01.json", "contacts-2026-10-01.json"] + [
        f"contacts-2026-10-{d:02}.json" for d in range(2, 16)
    ]
    assert all(file_mode(b.path) == 0o600 for b in backups.all_backups(db))
    assert read_db(backups.folder(db) / "contacts-2026-10-15.json")["contacts"]["1"]["notes"] == (
        "day 43 evening"
    )


def test_a_failed_backup_never_blocks_saving_and_the_top_bar_says_so(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", uid="ada")])
    backups.folder(db).write_text("a file where the folder would go")
    store = ContactStore.open(db)
    result = edit(store, "saved anyway")
    assert result.wrote and result.error is None
    assert result.backup_error is not None
    assert result.backup_error.startswith(f"no backup today: cannot write in {backups.folder(db)}")
    assert read_db(db)["contacts"]["1"]["notes"] == "saved anyway"


async def test_the_top_bar_shows_a_failed_backup(db: Path) -> None:
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(app.Synced(SyncResult(wrote=True, backup_error="no backup today: x")))
        await pilot.pause()
        assert "✓ saved · ⚠ no backup" in plain(app.query_one(SaveStatus))
        app.post_message(app.Synced(SyncResult(wrote=True)))
        await pilot.pause()
        assert plain(app.query_one(SaveStatus)).strip() == "✓ saved"


def test_backups_lists_them_and_restore_brings_one_back(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", uid="ada")])
    empty = run_cli("backups", db=db)
    assert empty.stdout.startswith(f"No backups of {db} yet")
    assert run_cli("add", "Grace Hopper", db=db).returncode == 0  # today's copy: Ada only
    assert run_cli("add", "Alan Turing", db=db).returncode == 0
    listed = run_cli("backups", db=db)
    assert listed.stdout.splitlines()[1].split()[:3] == ["2026-11-23", "1", "contact"]
    restored = run_cli("restore", "2026-11-23", db=db)
    assert restored.returncode == 0, restored.stderr
    assert [d["name"] for d in read_db(db)["contacts"].values()] == ["Ada Lovelace"]
    kept = backups.folder(db) / "contacts-2026-11-23-090000.json"
    assert f"the file as it was is kept as {kept}" in restored.stdout
    assert len(read_db(kept)["contacts"]) == 3
    rows = run_cli("backups", db=db).stdout.splitlines()[1:]
    assert any("(before a restore)" in row for row in rows)
    # The columns line up, the longer label of a copy before a restore included.
    assert len({row.index("contacts-2026") for row in rows}) == 1, rows
    # A backup is a file name or a path too.
    by_name = run_cli("restore", kept.name, db=db)
    assert by_name.returncode == 0 and len(read_db(db)["contacts"]) == 3


def restore(db: Path, wanted: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`networking-tui restore` in this process (quicker than a subprocess)."""
    code = main(["restore", wanted, "--db", str(db)])
    return code, capsys.readouterr().err


def test_restore_refuses_what_is_not_a_valid_data_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_db(db, [contact("Ada Lovelace", uid="ada")])
    before = db.read_bytes()
    bad = tmp_path / "bad.json"
    for content in ("", "{not json", '{"contacts": {"1": {"name": "X", "stage": "nope"}}}'):
        bad.write_text(content)
        code, err = restore(db, str(bad), capsys)
        assert code == 2
        assert f"{bad} is not a valid data file" in err
        assert err.rstrip().endswith("Nothing was changed.")
    for missing in ("2020-01-01", str(tmp_path / "nope.json")):
        code, err = restore(db, missing, capsys)
        assert code == 2 and "Nothing was changed." in err
    assert db.read_bytes() == before
    assert not backups.folder(db).exists()


def test_a_backup_stays_as_it_was_when_the_file_is_then_written_in_place(db: Path) -> None:
    from tinydb import TinyDB

    write_db(db, [contact("Ada Lovelace", uid="ada")])
    before = db.read_bytes()
    store = ContactStore.open(db)
    edit(store, "first save of the day")
    (kept,) = backups.all_backups(db)
    # TinyDB's own storage rewrites the file in place (the same inode).
    with TinyDB(db) as plain_tinydb:
        plain_tinydb.table("contacts").update({"notes": "in place"}, doc_ids=[1])
    assert read_db(db)["contacts"]["1"]["notes"] == "in place"
    assert kept.path.read_bytes() == before
    assert file_mode(kept.path) == 0o600


async def test_a_save_that_ends_as_a_top_bar_is_taken_down_is_shown_on_the_next(db: Path) -> None:
    """As the app closes, Textual removes a bar's children before the bar itself: a
    save that ended then made the app fail on the bar's missing status."""
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.query_one(SaveStatus).remove()  # the board's bar, half taken down
        app.post_message(app.Synced(SyncResult(wrote=True, pending=1)))
        await pilot.pause()
        await pilot.press("g")  # the agenda's own bar shows the state as it is now
        assert "saving 1 change" in plain(app.screen.query_one(SaveStatus))
