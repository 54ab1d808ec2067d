"""When the background saver writes: its schedule, without waiting on a clock.

How long the write itself takes at 30,000 contacts (so the whole "on disk within
a second") is measured by bench/run.py, not asserted here.
"""

from __future__ import annotations

from networking_tui.data import autosave
from networking_tui.data.autosave import AutoSaver
from networking_tui.data.store import SyncResult


class Store:
    """Counts syncs; the saver stops after the first."""

    def __init__(self, log: list) -> None:
        self.log = log
        self.pending = 0

    def disk_changed(self) -> bool:
        return False

    def sync(self) -> SyncResult:
        self.log.append(("sync",))
        return SyncResult(wrote=True)

    def absorb_conflicts(self) -> SyncResult:
        return SyncResult()  # no sync engine's conflict copies here


class Wake:
    """The change is already signalled: the first wait returns at once."""

    def __init__(self, log: list) -> None:
        self.log = log

    def wait(self, timeout: float) -> bool:
        self.log.append(("wait for a change", timeout))
        return True

    def set(self) -> None: ...

    def clear(self) -> None: ...


class Stopping:
    def __init__(self, log: list) -> None:
        self.log = log

    def is_set(self) -> bool:
        return any(entry == ("sync",) for entry in self.log)

    def wait(self, timeout: float) -> bool:
        self.log.append(("gather", timeout))
        return False

    def set(self) -> None: ...


def test_a_change_is_written_after_one_short_gathering_pause() -> None:
    log: list = []
    results: list[SyncResult] = []
    saver = AutoSaver(Store(log), results.append)  # type: ignore[arg-type]
    saver._wake, saver._stopping = Wake(log), Stopping(log)  # type: ignore[assignment]
    saver.changed()
    saver._run()  # the thread's loop, here in the test's thread
    # Woken by the change (not by the next poll), one pause to gather a burst, then the
    # write: the only time spent between a change and its write is the pause.
    assert log == [
        ("wait for a change", autosave.POLL),
        ("gather", autosave.GATHER_DELAY),
        ("sync",),
    ]
    assert results == [SyncResult(wrote=True)]
    assert autosave.GATHER_DELAY <= 0.25  # leaves three quarters of the second for the write


class BrokenStore(Store):
    """A sync that fails with an error nobody planned for (a bug while re-applying
    changes after a reload, say)."""

    def __init__(self, log: list) -> None:
        super().__init__(log)
        self.pending = 2

    def sync(self) -> SyncResult:
        self.log.append(("sync",))
        raise KeyError("uid-gone")


def test_an_unplanned_error_while_saving_is_reported_not_lost() -> None:
    log: list = []
    results: list[SyncResult] = []
    saver = AutoSaver(BrokenStore(log), results.append)  # type: ignore[arg-type]
    saver._wake, saver._stopping = Wake(log), Stopping(log)  # type: ignore[assignment]
    saver.changed()
    saver._run()  # returns normally: the thread would carry on retrying
    assert len(results) == 1 and results[0].pending == 2
    assert results[0].error is not None and "uid-gone" in results[0].error
    assert saver._failing  # retried after RETRY
    final = saver.stop()  # the quit-time save reports it too, rather than raising
    assert final.error is not None and "could not save" in final.error
