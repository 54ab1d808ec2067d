"""The app's one source of "now": pendulum, in the local time zone.

Tests freeze it with `frozen(...)`; shell tests and the screenshot command set
`NETWORKING_TUI_NOW` to an ISO date-time instead (a subprocess cannot be patched).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pendulum

NOW_ENV = "NETWORKING_TUI_NOW"

_frozen: pendulum.DateTime | None = None


def parse_moment(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text, tz=pendulum.local_timezone())
    if not isinstance(parsed, pendulum.DateTime):
        raise ValueError(f"not a date-time: {text!r}")
    return parsed


def now() -> pendulum.DateTime:
    if _frozen is not None:
        return _frozen
    override = os.environ.get(NOW_ENV)
    if override:
        return parse_moment(override)
    return pendulum.now().replace(microsecond=0)


def today() -> pendulum.Date:
    return now().date()


@contextmanager
def frozen(moment: pendulum.DateTime | str) -> Iterator[pendulum.DateTime]:
    global _frozen
    previous = _frozen
    _frozen = parse_moment(moment) if isinstance(moment, str) else moment
    try:
        yield _frozen
    finally:
        _frozen = previous


def aware(moment: datetime) -> pendulum.DateTime:
    """A datetime from the file as an aware pendulum value; naive ones are local time."""
    if moment.tzinfo is None:
        return pendulum.instance(moment, tz=pendulum.local_timezone())
    return pendulum.instance(moment)


def local_day(moment: datetime) -> pendulum.Date:
    """The calendar day a moment falls on here, whatever offset it was written with."""
    return aware(moment).in_timezone(pendulum.local_timezone()).date()


def stamp(moment: datetime) -> str:
    """How a date-time is written to the file: ISO 8601 with its UTC offset."""
    return aware(moment).replace(microsecond=0).isoformat()
