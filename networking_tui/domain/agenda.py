"""The morning agenda: who is due, why, and what to do, most important first.

Pure functions of the store's contents and a moment, so the app, the daily review
and `networking-tui agenda` all read the same list.

A contact is due on its stored `next_touch`: the date the board and the contact
view show too. The rules that set it run when something happens (a touch logged:
changes.py; an event saved: events.py), and the reason here says in plain words
where the date comes from. The thank-you after an ask (rules.due_while_owed) is
applied here as well as when a touch is logged (changes.thanks_first): a file
written before that rule, or by hand, may hold a later date.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from math import inf
from typing import Any

import msgspec
import pendulum

from networking_tui.domain import clock, playbook
from networking_tui.domain.events import Event, as_date, events_from, is_recent
from networking_tui.domain.model import STAGE_TITLES, STAGES, AnyContact, Settings
from networking_tui.domain.rules import (
    HOT_FOLLOW_UP_DAYS,
    HOT_KINDS,
    INVITATION_LAPSE_DAYS,
    INVITE_WITHIN_DAYS,
    MET_KINDS,
    NOT_YET_CONNECTED,
    THANKS_WITHIN_DAYS,
    cadence,
    cadence_of,
    calendar_days,
    due_while_owed,
    moment_key,
    owed_after,
    pending_invitation,
    thanks_by,
    to_invite,
)

__all__ = [
    "Agenda",
    "Event",
    "Facts",
    "Item",
    "LiveAgenda",
    "Share",
    "build",
    "events_from",
    "facts",
    "plain_text",
    "select",
]

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


@dataclass(slots=True)
class Item:
    """One row. Not frozen: a frozen dataclass is built three times slower, and
    an agenda at 30,000 contacts builds 20,000 of them."""

    uid: str
    name: str
    stage: str
    priority: int
    section: str
    due: pendulum.Date | None
    days_late: int  # negative: days until due
    step: str
    fold: str = field(compare=False, repr=False)  # the name casefolded, for the order
    why: _Explainer = field(compare=False, repr=False)
    # None: explained by another process, which has the contact (LiveAgenda.joined).
    facts: Facts | None = field(compare=False, repr=False)
    losing: bool = field(default=False, compare=False, repr=False)
    _reason: str | None = field(default=None, compare=False, repr=False)
    _line: str | None = field(default=None, compare=False, repr=False)

    @property
    def reason(self) -> str:
        """Why they are due, in plain words: worked out when first read, since at
        30,000 contacts explaining every row would take most of a second."""
        if self._reason is None:
            self._reason = self.why(self)
        return self._reason

    @property
    def line(self) -> str:
        """The row as the plain-text agenda prints it, worked out once."""
        if self._line is None:
            self._line = (
                f"  !{self.priority} {self.name} [{STAGE_TITLES[self.stage]}] {self.lateness}: "
                f"{self.reason} → {self.step}"
            )
        return self._line

    @property
    def lateness(self) -> str:
        if self.section in _LATENESS:
            return _LATENESS[self.section]
        if self.days_late > 0:
            return f"{self.days_late}d late"
        if self.days_late == 0:
            return "today"
        return f"in {-self.days_late}d"

    def as_json(self) -> dict[str, object]:
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


# A timestamp's local calendar day (see _local_days).
_LocalDays = Callable[[float], pendulum.Date]
# An item's reason, worked out when first read (see _explainer).
_Explainer = Callable[["Item"], str]


@lru_cache(maxsize=16)
def _local_days(tz: pendulum.Timezone | pendulum.FixedTimezone) -> _LocalDays:
    """Timestamps to local calendar days, remembered by the quarter hour; one memory
    per time zone, kept from one agenda to the next.

    Every time zone's offset, and every daylight-saving change, falls on a quarter
    hour, so all moments of one quarter hour share a day. At 30,000 contacts,
    asking pendulum for each moment would take a third of a second. A function,
    not an object with __call__: called 70,000 times per agenda, that is cheaper."""
    days: dict[int, pendulum.Date] = {}

    def local_day(timestamp: float) -> pendulum.Date:
        key = int(timestamp // 900)
        day = days.get(key)
        if day is None:  # the standard library's conversion: a tenth of pendulum's
            moment = datetime.fromtimestamp(key * 900, tz)
            day = days[key] = pendulum.Date(moment.year, moment.month, moment.day)
        return day

    return local_day


@lru_cache(maxsize=4096)
def _thanks_by(day: pendulum.Date) -> pendulum.Date:
    """rules.thanks_by, remembered: thousands of asks share a few days."""
    return as_date(thanks_by(day))


@lru_cache(maxsize=4096)
def _plus(day: pendulum.Date, days: int) -> pendulum.Date:
    """`day` plus `days`, remembered: thousands of contacts share a few dates."""
    return day.add(days=days)


@lru_cache(maxsize=4096)
def _pendulum_day(day: date) -> pendulum.Date:
    return as_date(day)


# --- the reason, in plain words -----------------------------------------------------


@lru_cache(maxsize=4096)
def _day(day: date, today: date) -> str:
    """20 Nov (with the year when it is not this year's); remembered, since
    formatting is the slow part of 30,000 reasons and they share few dates."""
    fmt = "D MMM" if day.year == today.year else "D MMM YYYY"
    return as_date(day).format(fmt)


# The short phrases of a reason, remembered like _day: 23,000 rows share few of them.
@lru_cache(maxsize=4096)
def _when(day: date, today: date) -> str:
    """today, tomorrow, or 20 Nov."""
    days = calendar_days(today, day)
    return "today" if days == 0 else "tomorrow" if days == 1 else _day(day, today)


@lru_cache(maxsize=4096)
def _ago(day: date, today: date) -> str:
    """How long ago, in calendar days; never a negative age (a touch logged ahead)."""
    days = calendar_days(day, today)
    if days < 0:
        return f"on {_day(day, today)}, a date still ahead"
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


@lru_cache(maxsize=4096)
def _late(late: int, so: bool = False) -> str:
    return f", {'so ' if so else ''}{_days(late)} late" if late > 0 else ""


def reason(
    contact: AnyContact,
    f: Facts,
    due: pendulum.Date | None,
    today: pendulum.Date,
    events: dict[str, Event],
    local_day: _LocalDays,
) -> str:
    """Why the contact is due on `due`, in plain words that agree with that date.
    What it needs of the touches is in the contact's facts `f` (the day of each
    moment is worked out only where it is needed: 23,000 rows at 30,000 contacts)."""
    late = calendar_days(due, today) if due else 0
    chosen = contact.next_touch_set_at
    if f.ask_ts > -inf:  # a thank-you owed for the ask of that day
        ask_day = local_day(f.ask_ts)
        asked = _day(ask_day, today)
        if due is not None and due > _thanks_by(ask_day):
            return (
                f"the follow-up you set on {_day(clock.local_day(chosen), today)} "
                f"for {_when(due, today)}"
                if chosen
                else f"next touch planned for {_when(due, today)}"
            ) + f"; a thank-you for the ask of {asked} is still owed"
        if late > 0:
            return (
                f"say thank you for the ask of {asked}: "
                f"due within {_days(THANKS_WITHIN_DAYS)}{_late(late, so=True)}"
            )
        return f"say thank you for the ask of {asked} (a handwritten note is remembered)"
    if f.invitation_ts and due is not None:  # the latest invitation to connect
        sent_day = local_day(f.invitation_ts[-1])
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
    # Not needed above (half the rows at 30,000 contacts are thank-yous owed).
    last_day = local_day(f.last_ts) if f.last_ts > -inf else None
    last = f"last touch {_ago(last_day, today)}" if last_day else "no touch logged yet"
    if chosen is not None and due is not None:
        when = clock.local_day(chosen)
        said = "today" if when == today else f"on {_day(when, today)}"
        return f"the follow-up you set {said} for {_when(due, today)}{_late(late)}; {last}"
    if due is None:
        return last
    hot = f.last_kind in HOT_KINDS
    if hot and last_day is not None and calendar_days(last_day, due) == HOT_FOLLOW_UP_DAYS:
        return _hot(contact, f.last_kind, last_day, today, late)
    every = cadence(contact)
    if last_day is not None and every and calendar_days(last_day, due) == every:
        return f"{rhythm(contact)}: {last}{_late(late, so=True)}"
    entered = _entered(contact, local_day) if every else None
    if (
        entered is not None
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


def rhythm(contact: AnyContact) -> str:
    """The contact's rhythm in words: their own, or their stage's."""
    every = cadence(contact)
    if contact.cadence_days:
        return f"every {_days(every or 0)}, your rhythm for them"
    return f"every {_days(every or 0)} while {_WHILE.get(contact.stage, contact.stage)}"


def _entered(contact: AnyContact, local_day: _LocalDays) -> tuple[pendulum.Date, bool] | None:
    """The day the contact last entered its stage, and whether that was when they
    were added (the first entry of their history)."""
    history = contact.stage_history
    if len(history) > 1:
        history = sorted(history, key=moment_key)
    for index in range(len(history) - 1, -1, -1):
        if history[index].stage == contact.stage:
            return local_day(moment_key(history[index])), index == 0
    return None


def _hot(
    contact: AnyContact, kind: str, met: pendulum.Date, today: pendulum.Date, late: int
) -> str:
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


def _losing_reason(
    contact: AnyContact, f: Facts, due: date | None, today: date, local_day: _LocalDays
) -> str:
    planned = f"; next touch set for {_when(due, today)}" if due else "; no next touch set"
    if f.last_ts == -inf:
        return "connected, but no touch logged at all" + planned
    since = calendar_days(local_day(f.last_ts), today)
    every = cadence(contact)
    return f"no touch for {since} days, over twice the {every}-day rhythm{planned}"


# --- building it --------------------------------------------------------------------


class Facts(msgspec.Struct, frozen=True, gc=False):
    """What the agenda needs of one contact, in moments (timestamps), so that it
    holds whatever the day: worked out once per contact and kept by the store,
    which works it out again only for a contact that changes. A struct: building
    a frozen dataclass took a quarter of facts()'s time (30,000 per agenda)."""

    uid: str
    name: str
    fold: str  # the name casefolded, for the order
    stage: str
    priority: int
    archived: bool
    due: pendulum.Date | None  # the stored next touch
    chosen_ts: float  # when the person chose the next touch (-inf: a rule set it)
    last_ts: float  # the latest touch (-inf: none)
    last_kind: str
    ask_ts: float  # the latest ask no thank-you has followed (-inf: none owed)
    touch_ts: tuple[float, ...]  # every touch, sorted (for the week's count)
    invitation_ts: tuple[float, ...]  # every invitation to connect, sorted
    cadence: int | None
    connected_ts: float  # first forward move into Connected, before any Ask (-inf: none)
    reached_ts: float  # the latest move into Connected, else when added (-inf: neither)
    met_ts: float  # the latest meeting, event or call (rules.MET_KINDS; -inf: none)
    engaged_ts: float  # the latest move into Engaged (-inf: none recorded)
    event_uid: str  # the event whose follow-up set the next touch ("" if none)
    event_due: pendulum.Date | None  # the day that follow-up is due


# What facts() looks for in a touch's kind: one dict look-up per touch.
_MET, _ASK, _THANKS, _INVITATION = 0, 1, 2, 3
_KIND_ROLE = {"ask": _ASK, "thank-you": _THANKS, "invitation": _INVITATION}
_KIND_ROLE.update(dict.fromkeys(MET_KINDS, _MET))


def facts(uid: str, contact: AnyContact) -> Facts:
    # One loop over 300,000 touches at 30,000 contacts: kept to what each needs
    # (the latest of each kind that matters, not lists of them).
    stamps = []
    last_ts = met_ts = ask_ts = thanks_ts = -inf
    last_kind = ""
    invited: list[float] = []
    roles = _KIND_ROLE
    for touch in contact.interactions:
        ts = touch.at.timestamp()
        stamps.append(ts)
        kind = touch.kind
        if ts >= last_ts:
            last_ts, last_kind = ts, kind
        role = roles.get(kind)
        if role is None:
            continue
        if role == _MET:
            if ts > met_ts:
                met_ts = ts
        elif role == _ASK:
            if ts > ask_ts:
                ask_ts = ts
        elif role == _THANKS:
            if ts > thanks_ts:
                thanks_ts = ts
        else:
            invited.append(ts)
    stamps.sort()
    invited.sort()
    owed = owed_after(ask_ts, thanks_ts)
    engaged = reached = -inf
    connected = False
    for change in contact.stage_history:
        stage = change.stage
        if stage == "engaged":
            engaged = max(engaged, change.at.timestamp())
        elif stage == "connected":
            reached = max(reached, change.at.timestamp())
            connected = True
    if not connected and contact.created_at:
        reached = contact.created_at.timestamp()
    mark = contact.next_touch_event
    name = contact.name
    stage = contact.stage
    chosen = contact.next_touch_set_at
    return Facts(
        uid,
        name,
        name.casefold(),
        stage,
        contact.priority,
        contact.archived,
        _pendulum_day(contact.next_touch) if contact.next_touch else None,
        chosen.timestamp() if chosen else -inf,
        last_ts,
        last_kind,
        -inf if owed is None else owed,
        tuple(stamps),
        tuple(invited),
        cadence_of(stage, contact.cadence_days),
        _first_connected(contact) if connected else -inf,
        reached,
        met_ts,
        engaged,
        mark.event if mark is not None else "",
        _pendulum_day(mark.due) if mark is not None else None,
    )


def build(
    contacts: Iterable[tuple[str, AnyContact]],
    events: list[Event],
    settings: Settings,
    now: pendulum.DateTime,
    *,
    days: int = LATER_DAYS,
) -> Agenda:
    """The agenda at `now`, looking `days` ahead (Overdue and Today always show)."""
    kept = dict(contacts)
    return select(
        [facts(uid, contact) for uid, contact in kept.items()],
        events,
        settings,
        now,
        kept.get,
        days=days,
    )


def select(
    all_facts: Iterable[Facts],
    events: list[Event],
    settings: Settings,
    now: pendulum.DateTime,
    lookup: Callable[[str], AnyContact | None],
    *,
    days: int = LATER_DAYS,
) -> Agenda:
    """The agenda from each contact's facts: who is due, in which section, in what
    order. The reason, which needs the whole contact (`lookup`), is worked out only
    for the rows that are read (see Item.reason)."""
    return LiveAgenda(all_facts, events, settings, now, lookup, days=days, kept=False).agenda


_INDEX = {name: index for index, name in enumerate(SECTIONS)}
_NO_PLAN_INDEX = _INDEX["No plan"]
_INVITE_INDEX = _INDEX["Invite this week"]
MANY_CHANGES = 500  # more contacts changed than this: the agenda is worked out anew


# The section, priority and lateness of a row as one int, for the first sort of
# 23,000 rows: compared once where the tuple (section, priority, -late) compared
# each in turn. The same order as _row_order's (lateness is within +-10**6 days).
_HEAD, _LATE = 10**9, 10**6


def _row_head(index: int, priority: int, late: int) -> int:
    return index * _HEAD + priority * 2 * _LATE + (_LATE - late)


# The orders of the lists kept (the uid last: one order whatever the order of the
# facts, namesakes included). Read only a few times per change, by bisection.
def _row_order(item: Item) -> tuple[int, int, int, str, str]:
    """The dated sections: section, priority, most days late first, name."""
    return _INDEX[item.section], item.priority, -item.days_late, item.fold, item.uid


def _undated_order(item: Item) -> tuple[int, int, str, str]:
    """No plan, then Invite this week: section, priority, name."""
    return _INDEX[item.section], item.priority, item.fold, item.uid


def _stranger_order(f: Facts) -> tuple[int, str, str]:
    return f.priority, f.fold, f.uid


class LiveAgenda:
    """Today's agenda at one moment, kept current contact by contact.

    Worked out from every contact's facts once (0.1-0.15 s at 30,000 contacts);
    after a change (a log, a move, an edit), `update` takes the changed contacts'
    old rows out of its sorted lists and puts their new ones in by bisection, which
    gives the agenda worked out anew (tests/test_live_agenda.py) in milliseconds.
    What it keeps beside the agenda's Items is lists of references, not rows.
    Not safe to share between threads while updating."""

    def __init__(
        self,
        all_facts: Iterable[Facts],
        events: list[Event],
        settings: Settings,
        now: pendulum.DateTime,
        lookup: Callable[[str], AnyContact | None],
        *,
        days: int = LATER_DAYS,
        kept: bool = True,
    ) -> None:
        """`kept`: to be updated (else, for one agenda, what only updates need is
        left out)."""
        self.now = now
        today = self.today = now.date()
        week_end, horizon = today.end_of("week"), today.add(days=days)
        self._since = now.start_of("week").timestamp()  # pendulum weeks start on Monday
        self._recent = now.subtract(days=INVITE_WITHIN_DAYS + 1).timestamp()
        self._today_ord = today.toordinal()
        self._week_ord, self._horizon_ord = min(week_end, horizon).toordinal(), horizon.toordinal()
        self._horizon = horizon
        self._local_day = _local_days(now.timezone or pendulum.tz.local_timezone())
        self._events = events
        self._by_uid = {event.uid: event for event in events}
        self._wanted = {uid for event in events for uid in event.contacts}
        self._lookup = lookup
        self._why = _explainer(lookup, today, self._local_day, self._by_uid)
        facts = list(all_facts)
        self._facts_of = {f.uid: f for f in facts}  # as kept current per change
        # The store's mark of the moment these facts are from (usecases/planning.py).
        self.mark: tuple[int, int] | None = None
        self._names: dict[str, str] = {}  # the names of the people events expect
        self._after: set[str] = set()
        # Week figures: newly connected, touches, invitations sent, engaged.
        self._counts = [0, 0, 0, 0]
        self._start: tuple[int, list[Facts], list[Item]] | None = None
        # Tuples to sort natively (a third of the time of Items with a key); the
        # Items are made after.
        rows: list[tuple[int, str, str, Facts, pendulum.Date | None, bool]] = []
        undated: list[tuple[int, int, str, str, Item]] = []
        strangers: list[tuple[int, str, str, Facts]] = []
        dues = array("l")  # each contact's day due, as an ordinal (0: none), for next_up
        soonest: tuple[int, int, str, str, Facts] | None = None
        why = self._why
        for f in facts:
            placed = self._place(f)
            if placed is None:
                dues.append(0)
                continue
            when, invite, no_plan, stranger = placed
            due, due_ord, index, losing = when
            if index >= 0:
                late = self._today_ord - due_ord if due is not None else 0
                head = _row_head(index, f.priority, late)
                rows.append((head, f.fold, f.uid, f, due, losing))
            if invite:
                item = self._to_invite(f)
                if item is not None:
                    undated.append((_INVITE_INDEX, f.priority, f.fold, f.uid, item))
            if no_plan:
                item = _undated(f, "No plan", _NO_PLAN, _NO_PLAN_STEP, why)
                undated.append((_NO_PLAN_INDEX, f.priority, f.fold, f.uid, item))
            if stranger:
                strangers.append((f.priority, f.fold, f.uid, f))
            dues.append(due_ord if due is not None else 0)
            if due is not None and due_ord > self._today_ord:
                key = (due_ord, f.priority, f.fold, f.uid, f)
                if soonest is None or key < soonest:
                    soonest = key
        rows.sort()
        undated.sort()
        if kept:
            strangers.sort()
        else:  # only the first ones Start here takes (25,000 strangers at 30,000)
            room = settings.wip_limit - self._counts[3]
            strangers = heapq.nsmallest(max(room, 0), strangers)
        items = [self._item(f, head // _HEAD, due, losing) for head, _, _, f, due, losing in rows]
        self._items = items
        del rows  # before the next list: the most memory held at once (100,000 contacts)
        self._undated = [row[4] for row in undated]
        self._strangers = [row[3] for row in strangers]
        self._future = [soonest[4]] if soonest is not None else []
        if kept:  # everyone due after today, in that order
            after = self._today_ord
            future = [
                (day, f.priority, f.fold, f.uid, f)
                for day, f in zip(dues, facts, strict=True)
                if day > after
            ]
            future.sort()
            self._future = [row[4] for row in future]
        self.agenda = self._finish(settings)

    def explain(self) -> None:
        """Work out every row's reason and line now (else each when first read)."""
        for item in chain(self._items, self._undated):
            item.line  # noqa: B018 (a property that remembers it)

    def share(self) -> Share:
        """This agenda, worked out (kept=False) over a share of the contacts, as
        another process's `joined` takes it: its rows explained here, where their
        contacts are."""
        soonest = self._future[0] if self._future else None
        up = self.agenda.next_up
        rows, undated = [_row(i) for i in self._items], [_row(i) for i in self._undated]
        after = [*self._after]
        return Share(
            rows, undated, self._strangers, soonest, _row(up) if up else None, self._counts,
            self._names, after,
        )  # fmt: skip

    def joined(self, other: Share, settings: Settings) -> Agenda:
        """The agenda over this one's contacts and `other`'s (no contact in both),
        as one worked out over all of them: each list is kept in its order, so the
        two merge; the week's figures add up."""
        why = self._why
        days: dict[int, pendulum.Date] = {}  # the same few hundred days: made once each

        def item(row: Row) -> Item:
            due = None
            if row.due:
                due = days.get(row.due)
                if due is None:
                    due = days[row.due] = pendulum.Date.fromordinal(row.due)
            return Item(
                row.uid, row.name, row.stage, row.priority, row.section, due, row.days_late,
                row.step, row.fold, why, None, row.losing, _reason=row.reason, _line=row.line,
            )  # fmt: skip

        self._items = [*self._items, *map(item, other.rows)]
        self._items.sort(key=_row_order)  # two runs: merged
        self._undated = [*self._undated, *map(item, other.undated)]
        self._undated.sort(key=_undated_order)
        self._strangers = sorted([*self._strangers, *other.strangers], key=_stranger_order)
        if other.soonest is not None:
            self._future = sorted([*self._future, other.soonest], key=self._soon_order)[:1]
        self._counts = [a + b for a, b in zip(self._counts, other.counts, strict=True)]
        self._names.update(other.names)
        self._after.update(other.after)
        self.agenda = self._finish(settings)
        if other.next_up is not None and self._future and self._future[0] is other.soonest:
            self.agenda.next_up = item(other.next_up)  # explained where its contact is
        return self.agenda

    def update_changed(
        self, changed: Mapping[str, Facts | None], events: list[Event], settings: Settings
    ) -> Agenda | None:
        """The agenda with the facts of the contacts that may have changed (uid ->
        facts now, None: gone), the same moment: only those whose facts changed
        (another object) are placed again, with no walk of everyone's facts (3 ms
        at 30,000). None when it must be worked out anew: the events changed, or
        many contacts did (a reload from disk, an import, a merge)."""
        if events != self._events or len(changed) > MANY_CHANGES:
            return None
        facts_of = self._facts_of
        pairs = [(facts_of.get(uid), new) for uid, new in changed.items()]
        if not self._apply([(old, new) for old, new in pairs if old is not new]):
            return None
        self.agenda = self._finish(settings)
        return self.agenda

    def _apply(self, changed: list[tuple[Facts | None, Facts | None]]) -> bool:
        """Place each changed contact again; False when one was not where it was put
        (never expected: start again)."""
        for old, new in changed:
            if old is not None:
                if not self._take_out(old):
                    return False
                self._facts_of.pop(old.uid, None)
            if new is not None:
                self._put_in(new)
                self._facts_of[new.uid] = new
        return True

    # --- one contact ----------------------------------------------------------------

    def _when(self, f: Facts) -> tuple[pendulum.Date | None, int, int, bool]:
        """When a contact is due (the day, as an ordinal), in which dated section
        (-1: none, or past the horizon) and whether losing touch."""
        due = f.due
        if f.ask_ts != -inf:  # a thank-you owed: rules.due_while_owed
            chosen = f.chosen_ts if f.chosen_ts != -inf else None
            by = _thanks_by(self._local_day(f.ask_ts))
            due = due_while_owed(due, chosen, f.ask_ts, by)
        today_ord = self._today_ord
        due_ord = due.toordinal() if due is not None else 0
        if due is None:
            index = -1
        elif due_ord < today_ord:
            index = 0  # Overdue
        elif due_ord == today_ord:
            index = 1
        elif due_ord <= self._week_ord:
            index = 2
        elif due_ord <= self._horizon_ord:
            index = 3
        else:
            index = -1
        losing = (
            index not in (0, 1)
            and f.stage == "connected"
            and f.cadence is not None
            and _losing_touch(f, self.today, self._local_day)
        )
        return due, due_ord, 4 if losing else index, losing

    def _soon_order(self, f: Facts) -> tuple[int, int, str, str]:
        """Who is due first after today (next_up)."""
        return self._when(f)[1], f.priority, f.fold, f.uid

    def _place(
        self, f: Facts
    ) -> tuple[tuple[pendulum.Date | None, int, int, bool], bool, bool, bool] | None:
        """Where a contact's facts put it (None: archived), its share of the week's
        figures counted: when it is due (see _when), whether it may be one to invite
        (rules.to_invite decides), whether it has no plan, is a stranger with no plan."""
        if f.uid in self._wanted:
            self._names[f.uid] = f.name
        if f.archived:
            return None
        since, counts = self._since, self._counts
        stamps = f.touch_ts
        if stamps and stamps[-1] >= since:
            counts[1] += len(stamps) - bisect_left(stamps, since)
            invited = f.invitation_ts
            if invited and invited[-1] >= since:
                counts[2] += len(invited) - bisect_left(invited, since)
        stage = f.stage
        recent = self._recent
        invite = stage in NOT_YET_CONNECTED and (
            f.met_ts >= recent or (stage == "engaged" and f.engaged_ts >= recent)
        )
        counts[3] += stage == "engaged"
        counts[0] += f.connected_ts >= since
        when = self._when(f)
        due, _, _, losing = when
        no_plan = stranger = False
        if not losing and due is None:  # nothing planned, and not losing touch
            stranger = stage == "stranger"
            no_plan = stage in _WARM
        if f.event_uid and due is not None and due == f.event_due and f.event_uid in self._by_uid:
            self._after.add(f.uid)
        return when, invite, no_plan, stranger

    def _item(self, f: Facts, index: int, due: pendulum.Date | None, losing: bool) -> Item:
        thanks = f.ask_ts != -inf and not losing
        step = playbook.THANKS_STEP if thanks else playbook.SHORT_STEP[f.stage]
        late = self._today_ord - due.toordinal() if due is not None else 0
        return Item(
            f.uid, f.name, f.stage, f.priority, SECTIONS[index], due, late, step, f.fold,
            self._why, f, losing,
        )  # fmt: skip

    def _to_invite(self, f: Facts) -> Item | None:
        contact = self._lookup(f.uid)  # met or engaged lately: rules.to_invite decides
        text = to_invite(contact, self.today) if contact is not None else None
        if text is None:
            return None
        return _undated(f, "Invite this week", text, _INVITE_STEP, self._why)

    def _put_in(self, f: Facts) -> None:
        placed = self._place(f)
        if placed is None:
            return
        (due, due_ord, index, losing), invite, no_plan, stranger = placed
        if index >= 0:
            insort(self._items, self._item(f, index, due, losing), key=_row_order)
        if invite and (item := self._to_invite(f)) is not None:
            insort(self._undated, item, key=_undated_order)
        if no_plan:
            item = _undated(f, "No plan", _NO_PLAN, _NO_PLAN_STEP, self._why)
            insort(self._undated, item, key=_undated_order)
        if stranger:
            insort(self._strangers, f, key=_stranger_order)
        if due is not None and due_ord > self._today_ord:
            insort(self._future, f, key=self._soon_order)

    def _take_out(self, f: Facts) -> bool:
        """Take out what `_put_in` put in for these facts; False if it is not there."""
        counts = list(self._counts)
        placed = self._place(f)  # counts the contact's share again: taken off below
        self._names.pop(f.uid, None)
        self._after.discard(f.uid)
        if placed is None:
            return True
        self._counts = [2 * old - new for old, new in zip(counts, self._counts, strict=True)]
        (due, due_ord, index, _), invite, no_plan, stranger = placed
        uid, found = f.uid, True
        if index >= 0:
            late = self._today_ord - due_ord if due is not None else 0
            key = (index, f.priority, -late, f.fold, uid)
            found &= _drop(self._items, key, _row_order, uid)
        if invite:  # there if rules.to_invite said so
            _drop(self._undated, (_INVITE_INDEX, f.priority, f.fold, uid), _undated_order, uid)
        if no_plan:
            plan = (_NO_PLAN_INDEX, f.priority, f.fold, uid)
            found &= _drop(self._undated, plan, _undated_order, uid)
        if stranger:
            found &= _drop(self._strangers, _stranger_order(f), _stranger_order, uid)
        if due is not None and due_ord > self._today_ord:
            found &= _drop(self._future, self._soon_order(f), self._soon_order, uid)
        return found

    # --- the whole --------------------------------------------------------------------

    def _finish(self, settings: Settings) -> Agenda:
        today = self.today
        connected, touches, invitations, engaged = self._counts
        agenda = Agenda(today)
        start = self._start_here(settings.wip_limit - engaged)
        agenda.items = [*self._items, *self._undated, *start]
        agenda.after_events = frozenset(self._after)
        if self._future:
            f = self._future[0]
            due, _, index, losing = self._when(f)
            assert due is not None
            agenda.next_up = replace(
                self._item(f, index, due, losing),
                section=SECTIONS[index] if index >= 0 else "Later",
                step=playbook.SHORT_STEP[f.stage],
            )
        names = self._names
        named = [
            replace(e, people=tuple(names[u] for u in e.contacts if u in names))
            for e in self._events
        ]
        agenda.events = [e for e in named if today <= e.day <= self._horizon]
        agenda.recent_events = sorted(
            (e for e in named if is_recent(e.day, today)), key=lambda e: e.day, reverse=True
        )
        agenda.week = WeekFigures(
            connected,
            settings.weekly_connect_goal,
            touches,
            settings.weekly_touch_goal,
            engaged,
            settings.wip_limit,
            invitations,
            settings.weekly_invitation_goal,
        )
        return agenda

    def _start_here(self, room: int) -> list[Item]:
        """While fewer than the Engaged limit are Engaged: the most important strangers
        with no plan, as many as there is room for. Planning one (a date, or a move to
        Follower) takes it out. The same Items while neither changes."""
        if room <= 0:
            return []
        chosen = self._strangers[:room]
        kept = self._start
        if kept is not None and kept[0] == room and _same(kept[1], chosen):
            return kept[2]
        text = (
            f"a stranger with no plan, and room for {room} more Engaged: "
            "follow them, then small public touches"
        )
        items = [_undated(f, "Start here", text, _START_STEP, self._why) for f in chosen]
        self._start = (room, chosen, items)
        return items


class Row(msgspec.Struct, array_like=True, gc=False):
    """An Item as another process sends it (LiveAgenda.share), explained."""

    uid: str
    name: str
    stage: str
    priority: int
    section: str
    due: int  # as an ordinal (0: none)
    days_late: int
    step: str
    fold: str
    reason: str
    line: str
    losing: bool


class Share(msgspec.Struct, array_like=True, gc=False):
    """An agenda worked out over a share of the contacts, for LiveAgenda.joined."""

    rows: list[Row]  # the dated sections', in order
    undated: list[Row]  # No plan and Invite this week, in order
    strangers: list[Facts]  # the first ones Start here may take, in order
    soonest: Facts | None  # the first due after today
    next_up: Row | None  # that one's row, explained
    counts: list[int]  # the week's figures from these contacts
    names: dict[str, str]  # the names of the people events expect
    after: list[str]  # who owes an event a follow-up


def _row(i: Item) -> Row:
    due = i.due.toordinal() if i.due is not None else 0
    return Row(
        i.uid, i.name, i.stage, i.priority, i.section, due, i.days_late, i.step, i.fold,
        i.reason, i.line, i.losing,
    )  # fmt: skip


def share_hook(obj: object) -> object:
    """Encodes a Share's days (msgspec's enc_hook): as ordinals."""
    if isinstance(obj, date):
        return obj.toordinal()
    raise NotImplementedError(type(obj))


def day_hook(kind: type, obj: object) -> object:
    """Decodes them (msgspec's dec_hook)."""
    if kind is pendulum.Date and isinstance(obj, int):
        return pendulum.Date.fromordinal(obj)
    raise NotImplementedError(kind)


def _drop(rows: list[Any], key: tuple[Any, ...], order: Callable[[Any], Any], uid: str) -> bool:
    """Take the one of `uid` at `key` (in `order`) out of a sorted list; False if
    it is not there."""
    index = bisect_left(rows, key, key=order)
    if index == len(rows) or rows[index].uid != uid or order(rows[index]) != key:
        return False
    del rows[index]
    return True


def _same(one: list[Facts], other: list[Facts]) -> bool:
    return len(one) == len(other) and all(a is b for a, b in zip(one, other, strict=True))


_WARM = ("engaged", "connected", "ask")
_INVITE_STEP = "invite them to connect (m)"
_NO_PLAN = "no next touch set: pick a date (s) so they are not forgotten"
_NO_PLAN_STEP = "set the next touch"
_START_STEP = "find where they are active; decide the objective"


def _undated(f: Facts, section: str, text: str, step: str, why: _Explainer) -> Item:
    """A row with no date to be due on, its reason known already."""
    return Item(
        f.uid, f.name, f.stage, f.priority, section, None, 0, step, f.fold, why, f, _reason=text
    )


def _explainer(
    lookup: Callable[[str], AnyContact | None],
    today: pendulum.Date,
    local_day: _LocalDays,
    events: dict[str, Event],
) -> _Explainer:
    """Works out an item's reason when it is first read (one per agenda; a function
    rather than an object with __call__, which costs more over 23,000 rows)."""

    def why(item: Item) -> str:
        contact = lookup(item.uid)
        if contact is None or item.facts is None:
            return ""  # gone since the agenda was built
        if item.losing:
            return _losing_reason(contact, item.facts, item.due, today, local_day)
        return reason(contact, item.facts, item.due, today, events, local_day)

    return why


def _section(due: int, today: int, week_end: int, horizon: int) -> str | None:
    """The section for a due day; days as ordinals (comparing pendulum dates is slow)."""
    if due < today:
        return "Overdue"
    if due == today:
        return "Today"
    if due <= week_end:
        return "This week"
    if due <= horizon:
        return "Later"
    return None


def _first_connected(contact: AnyContact) -> float:
    """When the contact first moved forward into Connected, never having been at Ask
    before (a new connection; a step back from Ask is not one); -inf if never."""
    previous: str | None = None
    for entry in sorted(contact.stage_history, key=lambda h: h.at.timestamp()):
        if entry.stage == "connected":
            forward = previous is None or STAGES.index(previous) < _CONNECTED
            return entry.at.timestamp() if forward else -inf
        if STAGES.index(entry.stage) > _CONNECTED:
            return -inf  # was at Ask before it ever was Connected
        previous = entry.stage
    return -inf


def _losing_touch(f: Facts, today: pendulum.Date, local_day: _LocalDays) -> bool:
    every = f.cadence
    if f.stage != "connected" or not every:
        return False
    if f.last_ts > -inf:
        since = local_day(f.last_ts)
    elif f.reached_ts > -inf:
        since = local_day(f.reached_ts)
    else:
        return True
    return calendar_days(since, today) > LOSING_TOUCH_FACTOR * every


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
    sections: dict[str, list[Item]] = {name: [] for name in SECTIONS}
    for item in agenda.items:  # one pass, not one per section (23,000 rows at 30,000)
        sections[item.section].append(item)
    for name, items in sections.items():
        if not items:
            continue
        lines += ["", f"{name} ({len(items)})"]
        lines += [item.line for item in items]
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
