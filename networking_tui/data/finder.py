"""Search over the store, kept current by its version: the index (domain/search.py)
re-reads only the documents changed since the last query. Safe to call from a
worker thread: one query or refresh at a time. `ask` answers on the finder's own
thread, the newest query first."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from networking_tui.data.storage import StaleFile
from networking_tui.data.store import ContactStore

if TYPE_CHECKING:
    from networking_tui.domain.search import Hit, SearchIndex

LIMIT = 50

Answer = tuple[list["Hit"], int]


class Finder:
    def __init__(self, store: ContactStore) -> None:
        self._store = store
        self._index: SearchIndex | None = None  # made on the first query: off the launch
        self._version = -1
        self._lock = threading.Lock()
        self._thread: ThreadPoolExecutor | None = None  # made on the first `ask`
        self._newest: object = None  # the last `ask`: any older one waiting is skipped

    @property
    def ready(self) -> bool:
        """Whether a query now is answered without (re)building much of the index."""
        return self._version != -1

    def find(self, query: str, limit: int = LIMIT) -> Answer:
        """The best `limit` matches, and how many contacts match in all."""
        with self._lock:
            return self._find(query, limit)

    def _find(self, query: str, limit: int) -> Answer:
        if self._index is None:
            from networking_tui.domain.search import SearchIndex  # rapidfuzz: 20 ms

            self._index = SearchIndex()
        version = self._store.version  # before reading: a change meanwhile re-reads
        if version != self._version:
            self._refresh(self._index)
            self._version = version
        return self._index.search(query, limit=limit)

    def ask(self, query: str, limit: int = LIMIT) -> Future[Answer | None]:
        """`find` on the finder's thread. A query asked while another runs waits its
        turn, and is skipped (None, no work) if a newer one was asked meanwhile:
        keys typed faster than the answers cost one query, not one each."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="finder")
        asked = self._newest = object()
        return self._thread.submit(self._answer, query, limit, asked)

    def _answer(self, query: str, limit: int, asked: object) -> Answer | None:
        with self._lock:  # its turn (the palette may be finding too): still the newest?
            return self._find(query, limit) if asked is self._newest else None

    def _refresh(self, index: SearchIndex) -> None:
        try:
            index.refresh(*self._store.contacts_held())
        except StaleFile:  # the file was rewritten in place meanwhile
            self._store.reread()
            index.refresh(*self._store.contacts_held())
