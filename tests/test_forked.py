"""The forked check: its answer, and the check run here when the child gives none."""

from __future__ import annotations

import os
import threading
import weakref

import pytest

from networking_tui.data.forked import ForkedCheck, can_fork, reap, unfreed, when_answered

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork here")


def test_the_child_answers() -> None:
    assert ForkedCheck(lambda: "document 3 is not a contact").result() == (
        "document 3 is not a contact"
    )
    assert ForkedCheck(lambda: None).result() is None


def test_a_child_that_never_answers_is_killed_and_the_check_runs_here() -> None:
    parent = os.getpid()

    def check() -> str:
        if os.getpid() != parent:  # the child: stuck, as on a lock held at the fork
            threading.Event().wait()
        return "checked here"

    assert ForkedCheck(check).result(patience=0.2) == "checked here"


class _Read:
    """Something a check read."""


def test_what_a_forked_child_read_is_kept_until_it_ends_and_nothing_here() -> None:
    """A child ends at once (os._exit): freeing what it read first only makes the
    process waiting for it wait. Here, in the process that forked, it is freed."""
    here = _Read()
    gone = weakref.ref(here)
    unfreed(here)
    del here
    assert gone() is None

    def check() -> str:
        read = _Read()
        kept = weakref.ref(read)
        unfreed(read)
        del read
        return "kept" if kept() is not None else "freed"

    assert ForkedCheck(check).result() == "kept"


def test_a_child_that_dies_before_answering_has_the_check_run_here() -> None:
    parent = os.getpid()

    def check() -> str:
        if os.getpid() != parent:
            os._exit(1)  # killed, out of memory
        return "checked here"

    assert ForkedCheck(check).result() == "checked here"


def _ended(pid: int) -> bool:
    """Whether the child `pid` has been waited for (it is gone for good); asked
    without waiting for it."""
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return False


def _running(pid: int) -> bool:
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def test_the_answer_is_read_before_the_child_ends_which_is_waited_for_later() -> None:
    """What the child does once it has answered (a partner's end) is not waited
    for; the child is reaped then, at the next fork or at exit."""
    parent = os.getpid()
    go_on, told = os.pipe()

    def check() -> str:
        if os.getpid() != parent:
            when_answered(lambda: os.read(go_on, 1))  # ends when the parent says so
        return str(os.getpid())

    pid = int(ForkedCheck(check).result() or 0)
    assert pid != parent
    assert _running(pid)  # still working after its answer
    os.write(told, b"x")
    reap(wait=True)
    assert _ended(pid)
    os.close(go_on)
    os.close(told)

    quick = int(ForkedCheck(lambda: str(os.getpid())).result() or 0)
    os.waitid(os.P_PID, quick, os.WEXITED | os.WNOWAIT)  # it has ended, not waited for
    assert not _ended(quick)
    ForkedCheck(lambda: None).result()  # the next fork waits for the children ended
    assert _ended(quick)


def test_what_is_done_after_the_answer_is_done_at_once_outside_a_child() -> None:
    done: list[str] = []
    when_answered(lambda: done.append("done"))
    assert done == ["done"]
