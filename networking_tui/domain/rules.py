"""The method's rules: board order, the Ask gate, cadence, and how due dates read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar, overload

import pendulum

from networking_tui.domain import clock
from networking_tui.domain.model import (
    DEFAULT_CADENCE,
    STAGES,
    AgendaContact,
    AnyContact,
    Card,
    Contact,
    Interaction,
    StageChange,
    Touch,
)

MIN_TOUCHES_BEFORE_ASK = 3
MIN_WARM_DAYS_BEFORE_ASK = 14
WARM_STAGES = ("engaged", "connected", "ask")
THANKS_WITHIN_DAYS = 3  # a thank-you is due this many days after an ask
HOT_KINDS = ("meeting", "call", "event")  # followed up the next day
HOT_FOLLOW_UP_DAYS = 1
INVITATION_LAPSE_DAYS = 21  # not accepted by then: back in the agenda once
INVITE_WITHIN_DAYS = 14  # met or engaged this recently: invite them this week
MET_KINDS = ("meeting", "event", "call")
NOT_YET_ENGAGED = ("stranger", "follower")  # the person has not noticed you yet
NOT_YET_CONNECTED = (*NOT_YET_ENGAGED, "engaged")

Day = TypeVar("Day", bound=date)  # a date, or pendulum's Date
NO_DUE = "9999-12-31"  # no next touch: after every date


def sort_key(card: Card, today: str) -> str:
    """Overdue first, then priority, then next-touch date, then name.

    One string rather than a tuple: sorting 25,000 cards takes a third less time.
    `today` is an ISO date; ISO dates sort as text. day_key(order_key(card), today),
    in one call: the first screen read from the file keys every card with it.
    """
    due = card.next_touch.isoformat() if card.next_touch else NO_DUE
    return f"{'0' if due < today else '1'}{card.priority}{due}{card.name.casefold()}\0{card.uid}"


def order_key(card: Card, uid: str | None = None) -> str:
    """The board order but for the day: priority, next-touch date, name. The store
    works it out once per card as it decodes (see day_key for the rest)."""
    due = card.next_touch.isoformat() if card.next_touch else NO_DUE
    return f"{card.priority}{due}{card.name.casefold()}\0{uid or card.uid}"


def day_key(order: str, today: str) -> str:
    """`sort_key` from an `order_key`: overdue cards first."""
    return ("0" if order[1:11] < today else "1") + order


def due_label(next_touch: date | None, today: date) -> tuple[str, str]:
    """The next touch relative to today, and its kind: overdue, today, later or none."""
    if next_touch is None:
        return "no follow-up set", "none"
    days = (next_touch - today).days
    if days < 0:
        return f"{-days}d overdue", "overdue"
    if days == 0:
        return "today", "today"
    return f"in {days}d", "later"


def step(stage: str, direction: int) -> str | None:
    """The stage one forward (+1) or back (-1), or None past either end."""
    index = STAGES.index(stage) + direction
    return STAGES[index] if 0 <= index < len(STAGES) else None


def warm_since(contact: Contact) -> pendulum.DateTime | None:
    """When the contact first reached Engaged or a later stage, if recorded."""
    moments = [clock.aware(h.at) for h in contact.stage_history if h.stage in WARM_STAGES]
    return min(moments) if moments else None


def ask_gate(contact: Contact, now: pendulum.DateTime) -> list[str]:
    """Why moving this contact to Ask now would be asking too early (empty: fine)."""
    reasons = []
    touches = len(contact.interactions)
    if touches < MIN_TOUCHES_BEFORE_ASK:
        noun = "touch" if touches == 1 else "touches"
        have = "no touch logged yet" if touches == 0 else f"only {touches} logged {noun}"
        reasons.append(f"{have}: log at least {MIN_TOUCHES_BEFORE_ASK} first")
    since = warm_since(contact)
    if since is None and contact.stage in WARM_STAGES:
        # Written by hand or by a script without a stage history.
        reasons.append(
            "no record of when they became Engaged, so the "
            f"{MIN_WARM_DAYS_BEFORE_ASK} days of real exchange an ask needs cannot be checked"
        )
    elif since is None:
        reasons.append(
            f"not Engaged yet: give the relationship {MIN_WARM_DAYS_BEFORE_ASK} days "
            "of real exchange (Engaged or closer) first"
        )
    else:
        days = whole_days(now - since)
        if days < MIN_WARM_DAYS_BEFORE_ASK:
            reasons.append(
                f"Engaged or closer for only {days} day{'s' if days != 1 else ''}: "
                f"wait {MIN_WARM_DAYS_BEFORE_ASK - days} more day"
                f"{'s' if MIN_WARM_DAYS_BEFORE_ASK - days != 1 else ''}"
            )
    return reasons


def cadence(contact: AnyContact) -> int | None:
    """Days between touches: the contact's override, else its stage's default."""
    return cadence_of(contact.stage, contact.cadence_days)


def cadence_of(stage: str, own: int | None) -> int | None:
    """Days between touches: the contact's own rhythm, else its stage's (none for a
    stranger)."""
    return own or DEFAULT_CADENCE.get(stage)


def days_to_follow_up(kind: str, every: int | None) -> int | None:
    """Days from a touch of `kind` to the next one, for a contact whose rhythm is
    `every`: an ask is thanked within THANKS_WITHIN_DAYS, a meeting, call or event
    is followed up the next day, an invitation to connect is looked at again after
    INVITATION_LAPSE_DAYS, anything else waits a rhythm (None: no next touch)."""
    if kind == "ask":
        return THANKS_WITHIN_DAYS
    if kind in HOT_KINDS:
        return HOT_FOLLOW_UP_DAYS
    if kind == "invitation":
        return INVITATION_LAPSE_DAYS
    return every


@dataclass(frozen=True)
class StageSpan:
    stage: str
    start: pendulum.DateTime
    end: pendulum.DateTime | None  # None: still in it

    def duration(self, now: pendulum.DateTime) -> pendulum.Interval[datetime]:
        return (self.end or now) - self.start


def stage_spans(contact: Contact) -> list[StageSpan]:
    history = sorted(contact.stage_history, key=lambda h: clock.aware(h.at))
    spans = []
    for index, entry in enumerate(history):
        end = clock.aware(history[index + 1].at) if index + 1 < len(history) else None
        spans.append(StageSpan(entry.stage, clock.aware(entry.at), end))
    return spans


def calendar_days(a: date, b: date) -> int:
    """Calendar days from a to b ("yesterday" is 1 even 15 hours later); a
    daylight-saving change does not shift them."""
    return b.toordinal() - a.toordinal()


def whole_days(interval: pendulum.Interval[datetime]) -> int:
    """Whole days elapsed (pendulum's in_days() rounds 7 days 23 hours up to 8)."""
    return int(interval.total_seconds() // 86400)


def short_duration(interval: pendulum.Interval[datetime]) -> str:
    days = whole_days(interval)
    if days >= 60:
        return f"{days // 30} months"
    if days >= 14:
        return f"{days // 7} weeks"
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''}"
    hours = int(interval.total_seconds() // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}" if hours else "under an hour"


def owed_ask(touches: Iterable[tuple[str, float]]) -> float | None:
    """The rule "a thank-you is owed": the moment (a timestamp) of the latest ask,
    if no thank-you was logged at that moment or after it. `touches`: each touch's
    kind and moment, in any order."""
    ask = thanks = float("-inf")
    for kind, moment in touches:
        if kind == "ask":
            ask = max(ask, moment)
        elif kind == "thank-you":
            thanks = max(thanks, moment)
    return owed_after(ask, thanks)


def owed_after(ask: float, thanks: float) -> float | None:
    """owed_ask from the latest ask's and the latest thank-you's moments (-inf: none)."""
    return ask if ask > thanks else None


def thanks_by(ask_day: Day) -> Day:
    """The day a thank-you for an ask made on `ask_day` is due."""
    return ask_day + timedelta(days=THANKS_WITHIN_DAYS)


def due_while_owed(next_touch: Day | None, chosen_at: float | None, ask_at: float, by: Day) -> Day:
    """The next touch while a thank-you is owed for the ask made at `ask_at` (a
    timestamp): no later than `by` (thanks_by of the ask's day), unless the person
    chose that date (`chosen_at`, a timestamp) after asking."""
    if next_touch is not None and chosen_at is not None and chosen_at >= ask_at:
        return next_touch
    return next_touch if next_touch is not None and next_touch <= by else by


def thanks_due(contact: Contact) -> Interaction | None:
    """The latest ask that no thank-you has followed yet, if any."""
    moment = owed_ask((t.kind, t.at.timestamp()) for t in contact.interactions)
    if moment is None:
        return None
    asks = (t for t in reversed(contact.interactions) if t.kind == "ask")
    return next(t for t in asks if t.at.timestamp() == moment)


def last_touch(contact: Contact) -> Interaction | None:
    if not contact.interactions:
        return None
    return max(reversed(contact.interactions), key=moment_key)  # a tie: the later logged


def moment_key(item: Interaction | Touch | StageChange) -> float:
    """Order by the moment; a naive time is local (datetime.timestamp assumes so).

    Far cheaper than building pendulum values, which matters over 300,000 touches."""
    return item.at.timestamp()


# Whom a warm path is looked for: those not yet engaged (the pane shows their paths).
WARM_PATH_STAGES = NOT_YET_ENGAGED


def warm_paths(target_uid: str, cards: Iterable[Card]) -> list[tuple[Card, bool]]:
    """Connected contacts who know the target, and whether they agreed to be named."""
    paths = []
    for card in cards:
        if card.stage != "connected" or card.archived:
            continue
        for link in card.knows:
            if link.uid == target_uid:
                paths.append((card, link.may_mention))
    return sorted(paths, key=lambda p: (not p[1], p[0].priority, p[0].sort_name))


def a_touch(kind: str) -> str:
    """ "a call", "an email", "an ask": for messages about a logged touch."""
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


# --- invitations to connect ------------------------------------------------------


@overload
def pending_invitation(contact: Contact) -> Interaction | None: ...
@overload
def pending_invitation(contact: AgendaContact) -> Touch | None: ...
def pending_invitation(contact: AnyContact) -> Interaction | Touch | None:
    """The latest invitation to connect while it is not accepted: the contact has
    not reached Connected (or Ask) since it was sent."""
    if contact.stage not in NOT_YET_CONNECTED:
        return None
    sent = [t for t in contact.interactions if t.kind == "invitation"]
    if not sent:
        return None
    latest = max(sent, key=moment_key)
    since = moment_key(latest)
    if any(
        h.stage not in NOT_YET_CONNECTED and moment_key(h) >= since for h in contact.stage_history
    ):
        return None  # connected after it, then moved back: that invitation was accepted
    return latest


def to_invite(contact: AnyContact, today: date) -> str | None:
    """Why to invite this contact to connect this week (None: not now): met, or
    became Engaged, in the last INVITE_WITHIN_DAYS days, not Connected yet, and no
    invitation waiting."""
    if contact.archived or contact.stage not in NOT_YET_CONNECTED:
        return None
    if pending_invitation(contact) is not None:
        return None
    # Only moments near enough are turned into days (that is the slow part).
    since = _invite_since(today, pendulum.tz.local_timezone())
    met = [
        clock.local_day(t.at)
        for t in contact.interactions
        if t.kind in MET_KINDS and moment_key(t) >= since
    ]
    engaged = [
        clock.local_day(h.at)
        for h in contact.stage_history
        if h.stage == "engaged" and moment_key(h) >= since
    ]
    recent_met = [d for d in met if 0 <= calendar_days(d, today) <= INVITE_WITHIN_DAYS]
    if recent_met:
        days = calendar_days(max(recent_met), today)
        place = f" at {contact.where_met}" if contact.where_met and _first_met(contact) else ""
        return f"met {_ago_days(days)}{place}; not Connected, no invitation sent yet"
    recent_engaged = [d for d in engaged if 0 <= calendar_days(d, today) <= INVITE_WITHIN_DAYS]
    if recent_engaged and contact.stage == "engaged":
        days = calendar_days(max(recent_engaged), today)
        return f"became Engaged {_ago_days(days)}; not Connected, no invitation sent yet"
    return None


def _first_met(contact: AnyContact) -> bool:
    """Whether the latest meeting is the only one: `where_met` is where they first
    met, not where they met again (an event since, say)."""
    return sum(t.kind in MET_KINDS for t in contact.interactions) == 1


@lru_cache(maxsize=64)
def _invite_since(today: date, tz: pendulum.Timezone | pendulum.FixedTimezone) -> float:
    """The moment from which to_invite looks at touches (remembered: the agenda asks
    for hundreds of contacts on the same day)."""
    start = pendulum.datetime(today.year, today.month, today.day, tz=tz)
    return start.subtract(days=INVITE_WITHIN_DAYS + 1).timestamp()


def _ago_days(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def invitation_lapsed(contact: Contact, today: date) -> bool:
    """An invitation waiting for INVITATION_LAPSE_DAYS or more."""
    sent = pending_invitation(contact)
    return sent is not None and calendar_days(clock.local_day(sent.at), today) >= (
        INVITATION_LAPSE_DAYS
    )
