"""Rolling backups of the data file, in a `backups` folder beside it.

One copy is taken before the first write of each day (by the app or a shell
command), named `<file>-YYYY-MM-DD.json`; a restore first keeps the file as it
was in `<file>-YYYY-MM-DD-HHMMSS.json`. Kept: every copy of the last 14 days,
and the first copy of each month for a year; older ones are removed. Copies are
written like the file itself (temporary file, fsync, rename) with mode 0600.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import msgspec

from networking_tui.data import storage
from networking_tui.data.storage import DataFileError

FOLDER = "backups"
KEEP_DAYS = 14
KEEP_MONTHS_DAYS = 366  # a year of monthly copies (a leap year's too)


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date
    time: str  # "" for the daily copy, else HHMMSS of a copy taken before a restore

    @property
    def label(self) -> str:
        if not self.time:
            return self.day.isoformat()
        t = self.time
        return f"{self.day.isoformat()} {t[:2]}:{t[2:4]}:{t[4:]} (before a restore)"


def folder(path: Path) -> Path:
    return path.parent / FOLDER


def _pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(path.stem)}-(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d{{6}}))?\.json")


def all_backups(path: Path) -> list[Backup]:
    """The data file's backups, oldest first."""
    pattern = _pattern(path)
    found = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in folder(path).iterdir():
            match = pattern.fullmatch(entry.name)
            if match is None:
                continue
            with contextlib.suppress(ValueError):  # a name like a date that is none
                found.append(Backup(entry, date.fromisoformat(match[1]), match[2] or ""))
    return sorted(found, key=lambda b: (b.day, b.time))


def _copy(path: Path, target: Path) -> Path:
    folder(path).mkdir(mode=0o700, exist_ok=True)
    storage.write_atomic(target, [path.read_bytes()])
    return target


def daily(path: Path, today: date, *, replacing: bool = False) -> Path | None:
    """Keep the file as it is before its first write of `today` (call under the
    file lock).

    `replacing`: the caller is about to replace the file by a rename (as every
    save does), so the backup can be a second name for the file as it is (a hard
    link: no copy of 53 MB on that save, and nobody writes to that version any
    more once the new file is renamed over it). Else, or where links fail, a copy.
    Returns the backup, or None if there was nothing to keep or today's is there.
    Raises OSError if it cannot be written (the caller saves anyway)."""
    target = folder(path) / f"{path.stem}-{today.isoformat()}.json"
    if target.exists() or not path.exists():
        return None
    folder(path).mkdir(mode=0o700, exist_ok=True)
    try:
        if not replacing:
            raise OSError("a copy was asked for")
        os.link(path, target)
        os.chmod(target, 0o600)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            if replacing and target.stat().st_ino == path.stat().st_ino:
                target.unlink()  # linked, but the mode could not be set
        _copy(path, target)
    rotate(path, today)
    return target


def before_restore(path: Path, moment: datetime) -> Path | None:
    if not path.exists():
        return None
    name = f"{path.stem}-{moment.date().isoformat()}-{moment.strftime('%H%M%S')}.json"
    return _copy(path, folder(path) / name)


def to_keep(backups: list[Backup], today: date) -> list[Backup]:
    """The last KEEP_DAYS days, and the first of each month for a year."""
    kept, months = [], set()
    for backup in backups:  # oldest first: the first of a month comes first
        age = (today - backup.day).days
        month = (backup.day.year, backup.day.month)
        if age < KEEP_DAYS or (age < KEEP_MONTHS_DAYS and month not in months):
            kept.append(backup)
        months.add(month)
    return kept


def rotate(path: Path, today: date) -> list[Path]:
    """Remove the backups no longer kept; returns them."""
    backups = all_backups(path)
    keep = {b.path for b in to_keep(backups, today)}
    removed = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


_COUNT = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])


def contacts_in(file: Path) -> int | None:
    """How many contacts a backup holds (None if it does not read as a data file)."""
    try:
        tables = _COUNT.decode(file.read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return len(tables.get("contacts", {}))


def find(path: Path, wanted: str) -> Path:
    """The backup a `restore` argument names: a date (that day's daily copy, else
    its latest), a backup's file name, or any file's path. Raises ValueError."""
    try:
        day = date.fromisoformat(wanted)
    except ValueError:
        day = None
    if day is not None:
        that_day = [b for b in all_backups(path) if b.day == day]
        if not that_day:
            raise ValueError(
                f"there is no backup of {day.isoformat()} in {folder(path)} "
                "(`networking-tui backups` lists them)"
            )
        daily_copy = [b for b in that_day if not b.time]
        return (daily_copy or that_day)[-1].path
    file = Path(wanted).expanduser()
    if not file.exists() and (folder(path) / wanted).exists():
        file = folder(path) / wanted
    if not file.is_file():
        raise ValueError(f"there is no backup file {file}")
    return file


def check(file: Path) -> None:
    """Raise DataFileError unless `file` reads as a valid data file."""
    from networking_tui.data.store import ContactStore  # the whole validation

    if file.stat().st_size == 0:
        raise DataFileError(file, "the file is empty (0 bytes of data), not a TinyDB file")
    ContactStore.open(file)


def restore(path: Path, source: Path, moment: datetime) -> Path | None:
    """Replace the data file by `source`, after keeping it as a backup; under the
    file lock, so the app open on it reloads it. Raises DataFileError (nothing
    changed) if `source` is not a valid data file. Returns the copy kept."""
    check(source)
    data = source.read_bytes()
    with storage.locked(path):
        kept = before_restore(path, moment)
        storage.write_atomic(path, [data])
    return kept
