"""Capture in one line: quick-add a person, or log a touch, as typed after a call.

Quick-add (name first, then any of these, in any order):

    Ada Lovelace @ada li:linkedin.com/in/ada ada@example.org #pycon !1 >engaged
        met at PyCon fu tomorrow ; talked about compilers

    @handle X/Twitter · li:URL LinkedIn · an email address · #tag · !1..!3 priority
    >stage · met at <place> · fu <date phrase> next touch · ; <note logged as a touch>

One-line log:  Ada: call, she will introduce me to Grace ; fu in 3 days

Every problem raises CaptureError with a message for the person; nothing else
escapes (property tests check it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec
import pendulum

from . import changes, clock, validate
from .dates import parse_next_touch
from .matching import Identities, find
from .model import STAGES, TOUCH_KINDS, Card, Contact, identity_keys
from .rules import ask_gate
from .store import make_contact
from .text import clean_line

# After a meeting, the follow-up is due while it is fresh.
STRIKE_WHILE_HOT_DAYS = 1


class CaptureError(ValueError):
    pass


@dataclass(frozen=True)
class QuickAdd:
    name: str
    x: str | None = None
    linkedin: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    priority: int | None = None
    stage: str | None = None
    where_met: str | None = None
    follow_up: str | None = None  # the date phrase as typed
    note: str | None = None
    follow_up_date: pendulum.Date | None = field(default=None, compare=False)

    @property
    def final_stage(self) -> str:
        return self.stage or ("engaged" if self.where_met else "stranger")


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def _is_marker(words: list[str], i: int) -> bool:
    word = words[i]
    low = word.lower()
    return (
        word[:1] in "@#!>"
        or low.startswith("li:")
        or bool(_EMAIL.fullmatch(word))
        or low == "fu"
        or (low == "met" and i + 1 < len(words) and words[i + 1].lower() == "at")
    )


def parse_quick_add(line: str, today: pendulum.Date) -> QuickAdd:
    text, _, note = clean_line(line).partition(";")
    words = text.split()
    if not words:
        raise CaptureError("type a name first, e.g. Ada Lovelace met at PyCon fu tomorrow")
    i = 1
    while i < len(words) and not _is_marker(words, i):
        i += 1
    name = " ".join(words[:i])
    first = words[0]
    if first[:1] in "@#!>" or first.lower().startswith("li:") or _EMAIL.fullmatch(first):
        raise CaptureError(f"a name comes first, before {first!r}")
    fields: dict[str, Any] = {"name": name, "tags": []}
    while i < len(words):
        word, low = words[i], words[i].lower()
        end = i + 1
        if not _is_marker(words, i):
            raise CaptureError(
                f"not understood: {word!r} (the name comes first; a place goes after "
                "'met at', a date after 'fu', a note after ';')"
            )
        if low == "fu" or low == "met":
            start = i + (2 if low == "met" else 1)
            end = start
            while end < len(words) and not _is_marker(words, end):
                end += 1
            phrase = " ".join(words[start:end])
            if low == "met":
                _set(fields, "where_met", phrase or _fail("met at needs a place"))
            else:
                _set(fields, "follow_up", phrase or _fail("fu needs a date, e.g. fu tomorrow"))
        elif word.startswith("#"):
            tag = word[1:].lower()
            if not tag:
                raise CaptureError("# needs a tag, e.g. #pycon")
            if tag not in fields["tags"]:
                fields["tags"].append(tag)
        elif word.startswith("!"):
            if word not in ("!1", "!2", "!3"):
                raise CaptureError(f"{word} is not a priority: !1 (highest), !2 or !3")
            _set(fields, "priority", int(word[1]))
        elif word.startswith(">"):
            _set(fields, "stage", _stage(word[1:]))
        elif low.startswith("li:"):
            _set(fields, "linkedin", _checked(validate.linkedin, word[3:]))
        elif word.startswith("@"):
            _set(fields, "x", _checked(validate.x_handle, word))
        else:  # an email address (the only other marker)
            _set(fields, "email", word)
        i = end
    fields["tags"] = tuple(fields["tags"])
    if fields.get("follow_up"):
        fields["follow_up_date"] = _date(fields["follow_up"], today)
    fields["note"] = note.strip() or None
    return QuickAdd(**fields)


def _fail(message: str) -> str:
    raise CaptureError(message)


def _set(fields: dict[str, Any], key: str, value: Any) -> None:
    if key in fields:
        raise CaptureError(f"{key.replace('_', ' ')} is given twice")
    fields[key] = value


def _checked(check: Any, text: str) -> str:
    try:
        value = check(text)
    except validate.FieldError as error:
        raise CaptureError(str(error)) from error
    if value is None:
        raise CaptureError(f"{text!r} is empty")
    return value


def _stage(text: str) -> str:
    low = text.lower()
    matches = [s for s in STAGES if s.startswith(low)] if low else []
    if len(matches) != 1:
        raise CaptureError(f"unknown stage >{text}: one of {', '.join(STAGES)}")
    return matches[0]


def _date(phrase: str, today: pendulum.Date) -> pendulum.Date:
    try:
        return parse_next_touch(phrase, today)
    except ValueError as error:
        raise CaptureError(str(error)) from error


def format_quick_add(entry: QuickAdd) -> str:
    """The line that parses back to `entry` (used by the round-trip tests)."""
    parts = [entry.name]
    parts += [v for v in (entry.x,) if v]
    parts += [f"li:{entry.linkedin}"] if entry.linkedin else []
    parts += [entry.email] if entry.email else []
    parts += [f"#{t}" for t in entry.tags]
    parts += [f"!{entry.priority}"] if entry.priority else []
    parts += [f">{entry.stage}"] if entry.stage else []
    parts += [f"met at {entry.where_met}"] if entry.where_met else []
    parts += [f"fu {entry.follow_up}"] if entry.follow_up else []
    line = " ".join(parts)
    return f"{line} ; {entry.note}" if entry.note else line


def describe(entry: QuickAdd) -> str:
    """What the line was understood as, for the live preview and the shell."""
    parts = [entry.name, entry.final_stage.capitalize()]
    if entry.priority:
        parts.append(f"priority {entry.priority}")
    handles = [h for h in (entry.x, entry.linkedin, entry.email) if h]
    parts += handles
    parts += [" ".join(f"#{t}" for t in entry.tags)] if entry.tags else []
    if entry.where_met:
        parts.append(f"met at {entry.where_met}")
    due = _next_touch(entry, clock.today())
    parts.append(f"next touch {due.isoformat()}" if due else "no next touch")
    if entry.note:
        parts.append(f"note: {entry.note}")
    return " · ".join(parts)


def _next_touch(entry: QuickAdd, today: pendulum.Date) -> pendulum.Date | None:
    if entry.follow_up_date:
        return entry.follow_up_date
    if entry.where_met:
        return today.add(days=STRIKE_WHILE_HOT_DAYS)
    return None


def to_doc(entry: QuickAdd, now: pendulum.DateTime) -> dict[str, Any]:
    """The new contact's document, its meeting or note already logged."""
    pairs = (("x", entry.x), ("linkedin", entry.linkedin), ("email", entry.email))
    handles = {key: value for key, value in pairs if value}
    doc = make_contact(
        entry.name,
        entry.final_stage,
        priority=entry.priority,
        tags=list(entry.tags),
        where_met=entry.where_met,
        handles=handles or None,
    )
    stamp = clock.stamp(now)
    if entry.where_met:
        note = entry.note or f"met at {entry.where_met}"
        doc = changes.logged(doc, "meeting", now, note, stamp)
    elif entry.note:
        doc = changes.logged(doc, "message", now, entry.note, stamp)
    if entry.follow_up_date is not None:
        return changes.scheduled(doc, entry.follow_up_date.isoformat(), stamp)
    due = _next_touch(entry, now.date())
    if due is not None:
        doc["next_touch"] = due.isoformat()
    return doc


def too_early_to_ask(entry: QuickAdd, now: pendulum.DateTime) -> list[str]:
    """Why adding this person straight into Ask is asking too early (empty: fine)."""
    if entry.final_stage != "ask":
        return []
    return ask_gate(msgspec.convert(to_doc(entry, now), Contact), now)


# --- duplicates ----------------------------------------------------------------


def duplicates(entry: QuickAdd, known: Identities) -> list[Card]:
    """Contacts that are probably this person: same name (case and accents
    ignored), or the same X handle, email or LinkedIn URL."""
    return known.matching(entry.name, identity_keys(entry.x, entry.linkedin, entry.email))


# --- one-line log ----------------------------------------------------------------


@dataclass(frozen=True)
class LogLine:
    who: str
    kind: str
    note: str
    follow_up: str | None = None
    follow_up_date: pendulum.Date | None = field(default=None, compare=False)


# Words people type for a kind of touch, in one line.
KIND_ALIASES = {
    "intro": "introduction",
    "thanks": "thank-you",
    "thankyou": "thank-you",
    "mail": "email",
    "phone": "call",
    "meet": "meeting",
    "dm": "message",
    "gift": "letter",
}

_FU = re.compile(r"^\s*fu\s+(.+?)\s*$", re.IGNORECASE)


def parse_log_line(line: str, today: pendulum.Date) -> LogLine:
    who, colon, rest = clean_line(line).partition(":")
    if not colon or not who.strip():
        raise CaptureError("write who, a colon, then the touch: Ada: call, talked about X")
    body, _, tail = rest.partition(";")
    text = body.strip()
    if text.lower().startswith("thank you"):
        text = "thank-you" + text[len("thank you") :]
    words = text.split(maxsplit=1)
    if not words:
        raise CaptureError(f"what kind of touch? one of {', '.join(TOUCH_KINDS)}")
    typed = words[0].rstrip(",.").lower()
    kind = KIND_ALIASES.get(typed, typed)
    if kind not in TOUCH_KINDS:
        raise CaptureError(f"unknown kind {kind!r}: one of {', '.join(TOUCH_KINDS)}")
    note = words[1].lstrip(",. ").strip() if len(words) > 1 else ""
    follow_up = date = None
    if tail.strip():
        match = _FU.match(tail)
        if not match:
            raise CaptureError("after ; only a next touch is understood, e.g. ; fu in 3 days")
        follow_up = match[1]
        date = _date(follow_up, today)
    return LogLine(" ".join(who.split()), kind, note, follow_up, date)


def resolve(who: str, cards: Any) -> Card:
    """The one contact a name means, or CaptureError naming the candidates."""
    matches = find(who, cards)
    if not matches:
        raise CaptureError(f"no contact matches {who!r}")
    if len(matches) > 1:
        names = ", ".join(m.name for m in matches[:8])
        more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
        raise CaptureError(f"{who!r} could be {names}{more}: type more of the name")
    return matches[0]


def apply_log(doc: dict[str, Any], entry: LogLine, now: pendulum.DateTime) -> dict[str, Any]:
    stamp = clock.stamp(now)
    result = changes.logged(doc, entry.kind, now, entry.note, stamp)
    if entry.follow_up_date is not None:
        result = changes.scheduled(result, entry.follow_up_date.isoformat(), stamp)
    return result
