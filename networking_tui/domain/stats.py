"""Is the networking working? The figures of the progress screen (`S`), from the
contacts' stage histories and touches. Pure: no I/O, no clock of its own.

- the funnel: contacts per stage now (archived left out); over the last 90 days,
  of the contacts that were in a stage, how many moved on (forward, out of it);
- touches per week for the last 12 weeks (weeks start on Monday), split into
  public (like, comment, reshare), direct (message, email, call, meeting) and
  other kinds;
- the median days from Stranger to Engaged and from Engaged to Connected;
- this week against the goals: newly connected, invitations to connect (the
  `invitation` touches, as the agenda counts them), touches;
- losing touch: the five Connected contacts longest without a touch.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import msgspec
import pendulum

from networking_tui.domain import rules
from networking_tui.domain.model import STAGES, Contact, Settings

WINDOW_DAYS = 90
WEEKS = 12
LOSING = 5
PUBLIC = frozenset({"like", "comment", "reshare"})
DIRECT = frozenset({"message", "email", "call", "meeting"})
_ORDER: dict[str, int] = {stage: n for n, stage in enumerate(STAGES)}


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
    invitation_goal: int
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


Span = tuple[str, float]  # a stage and when it began (a timestamp)


class _Step(msgspec.Struct, gc=False):
    stage: str
    at: datetime


class _Touch(msgspec.Struct, gc=False):
    kind: str
    at: datetime


class Slim(msgspec.Struct, gc=False):
    """What the figures read of a contact: decoded straight from the document, a
    fraction of the work of a whole Contact (the store validated it already)."""

    name: str
    stage: str
    archived: bool = False
    stage_history: list[_Step] = []
    interactions: list[_Touch] = []


slim = msgspec.json.Decoder(Slim).decode


def progress(
    contacts: Iterable[tuple[str, Contact | Slim]], settings: Settings, now: pendulum.DateTime
) -> Progress:
    """Timestamps and day numbers throughout: at 30,000 contacts and 300,000
    touches, a pendulum value per moment would take most of a minute."""
    day_of = _DayNumbers(now.timezone or pendulum.UTC)  # clock.now() is always aware
    today = now.date().toordinal()
    now_ts = now.timestamp()
    window_start = now.subtract(days=WINDOW_DAYS).timestamp()
    this_monday = today - now.date().weekday()
    first_monday = this_monday - 7 * (WEEKS - 1)
    week_counts = [[0, 0, 0] for _ in range(WEEKS)]
    on_board: dict[str, int] = dict.fromkeys(STAGES, 0)
    were_in: dict[str, int] = dict.fromkeys(STAGES, 0)
    moved_on: dict[str, int] = dict.fromkeys(STAGES, 0)
    to_engaged: list[float] = []
    to_connected: list[float] = []
    connected_now = invitations = 0
    losing: list[Losing] = []
    for uid, contact in contacts:
        spans: list[Span] = sorted(
            ((h.stage, h.at.timestamp()) for h in contact.stage_history), key=_when
        )
        if not contact.archived:
            on_board[contact.stage] += 1
        _funnel(spans, window_start, now_ts, were_in, moved_on)
        _durations(spans, to_engaged, to_connected)
        connected_now += _newly_connected(spans, this_monday, day_of)
        last = None
        for touch in contact.interactions:
            ts = touch.at.timestamp()  # a naive moment is local time, as in the file
            last = ts if last is None or ts > last else last
            day = day_of(ts)
            if day < first_monday or day > today:
                continue
            kind = touch.kind
            week_counts[(day - first_monday) // 7][
                0 if kind in PUBLIC else 1 if kind in DIRECT else 2
            ] += 1
            if day >= this_monday and kind == "invitation":
                invitations += 1
        if contact.stage == "connected" and not contact.archived:
            if last is not None:
                losing.append(Losing(uid, contact.name, today - day_of(last), True))
            else:
                since = next((t for s, t in reversed(spans) if s == "connected"), None)
                days = today - day_of(since) if since is not None else 0
                losing.append(Losing(uid, contact.name, days, False))
    weeks = [
        Week(date.fromordinal(first_monday + 7 * n), *counts)
        for n, counts in enumerate(week_counts)
    ]
    funnel = [FunnelStep(s, on_board[s], were_in[s], moved_on[s]) for s in STAGES]
    losing.sort(key=lambda item: (-item.days, item.name.casefold()))
    goals = Goals(
        connected_now,
        settings.weekly_connect_goal,
        invitations,
        settings.weekly_invitation_goal,
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


def _when(span: Span) -> float:
    return span[1]


class _DayNumbers:
    """Timestamps to local calendar days (ordinals), remembered by the quarter hour:
    every offset and daylight-saving change falls on one (as in agenda.py)."""

    def __init__(self, tz: pendulum.Timezone | pendulum.FixedTimezone) -> None:
        self._tz = tz
        self._days: dict[int, int] = {}

    def __call__(self, timestamp: float) -> int:
        key = int(timestamp // 900)
        day = self._days.get(key)
        if day is None:
            moment = pendulum.from_timestamp(key * 900).in_timezone(self._tz)
            day = self._days[key] = moment.date().toordinal()
        return day


def _funnel(
    spans: list[Span],
    start: float,
    now: float,
    were_in: dict[str, int],
    moved_on: dict[str, int],
) -> None:
    """Count each stage the contact was in during the window once, and once more if
    they moved forward out of it within the window."""
    seen: set[str] = set()
    moved: set[str] = set()
    for index, (stage, begun) in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        ended = following[1] if following is not None else None
        if begun > now or (ended is not None and ended < start):
            continue
        seen.add(stage)
        if following is not None and following[1] >= start and _ORDER[following[0]] > _ORDER[stage]:
            moved.add(stage)
    for stage in seen:
        were_in[stage] += 1
    for stage in moved:
        moved_on[stage] += 1


def _durations(spans: list[Span], to_engaged: list[float], to_connected: list[float]) -> None:
    """Days from the first time a Stranger to the first time Engaged after it, and
    from the first time Engaged to the first time Connected after it."""
    for source, target, found in (
        ("stranger", "engaged", to_engaged),
        ("engaged", "connected", to_connected),
    ):
        begin = next((t for s, t in spans if s == source), None)
        if begin is None:
            continue
        end = next((t for s, t in spans if s == target and t >= begin), None)
        if end is not None:
            found.append((end - begin) / 86400)


def _newly_connected(spans: list[Span], monday: int, day_of: _DayNumbers) -> int:
    """1 if the contact first became Connected this week, coming forward."""
    for index, (stage, begun) in enumerate(spans):
        if stage == "connected":
            came_forward = index == 0 or spans[index - 1][0] in rules.NOT_YET_CONNECTED
            return int(came_forward and day_of(begun) >= monday)
        if stage == "ask":
            return 0
    return 0


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
