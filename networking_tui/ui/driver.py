"""The terminal driver: Textual's, but a lone Escape is let through on time.

Textual's input thread waits for input 100 ms at a time and only then lets a lone
Escape through, so Escape takes at least 100 ms whatever `ESCDELAY` says. Here,
once input that may leave a sequence half read has come in, the wait ends when
the parser's `ESCDELAY` runs out: Escape, the app's "back", takes `ESCDELAY`
(50 ms unless the user sets it, as Neovim's `ttimeoutlen`; see cli.run_app).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from time import monotonic

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

IDLE_WAIT = 0.1  # Textual's own wait, kept while nothing is half read
ESCAPE = "\x1b"


def next_wait(deadline: float | None, now: float) -> float:
    """How long to wait for input: until a half-read sequence's deadline, if any."""
    if deadline is None:
        return IDLE_WAIT
    return min(IDLE_WAIT, max(0.0, deadline - now))


class QuickEscapeDriver(LinuxDriver):
    """LinuxDriver whose input thread wakes when a lone Escape is due."""

    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        deadline: float | None = None  # when a half-read sequence is let through

        def read_and_dispatch(ready: bool) -> None:
            nonlocal deadline
            if ready:
                data = decode(os.read(self.fileno, 1024 * 4))
                if data:
                    for event in parser.feed(data):
                        self.process_message(event)
                    if ESCAPE in data:
                        # The parser's clock is monotonic too; a millisecond on top,
                        # so that its timeout has passed when the wait ends.
                        deadline = monotonic() + constants.ESCAPE_DELAY + 0.001
            for event in parser.tick():
                self.process_message(event)
            if deadline is not None and monotonic() >= deadline:
                deadline = None

        try:
            while not self.exit_event.is_set():
                wait = next_wait(deadline, monotonic())
                read_and_dispatch(bool(selector.select(wait)))
            selector.unregister(self.fileno)
            read_and_dispatch(False)  # what is due by now, as Textual's does
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
