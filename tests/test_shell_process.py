"""A shell command's process: it reads the file ahead, while its modules are imported
(cli.py), and `add` and `log` use those bytes under the file lock only if the file
is still the one read, so what another program wrote in between is never lost. What
it read is freed only when the command runs inside a longer process."""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from networking_tui import cli, shell
from networking_tui.data import storage
from networking_tui.data.store import ContactStore

from .conftest import contact, contacts_on_disk, write_db


def _read_ahead(
    path: Path, read: Callable[[Path], tuple[bytes | None, storage.Signature | None]] | None = None
) -> storage.Prefetch[bytes]:
    """The file read ahead (the thread done), its bytes not taken yet."""
    prefetch = storage.Prefetch(path, read or storage.read_bytes)
    prefetch._thread.join()
    return prefetch


def _names(db: Path) -> list[str]:
    return sorted(d["name"] for d in contacts_on_disk(db).values())


def test_add_keeps_a_contact_saved_by_another_program_after_the_file_was_read_ahead(
    db: Path,
) -> None:
    write_db(db, [contact("Ada Lovelace")])
    prefetch = _read_ahead(db)
    other = ContactStore.open(db)  # another window saves meanwhile (it replaces the file)
    other.insert(contact("Grace Hopper", uid="grace"), "add Grace")
    assert other.sync().wrote
    assert shell.add(db, "Linus Torvalds", prefetch=prefetch) == 0
    assert _names(db) == ["Ada Lovelace", "Grace Hopper", "Linus Torvalds"]


def test_add_refuses_a_duplicate_saved_after_the_file_was_read_ahead(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    prefetch = _read_ahead(db)
    other = ContactStore.open(db)
    other.insert(contact("Grace Hopper", uid="grace"), "add Grace")
    assert other.sync().wrote
    assert shell.add(db, "Grace Hopper", prefetch=prefetch) == shell.EXIT_REFUSED
    assert _names(db) == ["Ada Lovelace", "Grace Hopper"]


def test_log_reads_a_file_rewritten_in_place_after_it_was_read_ahead(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    prefetch = _read_ahead(db)
    inode = db.stat().st_ino
    # A program that neither takes the lock nor replaces the file: same inode.
    rewritten = db.with_name("rewritten.json")
    write_db(rewritten, [contact("Ada Lovelace"), contact("Grace Hopper", uid="grace")])
    with db.open("r+b") as out:
        out.write(rewritten.read_bytes())
    assert db.stat().st_ino == inode
    assert shell.log(db, "grace: call, about the compiler", prefetch=prefetch) == 0
    grace = contacts_on_disk(db)["grace"]
    assert grace["name"] == "Grace Hopper"
    assert [t["kind"] for t in grace["interactions"]] == ["call"]
    assert _names(db) == ["Ada Lovelace", "Grace Hopper"]


def test_a_file_created_after_the_read_ahead_is_read_under_the_lock(db: Path) -> None:
    prefetch = _read_ahead(db)  # no file yet
    write_db(db, [contact("Ada Lovelace")])
    assert shell.add(db, "Grace Hopper", prefetch=prefetch) == 0
    assert _names(db) == ["Ada Lovelace", "Grace Hopper"]


def test_the_bytes_read_ahead_are_used_while_the_file_is_unchanged(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    expected = storage.read_bytes(db)
    reads: list[Path] = []

    def read(path: Path) -> tuple[bytes | None, storage.Signature | None]:
        reads.append(path)
        return expected

    ahead, other = _read_ahead(db, read), _read_ahead(db, read)
    reads.clear()  # the reads ahead
    assert ahead.current() == expected and reads == []
    os.utime(db, ns=(0, 0))  # touched: its time is another, it is read again
    assert other.current() == expected and reads == [db]


def test_a_command_run_in_process_keeps_nothing_once_done(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a command's own process (cli.main without arguments) ends with os._exit
    and so need not free what it read; called from Python, it frees it."""
    write_db(db, [contact("Ada Lovelace", next_touch="2026-11-20")])
    assert cli.main(["--db", str(db), "agenda"]) == 0
    assert cli.main(["--db", str(db), "add", "Grace Hopper"]) == 0
    assert "Ada Lovelace" in capsys.readouterr().out
    assert shell._until_exit is None
    assert _names(db) == ["Ada Lovelace", "Grace Hopper"]


def test_the_agenda_reads_the_file_into_a_buffer_of_the_same_bytes(db: Path) -> None:
    """agenda and export ics read into a private mapping they cut in two where it is
    (halves.py): the same bytes and signature as read_bytes gives; an empty file
    gives no bytes, and no file none."""
    write_db(db, [contact("Ada Lovelace"), contact("Grace Hopper")])
    data, sig = storage.read_buffer(db)
    assert isinstance(data, mmap.mmap)
    assert (data[:], sig) == storage.read_bytes(db)
    db.write_bytes(b"")
    assert storage.read_buffer(db) == storage.read_bytes(db) == (b"", storage.signature(db))
    assert storage.read_buffer(db.with_name("none.json")) == (None, None)
    os.mkfifo(db.with_name("pipe.json"))
    with pytest.raises(storage.DataFileError, match="named pipe"):
        storage.read_buffer(db.with_name("pipe.json"))
