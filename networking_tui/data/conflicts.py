"""Conflict copies a sync engine leaves beside the data file, and merging them in.

When a laptop and a desktop both changed the file between two syncs, the engine
keeps the other side's version beside it:

    Syncthing  contacts.sync-conflict-20261202-101500-ABCDEFG.json
    Dropbox    contacts (Ada's conflicted copy 2026-12-02).json
    Nextcloud  contacts (conflicted copy 2026-12-02 101500).json

The store merges each copy that reads as a data file (domain/merge.py), and only
once the merged file is on disk moves the copy into `backups/` beside the file,
under its own name: nothing is deleted. A copy that does not read stays where it
is, and the app says so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec

from networking_tui.data import storage
from networking_tui.data.storage import DataFileError, Raw, Tables
from networking_tui.domain import merge

BACKUPS = "backups"


def conflict_copies(path: Path) -> list[Path]:
    """The conflict copies of the data file at `path`, oldest name first."""
    stem, suffix = path.stem, path.suffix
    folder = path.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if not name.endswith(suffix) or not name.startswith(stem):
            continue
        middle = name[len(stem) : len(name) - len(suffix)]
        syncthing = middle.startswith(".sync-conflict-")
        copy = middle.startswith(" (") and middle.endswith(")") and "conflicted copy" in middle
        if syncthing or copy:
            found.append(folder / name)
    return sorted(found)


def decoded(tables: Tables) -> dict[str, dict[str, Any]]:
    return {
        name: {k: msgspec.json.decode(v) for k, v in docs.items()} for name, docs in tables.items()
    }


def encoded(tables: dict[str, dict[str, Any]]) -> Tables:
    return {
        name: {k: Raw(msgspec.json.encode(v)) for k, v in docs.items()}
        for name, docs in tables.items()
    }


def read_copy(path: Path) -> dict[str, dict[str, Any]]:
    """A conflict copy's tables (raises DataFileError if it is not a data file)."""
    return decoded(storage.read_file(path).tables)


def put_away(copy: Path, data_file: Path) -> Path:
    """Move a merged copy into the backups folder beside the data file, keeping its
    name (a number is added if one of that name is there already)."""
    folder = data_file.parent / BACKUPS
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / copy.name
    n = 1
    while target.exists():
        target = folder / f"{copy.stem}.{n}{copy.suffix}"
        n += 1
    os.replace(copy, target)
    return target


def merge_files(base: Path, ours: Path, theirs: Path) -> None:
    """git's merge driver (`%O %A %B`): both branches' versions of the data file
    merged into `ours`, using the common ancestor when git has one (a field one
    side left as it was takes the other side's value). Raises DataFileError."""
    ancestor = read_copy(base) if base.exists() and base.stat().st_size else {}
    merged = merge.merge_three(ancestor, read_copy(ours), read_copy(theirs))
    storage.write_atomic(ours, storage.encode_tables(encoded(merged)))


__all__ = ["DataFileError", "conflict_copies", "merge_files", "put_away", "read_copy"]
