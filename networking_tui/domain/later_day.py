"""A column of the board kept on one day, as it is on a later day.

The board puts the overdue cards first (rules.sort_key). A day later, the cards
whose next touch fell between the two days join the overdue group, each where its
order key (rules.order_key) puts it; nothing else moves but by them. So a window
of the column kept on its day (the order keys of the cards in it, where it began,
how many were overdue) and the order keys of the cards that were about to fall
due tell, by counting, where each card of the window is now, and which cards are
now where the window shows the overdue group. What cannot be known is left out:
the window shrinks to what is certain, or there is none (None).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from networking_tui.domain.model import HIGHEST_PRIORITY, LOWEST_PRIORITY
from networking_tui.domain.rules import day_key

BOUND_DAYS = 7  # a week away (a weekend, a short trip); the cards kept grow with it


@dataclass(frozen=True)
class Window:
    """Cards `keys` (their order keys) at `start` in a column of `count` cards."""

    count: int
    start: int
    keys: list[str]


@dataclass(frozen=True)
class Soon:
    """The cards of a column not overdue on its day and due within BOUND_DAYS:
    the order keys (sorted) of those between the first and last card that matter
    (see for_later); of the others, before and after them, only how many fall
    due on each date (ISO)."""

    keys: list[str]
    below: dict[str, int] = field(default_factory=dict)
    above: dict[str, int] = field(default_factory=dict)


def due(key: str) -> str:
    """The ISO next-touch date in an order key."""
    return key[1:11]


def carry(
    kept: Window,
    overdue: int,
    soon: Soon,
    today: str,
    focus: str | None,
    around: int,
    sight: int,
) -> Window | None:
    """`kept` (a window of a column on its day, when `overdue` cards were overdue)
    on the later day `today` (ISO); `soon`: the cards of the column not overdue
    then whose next touch comes before `today` (and any later ones). The window
    returned holds the cards around `focus` (an order key; None: the column's
    top) up to `around` either side, as far as they are known;
    None if the focused card, or the `sight` cards above and below it that a
    screen can show, are not."""
    if kept.count == 0:
        return kept
    newly = _due_before(soon.keys, today)
    below = sum(count for day, count in soon.below.items() if day < today)
    above = sum(count for day, count in soon.above.items() if day < today)
    known = _placed(kept, overdue, newly, (below, above), today)
    if known is None:
        return None
    if focus is None:
        at = 0
    else:
        found = [place for place, key in known.items() if key == focus]
        if not found:
            return None
        at = found[0]
    first = last = at
    while first - 1 >= max(0, at - around) and first - 1 in known:
        first -= 1
    while last + 1 < min(kept.count, at + around) and last + 1 in known:
        last += 1
    if first > max(0, at - sight) or last + 1 < min(kept.count, max(at + 1, sight)):
        return None
    return Window(kept.count, first, [known[place] for place in range(first, last + 1)])


def _due_before(keys: list[str], today: str) -> list[str]:
    """Of order keys in order, those due before `today`: the start of each
    priority's (by bisection, as the board does)."""
    due_before: list[str] = []
    start = 0
    while start < len(keys):
        priority = keys[start][0]
        end = bisect_left(keys, chr(ord(priority) + 1), start)
        due_before += keys[start : bisect_left(keys, priority + today, start, end)]
        start = end
    return due_before


def _placed(
    kept: Window, overdue: int, newly: list[str], outside: tuple[int, int], today: str
) -> dict[int, str] | None:
    """Where the cards are now whose place is certain: position -> order key.
    `newly`: the order keys of the cards newly overdue; `outside`: how many more
    there are, before and after them, whose keys are not kept (no card of the
    window is among them). None if the window does not agree with its counts (not
    the column it says)."""
    below, above = outside
    start, count = kept.start, kept.count
    cut = max(0, min(len(kept.keys), overdue - start))
    were_overdue, rest = kept.keys[:cut], kept.keys[cut:]
    places: list[tuple[int, str]] = []
    # An overdue card moves down by the newly overdue before it.
    for index, key in enumerate(were_overdue):
        places.append((start + index + below + bisect_left(newly, key), key))
    # A card still not overdue moves down by the newly overdue after it (they left
    # the cards below it, and went above).
    for index, key in enumerate(rest):
        if due(key) >= today:
            after = len(newly) - bisect_right(newly, key) + above
            places.append((start + cut + index + after, key))
    # A newly overdue card is at (overdue cards before it) + (newly overdue before
    # it): known between two overdue cards of the window, or from the column's
    # start, or up to the overdue group's end, where the window shows them.
    base = min(start, overdue)  # the overdue cards before the window
    to_end = start + len(kept.keys) >= overdue
    low = 0 if base == 0 else bisect_right(newly, were_overdue[0]) if were_overdue else len(newly)
    high = len(newly) if to_end else bisect_left(newly, were_overdue[-1]) if were_overdue else 0
    for index in range(low, high):
        key = newly[index]
        places.append((base + bisect_left(were_overdue, key) + below + index, key))
    known = dict(places)
    if len(known) < len(places) or any(not 0 <= place < count for place in known):
        return None  # two cards in one place, or out of the column: not its counts
    return known


def due_soon(
    uids: Sequence[str], order: Mapping[str, str], today: str, until: str
) -> tuple[int, list[str]]:
    """Of a column in board order on `today` (`order`: each uid's order key): how
    many cards are overdue, and the order keys, sorted, of the others due before
    `until`. By bisection: within a priority the keys go by date."""

    def key(uid: str) -> str:
        return day_key(order[uid], today)

    overdue = bisect_left(uids, "1", key=key)
    soon: list[str] = []
    for priority in range(HIGHEST_PRIORITY, LOWEST_PRIORITY + 1):
        first = bisect_left(uids, f"1{priority}{today}", overdue, key=key)
        end = bisect_left(uids, f"1{priority}{until}", first, key=key)
        soon += [order[uid] for uid in uids[first:end]]
    return overdue, soon


def for_later(
    kept: Window,
    overdue: int,
    soon: list[str],
    day: str,
    focus: str | None,
    around: int,
    sight: int,
) -> tuple[Soon, set[str]]:
    """What to keep on `day` (ISO) of the column's cards due soon (`soon`: the
    order keys, sorted, of those not overdue due within BOUND_DAYS) for `carry`
    on each later day up to the bound: the keys between the first and the last
    that a window has on one of those days, or its cards before it; counts for
    the others. And the keys of the cards that come into the window (to keep)."""
    whole = Soon(soon)
    first = date.fromisoformat(day)
    shown: set[str] = set()
    for days in range(1, BOUND_DAYS + 1):
        later = first + timedelta(days=days)
        window = carry(kept, overdue, whole, later.isoformat(), focus, around, sight)
        shown.update(window.keys if window is not None else ())
    bounds = shown.union(kept.keys)
    if not bounds:
        return Soon([], dict(Counter(due(key) for key in soon))), set()
    low, high = bisect_left(soon, min(bounds)), bisect_right(soon, max(bounds))
    below = Counter(due(key) for key in soon[:low])
    above = Counter(due(key) for key in soon[high:])
    return Soon(soon[low:high], dict(below), dict(above)), shown - set(kept.keys)
