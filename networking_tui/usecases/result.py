"""What a use case returns, and how it says no."""

from __future__ import annotations

from dataclasses import dataclass

from networking_tui.data.store import Change


@dataclass(frozen=True)
class Done:
    """A change made in the store (in memory), and what to tell the person."""

    change: Change
    message: str
    quiet: bool = False  # nothing a notice needs to say (the screen shows it)


class Refused(Exception):
    """The action was not taken; the message says why, in the person's words."""
