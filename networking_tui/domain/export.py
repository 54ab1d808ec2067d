"""Next touches and events as an iCalendar file a calendar app can subscribe to."""

from __future__ import annotations

import pendulum
from icalendar import Calendar, Event

from networking_tui.domain.agenda import Agenda, event_line
from networking_tui.domain.model import STAGE_TITLES


def calendar(agenda: Agenda, now: pendulum.DateTime) -> bytes:
    """One all-day entry per contact's next touch (the agenda's date), and one per
    event, upcoming or recent.

    An overdue touch goes on today, saying how late: a subscribed calendar shows
    the days ahead, and a reminder left on a past day is never seen."""
    cal = Calendar()
    cal.add("prodid", "-//networking-tui//next touches//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "networking-tui")
    stamp = now.in_timezone("UTC")
    today = agenda.today
    for item in agenda.items:
        if item.due is None:
            continue
        stage = STAGE_TITLES[item.stage]
        summary = f"Reach out to {item.name}"
        if item.days_late > 0:
            summary += f" ({item.days_late} day{'s' if item.days_late != 1 else ''} late)"
        description = f"{stage} · priority {item.priority} · {item.reason} → {item.step}"
        day = max(item.due, today)
        cal.add_component(
            _all_day(f"touch-{item.uid}@networking-tui", summary, day, description, stamp)
        )
    for event in [*agenda.recent_events, *agenda.events]:
        text = "\n".join(filter(None, [event_line(event, today), event.notes]))
        entry = _all_day(f"event-{event.uid}@networking-tui", event.name, event.day, text, stamp)
        if event.place:
            entry.add("location", event.place)
        cal.add_component(entry)
    return bytes(cal.to_ical())  # icalendar is untyped


def _all_day(
    uid: str, summary: str, day: pendulum.Date, description: str, stamp: pendulum.DateTime
) -> Event:
    entry = Event()
    entry.add("uid", uid)
    entry.add("summary", summary)
    entry.add("dtstart", day)
    entry.add("dtend", day.add(days=1))
    entry.add("dtstamp", stamp)
    if description:
        entry.add("description", description)
    return entry
