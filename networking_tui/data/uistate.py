"""What the app remembers between runs that is not data: the focused column and
card, per data file. Kept in the user data folder, not in the data file: moving
the cursor is not a change to sync (or to show up in a Dropbox copy)."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date
from pathlib import Path

import msgspec
import platformdirs

from networking_tui.data.storage import Signature
from networking_tui.domain import later_day
from networking_tui.domain.model import Card, Contact
from networking_tui.domain.rules import order_key

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
# for the file exactly as it was then (its signature: inode, size, mtime), on its
# day or up to later_day.BOUND_DAYS later (the board puts the overdue first: what
# fell due since is carried into place, see on_day); the app replaces it with the
# file's own data as soon as that is loaded. One file, for the data file left last.

FIRST_SCREEN = "first-screen.json"
PLACEHOLDER = ""  # a card of the column not kept: drawn blank until the file is loaded
CARDS_AROUND = 50  # cards kept either side of the focus: taller than any screen (4 rows each)
SIGHT = 40  # cards a screen shows at most (160 lines): known on a later day, or no screen


class Column(msgspec.Struct, frozen=True):
    count: int  # cards in the column
    start: int  # where `uids` begin in it
    uids: list[str]


class Later(msgspec.Struct, frozen=True):
    """A column on the snapshot's day, for a later day (see later_day.carry)."""

    overdue: int  # cards overdue
    # The cards due within later_day.BOUND_DAYS (later_day.Soon): the order keys
    # a later day's window needs, and how many fall due each day before and after.
    soon: list[str]
    below: dict[str, int] = {}
    above: dict[str, int] = {}


class FirstScreen(msgspec.Struct, frozen=True):
    path: str
    signature: tuple[int, int, int]
    day: str  # ISO date
    active: str  # the focused column's stage
    focused: str | None  # its card's uid
    columns: dict[str, Column]
    cards: list[Card]  # those in `columns`, and those that may come into them later
    contact: Contact | None  # the focused card's, as the pane shows it
    names: dict[str, str]  # the names its links point to
    warm: list[tuple[str, bool]]  # its warm paths (the pane's People)
    wip_limit: int
    theme: str | None
    later: dict[str, Later] = {}  # per column: what a later day moves in it

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
    if kept.path != file_key(db) or kept.signature != tuple(signature):
        return None
    return kept if kept.day == day else on_day(kept, day)


def columns_on(kept: FirstScreen, day: str) -> dict[str, Column] | None:
    """The columns kept, as they are on the later `day` (None: not all known)."""
    try:
        days = (date.fromisoformat(day) - date.fromisoformat(kept.day)).days
    except ValueError:
        return None  # not a date: not a snapshot this app wrote
    if not 0 < days <= later_day.BOUND_DAYS:
        return None
    keys = {card.uid: order_key(card) for card in kept.cards}
    columns: dict[str, Column] = {}
    for stage, column in kept.columns.items():
        later = kept.later.get(stage)
        if later is None or any(uid not in keys for uid in column.uids):
            return None  # kept before these were
        focused = stage == kept.active and kept.focused is not None
        window = later_day.carry(
            later_day.Window(column.count, column.start, [keys[uid] for uid in column.uids]),
            later.overdue,
            later_day.Soon(later.soon, later.below, later.above),
            day,
            keys.get(kept.focused) if focused else None,
            CARDS_AROUND,
            SIGHT,
        )
        if window is None:
            return None
        uids = [key.rpartition("\0")[2] for key in window.keys]
        columns[stage] = Column(window.count, window.start, uids)
    return columns


def on_day(kept: FirstScreen, day: str) -> FirstScreen | None:
    """The first screen kept on an earlier day, as a full load shows it on `day`;
    None if that cannot be known from what was kept."""
    columns = columns_on(kept, day)
    if columns is None:
        return None
    cards = {card.uid: card for card in kept.cards}
    uids = [uid for column in columns.values() for uid in column.uids]
    if any(uid not in cards for uid in uids):
        return None
    shown = [cards[uid] for uid in uids]
    return msgspec.structs.replace(kept, day=day, columns=columns, cards=shown, later={})


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
