"""Each rule of the method, as the one function that changes, agenda and screens call."""

from __future__ import annotations

from datetime import date, datetime

import pendulum
import pytest

from networking_tui.data import migrations
from networking_tui.domain import agenda, changes, clock, validate
from networking_tui.domain.model import Contact, Interaction, Settings
from networking_tui.domain.rules import (
    cadence,
    cadence_of,
    days_to_follow_up,
    due_while_owed,
    owed_ask,
    thanks_by,
    thanks_due,
)
from networking_tui.domain.vocabulary import Stage

ASK = datetime(2026, 11, 18, 10).timestamp()
HOUR = 3600.0


@pytest.mark.parametrize(
    ("stage", "own", "expected"),
    [
        ("stranger", None, None),
        ("follower", None, 7),
        ("engaged", None, 5),
        ("connected", None, 30),
        ("ask", None, 3),
        ("stranger", 12, 12),
        ("connected", 90, 90),
        ("no such stage", None, None),
    ],
)
def test_the_cadence_is_their_own_else_the_stages(
    stage: str, own: int | None, expected: int | None
) -> None:
    assert cadence_of(stage, own) == expected


def test_contacts_and_documents_read_the_same_cadence() -> None:
    pairs: list[tuple[Stage, int | None]] = [
        ("follower", None),
        ("follower", 12),
        ("stranger", None),
    ]
    for stage, own in pairs:
        contact = Contact(name="Ada", stage=stage, cadence_days=own)
        doc = changes.make_contact("Ada", stage, cadence_days=own)
        assert cadence(contact) == changes.every(doc) == cadence_of(stage, own)


@pytest.mark.parametrize(
    ("kind", "every", "expected"),
    [
        ("ask", 30, 3),
        ("ask", None, 3),
        ("meeting", 30, 1),
        ("call", None, 1),
        ("event", 7, 1),
        ("email", 7, 7),
        ("like", None, None),
    ],
)
def test_days_to_the_next_touch_by_kind(kind: str, every: int | None, expected: int | None) -> None:
    assert days_to_follow_up(kind, every) == expected


OWED = [
    ([], None),
    ([("call", ASK)], None),
    ([("ask", ASK)], ASK),
    ([("ask", ASK), ("thank-you", ASK + HOUR)], None),
    ([("thank-you", ASK + HOUR), ("ask", ASK)], None),  # any order
    ([("ask", ASK), ("thank-you", ASK)], None),  # thanked at the same moment
    ([("ask", ASK), ("thank-you", ASK + HOUR), ("ask", ASK + 2 * HOUR)], ASK + 2 * HOUR),
    ([("ask", ASK), ("ask", ASK + HOUR)], ASK + HOUR),  # the latest ask
    ([("thank-you", ASK - HOUR), ("ask", ASK)], ASK),  # an earlier thank-you
    ([("ask", ASK + HOUR), ("call", ASK + 2 * HOUR), ("ask", ASK)], ASK + HOUR),  # out of order
]


@pytest.mark.parametrize(("touches", "expected"), OWED)
def test_a_thank_you_is_owed_for_the_latest_unthanked_ask(
    touches: list[tuple[str, float]], expected: float | None
) -> None:
    assert owed_ask(touches) == expected


@pytest.mark.parametrize(("touches", "expected"), OWED)
def test_the_agendas_facts_owe_the_same_thank_you_and_know_the_last_touch(
    touches: list[tuple[str, float]], expected: float | None
) -> None:
    """agenda.facts works the rule out in its own pass over the touches."""
    contact = Contact(
        name="Ada",
        stage="connected",
        interactions=[Interaction(kind=k, at=datetime.fromtimestamp(t)) for k, t in touches],
    )
    f = agenda.facts("ada", contact)
    assert f.ask_ts == (float("-inf") if expected is None else expected)
    # the latest touch; of two at the same moment, the one logged last
    latest = max(reversed(touches), key=lambda t: t[1], default=("", float("-inf")))
    assert (f.last_kind, f.last_ts) == latest
    assert f.touch_ts == tuple(sorted(t for _, t in touches))


def test_thanks_are_due_three_days_after_the_ask_for_either_kind_of_date() -> None:
    assert thanks_by(date(2026, 11, 18)) == date(2026, 11, 21)
    by = thanks_by(pendulum.date(2026, 11, 30))
    assert by == pendulum.date(2026, 12, 3) and isinstance(by, pendulum.Date)


BY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("next_touch", "chosen_at", "expected"),
    [
        (None, None, BY),  # nothing planned: the thank-you
        (date(2026, 11, 19), None, date(2026, 11, 19)),  # sooner: kept
        (date(2026, 11, 28), None, BY),  # later: brought forward
        (date(2026, 11, 28), ASK - HOUR, BY),  # chosen before the ask: brought forward
        (date(2026, 11, 28), ASK + HOUR, date(2026, 11, 28)),  # chosen after it: wins
        (date(2026, 11, 28), ASK, date(2026, 11, 28)),  # chosen at the same moment
        (None, ASK + HOUR, BY),  # no date is not a date chosen: the thank-you
    ],
)
def test_the_next_touch_while_a_thank_you_is_owed(
    next_touch: date | None, chosen_at: float | None, expected: date
) -> None:
    assert due_while_owed(next_touch, chosen_at, ASK, BY) == expected


def test_the_contact_view_the_log_and_the_agenda_agree_on_an_owed_thank_you() -> None:
    now = pendulum.datetime(2026, 11, 23, 9, tz="local")
    asked = clock.stamp(pendulum.datetime(2026, 11, 18, 10, tz="local"))
    doc = changes.make_contact("Ada", "connected")
    doc["interactions"] = [{"kind": "ask", "at": asked, "note": ""}]
    # Cleared by hand after the ask: the thank-you is still due.
    doc = changes.scheduled(doc, None, clock.stamp(now.subtract(days=4)))
    assert changes.thanks_first(doc)["next_touch"] == "2026-11-21"
    contact = Contact(
        name="Ada",
        stage="connected",
        interactions=[Interaction(kind="ask", at=datetime.fromisoformat(asked))],
        next_touch_set_at=now.subtract(days=4),
    )
    ask = thanks_due(contact)
    assert ask is not None and clock.stamp(ask.at) == asked
    built = agenda.build([("ada", contact)], [], Settings(), now)
    assert [(i.section, i.due) for i in built.items] == [("Overdue", pendulum.date(2026, 11, 21))]


def test_thanks_due_is_the_latest_ask_and_none_once_thanked_at_the_same_moment() -> None:
    at = datetime(2026, 11, 18, 10)
    first = Interaction(kind="ask", at=at.replace(hour=9), note="first")
    second = Interaction(kind="ask", at=at, note="second")
    contact = Contact(name="Ada", stage="ask", interactions=[second, first])
    assert thanks_due(contact) == second
    thanked = Interaction(kind="thank-you", at=at)
    assert thanks_due(Contact(name="Ada", stage="ask", interactions=[thanked, second])) is None


@pytest.mark.parametrize("text", ["²", "٣", "3650 days", "3651"])
def test_a_cadence_that_is_not_a_plain_number_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(validate.FieldError, match="whole number from 1 to 3650"):
        validate.cadence(text)


def test_an_old_file_with_an_unusual_digit_for_a_priority_migrates_without_a_crash() -> None:
    doc = migrations._contact_v0_to_v1({"name": "Ada", "stage": "Follower", "priority": "²"})
    assert doc["priority"] == "²" and doc["stage"] == "follower"  # validation names it later
