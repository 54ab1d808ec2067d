import json
import os
import threading
from pathlib import Path

import msgspec
import pytest
from tinydb import TinyDB

from networking_tui.data import storage
from networking_tui.data.storage import DataFileError
from networking_tui.data.store import ContactStore
from networking_tui.domain import changes
from networking_tui.domain.changes import make_contact
from networking_tui.domain.model import SCHEMA_VERSION

from .conftest import contact, contacts_on_disk, file_mode, open_store, read_db, unstamped, write_db


def move(store: ContactStore, uid: str, stage: str, at: str = "2026-11-23T09:00:00+00:00"):
    return store.update(uid, lambda d: changes.moved(d, stage, at), f"move {uid}")


def test_round_trip_keeps_every_field_and_tinydb_reads_it(db: Path) -> None:
    store = open_store(db)
    doc = make_contact(
        "Ada Lovelace",
        objective="advice",
        handles={"linkedin": "https://www.linkedin.com/in/ada", "email": "ada@example.org"},
        custom_field={"kept": True},
    )
    store.insert(doc, "add Ada")
    assert store.sync().wrote
    reopened = open_store(db)
    assert reopened.doc(doc["uid"]) == doc
    table = TinyDB(db).table("contacts")
    (record,) = table.all()
    assert record["name"] == "Ada Lovelace"
    assert record["custom_field"] == {"kept": True}
    assert read_db(db)["_meta"] == {"1": {"schema": SCHEMA_VERSION}}


def test_minimal_hand_written_file_opens_with_defaults(db: Path) -> None:
    db.write_text(
        json.dumps(
            {
                "_meta": {"1": {"schema": 1}},
                "contacts": {"1": {"name": "Grace Hopper", "stage": "follower"}},
            }
        )
    )
    store = open_store(db)
    (card,) = store.cards.values()
    assert (card.name, card.stage, card.priority, card.next_touch) == (
        "Grace Hopper",
        "follower",
        2,
        None,
    )
    assert card.uid is not None
    grace = store.contact(card.uid)
    assert grace.tags == [] and grace.interactions == [] and grace.archived is False


def test_file_written_by_a_tinydb_script_is_migrated_forward(db: Path) -> None:
    """Schema 0: no _meta table, TinyDB's default table, loose values."""
    with TinyDB(db) as script_db:
        script_db.insert({"name": "Alan Turing", "stage": "Engaged", "priority": "1"})
        script_db.insert(
            {"name": "Hedy Lamarr", "stage": " follower ", "next_touch": "2026-12-01T10:00:00"}
        )
    original = db.read_bytes()
    store = ContactStore.open(db, backup=True)
    assert store.migrated_from == 0
    assert db.read_bytes() == original  # nothing written by opening
    stages = {c.name: (c.stage, c.priority, c.next_touch) for c in store.cards.values()}
    assert stages["Alan Turing"][:2] == ("engaged", 1)
    assert stages["Hedy Lamarr"][0] == "follower"
    assert str(stages["Hedy Lamarr"][2]) == "2026-12-01"
    assert store.sync().wrote
    data = read_db(db)
    assert data["_meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert "_default" not in data
    assert {d["name"] for d in data["contacts"].values()} == {"Alan Turing", "Hedy Lamarr"}
    backup = db.with_name(db.name + ".bak")
    assert backup.read_bytes() == original
    assert file_mode(backup) == 0o600


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"\x00\x00\x00", "not valid JSON (JSON is malformed: invalid character"),
        (b'{"contacts": {"1": {"name": "A", "stage": "st', "not valid JSON"),
        (b"[1, 2, 3]", "not a TinyDB file"),
        (b'{"contacts": [1, 2]}', "not a TinyDB file"),
        # Cut off where the shape is already wrong: what is wrong first is the cut.
        (b'{"contacts": [1,2', "not valid JSON (input data was truncated)"),
        (b"[1, 2", "not valid JSON (input data was truncated)"),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "A", "stage": "friend"}}}',
            "unknown value 'friend'",
        ),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "", "stage": "ask"}}}',
            "document 1 of table contacts is not valid: it is empty at `.name`",
        ),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "  ", "stage": "ask"}}}',
            "document 1 of table contacts is not valid: the name is only spaces",
        ),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "\\t", "stage": "ask"}}}',
            "the name is only spaces",
        ),
        (b'{"_meta": {"1": {"schema": 99}}, "contacts": {}}', "newer networking-tui"),
        (b"       ", "the file holds only white space (7 bytes)"),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {}, "junk": {"1": '
            + b"[" * 1000
            + b"]" * 1000
            + b"}}",
            "nested too deeply",
        ),
        *(
            (
                b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "A", '
                + b'"stage": "engaged", "interactions": [{"kind": "call", "at": "'
                + moment
                + b'"}]}}}',
                f"the date {moment.decode()} is outside 1900-2100 at `.interactions[0]`",
            )
            for moment in (
                b"0001-01-01T00:00:00+14:00",
                b"9999-12-31T23:59:59-12:00",
                b"0001-01-01T00:00:00",
            )
        ),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": "A", '
            b'"stage": "engaged", "next_touch": "0001-01-01"}}}',
            "the date 0001-01-01 is outside 1900-2100",
        ),
        (
            b'{"_meta": {"1": {"schema": 1}}, "contacts": {}, '
            b'"events": {"1": {"name": "E", "date": "9999-12-31"}}}',
            "document 1 (E) of table events is not valid: the date 9999-12-31",
        ),
    ],
    ids=lambda value: value[:50] if isinstance(value, str) else "",
)
def test_unreadable_file_is_refused_and_left_byte_for_byte(
    db: Path, content: bytes, problem: str
) -> None:
    db.write_bytes(content)
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    with pytest.raises(DataFileError) as caught:
        open_store(db)
    message = caught.value.explain()
    assert str(db) in message and problem in message
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before


def test_change_made_by_another_process_is_not_overwritten(db: Path) -> None:
    write_db(db, [contact("Ada", "follower"), contact("Grace", "follower")])
    window_one, window_two = open_store(db), open_store(db)
    move(window_one, "ada", "engaged")
    move(window_two, "grace", "connected")
    assert window_two.sync().wrote
    result = window_one.sync()
    assert result.reloaded and result.wrote
    on_disk = contacts_on_disk(db)
    assert on_disk["ada"]["stage"] == "engaged"
    assert on_disk["grace"]["stage"] == "connected"
    assert window_one.cards["grace"].stage == "connected"  # memory took the other change


def test_two_writers_changing_one_contact_keep_both_changes(db: Path) -> None:
    write_db(db, [contact("Ada", "follower")])
    app, shell = open_store(db), open_store(db)
    move(app, "ada", "engaged")
    touch = {"kind": "call", "at": "2026-11-23T08:00:00+00:00", "note": "from the shell"}
    shell.update("ada", lambda d: {**d, "interactions": [*d["interactions"], touch]}, "log")
    shell.sync()
    app.sync()
    ada = contacts_on_disk(db)["ada"]
    assert ada["stage"] == "engaged"
    assert unstamped(ada["interactions"]) == [touch]
    assert [h["stage"] for h in ada["stage_history"]] == ["follower", "engaged"]


def test_undo_restores_stage_and_history_but_keeps_others_changes(db: Path) -> None:
    write_db(db, [contact("Ada", "follower")])
    store, other = open_store(db), open_store(db)
    move(store, "ada", "engaged")
    store.sync()
    other = open_store(db)
    touch = {"kind": "email", "at": "2026-11-23T08:30:00+00:00", "note": ""}
    other.update("ada", lambda d: {**d, "interactions": [touch]}, "log")
    other.sync()
    undone = store.undo()
    assert undone is not None and undone.uid == "ada"
    store.sync()
    ada = contacts_on_disk(db)["ada"]
    assert ada["stage"] == "follower"
    assert [h["stage"] for h in ada["stage_history"]] == ["follower"]
    assert unstamped(ada["interactions"]) == [touch]


def test_undo_before_saving_leaves_the_move_another_window_saved_meanwhile(db: Path) -> None:
    """Window two moves Ada and takes it back before saving, while window one
    moved her and saved: the save replays window two's move and its undo on window
    one's version, and the undo puts back what that version had, not what window
    two saw when it moved her (found by tests/test_writers.py)."""
    write_db(db, [contact("Ada", "stranger")])
    one, two = open_store(db), open_store(db)
    move(one, "ada", "engaged")
    assert one.sync().wrote
    move(two, "ada", "follower")
    assert two.undo() is not None
    assert two.sync().wrote
    ada = contacts_on_disk(db)["ada"]
    assert ada["stage"] == "engaged"
    assert [h["stage"] for h in ada["stage_history"]] == ["stranger", "engaged"]
    assert two.cards["ada"].stage == "engaged"


def test_undo_before_saving_leaves_the_field_another_window_saved_meanwhile(db: Path) -> None:
    write_db(db, [contact("Ada", "follower")])
    one, two = open_store(db), open_store(db)
    one.update("ada", lambda d: {**d, "role": "Engineer"}, "role")
    assert one.sync().wrote
    two.update("ada", lambda d: {**d, "role": "Poet"}, "role")
    assert two.undo() is not None
    assert two.sync().wrote
    assert contacts_on_disk(db)["ada"]["role"] == "Engineer"


def test_undo_restores_updated_at_unless_changed_since(db: Path) -> None:
    written = "2026-10-01T10:00:00+00:00"
    write_db(db, [contact("Ada", "follower", updated_at=written), contact("Grace", "follower")])
    store = open_store(db)
    move(store, "ada", "engaged", at="2026-11-23T09:00:00+00:00")
    move(store, "grace", "engaged", at="2026-11-23T09:00:00+00:00")
    store.update("ada", lambda d: {**d, "notes": "later"}, "note")  # Ada changed since
    store.undo()  # the note
    store.undo()  # Grace's move: nothing changed her since
    assert store.doc("grace")["stage"] == "follower"
    assert "updated_at" not in store.doc("grace")  # she had none
    store.undo()  # Ada's move: her note came and went, so the same document as after it
    assert store.doc("ada")["stage"] == "follower"
    assert store.doc("ada")["updated_at"] == written
    move(store, "ada", "engaged", at="2026-11-23T09:00:00+00:00")
    store.sync()
    other = open_store(db)
    other.update("ada", lambda d: {**d, "tags": ["elsewhere"]}, "tag")
    other.sync()
    store.sync()  # reloads the other program's tag
    store.undo()
    assert store.doc("ada")["tags"] == ["elsewhere"]
    assert store.doc("ada")["updated_at"] != written  # changed since: the undo's own time


def test_undo_goes_back_more_than_fifty_steps(db: Path) -> None:
    write_db(db, [contact("Ada", "stranger")])
    store = open_store(db)
    stages = ["follower", "engaged", "connected", "engaged"] * 15  # 60 moves
    for stage in stages:
        move(store, "ada", stage)
    for _ in stages:
        assert store.undo() is not None
    assert store.undo() is None
    store.sync()
    ada = contacts_on_disk(db)["ada"]
    assert ada["stage"] == "stranger"
    assert len(ada["stage_history"]) == 1


def test_files_are_created_private(db: Path) -> None:
    os.umask(0o022)  # a usual umask: without care, files would come out 0644
    store = ContactStore.open(db, backup=True)
    store.insert(make_contact("Ada"), "add")
    store.sync()
    assert file_mode(db) == 0o600
    assert file_mode(Path(f"{db}.lock")) == 0o600


def test_backup_is_taken_once_per_session_and_private(db: Path) -> None:
    write_db(db, [contact("Ada")])
    original = db.read_bytes()
    store = ContactStore.open(db, backup=True)
    move(store, "ada", "follower")
    store.sync()
    move(store, "ada", "engaged")
    store.sync()
    backup = db.with_name(db.name + ".bak")
    assert backup.read_bytes() == original
    assert file_mode(backup) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(db, [contact("Ada")])
    original = db.read_bytes()
    store = open_store(db)
    move(store, "ada", "follower")

    def no_space(*args: object) -> None:
        raise OSError(28, "No space left on device")

    real_replace = os.replace
    monkeypatch.setattr(os, "replace", no_space)
    result = store.sync()
    assert result.error == f"cannot save {db}: the disk is full"
    assert result.pending == 1  # kept in memory, to retry
    assert db.read_bytes() == original
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(os, "replace", real_replace)  # not undo(): the test's isolation stays
    assert store.sync().wrote
    assert contacts_on_disk(db)["ada"]["stage"] == "follower"


def test_an_unreadable_file_written_elsewhere_is_not_overwritten(db: Path) -> None:
    write_db(db, [contact("Ada")])
    store = open_store(db)
    move(store, "ada", "follower")
    db.write_bytes(b"{ half a file")
    result = store.sync()
    assert result.error is not None and "cannot be read" in result.error
    assert db.read_bytes() == b"{ half a file"
    assert store.pending == 1


def test_unknown_tables_and_fields_survive_a_save(db: Path) -> None:
    write_db(
        db,
        [contact("Ada", extra_field=[1, 2])],
        plugin_table={"1": {"anything": "goes"}},
    )
    store = open_store(db)
    move(store, "ada", "follower")
    store.sync()
    data = read_db(db)
    assert data["plugin_table"] == {"1": {"anything": "goes"}}
    assert contacts_on_disk(db)["ada"]["extra_field"] == [1, 2]


def test_the_file_holds_one_document_per_line_and_is_the_same_json(db: Path) -> None:
    write_db(db, [contact("Ada"), contact("Grace")], events={"1": {"uid": "e1", "name": "X"}})
    tables = storage.read_file(db).tables
    written = b"".join(bytes(c) for c in storage.encode_tables(tables))
    assert msgspec.json.decode(written) == msgspec.json.decode(msgspec.json.encode(tables))
    lines = written.decode().splitlines()
    ada = [line for line in lines if '"name":"Ada"' in line]
    assert len(ada) == 1 and ada[0].startswith('"1":{') and ada[0].endswith("},")
    assert any(line.startswith('"2":{') and '"name":"Grace"' in line for line in lines)
    assert TinyDB(db).table("contacts").get(doc_id=2)["name"] == "Grace"  # type: ignore[index]


def test_a_schema_1_file_is_upgraded_after_a_backup_one_document_per_line(db: Path) -> None:
    indented = {
        "_meta": {"1": {"schema": 1}},
        "contacts": {"1": {"name": "Ada", "stage": "ask"}, "2": {"name": "Bo", "stage": "ask"}},
    }
    db.write_text(json.dumps(indented, indent=4))  # as TinyDB(indent=4) writes
    original = db.read_bytes()
    store = ContactStore.open(db)
    assert store.migrated_from == 1
    assert store.sync().wrote
    assert read_db(db)["_meta"] == {"1": {"schema": 2}}
    assert db.with_name(db.name + ".bak").read_bytes() == original
    lines = db.read_text().splitlines()
    assert '"1":{"name":"Ada","stage":"ask"},' in lines
    assert '"2":{"name":"Bo","stage":"ask"}' in lines


def test_a_newer_file_only_says_to_upgrade(db: Path) -> None:
    db.write_bytes(b'{"_meta": {"1": {"schema": 99}}, "contacts": {}}')
    with pytest.raises(DataFileError) as caught:
        open_store(db)
    message = caught.value.explain()
    assert "Upgrade networking-tui to open it" in message
    assert "Fix it" not in message and "backup" not in message and "--db" not in message


def test_a_broken_file_says_how_to_repair_it(db: Path) -> None:
    db.write_bytes(b"{not json")
    with pytest.raises(DataFileError) as caught:
        open_store(db)
    message = caught.value.explain()
    assert "restore it from a backup" in message and "Upgrade" not in message
    assert "`networking-tui restore DATE` puts one back" in message


def test_a_file_you_may_not_read_says_so_and_not_to_restore_it(db: Path) -> None:
    """As a user without read permission sees it (the tests run as root)."""
    write_db(db, [contact("Ada")])
    before = db.read_bytes()
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(db):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:  # undone alone, not the isolation
        patch.setattr("networking_tui.data.storage.os.open", refused)
        with pytest.raises(DataFileError) as caught:
            open_store(db)
    message = caught.value.explain()
    assert "you may not read it (permission denied)" in message
    assert "Check its permissions" in message and "backup" not in message
    assert db.read_bytes() == before


def test_a_named_pipe_at_the_data_path_is_refused_without_waiting(tmp_path: Path) -> None:
    """Reading a FIFO waits for a writer; here one writes a valid file into it, so
    a reader that does not check what the path is would open it as data."""
    pipe = tmp_path / "contacts.json"
    os.mkfifo(pipe)
    valid = b'{"_meta": {"1": {"schema": 1}}, "contacts": {}}'

    done = threading.Event()

    def writer() -> None:
        try:
            with open(pipe, "wb") as out:  # waits for a reader
                out.write(valid)
        except BrokenPipeError:  # the reader looked and left
            pass
        finally:
            done.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(DataFileError) as caught:
            open_store(pipe)
    finally:
        while not done.wait(0.01):  # the writer may still wait for a reader: give it one
            os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        thread.join()
    assert "it is a named pipe (FIFO), not a file" in caught.value.explain()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.json"]


def test_a_mapped_file_reads_as_the_file_read(tmp_path: Path) -> None:
    """storage.map_bytes (the first screen's read in its forked child): the same
    bytes and signature as read_bytes; nothing for no file, nothing to map for an
    empty one, and a named pipe refused at once as read_bytes refuses it."""
    path = tmp_path / "contacts.json"
    assert storage.map_bytes(path) == (None, None)
    path.write_bytes(b"")
    assert storage.map_bytes(path) == (b"", storage.signature(path))
    write_db(path, [contact("Ada Lovelace")])
    mapped, sig = storage.map_bytes(path)
    assert mapped is not None and mapped[:] == path.read_bytes()
    assert sig == storage.signature(path)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with pytest.raises(DataFileError) as caught:
        storage.map_bytes(pipe)
    assert "it is a named pipe (FIFO), not a file" in caught.value.explain()


@pytest.mark.parametrize("kind", ["folder", "loop"])
def test_a_path_that_is_no_file_is_refused_and_creates_nothing(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "contacts.json"
    if kind == "folder":
        path.mkdir()
        says = "it is a folder, not a file"
    else:
        (tmp_path / "other.json").symlink_to(path)
        path.symlink_to(tmp_path / "other.json")
        says = "its path is a loop of symbolic links"
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(DataFileError) as caught:
        ContactStore.open(storage.data_path(path))
    assert says in caught.value.explain()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_linked_data_file_is_written_through_the_link(tmp_path: Path) -> None:
    """Dropbox and Syncthing set-ups link the data file: the link stays a link."""
    target = tmp_path / "synced" / "contacts.json"
    target.parent.mkdir()
    write_db(target, [contact("Ada")])
    link = tmp_path / "contacts.json"
    link.symlink_to(target)
    store = ContactStore.open(storage.data_path(link), backup=True)
    move(store, "ada", "follower")
    assert store.sync().wrote
    assert link.is_symlink() and link.resolve() == target
    assert contacts_on_disk(target)["ada"]["stage"] == "follower"
    assert Path(f"{target}.lock").exists() and Path(f"{target}.bak").exists()


def test_an_upgrade_backs_the_file_up_first_even_from_the_shell(db: Path) -> None:
    db.write_bytes(b'{"_default": {"1": {"name": "Ada", "stage": "Engaged", "priority": "1"}}}')
    original = db.read_bytes()
    store = ContactStore.open(db)  # as a shell command opens it: no session backup
    store.insert(make_contact("Grace Hopper"), "add")
    assert store.sync().wrote
    assert read_db(db)["_meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert db.with_name(db.name + ".bak").read_bytes() == original


def test_the_first_save_keeps_the_old_file_without_copying_it(db: Path) -> None:
    """The backup is the old file itself under a second name (a hard link), so the
    first save of a session writes the file once, whatever its size."""
    write_db(db, [contact("Ada")])
    old_inode = db.stat().st_ino
    store = ContactStore.open(db, backup=True)
    move(store, "ada", "follower")
    assert store.sync().wrote
    backup = db.with_name(db.name + ".bak")
    assert backup.stat().st_ino == old_inode
    assert db.stat().st_ino != old_inode
    assert contacts_on_disk(db)["ada"]["stage"] == "follower"
    assert read_db(backup)["contacts"]["1"]["stage"] == "stranger"
    assert file_mode(backup) == 0o600
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_folders_made_for_the_file_are_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "contacts.json"
    old = os.umask(0)
    try:
        store = ContactStore.open(path, backup=True)
        store.insert(make_contact("Ada"), "add")
        assert store.sync().wrote
    finally:
        os.umask(old)
    assert file_mode(tmp_path / "new") == 0o700
    assert file_mode(tmp_path / "new" / "deeper") == 0o700
    assert file_mode(path) == 0o600


@pytest.mark.parametrize(("word", "number"), [("high", 1), ("Medium", 2), ("low", 3), ("2", 2)])
def test_a_priority_in_words_is_read_as_its_number(db: Path, word: str, number: int) -> None:
    write_db(db, [contact("Ada Lovelace", "follower", priority=word)])
    store = ContactStore.open(db)
    assert store.cards["ada-lovelace"].priority == number
    assert store.contact("ada-lovelace").priority == number
    store.update("ada-lovelace", lambda d: {**d, "notes": "x"}, "note")  # any save writes it
    store.sync()
    assert contacts_on_disk(db)["ada-lovelace"]["priority"] == number


def test_a_priority_word_that_means_nothing_is_still_refused(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower", priority="urgent")])
    with pytest.raises(DataFileError, match="priority"):
        ContactStore.open(db)
