"""A large data file read by two processes, a half each: the second core's share of
the first screen read from the file (first_read.py) and of a shell command's agenda
(agenda_read.py).

The app writes each document on its own line (storage.encode_tables), so a line
break between two contacts cuts the file into two JSON objects, with nothing to
scan for: in the first half the comma and the break before the cut become the
braces closing the table and the file; in the second the end of the line before
it becomes the table's opening. Each process changes its own private mapping of
the file (storage.map_bytes), never the file, or copies its half of the bytes read.
Where the cut falls elsewhere (a
file laid out otherwise, or mostly another table) a half does not decode as a
file of contacts, and the caller reads it whole.
"""

from __future__ import annotations

import contextlib
import os
import struct
import traceback
import warnings
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import msgspec

from networking_tui.data.forked import in_forked_child
from networking_tui.data.reading import Buffer, write_all

_T = TypeVar("_T")
_LENGTH = struct.Struct("<Q")


class Split:
    """Where a file's bytes are cut in two: `first()` and `second()` give each half
    as a file of its own (the second in the process forked for it)."""

    def __init__(self, data: Buffer, cut: int, opening: bytes) -> None:
        self._data, self._opening = data, opening
        self.cut = cut  # the offset of the line break where the second half begins

    @classmethod
    def of(cls, data: Buffer, table: str) -> Split | None:
        """None unless `data` is cut at the line break nearest its middle after a
        document line long enough to hold the table's opening. A private mapping
        is cut where it is; bytes, which cannot change, are copied a half each."""
        opening = b'{"' + table.encode() + b'":{'
        cut = data.find(b'\n"', len(data) // 2)
        if cut < 0 or data[cut - 1 : cut] != b",":
            return None
        if data.rfind(b"\n", 0, cut) >= cut - len(opening) - 2:
            return None
        return cls(data, cut, opening)

    def first(self) -> memoryview | bytes:
        """The file up to the cut, closed there (undone by `mend`)."""
        if isinstance(self._data, bytes):
            return b"".join((memoryview(self._data)[: self.cut - 1], b"}}"))
        self._data[self.cut - 1 : self.cut + 1] = b"}}"
        return memoryview(self._data)[: self.cut + 1]

    def second(self) -> memoryview | bytes:
        """The file from the cut, the table opened there: in the forked process."""
        if isinstance(self._data, bytes):
            return b"".join((self._opening, memoryview(self._data)[self.cut + 1 :]))
        start = self.cut + 1 - len(self._opening)
        self._data[start : self.cut + 1] = self._opening
        return memoryview(self._data)[start:]

    def decode_first(self, decoder: msgspec.json.Decoder[_T]) -> _T:
        """The first half, decoded (its two bytes put back after)."""
        try:
            return decoder.decode(self.first())
        finally:
            self.mend()

    def mend(self) -> None:
        """The first half's two bytes as the file has them (to read it whole)."""
        if not isinstance(self._data, bytes):
            self._data[self.cut - 1 : self.cut + 1] = b",\n"


def apart(
    uids: Iterable[str], theirs: Iterable[str], doc_ids: Iterable[str], their_ids: Iterable[str]
) -> bool:
    """Whether no uid and no document id is in both halves. Else the file is read
    whole: the store says which documents share a uid, and of a document id given
    twice the one pass keeps the last."""
    return set(theirs).isdisjoint(uids) and set(their_ids).isdisjoint(doc_ids)


class HalfFailed(RuntimeWarning):
    """The process reading the second half failed in a way no file explains (a bug):
    the caller read the file whole instead, with the same result, only slower."""


# The end of a failure's traceback that is kept: its last frames and the error.
FAILURE_CHARS = 4000


class Partner:
    """A forked process doing `work(channel)` beside this one, with messages both
    ways. Fork before starting any thread. If it dies, `receive` raises EOFError;
    if this process dies, the partner's `receive` does, and it ends.

    `expected`: the errors a file can cause in `work` (the caller then reads it
    whole, which says what is wrong with it). Any other error in the partner is
    reported by `end` as a HalfFailed warning, with its traceback: a bug there
    would otherwise show only as slowness."""

    def __init__(
        self, work: Callable[[Channel], None], expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        failure_reads, failure_writes = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            in_forked_child()
            for fd in (parent_writes, parent_reads, failure_reads):
                os.close(fd)
            code = 0
            try:
                work(Channel(child_reads, child_writes))
            except expected:
                code = 3
            except Exception:
                code = 3
                write_all(failure_writes, traceback.format_exc()[-FAILURE_CHARS:].encode())
            except BaseException:  # ended on purpose (SystemExit), or interrupted
                code = 3
            os._exit(code)
        for fd in (child_reads, child_writes, failure_writes):
            os.close(fd)
        self._failure = failure_reads
        self.channel = Channel(parent_reads, parent_writes)

    def end(self) -> None:
        """Wait for the partner to end; warn (HalfFailed) if it failed unexpectedly."""
        self.channel.close()
        with os.fdopen(self._failure, "rb") as failure:  # to its end: the partner's exit
            report = failure.read().decode("utf-8", "replace")
        os.waitpid(self._pid, 0)
        if report:
            warnings.warn(
                HalfFailed(
                    "the process reading the second half of the data file failed; the "
                    "file was read whole instead, with the same result. Please report "
                    f"this:\n{report}"
                ),
                stacklevel=2,
            )


class Channel:
    """Messages (msgspec objects) each way between two processes, over two pipes."""

    def __init__(self, incoming: int, outgoing: int) -> None:
        self._in, self._out = incoming, outgoing

    def send(self, message: object, enc_hook: Callable[[Any], Any] | None = None) -> None:
        body = msgspec.msgpack.encode(message, enc_hook=enc_hook)
        write_all(self._out, _LENGTH.pack(len(body)) + body)

    def receive(self, kind: type[_T] | msgspec.msgpack.Decoder[_T]) -> _T:
        """The next message, decoded as `kind` (a decoder: one with its own hooks)."""
        (length,) = _LENGTH.unpack(self._exactly(_LENGTH.size))
        body = self._exactly(length)
        if isinstance(kind, msgspec.msgpack.Decoder):
            return kind.decode(body)
        return msgspec.msgpack.decode(body, type=kind)

    def _exactly(self, count: int) -> bytes:
        chunks, left = [], count
        while left:
            chunk = os.read(self._in, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the other process ended")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for fd in (self._in, self._out):
            with contextlib.suppress(OSError):  # closed already
                os.close(fd)
