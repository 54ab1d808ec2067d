"""The agenda's rules, without the screen: sections and order, each kind of reason,
the losing-touch rule, the goals and the week boundary, a daylight-saving change,
and the follow-up after an event.

Test moments are written in local time (no offset), so the rules are checked in
every zone of ZONES where it matters: a day or a week starts at local midnight."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from networking_tui.domain import clock, events
from networking_tui.domain.agenda import (
    Agenda,
    WeekFigures,
    build,
    events_from,
    nothing_due,
    plain_text,
)
from networking_tui.domain.model import Contact, Settings

from .conftest import ZONES, contact

ALL_ZONES = pytest.mark.parametrize("zone", ZONES, indirect=True)
STAMP = "2026-11-23T09:00:00"


def touch(kind: str, at: str, note: str = "") -> dict:
    return {"kind": kind, "at": at, "note": note}


def agenda_of(
    docs: list[dict],
    event_docs: list[dict] | None = None,
    settings: Settings | None = None,
    days: int = 30,
) -> Agenda:
    contacts = [(d["uid"], msgspec.convert(d, Contact)) for d in docs]
    event_list = events_from({e["uid"]: e for e in event_docs or []})
    return build(contacts, event_list, settings or Settings(), clock.now(), days=days)


def week_of(docs: list[dict], settings: Settings | None = None) -> WeekFigures:
    week = agenda_of(docs, settings=settings).week
    assert week is not None
    return week


def reasons(docs: list[dict], event_docs: list[dict] | None = None) -> dict[str, str]:
    agenda = agenda_of(docs, event_docs)
    # The reasons of dates (not the sections of people to plan or to invite).
    items = [*agenda.planned, *([agenda.next_up] if agenda.next_up else [])]
    items = [i for i in items if i.section != "Invite this week"]
    return {i.name: i.reason for i in items}


def people() -> list[dict]:
    """As the app writes them: next_touch is what logging or an event set."""
    return [
        contact(
            "Low Overdue",
            "follower",
            priority=3,
            next_touch="2026-11-13",
            interactions=[touch("like", "2026-11-06T10:00:00")],
        ),
        contact(
            "Top Overdue",
            "engaged",
            priority=1,
            next_touch="2026-11-21",
            interactions=[touch("email", "2026-11-16T10:00:00")],
        ),
        contact("Top Very Late", "engaged", priority=1, next_touch="2026-11-10"),
        contact("Due Today", "follower", priority=2, next_touch="2026-11-23"),
        contact("Later This Week", "follower", next_touch="2026-11-27"),
        contact("Next Month", "follower", next_touch="2026-12-10"),
        contact("Far Away", "follower", next_touch="2027-06-01"),
        contact(
            "Met Yesterday",
            "engaged",
            where_met="PyCon",
            next_touch="2026-11-23",
            interactions=[touch("meeting", "2026-11-22T18:00:00")],
        ),
        contact(
            "Asked Us",
            "ask",
            next_touch="2026-12-20",
            interactions=[touch("ask", "2026-11-21T10:00:00")],
        ),
        contact(
            "Fading Friend",
            "connected",
            next_touch="2026-12-30",
            interactions=[touch("email", "2026-09-01T10:00:00")],
        ),
        contact("No Date", "stranger"),
    ]


@ALL_ZONES
def test_sections_and_order(zone: str) -> None:
    agenda = agenda_of(people())
    sections = {
        s: [i.name for i in agenda.section(s)]
        for s in ("Overdue", "Today", "This week", "Later", "Losing touch")
    }
    assert sections == {
        # priority first, then the latest first
        "Overdue": ["Top Very Late", "Top Overdue", "Low Overdue"],
        "Today": ["Due Today", "Met Yesterday"],
        "This week": ["Asked Us", "Later This Week"],  # thanks due within 3 days of the ask
        "Later": ["Next Month"],
        "Losing touch": ["Fading Friend"],
    }
    assert [i.name for i in agenda.due_now][:1] == ["Top Very Late"]
    items = {i.name: i for i in agenda.items}
    assert items["Top Overdue"].lateness == "2d late"
    assert items["Top Overdue"].step == "send them something useful"
    assert items["Fading Friend"].lateness == "fading"
    # The step says the same as the reason: the thank-you, not "make the request".
    assert items["Asked Us"].step == "send the thank-you (m writes it)"


@ALL_ZONES
def test_each_reason_explains_the_due_date(zone: str) -> None:
    said = reasons(people())
    assert said["Met Yesterday"] == "met 1 day ago at PyCon: follow up while it is fresh"
    assert said["Asked Us"] == (
        "say thank you for the ask of 21 Nov (a handwritten note is remembered)"
    )
    assert said["Low Overdue"] == (
        "every 7 days while a follower: last touch 17 days ago, so 10 days late"
    )
    assert (
        said["Top Overdue"] == "every 5 days while engaged: last touch 7 days ago, so 2 days late"
    )
    assert (
        said["Top Very Late"] == "next touch planned for 10 Nov, 13 days late; no touch logged yet"
    )
    assert said["Due Today"] == "next touch planned for today; no touch logged yet"
    assert said["Fading Friend"] == (
        "no touch for 83 days, over twice the 30-day rhythm; next touch set for 30 Dec"
    )


def test_a_cadence_reason_ahead_on_the_day_and_late() -> None:
    engaged = [touch("email", "2026-11-20T10:00:00")]
    said = reasons(
        [
            contact("Ahead", "engaged", next_touch="2026-11-25", interactions=engaged),
            contact(
                "On The Day",
                "engaged",
                next_touch="2026-11-23",
                interactions=[touch("email", "2026-11-18T10:00:00")],
            ),
            contact(
                "Own Rhythm",
                "engaged",
                cadence_days=2,
                next_touch="2026-11-22",
                interactions=engaged,
            ),
        ]
    )
    assert said["Ahead"] == "every 5 days while engaged: last touch 3 days ago"
    assert said["On The Day"] == "every 5 days while engaged: last touch 5 days ago"
    assert (
        said["Own Rhythm"]
        == "every 2 days, your rhythm for them: last touch 3 days ago, so 1 day late"
    )


def test_strike_while_hot_reasons() -> None:
    said = reasons(
        [
            contact(
                "Met Today",
                "engaged",
                where_met="PyCon",
                next_touch="2026-11-24",
                interactions=[touch("meeting", "2026-11-23T08:00:00")],
            ),
            contact(
                "Called Last Week",
                "connected",
                where_met="PyCon",  # not said for a call: it did not happen there
                next_touch="2026-11-17",
                interactions=[touch("call", "2026-11-16T15:00:00")],
            ),
            contact(
                "Saw At Event",
                "follower",
                next_touch="2026-11-23",
                interactions=[touch("event", "2026-11-22T19:00:00")],
            ),
        ]
    )
    assert said["Met Today"] == "met today at PyCon: follow up tomorrow, while it is fresh"
    assert said["Called Last Week"] == (
        "spoke 7 days ago: the follow-up was due the next day, so 6 days late"
    )
    assert said["Saw At Event"] == "saw them 1 day ago: follow up while it is fresh"


def test_a_date_the_person_set_is_said_to_be_theirs() -> None:
    """Snoozing, editing or `fu` after a meeting is the person's choice: the reason
    says so instead of a rhythm that does not explain the date."""
    said = reasons(
        [
            contact(
                "Snoozed Today",
                "follower",
                next_touch="2026-11-24",
                next_touch_set_at="2026-11-23T08:30:00",
                interactions=[touch("like", "2026-10-17T10:00:00")],
            ),
            contact(
                "Set Last Week",
                "engaged",
                next_touch="2026-11-20",
                next_touch_set_at="2026-11-16T08:00:00",
                interactions=[touch("meeting", "2026-11-15T18:00:00")],
            ),
        ]
    )
    assert said["Snoozed Today"] == (
        "the follow-up you set today for tomorrow; last touch 37 days ago"
    )
    assert (
        said["Set Last Week"]
        == "the follow-up you set on 16 Nov for 20 Nov, 3 days late; last touch 8 days ago"
    )


def test_thank_you_reasons() -> None:
    ask = [touch("ask", "2026-11-18T10:00:00")]
    agenda = agenda_of(
        [
            contact("Thanks Late", "ask", next_touch="2026-11-21", interactions=ask),
            contact(
                "Thanks Put Off",
                "ask",
                next_touch="2026-11-30",
                next_touch_set_at="2026-11-19T09:00:00",
                interactions=ask,
            ),
            contact(
                "Thanked",
                "ask",
                next_touch="2026-11-23",
                interactions=[*ask, touch("thank-you", "2026-11-20T10:00:00")],
            ),
        ]
    )
    items = {i.name: i for i in agenda.items}
    assert items["Thanks Late"].reason == (
        "say thank you for the ask of 18 Nov: due within 3 days, so 2 days late"
    )
    assert items["Thanks Put Off"].reason == (
        "the follow-up you set on 19 Nov for 30 Nov; "
        "a thank-you for the ask of 18 Nov is still owed"
    )
    assert items["Thanks Put Off"].section == "Later"  # Monday: next week
    assert items["Thanked"].reason == "every 3 days while at the Ask stage: last touch 3 days ago"


def test_a_touch_logged_ahead_never_gives_a_negative_age() -> None:
    said = reasons(
        [
            contact(
                "Met Ahead",
                "engaged",
                where_met="PyCon",
                next_touch="2026-11-26",
                interactions=[touch("meeting", "2026-11-25T10:00:00")],
            ),
            contact(
                "Emailed Ahead",
                "engaged",
                next_touch="2026-11-30",
                interactions=[touch("email", "2026-11-25T10:00:00")],
            ),
        ]
    )
    assert said["Met Ahead"] == (
        "met at PyCon on 25 Nov, a date still ahead: follow up the day after"
    )
    assert said["Emailed Ahead"] == (
        "every 5 days while engaged: last touch on 25 Nov, a date still ahead"
    )
    assert not any("-" in text.split(":")[0] for text in said.values())


def test_a_next_touch_from_an_earlier_stage_is_called_planned() -> None:
    """Moved from Connected to Ask without a new touch: the date came from the old
    rhythm, and the reason does not claim the new one."""
    (item,) = agenda_of(
        [
            contact(
                "Moved On",
                "ask",
                next_touch="2026-11-25",
                interactions=[touch("email", "2026-10-26T10:00:00")],
            )
        ]
    ).items
    assert item.reason == "next touch planned for 25 Nov; last touch 28 days ago"


def test_losing_touch_rule() -> None:
    new = contact("New Friend", "connected", next_touch="2026-11-24")
    new["stage_history"] = [{"stage": "connected", "at": "2026-11-20T10:00:00"}]
    old = contact("Old Friend", "connected", next_touch="2026-11-24")
    old["stage_history"] = [{"stage": "connected", "at": "2026-09-01T10:00:00"}]
    just_under = contact(
        "Sixty Days",
        "connected",
        interactions=[touch("email", "2026-09-24T10:00:00")],
    )
    just_over = contact(
        "Sixty One Days",
        "connected",
        interactions=[touch("email", "2026-09-23T10:00:00")],
    )
    slow = contact(
        "Own Slow Rhythm",
        "connected",
        cadence_days=90,
        interactions=[touch("email", "2026-08-01T10:00:00")],
    )
    agenda = agenda_of([new, old, just_under, just_over, slow])
    items = {i.name: i for i in agenda.planned}
    assert items["New Friend"].section == "This week"
    assert items["New Friend"].reason == "next touch planned for tomorrow; no touch logged yet"
    assert (items["Old Friend"].section, items["Old Friend"].reason) == (
        "Losing touch",
        "connected, but no touch logged at all; next touch set for tomorrow",
    )
    assert "Sixty Days" not in items and "Own Slow Rhythm" not in items
    # Not losing touch yet, but with no next touch: asked for a date under No plan.
    assert [i.name for i in agenda.section("No plan")] == ["Own Slow Rhythm", "Sixty Days"]
    assert items["Sixty One Days"].reason == (
        "no touch for 61 days, over twice the 30-day rhythm; no next touch set"
    )


@ALL_ZONES
def test_week_figures_against_goals_and_the_week_boundary(zone: str) -> None:
    docs = [
        contact(
            "A",
            "connected",
            stage_history=[
                {"stage": "engaged", "at": "2026-11-01T10:00:00"},
                {"stage": "connected", "at": "2026-11-29T20:00:00"},  # a Sunday
            ],
            interactions=[
                touch("call", "2026-11-29T20:00:00"),
                touch("email", "2026-11-23T00:30:00"),  # Monday, just after midnight
                touch("email", "2026-11-22T23:30:00"),  # Sunday before: last week
            ],
        ),
        contact("B", "engaged"),
    ]
    settings = Settings(weekly_connect_goal=2, weekly_touch_goal=4, wip_limit=1)
    with clock.frozen("2026-11-29T23:59:00"):  # Sunday night: the same week
        week = week_of(docs, settings=settings)
    assert (week.connected, week.touches, week.engaged) == (1, 2, 1)
    assert (week.connected_goal, week.touches_goal, week.wip_limit) == (2, 4, 1)
    with clock.frozen("2026-11-30T00:01:00"):  # Monday: a new week
        week = week_of(docs, settings=settings)
    assert (week.connected, week.touches) == (0, 0)


def test_newly_connected_counts_only_new_connections() -> None:
    def moved(name: str, *steps: tuple[str, str]) -> dict:
        return contact(
            name, steps[-1][0], stage_history=[{"stage": s, "at": at} for s, at in steps]
        )

    docs = [
        moved("Forward", ("engaged", "2026-10-01T10:00:00"), ("connected", "2026-11-23T08:00:00")),
        moved("Added Connected", ("connected", "2026-11-23T08:00:00")),
        moved(
            "Back From Ask",
            ("engaged", "2026-09-01T10:00:00"),
            ("connected", "2026-10-01T10:00:00"),
            ("ask", "2026-11-01T10:00:00"),
            ("connected", "2026-11-23T08:00:00"),
        ),
        moved(
            "Second Go",
            ("connected", "2026-10-01T10:00:00"),
            ("engaged", "2026-11-02T10:00:00"),
            ("connected", "2026-11-23T08:00:00"),
        ),
        moved(
            "Last Week", ("engaged", "2026-10-01T10:00:00"), ("connected", "2026-11-20T10:00:00")
        ),
    ]
    assert week_of(docs).connected == 2


@pytest.mark.parametrize("zone", ["Europe/Paris"], indirect=True)
def test_days_are_calendar_days_across_the_daylight_saving_change(zone: str) -> None:
    # Paris leaves summer time in the night of 24 to 25 October 2026: that Sunday
    # has 25 hours, and a day-based rule must not slip by one.
    docs = [
        contact(
            "Ada",
            "engaged",
            next_touch="2026-10-29",
            interactions=[touch("email", "2026-10-24T23:30:00")],  # +02:00, summer time
        )
    ]
    with clock.frozen("2026-10-26T00:15:00"):
        assert clock.now().isoformat() == "2026-10-26T00:15:00+01:00"
        (item,) = agenda_of(docs).items
    assert item.section == "This week"
    assert item.reason == "every 5 days while engaged: last touch 2 days ago"
    with clock.frozen("2026-10-31T12:00:00"):
        (item,) = agenda_of(docs).items
    assert item.reason == "every 5 days while engaged: last touch 7 days ago, so 2 days late"
    assert item.days_late == 2
    # The week of the change starts on Monday 26 October at midnight.
    with clock.frozen("2026-10-26T00:15:00"):
        week = week_of(docs)
    assert week.touches == 0


@ALL_ZONES
def test_the_next_due_is_found_however_far_ahead(zone: str) -> None:
    agenda = agenda_of([contact("Far", "follower", next_touch="2027-03-01")])
    assert agenda.items == []
    assert agenda.next_up is not None and agenda.next_up.name == "Far"
    text = nothing_due(agenda)
    assert text == "Nothing due today or overdue. Next: Far (Follower) on Mon 1 Mar 2027."
    fading = contact("Fading", "connected", interactions=[touch("email", "2026-08-01T10:00:00")])
    only_fading = agenda_of([fading, contact("Far", "follower", next_touch="2027-03-01")])
    assert nothing_due(only_fading) == (
        "Nothing due today or overdue. Next: Far (Follower) on Mon 1 Mar 2027. "
        "1 Connected person is losing touch."
    )
    nobody = agenda_of([fading])
    assert nothing_due(nobody) == (
        "Nothing due today or overdue. 1 Connected person is losing touch."
    )


def test_days_limits_everything_ahead() -> None:
    agenda = agenda_of(people(), days=0)
    assert [i.name for i in agenda.section("This week")] == []
    assert agenda.section("Later") == []
    assert [i.name for i in agenda.section("Overdue")] == [
        "Top Very Late",
        "Top Overdue",
        "Low Overdue",
    ]
    assert [i.name for i in agenda.section("Today")] == ["Due Today", "Met Yesterday"]
    assert [i.name for i in agenda_of(people(), days=1).section("This week")] == ["Asked Us"]
    assert [i.name for i in agenda_of(people(), days=4).section("This week")] == [
        "Asked Us",
        "Later This Week",
    ]


# --- the follow-up after an event ---------------------------------------------------


def event(uid: str, day: str, *people: str, name: str = "PyCon Lille") -> dict:
    return {"uid": uid, "name": name, "date": day, "contacts": list(people)}


def follow(doc: dict, *event_docs: dict) -> dict[str, Any]:
    found = events_from({e["uid"]: e for e in event_docs})
    return events.with_follow_ups(doc["uid"], doc, found, clock.today(), STAMP)


def test_saving_an_event_sets_the_follow_up_the_day_after() -> None:
    later = contact("Later", "follower", next_touch="2026-12-20")
    sooner = contact("Sooner", "follower", next_touch="2026-11-25")
    upcoming = event("e1", "2026-11-28", "later", "sooner", "stranger")
    doc = follow(later, upcoming)
    assert doc["next_touch"] == "2026-11-29"
    assert doc["next_touch_event"] == {"event": "e1", "due": "2026-11-29", "before": "2026-12-20"}
    assert doc["updated_at"] == STAMP
    assert follow(sooner, upcoming) is sooner  # already due earlier: left alone
    stranger = contact("Stranger", "stranger")
    assert follow(stranger, upcoming)["next_touch"] == "2026-11-29"


def test_an_event_entered_afterwards_is_followed_up_today_and_an_old_one_not_at_all() -> None:
    doc = contact("Met", "follower", next_touch="2026-12-20")
    assert follow(doc, event("e1", "2026-11-20", "met"))["next_touch"] == "2026-11-23"
    assert follow(doc, event("e1", "2026-11-09", "met"))["next_touch"] == "2026-11-23"
    assert follow(doc, event("e1", "2026-11-08", "met")) is doc  # over 14 days ago


def test_the_follow_up_lapses_once_touched_after_the_event() -> None:
    met = event("e1", "2026-11-20", "met")
    doc = follow(contact("Met", "follower", next_touch="2026-12-20"), met)
    assert doc["next_touch"] == "2026-11-23"
    at_the_event = {**doc, "interactions": [touch("meeting", "2026-11-20T19:00:00")]}
    assert follow(at_the_event, met) is at_the_event  # a touch on the day is the event itself
    after = {**doc, "interactions": [touch("message", "2026-11-21T09:00:00")]}
    released = follow(after, met)
    assert released["next_touch"] == "2026-12-20" and "next_touch_event" not in released


def test_unlinking_or_deleting_gives_back_the_date_before() -> None:
    doc = follow(
        contact("Met", "follower", next_touch="2026-12-20"), event("e1", "2026-11-28", "met")
    )
    assert doc["next_touch"] == "2026-11-29"
    unlinked = follow(doc, event("e1", "2026-11-28"))
    assert unlinked["next_touch"] == "2026-12-20" and "next_touch_event" not in unlinked
    assert follow(doc)["next_touch"] == "2026-12-20"  # deleted
    moved = follow(doc, event("e1", "2026-12-05", "met"))
    assert moved["next_touch"] == "2026-12-06"
    assert moved["next_touch_event"]["before"] == "2026-12-20"


def test_a_touch_logged_before_an_event_keeps_its_follow_up() -> None:
    from networking_tui.domain import changes

    upcoming = event("e1", "2026-11-28", "friend")
    doc = follow(contact("Friend", "connected", next_touch="2026-12-20"), upcoming)
    logged = changes.logged(doc, "email", clock.now(), "hello", STAMP)
    assert logged["next_touch"] == "2026-12-23"  # the cadence alone
    after = events.after_log("friend", {"e1": upcoming}, clock.today(), STAMP)(logged)
    assert after["next_touch"] == "2026-11-29"
    assert after["next_touch_event"]["before"] == "2026-12-23"
    with clock.frozen("2026-11-30T10:00:00"):  # after the event: the cadence wins
        later = changes.logged(after, "email", clock.now(), "thanks", STAMP)
        later = events.after_log("friend", {"e1": upcoming}, clock.today(), STAMP)(later)
    assert later["next_touch"] == "2026-12-30" and "next_touch_event" not in later


def test_a_snooze_after_an_event_is_the_persons_choice() -> None:
    from networking_tui.domain import changes

    doc = follow(
        contact("Met", "follower", next_touch="2026-12-20"), event("e1", "2026-11-20", "met")
    )
    snoozed = changes.with_fields(doc, {"next_touch": "2026-11-26"}, STAMP)
    assert "next_touch_event" not in snoozed
    (item,) = agenda_of([snoozed], [event("e1", "2026-11-20", "met")]).items
    assert item.reason == "the follow-up you set today for 26 Nov; no touch logged yet"


@ALL_ZONES
def test_event_reasons_and_the_events_listed(zone: str) -> None:
    docs = [
        follow(
            contact("Seen There", "follower", next_touch="2026-12-20"),
            event("e1", "2026-11-22", "seen-there"),
        ),
        follow(
            contact("Going", "follower", next_touch="2026-12-20"),
            event("e2", "2026-11-28", "going"),
        ),
        contact("Nobody", "follower"),
    ]
    event_docs = [
        {**event("e1", "2026-11-22", "seen-there"), "place": "Lille"},
        event("e2", "2026-11-28", "going", name="PyData"),
        event("e0", "2026-11-01", name="Too Old"),
        event("e3", "2027-02-01", name="Too Far"),
    ]
    agenda = agenda_of(docs, event_docs)
    items = {i.name: i for i in agenda.items}
    assert (items["Seen There"].section, items["Seen There"].reason) == (
        "Today",
        "follow up after PyCon Lille (22 Nov)",
    )
    assert (items["Going"].section, items["Going"].reason) == (
        "This week",
        "follow up after PyData (28 Nov)",
    )
    assert [(e.name, e.people) for e in agenda.events] == [("PyData", ("Going",))]
    assert [(e.name, e.people) for e in agenda.recent_events] == [("PyCon Lille", ("Seen There",))]
    text = plain_text(agenda)
    assert "Upcoming events\n  Sat 28 Nov 2026 PyData · expected: Going\n" in text
    assert (
        "Recent events\n  Sun 22 Nov 2026 PyCon Lille at Lille · met or expected: Seen There\n"
        in text
    )
    with clock.frozen("2026-11-25T09:00:00"):  # still owed, now late
        (late,) = [i for i in agenda_of(docs, event_docs).items if i.name == "Seen There"]
    assert late.reason == "follow up after PyCon Lille (22 Nov), 2 days late"


def test_a_rhythm_started_by_adding_or_moving_says_so() -> None:
    added = contact("Zoe Chen", "follower", next_touch="2026-11-30")
    added["stage_history"] = [{"stage": "follower", "at": "2026-11-23T08:00:00"}]
    moved = contact("Linus Torvalds", "connected", next_touch="2026-12-21")
    moved["stage_history"] = [
        {"stage": "stranger", "at": "2026-10-01T10:00:00"},
        {"stage": "connected", "at": "2026-11-21T10:00:00"},
    ]
    own = contact("Own Pace", "ask", cadence_days=60, next_touch="2027-01-20")
    own["stage_history"] = [
        {"stage": "connected", "at": "2026-10-01T10:00:00"},
        {"stage": "ask", "at": "2026-11-21T10:00:00"},
    ]
    agenda = agenda_of([added, moved, own], days=120)
    said = {i.name: i.reason for i in agenda.items}
    assert said["Zoe Chen"] == (
        "every 7 days while a follower, counted from when you added them (today); "
        "no touch logged yet"
    )
    assert said["Linus Torvalds"] == (
        "every 30 days while connected, counted from the move to Connected 2 days ago; "
        "no touch logged yet"
    )
    assert said["Own Pace"] == (
        "every 60 days, your rhythm for them, counted from the move to Ask 2 days ago; "
        "no touch logged yet"
    )
    assert "while at" not in " ".join(said.values())


def test_a_contacts_own_rhythm_is_called_theirs_after_a_move_to_ask() -> None:
    doc = contact(
        "Own Pace",
        "ask",
        cadence_days=60,
        next_touch="2027-01-20",
        interactions=[touch("email", "2026-11-21T10:00:00")],
    )
    (item,) = agenda_of([doc], days=120).items
    assert item.reason == "every 60 days, your rhythm for them: last touch 2 days ago"
