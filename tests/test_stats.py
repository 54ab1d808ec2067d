"""The progress figures against a fixture worked out by hand (see each comment).

Now is Monday 23 Nov 2026, 09:00 (conftest): the 90-day window starts on 25 Aug
09:00; the 12 weeks start on Mondays from 7 Sep to 23 Nov.
"""

from __future__ import annotations

from typing import Any

import msgspec

from networking_tui.domain import clock
from networking_tui.domain.model import Contact, Settings
from networking_tui.domain.stats import progress

from .conftest import contact


def at(day: str, time: str = "10:00") -> str:
    return f"2026-{day}T{time}:00"


def history(*steps: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"stage": stage, "at": when} for stage, when in steps]


def touch(kind: str, when: str) -> dict[str, str]:
    return {"kind": kind, "at": when, "note": ""}


FIXTURE = [
    contact(
        "Ana",
        "connected",
        uid="ana",
        stage_history=history(
            ("stranger", at("06-01")), ("engaged", at("09-01")), ("connected", at("10-01"))
        ),
        interactions=[touch("like", at("11-23", "08:00")), touch("message", at("11-16"))],
    ),
    contact(
        "Ben",
        "engaged",
        uid="ben",
        stage_history=history(("stranger", at("10-01")), ("engaged", at("10-11"))),
        interactions=[
            touch("email", at("11-23", "08:30")),  # this week: a touch, not an invitation
            touch("invitation", at("11-23", "08:40")),  # this week: an invitation to connect
            touch("comment", at("09-07")),  # the first of the 12 weeks
            touch("follow", at("09-01")),  # before them: not counted
        ],
    ),
    contact(
        "Cy",
        "connected",
        uid="cy",
        stage_history=history(("follower", at("11-20")), ("connected", at("11-23", "08:00"))),
    ),
    contact(
        "Dee",
        "stranger",
        uid="dee",
        archived=True,
        stage_history=history(("stranger", at("01-01"))),
        interactions=[touch("call", at("11-17"))],
    ),
    contact(
        "Eve",
        "connected",
        uid="eve",
        stage_history=history(("connected", at("01-01"))),
        interactions=[touch("meeting", at("05-01"))],
    ),
]


def figures() -> Any:
    contacts = [(d["uid"], msgspec.convert(d, Contact)) for d in FIXTURE]
    return progress(contacts, Settings(), clock.now())


def test_the_funnel() -> None:
    funnel = {step.stage: (step.now, step.were_in, step.moved_on) for step in figures().funnel}
    # Now (archived Dee left out): Ben engaged; Ana, Cy, Eve connected.
    # In the window: Stranger were Ana (until 1 Sep), Ben, Dee; Ana and Ben moved on.
    # Follower: Cy, moved on. Engaged: Ana (moved on 1 Oct), Ben. Connected: Ana, Cy, Eve.
    assert funnel == {
        "stranger": (0, 3, 2),
        "follower": (0, 1, 1),
        "engaged": (1, 2, 1),
        "connected": (3, 3, 0),
        "ask": (0, 0, 0),
    }
    rates = [step.rate for step in figures().funnel]
    assert rates == [2 / 3, 1.0, 0.5, 0.0, None]


def test_touches_per_week_by_kind() -> None:
    weeks = figures().weeks
    assert len(weeks) == 12
    assert str(weeks[0].start) == "2026-09-07" and str(weeks[-1].start) == "2026-11-23"
    counts = {str(w.start): (w.public, w.direct, w.other) for w in weeks if w.total}
    # 7 Sep: Ben's comment. 16-22 Nov: Ana's message, Dee's call (archived still counts).
    # This week: Ana's like, Ben's email and invitation. Eve's meeting (May) and Ben's
    # follow (1 Sep): out.
    assert counts == {"2026-09-07": (1, 0, 0), "2026-11-16": (0, 2, 0), "2026-11-23": (1, 1, 1)}


def test_median_days_between_stages() -> None:
    result = figures()
    # Stranger to Engaged: Ana 1 Jun to 1 Sep = 92 days, Ben 1 Oct to 11 Oct = 10: median 51.
    assert (result.to_engaged, result.to_engaged_count) == (51, 2)
    # Engaged to Connected: Ana 1 Sep to 1 Oct = 30 days (nobody else made both steps).
    assert (result.to_connected, result.to_connected_count) == (30, 1)


def test_this_week_against_the_goals() -> None:
    goals = figures().goals
    # Cy came forward into Connected today; Ben's invitation is the one (his email is
    # not one); three touches.
    assert (goals.connected, goals.connect_goal) == (1, 3)
    assert (goals.invitations, goals.invitation_goal) == (1, 3)
    assert (goals.touches, goals.touch_goal) == (3, 10)


def test_losing_touch() -> None:
    losing = [(item.name, item.days, item.touched) for item in figures().losing]
    # Eve: last touch 1 May, 206 days ago. Ana touched today; Cy Connected today, no touch.
    assert losing == [("Eve", 206, True), ("Ana", 0, True), ("Cy", 0, False)]


def test_an_empty_file() -> None:
    result = progress([], Settings(), clock.now())
    assert result.empty and result.to_engaged is None and result.losing == []
    assert [w.total for w in result.weeks] == [0] * 12
