"""What the app remembers between runs that is not data: the focused column and
card, per data file. Kept in the user data folder, not in the data file: moving
the cursor is not a change to sync (or to show up in a Dropbox copy)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

FILE_NAME = "ui-state.json"


def state_path() -> Path:
    return Path(platformdirs.user_data_dir("networking-tui", appauthor=False)) / FILE_NAME


def _key(db: Path) -> str:
    return str(db.expanduser().resolve())


def _read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: start on the first card, as the first time
    return data if isinstance(data, dict) else {}


def load_focus(db: Path) -> tuple[str | None, str | None]:
    """The column (stage) and card (uid) last focused on this data file."""
    entry = _read().get(_key(db))
    if not isinstance(entry, dict):
        return None, None
    stage, uid = entry.get("stage"), entry.get("uid")
    return (stage if isinstance(stage, str) else None, uid if isinstance(uid, str) else None)


def save_focus(db: Path, stage: str, uid: str | None) -> str | None:
    """Remember the focus; returns why it could not be (the app is quitting: it is
    not worth stopping the quit for), or None."""
    data = _read()
    data[_key(db)] = {"stage": stage, **({"uid": uid} if uid else {})}
    path = state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        return f"could not remember the focused card in {path}: {error.strerror or error}"
    return None
