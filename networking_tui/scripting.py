"""TinyDB on the app's own data file, safe while the app is open.

    from networking_tui.scripting import open_db
    db = open_db()            # or open_db("path/to/contacts.json")
    db.table("contacts").search(...)

Every read sees the file as last saved (no query cache; an older schema is read
upgraded, as the app reads it). Every change holds the app's file lock from its
read to its write, is checked as the app checks a document (a bad value is
refused with the reason, the file untouched), is recorded for a merge with the
other machine's copy as the app records its own changes (a field's stamp, a
deletion's tombstone), and replaces the file atomically;
the app open on it notices within a second, reloads, and re-applies its own
unsaved changes on top, so nothing either side wrote is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from networking_tui.data import storage
from networking_tui.data.paths import device_id, resolve_db_path
from networking_tui.data.storage import SaveError
from networking_tui.data.store import first_problem
from networking_tui.domain import merge

__all__ = ["AppFileStorage", "open_db"]


class AppFileStorage(Storage):
    """TinyDB's storage interface over the data file, with the app's lock."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = storage.file_lock(self.path)  # one object: re-entrant in a thread

    @contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import Timeout

        try:
            with self._lock:
                yield
        except Timeout as error:
            raise SaveError(
                f"another program has held {self.path}.lock for more than "
                f"{storage.LOCK_TIMEOUT:.0f} s"
            ) from error

    def read(self) -> dict[str, dict[str, Any]]:
        tables = storage.read_file(self.path).tables  # raises DataFileError, with the reason
        return {
            name: {doc_id: msgspec.json.decode(raw) for doc_id, raw in docs.items()}
            for name, docs in tables.items()
        }

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self.locked():
            # Changes recorded for a merge as the app records its own (stamps,
            # tombstones), against the file as it is under the lock.
            before = self.read() if self.path.exists() else {}
            docs = {name: {str(i): doc for i, doc in table.items()} for name, table in data.items()}
            data = merge.recorded_tables(before, docs, merge.Clock(device_id()))
            tables = {
                name: {doc_id: msgspec.Raw(msgspec.json.encode(doc)) for doc_id, doc in t.items()}
                for name, t in data.items()
            }
            problem = first_problem(self.path, tables)
            if problem:
                raise ValueError(f"{self.path} was not changed: {problem}")
            storage.write_atomic(self.path, storage.encode_tables(tables))

    def close(self) -> None:
        pass


class LockedTable(Table):
    """A table whose every change is one read-modify-write under the file lock."""

    def __init__(
        self, storage: Storage, name: str, cache_size: int = 0, persist_empty: bool = False
    ) -> None:
        # No query cache whatever is asked: a cached answer would hide the app's latest save.
        super().__init__(storage, name, cache_size=0, persist_empty=persist_empty)

    def _locked(self) -> Any:
        assert isinstance(self._storage, AppFileStorage)
        return self._storage.locked()

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        with self._locked():
            super()._update_table(updater)

    def _get_next_id(self) -> int:
        self._next_id = None  # the app may have added documents since
        return super()._get_next_id()

    def insert(self, document: Mapping) -> int:
        with self._locked():  # the next id is chosen and used under one lock
            return super().insert(document)

    def insert_multiple(self, documents: Any) -> list[int]:
        with self._locked():
            return super().insert_multiple(documents)


class AppDB(TinyDB):
    table_class = LockedTable

    def drop_table(self, name: str) -> None:
        assert isinstance(self.storage, AppFileStorage)
        with self.storage.locked():
            super().drop_table(name)


def open_db(path: str | PathLike[str] | None = None) -> TinyDB:
    """A TinyDB on the data file: `path`, else $NETWORKING_TUI_DB, else the app's
    default file (as for the app without --db)."""
    where = resolve_db_path(None) if path is None else Path(path).expanduser()
    return AppDB(where, storage=AppFileStorage)
