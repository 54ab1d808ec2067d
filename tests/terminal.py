"""Run a command in a pseudo-terminal and wait (or time) until a text appears on it.

This is how a person sees an app start: from the process start to the moment the
text is drawn, at a fixed terminal size.
"""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence
from fcntl import ioctl

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-B]")


class Terminal:
    def __init__(self, argv: Sequence[str], size: tuple[int, int] = (120, 40), env=None) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.execvpe(argv[0], list(argv), {**os.environ, **(env or {}), "TERM": "xterm-256color"})
        cols, rows = size
        ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.raw = b""

    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 120.0) -> float:
        """Seconds from the process start until `needle` is on screen (the timeout
        is against a hang, never a measure)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    break
                self.raw += chunk
                if needle in self.text():
                    return time.perf_counter() - self.started
        raise TimeoutError(f"{needle!r} did not appear; screen text: {self.text()[-500:]!r}")

    def mark(self) -> None:
        """Forget what was drawn so far (before timing a key press)."""
        self.drain()
        self.raw = b""

    def drain(self, quiet: float = 0.05) -> None:
        while True:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return
            try:
                self.raw += os.read(self.fd, 1 << 16)
            except OSError:
                return

    def send(self, keys: bytes) -> float:
        os.write(self.fd, keys)
        return time.perf_counter()

    def exited(self, timeout: float = 120.0) -> int | None:
        """Wait for the app to end by itself (after `q`); stop it if it does not."""
        status = self._reap(timeout)
        if status is None:
            return self.close()
        os.close(self.fd)
        return status

    def close(self, timeout: float = 10.0) -> int | None:
        """Ask the app to stop (SIGTERM), keep reading its output so it can, then reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        status = self._reap(timeout)
        if status is None:
            os.kill(self.pid, signal.SIGKILL)
            status = self._reap(timeout)
        os.close(self.fd)
        return status

    def _reap(self, timeout: float) -> int | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return status
            self.drain(0.02)
        return None
