"""Putting a message where a paste will find it, and saying truthfully whether it did.

Textual's `copy_to_clipboard` only writes an OSC 52 escape sequence, which tmux
(with its default settings) and many terminals ignore without a word. So the
system's own clipboard tool goes first when there is one; OSC 52 stays as the
fallback (and the only way over SSH without a display).

Hand-written rather than `pyperclip`: it is the same few commands, and this way
each has a timeout, no tool is tried where it cannot work (no X or Wayland
display), and the caller learns which one worked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

TIMEOUT_SECONDS = 3
PLATFORM = sys.platform  # a name the tests can set, rather than sys.platform itself


def tools() -> list[list[str]]:
    """The clipboard commands worth trying on this system, best first."""
    candidates = []
    if PLATFORM == "darwin":
        candidates.append(["pbcopy"])
    if os.environ.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        candidates.append(["xclip", "-selection", "clipboard"])
        candidates.append(["xsel", "--clipboard", "--input"])
    return [command for command in candidates if shutil.which(command[0])]


def copy(text: str) -> str | None:
    """Put `text` on the system clipboard: the name of the tool that did, or None.

    The output goes nowhere rather than to a pipe: xclip and wl-copy stay running
    to serve the clipboard, and a pipe they hold open would block us.
    """
    for command in tools():
        try:
            subprocess.run(
                command,
                input=text.encode(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_SECONDS,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            continue  # this one failed (no display after all, a timeout): the next
        return command[0]
    return None


def explain(tool: str | None) -> str:
    """What happened to the text, in words for a notification."""
    if tool:
        return f"Copied to the clipboard (with {tool})."
    return (
        "Sent to the terminal's clipboard (OSC 52); if pasting gives nothing, your "
        "terminal does not support it (in tmux: set -g set-clipboard on)."
    )
