"""The shell commands: `add`, `log`, `agenda`, `export ics`.

The actions are the use cases the app calls too (networking_tui/usecases).

`add` and `log` hold the file lock from reading the file to writing it, so what they check
(is this person already here? who does this name mean?) is the file as it is
when it writes: of ten identical `add`s fired at once, one adds and nine are
refused. The app takes the same lock for each save and reloads the file within
about a second.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from networking_tui.data import storage
from networking_tui.data.paths import DB_ENV
from networking_tui.data.storage import DataFileError, SaveError
from networking_tui.data.store import ContactStore, refuse_unreadable
from networking_tui.domain import clock
from networking_tui.domain.agenda import LATER_DAYS, Agenda, Event, plain_text
from networking_tui.usecases import Refused, planning

if TYPE_CHECKING:
    from networking_tui.domain.capture import AmbiguousName

# `add` and `log` import what they use (the one-line grammar, the use cases that
# change contacts) when they run: `agenda` and the queries do not need them.

EXIT_OK, EXIT_REFUSED = 0, 2
ICS_DAYS = 366  # how far ahead the calendar file reaches

# What a command read, held until its process ends (cli.main ends it with os._exit)
# rather than freed object by object on return: 50 ms after an agenda at 30,000
# contacts. None: the command runs in a longer process (a test), which frees it.
_until_exit: list[object] | None = None


def keep_until_exit() -> None:
    """This process ends with the command: what it reads need not be freed."""
    global _until_exit
    _until_exit = []


def _keep(*objects: object) -> None:
    if _until_exit is not None:
        _until_exit.extend(objects)


def _fail(command: str, message: str) -> int:
    print(f"networking-tui {command}: {message}. Nothing was saved.", file=sys.stderr)
    return EXIT_REFUSED


def _open(
    command: str, path: Path, prefetch: storage.Prefetch[bytes] | None = None
) -> ContactStore | int:
    """The file, with only the board's fields of each contact decoded and checked:
    a command validates what it touches (the whole file, at 30,000 contacts, took
    most of a second; the app checks all of it when it opens the file)."""
    try:
        return ContactStore.open_cards(path, prefetch)
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED


def _locked(
    command: str,
    path: Path,
    work: Callable[[ContactStore], int],
    *,
    creates: bool = False,
    prefetch: storage.Prefetch[bytes] | None = None,
) -> int:
    """Open the file, `work` on it, and write, all under the file lock.

    What can be refused without the lock is refused first, so that a refused
    command creates nothing (no folder, no lock file). `creates`: a missing file
    is started (add); otherwise it is an error (log). `prefetch`: the file read
    ahead, used under the lock only if it is still the file."""
    try:
        if not creates and not storage.exists(path):
            return _no_file(command, path)
        refuse_unreadable(path)
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED
    try:
        with storage.locked(path):
            store = _open(command, path, prefetch)
            if isinstance(store, int):
                return store
            _keep(store)
            return work(store)
    except SaveError as error:
        return _fail(command, str(error))


def _save(command: str, store: ContactStore, done: str) -> int:
    from networking_tui.domain.capture import one_line

    result = store.sync(lock_held=True)
    if result.error:
        return _fail(command, result.error)
    print(one_line(done))
    return EXIT_OK


def add(
    path: Path,
    line: str,
    *,
    allow_duplicate: bool = False,
    allow_early_ask: bool = False,
    prefetch: storage.Prefetch[bytes] | None = None,
) -> int:
    from networking_tui.domain.capture import CaptureError, parse_quick_add
    from networking_tui.usecases import contacts

    try:
        entry = parse_quick_add(line, clock.today())
    except CaptureError as error:
        return _fail("add", str(error))

    def work(store: ContactStore) -> int:
        try:
            done = contacts.add_checked(
                store, entry, allow_duplicate=allow_duplicate, allow_early_ask=allow_early_ask
            )
        except Refused as refused:
            return _fail("add", str(refused))
        return _save("add", store, done.message.removesuffix("."))

    if not path.exists():  # a new file: refused on an empty one before any folder is made
        empty = ContactStore(path, storage.parse(path, None, None))
        try:
            contacts.add_checked(empty, entry, allow_early_ask=allow_early_ask)
        except Refused as refused:
            return _fail("add", str(refused))

    return _locked("add", path, work, creates=True, prefetch=prefetch)


def log(
    path: Path,
    line: str,
    *,
    allow_early_ask: bool = False,
    prefetch: storage.Prefetch[bytes] | None = None,
) -> int:
    from networking_tui.domain.capture import (
        AmbiguousName,
        CaptureError,
        parse_log_line,
        resolve,
    )
    from networking_tui.domain.dates import readable
    from networking_tui.domain.rules import a_touch
    from networking_tui.usecases import touches

    try:
        entry = parse_log_line(line, clock.today())
    except CaptureError as error:
        return _fail("log", str(error))

    def work(store: ContactStore) -> int:
        try:
            card = resolve(entry.who, store.names(), store.contact)
        except AmbiguousName as error:
            return _fail("log", _namesakes(store, error, line))
        except CaptureError as error:
            return _fail("log", str(error))
        reasons = (
            [] if allow_early_ask else touches.too_early_to_log(store, card.uid or "", entry.kind)
        )
        if reasons:
            return _fail(
                "log",
                f"an ask with {card.name} is too early: {'; '.join(reasons)}. "
                "Use --allow-early-ask to log it anyway",
            )
        done = touches.log_line(store, card.uid or "", entry)
        due = (done.change.after or {}).get("next_touch")
        when = f"; next touch {readable(due)}" if due else ""
        note = f": {entry.note}" if entry.note else ""
        return _save("log", store, f"Logged {a_touch(entry.kind)} with {card.name}{note}{when}")

    return _locked("log", path, work, prefetch=prefetch)


def _namesakes(store: ContactStore, error: AmbiguousName, line: str) -> str:
    """Who an ambiguous name could be, one per line, and how to pick one."""
    from networking_tui.domain.capture import tell_apart

    shown = error.candidates[:10]
    rows = [f"  {c.uid}  {c.name} · {tell_apart(store.contact(c.uid or ''))}" for c in shown]
    if len(error.candidates) > len(shown):
        rows.append(f"  … and {len(error.candidates) - len(shown)} more: type more of the name")
    rest = line.partition(":")[2].strip()
    example = f'"{shown[0].uid}: {rest}"'
    return (
        f"{error.who!r} could be {len(error.candidates)} contacts:\n"
        + "\n".join(rows)
        + f"\nPick one by its uid ({example}), or add what tells them apart in brackets, "
        f'e.g. "{shown[0].name} (company or place met): ..."'
    )


def _no_file(command: str, path: Path) -> int:
    print(
        f"networking-tui {command}: there is no data file at {path}. Check --db or "
        f"${DB_ENV}; the app (or `networking-tui add`) creates the file.",
        file=sys.stderr,
    )
    return EXIT_REFUSED


def open_existing(command: str, path: Path) -> ContactStore | int:
    """For commands that only read: a missing file is a mistake (a typo in --db),
    not an empty agenda."""
    try:
        if not storage.exists(path):
            return _no_file(command, path)
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED
    return _open(command, path)


def _agenda(
    command: str, path: Path, days: int, prefetch: storage.Prefetch[storage.Buffer] | None
) -> Agenda | int:
    """Today's agenda from the file, reading only what it needs (data/agenda_read.py);
    `prefetch`: the file being read already."""
    try:
        if not storage.exists(path):
            return _no_file(command, path)
        return planning.file_agenda(path, days=days, prefetch=prefetch, keep=_until_exit)
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED


def _event_json(event: Event) -> dict:
    return {
        "name": event.name,
        "date": event.day.isoformat(),
        "place": event.place,
        "contacts": list(event.people),
    }


def agenda(
    path: Path,
    *,
    as_json: bool = False,
    days: int = LATER_DAYS,
    prefetch: storage.Prefetch[storage.Buffer] | None = None,
) -> int:
    result = _agenda("agenda", path, days, prefetch)
    if isinstance(result, int):
        return result
    _keep(result)
    if as_json:
        week = result.week
        payload = {
            "date": result.today.isoformat(),
            "week": week.__dict__ if week else None,
            "items": [item.as_json() for item in result.items],
            "next_due": result.next_up.as_json() if result.next_up else None,
            "events": [_event_json(e) for e in result.events],
            "recent_events": [_event_json(e) for e in result.recent_events],
        }
        # The bytes json.dumps(indent=2, ensure_ascii=False) writes, ten times faster
        # (its indenting encoder is pure Python: 0.3 s at 30,000 contacts).
        text = msgspec.json.format(msgspec.json.encode(payload), indent=2).decode()
        sys.stdout.write(text + "\n")
    else:
        sys.stdout.write(plain_text(result))
    return EXIT_OK


def export_ics(
    path: Path, target: Path, *, prefetch: storage.Prefetch[storage.Buffer] | None = None
) -> int:
    result = _agenda("export", path, ICS_DAYS, prefetch)
    if isinstance(result, int):
        return result
    _keep(result)
    folder = target.parent
    if not folder.is_dir():
        return _fail("export", f"the folder {folder} does not exist; create it first")
    if target.is_dir():
        return _fail("export", f"{target} is a folder; give a file name such as {target}/x.ics")
    from networking_tui.domain.export import calendar  # only here

    try:  # written as it is made: a problem found meanwhile leaves no file
        storage.write_atomic(target, calendar(result, clock.now()))
    except OSError as error:
        return _fail("export", f"cannot write {target}: {error.strerror or error}")
    print(f"Wrote {target}")
    return EXIT_OK
