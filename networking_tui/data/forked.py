"""Run one check in a forked child while the parent goes on (the second core's work).

At start-up the full validation of 30,000 contacts (0.45 s) overlaps the import of
Textual (0.35 s) this way. Only used before any thread exists; elsewhere, and where
fork does not exist, the check simply runs in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable


class ForkedCheck:
    """`check()` returns a problem (text) or None; `result()` waits for it."""

    def __init__(self, check: Callable[[], str | None]) -> None:
        self._check = check
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: check, report, and leave without cleanup
            os.close(read_end)
            try:
                problem = check() or ""
                code = 0
            except BaseException as error:
                problem, code = repr(error), 3
            os.write(write_end, problem.encode("utf-8"))
            os._exit(code)
        os.close(write_end)
        self._read_end = read_end

    def result(self) -> str | None:
        chunks = []
        while chunk := os.read(self._read_end, 1 << 16):
            chunks.append(chunk)
        os.close(self._read_end)
        _, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return self._check()  # the child died (killed, out of memory): check here
        return b"".join(chunks).decode("utf-8") or None


def can_fork() -> bool:
    return hasattr(os, "fork")
