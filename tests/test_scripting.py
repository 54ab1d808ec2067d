"""TinyDB scripts on the data file: the README's example, run exactly as written,
while the app has unsaved changes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from networking_tui.data.autosave import AutoSaver
from networking_tui.data.store import ContactStore, SyncResult
from networking_tui.scripting import open_db
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import contact, contacts_on_disk, plain, write_db

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    text = README.read_text()
    found = re.search(r"<!-- scripting-example[^>]*-->\n```python\n(.*?)```", text, re.S)
    assert found, "the README's scripting example is gone"
    return found.group(1)


def touched(days_ago: int) -> list[dict[str, Any]]:
    # The example reads the real date (a script would): the touches are set from it.
    at = (date.today() - timedelta(days=days_ago)).isoformat() + "T10:00:00+00:00"
    return [{"kind": "call", "at": at, "note": ""}]


def people() -> list[dict[str, Any]]:
    return [
        contact("Ada Lovelace", uid="ada", tags=["pycon"], interactions=touched(40)),
        contact("Grace Hopper", uid="grace", tags=["pycon"], priority=3, interactions=[]),
        contact("Alan Turing", uid="alan", tags=["pycon"], interactions=touched(3)),
        contact("Hedy Lamarr", uid="hedy", tags=["other"], interactions=touched(90)),
        contact("Linus Pauling", uid="linus", tags=["pycon"], priority=1),
    ]


def run_example(capsys: pytest.CaptureFixture[str]) -> str:
    exec(compile(readme_example(), "README.md", "exec"), {"__name__": "__main__"})
    return capsys.readouterr().out


BUMPED = {"ada": 1, "grace": 2, "alan": 2, "hedy": 2, "linus": 1}


def test_the_readme_example_beside_a_store_with_unsaved_changes(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_db(db, people())
    store = ContactStore.open(db)
    store.update("ada", lambda d: {**d, "notes": "typed in the app"}, "edit")
    store.update("hedy", lambda d: {**d, "stage": "follower"}, "move")
    assert run_example(capsys) == "3 pycon contacts not touched in 30 days: priority raised\n"
    assert {u: d["priority"] for u, d in contacts_on_disk(db).items()} == BUMPED
    result = store.sync()
    assert result.reloaded and result.wrote
    on_disk = contacts_on_disk(db)
    assert {u: d["priority"] for u, d in on_disk.items()} == BUMPED
    assert on_disk["ada"]["notes"] == "typed in the app"
    assert on_disk["hedy"]["stage"] == "follower"


async def test_the_readme_example_while_the_app_has_unsaved_changes(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, people())

    def slow_saver(app: NetworkingApp) -> AutoSaver:
        def tell(result: SyncResult) -> None:
            app.post_message(app.Synced(result))

        # The change waits to be saved until the app quits: unsaved while the script runs.
        return AutoSaver(app.store, tell, delay=3600)

    monkeypatch.setattr(NetworkingApp, "_new_saver", slow_saver)
    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(120, 40)) as pilot:
        app.board.focus_uid("grace")
        await pilot.press("greater_than_sign")
        assert "saving 1 change" in plain(app.query_one(SaveStatus))
        run_example(capsys)  # (Textual takes what it prints)
        assert {u: d["priority"] for u, d in contacts_on_disk(db).items()} == BUMPED
        await pilot.press("ctrl+q")
    on_disk = contacts_on_disk(db)
    assert {u: d["priority"] for u, d in on_disk.items()} == BUMPED
    assert on_disk["grace"]["stage"] == "follower"


def test_a_document_the_app_would_refuse_is_not_written(db: Path) -> None:
    write_db(db, people())
    before = db.read_bytes()
    contacts = open_db(db).table("contacts")
    with pytest.raises(ValueError, match=r"was not changed: document 1 \(Ada Lovelace\) of table"):
        contacts.update({"stage": "Best friend"}, doc_ids=[1])
    assert db.read_bytes() == before


def test_reads_see_the_latest_save_and_inserts_take_a_free_number(db: Path) -> None:
    write_db(db, people())
    contacts = open_db(db).table("contacts")
    assert len(contacts.search(lambda d: "pycon" in d["tags"])) == 4
    store = ContactStore.open(db)
    store.insert(contact("Katherine Johnson", uid="kj", tags=["pycon"]), "add")
    store.sync()
    assert len(contacts.search(lambda d: "pycon" in d["tags"])) == 5  # no stale cache
    new_id = contacts.insert(contact("Margaret Hamilton", uid="mh"))
    assert new_id == 7
    assert sorted(contacts_on_disk(db)) == ["ada", "alan", "grace", "hedy", "kj", "linus", "mh"]


def test_a_script_change_survives_a_merge_with_the_other_machine(db: Path) -> None:
    """A script's change is recorded as the app records its own: an edited field
    wins over the other machine's older copy, and a deleted contact stays deleted."""
    from networking_tui.domain import merge

    write_db(db, people())
    desktop = db.parent / "desktop.json"
    desktop.write_bytes(db.read_bytes())  # the other machine's copy, as they parted
    other = ContactStore.open(desktop)
    other.clock = merge.Clock("desktop")
    other.update("ada", lambda doc: {**doc, "priority": 1}, "a change there")
    assert other.sync().wrote
    contacts = open_db(db).table("contacts")
    contacts.update({"role": "Analyst"}, doc_ids=[1])  # Ada, here
    alan = contacts.get(lambda d: d["uid"] == "alan")
    assert alan is not None
    contacts.remove(doc_ids=[alan.doc_id])
    desktop.rename(db.parent / "contacts.sync-conflict-20261202-101500-ABCDEFG.json")
    here = ContactStore.open(db)
    assert here.absorb_conflicts().merged
    on_disk = contacts_on_disk(db)
    assert "alan" not in on_disk  # not brought back by the other copy
    assert (on_disk["ada"]["role"], on_disk["ada"]["priority"]) == ("Analyst", 1)


def test_a_contact_a_script_brings_back_is_no_longer_deleted(db: Path) -> None:
    write_db(db, people())
    contacts = open_db(db).table("contacts")
    alan = contacts.get(lambda d: d["uid"] == "alan")
    assert alan is not None
    contacts.remove(doc_ids=[alan.doc_id])
    graves = open_db(db).table("_deleted").all()
    assert [g["uid"] for g in graves] == ["contacts:alan"]
    contacts.insert(dict(alan))
    assert open_db(db).table("_deleted").all() == []
    assert "alan" in contacts_on_disk(db)
