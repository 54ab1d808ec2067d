"""The date-phrase grammar, shared by every form, quick-add and the shell."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_tui.domain.dates import (
    MONTHS,
    WEEKDAYS,
    DatePhraseError,
    parse_date,
    parse_moment,
    parse_next_touch,
)

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
        "in 3650 months",  # the cap counts the date reached, not the number typed
        "in 121 months",
        "in 9999 days",
        "in 522 weeks",
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
    for phrase in ("tomorrow", "in 3 days", "next fri", "2026-12-01"):
        with pytest.raises(ValueError, match="in the future"):
            parse_moment(phrase, now)


def test_a_day_alone_in_a_moment_is_the_last_one_today_included() -> None:
    # A touch has happened: "3 dec" typed on 4 Dec is yesterday, not next year.
    now = pendulum.datetime(2026, 12, 4, 9, 30)  # a Friday
    said = {
        "3 dec": "2026-12-03",
        "dec 3rd": "2026-12-03",
        "4 december": "2026-12-04",
        "5 dec": "2025-12-05",
        "20 nov": "2026-11-20",
        "fri": "2026-12-04",
        "thursday": "2026-12-03",
        "sat": "2026-11-28",
        "29 feb": "2024-02-29",
    }
    for phrase, day in said.items():
        assert parse_moment(phrase, now).isoformat() == f"{day}T09:30:00+00:00", phrase
    assert parse_date("3 dec", now.date()).isoformat() == "2027-12-03"  # a follow-up: next
    for ahead in ("2w", "3d", "1m", "in 3 days", "2 weeks"):  # a span, not a day of a month
        with pytest.raises(DatePhraseError, match="in the future"):
            parse_moment(ahead, now)
    with pytest.raises(DatePhraseError, match="for 2w back, write '2w ago'"):
        parse_moment("2w", now)


def test_an_unknown_moment_is_hinted_with_past_phrases() -> None:
    now = pendulum.datetime(2026, 12, 4, 9, 30)
    with pytest.raises(DatePhraseError) as caught:
        parse_moment("the other day", now)
    assert "(try now, today, yesterday, 3 days ago, 2w ago, fri, 3 dec" in str(caught.value)
    assert "tomorrow" not in str(caught.value)
    with pytest.raises(DatePhraseError, match="tomorrow"):  # a next touch: ahead
        parse_next_touch("the other day", now.date())


def test_a_span_ago_is_that_far_back() -> None:
    now = pendulum.datetime(2026, 12, 4, 9, 30)
    said = {
        "2w ago": "2026-11-20",
        "3 days ago": "2026-12-01",
        "3d ago": "2026-12-01",
        "a week ago": "2026-11-27",
        "1 month ago": "2026-11-04",
        "0 days ago": "2026-12-04",
    }
    for phrase, day in said.items():
        assert parse_moment(phrase, now).isoformat() == f"{day}T09:30:00+00:00", phrase
    with pytest.raises(DatePhraseError, match="'fortnights' is not days, weeks or months"):
        parse_date("2 fortnights ago", now.date())
    with pytest.raises(DatePhraseError, match="before 1900"):
        parse_date("9999 months ago", now.date())
    with pytest.raises(DatePhraseError, match="in the past"):
        parse_next_touch("2w ago", now.date())


def test_a_next_touch_in_the_past_is_refused() -> None:
    assert parse_next_touch("today", MONDAY) == MONDAY
    with pytest.raises(ValueError, match="in the past"):
        parse_next_touch("yesterday", MONDAY)


def test_the_cap_is_ten_years_whatever_the_unit() -> None:
    assert parse_date("in 120 months", MONDAY).isoformat() == "2036-11-23"
    assert parse_date("in 3653 days", MONDAY).isoformat() == "2036-11-23"  # 3 leap days
    assert parse_date("in 521 weeks", MONDAY).isoformat() == "2036-11-17"
    with pytest.raises(DatePhraseError, match="more than 10 years ahead"):
        parse_date("in 3654 days", MONDAY)


def test_a_next_touch_in_the_past_raises_the_grammars_own_error() -> None:
    with pytest.raises(DatePhraseError) as caught:
        parse_next_touch("yesterday", MONDAY)
    assert "'yesterday' is Sun 22 Nov 2026, in the past: pick today or later" in str(caught.value)
    assert parse_next_touch("today", MONDAY) == MONDAY


# --- generated phrases: every form of the grammar, checked against what it means ------

todays = st.dates(date(2000, 1, 1), date(2090, 12, 31)).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)
spaced = st.sampled_from(["", " ", "  "])  # "3d", "3 d": both are typed


def cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.capitalize()])


@given(todays, st.integers(0, 3650), st.sampled_from(["d", "day", "days"]), st.data())
def test_generated_relative_days(today: pendulum.Date, n: int, unit: str, data) -> None:
    form = data.draw(st.sampled_from(["in {n} {u}", "{n}{s}{u}", "+{n}{s}{u}"]))
    phrase = form.format(n=n, u=unit, s=data.draw(spaced))
    assert parse_date(phrase, today) == today + timedelta(days=n)


@given(todays, st.integers(0, 520), st.sampled_from(["w", "week", "weeks"]))
def test_generated_relative_weeks(today: pendulum.Date, n: int, unit: str) -> None:
    assert parse_date(f"in {n} {unit}", today) == today + timedelta(weeks=n)
    assert parse_date(f"{n}{unit}", today) == today + timedelta(weeks=n)


@given(todays, st.integers(0, 120), st.sampled_from(["m", "month", "months"]))
def test_generated_relative_months(today: pendulum.Date, n: int, unit: str) -> None:
    day = parse_date(f"in {n} {unit}", today)
    months = (day.year - today.year) * 12 + day.month - today.month
    assert months == n
    last = calendar.monthrange(day.year, day.month)[1]
    assert day.day == min(today.day, last)  # 31 Jan + 1 month is the end of February


@given(todays, st.sampled_from(sorted(WEEKDAYS)), st.data())
def test_generated_weekdays(today: pendulum.Date, name: str, data) -> None:
    day = parse_date(data.draw(cased(name)), today)
    assert day.weekday() == WEEKDAYS[name]
    assert 1 <= (day - today).days <= 7  # the next one, never today
    following = parse_date(f"next {name}", today)
    assert following.weekday() == WEEKDAYS[name]
    next_monday = today + timedelta(days=7 - today.weekday())
    assert next_monday <= following < next_monday + timedelta(days=7)  # next week's


@given(todays, st.sampled_from(sorted(MONTHS)), st.integers(1, 31), st.data())
def test_generated_day_and_month(today: pendulum.Date, name: str, day: int, data) -> None:
    month = MONTHS[name]
    phrase = data.draw(st.sampled_from([f"{day} {name}", f"{name} {day}", f"{day}{name}"]))
    exists = [y for y in range(today.year, today.year + 5) if day <= _days_in(y, month)]
    upcoming = [date(y, month, day) for y in exists if date(y, month, day) >= today]
    if not upcoming:  # 30 feb, 31 apr: no such day in the next years
        with pytest.raises(DatePhraseError, match="no such day"):
            parse_date(phrase, today)
        return
    assert parse_date(phrase, today) == upcoming[0]  # the next one, today included


@given(todays, st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_generated_iso_dates(today: pendulum.Date, day: date) -> None:
    assert parse_date(day.isoformat(), today) == day


@given(todays, st.integers(-1, 1))
def test_generated_fixed_words(today: pendulum.Date, offset: int) -> None:
    word = {-1: "yesterday", 0: "today", 1: "tomorrow"}[offset]
    assert parse_date(word, today) == today + timedelta(days=offset)
    assert parse_date("next week", today) == today + timedelta(days=7 - today.weekday())
    first = parse_date("next month", today)
    assert first.day == 1 and first > today and (first - today).days <= 31


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def test_dates_outside_1900_to_2100_are_refused_by_every_form() -> None:
    """The log form took a touch on 0001-01-01, which then broke the agenda: every
    form and line reads dates through this grammar."""
    now = pendulum.datetime(2026, 11, 23, 9, 30)
    for phrase in ("0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"):
        with pytest.raises(DatePhraseError, match="outside 1900-2100"):
            parse_date(phrase, MONDAY)
    with pytest.raises(DatePhraseError, match="outside 1900-2100"):
        parse_moment("0001-01-01", now)  # the log form's "when"
    assert parse_moment("1900-01-01", now).date() == date(1900, 1, 1)
    assert parse_date("2100-12-31", MONDAY) == date(2100, 12, 31)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("tmrw", "2026-11-24"),
        ("TMRW", "2026-11-24"),
        ("in a week", "2026-11-30"),
        ("in a day", "2026-11-24"),
        ("in a month", "2026-12-23"),
        ("dec 24th", "2026-12-24"),
        ("24th dec", "2026-12-24"),
        ("1st jan", "2027-01-01"),
        ("december 2nd", "2026-12-02"),
        ("3rd december", "2026-12-03"),
    ],
)
def test_common_forms_that_mean_one_day(phrase: str, expected: str) -> None:
    assert parse_date(phrase, MONDAY).isoformat() == expected


@pytest.mark.parametrize("phrase", ["12/24", "24.12", "12/24/2026", "24.12.26", "24/12"])
def test_a_day_and_month_in_figures_are_refused_with_the_month_as_a_word(phrase: str) -> None:
    with pytest.raises(DatePhraseError, match="gives the month in figures") as caught:
        parse_date(phrase, MONDAY)
    assert "e.g. 24 dec, or 2026-12-24" in str(caught.value) and caught.value.shaped


def test_figures_that_read_both_ways_are_ambiguous_and_no_day_is_not_a_date() -> None:
    with pytest.raises(DatePhraseError, match=r"'1/2' is ambiguous \(1 feb or 2 jan\?\)"):
        parse_date("1/2", MONDAY)
    for phrase in ("13/14", "31.2", "0/5"):
        with pytest.raises(DatePhraseError, match="no such day"):
            parse_date(phrase, MONDAY)
    with pytest.raises(DatePhraseError) as caught:
        parse_date("29/2", MONDAY)  # 2026 is no leap year: no ISO example
    assert str(caught.value).endswith("e.g. 29 feb")
