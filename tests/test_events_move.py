"""Events that move people: `met at <event>` in a quick-add, and marking people as
met at an event in its form, below the UI (the clock: Monday 23 Nov 2026, 09:00)."""

from __future__ import annotations

from pathlib import Path

import pendulum

from networking_tui.data.store import ContactStore
from networking_tui.domain.capture import parse_quick_add
from networking_tui.usecases import contacts, planning

from .conftest import contact, contacts_on_disk, open_store, read_db, write_db

TODAY = pendulum.date(2026, 11, 23)


def store_with(db: Path, docs: list[dict], day: str = "2026-11-20") -> ContactStore:
    event = {"uid": "ev", "name": "Paris Python Meetup", "date": day, "contacts": []}
    write_db(db, docs, events={"1": event})
    return open_store(db)


def saved(store: ContactStore) -> tuple[dict, dict]:
    assert store.sync().error is None
    data = read_db(store.path)
    return contacts_on_disk(store.path), next(iter(data["events"].values()))


def test_met_at_a_recent_event_links_and_dates_the_meeting(db: Path) -> None:
    store = store_with(db, [])
    entry = parse_quick_add("Jean Dupont met at paris python meetup", TODAY)
    done = contacts.add(store, entry)
    assert "met at Paris Python Meetup on Fri 20 Nov, linked to it" in done.message
    # The event's follow-up, as the event form gives people met there: today (the
    # day after the meeting is gone), not a day already overdue.
    assert "next touch Mon 23 Nov 2026" in done.message
    assert contacts.preview(store, entry).endswith(
        "next touch Mon 23 Nov 2026 · met at Paris Python Meetup on Fri 20 Nov, links to it"
    )
    people, event = saved(store)
    jean = people[done.change.uid]
    assert event["contacts"] == [done.change.uid]
    assert [t["at"][:10] for t in jean["interactions"]] == ["2026-11-20"]
    assert jean["stage"] == "engaged"
    assert jean["next_touch"] == "2026-11-23"
    assert jean["where_met"] == "Paris Python Meetup"  # the event's name, not as typed
    assert [h["at"][:10] for h in jean["stage_history"]] == ["2026-11-20"]  # since they met
    contacts.undo(store)  # one step: neither the person nor the link
    people, event = saved(store)
    assert people == {} and event["contacts"] == []


def test_an_old_event_or_another_place_is_not_linked(db: Path) -> None:
    store = store_with(db, [], day="2026-11-10")
    done = contacts.add(store, parse_quick_add("Jean Dupont met at Paris Python Meetup", TODAY))
    people, event = saved(store)
    assert event["contacts"] == []
    assert people[done.change.uid]["interactions"][0]["at"].startswith("2026-11-23")


def test_marking_people_met_at_an_event_logs_and_moves_them_in_one_step(db: Path) -> None:
    docs = [
        contact("Stan Stranger", "stranger", uid="stan"),
        contact("Fay Follower", "follower", uid="fay", next_touch="2026-12-01"),
        contact("Cora Connected", "connected", uid="cora", next_touch="2026-12-20"),
    ]
    store = store_with(db, docs)
    event = {
        "name": "Paris Python Meetup",
        "date": "2026-11-20",
        "contacts": ["stan", "fay", "cora"],
    }
    planning.save_event(store, "ev", event)
    people, _ = saved(store)
    assert [people[u]["stage"] for u in ("stan", "fay", "cora")] == [
        "engaged",
        "engaged",
        "connected",
    ]
    for uid in ("stan", "fay", "cora"):
        meeting = people[uid]["interactions"][-1]
        assert meeting["kind"] == "meeting" and meeting["at"].startswith("2026-11-20")
        assert people[uid]["where_met"] == "Paris Python Meetup"
        assert people[uid]["next_touch"] == "2026-11-23"  # entered afterwards: today
    contacts.undo(store)
    people, _ = saved(store)
    assert people["stan"]["stage"] == "stranger" and people["stan"]["interactions"] == []
    assert people["fay"]["next_touch"] == "2026-12-01"


def test_marking_an_overdue_person_met_answers_their_due_touch(db: Path) -> None:
    """Due on 10 Nov, met on 20 Nov: the meeting answered that touch, so the next
    one is the event's follow-up (today, entered afterwards), not 10 Nov still."""
    docs = [
        contact("Olga Overdue", "engaged", uid="olga", next_touch="2026-11-10"),
        contact("Lena Later", "engaged", uid="lena", next_touch="2026-11-22"),
    ]
    store = store_with(db, docs)
    event = {"name": "Paris Python Meetup", "date": "2026-11-20", "contacts": ["olga", "lena"]}
    planning.save_event(store, "ev", event)
    people, _ = saved(store)
    assert people["olga"]["next_touch"] == "2026-11-23"
    assert people["lena"]["next_touch"] == "2026-11-22"  # set after the meeting: sooner
    contacts.undo(store)
    assert saved(store)[0]["olga"]["next_touch"] == "2026-11-10"


def test_people_expected_at_an_event_ahead_are_not_met_yet(db: Path) -> None:
    store = store_with(db, [contact("Stan Stranger", "stranger", uid="stan")], day="2026-11-30")
    planning.save_event(
        store, "ev", {"name": "Paris Python Meetup", "date": "2026-11-30", "contacts": ["stan"]}
    )
    people, _ = saved(store)
    assert people["stan"]["stage"] == "stranger" and people["stan"]["interactions"] == []
