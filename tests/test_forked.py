"""The forked check: its answer, and the check run here when the child gives none."""

from __future__ import annotations

import os
import threading
import weakref

import pytest

from networking_tui.data.forked import ForkedCheck, can_fork, unfreed

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
