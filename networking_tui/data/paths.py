"""Where the data file lives: --db, else $NETWORKING_TUI_DB, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "NETWORKING_TUI_DB"
FILE_NAME = "contacts.json"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("networking-tui", appauthor=False)) / FILE_NAME


def resolve_db_path(cli_value: str | None = None) -> Path:
    """An empty --db is a mistake (refused); an empty variable counts as unset."""
    if cli_value is not None:
        if not cli_value.strip():
            raise ValueError("--db needs the path of a data file; it was given an empty one")
        return Path(cli_value).expanduser()
    env_value = os.environ.get(DB_ENV, "").strip()
    if env_value:
        return Path(env_value).expanduser()
    return default_db_path()


def device_id() -> str:
    """This machine, in the merge stamps of the changes made here (domain/merge.py):
    the same on every start, different on the laptop and the desktop, and kept in
    no file (a file beside the data would travel with it to the other machine)."""
    import hashlib  # here: every shell command imports this module, few need these
    import socket

    seed = socket.gethostname()
    for source in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            seed += Path(source).read_text().strip()
            break
        except OSError:
            continue
    # Short: every stamp, so every touch in the file, carries it. It only breaks
    # ties between stamps of the same millisecond, so 4 hex digits are plenty.
    return hashlib.sha256(f"{seed}:{os.getuid()}".encode()).hexdigest()[:4]
