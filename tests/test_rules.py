from datetime import date

import msgspec
import pendulum
import pytest

from networking_tui.domain import clock
from networking_tui.domain.model import Card, Contact
from networking_tui.domain.rules import ask_gate, due_label, sort_key, stage_spans, step, whole_days

TODAY = date(2026, 11, 23)


def card(name: str, priority: int = 2, due: date | None = None) -> Card:
    return Card(name=name, stage="follower", priority=priority, next_touch=due, uid=name.lower())


def test_board_order_is_overdue_then_priority_then_date_then_name() -> None:
    cards = [
        card("Zed later p1", 1, date(2026, 12, 1)),
        card("Amy no date p1", 1, None),
        card("Bob overdue p3", 3, date(2026, 11, 20)),
        card("Cat overdue p1", 1, date(2026, 11, 22)),
        card("Dan today p2", 2, TODAY),
        card("Abe today p2", 2, TODAY),
        card("Eve soon p1", 1, date(2026, 11, 25)),
    ]
    ordered = [c.name for c in sorted(cards, key=lambda c: sort_key(c, TODAY.isoformat()))]
    assert ordered == [
        "Cat overdue p1",
        "Bob overdue p3",
        "Eve soon p1",
        "Zed later p1",
        "Amy no date p1",
        "Abe today p2",
        "Dan today p2",
    ]


@pytest.mark.parametrize(
    ("due", "label", "kind"),
    [
        (date(2026, 11, 23), "today", "today"),
        (date(2026, 11, 26), "in 3d", "later"),
        (date(2026, 11, 21), "2d overdue", "overdue"),
        (None, "no follow-up set", "none"),
    ],
)
def test_due_label_reads_relative_to_today(due: date | None, label: str, kind: str) -> None:
    assert due_label(due, TODAY) == (label, kind)


def test_step_stops_at_both_ends() -> None:
    assert step("stranger", -1) is None
    assert step("stranger", 1) == "follower"
    assert step("connected", 1) == "ask"
    assert step("ask", 1) is None


def _contact(history: list[tuple[str, str]], touches: int, stage: str | None = None) -> Contact:
    doc = {
        "name": "Ada",
        "stage": stage or history[-1][0],
        "stage_history": [{"stage": s, "at": at} for s, at in history],
        "interactions": [{"kind": "comment", "at": "2026-10-01T10:00:00+00:00", "note": ""}]
        * touches,
    }
    return msgspec.convert(doc, Contact)


def test_ask_gate_names_too_few_touches() -> None:
    contact = _contact([("engaged", "2026-09-01T10:00:00+00:00")], touches=2)
    reasons = ask_gate(contact, clock.now())
    assert len(reasons) == 1
    assert "only 2 logged touches" in reasons[0]


def test_ask_gate_names_too_little_time_since_engaged() -> None:
    contact = _contact(
        [("stranger", "2026-09-01T10:00:00+00:00"), ("engaged", "2026-11-15T10:00:00+00:00")],
        touches=5,
    )
    reasons = ask_gate(contact, clock.now())
    assert len(reasons) == 1
    assert reasons[0] == "Engaged or closer for only 7 days: wait 7 more days"


def test_ask_gate_names_both_and_a_contact_never_engaged() -> None:
    contact = _contact([("follower", "2026-01-01T10:00:00+00:00")], touches=0)
    reasons = ask_gate(contact, clock.now())
    assert len(reasons) == 2
    assert reasons[0] == "no touch logged yet: log at least 3 first"
    assert reasons[1] == (
        "not Engaged yet: give the relationship 14 days of real exchange (Engaged or closer) first"
    )


def test_ask_gate_says_plainly_when_a_warm_contact_has_no_history() -> None:
    contact = _contact([], touches=5, stage="connected")
    reasons = ask_gate(contact, clock.now())
    assert reasons == [
        "no record of when they became Engaged, so the 14 days of real "
        "exchange an ask needs cannot be checked"
    ]


def test_ask_gate_passes_with_history() -> None:
    contact = _contact(
        [("engaged", "2026-10-01T10:00:00+00:00"), ("connected", "2026-11-20T10:00:00+00:00")],
        touches=3,
    )
    assert ask_gate(contact, clock.now()) == []


def test_stage_spans_measure_time_in_each_stage() -> None:
    contact = _contact(
        [("stranger", "2026-11-01T09:00:00+00:00"), ("follower", "2026-11-11T09:00:00+00:00")],
        touches=0,
    )
    spans = stage_spans(contact)
    now = pendulum.datetime(2026, 11, 23, 9)
    assert [(s.stage, whole_days(s.duration(now))) for s in spans] == [
        ("stranger", 10),
        ("follower", 12),
    ]
    assert spans[-1].end is None
