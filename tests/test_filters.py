"""Filter predicates below the UI: each part, their mix, and the saved form."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from networking_tui.domain.filters import Filter, FilterError, parse, people_at, unparse
from networking_tui.domain.model import Contact

from .conftest import contact

TODAY = date(2026, 11, 23)  # a Monday


def person(**fields: object) -> Contact:
    return msgspec.convert(contact("Ada", "engaged", **fields), Contact)


@pytest.mark.parametrize(
    ("due", "next_touch", "kept"),
    [
        ("overdue", "2026-11-22", True),
        ("overdue", "2026-11-23", False),
        ("today", "2026-11-23", True),
        ("week", "2026-11-23", True),
        ("week", "2026-11-29", True),  # Sunday
        ("week", "2026-11-30", False),  # next Monday
        ("week", "2026-11-22", False),  # overdue is not this week
    ],
)
def test_due(due: str, next_touch: str, kept: bool) -> None:
    assert Filter(due=(due,)).matches(person(next_touch=next_touch), TODAY) is kept


def test_parts_combine_and_values_within_a_part_are_either() -> None:
    ada = person(tags=["PyCon"], priority=1, objective="advice", next_touch=None)
    assert Filter(tags=("pycon", "rust")).matches(ada, TODAY)  # case ignored; either tag
    assert not Filter(tags=("pycon",), priorities=(2,)).matches(ada, TODAY)
    assert Filter(tags=("pycon",), priorities=(1, 2), objectives=("Advice",)).matches(ada, TODAY)
    assert Filter(no_next_touch=True, stages=("engaged",)).matches(ada, TODAY)
    assert not Filter(no_next_touch=True).matches(person(next_touch="2026-12-01"), TODAY)


def test_met_at_a_place_or_an_event() -> None:
    events = {"e": {"name": "PyCon Lille", "place": "Lille", "contacts": ["ada"]}}
    at = people_at(events, "pycon")
    assert at == frozenset({"ada"})
    assert Filter(met_at="pycon").matches(person(uid="ada"), TODAY, at)
    assert Filter(met_at="café").matches(person(uid="x", where_met="Cafe Oz"), TODAY)
    assert not Filter(met_at="pycon").matches(person(uid="x"), TODAY, at)


def test_stage_age_counts_from_the_last_move_into_the_stage() -> None:
    history = [
        {"stage": "engaged", "at": "2026-09-01T10:00:00"},
        {"stage": "follower", "at": "2026-09-10T10:00:00"},
        {"stage": "engaged", "at": "2026-11-01T10:00:00"},
    ]
    ada = person(stage_history=history)
    assert Filter(stage_days=21).matches(ada, TODAY)  # 22 days
    assert not Filter(stage_days=22).matches(ada, TODAY)


def test_saved_words_read_back_the_same_filter() -> None:
    value = parse(
        "#pycon !1 >eng due:week due:overdue objective:advice days>30 no-next met:PyCon Lille"
    )
    assert value == Filter(
        tags=("pycon",),
        priorities=(1,),
        stages=("engaged",),
        due=("week", "overdue"),
        objectives=("advice",),
        stage_days=30,
        no_next_touch=True,
        met_at="PyCon Lille",
    )
    assert parse(unparse(value)) == value
    assert value.describe().startswith("tag #pycon · priority 1 · objective advice")
    assert Filter().describe() == "everyone" and Filter().empty


@pytest.mark.parametrize(
    "words", ["pycon", ">x", "due:someday", "days>many", "days>²", "days>" + "9" * 5000, "!7"]
)
def test_unreadable_words_are_refused(words: str) -> None:
    with pytest.raises(FilterError):
        parse(words)
