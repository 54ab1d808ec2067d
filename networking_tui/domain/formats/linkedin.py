"""LinkedIn's connections export (Connections.csv), read with the csv module.

The file opens with a short "Notes:" preamble whose length has changed over the
years, so the header row is found by its columns, never by counting lines."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from datetime import date

from networking_tui.domain.formats.people import FormatError, Parsed, Person, Skipped, one_line

COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
HEADER = ",".join(COLUMNS)
MAX_SPAN = 5  # lines one row may span (a value with line breaks)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
# English month names whatever the machine's locale (strptime's %b follows it).
MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# "01 Jan 2024" (today's exports) and "7-Feb-22" (older ones).
_DATE = re.compile(r"\s*(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4}|\d{2})\s*$")


class _Text(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True  # a stray quote is a malformed row, reported, not guessed at


@functools.lru_cache(maxsize=4096)  # thousands of rows share a few hundred days
def connected_on(text: str) -> date:
    """`01 Jan 2024` or `7-Feb-22` (ValueError otherwise)."""
    found = _DATE.match(text)
    month = MONTHS.get(found.group(2).lower()) if found else None
    if found is None or month is None:
        raise ValueError(f"the date {text.strip()!r} is not like 01 Jan 2024")
    day, year = int(found.group(1)), int(found.group(3))
    if year < 100:
        year += 2000  # LinkedIn was founded in 2003: no 19xx connections
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"the date {text.strip()!r} does not exist") from None


def _header(cells: list[str]) -> dict[str, int] | None:
    """Where each column is, if this row is LinkedIn's header."""
    names = [c.strip().lstrip("\ufeff").casefold() for c in cells]
    where = {}
    for column in COLUMNS:
        if column.casefold() not in names:
            return None
        where[column] = names.index(column.casefold())
    return where


def parse(text: str) -> Parsed:
    """The people of a Connections.csv (its text, decoded); rows that cannot be
    imported are listed with their line and why. Raises FormatError when no
    header row is found."""
    lines = _LINES.findall(text.lstrip("\ufeff"))
    found = ((n, _header(_cells(line) or [])) for n, line in enumerate(lines))
    start, where = next(((n, w) for n, w in found if w is not None), (0, None))
    if where is None:
        raise FormatError(
            f"no LinkedIn header row found: expected a line {HEADER} "
            "(the export LinkedIn sends as Connections.csv)"
        )
    result = Parsed()
    width = max(where.values()) + 1
    for line_no, cells in _records(lines, start + 1):
        if isinstance(cells, str):
            result.skipped.append(Skipped(line_no, cells))
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) < width:
            result.skipped.append(
                Skipped(line_no, f"{len(cells)} values where {len(COLUMNS)} were expected")
            )
            continue
        person = _person(line_no, {k: cells[i].strip() for k, i in where.items()})
        if isinstance(person, Skipped):
            result.skipped.append(person)
        else:
            result.people.append(person)
    return result


def _cells(record: str) -> list[str] | None:
    if '"' not in record:  # most rows: nothing for the csv module to undo
        return record.rstrip("\r\n").split(",")
    try:
        return next(csv.reader([record], _Text), [])
    except csv.Error:
        return None


def _records(lines: list[str], start: int) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, cells) per row, or (line number, why it is malformed).

    A quoted value may hold a line break, so a line with an open quote is read
    with the next ones; but a stray quote must not swallow the rest of the file,
    so a record spans at most MAX_SPAN lines."""
    i = start
    while i < len(lines):
        if '"' not in lines[i]:
            yield i + 1, _cells(lines[i]) or []
            i += 1
            continue
        span = 1
        while lines[i : i + span][-1:] and "".join(lines[i : i + span]).count('"') % 2:
            if span == MAX_SPAN or i + span >= len(lines):
                break
            span += 1
        record = "".join(lines[i : i + span])
        cells = _cells(record) if record.count('"') % 2 == 0 else None
        if cells is None:
            yield i + 1, "not a valid CSV row (a quote is not closed or is misplaced)"
            i += 1
        else:
            yield i + 1, cells
            i += span


def _person(line: int, row: dict[str, str]) -> Person | Skipped:
    name = " ".join(f"{row['First Name']} {row['Last Name']}".split())
    if not name:
        who = f" ({row['URL']})" if row["URL"] else ""
        return Skipped(line, f"no name{who}: LinkedIn hides the names of some members")
    on = None
    if row["Connected On"]:
        try:
            on = connected_on(row["Connected On"])
        except ValueError as error:
            return Skipped(line, f"{name}: {error}")
    return Person(
        line=line,
        name=name,
        company=one_line(row["Company"]),
        role=one_line(row["Position"]),
        linkedin=row["URL"] or None,
        emails=(row["Email Address"],) if row["Email Address"] else (),
        connected_on=on,
    )
