"""Next touches and events as an iCalendar file a calendar app can subscribe to."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
from icalendar import Calendar, Event

from .agenda import Agenda
from .model import STAGE_TITLES


def calendar(agenda: Agenda, now: pendulum.DateTime) -> bytes:
    """One all-day entry per contact's next touch (the agenda's date, so the rules
    such as a follow-up the day after a meeting apply), and one per event."""
    cal = Calendar()
    cal.add("prodid", "-//networking-tui//next touches//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "networking-tui")
    stamp = now.in_timezone("UTC")
    for item in agenda.items:
        if item.due is None:
            continue
        stage = STAGE_TITLES[item.stage]
        cal.add_component(
            _all_day(
                f"touch-{item.uid}@networking-tui",
                f"Reach out to {item.name}",
                item.due,
                f"{stage} · priority {item.priority} · {item.reason} → {item.step}",
                stamp,
            )
        )
    for event in agenda.events:
        text = "\n".join(filter(None, [event.place, event.notes]))
        entry = _all_day(f"event-{event.uid}@networking-tui", event.name, event.day, text, stamp)
        if event.place:
            entry.add("location", event.place)
        cal.add_component(entry)
    return cal.to_ical()


def _all_day(
    uid: str, summary: str, day: date, description: str, stamp: pendulum.DateTime
) -> Event:
    entry = Event()
    entry.add("uid", uid)
    entry.add("summary", summary)
    entry.add("dtstart", day)
    entry.add("dtend", day + timedelta(days=1))
    entry.add("dtstamp", stamp)
    if description:
        entry.add("description", description)
    return entry
