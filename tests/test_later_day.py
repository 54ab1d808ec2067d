"""A column kept on one day, carried to a later day (domain/later_day.py), is what
sorting the whole column again for that day shows, wherever it says it knows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from networking_tui.domain.later_day import BOUND_DAYS, Soon, Window, carry, due, for_later
from networking_tui.domain.model import Card
from networking_tui.domain.rules import order_key, sort_key

DAY = date(2026, 12, 2)

cards_st = st.lists(
    st.tuples(
        st.integers(1, 3),  # priority
        st.one_of(st.none(), st.integers(-6, 12)),  # next touch, days from DAY
        st.sampled_from(["ann", "bob", "Bob", "cy"]),  # names that tie
    ),
    max_size=60,
)


def column(specs: Sequence[tuple[int, int | None, str]]) -> list[Card]:
    return [
        Card(
            name=name,
            stage="stranger",
            priority=priority,
            next_touch=None if days is None else DAY + timedelta(days=days),
            uid=f"u{index}",
        )
        for index, (priority, days, name) in enumerate(specs)
    ]


def on(cards: list[Card], day: date) -> list[str]:
    """The column's order keys in board order on `day`: the whole sort, again."""
    today = day.isoformat()
    return [order_key(c) for c in sorted(cards, key=lambda c: sort_key(c, today))]


def kept_on(cards: list[Card], cursor: int | None, around: int) -> tuple[Window, int, list[str]]:
    """What the snapshot keeps of the column on DAY: a window (its top, or around
    the cursor), the overdue count, the keys due within the bound."""
    keys = on(cards, DAY)
    today, bound = DAY.isoformat(), (DAY + timedelta(days=BOUND_DAYS)).isoformat()
    start, end = (0, around) if cursor is None else (max(0, cursor - around), cursor + around)
    overdue = sum(1 for key in keys if due(key) < today)
    soon = sorted(key for key in keys if today <= due(key) < bound)
    return Window(len(keys), start, keys[start:end]), overdue, soon


@settings(max_examples=600, deadline=None)
@given(
    specs=cards_st,
    later=st.integers(1, BOUND_DAYS),
    where=st.one_of(st.none(), st.integers(0, 59)),
    around=st.integers(1, 12),
    sight=st.integers(0, 12),
)
@example(  # on F below the overdue: the newly overdue N goes above the window's C
    specs=[(3, -2, "a"), (3, -2, "b"), (3, -2, "c"), (3, -2, "d"), (1, 0, "n"), (3, None, "f")],
    later=1,
    where=5,
    around=3,
    sight=2,
)
@example(  # on D: B above it fell due and went up, out of sight of the window
    specs=[(1, -1, "o"), (1, -1, "p"), (2, 0, "a"), (2, 0, "b"), (2, None, "c"), (2, None, "d")],
    later=1,
    where=5,
    around=2,
    sight=2,
)
@example(  # on B: X, due after the window, falls due and moves it down (kept as a count)
    specs=[(2, None, "a"), (2, None, "b"), (2, None, "c"), (3, 0, "x")],
    later=1,
    where=1,
    around=1,
    sight=1,
)
@example(  # on D: A and B fall due before the window (counts), C and D in it
    specs=[(1, 0, "a"), (1, 0, "b"), (1, 0, "c"), (1, 0, "d"), (2, None, "e")],
    later=1,
    where=3,
    around=1,
    sight=1,
)
@example(  # on P: N, of a higher priority, falls due above the window (a count)
    specs=[(3, -2, "o"), (3, -2, "p"), (3, -2, "q"), (1, 0, "n")],
    later=1,
    where=1,
    around=1,
    sight=1,
)
def test_a_column_carried_to_a_later_day_is_the_whole_sort_for_that_day(
    specs: list[tuple[int, int | None, str]],
    later: int,
    where: int | None,
    around: int,
    sight: int,
) -> None:
    sight = min(sight, around)  # a screen shows no more than is kept around the focus
    cards = column(specs)
    cursor = None if where is None or not cards else where % len(cards)
    window, overdue, soon = kept_on(cards, cursor, around)
    focus = None if cursor is None else window.keys[cursor - window.start]
    day = DAY + timedelta(days=later)
    carried = carry(window, overdue, Soon(soon), day.isoformat(), focus, around, sight)
    # What the snapshot keeps of them (counts for most): the same, every later day.
    trimmed, _ = for_later(window, overdue, soon, DAY.isoformat(), focus, around, sight)
    assert carry(window, overdue, trimmed, day.isoformat(), focus, around, sight) == carried
    truth = on(cards, day)
    if window.start == 0 and len(window.keys) == len(cards):
        assert carried is not None  # all of it was kept: all of it is known
    if carried is None:
        return
    assert carried.count == len(truth)
    assert carried.keys == truth[carried.start : carried.start + len(carried.keys)]
    at = 0 if focus is None else truth.index(focus)
    assert carried.start <= max(0, at - sight)  # what a screen shows, at least
    assert carried.start + len(carried.keys) >= min(len(truth), max(at + 1, sight))
    assert carried.start >= at - around and carried.start + len(carried.keys) <= at + around


def test_the_newly_overdue_come_to_the_top_of_a_column() -> None:
    """Kept with 2 overdue, a day later the card due then is third; one due on the
    day after stays below, and every place is known."""
    cards = column([(1, -2, "ann"), (2, -1, "bob"), (1, 0, "cy"), (1, 1, "dee"), (1, None, "eve")])
    window, overdue, soon = kept_on(cards, None, 50)
    assert overdue == 2
    later = (DAY + timedelta(days=1)).isoformat()
    carried = carry(window, overdue, Soon(soon), later, None, 50, 40)
    assert carried is not None
    assert [key.rpartition("\0")[2] for key in carried.keys] == ["u0", "u2", "u1", "u3", "u4"]


def test_a_focus_that_fell_due_outside_the_window_is_not_guessed() -> None:
    """The focused card falls due among overdue cards the window did not keep."""
    cards = column([(1, -3, f"o{n:02}") for n in range(30)] + [(1, 0, "zed")])
    window, overdue, soon = kept_on(cards, 30, 5)  # on Zed, below 30 overdue cards
    assert window.start == 25
    later = (DAY + timedelta(days=1)).isoformat()
    focus = window.keys[-1]
    assert carry(window, overdue, Soon(soon), later, focus, 5, 3) is not None  # still last
    cards = column([(2, -3, f"o{n:02}") for n in range(30)] + [(1, 0, "abe")])
    window, overdue, soon = kept_on(cards, 30, 5)  # Abe, of a higher priority, goes first
    assert carry(window, overdue, Soon(soon), later, window.keys[-1], 5, 3) is None
