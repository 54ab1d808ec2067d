"""Search over the store, kept current by its version: the index (domain/search.py)
re-reads only the documents changed since the last query. Safe to call from a
worker thread: one query or refresh at a time."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from networking_tui.data.storage import StaleFile
from networking_tui.data.store import ContactStore

if TYPE_CHECKING:
    from networking_tui.domain.search import Hit, SearchIndex

LIMIT = 50


class Finder:
    def __init__(self, store: ContactStore) -> None:
        self._store = store
        self._index: SearchIndex | None = None  # made on the first query: off the launch
        self._version = -1
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether a query now is answered without (re)building much of the index."""
        return self._version != -1

    def find(self, query: str, limit: int = LIMIT) -> tuple[list[Hit], int]:
        """The best `limit` matches, and how many contacts match in all."""
        with self._lock:
            if self._index is None:
                from networking_tui.domain.search import SearchIndex  # rapidfuzz: 20 ms

                self._index = SearchIndex()
            version = self._store.version  # before reading: a change meanwhile re-reads
            if version != self._version:
                self._refresh(self._index)
                self._version = version
            return self._index.search(query, limit=limit)

    def _refresh(self, index: SearchIndex) -> None:
        try:
            index.refresh(*self._store.contacts_held())
        except StaleFile:  # the file was rewritten in place meanwhile
            self._store.reread()
            index.refresh(*self._store.contacts_held())
