"""`networking-tui add` and `log` from the shell, alone, in a crowd, and beside the app."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from networking_tui.app import NetworkingApp
from networking_tui.store import ContactStore

from .conftest import cli_env, contact, contacts_on_disk, run_cli, write_db


def names(db: Path) -> list[str]:
    return sorted(d["name"] for d in contacts_on_disk(db).values())


def test_add_prints_what_it_saved(db: Path) -> None:
    result = run_cli("add", "Ada Lovelace @ada #pycon met at PyCon ; compilers", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Added Ada Lovelace · Engaged · @ada · #pycon · met at PyCon · "
        "next touch 2026-11-24 · note: compilers"
    )
    (ada,) = contacts_on_disk(db).values()
    assert ada["stage"] == "engaged" and ada["next_touch"] == "2026-11-24"


def test_add_refuses_a_bad_line_and_leaves_the_file(db: Path) -> None:
    write_db(db, [contact("Grace Hopper")])
    before = db.read_bytes()
    result = run_cli("add", "Ada >friend", db=db)
    assert result.returncode == 2
    assert "unknown stage >friend" in result.stderr and "Nothing was saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_add_refuses_a_duplicate_unless_allowed(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower")])
    before = db.read_bytes()
    refused = run_cli("add", "ADA LOVELACE", db=db)
    assert refused.returncode == 2
    assert "Ada Lovelace (follower)" in refused.stderr and "--allow-duplicate" in refused.stderr
    assert db.read_bytes() == before
    allowed = run_cli("add", "Ada Lovelace", "--allow-duplicate", db=db)
    assert allowed.returncode == 0
    assert names(db) == ["Ada Lovelace", "Ada Lovelace"]


def test_add_straight_into_ask_goes_through_the_ask_check(db: Path) -> None:
    write_db(db, [])
    before = db.read_bytes()
    refused = run_cli("add", "Pushy Asker >ask", db=db)
    assert refused.returncode == 2
    assert "would go straight to Ask" in refused.stderr
    assert "no touch logged yet" in refused.stderr and "--allow-early-ask" in refused.stderr
    assert db.read_bytes() == before
    allowed = run_cli("add", "Pushy Asker >ask", "--allow-early-ask", db=db)
    assert allowed.returncode == 0
    assert names(db) == ["Pushy Asker"]


def test_log_reschedules_and_prints(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged")])
    result = run_cli("log", "ada: call, she'll intro me to Grace ; fu in 3 days", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Logged a call with Ada Lovelace; next touch 2026-11-26"
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["interactions"][-1]["note"] == "she'll intro me to Grace"


def test_log_refuses_an_unknown_or_ambiguous_name(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace"), contact("Adam Smith")])
    before = db.read_bytes()
    ambiguous = run_cli("log", "Ada: call", db=db)
    assert ambiguous.returncode == 2 and "could be Ada Lovelace, Adam Smith" in ambiguous.stderr
    unknown = run_cli("log", "Zed: call", db=db)
    assert unknown.returncode == 2 and "no contact matches 'Zed'" in unknown.stderr
    assert db.read_bytes() == before


def test_a_broken_file_gives_the_same_clear_error(db: Path) -> None:
    db.write_text("{ not json")
    result = run_cli("add", "Ada", db=db)
    assert result.returncode == 2
    assert str(db) in result.stderr and "not valid JSON" in result.stderr
    assert db.read_text() == "{ not json"


def test_twenty_adds_at_once_keep_all_twenty(db: Path) -> None:
    env = cli_env(db)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "networking_tui", "add", f"Person {n} #crowd"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    codes = [run.wait(timeout=120) for run in runs]
    assert codes == [0] * 20
    assert names(db) == sorted(f"Person {n}" for n in range(20))


async def test_the_running_app_shows_a_shell_add_without_a_restart(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower")])
    reloaded = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced) and message.result.reloaded:
            reloaded.set()

    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.press("shift+right")  # a change of our own, pending or saved
        added = await asyncio.to_thread(run_cli, "add", "Grace Hopper met at PyCon", db=db)
        assert added.returncode == 0, added.stderr
        await asyncio.wait_for(reloaded.wait(), timeout=10)
        await pilot.pause()
        grace = [c for c in app.store.cards.values() if c.name == "Grace Hopper"]
        assert grace and grace[0].uid in app.query_one("#cards-engaged").uids
        notices = [n.message for n in app._notifications]
        assert "The data file was changed elsewhere: reloaded, nothing of yours lost." in notices
        await pilot.press("q")
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Ada Lovelace"]["stage"] == "engaged"  # ours, kept
    assert on_disk["Grace Hopper"]["stage"] == "engaged"  # theirs, kept
