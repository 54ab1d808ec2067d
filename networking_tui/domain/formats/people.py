"""What an imported file says about a person, before it meets the contacts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pendulum

from networking_tui.domain import clock
from networking_tui.domain.changes import Doc, make_contact, with_rhythm


class FormatError(ValueError):
    """The file as a whole is not what it claims to be (no header, not a vCard...)."""


@dataclass(frozen=True)
class Person:
    line: int  # where the person starts in the file, for the summary
    name: str
    company: str | None = None
    role: str | None = None
    linkedin: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    website: str | None = None
    x: str | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    connected_on: date | None = None  # LinkedIn: the day they became first-degree


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str


@dataclass
class Parsed:
    people: list[Person] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def one_line(text: str | None) -> str | None:
    """A value kept on one line, spaces collapsed; None when nothing is left."""
    return " ".join(text.split()) or None if text else None


# --- what a person from a file becomes -----------------------------------------


def handles_of(person: Person) -> dict[str, str]:
    """The handles a person brings; a second email or phone goes to `other`."""
    handles = {
        "linkedin": person.linkedin,
        "email": person.emails[0] if person.emails else None,
        "phone": person.phones[0] if person.phones else None,
        "website": person.website,
        "x": person.x,
        "other": "; ".join([*person.emails[1:], *person.phones[1:]]) or None,
    }
    return {key: value for key, value in handles.items() if value}


def new_contact(person: Person, stage: str, tags: Iterable[str], now: datetime) -> Doc:
    """A contact for someone not in the app yet.

    Someone from LinkedIn (a connection date) reached `stage` on that day and has
    no next touch until one is logged; anyone else enters `stage` now and, like a
    contact added by hand, gets one by the stage's rhythm."""
    all_tags = list(dict.fromkeys([*tags, *person.tags]))
    doc = make_contact(
        person.name,
        stage,
        tags=all_tags,
        company=person.company,
        role=person.role,
        notes=person.notes,
        handles=handles_of(person) or None,
    )
    if person.connected_on is None:
        return with_rhythm(doc, clock.local_day(now))
    day = person.connected_on
    reached = pendulum.datetime(day.year, day.month, day.day, tz=pendulum.tz.local_timezone())
    return {**doc, "stage_history": [{"stage": stage, "at": clock.stamp(reached)}]}


def merged(doc: Doc, person: Person, at: str) -> Doc | None:
    """An existing contact with what the file adds, or None if it adds nothing.

    Company and role follow the file where it has a value; handles and notes are
    filled only where empty; tags are added. Stage, touches, notes and tags the
    user wrote stay as they are."""
    changes: Doc = {}
    for key, value in (("company", person.company), ("role", person.role)):
        if value and doc.get(key) != value:
            changes[key] = value
    handles = doc.get("handles") or {}
    filled = {
        key: value
        for key, value in handles_of(person).items()
        if not handles.get(key) and value not in handles.values()
    }
    if filled:
        changes["handles"] = {**handles, **filled}
    if person.notes and not doc.get("notes"):
        changes["notes"] = person.notes
    tags = doc.get("tags") or []
    new_tags = [t for t in person.tags if t not in tags]
    if new_tags:
        changes["tags"] = [*tags, *new_tags]
    return {**doc, **changes, "updated_at": at} if changes else None
