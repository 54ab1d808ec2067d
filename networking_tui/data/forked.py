"""Run one check in a forked child while the parent goes on (the second core's work):
the full validation at start-up, or the first screen read from the file (first_read.py).

At start-up the full validation of 30,000 contacts (0.45 s) overlaps the import of
Textual (0.35 s) this way. Where fork does not exist, the check simply runs
in-process. When the app starts from its saved first screen the fork happens on a
loading thread while Textual's threads run: a child stuck on a lock one of them held
at the fork would never answer, so after CHILD_PATIENCE it is killed and the check
runs here instead.
"""

from __future__ import annotations

import os
import select
import signal
from collections.abc import Callable

from networking_tui.data.reading import write_all

# What a forked child read, kept until it ends (os._exit ends it at once): freeing
# 100,000 cards and their sort keys one by one took 13-16 ms, while the process
# waiting for the child's answer or its end waited. None where nothing forked this.
_UNFREED: list[object] | None = None


def in_forked_child() -> None:
    """Called first thing in a forked child that ends with os._exit."""
    global _UNFREED
    _UNFREED = []


def unfreed(*objects: object) -> None:
    """Keep `objects` until the process ends, if it is a forked child (else let them
    go as usual)."""
    if _UNFREED is not None:
        _UNFREED.extend(objects)


CHILD_PATIENCE = 120.0  # seconds: 100,000 contacts take 1.5 s, 20 s on a loaded machine


class ForkedCheck:
    """`check()` returns text (a problem found, or what it read) or None; `result()`
    waits for it."""

    def __init__(self, check: Callable[[], str | None]) -> None:
        self._check = check
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: check, report, and leave without cleanup
            in_forked_child()
            os.close(read_end)
            try:
                problem = check() or ""
                code = 0
            except BaseException as error:
                problem, code = repr(error), 3
            write_all(write_end, problem.encode("utf-8"))  # more than a pipe holds
            os._exit(code)
        os.close(write_end)
        self._read_end = read_end

    def result(self, patience: float = CHILD_PATIENCE) -> str | None:
        chunks = []
        while True:
            ready, _, _ = select.select([self._read_end], [], [], patience)
            if not ready:  # stuck: no answer will come
                os.kill(self._pid, signal.SIGKILL)
                break
            chunk = os.read(self._read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self._read_end)
        _, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return self._check()  # the child died (killed, out of memory, stuck): check here
        return b"".join(chunks).decode("utf-8") or None


def can_fork() -> bool:
    return hasattr(os, "fork")
