"""The forked check: its answer, and the check run here when the child gives none."""

from __future__ import annotations

import os
import threading

import pytest

from networking_tui.data.forked import ForkedCheck, can_fork

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
