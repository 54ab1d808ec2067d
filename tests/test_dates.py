"""The date-phrase grammar, shared by every form, quick-add and the shell."""

from __future__ import annotations

import pendulum
import pytest

from networking_tui.dates import DatePhraseError, parse_date, parse_moment, parse_next_touch

MONDAY = pendulum.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("Yesterday", "2026-11-22"),
        ("in 3 days", "2026-11-26"),
        ("in 1 day", "2026-11-24"),
        ("in 2 weeks", "2026-12-07"),
        ("in 1 month", "2026-12-23"),
        ("3d", "2026-11-26"),
        ("2 w", "2026-12-07"),
        ("1m", "2026-12-23"),
        ("+3d", "2026-11-26"),
        ("tue", "2026-11-24"),
        ("monday", "2026-11-30"),  # the next one, not today
        ("next tue", "2026-12-01"),  # the Tuesday of next week
        ("next  MON", "2026-11-30"),
        ("next week", "2026-11-30"),
        ("next month", "2026-12-01"),
        ("3 dec", "2026-12-03"),
        ("dec 3", "2026-12-03"),
        ("3 December", "2026-12-03"),
        ("1 nov", "2027-11-01"),  # already past this year
        ("23 nov", "2026-11-23"),  # today counts
        ("29 feb", "2028-02-29"),
        ("2026-12-03", "2026-12-03"),
    ],
)
def test_phrases(phrase: str, expected: str) -> None:
    assert parse_date(phrase, MONDAY).isoformat() == expected


def test_months_clamp_at_the_end() -> None:
    assert parse_date("in 1 month", pendulum.date(2027, 1, 31)).isoformat() == "2027-02-28"


def test_week_boundary_from_a_sunday() -> None:
    sunday = pendulum.date(2026, 11, 29)
    assert parse_date("next week", sunday).isoformat() == "2026-11-30"
    assert parse_date("mon", sunday).isoformat() == "2026-11-30"
    assert parse_date("next mon", sunday).isoformat() == "2026-11-30"
    assert parse_date("next tue", sunday).isoformat() == "2026-12-01"


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "soon",
        "someday",
        "2026-13-01",
        "2026-02-30",
        "3 foo",
        "foo 3",
        "in 3 years",
        "31 feb",
        "next",
        "99999d",
        "next fortnight",
    ],
)
def test_unknown_phrases_raise_an_error_naming_them(phrase: str) -> None:
    with pytest.raises(DatePhraseError) as caught:
        parse_date(phrase, MONDAY)
    assert repr(phrase) in str(caught.value)


def test_moments_keep_the_time_of_day() -> None:
    now = pendulum.datetime(2026, 11, 23, 9, 30, tz="Europe/Paris")
    assert parse_moment("now", now) == now
    assert parse_moment("", now) == now
    yesterday = parse_moment("yesterday", now)
    assert yesterday.isoformat() == "2026-11-22T09:30:00+01:00"


def test_a_moment_across_the_daylight_saving_change() -> None:
    # Paris leaves summer time on 2026-10-25: the day before still has +02:00.
    now = pendulum.datetime(2026, 10, 26, 9, 0, tz="Europe/Paris")
    assert parse_moment("yesterday", now).isoformat() == "2026-10-25T09:00:00+01:00"
    assert parse_moment("2026-10-24", now).isoformat() == "2026-10-24T09:00:00+02:00"


def test_a_moment_in_the_future_is_refused() -> None:
    now = pendulum.datetime(2026, 11, 23, 9, 30)
    assert parse_moment("today", now) == now
    for phrase in ("tomorrow", "in 3 days", "fri", "2026-12-01"):
        with pytest.raises(ValueError, match="in the future"):
            parse_moment(phrase, now)


def test_a_next_touch_in_the_past_is_refused() -> None:
    assert parse_next_touch("today", MONDAY) == MONDAY
    with pytest.raises(ValueError, match="in the past"):
        parse_next_touch("yesterday", MONDAY)
