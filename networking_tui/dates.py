"""The one date-phrase grammar of the app (forms, quick-add, logging, snooze, shell).

    today, tomorrow, yesterday
    in 3 days, in 2 weeks, in 1 month        3d, 2 w, 1m, +3d
    tue / tuesday            the next Tuesday after today
    next tue                 the Tuesday of next week (weeks start on Monday)
    next week / next month   next Monday / the 1st of next month
    3 dec, dec 3, 3 december the next 3 December from today on
    2026-12-03               an ISO date

pendulum does the arithmetic (months clamp: 31 Jan + 1 month is 28/29 Feb); it does
not parse phrases, hence this module. Anything else raises DatePhraseError, which
names the phrase.
"""

from __future__ import annotations

import re

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
MAX_AMOUNT = 3650

_RELATIVE = re.compile(r"(?:in\s+|\+)?(\d{1,4})\s*([a-z]+)")
_DAY_MONTH = re.compile(r"(\d{1,2})\s*([a-z]+)")
_MONTH_DAY = re.compile(r"([a-z]+)\s*(\d{1,2})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

HINT = "try today, tomorrow, in 3 days, 2w, next tue, fri, 3 dec or 2026-12-03"


class DatePhraseError(ValueError):
    def __init__(self, phrase: str, why: str = "") -> None:
        self.phrase = phrase
        super().__init__(f"unknown date {phrase!r}{': ' + why if why else ''} ({HINT})")


def parse_date(phrase: str, today: pendulum.Date) -> pendulum.Date:
    """The date a phrase means, relative to `today`."""
    text = " ".join(phrase.strip().lower().split())
    if not text:
        raise DatePhraseError(phrase, "it is empty")
    fixed = {"today": 0, "tomorrow": 1, "yesterday": -1}
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
    if match := _DAY_MONTH.fullmatch(text):
        return _day_month(phrase, today, int(match[1]), match[2])
    if match := _MONTH_DAY.fullmatch(text):
        return _day_month(phrase, today, int(match[2]), match[1])
    raise DatePhraseError(phrase)


def parse_next_touch(phrase: str, today: pendulum.Date) -> pendulum.Date:
    """A date to reach out next (snooze, `fu`, the edit form): today or later."""
    day = parse_date(phrase, today)
    if day < today:
        when = day.format("ddd D MMM YYYY")
        raise ValueError(f"{phrase.strip()!r} is {when}, in the past: pick today or later")
    return day


def parse_moment(phrase: str, now: pendulum.DateTime) -> pendulum.DateTime:
    """A moment for a logged touch: `now`, or a date phrase at the current time of day.

    A touch is something that happened: a later day is refused (it would read as
    "last one -3 days ago" and schedule the next touch from the future). The
    grammar has no time of day, so `today` is now, never later today.
    """
    if phrase.strip().lower() in ("", "now"):
        return now
    day = parse_date(phrase, now.date())
    if day > now.date():
        when = day.format("ddd D MMM YYYY")
        raise ValueError(
            f"{phrase.strip()!r} is {when}, in the future: a touch is logged once it "
            "has happened (today or earlier); to plan one, set the next touch"
        )
    return now.replace(year=day.year, month=day.month, day=day.day)


def _iso(phrase: str, text: str) -> pendulum.Date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return pendulum.date(year, month, day)
    except ValueError as error:
        raise DatePhraseError(phrase, "no such day") from error


def _relative(phrase: str, today: pendulum.Date, amount: int, unit: str) -> pendulum.Date:
    if unit not in UNITS:
        raise DatePhraseError(phrase, f"{unit!r} is not days, weeks or months")
    if amount > MAX_AMOUNT:
        raise DatePhraseError(phrase, "too far ahead")
    return today.add(**{UNITS[unit]: amount})


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
