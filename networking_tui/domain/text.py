"""Text from people and files, made safe to store and to show.

A shell argument or a hand-written file can hold control characters: an escape
sequence would reach the terminal and redraw or retitle it, a zero-width space
makes a name that looks empty. They are removed from everything typed in, and
from what is shown of a file written elsewhere (the file keeps its bytes until
the person edits that field).
"""

from __future__ import annotations

import csv
import re
from typing import Any

# C0 and C1 controls (tab and newline are handled apart), zero-width and
# direction marks, the byte-order mark, and lone surrogates (undecodable bytes
# in a shell argument). Zero-width joiners stay: emoji sequences need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)
_BREAKS = re.compile(r"[\t\n]")


def clean_line(text: str) -> str:
    """One line: controls removed, tabs and line breaks turned into spaces."""
    return _BREAKS.sub(" ", _UNSAFE.sub("", text))


def clean_block(text: str) -> str:
    """Several lines (notes, a message): controls removed, line breaks kept."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n")).replace("\t", "    ")


def is_clean(text: str) -> bool:
    return _UNSAFE.search(text) is None


def clean_tree(value: Any, *, block_keys: frozenset[str] = frozenset()) -> Any:
    """Every string in a decoded document cleaned; `block_keys` keep line breaks."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, list):
        return [clean_tree(v, block_keys=block_keys) for v in value]
    if isinstance(value, dict):
        return {
            k: clean_block(v)
            if k in block_keys and isinstance(v, str)
            else clean_tree(v, block_keys=block_keys)
            for k, v in value.items()
        }
    return value


def may_be_unclean(raw: bytes) -> bool:
    """A cheap look at a JSON document's bytes: False means every string is clean.

    JSON escapes controls as \\uXXXX, \\b, \\f, \\r (or \\n, \\t); the rest of
    _UNSAFE appears as raw UTF-8 starting with these lead bytes.
    """
    if b"\\" in raw or b"\x7f" in raw:
        return True
    if raw.isascii():  # most documents: a tenth of the time of the searches below
        return False
    return b"\xc2" in raw or b"\xe2\x80" in raw or b"\xe2\x81" in raw or b"\xef\xbb" in raw


def whole_number(text: str, most: int = 10**9) -> int | None:
    """The number a typed text is (`"12"`), or None: digits 0-9 only (`str.isdigit`
    also takes `²` and other scripts' digits, which `int` refuses), at most `most`."""
    value = text.strip()
    if not value or not (value.isascii() and value.isdigit()) or len(value) > len(str(most)):
        return None
    number = int(value)
    return number if number <= most else None


def counted(count: int, noun: str) -> str:
    """`1 contact`, `2,000 contacts`: a count with its noun (plural by an s)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def names_in(text: str) -> list[str]:
    """Names typed as a list, separated by commas; a name that holds a comma is in
    double quotes ("Grace Hopper, Navy CTO"), as `listed` writes it. (csv reads the
    quoting: a name may hold a quote too, doubled.)"""
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [name.strip() for name in row]


def listed(names: list[str]) -> str:
    """Names as one line `names_in` reads back: commas between, a name holding a
    comma (or starting with a quote) in double quotes, a quote in it doubled."""
    return ", ".join(
        '"' + name.replace('"', '""') + '"' if "," in name or name.startswith('"') else name
        for name in names
    )
