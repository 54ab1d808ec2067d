"""Which contacts a filter keeps: tag, priority, objective, stage, time in the stage,
when due, no next touch, where met (a place, or an event they were at). One rule
for the board's `f`, the agenda and `networking-tui list`.

Every part given must hold (tag AND due...); within a part, any value (tag pycon
OR tag speaker). Text is compared folded: case and accents ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from networking_tui.domain import clock
from networking_tui.domain.matching import fold
from networking_tui.domain.model import STAGES, Contact
from networking_tui.domain.rules import stage_spans
from networking_tui.domain.text import whole_number

DUE_CHOICES = ("overdue", "today", "week")
DUE_LABELS = {"overdue": "overdue", "today": "due today", "week": "due this week"}


class FilterError(ValueError):
    """A filter that cannot be read (an unknown stage, priority 7...)."""


@dataclass(frozen=True)
class Filter:
    tags: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    objectives: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    stage_days: int | None = None  # in the current stage for more than N days
    due: tuple[str, ...] = ()  # of DUE_CHOICES
    no_next_touch: bool = False
    met_at: str = ""  # a place (where met) or an event's name or place
    name: str = field(default="", compare=False)  # a saved filter's name

    @property
    def empty(self) -> bool:
        return self == Filter()

    def describe(self) -> str:
        """One line for the top bar: 'tag pycon or speaker · due this week'."""
        parts = []
        if self.tags:
            parts.append("tag " + " or ".join(f"#{t}" for t in self.tags))
        if self.priorities:
            parts.append("priority " + " or ".join(str(p) for p in self.priorities))
        if self.objectives:
            parts.append("objective " + " or ".join(self.objectives))
        if self.stages:
            parts.append("stage " + " or ".join(self.stages))
        if self.stage_days is not None:
            parts.append(f"in the stage over {self.stage_days} days")
        if self.due:
            parts.append(" or ".join(DUE_LABELS[d] for d in self.due))
        if self.no_next_touch:
            parts.append("no next touch")
        if self.met_at:
            parts.append(f"met at {self.met_at}")
        return " · ".join(parts) if parts else "everyone"

    def matches(
        self,
        contact: Contact,
        today: date,
        at_events: frozenset[str] = frozenset(),
        uid: str | None = None,
    ) -> bool:
        """`at_events`: uids of the contacts on an event matching `met_at` (see
        `people_at`); `uid`: the contact's, if the document has none."""
        if self.tags:
            have = {fold(t) for t in contact.tags}
            if not any(fold(t) in have for t in self.tags):
                return False
        if self.priorities and contact.priority not in self.priorities:
            return False
        if self.objectives and fold(contact.objective or "") not in {
            fold(o) for o in self.objectives
        }:
            return False
        if self.stages and contact.stage not in self.stages:
            return False
        if self.stage_days is not None:
            since = stage_since(contact)
            if since is None or (today - since).days <= self.stage_days:
                return False
        if self.due and not any(_due(contact.next_touch, today, d) for d in self.due):
            return False
        if self.no_next_touch and contact.next_touch is not None:
            return False
        if self.met_at:
            place = fold(contact.where_met or "")
            if fold(self.met_at) not in place and (uid or contact.uid) not in at_events:
                return False
        return True


def stage_since(contact: Contact) -> date | None:
    """The day (here) the contact entered its current stage."""
    spans = stage_spans(contact)
    if spans and spans[-1].stage == contact.stage:
        return clock.local_day(spans[-1].start)
    return clock.local_day(contact.created_at) if contact.created_at else None


def _due(next_touch: date | None, today: date, which: str) -> bool:
    if next_touch is None:
        return False
    if which == "overdue":
        return next_touch < today
    if which == "today":
        return next_touch == today
    week_end = today + timedelta(days=6 - today.weekday())  # Sunday
    return today <= next_touch <= week_end


def people_at(events: Mapping[str, Mapping[str, Any]], text: str) -> frozenset[str]:
    """Uids of the people on events whose name or place holds `text` (folded)."""
    wanted = fold(text)
    if not wanted:
        return frozenset()
    found: set[str] = set()
    for doc in events.values():
        where = fold(f"{doc.get('name') or ''} {doc.get('place') or ''}")
        if wanted in where:
            found.update(u for u in doc.get("contacts") or [] if isinstance(u, str))
    return frozenset(found)


def parse(text: str) -> Filter:
    """A filter from words, as saved and as typed in the palette:
    `#pycon !1 >engaged due:week due:overdue objective:advice days>30 no-next
    met:PyCon` (raises FilterError on a word it cannot read)."""
    result = Filter()
    met: list[str] = []
    for word in text.split():
        lower = word.lower()
        if word.startswith("#") and len(word) > 1:
            result = replace(result, tags=(*result.tags, word[1:]))
        elif lower in ("!1", "!2", "!3"):
            result = replace(result, priorities=(*result.priorities, int(lower[1])))
        elif word.startswith(">") and len(word) > 1:
            result = replace(result, stages=(*result.stages, stage_named(word[1:])))
        elif lower.startswith("due:"):
            result = replace(result, due=(*result.due, due_named(lower[4:])))
        elif lower.startswith("objective:"):
            result = replace(result, objectives=(*result.objectives, word[10:]))
        elif lower.startswith("days>"):
            result = replace(result, stage_days=days_over(word[5:]))
        elif lower == "no-next":
            result = replace(result, no_next_touch=True)
        elif lower.startswith("met:"):
            met.append(word[4:])
        elif met:
            met.append(word)  # met:PyCon Lille: the place goes on to the next marker
        else:
            raise FilterError(
                f"cannot read {word!r}: use #tag, !1-!3, >stage, due:overdue|today|week, "
                "objective:NAME, days>N, no-next or met:PLACE"
            )
    return replace(result, met_at=" ".join(met).strip())


def unparse(value: Filter) -> str:
    """The words `parse` reads back into the same filter."""
    words = [f"#{t}" for t in value.tags]
    words += [f"!{p}" for p in value.priorities]
    words += [f">{s}" for s in value.stages]
    words += [f"due:{d}" for d in value.due]
    words += [f"objective:{o}" for o in value.objectives]
    if value.stage_days is not None:
        words.append(f"days>{value.stage_days}")
    if value.no_next_touch:
        words.append("no-next")
    if value.met_at:
        words.append(f"met:{value.met_at}")
    return " ".join(words)


def stage_named(text: str) -> str:
    """A stage from a unique prefix (`eng`), as quick-add reads it."""
    wanted = text.lower()
    found = [s for s in STAGES if s.startswith(wanted)]
    if len(found) != 1:
        raise FilterError(f"no stage {text!r}: one of {', '.join(STAGES)}")
    return found[0]


def due_named(text: str) -> str:
    wanted = {"this-week": "week", "thisweek": "week"}.get(text.lower(), text.lower())
    if wanted not in DUE_CHOICES:
        raise FilterError(f"no due {text!r}: one of overdue, today, week")
    return wanted


def days_over(text: str) -> int:
    days = whole_number(text, 100_000)
    if days is None:
        raise FilterError(f"days>{text}: give a whole number of days, such as days>30")
    return days


def priority_named(text: str) -> int:
    if text not in ("1", "2", "3"):
        raise FilterError(f"no priority {text!r}: 1 (highest), 2 or 3")
    return int(text)


def keep(
    contacts: Iterable[tuple[str, Contact]],
    value: Filter,
    today: date,
    events: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """The uids of the contacts the filter keeps."""
    at = people_at(events, value.met_at) if value.met_at else frozenset()
    return [uid for uid, c in contacts if value.matches(c, today, at, uid)]
