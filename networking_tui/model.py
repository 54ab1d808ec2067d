"""The contact model: the shape of a document in the data file, and its vocabulary.

The structs below are the *validating view* of a document. The document itself is
kept as the JSON the user's file holds (so fields other tools add survive a save);
see `store.py`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

SCHEMA_VERSION = 1

Stage = Literal["stranger", "follower", "engaged", "connected", "ask"]
STAGES: tuple[Stage, ...] = ("stranger", "follower", "engaged", "connected", "ask")
STAGE_TITLES: dict[str, str] = {s: s.capitalize() for s in STAGES}

OBJECTIVES = (
    "advice",
    "mentorship",
    "recommendation",
    "partnership",
    "introduction",
    "job",
    "client",
    "other",
)

TOUCH_KINDS = (
    "follow",
    "like",
    "comment",
    "reshare",
    "message",
    "email",
    "call",
    "meeting",
    "event",
    "introduction",
    "letter",
    "ask",
    "thank-you",
)

# Days until the next touch after one is logged, per stage; a contact may override it.
DEFAULT_CADENCE: dict[str, int | None] = {
    "stranger": None,
    "follower": 7,
    "engaged": 5,
    "connected": 30,
    "ask": 3,
}

HANDLE_KEYS = ("linkedin", "x", "email", "website", "phone", "other")

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Priority = Annotated[int, msgspec.Meta(ge=1, le=3)]
PositiveDays = Annotated[int, msgspec.Meta(ge=1, le=3650)]


class StageChange(msgspec.Struct, gc=False, frozen=True):
    stage: Stage
    at: datetime


class Interaction(msgspec.Struct, gc=False, frozen=True):
    kind: NonEmpty
    at: datetime
    note: str = ""


class Handles(msgspec.Struct, gc=False, frozen=True):
    linkedin: str | None = None
    x: str | None = None
    email: str | None = None
    website: str | None = None
    phone: str | None = None
    other: str | None = None


class Link(msgspec.Struct, gc=False, frozen=True):
    """A second-degree link: `uid` is the other contact; `may_mention` records whether
    the mutual contact agreed to be named when approaching the other one."""

    uid: NonEmpty
    may_mention: bool = False


class EventFollowUp(msgspec.Struct, gc=False, frozen=True):
    """Why `next_touch` is what it is, when an event set it: the follow-up after
    `event` (its uid) is due on `due`; `before` is the date the other rules had
    given, put back if the person is unlinked from the event or it is deleted.
    Only meaningful while `next_touch` still equals `due`."""

    event: NonEmpty
    due: date
    before: date | None = None


class Contact(msgspec.Struct, gc=False, frozen=True):
    name: NonEmpty
    stage: Stage
    priority: Priority = 2
    next_touch: date | None = None
    tags: list[str] = []
    stage_history: list[StageChange] = []
    interactions: list[Interaction] = []
    archived: bool = False
    uid: str | None = None
    objective: str | None = None
    where_met: str | None = None
    common_ground: str | None = None
    notes: str | None = None
    company: str | None = None
    role: str | None = None
    handles: Handles = Handles()
    cadence_days: PositiveDays | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    nickname: str | None = None
    introduced_by: Link | None = None
    knows: list[Link] = []
    next_touch_set_at: datetime | None = None
    next_touch_event: EventFollowUp | None = None


class Card(msgspec.Struct, gc=False, frozen=True):
    """What the board needs of a contact, decoded straight from the document and
    validated like Contact: a quarter of the work of a whole contact, so that
    30,000 of them load fast and stay small."""

    name: NonEmpty
    stage: Stage
    priority: Priority = 2
    next_touch: date | None = None
    archived: bool = False
    uid: str | None = None  # always set once in the store (see store._uid_of)
    objective: str | None = None
    where_met: str | None = None
    nickname: str | None = None
    knows: tuple[Link, ...] = ()
    handles: Handles = Handles()

    @property
    def context(self) -> str:
        """One line for the card: the objective, and where you met."""
        if self.where_met:
            if self.objective:
                return f"{self.objective} · {self.where_met}"
            return f"met at {self.where_met}"
        return self.objective or ""

    @property
    def sort_name(self) -> str:
        return self.name.casefold()

    @property
    def due(self) -> str:
        """The next touch as ISO text ("" if none): ISO dates sort as text."""
        return self.next_touch.isoformat() if self.next_touch else ""


def identity_keys(x: str | None, linkedin: str | None, email: str | None) -> tuple[str, ...]:
    """Normal forms of the handles that identify a person across contacts."""
    keys = []
    if x:
        keys.append("x:" + x.lower().lstrip("@").rstrip("/").rsplit("/", 1)[-1])
    if linkedin:
        bare = linkedin.lower().removeprefix("https://").removeprefix("http://")
        keys.append("li:" + bare.removeprefix("www.").rstrip("/"))
    if email:
        keys.append("email:" + email.lower())
    return tuple(keys)


def card_from(uid: str, contact: Contact) -> Card:
    return Card(
        name=contact.name,
        stage=contact.stage,
        priority=contact.priority,
        next_touch=contact.next_touch,
        archived=contact.archived,
        uid=uid,
        objective=contact.objective,
        where_met=contact.where_met,
        nickname=contact.nickname,
        knows=tuple(contact.knows),
        handles=contact.handles,
    )


class EventDoc(msgspec.Struct, frozen=True):
    """An event (table `events`): people expected there get a follow-up the day after."""

    name: NonEmpty
    date: date
    place: str | None = None
    notes: str | None = None
    contacts: list[str] = []
    uid: str | None = None


class TemplateDoc(msgspec.Struct, frozen=True):
    name: NonEmpty
    body: str
    uid: str | None = None


class Settings(msgspec.Struct, frozen=True):
    wip_limit: Annotated[int, msgspec.Meta(ge=1)] = 5
    weekly_connect_goal: Annotated[int, msgspec.Meta(ge=0)] = 3
    weekly_touch_goal: Annotated[int, msgspec.Meta(ge=0)] = 10
    uid: str | None = None  # "settings": the one document of its table


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name
