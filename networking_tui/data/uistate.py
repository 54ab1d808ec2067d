"""What the app remembers between runs that is not data: the focused column and
card, per data file. Kept in the user data folder, not in the data file: moving
the cursor is not a change to sync (or to show up in a Dropbox copy)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import msgspec
import platformdirs

from networking_tui.data.storage import Signature
from networking_tui.domain.model import Card, Contact

FILE_NAME = "ui-state.json"


def state_path() -> Path:
    return Path(platformdirs.user_data_dir("networking-tui", appauthor=False)) / FILE_NAME


def file_key(db: Path) -> str:
    """How a data file is named in these files: its resolved path."""
    return str(db.expanduser().resolve())


def _read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: start on the first card, as the first time
    return data if isinstance(data, dict) else {}


def load_focus(db: Path) -> tuple[str | None, str | None]:
    """The column (stage) and card (uid) last focused on this data file."""
    entry = _read().get(file_key(db))
    if not isinstance(entry, dict):
        return None, None
    stage, uid = entry.get("stage"), entry.get("uid")
    return (stage if isinstance(stage, str) else None, uid if isinstance(uid, str) else None)


def save_focus(db: Path, stage: str, uid: str | None) -> str | None:
    """Remember the focus; returns why it could not be (the app is quitting: it is
    not worth stopping the quit for), or None."""
    data = _read()
    data[file_key(db)] = {"stage": stage, **({"uid": uid} if uid else {})}
    path = state_path()
    try:
        _replace(path, json.dumps(data, indent=1).encode("utf-8"))
    except OSError as error:
        return f"could not remember the focused card in {path}: {error.strerror or error}"
    return None


def _replace(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (raises OSError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# --- the first screen ------------------------------------------------------------
# What the board showed when the app last left a data file: enough to draw the
# next start's first screen at once, while the file loads on a thread. Valid only
# for the file exactly as it was then (its signature: inode, size, mtime) and the
# same day (the board puts the overdue first); the app replaces it with the file's
# own data as soon as that is loaded. One file, for the data file left last.

FIRST_SCREEN = "first-screen.json"
PLACEHOLDER = ""  # a card of the column not kept: drawn blank until the file is loaded
CARDS_AROUND = 50  # cards kept either side of the focus: taller than any screen (4 rows each)


class Column(msgspec.Struct, frozen=True):
    count: int  # cards in the column
    start: int  # where `uids` begin in it
    uids: list[str]


class FirstScreen(msgspec.Struct, frozen=True):
    path: str
    signature: tuple[int, int, int]
    day: str  # ISO date
    active: str  # the focused column's stage
    focused: str | None  # its card's uid
    columns: dict[str, Column]
    cards: list[Card]  # those in `columns`
    contact: Contact | None  # the focused card's, as the pane shows it
    names: dict[str, str]  # the names its links point to
    warm: list[tuple[str, bool]]  # its warm paths (the pane's People)
    wip_limit: int
    theme: str | None

    @property
    def total(self) -> int:
        return sum(column.count for column in self.columns.values())

    def column_uids(self, stage: str) -> list[str]:
        """The column's uids, with PLACEHOLDER for the cards not kept."""
        column = self.columns[stage]
        after = column.count - column.start - len(column.uids)
        return [PLACEHOLDER] * column.start + column.uids + [PLACEHOLDER] * after


def first_screen_path() -> Path:
    return state_path().with_name(FIRST_SCREEN)


def load_first_screen(db: Path, signature: Signature | None, day: str) -> FirstScreen | None:
    """The first screen kept for this file as it is now (`signature`), today."""
    if signature is None:
        return None
    try:
        kept = msgspec.json.decode(first_screen_path().read_bytes(), type=FirstScreen)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None  # none yet, or unreadable: the file is loaded first, as always
    if kept.path != file_key(db) or kept.signature != tuple(signature) or kept.day != day:
        return None
    return kept


def save_first_screen(kept: FirstScreen) -> str | None:
    """Replace the first screen kept; returns why it could not be, or None."""
    path = first_screen_path()
    try:
        _replace(path, msgspec.json.encode(kept))
    except OSError as error:
        return f"could not keep the first screen in {path}: {error.strerror or error}"
    return None


def forget_first_screen() -> None:
    """Drop the first screen kept (it did not match its file)."""
    with contextlib.suppress(OSError):
        first_screen_path().unlink()
