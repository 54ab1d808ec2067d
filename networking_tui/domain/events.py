"""Events, and the follow-up the day after one.

Conferences and meetups are where strangers become connections: the people met
at one are due for a follow-up the day after. The rule sets the stored
`next_touch` (not only the agenda's view of it), so the board, the contact view,
the agenda and the shell all show the same date. It is applied when an event is
saved or deleted and when a touch is logged. It lapses once the person is
touched after the event, and for events more than RECENT_DAYS old (entering one
from months ago does not make everyone overdue at once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import msgspec
import pendulum

from networking_tui.domain import clock
from networking_tui.domain.model import EventDoc

RECENT_DAYS = 14  # how long after an event its follow-ups and its agenda entry last
FOLLOW_UP = "next_touch_event"  # the contact field recording an event's follow-up

Doc = dict[str, Any]


@dataclass(frozen=True)
class Event:
    uid: str
    name: str
    day: pendulum.Date
    place: str | None
    notes: str | None
    contacts: tuple[str, ...]
    people: tuple[str, ...] = ()  # the contacts' names, when the agenda knows them


def events_from(docs: dict[str, Doc]) -> list[Event]:
    """The `events` table as Events, by date then name."""
    events = []
    for uid, doc in docs.items():
        event = msgspec.convert(doc, EventDoc)
        day = as_date(event.date)
        events.append(Event(uid, event.name, day, event.place, event.notes, tuple(event.contacts)))
    return sorted(events, key=lambda e: (e.day, e.name.casefold()))


def as_date(day: date) -> pendulum.Date:
    return pendulum.date(day.year, day.month, day.day)


def is_recent(day: date, today: pendulum.Date) -> bool:
    """Over, but at most RECENT_DAYS ago."""
    return today.subtract(days=RECENT_DAYS) <= day < today


def follow_up_day(event_day: date, today: pendulum.Date) -> pendulum.Date:
    """The day after the event; for an event entered after that day, today."""
    return max(as_date(event_day).add(days=1), today)


def touched_after(doc: Doc, day: date) -> bool:
    """Any touch logged on a day after `day` (a touch on the day is the meeting itself)."""
    for touch in doc.get("interactions") or []:
        try:
            moment = datetime.fromisoformat(str(touch.get("at")))
        except ValueError:
            continue
        if clock.local_day(moment) > day:
            return True
    return False


def owed(uid: str, doc: Doc, event: Event, today: pendulum.Date) -> bool:
    """The contact is linked to the event and still owes it a follow-up."""
    if uid not in event.contacts or event.day < today.subtract(days=RECENT_DAYS):
        return False
    return not touched_after(doc, event.day)


def with_follow_ups(
    uid: str, doc: Doc, events: Iterable[Event], today: pendulum.Date, stamp: str
) -> Doc:
    """The contact with `next_touch` no later than the follow-up of every event it
    still owes one; a follow-up no longer owed gives back the date it replaced.

    Returns `doc` itself when nothing changes.
    """
    current = doc.get("next_touch")
    mark = doc.get(FOLLOW_UP)
    # The follow-up recorded, while `next_touch` is still its date.
    recorded = isinstance(mark, dict) and mark.get("due") == current and current is not None
    valid: Doc | None = mark if recorded else None
    base = valid.get("before") if valid is not None else current  # what the other rules gave
    best: tuple[str, str] | None = None  # (due, event uid)
    for event in events:
        if not owed(uid, doc, event, today):
            continue
        day = follow_up_day(event.day, today).isoformat()
        earliest = event.day.add(days=1).isoformat()
        if (
            valid is not None
            and valid.get("event") == event.uid
            and earliest <= valid["due"] <= day
        ):
            day = valid["due"]  # entered after the event: keep the day it was given
        if best is None or day < best[0]:
            best = (day, event.uid)
    due: str | None
    follow_up: Doc | None = None
    if best is not None and (base is None or best[0] < base):
        due, follow_up = best[0], {"event": best[1], "due": best[0], "before": base}
    else:
        due = base
    if due == current and follow_up == mark:
        return doc
    result = {key: value for key, value in doc.items() if key != FOLLOW_UP}
    result["next_touch"] = due
    if follow_up is not None:
        result[FOLLOW_UP] = follow_up
    result["updated_at"] = stamp
    return result


def met_there(
    uid: str,
    logged: Doc,
    due: str | None,
    event: Event,
    events: Iterable[Event],
    today: pendulum.Date,
    stamp: str,
) -> Doc:
    """The next touch of someone just marked met at `event` (`logged`: with the
    meeting logged; `due`: their next touch before it). A date due by the
    meeting's day was answered by it; of a later one and the event's follow-up,
    the sooner; with neither, the one the meeting gave."""
    answered = due is not None and str(due) <= event.day.isoformat()
    kept = {**logged, "next_touch": None if answered else due}
    result = with_follow_ups(uid, kept, events, today, stamp)
    if result.get("next_touch") is None:
        result = {**result, "next_touch": logged.get("next_touch")}
    return result


def linked(uid: str, events: Iterable[Event]) -> bool:
    return any(uid in event.contacts for event in events)


def after_log(
    uid: str, event_docs: dict[str, Doc], today: pendulum.Date, stamp: str
) -> Callable[[Doc], Doc]:
    """What to do to a contact after a touch is logged (and the cadence applied):
    keep the follow-ups of the events it still owes one (a touch before an event
    does not push its follow-up past the day after it)."""
    events = [e for e in events_from(event_docs) if uid in e.contacts]
    if not events:
        return lambda doc: doc
    return lambda doc: with_follow_ups(uid, doc, events, today, stamp)


MET_AT_WITHIN_DAYS = 7  # `met at <event>` means that event if it was this recent


def named(where: str | None, events: Iterable[Event], today: pendulum.Date) -> Event | None:
    """The event a `met at` place names (its name, case ignored), held in the last
    MET_AT_WITHIN_DAYS days or today; the most recent of several."""
    if not where:
        return None
    wanted = where.strip().casefold()
    found = [
        e
        for e in events
        if e.name.strip().casefold() == wanted
        and today.subtract(days=MET_AT_WITHIN_DAYS) <= e.day <= today
    ]
    return max(found, key=lambda e: e.day) if found else None


def at_event(event: Event, now: pendulum.DateTime) -> pendulum.DateTime:
    """The moment of a meeting at the event: its day, at the time of day it is now
    (as a touch logged with a date phrase), never later than now."""
    moment = now.replace(year=event.day.year, month=event.day.month, day=event.day.day)
    return min(moment, now)


def with_person(event_doc: Doc, uid: str) -> Doc:
    """The event with one more person met there (once)."""
    people = list(event_doc.get("contacts") or [])
    return event_doc if uid in people else {**event_doc, "contacts": [*people, uid]}
