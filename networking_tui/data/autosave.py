"""Saving off the key press's path: a background thread that syncs the store.

A change is on disk within `delay` plus one write (well under a second at 30,000
contacts); the thread also notices when another program wrote the file and
reloads it. `stop()` runs a last sync in the caller's thread, so nothing queued
is left behind when the app exits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from networking_tui.data.store import ContactStore, SyncResult

# A change is written GATHER_DELAY after it is made (plus the write itself: bench/
# measures the whole at 30,000 contacts), well inside the one second it may take.
GATHER_DELAY = 0.2
POLL = 0.5  # how often the file is checked for another program's changes
RETRY = 2.0  # after a failed write


class AutoSaver:
    def __init__(
        self,
        store: ContactStore,
        on_result: Callable[[SyncResult], None],
        *,
        delay: float = GATHER_DELAY,
        poll: float = POLL,
        retry: float = RETRY,
    ) -> None:
        self.store = store
        self._on_result = on_result
        self._delay = delay
        self._poll = poll
        self._retry = retry
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._sync_lock = threading.Lock()  # one sync at a time: thread or final flush
        self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
        self._failing = False
        self._unreadable: tuple[tuple[str, str], ...] = ()  # the copies reported unreadable

    def start(self) -> None:
        self._thread.start()

    def changed(self) -> None:
        """Call after every change in memory."""
        self._wake.set()

    def stop(self) -> SyncResult:
        """Stop the thread and save whatever is still queued, in this thread."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._sync_lock:
            return self._sync()

    def _sync(self) -> SyncResult:
        """store.sync, with any error it did not plan for turned into a result: the
        thread must live on (retrying) and the top bar must say it, rather than the
        thread dying silently and the quit-time save raising."""
        try:
            return self.store.sync()
        except Exception as error:
            return SyncResult(
                error=f"could not save ({type(error).__name__}: {error}); your changes "
                "are kept here and saving is retried",
                pending=self.store.pending,
            )

    def _run(self) -> None:
        self._merge_conflicts()  # at start: copies that arrived while the app was closed
        while not self._stopping.is_set():
            woke = self._wake.wait(self._retry if self._failing else self._poll)
            if self._stopping.is_set():
                return
            if woke:
                # Gather a burst of changes into one write, still far inside a second.
                self._stopping.wait(self._delay)
                self._wake.clear()
            elif not (self.store.pending or self.store.disk_changed()):
                self._merge_conflicts()
                continue
            with self._sync_lock:
                if self._stopping.is_set():
                    return
                result = self._sync()
            self._failing = result.error is not None
            self._on_result(result)
            self._merge_conflicts()

    def _merge_conflicts(self) -> None:
        """A sync engine's conflict copies beside the file: merged in, within a poll."""
        with self._sync_lock:
            if self._stopping.is_set():
                return
            try:
                result = self.store.absorb_conflicts()
            except Exception as error:  # the thread lives on; the top bar says it
                result = SyncResult(
                    error=f"could not merge a conflict copy ({type(error).__name__}: "
                    f"{error}); it is left where it is and tried again",
                    pending=self.store.pending,
                )
        # The copies that do not read are named in the top bar while they are there:
        # told again when one appears, is fixed (and merged) or is removed.
        unreadable = result.unreadable
        news = unreadable is not None and unreadable != self._unreadable
        if unreadable is not None:
            self._unreadable = unreadable
        if result.merged or result.unmerged or result.error or news:
            self._on_result(result)
