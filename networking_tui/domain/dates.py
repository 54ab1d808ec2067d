"""The one date-phrase grammar of the app (forms, quick-add, logging, snooze, shell).

    today, tomorrow (tmrw), yesterday
    in 3 days, in 2 weeks, in 1 month        3d, 2 w, 1m, +3d   (up to 10 years ahead)
    in a day, in a week, in a month          the same, for one
    tue / tuesday            the next Tuesday after today
    next tue                 the Tuesday of next week (weeks start on Monday)
    next week / next month   next Monday / the 1st of next month
    3 dec, dec 3, 3 december the next 3 December from today on
    dec 3rd, 3rd dec         the same (st, nd, rd, th after the day)
    2026-12-03               an ISO date

For a touch logged (parse_moment), `fri` and `3 dec` are the last ones, today
included: a touch has happened.

`12/24` and `24.12` are refused with a hint to write the month as a word (`1/2`: ambiguous).

pendulum does the arithmetic (months clamp: 31 Jan + 1 month is 28/29 Feb); it does
not parse phrases, hence this module. Anything else raises DatePhraseError, which
names the phrase (and so does a `fu` or snooze date in the past).
"""

from __future__ import annotations

import re
from datetime import date

import pendulum

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
UNITS = {"d": "days", "day": "days", "days": "days", "w": "weeks", "week": "weeks",
         "weeks": "weeks", "m": "months", "month": "months", "months": "months"}  # fmt: skip
# Dates the app takes, typed or read from the file: a working life, with room.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# How far `in N days/weeks/months` may reach: counted on the resulting date, so that
# `in 3650 months` is refused like `in 9999 days` (an ISO date is taken as typed).
MAX_YEARS_AHEAD = 10

_RELATIVE = re.compile(r"(?:in\s+|\+)?(\d{1,4})\s*([a-z]+)")
_AGO = re.compile(r"(an?|\d{1,4})\s*([a-z]+) ago")
_DAY_MONTH = re.compile(r"(\d{1,2})\s*([a-z]+)")
_MONTH_DAY = re.compile(r"([a-z]+)\s*(\d{1,2})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_NUMERIC = re.compile(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?")

_ABBR = {number: name for name, number in MONTHS.items() if len(name) == 3}
HINT = "try today, tomorrow, in 3 days, 2w, 2w ago, next tue, fri, 3 dec or 2026-12-03"
PAST_HINT = "try now, today, yesterday, 3 days ago, 2w ago, fri, 3 dec or 2026-12-03"


class DatePhraseError(ValueError):
    """`shaped`: the phrase has the form of a date (a number and a unit, a day and a
    month, an ISO date) but is not a valid one; quick-add tells `fu 31 feb` (a wrong
    date) from `Kung Fu club` (no date at all) by it."""

    def __init__(
        self,
        phrase: str,
        why: str = "",
        *,
        message: str | None = None,
        shaped: bool = True,
        hint: str = HINT,
    ) -> None:
        self.phrase = phrase
        self.why = why
        self.told = message is not None  # a message of its own, not the grammar's hint
        self.shaped = shaped and bool(why or message)
        super().__init__(message or f"unknown date {phrase!r}{': ' + why if why else ''} ({hint})")


def _words(phrase: str) -> str:
    return " ".join(phrase.strip().lower().split())


def parse_date(phrase: str, today: pendulum.Date) -> pendulum.Date:
    """The date a phrase means, relative to `today`."""
    text = _words(phrase)
    if not text:
        raise DatePhraseError(phrase, "it is empty", shaped=False)
    fixed = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
    if _NUMERIC.fullmatch(text):
        raise DatePhraseError(phrase, message=_numeric(phrase, text, today))
    text = _ORDINAL.sub(r"\1", re.sub(r"^in an? ", "in 1 ", text))
    if text in fixed:
        return today.add(days=fixed[text])
    if text == "next week":
        return today.next(pendulum.MONDAY)
    if text == "next month":
        return today.add(months=1).start_of("month")
    if text in WEEKDAYS:
        return today.next(pendulum.WeekDay(WEEKDAYS[text]))
    if text.startswith("next ") and text[5:] in WEEKDAYS:
        return today.next(pendulum.MONDAY).add(days=WEEKDAYS[text[5:]])
    if _ISO.fullmatch(text):
        return _iso(phrase, text)
    if (match := _DAY_MONTH.fullmatch(text)) and match[2] in MONTHS:
        return _day_month(phrase, today, int(match[1]), match[2])
    if match := _RELATIVE.fullmatch(text):
        return _relative(phrase, today, int(match[1]), match[2])
    if match := _AGO.fullmatch(text):
        return _relative(
            phrase, today, -(1 if match[1] in ("a", "an") else int(match[1])), match[2]
        )
    if match := _DAY_MONTH.fullmatch(text):
        return _day_month(phrase, today, int(match[1]), match[2])
    if match := _MONTH_DAY.fullmatch(text):
        if match[1] not in MONTHS:  # "gate 5", "panda 3": a word and a number
            raise DatePhraseError(phrase, f"{match[1]!r} is not a month", shaped=False)
        return _day_month(phrase, today, int(match[2]), match[1])
    raise DatePhraseError(phrase)


def _numeric(phrase: str, text: str, today: pendulum.Date) -> str:
    """Why a date in figures (12/24, 24.12, 1/2) is refused: the reader cannot tell
    day from month in general, so the month is asked for as a word."""
    first, second = (int(part) for part in re.split(r"[/.]", text)[:2])
    said = phrase.strip()
    if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
        a, b = f"{first} {_ABBR[second]}", f"{second} {_ABBR[first]}"
        return f"{said!r} is ambiguous ({a} or {b}?): write the month as a word, e.g. {a}"
    day, month = (first, second) if 1 <= second <= 12 else (second, first)
    try:
        pendulum.date(2024, month, day)  # a leap year: 29/2 is a day
    except ValueError:
        return f"unknown date {said!r}: no such day ({HINT})"
    iso = f"{today.year}-{month:02}-{day:02}"
    try:
        _iso(phrase, iso)
    except DatePhraseError:
        iso = ""  # 29 feb outside a leap year
    return f"{said!r} gives the month in figures: write it as a word, e.g. {day} {_ABBR[month]}" + (
        f", or {iso}" if iso else ""
    )


def parse_next_touch(phrase: str, today: pendulum.Date) -> pendulum.Date:
    """A date to reach out next (snooze, `fu`, the edit form): today or later."""
    day = parse_date(phrase, today)
    if day < today:
        when = day.format("ddd D MMM YYYY")
        message = f"{phrase.strip()!r} is {when}, in the past: pick today or later"
        raise DatePhraseError(phrase, message=message)
    return day


def parse_moment(phrase: str, now: pendulum.DateTime) -> pendulum.DateTime:
    """A moment for a logged touch: `now`, or a date phrase at the current time of day.

    A touch is something that happened: a day or a weekday alone (`3 dec`, `fri`)
    is the last one, today included, not the next; a later day is refused (it
    would read as "last one -3 days ago" and schedule the next touch from the
    future). The grammar has no time of day, so `today` is now, never later today.
    """
    if phrase.strip().lower() in ("", "now"):
        return now
    try:
        day = parse_date(phrase, now.date())
    except DatePhraseError as error:
        if error.told:
            raise
        # The hint names what a touch that happened can be: no "tomorrow".
        raise DatePhraseError(phrase, error.why, shaped=error.shaped, hint=PAST_HINT) from None
    if day > now.date():
        day = _the_last(phrase, day, now.date())
    if day > now.date():
        when = day.format("ddd D MMM YYYY")
        message = (
            f"{phrase.strip()!r} is {when}, in the future: a touch is logged once it "
            "has happened (today or earlier); to plan one, set the next touch"
        )
        said = _words(phrase)
        if _RELATIVE.fullmatch(said) and said[0].isdigit():  # "2w": two weeks back, meant?
            message += f"; for {said} back, write '{said} ago'"
        raise DatePhraseError(phrase, message=message)
    return now.replace(year=day.year, month=day.month, day=day.day)


def _the_last(phrase: str, day: pendulum.Date, today: pendulum.Date) -> pendulum.Date:
    """For a day that comes back (a weekday, a day of a month), the last time it
    came, today included, instead of `day`, the next; else `day`."""
    text = _ORDINAL.sub(r"\1", _words(phrase))
    if text in WEEKDAYS:
        return day.subtract(days=7)  # the next one after today, a week back
    day_month, month_day = _DAY_MONTH.fullmatch(text), _MONTH_DAY.fullmatch(text)
    # "2w", "3 days" match the shape too: only a month's name makes a day of a month
    if not ((day_month and day_month[2] in MONTHS) or (month_day and month_day[1] in MONTHS)):
        return day
    for year in range(today.year, today.year - 8, -1):  # 29 feb: the last leap year
        try:
            candidate = pendulum.date(year, day.month, day.day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return day


def _iso(phrase: str, text: str) -> pendulum.Date:
    year, month, day = (int(part) for part in text.split("-"))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DatePhraseError(phrase, f"outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    try:
        return pendulum.date(year, month, day)
    except ValueError as error:
        raise DatePhraseError(phrase, "no such day") from error


def _relative(phrase: str, today: pendulum.Date, amount: int, unit: str) -> pendulum.Date:
    """`amount` units from today: ahead, or back when negative (`2w ago`)."""
    if unit not in UNITS:
        raise DatePhraseError(phrase, f"{unit!r} is not days, weeks or months")
    day = today.add(**{UNITS[unit]: amount})
    if day > today.add(years=MAX_YEARS_AHEAD):
        raise DatePhraseError(phrase, f"more than {MAX_YEARS_AHEAD} years ahead")
    if day.year < EARLIEST_YEAR:
        raise DatePhraseError(phrase, f"before {EARLIEST_YEAR}")
    return day


def _day_month(phrase: str, today: pendulum.Date, day: int, month_name: str) -> pendulum.Date:
    month = MONTHS.get(month_name)
    if month is None:
        raise DatePhraseError(phrase, f"{month_name!r} is not a month")
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            candidate = pendulum.date(year, month, day)
        except ValueError:
            continue  # 29 feb outside a leap year, or 31 apr
        if candidate >= today:
            return candidate
    raise DatePhraseError(phrase, "no such day")


def readable(day: date | str) -> str:
    """A day as every screen and message shows it: weekday, day, month, year
    (`Tue 8 Dec 2026`); an ISO date as stored is accepted too."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return pendulum.Date(day.year, day.month, day.day).format("ddd D MMM YYYY")
