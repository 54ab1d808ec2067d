"""The data file on disk: a TinyDB JSON file, read whole, written atomically.

Format (TinyDB's own): an object of tables, each an object of documents keyed by
their numeric id as a string. Table `_meta` holds `{"schema": N}`.

Why not TinyDB's `JSONStorage` in the app: it rewrites the file in place (a kill
mid-write corrupts it), takes no lock, and re-reads and re-writes the whole file on
every operation. Here every document is kept as the raw JSON bytes the file held
(`msgspec.Raw`), so loading 30,000 contacts parses only what is validated, a save
copies unchanged documents verbatim, and unknown fields survive. TinyDB itself
reads the file as it is (the tests check it); the README says how a script writes
to it safely.
"""

from __future__ import annotations

import contextlib
import errno
import mmap
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from networking_tui.data.migrations import migrate
from networking_tui.data.reading import PATH_REMEDY as PATH_REMEDY
from networking_tui.data.reading import PERMISSION_REMEDY as PERMISSION_REMEDY
from networking_tui.data.reading import Buffer as Buffer
from networking_tui.data.reading import DataFileError as DataFileError
from networking_tui.data.reading import Prefetch as Prefetch
from networking_tui.data.reading import Signature as Signature
from networking_tui.data.reading import data_path as data_path
from networking_tui.data.reading import exists as exists
from networking_tui.data.reading import open_regular, write_all
from networking_tui.data.reading import read_buffer as read_buffer
from networking_tui.data.reading import read_bytes as read_bytes
from networking_tui.data.reading import signature as signature

if TYPE_CHECKING:
    from filelock import FileLock
from networking_tui.domain.model import SCHEMA_VERSION

Raw = msgspec.Raw
Tables = dict[str, dict[str, Raw]]

LOCK_TIMEOUT = 10.0
WRITE_BUFFER = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a link planted at the lock's path is not followed
_TABLES = msgspec.json.Decoder(Tables)
_encode = msgspec.json.encode


class SaveError(Exception):
    """A write failed (full disk, read-only folder, lock held too long)."""


@dataclass
class FileData:
    tables: Tables
    signature: Signature | None
    migrated_from: int | None = None
    # The bytes the tables' documents are views into (see Backing); None when
    # they are not (no file yet, or an older schema upgraded in memory).
    source: bytes | None = None


def make_folder(folder: Path) -> None:
    """Create the folder and any missing parents, each 0700 whatever the umask:
    they hold personal data. Folders that exist are left as they are."""
    if folder.is_dir():
        return
    missing = [folder, *(p for p in folder.parents if not p.exists())]
    for part in reversed(missing):
        try:
            os.mkdir(part, 0o700)
        except FileExistsError:
            if not part.is_dir():
                raise
            continue
        os.chmod(part, 0o700)  # the umask may have taken bits away (or left them)


def lock_path(path: Path) -> Path:
    """The lock file beside the data file at `path`."""
    return path.with_name(path.name + ".lock")


def file_lock(path: Path) -> FileLock:
    """The lock every writer (app, shell command, script) takes around read-check-write."""
    from filelock import FileLock  # first needed at the first save, not at start-up

    make_folder(path.parent)
    return FileLock(lock_path(path), timeout=LOCK_TIMEOUT, mode=0o600, preserve_lock_file=True)


def cannot(path: Path, error: OSError) -> SaveError:
    """A failed write, with the reason in plain words."""
    folder = path.parent
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        reason = f"permission denied in the folder {folder}"
    elif code == errno.EROFS:
        reason = f"the folder {folder} is on a read-only file system"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), folder)
        reason = f"{blocker} is a file, not a folder"
    elif code == errno.ENOENT:
        reason = f"the folder {folder} does not accept new files"
    elif code == errno.ENOSPC:
        reason = "the disk is full"
    elif code == errno.EDQUOT:
        reason = "your disk quota is used up"
    else:
        reason = f"{error.strerror or error} (in the folder {folder})"
    return SaveError(f"cannot save {path}: {reason}")


def _open_lock_file(path: Path) -> None:
    """Create the lock file now if it is missing: filelock retries a failed create
    for the whole timeout, which would turn a folder that can never be written to
    into ten silent seconds and a wrong "held by another program"."""
    try:
        make_folder(path.parent)
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as error:
        raise cannot(path, error) from error
    os.close(fd)


def check_writable(path: Path) -> None:
    """Raise SaveError now if the file's folder cannot take the lock and a new file."""
    _open_lock_file(path)
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise cannot(path, error) from error
    os.close(fd)
    with contextlib.suppress(FileNotFoundError):  # tidied away by another start
        os.unlink(probe)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    from filelock import Timeout

    _open_lock_file(path)
    try:
        with file_lock(path):
            yield
    except Timeout as error:
        raise SaveError(
            f"another program has held {path}.lock for more than {LOCK_TIMEOUT:.0f} s"
        ) from error


def empty_tables() -> Tables:
    return {"_meta": {"1": Raw(_encode({"schema": SCHEMA_VERSION}))}, "contacts": {}}


def read_file(path: Path, prefetch: Prefetch[bytes] | None = None) -> FileData:
    """Read, check the overall shape, and migrate an older schema (in memory only).

    Per-contact validation is the store's job (it decodes each document anyway).
    Raises DataFileError; never writes. `prefetch`: the file read ahead, used if
    it is still the file (see Prefetch.current).
    """
    data, sig = prefetch.current() if prefetch is not None else read_bytes(path)
    return parse(path, data, sig)


def map_bytes(path: Path) -> tuple[Buffer | None, Signature | None]:
    """As read_bytes, the file mapped rather than copied: the page cache's pages
    themselves (at 30,000 contacts, nothing to copy against 45 ms for the read).
    Private: what this process writes into it (halves.Split) stays its own.
    Only where a crash costs nothing (the forked child of first_read.py): another
    program cutting the file short in place meanwhile would kill the process
    (SIGBUS); the app's own saves replace the file and leave a mapping whole."""
    opened = open_regular(path)
    if opened is None:
        return None, None
    fd, sig = opened
    try:
        if not sig[1]:
            return b"", sig  # an empty file cannot be mapped
        prot = mmap.PROT_READ | mmap.PROT_WRITE
        return mmap.mmap(fd, 0, flags=mmap.MAP_PRIVATE, prot=prot), sig
    except OSError as error:
        raise DataFileError(path, f"it cannot be read ({error.strerror})") from error
    finally:
        os.close(fd)


def parse(path: Path, data: bytes | None, sig: Signature | None) -> FileData:
    """Check the overall shape of the bytes read and migrate an older schema."""
    if data is None or sig is None:
        return FileData(empty_tables(), None)
    if not data:
        raise DataFileError(path, "the file is empty (0 bytes), not a TinyDB file")
    # Only a file that starts with white space is stripped: strip() copies the whole
    # file (a second 200 MB at 100,000 contacts, the session's peak).
    if data[:1].isspace() and not data.strip():
        problem = f"the file holds only white space ({len(data):,} bytes), not a TinyDB file"
        raise DataFileError(path, problem)
    try:
        tables = _TABLES.decode(data)
    except RecursionError as error:
        raise DataFileError(
            path,
            "it is JSON nested too deeply to read (lists or objects inside each "
            "other hundreds of levels deep), not a file networking-tui wrote",
        ) from error
    except msgspec.ValidationError as error:
        # The shape is checked as it is read: a cut-off file can fail it first.
        _well_formed(path, data)
        raise DataFileError(
            path,
            "it is JSON but not a TinyDB file: it must be an object of tables, each an "
            f"object of documents ({_where(error)})",
        ) from error
    except msgspec.DecodeError as error:
        raise DataFileError(path, f"it is not valid JSON ({_lower(error)})") from error
    schema = _schema_of(path, tables)
    if schema > SCHEMA_VERSION:
        raise DataFileError(
            path,
            f"it was written by a newer networking-tui (schema {schema}; this version "
            f"reads schema {SCHEMA_VERSION} and older)",
            # Nothing is wrong with the file: repairing or restoring it would lose work.
            "Upgrade networking-tui to open it; the file itself needs no change.",
        )
    if schema < SCHEMA_VERSION:
        try:
            tables = migrate(tables, schema)
        except ValueError as error:
            problem = f"it could not be upgraded from schema {schema}: {error}"
            raise DataFileError(path, problem) from error
        return FileData(tables, sig, migrated_from=schema)
    return FileData(tables, sig, source=data)


def _well_formed(path: Path, data: Buffer) -> None:
    """Raise, as `parse` does, if `data` is not JSON at all (Raw: checked, not built)."""
    try:
        msgspec.json.decode(data, type=msgspec.Raw)
    except msgspec.DecodeError as error:
        raise DataFileError(path, f"it is not valid JSON ({_lower(error)})") from error


def _schema_of(path: Path, tables: Tables) -> int:
    meta = tables.get("_meta")
    if not meta:
        return 0  # written before the schema was versioned, or by a script
    for raw in meta.values():
        try:
            doc = msgspec.json.decode(raw)
        except msgspec.DecodeError:  # pragma: no cover - the outer decode checked it
            continue
        if isinstance(doc, dict) and "schema" in doc:
            value = doc["schema"]
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return value
            raise DataFileError(path, f"_meta.schema must be a whole number, not {value!r}")
    raise DataFileError(path, 'table _meta has no {"schema": N} document')


def _where(error: msgspec.ValidationError) -> str:
    return _lower(error).replace("`$", "`file").replace(" - at ", " at ")


def _lower(error: Exception) -> str:
    text = str(error)
    if text[1:2].isupper():  # an acronym: "JSON is malformed"
        return text
    return text[:1].lower() + text[1:]


def encode_tables(
    tables: Mapping[str, Mapping[str, Raw | int]], backing: Backing | None = None
) -> Iterator[bytes | Raw]:
    """The file's bytes in pieces, so a large save never holds the interpreter long.

    One document per line (still one JSON object, still a TinyDB file): `git diff`
    then shows which contacts changed, and a line-based merge has lines to work on.
    A document given as a span (an int, see Backing) is copied from `backing`, the
    file it was read from, with the documents after it in one piece when the file
    holds them one a line as written here (raises StaleFile if that file was
    rewritten in place meanwhile).
    """
    for piece in encode_pieces(tables, backing):
        if isinstance(piece, FileRange):
            yield from piece.chunks()
        else:
            yield piece


def encode_pieces(
    tables: Mapping[str, Mapping[str, Raw | int]],
    backing: Backing | None = None,
    layouts: Mapping[str, Layout] | None = None,
) -> Iterator[bytes | Raw | FileRange]:
    """As encode_tables, but each piece of `backing` copied as it is comes as a
    FileRange, for write_atomic to copy through one buffer.
    A table with a Layout (of `backing`) is written from it: the lines between
    the documents changed since in one piece each, not a look at every one."""
    yield b"{"
    for t, (name, docs) in enumerate(tables.items()):
        yield (b",\n" if t else b"\n") + _encode(name) + b":{"
        layout = layouts.get(name) if layouts is not None else None
        if layout is not None:
            assert backing is not None
            yield from layout.pieces(docs, backing)
            yield b"\n}"
            continue
        run, end = -1, -1  # a piece of the backing file not yet yielded
        for d, (doc_id, raw) in enumerate(docs.items()):
            if isinstance(raw, int):
                start = raw >> SPAN_BITS
                if run >= 0 and raw & _AFTER_LINE_BREAK and start == end + len(doc_id) + 5:
                    end = start + (raw & _SIZE)  # preceded by `,\n"id":` as written here
                    continue
            if run >= 0:
                assert backing is not None
                yield FileRange(backing, run, end)
                run = -1
            yield (b',\n"' if d else b'\n"') + doc_id.encode() + b'":'
            if isinstance(raw, int):
                run, end = raw >> SPAN_BITS, (raw >> SPAN_BITS) + (raw & _SIZE)
            else:
                yield raw
        if run >= 0:
            assert backing is not None
            yield FileRange(backing, run, end)
        yield b"\n}"
    yield b"\n}\n"


class StaleFile(DataFileError):
    """The file documents are read back from was rewritten in place (not replaced,
    as every writer that takes the lock does): what it held is gone."""


# A span: the offset << SPAN_BITS | _AFTER_LINE_BREAK if the document follows
# `,\n"id":` in the file (as encode_tables writes it) | the length (under 2 GB).
SPAN_BITS = 32
_AFTER_LINE_BREAK = 1 << 31
_SIZE = _AFTER_LINE_BREAK - 1
_WINDOW = 1 << 20


@dataclass(frozen=True)
class FileRange:
    """Bytes `start` to `end` of a Backing file, to be copied as they are."""

    backing: Backing
    start: int
    end: int

    def chunks(self) -> Iterator[bytes]:
        return self.backing.chunks(self.start, self.end)


@dataclass
class Layout:
    """A table's documents as its Backing file holds them: one a line, in order,
    as encode_tables writes them, from `start` (the first line's line break) to
    `end`. The documents changed or removed since (their lines in the file) and
    those added (in order) are noted as they change (`changing`), so that a save
    copies the lines in between as they are, a piece each, whatever their number
    (a look at each of 30,000 documents was 8 ms of every save)."""

    start: int
    end: int
    changed: dict[str, tuple[int, int]]  # doc id -> its line in the file
    added: dict[str, None]  # doc ids added since, in their order in the table

    @classmethod
    def of(cls, docs: Mapping[str, Raw | int], source: bytes) -> Layout | None:
        """The layout of `docs` if each is held as its span in `source`, one a line,
        in order, the first right after the table's opening; else None."""
        start = end = -1
        for d, (doc_id, span) in enumerate(docs.items()):
            if not isinstance(span, int):
                return None
            at = span >> SPAN_BITS
            if d == 0:
                lead = b'\n"' + doc_id.encode() + b'":'
                start = at - len(lead)
                if not doc_id.isascii() or source[start:at] != lead:
                    return None
                if source[start - 2 : start] != b":{":
                    return None
            elif not span & _AFTER_LINE_BREAK or at - len(doc_id) - 5 != end:
                return None
            end = at + (span & _SIZE)
        return None if start < 0 else cls(start, end, {}, {})

    def changing(self, doc_id: str, held: Raw | int | None) -> None:
        """Note that document `doc_id`, held as `held` (None: not in the table), is
        about to change, be removed or be added."""
        if held is None:
            self.added[doc_id] = None
        elif isinstance(held, int):  # as in the file until now
            at, first = held >> SPAN_BITS, not held & _AFTER_LINE_BREAK
            self.changed[doc_id] = (at - len(doc_id) - (4 if first else 5), at + (held & _SIZE))

    def removing(self, doc_id: str, held: Raw | int) -> None:
        self.changing(doc_id, held)
        self.added.pop(doc_id, None)

    def copy(self) -> Layout:
        return Layout(self.start, self.end, dict(self.changed), dict(self.added))

    def pieces(
        self, docs: Mapping[str, Raw | int], backing: Backing
    ) -> Iterator[bytes | Raw | FileRange]:
        first = True

        def lines(start: int, end: int) -> FileRange:
            nonlocal first
            if first and start != self.start:
                start += 1  # its comma left out: the first line now
            first = False
            return FileRange(backing, start, end)

        def line(doc_id: str, raw: Raw | int) -> Iterator[bytes | Raw | FileRange]:
            nonlocal first
            yield (b'\n"' if first else b',\n"') + doc_id.encode() + b'":'
            first = False
            if isinstance(raw, int):  # pragma: no cover - a change holds new bytes
                yield backing.read(raw)
            else:
                yield raw

        at = self.start
        for doc_id, (start, end) in sorted(self.changed.items(), key=lambda kv: kv[1]):
            if start > at:
                yield lines(at, start)
            at = end
            raw = docs.get(doc_id)
            if raw is not None and doc_id not in self.added:  # else it is last now
                yield from line(doc_id, raw)
        if self.end > at:
            yield lines(at, self.end)
        for doc_id in self.added:
            raw = docs.get(doc_id)
            if raw is not None:
                yield from line(doc_id, raw)


class Backing:
    """The file a version of the tables was read from, kept open, so that documents
    need not stay in memory: each is read back by its span (offset and length), a
    few microseconds each. Every writer that takes the lock replaces the file, so
    what this open file holds never changes; one that rewrote it in place is
    noticed (its size or time changed) and reading raises StaleFile.
    """

    def __init__(self, path: Path, fd: int, sig: Signature) -> None:
        self.path = path
        self._fd = fd
        self._sig = sig

    @classmethod
    def open(cls, path: Path, sig: Signature | None) -> Backing | None:
        """The file at `path` if it is still the one with signature `sig`."""
        if sig is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_NOCTTY)
        except OSError:
            return None
        st = os.fstat(fd)
        if (st.st_ino, st.st_size, st.st_mtime_ns) != sig or not stat.S_ISREG(st.st_mode):
            os.close(fd)
            return None
        return cls(path, fd, sig)

    def __del__(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.close(self._fd)

    def _pread(self, size: int, start: int) -> bytes:
        st = os.fstat(self._fd)
        if (st.st_ino, st.st_size, st.st_mtime_ns) != self._sig:
            raise StaleFile(self.path, "it was rewritten in place by another program while open")
        data = os.pread(self._fd, size, start)
        if len(data) < size:  # pragma: no cover - the size was just seen unchanged
            raise StaleFile(self.path, "it is shorter than when it was read")
        return data

    def read(self, span: int) -> Raw:
        """One document (raises StaleFile)."""
        return Raw(self._pread(span & _SIZE, span >> SPAN_BITS))

    def reader(self) -> Callable[[int], Raw]:
        """`read` for a pass over many documents in file order: a megabyte read at
        a time (not one call per document), for one thread."""
        window = b""
        at = 0

        def read(span: int) -> Raw:
            nonlocal window, at
            start, size = span >> SPAN_BITS, span & _SIZE
            if not (at <= start and start + size <= at + len(window)):
                window = self._pread(max(size, min(_WINDOW, self._sig[1] - start)), start)
                at = start
            return Raw(window[start - at : start - at + size])

        return read

    def chunks(self, start: int, end: int) -> Iterator[bytes]:
        """The file's bytes from `start` to `end`, a megabyte at a time."""
        while start < end:
            size = min(_WINDOW, end - start)
            yield self._pread(size, start)
            start += size

    def check(self) -> None:
        """Raise StaleFile if the file was rewritten in place since it was read."""
        st = os.fstat(self._fd)
        if (st.st_ino, st.st_size, st.st_mtime_ns) != self._sig:
            raise StaleFile(self.path, "it was rewritten in place by another program while open")

    def copy_to(self, out: int, start: int, end: int, buffer: bytearray) -> None:
        """The file's bytes from `start` to `end` written to the file open as `out`,
        at its position, through `buffer` (reused: a new megabyte per read was a
        megabyte of fresh pages to fault in each time). Raises StaleFile as `read`
        does. (os.copy_file_range, tried, cost a third more CPU on ext4.)"""
        self.check()
        view = memoryview(buffer)
        while start < end:
            size = os.preadv(self._fd, [view[: min(len(buffer), end - start)]], start)
            if size <= 0:  # pragma: no cover - the size was just seen unchanged
                raise StaleFile(self.path, "it is shorter than when it was read")
            write_all(out, view[:size])
            start += size
        self.check()  # not rewritten while being copied either

    def spans(self, source: bytes, docs: Mapping[str, Raw | int]) -> dict[str, int]:
        """Where each document held as a view into `source` (the bytes read from
        this file) lies in it, for those found there byte for byte. Documents come
        in file order, each after its id and a colon: looked for first where
        encode_tables would have put it, then after its id."""
        found: dict[str, int] = {}
        pos = 0
        for doc_id, raw in docs.items():
            if isinstance(raw, int):
                continue
            size = len(raw)
            key = _encode(doc_id)
            lead = b",\n" + key + b":"
            start = pos + len(lead)
            if source.startswith(lead, pos) and source.startswith(raw, start):
                found[doc_id] = start << SPAN_BITS | _AFTER_LINE_BREAK | size
                pos = start + size
                continue
            start = source.find(b":", source.find(key, pos)) + 1
            while source[start : start + 1].isspace():
                start += 1
            if not source.startswith(raw, start):
                # Looked for a little further only: a document changed in memory is
                # in no place in the file, and looking through all of it for each
                # such document would take seconds.
                start = source.find(raw, pos, pos + size + 4096)
                if start < 0 or size > _SIZE:
                    continue  # not a view into this file (changed in memory): kept
            span = start << SPAN_BITS | size
            if doc_id.isascii() and source.startswith(lead, start - len(lead)):
                span |= _AFTER_LINE_BREAK
            found[doc_id] = span
            pos = start + size
        return found


def write_atomic(
    path: Path, chunks: Iterable[bytes | Raw | FileRange], *, keep_old_as: Path | None = None
) -> Signature:
    """Temporary file, flush, fsync, rename over the old one, fsync the folder.

    A kill at any moment leaves either the old file or the new one, never a mix.
    The file is created 0600: contacts are personal data. `keep_old_as`: the old
    file stays under that name (the backup), as a hard link made just before the
    rename: no copy on the save's path, whatever the file's size.
    """
    make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=0) as out:
            _write_pieces(out.fileno(), chunks)
            os.fsync(out.fileno())
        linked = keep_old_as is not None and _link_old(path, keep_old_as)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if linked and keep_old_as is not None:
        with contextlib.suppress(OSError):  # only the backup holds the old file now
            os.chmod(keep_old_as, 0o600)
    _fsync_dir(path.parent)
    sig = signature(path)
    assert sig is not None
    return sig


def _write_pieces(fd: int, pieces: Iterable[bytes | Raw | FileRange]) -> None:
    """Small pieces gathered a megabyte at a time: with 8 KB writes, 65 MB went
    to the kernel in 8,000 calls (100 ms of CPU at 30,000 contacts; 25 ms so).
    A FileRange is copied through one buffer (Backing.copy_to)."""
    pending: list[bytes | Raw] = []
    size = 0
    buffer: bytearray | None = None
    for piece in pieces:
        if isinstance(piece, FileRange):
            if pending:
                write_all(fd, b"".join(pending))
                pending, size = [], 0
            if buffer is None:
                buffer = bytearray(_WINDOW)
            piece.backing.copy_to(fd, piece.start, piece.end, buffer)
            continue
        pending.append(piece)
        size += len(piece)
        if size >= WRITE_BUFFER:
            write_all(fd, b"".join(pending))
            pending, size = [], 0
    if pending:
        write_all(fd, b"".join(pending))


def _link_old(path: Path, target: Path) -> bool:
    """Give the file about to be replaced a second name, `target`; copy it where
    the file system has no hard links. False if there is no file to keep."""
    if not path.exists():
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # a free name beside the file, swept like any temporary if killed
    try:
        os.link(path, tmp)
    except OSError:  # no hard links here (some network and FAT file systems)
        write_atomic(target, _read_chunks(path))
        return False
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def backup_path(path: Path, suffix: str = ".bak") -> Path:
    """Where the file as it was before a session's first save is kept."""
    return path.with_name(path.name + suffix)


def _read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            yield chunk


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed writer left behind; call with the lock held."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def tidy(path: Path) -> None:
    """At start: remove what a killed writer left behind (full copies of the data),
    if no other program is writing now (else the next save does it)."""
    if not any(path.parent.glob(f".{path.name}.*.tmp")):
        return
    from filelock import Timeout  # imported here: 14 ms of a start that needs none

    try:
        with file_lock(path).acquire(timeout=0):
            remove_stale_temporaries(path)
    except (Timeout, OSError):
        pass


__all__ = [
    "Backing",
    "DataFileError",
    "FileData",
    "FileRange",
    "Layout",
    "Raw",
    "SaveError",
    "StaleFile",
    "Tables",
    "backup_path",
    "cannot",
    "check_writable",
    "data_path",
    "empty_tables",
    "encode_pieces",
    "encode_tables",
    "exists",
    "file_lock",
    "locked",
    "make_folder",
    "read_file",
    "remove_stale_temporaries",
    "signature",
    "tidy",
    "write_atomic",
]
