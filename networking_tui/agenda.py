"""The morning agenda: who is due, why, and what to do, most important first.

Pure functions of the store's contents and a moment, so the app, the daily review
and `networking-tui agenda` all read the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import inf

import msgspec
import pendulum

from . import playbook
from .changes import HOT_FOLLOW_UP_DAYS, HOT_KINDS, THANKS_WITHIN_DAYS
from .model import STAGE_TITLES, Contact, EventDoc, Interaction, Settings
from .rules import cadence, calendar_days

SECTIONS = ("Overdue", "Today", "This week", "Later", "Losing touch")
LATER_DAYS = 30  # how far "Later" looks ahead by default
LOSING_TOUCH_FACTOR = 2


@dataclass(frozen=True)
class Item:
    uid: str
    name: str
    stage: str
    priority: int
    section: str
    due: date | None
    days_late: int  # negative: days until due
    reason: str
    step: str

    @property
    def lateness(self) -> str:
        if self.section == "Losing touch":
            return "fading"
        if self.days_late > 0:
            return f"{self.days_late}d late"
        if self.days_late == 0:
            return "today"
        return f"in {-self.days_late}d"

    def as_json(self) -> dict:
        return {
            "uid": self.uid,
            "name": self.name,
            "stage": self.stage,
            "priority": self.priority,
            "section": self.section,
            "due": self.due.isoformat() if self.due else None,
            "days_late": self.days_late,
            "reason": self.reason,
            "next_step": self.step,
        }


@dataclass(frozen=True)
class Event:
    uid: str
    name: str
    day: date
    place: str | None
    notes: str | None
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class WeekFigures:
    connected: int
    connected_goal: int
    touches: int
    touches_goal: int
    engaged: int
    wip_limit: int


@dataclass
class Agenda:
    today: date
    items: list[Item] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    week: WeekFigures | None = None

    def section(self, name: str) -> list[Item]:
        return [i for i in self.items if i.section == name]

    @property
    def due_now(self) -> list[Item]:
        """What the daily review walks through: overdue and today, in agenda order."""
        return [i for i in self.items if i.section in ("Overdue", "Today")]

    def next_due(self) -> Item | None:
        later = [i for i in self.items if i.section in ("This week", "Later")]
        return min(later, key=lambda i: (i.due or date.max, i.priority), default=None)


def events_from(docs: dict[str, dict]) -> list[Event]:
    events = []
    for uid, doc in docs.items():
        event = msgspec.convert(doc, EventDoc)
        contacts = tuple(event.contacts)
        events.append(Event(uid, event.name, event.date, event.place, event.notes, contacts))
    return sorted(events, key=lambda e: (e.day, e.name))


@dataclass
class _Touches:
    """One pass over a contact's touches: what the agenda needs of them."""

    last: Interaction | None = None
    last_day: date | None = None
    last_ts: float = float("-inf")
    pending_ask_day: date | None = None
    pending_ask_ts: float = float("-inf")
    this_week: int = 0


def _scan(contact: Contact, week_start: float) -> _Touches:
    result = _Touches()
    last_ts = ask_ts = thanks_ts = float("-inf")
    for touch in contact.interactions:
        ts = touch.at.timestamp()
        result.this_week += ts >= week_start
        if ts >= last_ts:
            last_ts, result.last = ts, touch
        if touch.kind == "ask" and ts >= ask_ts:
            ask_ts = ts
        elif touch.kind == "thank-you" and ts >= thanks_ts:
            thanks_ts = ts
    if result.last is not None:
        result.last_ts = last_ts
        result.last_day = datetime.fromtimestamp(last_ts).date()
    if ask_ts > thanks_ts:
        result.pending_ask_ts = ask_ts
        result.pending_ask_day = datetime.fromtimestamp(ask_ts).date()
    return result


def _day_start(day: date) -> float:
    return datetime.combine(day, time()).timestamp()


def _latest(due: date | None, rule: date, chosen_ts: float, trigger_ts: float) -> date:
    """A rule's date "at the latest", unless the person chose a date after what set
    the rule off (a snooze, an edit, a `fu`): their choice wins."""
    if due is not None and chosen_ts >= trigger_ts:
        return due
    return min(due, rule) if due else rule


def _reason(
    contact: Contact, touches: _Touches, today: date, after_event: Event | None
) -> tuple[str, date | None]:
    """Why the contact is due, in plain words, and the date it is due by that reason."""
    due = contact.next_touch
    chosen = contact.next_touch_set_at.timestamp() if contact.next_touch_set_at else -inf
    if touches.pending_ask_day is not None:
        by = touches.pending_ask_day + timedelta(days=THANKS_WITHIN_DAYS)
        text = (
            f"you asked {_ago(touches.pending_ask_day, today)}: say thank you "
            "(a handwritten note is remembered)"
        )
        return text, _latest(due, by, chosen, touches.pending_ask_ts)
    if after_event is not None:
        after = after_event.day + timedelta(days=1)
        ended = _day_start(after)
        return f"follow up after {after_event.name}", _latest(due, after, chosen, ended)
    last, last_day = touches.last, touches.last_day
    if last is not None and last_day is not None and last.kind in HOT_KINDS:
        hot = last_day + timedelta(days=HOT_FOLLOW_UP_DAYS)
        place = f" at {contact.where_met}" if contact.where_met and last.kind != "call" else ""
        verb = {"meeting": "met", "call": "spoke", "event": "saw them"}[last.kind]
        when = _latest(due, hot, chosen, touches.last_ts)
        if when > hot:
            text = f"{verb} {_ago(last_day, today)}{place}: follow-up set for {when.isoformat()}"
        elif calendar_days(last_day, today) <= 2 * HOT_FOLLOW_UP_DAYS:
            text = f"{verb} {_ago(last_day, today)}{place}: follow up while it is fresh"
        else:
            text = f"{verb} {_ago(last_day, today)}{place} with no follow-up since: write now"
        return text, when
    every = cadence(contact)
    if last_day is not None and every and calendar_days(last_day, today) >= every:
        since = calendar_days(last_day, today)
        text = f"{since} days since the last touch, every {every} days while {contact.stage}"
        return text, due
    if due is not None and contact.next_touch_set_at and chosen >= touches.last_ts:
        return f"the follow-up you set for {due.isoformat()}", due
    if last_day is None:
        return "no touch logged yet", due
    since = _ago(last_day, today)
    rhythm = f"; every {every} days while {contact.stage}" if every else ""
    return f"last touch {since}{rhythm}", due


def _ago(day: date, today: date) -> str:
    days = calendar_days(day, today)
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"


def _section(due: date, today: date, week_end: date, later_end: date) -> str | None:
    if due < today:
        return "Overdue"
    if due == today:
        return "Today"
    if due <= week_end:
        return "This week"
    if due <= later_end:
        return "Later"
    return None


def build(
    contacts: Iterable[tuple[str, Contact]],
    events: list[Event],
    settings: Settings,
    now: pendulum.DateTime,
    *,
    days: int = LATER_DAYS,
) -> Agenda:
    today = now.date()
    week_start = today.start_of("week")  # pendulum weeks start on Monday
    since = pendulum.datetime(
        week_start.year, week_start.month, week_start.day, tz=now.timezone
    ).timestamp()
    ends = (today.end_of("week"), today.add(days=days))
    followed_events = _events_to_follow(events, today)
    agenda = Agenda(today)
    connected_this_week = touches_this_week = engaged = 0
    for uid, contact in contacts:
        if contact.archived:
            continue
        touches = _scan(contact, since)
        engaged += contact.stage == "engaged"
        touches_this_week += touches.this_week
        connected_this_week += any(
            h.stage == "connected" and h.at.timestamp() >= since for h in contact.stage_history
        )
        item = _item(uid, contact, touches, today, ends, followed_events.get(uid))
        if item is not None:
            agenda.items.append(item)
    agenda.items.sort(
        key=lambda i: (SECTIONS.index(i.section), i.priority, -i.days_late, i.name.casefold())
    )
    agenda.events = [e for e in events if today <= e.day <= ends[1]]
    agenda.week = WeekFigures(
        connected_this_week,
        settings.weekly_connect_goal,
        touches_this_week,
        settings.weekly_touch_goal,
        engaged,
        settings.wip_limit,
    )
    return agenda


def _events_to_follow(events: list[Event], today: date) -> dict[str, Event]:
    """Contacts linked to an event that is over: the latest such event for each."""
    result: dict[str, Event] = {}
    for event in events:
        if event.day < today:
            for uid in event.contacts:
                result[uid] = event
    return result


def _item(
    uid: str,
    contact: Contact,
    touches: _Touches,
    today: date,
    ends: tuple[date, date],
    event: Event | None,
) -> Item | None:
    if event is not None and touches.last_day is not None and touches.last_day > event.day:
        event = None  # already followed up
    reason, due = _reason(contact, touches, today, event)
    section = _section(due, today, *ends) if due else None
    if section in (None, "Later", "This week") and _losing_touch(contact, touches, today):
        section = "Losing touch"
        if touches.last_day is None:
            reason = "connected, but no touch logged at all"
        else:
            since = calendar_days(touches.last_day, today)
            reason = f"no touch for {since} days, over twice the {cadence(contact)}-day rhythm"
    if section is None:
        return None
    late = calendar_days(due, today) if due else 0
    step = playbook.SHORT_STEP[contact.stage]
    return Item(
        uid, contact.name, contact.stage, contact.priority, section, due, late, reason, step
    )


def _losing_touch(contact: Contact, touches: _Touches, today: date) -> bool:
    every = cadence(contact)
    if contact.stage != "connected" or not every:
        return False
    since = touches.last_day or _reached_connected(contact)
    if since is None:
        return True
    return calendar_days(since, today) > LOSING_TOUCH_FACTOR * every


def _reached_connected(contact: Contact) -> date | None:
    """When a contact with no touch logged became Connected: the clock starts there."""
    moments = [h.at.timestamp() for h in contact.stage_history if h.stage == "connected"]
    if not moments and contact.created_at:
        moments = [contact.created_at.timestamp()]
    return datetime.fromtimestamp(max(moments)).date() if moments else None


def plain_text(agenda: Agenda) -> str:
    """The agenda for a terminal or a cron mail."""
    lines = [f"Agenda for {pendulum.instance(agenda.today).format('dddd D MMMM YYYY')}"]
    if agenda.week:
        w = agenda.week
        lines.append(
            f"This week: {w.connected}/{w.connected_goal} newly connected · "
            f"{w.touches}/{w.touches_goal} touches · engaged {w.engaged}/{w.wip_limit}"
        )
    for name in SECTIONS:
        items = agenda.section(name)
        if not items:
            continue
        lines += ["", f"{name} ({len(items)})"]
        for item in items:
            stage = STAGE_TITLES[item.stage]
            lines.append(
                f"  !{item.priority} {item.name} [{stage}] {item.lateness}: "
                f"{item.reason} → {item.step}"
            )
    if agenda.events:
        lines += ["", "Upcoming events"]
        for event in agenda.events:
            place = f" at {event.place}" if event.place else ""
            lines.append(f"  {event.day.isoformat()} {event.name}{place}")
    if not agenda.items:
        lines += ["", "Nothing due. Enjoy the quiet, or add someone you admire."]
    return "\n".join(lines) + "\n"
