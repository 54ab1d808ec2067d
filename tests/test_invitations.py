"""Invitations to connect, the first five and the weekly habits, below the UI:
the rules, the agenda's sections and the use cases, on a fixture that spans two
weeks (the clock is frozen on Monday 23 Nov 2026, 09:00)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pendulum
import pytest

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.model import Contact, Settings
from networking_tui.domain.rules import pending_invitation
from networking_tui.usecases import Refused, contacts, touches

from .conftest import contact, contacts_on_disk, open_store, unstamped, write_db
from .test_agenda_rules import agenda_of, touch


def two_weeks() -> list[dict]:
    """Touches and moves over last week (16-22 Nov) and this one (from 23 Nov)."""
    return [
        contact(
            "Ada Lovelace",
            "engaged",
            uid="ada",
            interactions=[
                touch("invitation", "2026-11-20T10:00:00"),  # last week
                touch("like", "2026-11-19T10:00:00"),
            ],
            next_touch="2026-12-11",
        ),
        contact(
            "Grace Hopper",
            "follower",
            uid="grace",
            interactions=[
                touch("invitation", "2026-11-23T08:00:00"),  # this week
                touch("comment", "2026-11-22T23:59:00"),  # last week, by a minute
            ],
            next_touch="2026-12-14",
        ),
        contact(
            "Zoe Met",
            "engaged",
            uid="zoe",
            where_met="PyCon",
            interactions=[touch("meeting", "2026-11-21T18:00:00")],
            next_touch="2026-11-22",
        ),
        contact(
            "Old Met",
            "engaged",
            uid="old",
            interactions=[touch("meeting", "2026-11-01T18:00:00")],
            next_touch="2026-11-30",
        ),
    ]


def test_weekly_counts_on_two_weeks() -> None:
    agenda = agenda_of(two_weeks(), settings=Settings(weekly_invitation_goal=4))
    week = agenda.week
    assert week is not None
    assert (week.invitations, week.invitations_goal) == (1, 4)  # Grace's; Ada's was last week
    assert week.touches == 1  # only Grace's invitation is this week
    text = agenda.items and agenda_text(agenda)
    assert "1/4 invitations sent" in text


def agenda_text(agenda: object) -> str:
    from networking_tui.domain.agenda import plain_text

    return plain_text(agenda)  # type: ignore[arg-type]


def test_invite_this_week_lists_people_met_or_engaged_lately_without_an_invitation() -> None:
    docs = [
        *two_weeks(),
        contact(
            "New Engaged",
            "engaged",
            uid="new",
            priority=1,
            stage_history=[
                {"stage": "follower", "at": "2026-10-01T10:00:00"},
                {"stage": "engaged", "at": "2026-11-18T10:00:00"},
            ],
            next_touch="2026-11-28",
        ),
        contact(
            "Connected Met",
            "connected",
            uid="conn",
            interactions=[touch("meeting", "2026-11-21T18:00:00")],
            next_touch="2026-12-20",
        ),
    ]
    invite = agenda_of(docs).section("Invite this week")
    # Most important first; Ada and Grace have an invitation waiting; Old Met was
    # met 22 days ago; a Connected person needs no invitation.
    assert [i.name for i in invite] == ["New Engaged", "Zoe Met"]
    assert invite[1].reason.startswith("met 2 days ago at PyCon")
    assert invite[0].reason.startswith("became Engaged 5 days ago")


def test_met_again_the_reason_does_not_name_where_they_first_met() -> None:
    # Met at PyCon in October, and again on Saturday at an event: the reason says
    # when, not a place the app does not know for this meeting.
    again = contact(
        "Mateo Met",
        "engaged",
        uid="mateo",
        where_met="PyCon",
        interactions=[
            touch("meeting", "2026-10-10T18:00:00"),
            touch("meeting", "2026-11-21T18:00:00"),
        ],
        next_touch="2026-11-30",
    )
    invite = agenda_of([again]).section("Invite this week")
    assert invite[0].reason.startswith("met 2 days ago; not Connected")


def test_an_invitation_is_pending_until_connected() -> None:
    ada = msgspec.convert(two_weeks()[0], Contact)
    sent = pending_invitation(ada)
    assert sent is not None and sent.kind == "invitation"
    moved = msgspec.convert(
        {
            **two_weeks()[0],
            "stage": "connected",
            "stage_history": [{"stage": "connected", "at": "2026-11-22T10:00:00"}],
        },
        Contact,
    )
    assert pending_invitation(moved) is None


def test_a_lapsed_invitation_comes_back_once_with_its_reason() -> None:
    docs = [
        contact(
            "Late Reply",
            "engaged",
            uid="late",
            interactions=[touch("invitation", "2026-11-02T10:00:00")],
            next_touch="2026-11-23",
        )
    ]
    today = agenda_of(docs).section("Today")
    assert [i.name for i in today] == ["Late Reply"]
    assert "invitation to connect sent on 2 Nov, not accepted in 21 days" in today[0].reason


def test_start_here_while_fewer_than_the_limit_are_engaged() -> None:
    strangers = [
        contact(f"Stranger {n}", "stranger", uid=f"s{n}", priority=1 + n % 3) for n in range(6)
    ]
    planned = contact("Planned One", "stranger", uid="p", priority=1, next_touch="2026-11-30")
    engaged = [
        contact(f"Eng {n}", "engaged", uid=f"e{n}", next_touch="2026-11-30") for n in range(3)
    ]
    agenda = agenda_of([*strangers, planned, *engaged], settings=Settings(wip_limit=5))
    start = agenda.section("Start here")
    # Room for 2 more Engaged: the two most important strangers with no plan.
    assert [i.name for i in start] == ["Stranger 0", "Stranger 3"]
    assert "decide the objective" in start[0].step
    full = engaged + [
        contact(f"Eng {n}", "engaged", uid=f"x{n}", next_touch="2026-11-30") for n in range(2)
    ]
    assert agenda_of(strangers + full, settings=Settings(wip_limit=5)).section("Start here") == []


def test_no_plan_lists_engaged_and_beyond_without_a_next_touch() -> None:
    docs = [
        contact("Undated Engaged", "engaged", uid="u1"),
        contact("Undated Ask", "ask", uid="u2"),
        contact("Dated", "engaged", uid="d", next_touch="2026-11-30"),
        contact("A Follower", "follower", uid="f"),
    ]
    no_plan = agenda_of(docs).section("No plan")
    assert [i.name for i in no_plan] == ["Undated Ask", "Undated Engaged"]
    assert all(i.lateness == "no date" for i in no_plan)


def test_the_review_visits_event_people_first_then_due_then_losing_touch() -> None:
    docs = [
        contact("Due Person", "engaged", uid="due", priority=1, next_touch="2026-11-23"),
        contact(
            "Met There",
            "engaged",
            uid="met",
            priority=3,
            next_touch="2026-11-21",
            next_touch_event={"event": "ev", "due": "2026-11-21", "before": None},
        ),
        contact(
            "Fading",
            "connected",
            uid="fade",
            interactions=[touch("call", "2026-08-01T10:00:00")],
            next_touch="2026-12-20",
        ),
    ]
    events = [{"uid": "ev", "name": "Meetup", "date": "2026-11-20", "contacts": ["met"]}]
    agenda = agenda_of(docs, events)
    assert [i.name for i in agenda.to_review] == ["Met There", "Due Person", "Fading"]


# --- the use cases -------------------------------------------------------------


@pytest.fixture
def store(db: Path) -> ContactStore:
    write_db(db, two_weeks())
    return open_store(db)


def saved(store: ContactStore) -> dict[str, dict]:
    assert store.sync().error is None
    return contacts_on_disk(store.path)


def test_logging_an_invitation_waits_21_days_and_shows_on_the_card(store: ContactStore) -> None:
    done = touches.log_touch(store, "zoe", "invitation", clock.now(), "")
    assert "Logged an invitation" in done.message
    zoe = saved(store)["zoe"]
    assert zoe["next_touch"] == "2026-12-14"
    assert zoe["invitation_sent"] == "2026-11-23"
    assert store.cards["zoe"].invitation_sent == pendulum.date(2026, 11, 23)


def test_accepting_moves_to_connected_in_one_undo_step(store: ContactStore) -> None:
    done = contacts.accept_invitation(store, "grace")
    assert done.message == "Grace Hopper accepted your invitation: now Connected."
    grace = saved(store)["grace"]
    assert grace["stage"] == "connected"
    assert unstamped(grace["stage_history"][-1]) == {
        "stage": "connected",
        "at": "2026-11-23T09:00:00+00:00",
    }
    assert "invitation_sent" not in grace
    assert grace["next_touch"] == "2026-12-23"  # Connected's rhythm, from today
    contacts.undo(store)
    grace = saved(store)["grace"]
    assert grace["stage"] == "follower" and grace["next_touch"] == "2026-12-14"


def test_accepting_without_an_invitation_is_refused(store: ContactStore) -> None:
    with pytest.raises(Refused, match="No invitation to Zoe Met is waiting"):
        contacts.accept_invitation(store, "zoe")
    assert saved(store)["zoe"]["stage"] == "engaged"


# --- correcting the touch log ----------------------------------------------------------


def test_editing_a_touch_moves_the_next_touch_and_undoes_in_one_step(db: Path) -> None:
    from networking_tui.usecases import Refused as Refusal

    meeting = touch("meeting", "2026-11-21T18:00:00", "at PyCon")
    write_db(
        db,
        [contact("Zoe Met", "engaged", uid="zoe", interactions=[meeting], next_touch="2026-11-22")],
    )
    store = open_store(db)
    at = pendulum.datetime(2026, 11, 20, 18, tz="UTC")
    done = touches.edit_touch(store, "zoe", meeting, "email", at, "sent the slides")
    assert done.message == "Saved the touch with Zoe Met. Next touch Wed 25 Nov 2026."
    zoe = saved(store)["zoe"]
    assert unstamped(zoe["interactions"]) == [
        {"kind": "email", "at": "2026-11-20T18:00:00+00:00", "note": "sent the slides"}
    ]
    assert zoe["next_touch"] == "2026-11-25"  # every 5 days while engaged, from the email
    contacts.undo(store)
    zoe = saved(store)["zoe"]
    assert unstamped(zoe["interactions"]) == [meeting] and zoe["next_touch"] == "2026-11-22"
    with pytest.raises(Refusal, match="once it has happened"):
        touches.edit_touch(store, "zoe", meeting, "email", pendulum.datetime(2026, 12, 1), "")


def test_deleting_a_touch_follows_the_ask_check_and_the_thank_you(db: Path) -> None:
    ask = touch("ask", "2026-11-22T10:00:00")
    docs = [
        contact(
            "Ann Asked",
            "connected",
            uid="ann",
            interactions=[touch("call", "2026-11-10T10:00:00"), ask],
            next_touch="2026-11-25",
        )
    ]
    write_db(db, docs)
    store = open_store(db)
    assert contacts.too_early_to_move(store, "ann", "ask")  # 2 touches: too few
    touches.delete_touch(store, "ann", ask)
    ann = saved(store)["ann"]
    assert [t["kind"] for t in ann["interactions"]] == ["call"]
    assert ann["next_touch"] == "2026-11-11"  # the call's follow-up, no thank-you owed
    with pytest.raises(Refused, match="no longer in the log"):
        touches.delete_touch(store, "ann", ask)
    touches.log_touch(store, "ann", "email", clock.now(), "")
    touches.log_touch(store, "ann", "email", clock.now(), "again")
    assert contacts.too_early_to_move(store, "ann", "ask") == []  # 3 touches now
    first_email = store.doc("ann")["interactions"][1]
    touches.delete_touch(store, "ann", first_email)
    reasons = contacts.too_early_to_move(store, "ann", "ask")
    assert any("only 2 logged touches" in r for r in reasons)
