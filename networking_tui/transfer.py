"""Shell commands that bring people in and take everything out:
`import linkedin|vcard FILE`, `export csv|vcard|json FILE|-`, `backups`, `restore`.

An import holds the file lock from reading the data file to writing it (as
`add` does), so the app open on the same file loses nothing: it reloads and
re-applies its own unsaved changes on top. The progress bar is drawn here, in
the shell layer, and only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from networking_tui.data import backups, storage
from networking_tui.data.paths import DB_ENV
from networking_tui.data.storage import DataFileError, SaveError
from networking_tui.data.store import ContactStore, refuse_unreadable
from networking_tui.domain import clock
from networking_tui.domain.formats import csvfile, vcard
from networking_tui.domain.text import counted
from networking_tui.usecases import importing
from networking_tui.usecases.result import Refused

EXIT_OK, EXIT_REFUSED = 0, 2
BAR_FROM_ROWS = 1000  # smaller files are done before a bar would be read


def _fail(command: str, message: str, saved: bool = False) -> int:
    tail = "" if saved else " Nothing was saved."
    print(f"networking-tui {command}: {message}.{tail}", file=sys.stderr)
    return EXIT_REFUSED


@contextmanager
def _bar(total: int) -> Iterator[Callable[[int], None] | None]:
    if total < BAR_FROM_ROWS:
        yield None
        return
    from tqdm import tqdm  # only on the terminal; disable=None: off when not a TTY

    with tqdm(total=total, unit=" people", file=sys.stderr, disable=None, leave=False) as bar:

        def progress(done: int) -> None:
            bar.update(done - bar.n)

        yield progress


def import_file(
    path: Path, kind: str, file: Path, *, stage: str | None = None, dry_run: bool = False
) -> int:
    """`networking-tui import linkedin|vcard FILE`: prints the summary."""
    try:
        text = importing.read_text(file)
    except Refused as error:
        return _fail("import", str(error))
    try:
        refuse_unreadable(path)  # before the lock file is made: a refusal creates nothing
        with storage.locked(path):
            # A large data file is checked in a forked child while the import file
            # is parsed here (2 cores: a second less at 30,000 contacts).
            store, confirm = ContactStore.open_fast(path)
            try:
                parsed = importing.parse(kind, text, file)
            finally:
                confirm()
            with _bar(len(parsed.people)) as progress:
                summary = importing.import_people(
                    store,
                    parsed,
                    source=file.name,
                    stage=stage or importing.STAGES[kind],
                    tags=importing.TAGS[kind],
                    dry_run=dry_run,
                    progress=progress,
                )
            if summary.changed and not dry_run:
                result = store.sync(lock_held=True)
                if result.error:
                    return _fail("import", result.error)
    except Refused as error:  # not a file of its kind
        return _fail("import", str(error))
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED
    except SaveError as error:
        return _fail("import", str(error))
    print(summary.text())
    return EXIT_OK


def _open_existing(command: str, path: Path) -> ContactStore | int:
    if not path.exists():
        print(
            f"networking-tui {command}: there is no data file at {path}. Check --db or "
            f"${DB_ENV}; the app (or `networking-tui add`) creates the file.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        return ContactStore.open(path)
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_REFUSED


def export_file(path: Path, fmt: str, target: str) -> int:
    """`networking-tui export csv|vcard|json FILE`; `-` writes to standard output."""
    store = _open_existing("export", path)
    if isinstance(store, int):
        return store
    if fmt == "json":
        data = store.file_bytes()
    else:
        contacts = list(store.docs("contacts").values())  # as shown: controls left out
        text = csvfile.write(contacts) if fmt == "csv" else vcard.write(contacts)
        data = text.encode()
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    file = Path(target).expanduser()
    if not file.parent.is_dir():
        return _fail("export", f"the folder {file.parent} does not exist; create it first")
    if file.is_dir():
        return _fail("export", f"{file} is a folder; give a file name such as {file}/x.{fmt}")
    try:
        storage.write_atomic(file, [data])
    except OSError as error:
        return _fail("export", f"cannot write {file}: {error.strerror or error}")
    print(f"Wrote {counted(len(store.cards), 'contact')} to {file}")
    return EXIT_OK


def _size(size: int) -> str:
    for unit in ("bytes", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    raise AssertionError  # pragma: no cover


def list_backups(path: Path) -> int:
    """`networking-tui backups`: date, contacts and size of each, oldest first."""
    found = backups.all_backups(path)
    where = backups.folder(path)
    if not found:
        print(
            f"No backups of {path} yet: one is taken in {where} before the first save of each day."
        )
        return EXIT_OK
    print(f"Backups of {path} in {where}:")
    width = max(len(backup.label) for backup in found)  # a copy before a restore is longer
    for backup in found:
        count = backups.contacts_in(backup.path)
        contacts = "not a data file" if count is None else counted(count, "contact")
        size = _size(backup.path.stat().st_size)
        print(f"  {backup.label:<{width}} {contacts:>15} {size:>10}  {backup.path.name}")
    return EXIT_OK


def restore(path: Path, wanted: str) -> int:
    """`networking-tui restore DATE|FILE`: keep the file as a backup, then restore."""
    try:
        source = backups.find(path, wanted)
    except ValueError as error:
        return _refuse_restore(str(error))
    try:
        kept = backups.restore(path, source, clock.now())
    except DataFileError as error:
        return _refuse_restore(f"{source} is not a valid data file: {error.problem}")
    except (SaveError, OSError) as error:
        return _refuse_restore(str(error))
    count = backups.contacts_in(path)
    print(
        f"Restored {path} from {source} ({counted(count or 0, 'contact')})"
        + (f"; the file as it was is kept as {kept}" if kept else "")
        + ". The app, if open, reloads it."
    )
    return EXIT_OK


def _refuse_restore(message: str) -> int:
    print(f"networking-tui restore: {message}. Nothing was changed.", file=sys.stderr)
    return EXIT_REFUSED
