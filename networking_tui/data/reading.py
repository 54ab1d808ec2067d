"""Reading the data file: its bytes, its signature and what is wrong with it.

Kept apart from storage.py (which imports msgspec, the schema and pendulum) so
that a shell command starts reading the file before it imports any of that:
`Prefetch` reads on a thread while the rest is imported (cli.py).
"""

from __future__ import annotations

import errno
import mmap
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

Signature = tuple[int, int, int]  # inode, size, mtime in ns: changes on every replace
# A file's bytes: read, or mapped privately (storage.map_bytes, read_buffer), which
# halves.Split cuts where they are.
Buffer = bytes | mmap.mmap


class DataFileError(Exception):
    """The data file cannot be used; the message names the file and the problem."""

    REPAIR = (
        "Fix it, restore it from a backup (`networking-tui backups` lists the daily "
        "copies and `networking-tui restore DATE` puts one back; after the app has "
        "saved, a copy named like it with .bak sits beside it too), or start another "
        "file with --db PATH."
    )

    def __init__(self, path: Path, problem: str, remedy: str = REPAIR) -> None:
        """`remedy`: what to do about it (by default: repair or restore the file)."""
        self.path = path
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{path}: {problem}")

    def explain(self) -> str:
        return (
            f"networking-tui cannot open its data file {self.path}: {self.problem}. "
            f"The file was left exactly as it was. {self.remedy}"
        )


PATH_REMEDY = "Give the path of a data file with --db PATH (or NETWORKING_TUI_DB)."
PERMISSION_REMEDY = (
    "Check its permissions (ls -l): it must be readable and writable by you; "
    "or start another file with --db PATH."
)


def write_all(fd: int, data: bytes | memoryview) -> None:
    """All of `data` to `fd`: a pipe or a file may take part of it per call."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # no such file (or no such folder)
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def data_path(path: Path) -> Path:
    """The file to read, lock and replace: a symbolic link's target (Dropbox and
    Syncthing set-ups link the data file), so a save writes through the link
    instead of replacing it. Resolve once, at start. Raises DataFileError for a
    path that cannot be reached or is not a file; creates nothing."""
    if path.is_symlink():
        try:
            path = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:  # a link to a file not created yet: create it there
            path = Path(os.path.realpath(path))
        except OSError as error:
            raise DataFileError(path, _unreachable(error), PATH_REMEDY) from error
    exists(path)
    return path


def exists(path: Path) -> bool:
    """Whether a data file is there; raises DataFileError when something other than
    a regular file is (a folder, a named pipe, a device) or the path loops."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise DataFileError(path, _unreachable(error), PATH_REMEDY) from error
    _check_regular(path, st)
    return True


def _unreachable(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "its path is a loop of symbolic links, leading to no file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "you may not open the folder it is in (permission denied)"
    return f"it cannot be reached ({error.strerror or error})"


def _check_regular(path: Path, st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    raise DataFileError(path, f"it is {kind}, not a file", PATH_REMEDY)


def read_bytes(path: Path) -> tuple[bytes | None, Signature | None]:
    """The file's bytes and signature (None, None when there is no file yet).

    Opened without blocking and checked to be a regular file before reading: a
    named pipe at the path would otherwise wait for a writer for good."""
    opened = open_regular(path)
    if opened is None:
        return None, None
    fd, sig = opened
    with os.fdopen(fd, "rb") as source:
        try:
            data = source.read()
        except OSError as error:
            raise DataFileError(path, f"it cannot be read ({error.strerror})") from error
    return data, sig


def read_buffer(path: Path) -> tuple[Buffer | None, Signature | None]:
    """As read_bytes, into a private anonymous mapping the caller may change: a shell
    agenda cuts it in two where it is (halves.Split) rather than copying each half
    (two copies of 32 MB at 30,000 contacts: 60 ms of CPU). Its pages are zeroed
    by the kernel as the read fills them, not by a memset holding the interpreter
    while the main thread imports; a forked process's changes stay its own. Bytes
    where that cannot be (no such mapping here, an empty file, or one rewritten in
    place while read)."""
    if _PRIVATE is None:
        return read_bytes(path)
    opened = open_regular(path)
    if opened is None:
        return None, None
    fd, sig = opened
    size = sig[1]
    with os.fdopen(fd, "rb", buffering=0) as source:
        try:
            if not size:
                return source.readall(), sig
            data = mmap.mmap(-1, size, flags=_PRIVATE)
            with memoryview(data) as view:
                got = 0
                while got < size and (count := source.readinto(view[got:])):
                    got += count
                rest = source.readall()
                if got == size and not rest:
                    return data, sig
                whole = bytes(view[:got]) + rest
            data.close()
            return whole, sig
        except OSError as error:
            raise DataFileError(path, f"it cannot be read ({error.strerror})") from error


_PRIVATE = getattr(mmap, "MAP_PRIVATE", None)


def open_regular(path: Path) -> tuple[int, Signature] | None:
    """The file opened for reading, and its signature; None when there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_NOCTTY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            problem = "you may not read it (permission denied)"
            raise DataFileError(path, problem, PERMISSION_REMEDY) from error
        raise DataFileError(path, _unreachable(error), PATH_REMEDY) from error
    try:
        st = os.fstat(fd)
        _check_regular(path, st)
    except BaseException:
        os.close(fd)
        raise
    return fd, (st.st_ino, st.st_size, st.st_mtime_ns)


# What Prefetch reads into: bytes (read_bytes), or a mapping (read_buffer).
_Data = TypeVar("_Data")


class Prefetch(Generic[_Data]):
    """Reads the file on a thread while the start-up goes on importing modules.

    Reading is I/O and leaves the interpreter free (30 ms at 30,000 contacts);
    parsing is not, so it stays on the main thread. `result()` joins the thread
    and returns what `read` (read_bytes or read_buffer) would, or raises what it
    would.
    """

    def __init__(
        self, path: Path, read: Callable[[Path], tuple[_Data | None, Signature | None]]
    ) -> None:
        self.path = path
        self._reader: Callable[[Path], tuple[_Data | None, Signature | None]] = read
        self._result: tuple[_Data | None, Signature | None] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, name="prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            self._result = self._reader(self.path)
        except BaseException as error:  # raised again in the caller's thread
            self._error = error

    def result(self) -> tuple[_Data | None, Signature | None]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        result, self._result = self._result, None  # the caller's alone: freed with it
        assert result is not None
        return result

    def current(self) -> tuple[_Data | None, Signature | None]:
        """What `read` returns now (call under the file lock): the bytes read
        ahead if the file is still the one they were read from, else read again.
        Every writer that takes the lock replaces the file (another inode), and one
        that rewrites it in place changes its size or time: the signature says so."""
        try:
            data, sig = self.result()
        except DataFileError:
            return self._reader(self.path)  # raises it again if it still holds
        if signature(self.path) != sig:
            return self._reader(self.path)
        return data, sig
