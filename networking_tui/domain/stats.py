"""Is the networking working? The figures of the progress screen (`S`), from the
contacts' stage histories and touches. Pure: no I/O, no clock of its own.

- the funnel: contacts per stage now (archived left out); over the last 90 days,
  of the contacts that were in a stage, how many moved on (forward, out of it);
- touches per week for the last 12 weeks (weeks start on Monday), split into
  public (like, comment, reshare), direct (message, email, call, meeting) and
  other kinds;
- the median days from Stranger to Engaged and from Engaged to Connected;
- this week against the goals: newly connected, invitations (a direct message
  or email to someone not yet Connected), touches;
- losing touch: the five Connected contacts longest without a touch.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pendulum

from networking_tui.domain import clock
from networking_tui.domain.model import STAGES, Contact, Settings
from networking_tui.domain.rules import StageSpan, stage_spans

WINDOW_DAYS = 90
WEEKS = 12
LOSING = 5
PUBLIC = frozenset({"like", "comment", "reshare"})
DIRECT = frozenset({"message", "email", "call", "meeting"})
INVITATION_KINDS = frozenset({"message", "email"})


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    now: int  # on the board in this stage now
    were_in: int  # in this stage at some time in the window
    moved_on: int  # of those, moved forward out of it within the window

    @property
    def rate(self) -> float | None:
        return self.moved_on / self.were_in if self.were_in else None


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    public: int = 0
    direct: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.public + self.direct + self.other


@dataclass(frozen=True)
class Losing:
    uid: str
    name: str
    days: int  # since the last touch (or since becoming Connected, if none)
    touched: bool  # whether any touch was logged


@dataclass(frozen=True)
class Goals:
    connected: int
    connect_goal: int
    invitations: int
    touches: int
    touch_goal: int


@dataclass(frozen=True)
class Progress:
    funnel: list[FunnelStep]
    weeks: list[Week]  # oldest first; the last is this week
    to_engaged: float | None  # median days, None with no one to measure
    to_engaged_count: int
    to_connected: float | None
    to_connected_count: int
    goals: Goals
    losing: list[Losing] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(step.now for step in self.funnel) and not any(w.total for w in self.weeks)


def progress(
    contacts: Iterable[tuple[str, Contact]], settings: Settings, now: pendulum.DateTime
) -> Progress:
    today = now.date()
    window_start = now.subtract(days=WINDOW_DAYS)
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=WEEKS - 1)
    week_counts = [[0, 0, 0] for _ in range(WEEKS)]
    on_board: dict[str, int] = dict.fromkeys(STAGES, 0)
    were_in: dict[str, int] = dict.fromkeys(STAGES, 0)
    moved_on: dict[str, int] = dict.fromkeys(STAGES, 0)
    to_engaged: list[float] = []
    to_connected: list[float] = []
    connected_now = invitations = 0
    losing: list[Losing] = []
    for uid, contact in contacts:
        spans = stage_spans(contact)
        if not contact.archived:
            on_board[contact.stage] += 1
        _funnel(spans, window_start, now, were_in, moved_on)
        _durations(spans, to_engaged, to_connected)
        connected_now += _newly_connected(spans, this_monday)
        for touch in contact.interactions:
            day = clock.local_day(touch.at)
            if day < first_monday or day > today:
                continue
            slot = (day - first_monday).days // 7
            kind = 0 if touch.kind in PUBLIC else 1 if touch.kind in DIRECT else 2
            week_counts[slot][kind] += 1
            if (
                day >= this_monday
                and touch.kind in INVITATION_KINDS
                and _stage_at(spans, clock.aware(touch.at)) in ("stranger", "follower", "engaged")
            ):
                invitations += 1
        if contact.stage == "connected" and not contact.archived:
            losing.append(_losing(uid, contact, spans, today))
    weeks = [
        Week(first_monday + timedelta(weeks=n), *counts) for n, counts in enumerate(week_counts)
    ]
    funnel = [FunnelStep(s, on_board[s], were_in[s], moved_on[s]) for s in STAGES]
    losing.sort(key=lambda item: (-item.days, item.name.casefold()))
    goals = Goals(
        connected_now,
        settings.weekly_connect_goal,
        invitations,
        weeks[-1].total,
        settings.weekly_touch_goal,
    )
    return Progress(
        funnel,
        weeks,
        _median(to_engaged),
        len(to_engaged),
        _median(to_connected),
        len(to_connected),
        goals,
        losing[:LOSING],
    )


def _funnel(
    spans: list[StageSpan],
    start: pendulum.DateTime,
    now: pendulum.DateTime,
    were_in: dict[str, int],
    moved_on: dict[str, int],
) -> None:
    """Count each stage the contact was in during the window once, and once more if
    they moved forward out of it within the window."""
    seen: set[str] = set()
    moved: set[str] = set()
    for index, span in enumerate(spans):
        if span.start > now or (span.end is not None and span.end < start):
            continue
        seen.add(span.stage)
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            following is not None
            and following.start >= start
            and STAGES.index(following.stage) > STAGES.index(span.stage)
        ):
            moved.add(span.stage)
    for stage in seen:
        were_in[stage] += 1
    for stage in moved:
        moved_on[stage] += 1


def _durations(spans: list[StageSpan], to_engaged: list[float], to_connected: list[float]) -> None:
    """Days from the first time a Stranger to the first time Engaged after it, and
    from the first time Engaged to the first time Connected after it."""
    for source, target, found in (
        ("stranger", "engaged", to_engaged),
        ("engaged", "connected", to_connected),
    ):
        begin = next((s.start for s in spans if s.stage == source), None)
        if begin is None:
            continue
        end = next((s.start for s in spans if s.stage == target and s.start >= begin), None)
        if end is not None:
            found.append((end - begin).total_seconds() / 86400)


def _newly_connected(spans: list[StageSpan], monday: date) -> int:
    """1 if the contact first became Connected this week, coming forward."""
    for index, span in enumerate(spans):
        if span.stage == "connected":
            came_forward = index == 0 or STAGES.index(spans[index - 1].stage) < 3
            return int(came_forward and clock.local_day(span.start) >= monday)
        if span.stage == "ask":
            return 0
    return 0


def _stage_at(spans: list[StageSpan], moment: pendulum.DateTime) -> str | None:
    stage = None
    for span in spans:
        if span.start <= moment:
            stage = span.stage
    return stage if stage is not None else (spans[0].stage if spans else None)


def _losing(uid: str, contact: Contact, spans: list[StageSpan], today: date) -> Losing:
    if contact.interactions:
        last = max(clock.local_day(t.at) for t in contact.interactions)
        return Losing(uid, contact.name, (today - last).days, True)
    since = next((s.start for s in reversed(spans) if s.stage == "connected"), None)
    days = (today - clock.local_day(since)).days if since is not None else 0
    return Losing(uid, contact.name, days, False)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
