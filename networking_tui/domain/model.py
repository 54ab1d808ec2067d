"""The contact model: the shape of a document in the data file, and its vocabulary.

The structs below are the *validating view* of a document. The document itself is
kept as the JSON the user's file holds (so fields other tools add survive a save);
see `store.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import msgspec

from networking_tui.domain.dates import EARLIEST_YEAR, LATEST_YEAR
from networking_tui.domain.text import whole_number
from networking_tui.domain.vocabulary import KIND_ALIASES as KIND_ALIASES
from networking_tui.domain.vocabulary import KIND_PHRASES as KIND_PHRASES
from networking_tui.domain.vocabulary import LOG_KINDS_HELP as LOG_KINDS_HELP
from networking_tui.domain.vocabulary import STAGES as STAGES
from networking_tui.domain.vocabulary import TOUCH_KINDS as TOUCH_KINDS
from networking_tui.domain.vocabulary import TOUCH_LABELS as TOUCH_LABELS
from networking_tui.domain.vocabulary import Stage as Stage

SCHEMA_VERSION = 2

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


# Days until the next touch after one is logged, per stage; a contact may override it.
DEFAULT_CADENCE: dict[str, int | None] = {
    "stranger": None,
    "follower": 7,
    "engaged": 5,
    "connected": 30,
    "ask": 3,
}

HANDLE_KEYS = ("linkedin", "x", "email", "website", "phone", "other")
HANDLE_LABELS = {
    "linkedin": "LinkedIn",
    "x": "X",
    "email": "Email",
    "website": "Website",
    "phone": "Phone",
    "other": "Other",
}

# Priority as a script or a person may write it: a word, or a number as text.
PRIORITY_WORDS = {"high": 1, "highest": 1, "medium": 2, "normal": 2, "low": 3, "lowest": 3}


def priority_from(value: object) -> int | None:
    """The priority 1-3 a value written by hand means (`"high"`, `"2"`, 3), or None."""
    if isinstance(value, str):
        text = value.strip().lower().lstrip("!")
        number = PRIORITY_WORDS.get(text) or whole_number(text)
    else:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
    return number if number in (1, 2, 3) else None


NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
# Not only spaces either: a blank name would draw a blank card. Each struct with a
# name checks that in __post_init__ (named): msgspec's pattern r"\S" searched each
# name with a regex, a fifth of the time decoding 100,000 cards took.
Name = NonEmpty
HIGHEST_PRIORITY, LOWEST_PRIORITY = 1, 3
MAX_CADENCE_DAYS = 3650  # ten years: a longer rhythm is a typo
Priority = Annotated[int, msgspec.Meta(ge=HIGHEST_PRIORITY, le=LOWEST_PRIORITY)]
PositiveDays = Annotated[int, msgspec.Meta(ge=1, le=MAX_CADENCE_DAYS)]


def named(name: str) -> None:
    """Refuse a name that holds only spaces (msgspec says in which document)."""
    if name.isspace():
        raise ValueError("the name is only spaces")


def in_range(*moments: date | None) -> None:
    """Dates far outside a working life (year 1 or 9999, typed by hand or by a
    script) are refused as the file is read: converting them between time zones
    overflows, so they would break the agenda and the export later. msgspec turns
    the ValueError into a ValidationError naming where it is."""
    for moment in moments:
        if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise ValueError(
                f"the date {moment.isoformat()} is outside {EARLIEST_YEAR}-{LATEST_YEAR}"
            )


class StageChange(msgspec.Struct, gc=False, frozen=True):
    stage: Stage
    at: datetime

    def __post_init__(self) -> None:
        in_range(self.at)


class Interaction(msgspec.Struct, gc=False, frozen=True):
    kind: NonEmpty
    at: datetime
    note: str = ""

    def __post_init__(self) -> None:
        in_range(self.at)


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

    def __post_init__(self) -> None:
        in_range(self.due, self.before)


class MergeNote(msgspec.Struct, gc=False, frozen=True):
    """What a merge of two machines' files kept aside (domain/merge.py): the other
    value of a field both changed, or that the contact was deleted on one."""

    field: str
    value: Any = None
    at: str = ""


class Contact(msgspec.Struct, gc=False, frozen=True):
    name: Name
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
    merge_notes: list[MergeNote] = []
    invitation_sent: date | None = None  # kept by changes.with_invitation_state

    def __post_init__(self) -> None:
        named(self.name)
        in_range(self.next_touch, self.created_at, self.updated_at, self.next_touch_set_at)


class Touch(msgspec.Struct, gc=False, frozen=True):
    """A logged touch without its note: what the agenda reads of it (AgendaContact).
    Its date is checked with the contact's (one check, not 300,000 calls)."""

    kind: NonEmpty
    at: datetime


class AgendaContact(msgspec.Struct, gc=False, frozen=True):
    """What the agenda reads of a contact, decoded straight from the document and
    validated like Contact for these fields: a shell command that prints the agenda
    once decodes this (no notes, tags, handles or touch notes: about half the work
    of a whole contact). Its fields are Contact's, so the agenda's rules read
    either (AnyContact)."""

    name: Name
    stage: Stage
    priority: Priority = 2
    next_touch: date | None = None
    stage_history: list[StageChange] = []
    interactions: list[Touch] = []
    archived: bool = False
    uid: str | None = None
    where_met: str | None = None
    cadence_days: PositiveDays | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None  # read for its date check only, as Contact's
    next_touch_set_at: datetime | None = None
    next_touch_event: EventFollowUp | None = None

    def __post_init__(self) -> None:
        named(self.name)
        in_range(self.next_touch, self.created_at, self.updated_at, self.next_touch_set_at)
        if self.interactions:  # the years first: _in_range names the moment out of range
            years = {touch.at.year for touch in self.interactions}
            if min(years) < EARLIEST_YEAR or max(years) > LATEST_YEAR:
                in_range(*(touch.at for touch in self.interactions))


# What the agenda's rules read: a whole contact, or its agenda fields.
AnyContact = Contact | AgendaContact


class Card(msgspec.Struct, gc=False, frozen=True):
    """What the board needs of a contact, decoded straight from the document and
    validated like Contact: a quarter of the work of a whole contact, so that
    30,000 of them load fast and stay small."""

    name: Name
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
    invitation_sent: date | None = None  # an invitation to connect, not yet accepted

    def __post_init__(self) -> None:
        named(self.name)

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
        keys.append("li:" + linkedin_key(linkedin))
    if email:
        keys.append("email:" + email.strip().lower())
    return tuple(keys)


def linkedin_key(url: str) -> str:
    """One profile, however its address was copied: `uk.` or `m.` or `www.`, http or
    https, a tracking `?trk=...` or a `#fragment`, a trailing slash, any case."""
    bare = url.strip().lower().split("://", 1)[-1]
    bare = bare.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, rest = bare.partition("/")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        host = "linkedin.com"
    return f"{host}/{rest}" if rest else host


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
        invitation_sent=contact.invitation_sent,
    )


class EventDoc(msgspec.Struct, frozen=True):
    """An event (table `events`): people expected there get a follow-up the day after."""

    name: Name
    date: date
    place: str | None = None
    notes: str | None = None
    contacts: list[str] = []
    uid: str | None = None

    def __post_init__(self) -> None:
        named(self.name)
        in_range(self.date)


class TemplateDoc(msgspec.Struct, frozen=True):
    name: Name
    body: str
    uid: str | None = None
    kind: str | None = None  # the touch "Copy & log" records (default: message)

    def __post_init__(self) -> None:
        named(self.name)


class Settings(msgspec.Struct, frozen=True):
    wip_limit: Annotated[int, msgspec.Meta(ge=1)] = 5
    weekly_connect_goal: Annotated[int, msgspec.Meta(ge=0)] = 3
    weekly_touch_goal: Annotated[int, msgspec.Meta(ge=0)] = 10
    weekly_invitation_goal: Annotated[int, msgspec.Meta(ge=0)] = 3
    uid: str | None = None  # "settings": the one document of its table
    theme: str | None = None  # the Textual theme last chosen (Ctrl+P → Theme)


_T = TypeVar("_T")


def newest_first(touches: Sequence[_T], moment: Callable[[_T], Any]) -> list[_T]:
    """A touch log, latest first; of two at the same moment (logged within the
    same second), the one logged later first."""
    return sorted(reversed(touches), key=moment, reverse=True)


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name
