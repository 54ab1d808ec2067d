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

import atexit
import os
import select
import signal
import struct
from collections.abc import Callable

from networking_tui.data.reading import write_all

# What a forked child read, kept until it ends (os._exit ends it at once): freeing
# 100,000 cards and their sort keys one by one took 13-16 ms, while the process
# waiting for the child's answer or its end waited. None where nothing forked this.
_UNFREED: list[object] | None = None


def in_forked_child() -> None:
    """Called first thing in a forked child that ends with os._exit."""
    global _UNFREED, _AFTER_ANSWER
    _UNFREED, _AFTER_ANSWER = [], None
    _ANSWERED.clear()  # the parent's children: not this process's to wait for


def unfreed(*objects: object) -> None:
    """Keep `objects` until the process ends, if it is a forked child (else let them
    go as usual)."""
    if _UNFREED is not None:
        _UNFREED.extend(objects)


_LENGTH = struct.Struct("<Q")
# In a ForkedCheck's child: what is done once its answer is sent (when_answered).
_AFTER_ANSWER: list[Callable[[], object]] | None = None
# The children that answered, until they are waited for (reap).
_ANSWERED: list[int] = []

CHILD_PATIENCE = 120.0  # seconds: 100,000 contacts take 1.5 s, 20 s on a loaded machine


class ForkedCheck:
    """`check()` returns text (a problem found, or what it read) or None; `result()`
    waits for it.

    The answer comes with its length first, so `result()` returns once it is read,
    not when the child has ended: a child holding what it read of 100,000 contacts
    took 8-12 ms to end, and one that read in halves waited 7-8 ms more for its
    partner (see when_answered). Such a child is waited for later (reap)."""

    def __init__(self, check: Callable[[], str | None]) -> None:
        self._check = check
        reap()
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: check, answer, and leave without cleanup
            global _AFTER_ANSWER
            in_forked_child()
            _AFTER_ANSWER = []
            os.close(read_end)
            code = 3  # no answer: the parent checks here
            try:
                answer = (check() or "").encode("utf-8")
                write_all(write_end, _LENGTH.pack(len(answer)) + answer)  # more than a pipe holds
                code = 0
                for work in _AFTER_ANSWER:
                    work()
            except BaseException:  # the parent, given no answer, checks itself
                pass
            os._exit(code)
        os.close(write_end)
        self._read_end = read_end

    def result(self, patience: float = CHILD_PATIENCE) -> str | None:
        header = self._exactly(_LENGTH.size, patience)
        answer = self._exactly(_LENGTH.unpack(header)[0], patience) if header else None
        os.close(self._read_end)
        if answer is None:  # the child died (killed, out of memory, stuck): check here
            os.waitpid(self._pid, 0)
            return self._check()
        _ANSWERED.append(self._pid)
        return answer.decode("utf-8") or None

    def _exactly(self, count: int, patience: float) -> bytes | None:
        """`count` bytes from the child; None if it ended first, or is stuck (then
        it is killed)."""
        chunks: list[bytes] = []
        while count:
            ready, _, _ = select.select([self._read_end], [], [], patience)
            if not ready:  # stuck: no answer will come
                os.kill(self._pid, signal.SIGKILL)
                return None
            chunk = os.read(self._read_end, min(count, 1 << 16))
            if not chunk:
                return None
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)


def when_answered(work: Callable[[], object]) -> None:
    """In a ForkedCheck's child, `work` is done once its answer is sent, while the
    parent goes on with it; anywhere else, now."""
    if _AFTER_ANSWER is None:
        work()
    else:
        _AFTER_ANSWER.append(work)


def reap(*, wait: bool = False) -> None:
    """Wait for the children that answered and went on to end: those ended already
    (all of them with `wait`, at exit)."""
    for pid in [*_ANSWERED]:
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:  # waited for already
            done = pid
        if done:
            _ANSWERED.remove(pid)


atexit.register(reap, wait=True)


def can_fork() -> bool:
    return hasattr(os, "fork")
