"""A sync engine's conflict copies beside the data file are merged in."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

from networking_tui.data.conflicts import conflict_copies, read_copy
from networking_tui.data.store import ContactStore
from networking_tui.domain import clock, merge
from networking_tui.ui.app import NetworkingApp
from networking_tui.usecases import contacts, touches
from tests.conftest import PATIENCE, contact, contacts_on_disk, write_db

NAMES = [
    "contacts.sync-conflict-20261202-101500-ABCDEFG.json",  # Syncthing
    "contacts (Ada's conflicted copy 2026-12-02).json",  # Dropbox
    "contacts (conflicted copy 2026-12-02 101500).json",  # Nextcloud
]


def other_machine(db: Path, name: str) -> ContactStore:
    """The other machine's copy of the file, as it was when they parted."""
    copy = db.parent / "other.json"
    shutil.copy(db, copy)
    store = ContactStore.open(copy)
    store.clock = merge.Clock("desktop")
    return store


def arrive(store: ContactStore, db: Path, name: str) -> Path:
    """The sync engine puts the other machine's version beside ours."""
    assert store.sync().error is None
    target = db.parent / name
    shutil.move(store.path, target)
    return target


def test_the_three_engines_names_are_found_and_nothing_else(db: Path) -> None:
    write_db(db, [])
    for name in [*NAMES, "contacts.json.bak", "contacts-old.json", "notes (conflicted copy).txt"]:
        (db.parent / name).write_text("{}")
    assert [p.name for p in conflict_copies(db)] == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_copy_is_merged_and_put_away_in_backups(db: Path, name: str) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    desktop = other_machine(db, name)
    touches.log_touch(desktop, "ada", "call", clock.now(), "from the desktop")
    copy = arrive(desktop, db, name)
    laptop = ContactStore.open(db)
    contacts.save_fields(laptop, "ada", {"company": "Analytical"})  # not saved yet
    result = laptop.absorb_conflicts()
    assert result.merged == (name,) and result.error is None
    ada = contacts_on_disk(db)["ada"]
    assert ada["company"] == "Analytical"  # ours, kept
    assert [t["kind"] for t in ada["interactions"]] == ["call"]  # theirs, merged
    assert not copy.exists() and (db.parent / "backups" / name).exists()  # moved, not deleted


def test_a_copy_that_is_not_a_data_file_is_left_and_reported(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    before = db.read_bytes()
    copy = db.parent / NAMES[0]
    copy.write_text("{not json")
    result = ContactStore.open(db).absorb_conflicts()
    assert result.merged == () and result.unmerged[0].startswith(NAMES[0])
    assert copy.exists() and db.read_bytes() == before


def test_a_contact_deleted_here_and_untouched_there_stays_deleted(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada"), contact("Zed", uid="zed")])
    desktop = other_machine(db, NAMES[0])
    contacts.save_fields(desktop, "zed", {"role": "editor"})
    arrive(desktop, db, NAMES[0])
    laptop = ContactStore.open(db)
    contacts.delete_forever(laptop, "ada")
    assert laptop.sync().error is None
    laptop.absorb_conflicts()
    on_disk = contacts_on_disk(db)
    assert "ada" not in on_disk and on_disk["zed"]["role"] == "editor"


async def test_a_copy_arriving_while_the_app_is_open_shows_on_the_board(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    desktop = other_machine(db, NAMES[0])
    contacts.add(desktop, _line("Grace Hopper >connected"))
    app = NetworkingApp(ContactStore.open(db))
    done = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced) and message.result.merged:
            done.set()

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.press("shift+right")  # ours: Ada to Connected, not on disk yet maybe
        arrive(desktop, db, NAMES[0])
        await asyncio.wait_for(done.wait(), timeout=PATIENCE)  # a safety net, not a measure
        await pilot.pause()
        names = {card.name for card in app.store.cards.values()}
        assert names == {"Ada Lovelace", "Grace Hopper"}
        assert app.store.cards["ada"].stage == "connected"
        notices = [n.message for n in app._notifications]
        assert [n for n in notices if "Merged" in n or "reloaded" in n] == [
            f"Merged {NAMES[0]}, the other machine's copy: every change from both kept "
            "(the copy is now in backups/)."
        ]  # one notice, not "reloaded" too
        await pilot.press("q")
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Ada Lovelace"]["stage"] == "connected"
    assert on_disk["Grace Hopper"]["stage"] == "connected"


def _line(text: str):
    from networking_tui.domain import clock
    from networking_tui.domain.capture import parse_quick_add

    return parse_quick_add(text, clock.today())


def test_git_merges_two_branches_with_the_driver(db: Path, tmp_path: Path) -> None:
    """A real repository: conflicting commits on two branches, `git merge`, both
    sides' changes in the file and no conflict markers."""
    import subprocess

    from tests.conftest import cli_env

    repo = db.parent
    env = {**cli_env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)

    driver = f"{sys.executable} -m networking_tui merge-driver %O %A %B"
    git("init", "-q", "-b", "main")
    git("config", "merge.networking-tui.driver", driver)
    (repo / ".gitattributes").write_text("contacts.json merge=networking-tui\n")
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada"), contact("Charles Babbage")])
    git("add", ".")
    git("commit", "-qm", "start")
    git("checkout", "-qb", "laptop")
    laptop = ContactStore.open(db)
    contacts.save_fields(laptop, "ada", {"company": "Analytical"})
    assert laptop.sync().error is None
    git("commit", "-qam", "laptop")
    # One document per line: the diff is Ada's line, nothing else.
    diff = git("diff", "--unified=0", "HEAD~1", "--", "contacts.json").stdout.splitlines()
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2 and all('"name":"Ada Lovelace"' in line for line in changed)
    assert not any("Charles" in line for line in changed)
    assert '"company":"Analytical"' in changed[1]
    git("checkout", "-q", "main")
    desktop = ContactStore.open(db)
    touches.log_touch(desktop, "ada", "call", clock.now(), "from the desktop")
    contacts.add(desktop, _line("Grace Hopper"))
    assert desktop.sync().error is None
    git("commit", "-qam", "desktop")
    merged = git("merge", "-q", "laptop", "-m", "merge")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = db.read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Ada Lovelace"]["company"] == "Analytical"
    assert [t["kind"] for t in on_disk["Ada Lovelace"]["interactions"]] == ["call"]
    assert "Grace Hopper" in on_disk


async def test_a_copy_that_does_not_read_is_named_in_the_top_bar_while_it_is_there(
    db: Path,
) -> None:
    from networking_tui.ui.widgets.status import CopyNote

    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    app = NetworkingApp(ContactStore.open(db))
    told: list[tuple[tuple[str, str], ...]] = []
    news = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced) and message.result.unreadable is not None:
            told.append(message.result.unreadable)
            news.set()

    async def next_news() -> tuple[tuple[str, str], ...]:
        await asyncio.wait_for(news.wait(), timeout=PATIENCE)  # a safety net, not a measure
        news.clear()
        await pilot.pause()
        return told[-1]

    def top_bar() -> str:
        note = app.screen.query_one(CopyNote)
        return str(note.render()) if note.display else ""

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.pause()
        assert top_bar() == ""
        copy = db.parent / NAMES[0]
        copy.write_text("{not json")
        assert [name for name, _ in await next_news()] == [NAMES[0]]
        assert top_bar() == f"⚠ not merged: {NAMES[0]}"
        await pilot.press("g")  # another view's top bar says it too
        await pilot.pause()
        assert top_bar() == f"⚠ not merged: {NAMES[0]}"
        copy.unlink()
        assert await next_news() == ()
        assert top_bar() == ""
        await pilot.press("q")
    assert copy.exists() is False and db.exists()


def test_a_copy_fixed_after_it_was_found_unreadable_is_merged(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    desktop = other_machine(db, NAMES[0])
    touches.log_touch(desktop, "ada", "call", clock.now(), "from the desktop")
    assert desktop.sync().error is None
    laptop = ContactStore.open(db)
    copy = db.parent / NAMES[0]
    copy.write_text('{"contacts": {"1": ')  # half synced
    assert [name for name, _ in laptop.absorb_conflicts().unreadable or ()] == [NAMES[0]]
    assert laptop.absorb_conflicts().unmerged == ()  # not read again while the same
    shutil.copy(desktop.path, copy)  # the sync engine finished it
    result = laptop.absorb_conflicts()
    assert result.merged == (NAMES[0],) and result.unreadable == ()
    notes = [t["note"] for t in contacts_on_disk(db)["ada"]["interactions"]]
    assert notes == ["from the desktop"]


def test_after_a_merge_changes_here_come_after_the_other_machines(db: Path) -> None:
    """The desktop's clock runs ahead: once its copy is merged, a change made here
    still counts as the later one (the clock has seen the desktop's stamps)."""
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    desktop = other_machine(db, NAMES[0])
    desktop.clock = merge.Clock("desktop", last_ms=9_000_000_000_000)
    contacts.save_fields(desktop, "ada", {"role": "from the desktop"})
    arrive(desktop, db, NAMES[0])
    laptop = ContactStore.open(db)
    assert laptop.absorb_conflicts().merged == (NAMES[0],)
    contacts.save_fields(laptop, "ada", {"role": "from the laptop, after"})
    assert laptop.sync().error is None
    merged = merge.merge_tables(read_copy(db), read_copy(db.parent / "backups" / NAMES[0]))
    ada = next(d for d in merged["contacts"].values() if d["uid"] == "ada")
    assert ada["role"] == "from the laptop, after" and merge.NOTES not in ada


def test_after_a_reload_changes_here_come_after_what_was_read(db: Path, tmp_path: Path) -> None:
    """No conflict copy: the sync engine replaces the file with the desktop's, whose
    clock runs ahead. A change made here after the reload still counts as the later
    one when the two files meet again (a stamp older than what it replaced lost)."""
    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    laptop = ContactStore.open(db)
    desktop_file = tmp_path / "desktop" / "contacts.json"
    desktop_file.parent.mkdir()
    shutil.copy(db, desktop_file)
    desktop = ContactStore.open(desktop_file)
    desktop.clock = merge.Clock("desktop", last_ms=9_000_000_000_000)
    contacts.save_fields(desktop, "ada", {"role": "from the desktop"})
    assert desktop.sync().error is None
    shutil.copy(desktop_file, db)  # what Syncthing does when only one side changed
    assert laptop.sync().reloaded
    contacts.save_fields(laptop, "ada", {"role": "from the laptop, after"})
    assert laptop.sync().error is None
    merged = merge.merge_tables(read_copy(db), read_copy(desktop_file))
    ada = next(d for d in merged["contacts"].values() if d["uid"] == "ada")
    assert ada["role"] == "from the laptop, after" and merge.NOTES not in ada
