"""The morning agenda: who is due, why, and what to do, most important first.

Pure functions of the store's contents and a moment, so the app, the daily review
and `networking-tui agenda` all read the same list.

A contact is due on its stored `next_touch`: the date the board and the contact
view show too. The rules that set it run when something happens (a touch logged:
changes.py; an event saved: events.py), and the reason here says in plain words
where the date comes from. The thank-you after an ask is applied here as well as
when a touch is logged (changes.thanks_first): a file written before that rule, or
by hand, may hold a later date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from math import inf

import pendulum

from networking_tui.domain import clock, playbook
from networking_tui.domain.changes import HOT_FOLLOW_UP_DAYS, HOT_KINDS, THANKS_WITHIN_DAYS
from networking_tui.domain.events import Event, as_date, events_from, is_recent
from networking_tui.domain.model import STAGE_TITLES, STAGES, Contact, Interaction, Settings
from networking_tui.domain.rules import (
    INVITATION_LAPSE_DAYS,
    INVITE_WITHIN_DAYS,
    cadence,
    calendar_days,
    moment_key,
    pending_invitation,
    to_invite,
)

__all__ = ["Agenda", "Event", "Item", "build", "events_from", "plain_text"]

SECTIONS = (
    "Overdue",
    "Today",
    "This week",
    "Later",
    "Losing touch",
    "No plan",
    "Invite this week",
    "Start here",
)
# Sections of people with no date to be due on: what to plan, not what is late.
UNDATED = ("Losing touch", "No plan", "Invite this week", "Start here")
LATER_DAYS = 30  # how far ahead the agenda looks by default
LOSING_TOUCH_FACTOR = 2
_CONNECTED = STAGES.index("connected")


@dataclass(frozen=True)
class Item:
    uid: str
    name: str
    stage: str
    priority: int
    section: str
    due: pendulum.Date | None
    days_late: int  # negative: days until due
    reason: str
    step: str

    @property
    def lateness(self) -> str:
        if self.section in _LATENESS:
            return _LATENESS[self.section]
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


_LATENESS = {
    "Losing touch": "fading",
    "No plan": "no date",
    "Invite this week": "invite",
    "Start here": "start",
}


@dataclass(frozen=True)
class WeekFigures:
    connected: int
    connected_goal: int
    touches: int
    touches_goal: int
    engaged: int
    wip_limit: int
    invitations: int = 0
    invitations_goal: int = 0


@dataclass
class Agenda:
    today: pendulum.Date
    items: list[Item] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # upcoming, within the days looked at
    recent_events: list[Event] = field(default_factory=list)  # over, within RECENT_DAYS
    week: WeekFigures | None = None
    next_up: Item | None = None  # the first one due after today, however far ahead
    after_events: frozenset[str] = frozenset()  # people owing a follow-up after an event

    def section(self, name: str) -> list[Item]:
        return [i for i in self.items if i.section == name]

    @property
    def due_now(self) -> list[Item]:
        """Overdue and today, in agenda order."""
        return [i for i in self.items if i.section in ("Overdue", "Today")]

    @property
    def to_review(self) -> list[Item]:
        """What the daily review walks through: the people met at an event who owe
        it a follow-up first, then the rest due now, then those losing touch."""
        due = self.due_now
        first = [i for i in due if i.uid in self.after_events]
        rest = [i for i in due if i.uid not in self.after_events]
        return first + rest + self.section("Losing touch")

    @property
    def planned(self) -> list[Item]:
        """The people with a date to be due on (not the sections to plan)."""
        return [i for i in self.items if i.section not in UNDATED[1:]]


class _LocalDays:
    """Timestamps to local calendar days, remembered by the quarter hour.

    Every time zone's offset, and every daylight-saving change, falls on a quarter
    hour, so all moments of one quarter hour share a day. At 30,000 contacts,
    asking pendulum for each moment would take a third of a second."""

    def __init__(self, tz: pendulum.Timezone | pendulum.FixedTimezone) -> None:
        self._tz = tz
        self._days: dict[int, pendulum.Date] = {}

    def __call__(self, timestamp: float) -> pendulum.Date:
        key = int(timestamp // 900)
        day = self._days.get(key)
        if day is None:
            day = pendulum.from_timestamp(key * 900, tz=self._tz).date()
            self._days[key] = day
        return day


@dataclass
class _Touches:
    """One pass over a contact's touches: what the agenda needs of them."""

    last: Interaction | None = None
    last_day: pendulum.Date | None = None
    last_ts: float = -inf
    pending_ask_day: pendulum.Date | None = None
    pending_ask_ts: float = -inf
    this_week: int = 0
    invitations_this_week: int = 0
    invited_ts: float = -inf  # the latest invitation to connect


def _scan(contact: Contact, week_start: float, local_day: _LocalDays) -> _Touches:
    result = _Touches()
    last_ts = ask_ts = thanks_ts = -inf
    for touch in contact.interactions:
        ts = touch.at.timestamp()  # a naive moment is local time, as in the file
        result.this_week += ts >= week_start
        if touch.kind == "invitation":
            result.invited_ts = max(result.invited_ts, ts)
            result.invitations_this_week += ts >= week_start
        if ts >= last_ts:
            last_ts, result.last = ts, touch
        if touch.kind == "ask" and ts >= ask_ts:
            ask_ts = ts
        elif touch.kind == "thank-you" and ts >= thanks_ts:
            thanks_ts = ts
    if result.last is not None:
        result.last_ts = last_ts
        result.last_day = local_day(last_ts)
    if ask_ts > thanks_ts:
        result.pending_ask_ts = ask_ts
        result.pending_ask_day = local_day(ask_ts)
    return result


@lru_cache(maxsize=4096)
def _plus(day: pendulum.Date, days: int) -> pendulum.Date:
    """`day` plus `days`, remembered: thousands of contacts share a few dates."""
    return day.add(days=days)


def _due(contact: Contact, touches: _Touches) -> pendulum.Date | None:
    """The stored next touch; while a thank-you is owed, no later than 3 days after
    the ask, unless the person chose a date after asking."""
    due = as_date(contact.next_touch) if contact.next_touch else None
    if touches.pending_ask_day is None:
        return due
    by = _plus(touches.pending_ask_day, THANKS_WITHIN_DAYS)
    chosen = contact.next_touch_set_at.timestamp() if contact.next_touch_set_at else -inf
    if due is not None and chosen >= touches.pending_ask_ts:
        return due
    return min(due, by) if due else by


# --- the reason, in plain words -----------------------------------------------------


@lru_cache(maxsize=4096)
def _day(day: date, today: date) -> str:
    """20 Nov (with the year when it is not this year's); remembered, since
    formatting is the slow part of 30,000 reasons and they share few dates."""
    fmt = "D MMM" if day.year == today.year else "D MMM YYYY"
    return as_date(day).format(fmt)


def _when(day: date, today: date) -> str:
    """today, tomorrow, or 20 Nov."""
    days = calendar_days(today, day)
    return "today" if days == 0 else "tomorrow" if days == 1 else _day(day, today)


def _ago(day: date, today: date) -> str:
    """How long ago, in calendar days; never a negative age (a touch logged ahead)."""
    days = calendar_days(day, today)
    if days < 0:
        return f"on {_day(day, today)}, a date still ahead"
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _late(late: int, so: bool = False) -> str:
    return f", {'so ' if so else ''}{_days(late)} late" if late > 0 else ""


def reason(
    contact: Contact,
    touches: _Touches,
    due: pendulum.Date | None,
    today: pendulum.Date,
    events: dict[str, Event],
) -> str:
    """Why the contact is due on `due`, in plain words that agree with that date."""
    late = calendar_days(due, today) if due else 0
    last_day = touches.last_day
    last = f"last touch {_ago(last_day, today)}" if last_day else "no touch logged yet"
    chosen = contact.next_touch_set_at
    if touches.pending_ask_day is not None:
        asked = _day(touches.pending_ask_day, today)
        if due is not None and calendar_days(touches.pending_ask_day, due) > THANKS_WITHIN_DAYS:
            return (
                f"the follow-up you set on {_day(clock.local_day(chosen), today)}"
                if chosen
                else f"next touch planned for {_when(due, today)}"
            ) + f"; a thank-you for the ask of {asked} is still owed"
        if late > 0:
            return f"say thank you for the ask of {asked}: due within 3 days{_late(late, so=True)}"
        return f"say thank you for the ask of {asked} (a handwritten note is remembered)"
    if touches.invited_ts > -inf and due is not None:
        sent_day = clock.local_day(pendulum.from_timestamp(touches.invited_ts))
        lapsed = calendar_days(sent_day, due) == INVITATION_LAPSE_DAYS
        if lapsed and pending_invitation(contact) is not None:
            return (
                f"invitation to connect sent on {_day(sent_day, today)}, not accepted in "
                f"{INVITATION_LAPSE_DAYS} days: a short note, or let it rest{_late(late)}"
            )
    mark = contact.next_touch_event
    if mark is not None and due == mark.due and mark.event in events:
        event = events[mark.event]
        return f"follow up after {event.name} ({_day(event.day, today)}){_late(late)}"
    if chosen is not None and due is not None:
        when = clock.local_day(chosen)
        said = "today" if when == today else f"on {_day(when, today)}"
        return f"the follow-up you set {said}{_late(late)}; {last}"
    if due is None:
        return last
    hot = touches.last is not None and touches.last.kind in HOT_KINDS
    if hot and last_day is not None and calendar_days(last_day, due) == HOT_FOLLOW_UP_DAYS:
        return _hot(contact, touches.last.kind, last_day, today, late)  # type: ignore[union-attr]
    every = cadence(contact)
    if last_day is not None and every and calendar_days(last_day, due) == every:
        return f"{rhythm(contact)}: {last}{_late(late, so=True)}"
    entered = _entered(contact)
    if (
        every
        and entered is not None
        and (last_day is None or last_day <= entered[0])
        and calendar_days(entered[0], due) == every
    ):
        day, first = entered
        since = (
            f"when you added them ({_ago(day, today)})"
            if first
            else f"the move to {STAGE_TITLES[contact.stage]} {_ago(day, today)}"
        )
        return f"{rhythm(contact)}, counted from {since}{_late(late)}; {last}"
    return f"next touch planned for {_when(due, today)}{_late(late)}; {last}"


# How a stage reads after "while": "every 7 days while a follower".
_WHILE = {
    "stranger": "a stranger",
    "follower": "a follower",
    "engaged": "engaged",
    "connected": "connected",
    "ask": "at the Ask stage",
}


def rhythm(contact: Contact) -> str:
    """The contact's rhythm in words: their own, or their stage's."""
    every = cadence(contact)
    if contact.cadence_days:
        return f"every {_days(every or 0)}, your rhythm for them"
    return f"every {_days(every or 0)} while {_WHILE.get(contact.stage, contact.stage)}"


def _entered(contact: Contact) -> tuple[pendulum.Date, bool] | None:
    """The day the contact last entered its stage, and whether that was when they
    were added (the first entry of their history)."""
    history = sorted(contact.stage_history, key=moment_key)
    for index in range(len(history) - 1, -1, -1):
        if history[index].stage == contact.stage:
            return clock.local_day(history[index].at), index == 0
    return None


def _hot(contact: Contact, kind: str, met: pendulum.Date, today: pendulum.Date, late: int) -> str:
    """After a meeting, call or event: strike while the iron is hot."""
    verb = {"meeting": "met", "call": "spoke", "event": "saw them"}[kind]
    place = f" at {contact.where_met}" if contact.where_met and kind != "call" else ""
    if met > today:  # logged ahead of today: no age to speak of
        return f"{verb}{place} on {_day(met, today)}, a date still ahead: follow up the day after"
    said = f"{verb} {_ago(met, today)}{place}"
    if late > 0:
        return f"{said}: the follow-up was due the next day{_late(late, so=True)}"
    if met == today:
        return f"{said}: follow up tomorrow, while it is fresh"
    return f"{said}: follow up while it is fresh"


def _losing_reason(contact: Contact, touches: _Touches, due: date | None, today: date) -> str:
    planned = f"; next touch set for {_when(due, today)}" if due else "; no next touch set"
    if touches.last_day is None:
        return "connected, but no touch logged at all" + planned
    since = calendar_days(touches.last_day, today)
    every = cadence(contact)
    return f"no touch for {since} days, over twice the {every}-day rhythm{planned}"


# --- building it --------------------------------------------------------------------


def _section(due: date, today: date, week_end: date, horizon: date) -> str | None:
    if due < today:
        return "Overdue"
    if due == today:
        return "Today"
    if due <= min(week_end, horizon):
        return "This week"
    if due <= horizon:
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
    """The agenda at `now`, looking `days` ahead (Overdue and Today always show)."""
    today = now.date()
    week_start = now.start_of("week")  # pendulum weeks start on Monday
    since = week_start.timestamp()
    week_end, horizon = today.end_of("week"), today.add(days=days)
    local_day = _LocalDays(now.timezone or pendulum.local_timezone())
    by_uid = {event.uid: event for event in events}
    wanted = {uid for event in events for uid in event.contacts}
    names: dict[str, str] = {}
    agenda = Agenda(today)
    connected_this_week = touches_this_week = invitations = engaged = 0
    next_up: Item | None = None
    unplanned: list[tuple[str, Contact]] = []  # strangers with no next touch
    after_events: set[str] = set()
    recent = now.subtract(days=INVITE_WITHIN_DAYS + 1).timestamp()
    for uid, contact in contacts:
        if uid in wanted:
            names[uid] = contact.name
        if contact.archived:
            continue
        touches = _scan(contact, since, local_day)
        engaged += contact.stage == "engaged"
        touches_this_week += touches.this_week
        invitations += touches.invitations_this_week
        connected_this_week += _newly_connected(contact, since)
        if contact.stage in _BEFORE_CONNECTED and (
            touches.last_ts >= recent
            or any(h.at.timestamp() >= recent for h in contact.stage_history)
        ):
            why = to_invite(contact, today)
            if why is not None:
                agenda.items.append(_undated(uid, contact, "Invite this week", why, _INVITE_STEP))
        due = _due(contact, touches)
        section = _section(due, today, week_end, horizon) if due else None
        losing = section in (None, "This week", "Later") and _losing_touch(
            contact, touches, today, local_day
        )
        if losing:
            section, text = "Losing touch", _losing_reason(contact, touches, due, today)
        else:
            text = reason(contact, touches, due, today, by_uid)
        if section is None and due is None:
            if contact.stage == "stranger":
                unplanned.append((uid, contact))
            elif contact.stage in _WARM:
                agenda.items.append(_undated(uid, contact, "No plan", _NO_PLAN, _NO_PLAN_STEP))
            continue  # nothing planned, and not losing touch
        mark = contact.next_touch_event
        if mark is not None and due == mark.due and mark.event in by_uid:
            after_events.add(uid)
        late = calendar_days(due, today) if due else 0
        item = Item(
            uid,
            contact.name,
            contact.stage,
            contact.priority,
            section or "Later",
            due,
            late,
            text,
            playbook.SHORT_STEP[contact.stage],
        )
        if section is not None:
            agenda.items.append(item)
        if due is not None and due > today and (next_up is None or _sooner(item, next_up)):
            next_up = item
    agenda.items += _start_here(unplanned, settings.wip_limit - engaged)
    agenda.items.sort(
        key=lambda i: (SECTIONS.index(i.section), i.priority, -i.days_late, i.name.casefold())
    )
    agenda.next_up = next_up
    agenda.after_events = frozenset(after_events)
    named = [replace(e, people=tuple(names[u] for u in e.contacts if u in names)) for e in events]
    agenda.events = [e for e in named if today <= e.day <= horizon]
    agenda.recent_events = sorted(
        (e for e in named if is_recent(e.day, today)), key=lambda e: e.day, reverse=True
    )
    agenda.week = WeekFigures(
        connected_this_week,
        settings.weekly_connect_goal,
        touches_this_week,
        settings.weekly_touch_goal,
        engaged,
        settings.wip_limit,
        invitations,
        settings.weekly_invitation_goal,
    )
    return agenda


_BEFORE_CONNECTED = ("stranger", "follower", "engaged")
_WARM = ("engaged", "connected", "ask")
_INVITE_STEP = "invite them to connect (m)"
_NO_PLAN = "no next touch set: pick a date (s) so they are not forgotten"
_NO_PLAN_STEP = "set the next touch"
_START_STEP = "find where they are active; decide the objective"


def _undated(uid: str, contact: Contact, section: str, why: str, step: str) -> Item:
    return Item(uid, contact.name, contact.stage, contact.priority, section, None, 0, why, step)


def _start_here(strangers: list[tuple[str, Contact]], room: int) -> list[Item]:
    """While fewer than the Engaged limit are Engaged: the most important strangers
    with no plan, as many as there is room for. Planning one (a date, or a move to
    Follower) takes it out."""
    if room <= 0:
        return []
    chosen = sorted(strangers, key=lambda p: (p[1].priority, p[1].name.casefold()))[:room]
    why = (
        f"a stranger with no plan, and room for {room} more Engaged: "
        "follow them, then small public touches"
    )
    return [_undated(uid, c, "Start here", why, _START_STEP) for uid, c in chosen]


def _sooner(a: Item, b: Item) -> bool:
    return (a.due, a.priority, a.name.casefold()) < (b.due, b.priority, b.name.casefold())


def _newly_connected(contact: Contact, since: float) -> bool:
    """Moved forward into Connected this week, never having been Connected before:
    a new connection (a step back from Ask, or a second go, is not one)."""
    history = contact.stage_history
    if not any(h.stage == "connected" and h.at.timestamp() >= since for h in history):
        return False
    previous: str | None = None
    for entry in sorted(history, key=lambda h: h.at.timestamp()):
        if entry.stage == "connected":
            forward = previous is None or STAGES.index(previous) < _CONNECTED
            return forward and entry.at.timestamp() >= since
        if STAGES.index(entry.stage) > _CONNECTED:
            return False  # was at Ask before it ever was Connected
        previous = entry.stage
    return False


def _losing_touch(
    contact: Contact, touches: _Touches, today: pendulum.Date, local_day: _LocalDays
) -> bool:
    every = cadence(contact)
    if contact.stage != "connected" or not every:
        return False
    since = touches.last_day or _reached_connected(contact, local_day)
    if since is None:
        return True
    return calendar_days(since, today) > LOSING_TOUCH_FACTOR * every


def _reached_connected(contact: Contact, local_day: _LocalDays) -> pendulum.Date | None:
    """When a contact with no touch logged became Connected: the clock starts there."""
    moments = [h.at.timestamp() for h in contact.stage_history if h.stage == "connected"]
    if not moments and contact.created_at:
        moments = [contact.created_at.timestamp()]
    return local_day(max(moments)) if moments else None


# --- as text ------------------------------------------------------------------------


def plain_text(agenda: Agenda) -> str:
    """The agenda for a terminal or a cron mail."""
    today = agenda.today
    lines = [f"Agenda for {today.format('dddd D MMMM YYYY')}"]
    if agenda.week:
        w = agenda.week
        lines.append(
            f"This week: {w.connected}/{w.connected_goal} newly connected · "
            f"{w.touches}/{w.touches_goal} touches · "
            f"{w.invitations}/{w.invitations_goal} invitations sent · "
            f"engaged {w.engaged}/{w.wip_limit}"
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
    for title, events in [
        ("Upcoming events", agenda.events),
        ("Recent events", agenda.recent_events),
    ]:
        if events:
            lines += ["", title]
            lines += [f"  {event_line(event, today)}" for event in events]
    if not agenda.due_now:
        lines += ["", nothing_due(agenda)]
    return "\n".join(lines) + "\n"


def event_line(event: Event, today: date) -> str:
    """One line for an event: when, what, where, and who is expected."""
    when = as_date(event.day).format("ddd D MMM YYYY")
    place = f" at {event.place}" if event.place else ""
    people = ", ".join(event.people) if event.people else "nobody yet"
    verb = "met or expected" if event.day < today else "expected"
    return f"{when} {event.name}{place} · {verb}: {people}"


def nothing_due(agenda: Agenda) -> str:
    """Nothing due today or overdue: say so, and who comes next."""
    text = "Nothing due today or overdue."
    nxt = agenda.next_up
    if nxt is not None and nxt.due is not None:
        stage = STAGE_TITLES[nxt.stage]
        text += f" Next: {nxt.name} ({stage}) on {nxt.due.format('ddd D MMM YYYY')}."
    elif not agenda.planned:
        text += " Nobody has a next touch set: enjoy the quiet, or add someone you admire."
    fading = len(agenda.section("Losing touch"))
    if fading:
        text += f" {fading} Connected {'person is' if fading == 1 else 'people are'} losing touch."
    return text
