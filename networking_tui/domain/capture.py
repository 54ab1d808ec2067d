"""Capture in one line: quick-add a person, or log a touch, as typed after a call.

Quick-add (the name first, then any of these, in any order):

    Ada Lovelace @ada li:linkedin.com/in/ada ada@example.org #pycon !1 >engaged
        met at PyCon fu tomorrow ; talked about compilers

    @handle X/Twitter · li:URL or a pasted linkedin.com address · an email address
    a web address (https://…, www.…) · a phone number (+33 6 12 34 56 78)
    #tag · !1..!3 priority · >stage · met at <place> · fu <date phrase> next touch
    ; <a note on the contact; a touch when it starts with its kind: ; call, …>

A lower-case `fu` with words after it is the next touch: they are a date, or the
line is refused (`fu tomorow`: "'tomorow' is not a date"); a mistyped date is
never saved as part of a name or place. A lower-case `fu` that ends the name or
the place is refused too ("fu needs a date"). A capitalised `Fu` is a word of the
name or place (Mei Fu, met at Kung Fu club) unless a date phrase follows it. A bare
`@` is a word too (met at PyCon @ Berlin); a word with an `@` inside that is not an
email address (`bad@email`) is refused.

One-line log:  Ada: call, she will introduce me to Grace ; fu in 3 days
(only a last `; fu <date>` is the next touch: a note may hold `;`).

Every problem raises CaptureError with a message for the person; nothing else
escapes (property tests check it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec
import pendulum

from networking_tui.domain import changes, clock, validate
from networking_tui.domain.changes import make_contact
from networking_tui.domain.dates import DatePhraseError, parse_date, parse_next_touch, readable
from networking_tui.domain.matching import Identities, NameIndex, fold, matching
from networking_tui.domain.model import (
    KIND_ALIASES,
    KIND_PHRASES,
    STAGES,
    TOUCH_KINDS,
    Card,
    Contact,
    identity_keys,
    priority_from,
)
from networking_tui.domain.rules import a_touch, ask_gate, last_touch
from networking_tui.domain.text import clean_line

NAME_FIRST = "start with the person's name, e.g. Ada Lovelace met at PyCon fu tomorrow"
FU_NEEDS_DATE = (
    "fu needs a date, e.g. fu tomorrow or fu in 3 days "
    "(a name or place ending in Fu takes a capital: Mei Fu)"
)


class CaptureError(ValueError):
    pass


# Longer lines are refused unread: the app reads the line on every key, and a
# paste of a whole page is a mistake, not a contact. Notes go in the notes field.
MAX_LINE = 1000


def _within_cap(line: str) -> None:
    if len(line) > MAX_LINE:
        raise CaptureError(
            f"the line is {len(line):,} characters long; only lines up to {MAX_LINE:,} "
            "are read (put a long note in the contact's notes)"
        )


@dataclass(frozen=True)
class QuickAdd:
    name: str
    x: str | None = None
    linkedin: str | None = None
    email: str | None = None
    website: str | None = None
    phone: str | None = None
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

    @property
    def touch(self) -> tuple[str, str] | None:
        """The touch this line logs, as (kind, note): with `met at`, a meeting (a
        call when the place says so: `met at a Zoom call`); else only a note that
        starts with a kind (`; call, talked shop`). Any other note is a note on the
        contact: nothing was sent, so it is not a touch."""
        if self.where_met:
            last = self.where_met.split()[-1].lower().strip(_PUNCTUATION)
            kind = "call" if KIND_ALIASES.get(last, last) == "call" else "meeting"
            return kind, self.note or f"met at {self.where_met}"
        if self.note:
            return note_kind(self.note)
        return None

    @property
    def contact_note(self) -> str | None:
        """The note kept on the contact (one that is not a touch's)."""
        return self.note if self.note and not self.touch else None

    @property
    def handles(self) -> dict[str, str]:
        pairs = (
            ("x", self.x),
            ("linkedin", self.linkedin),
            ("email", self.email),
            ("website", self.website),
            ("phone", self.phone),
        )
        return {key: value for key, value in pairs if value}


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
# A LinkedIn address pasted without `li:` (any subdomain: www., uk., m.).
_LINKEDIN = re.compile(r"(?:https?://)?(?:[\w-]+\.)*linkedin\.com/\S+", re.IGNORECASE)
# Any other web address: a scheme or www. (a bare `example.com` may be a name: Ada.js).
_WEB = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_X_SITE = re.compile(r"(?:https?://)?(?:www\.)?(?:x|twitter)\.com/\S+", re.IGNORECASE)
# A phone number starts with + and a digit; the groups after it are words of digits.
_PHONE_START = re.compile(r"\+\d[\d().\-]*")
_PHONE_GROUP = re.compile(r"\(?\d[\d().\-]*\)?")


class _Words:
    """The words of a quick-add line, and which of them start a token."""

    def __init__(self, text: str, today: pendulum.Date) -> None:
        self.words = text.split()
        self.today = today
        self._fu: dict[int, int | None] = {}

    def __len__(self) -> int:
        return len(self.words)

    def low(self, i: int) -> str:
        return self.words[i].lower()

    def is_met_at(self, i: int) -> bool:
        return self.low(i) == "met" and i + 1 < len(self) and self.low(i + 1) == "at"

    def plain_marker(self, i: int) -> bool:
        """A token other than `fu`: these never depend on what follows."""
        word, low = self.words[i], self.low(i)
        return (
            (word[:1] in "@#!>" and word != "@")
            or low.startswith("li:")
            or "@" in word[1:]  # an email address, or a mistyped one (refused)
            or bool(_LINKEDIN.fullmatch(word) or _WEB.fullmatch(word))
            or bool(_PHONE_START.fullmatch(word))
            or self.is_met_at(i)
        )

    def phone_end(self, i: int) -> int:
        """Where the phone number starting at `i` ends (its groups: +33 6 12 34)."""
        end = i + 1
        while end < len(self) and _PHONE_GROUP.fullmatch(self.words[end]):
            end += 1
        return end

    def fu_end(self, i: int) -> int | None:
        """Where the date after the `fu` at `i` ends, or None when no date follows
        (then `fu` is a word of the name or place).

        The date is the longest run of up to three words that is one (`fu in 3 days`),
        else that has the form of one (`fu 31 feb`, refused later); a past date counts
        too (refused later, with its own message).
        """
        if i in self._fu:
            return self._fu[i]
        stop = i + 1
        while stop < len(self) and not self.plain_marker(stop) and self.low(stop) != "fu":
            stop += 1
        shaped = None
        for end in range(min(stop, i + 4), i + 1, -1):
            try:
                parse_date(" ".join(self.words[i + 1 : end]), self.today)
            except DatePhraseError as error:
                shaped = shaped or (end if error.shaped else None)
                continue
            self._fu[i] = end
            return end
        if self.words[i] == "fu" and stop > i + 1:
            # Lower case, words after it: a date meant, mistyped (refused later).
            shaped = shaped or min(stop, i + 4)
        self._fu[i] = shaped
        return shaped

    def is_marker(self, i: int) -> bool:
        if self.low(i) != "fu":
            return self.plain_marker(i)
        return self.fu_end(i) is not None

    def run_end(self, start: int) -> int:
        """The end of a run of plain words (a name, a place) from `start`."""
        end = start
        while end < len(self) and not self.is_marker(end):
            end += 1
        return end


def _token(words: _Words, i: int) -> str:
    """What the token at `i` is, for a message."""
    word, low = words.words[i], words.low(i)
    if words.is_met_at(i):
        return "'met at' (where you met)"
    if low == "fu":
        return f"'fu {' '.join(words.words[i + 1 : words.fu_end(i)])}' (the next touch)"
    kinds = {"@": "an X handle", "#": "a tag", "!": "a priority", ">": "a stage"}
    if low.startswith("li:") or _LINKEDIN.fullmatch(word):
        return f"{word!r} (a LinkedIn address)"
    if word[:1] in kinds:
        return f"{word!r} ({kinds[word[0]]})"
    if _WEB.fullmatch(word):
        return f"{word!r} (a web address)"
    if _PHONE_START.fullmatch(word):
        return f"{' '.join(words.words[i : words.phone_end(i)])!r} (a phone number)"
    return f"{word!r} (an email address)"


def parse_quick_add(line: str, today: pendulum.Date) -> QuickAdd:
    _within_cap(line)
    text, _, note = clean_line(line).partition(";")
    words = _Words(text, today)
    if not len(words):
        raise CaptureError(NAME_FIRST)
    if words.is_marker(0):
        raise CaptureError(
            f"start with the person's name: the line begins with {_token(words, 0)}, "
            "e.g. Ada Lovelace met at PyCon fu tomorrow"
        )
    if not any(ch.isalnum() for ch in words.words[0]):  # ": coffee", "- #x", "..."
        raise CaptureError(
            f"start with the person's name: the line begins with {words.words[0]!r}, "
            "e.g. Ada Lovelace met at PyCon fu tomorrow"
        )
    i = words.run_end(0)
    _no_bare_fu(words, i)
    name = _unlisted(" ".join(words.words[:i])) or _fail(NAME_FIRST)
    fields: dict[str, Any] = {"name": name, "tags": []}
    while i < len(words):
        word, low = words.words[i], words.low(i)
        end = i + 1
        if not words.is_marker(i):
            raise CaptureError(
                f"not understood: {word!r} (the name comes first; a place goes after "
                "'met at', a date after 'fu', a note after ';')"
            )
        if low == "fu":
            end = words.fu_end(i) or end
            _set(fields, "follow_up", " ".join(words.words[i + 1 : end]))
        elif words.is_met_at(i):
            end = words.run_end(i + 2)
            _no_bare_fu(words, end)
            place = _unlisted(" ".join(words.words[i + 2 : end]))
            _set(fields, "where_met", place or _fail("met at needs a place, e.g. met at PyCon"))
        elif word.startswith("#"):
            tag = word[1:].lower()
            if not tag:
                raise CaptureError("# needs a tag, e.g. #pycon")
            if tag not in fields["tags"]:
                fields["tags"].append(tag)
        elif word.startswith("!"):
            number = priority_from(word)
            if number is None:
                raise CaptureError(
                    f"{word} is not a priority: !1 (highest), !2 or !3, or !high, !medium, !low"
                )
            _set(fields, "priority", number)
        elif word.startswith(">"):
            _set(fields, "stage", _stage(word[1:]))
        elif low.startswith("li:"):
            if not word[3:]:
                raise CaptureError("li: needs a LinkedIn address, e.g. li:linkedin.com/in/ada")
            _set(fields, "linkedin", _checked(validate.linkedin, word[3:]))
        elif _LINKEDIN.fullmatch(word):
            _set(fields, "linkedin", _checked(validate.linkedin, word))
        elif word.startswith("@") or _X_SITE.fullmatch(word):
            _set(fields, "x", _checked(validate.x_handle, word))
        elif _WEB.fullmatch(word):
            _set(fields, "website", _checked(validate.url, word))
        elif _PHONE_START.fullmatch(word):
            end = words.phone_end(i)
            _set(fields, "phone", _checked(validate.phone, " ".join(words.words[i:end])))
        else:  # an email address, or a word with an @ that is not one
            _set(fields, "email", _checked(validate.email, word))
        i = end
    fields["tags"] = tuple(fields["tags"])
    if fields.get("follow_up"):
        fields["follow_up_date"] = _date(fields["follow_up"], today)
    fields["note"] = one_line(note) or None
    return QuickAdd(**fields)


def _unlisted(text: str) -> str:
    """A name or place without the commas that end it: written as a list
    ("Ada Lovelace, met at PyCon, fu fri"), the line means no comma in either."""
    return text.rstrip(", ")


def _no_bare_fu(words: _Words, end: int) -> None:
    """Refuse a name or place whose last word is a lower-case `fu` (see the module
    docstring): a date after it was forgotten."""
    if end > 0 and words.words[end - 1].rstrip(",") == "fu":
        raise CaptureError(FU_NEEDS_DATE)


def one_line(text: str) -> str:
    """Text typed on one line, stored on one line: a pasted newline becomes a space."""
    return " ".join(text.split())


def _fail(message: str) -> str:
    raise CaptureError(message)


def _set(fields: dict[str, Any], key: str, value: Any) -> None:
    if key in fields:
        raise CaptureError(f"{key.replace('_', ' ')} is given twice")
    fields[key] = value


def _checked(check: Callable[[str], str | None], text: str) -> str:
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


NOT_A_DATE_HINT = "try tomorrow, fri, 12 dec, in 3 days"


def _date(phrase: str, today: pendulum.Date) -> pendulum.Date:
    try:
        return parse_next_touch(phrase, today)
    except DatePhraseError as error:
        if not error.shaped:  # nothing like a date: most likely a typo
            raise CaptureError(f"{phrase!r} is not a date: {NOT_A_DATE_HINT}") from error
        raise CaptureError(str(error)) from error


_NOTE_KIND = re.compile(r"\s*([^\W\d_][\w-]*(?: [^\W\d_]+)?)\s*(?:[,:]\s*|$)(.*)", re.DOTALL)


def note_kind(note: str) -> tuple[str, str] | None:
    """A quick-add note that names its kind of touch first, then a comma or a colon
    (`call, talked shop`; `email: sent the paper`), as (kind, the rest); None for a
    plain note, however it starts (`like her work on compilers` logs nothing)."""
    match = _NOTE_KIND.fullmatch(note)
    if not match:
        return None
    typed = match[1].lower()
    kind = KIND_PHRASES.get(typed) or KIND_ALIASES.get(typed, typed)
    return (kind, match[2]) if kind in TOUCH_KINDS else None


def format_quick_add(entry: QuickAdd) -> str:
    """The line that parses back to `entry` (used by the round-trip tests)."""
    parts = [entry.name]
    parts += [v for v in (entry.x,) if v]
    parts += [f"li:{entry.linkedin}"] if entry.linkedin else []
    parts += [entry.email] if entry.email else []
    parts += [v for v in (entry.website, entry.phone) if v]
    parts += [f"#{t}" for t in entry.tags]
    parts += [f"!{entry.priority}"] if entry.priority else []
    parts += [f">{entry.stage}"] if entry.stage else []
    parts += [f"met at {entry.where_met}"] if entry.where_met else []
    parts += [f"fu {entry.follow_up}"] if entry.follow_up else []
    line = " ".join(parts)
    return f"{line} ; {entry.note}" if entry.note else line


def describe(entry: QuickAdd, *, done: bool = False, saved: Mapping[str, Any] | None = None) -> str:
    """What the line was understood as, on one line: the live preview (what will
    happen) and the shell (`done`: what happened; `saved`: the contact as saved,
    whose next touch other rules, an event's follow-up, may have moved)."""
    parts = [entry.name, entry.final_stage.capitalize()]
    if entry.priority:
        parts.append(f"priority {entry.priority}")
    parts += entry.handles.values()
    parts += [" ".join(f"#{t}" for t in entry.tags)] if entry.tags else []
    if entry.where_met:
        parts.append(f"met at {entry.where_met}")
    if entry.touch:
        kind, note = entry.touch
        parts.append(f"{'logged' if done else 'logs'} {a_touch(kind)}: {note}")
    elif entry.contact_note:
        parts.append(f"note: {entry.contact_note}")
    due = (saved if saved is not None else to_doc(entry, clock.now())).get("next_touch")
    parts.append(f"next touch {readable(due)}" if due else "no next touch")
    parts += _fu_words(entry)
    return " · ".join(parts)


def _fu_words(entry: QuickAdd) -> list[str]:
    """A `fu` inside the name or place that is not its last word may be a mistyped
    date: say how it was read."""
    notes = []
    for what, text in (("name", entry.name), ("place", entry.where_met or "")):
        words = [w.lower() for w in text.split()]
        if "fu" in words[:-1]:
            notes.append(f"'fu' read as part of the {what} (no date follows it)")
    return notes


def to_doc(
    entry: QuickAdd, now: pendulum.DateTime, met_on: pendulum.DateTime | None = None
) -> dict[str, Any]:
    """The new contact's document, its meeting or note already logged; `met_on`:
    when the meeting was (the day of the event `met at` names), else now."""
    doc = make_contact(
        entry.name,
        entry.final_stage,
        priority=entry.priority,
        tags=list(entry.tags),
        where_met=entry.where_met,
        notes=entry.contact_note,
        handles=entry.handles or None,
    )
    stamp = clock.stamp(now)
    if entry.touch:
        kind, note = entry.touch
        at = met_on if met_on is not None and kind == "meeting" else now
        doc = changes.logged(doc, kind, at, note, stamp)
    if entry.follow_up_date is not None:
        return changes.scheduled(doc, entry.follow_up_date.isoformat(), stamp)
    # A meeting or a note was logged (the next touch follows it); else the stage's rhythm.
    return changes.with_rhythm(doc, now.date())


def too_early_to_ask(entry: QuickAdd, now: pendulum.DateTime) -> list[str]:
    """Why adding this person straight into Ask is asking too early (empty: fine)."""
    if entry.final_stage != "ask":
        return []
    return ask_gate(msgspec.convert(to_doc(entry, now), Contact), now)


# --- duplicates ----------------------------------------------------------------


def duplicates(entry: QuickAdd, known: Identities | Iterable[Card]) -> list[Card]:
    """Contacts that are probably this person: same name (case and accents
    ignored), or the same X handle, email or LinkedIn URL; archived ones last.
    `known`: the index, or the cards themselves for a single check."""
    keys = identity_keys(entry.x, entry.linkedin, entry.email)
    if isinstance(known, Identities):
        return known.matching(entry.name, keys)
    return matching(known, entry.name, keys)


def who_is(card: Card) -> str:
    """A duplicate's name with its stage, and whether it is archived."""
    return f"{card.name} ({card.stage}{', archived' if card.archived else ''})"


def onto_existing(entry: QuickAdd) -> tuple[list[str], list[str]]:
    """What adding this line to a contact already here does, and what it leaves out."""
    applied, left = [], []
    if entry.touch:
        applied.append(f"logs {a_touch(entry.touch[0])}")
    if entry.follow_up_date:
        applied.append(f"next touch {readable(entry.follow_up_date)}")
    if entry.contact_note:
        applied.append("adds the note")
    if entry.tags:
        applied.append("adds " + " ".join(f"#{t}" for t in entry.tags))
    if entry.where_met or entry.handles:
        missing = ["where met"] if entry.where_met else []
        missing += ["handles"] if entry.handles else []
        applied.append(f"fills {' and '.join(missing)} if they have none")
    if entry.priority:
        left.append(f"priority !{entry.priority}")
    if entry.stage:
        left.append(f"stage >{entry.stage}")
    return applied, left


def merged(
    doc: dict[str, Any],
    entry: QuickAdd,
    now: pendulum.DateTime,
    met_on: pendulum.DateTime | None = None,
) -> dict[str, Any]:
    """`doc` with what the line says about them (see onto_existing); `met_on` as in
    to_doc."""
    stamp = clock.stamp(now)
    result = dict(doc)
    tags = list(result.get("tags", []))
    result["tags"] = tags + [t for t in entry.tags if t not in tags]
    if entry.where_met and not result.get("where_met"):
        result["where_met"] = entry.where_met
    if entry.contact_note:
        before = result.get("notes")
        result["notes"] = f"{before}\n{entry.contact_note}" if before else entry.contact_note
    handles = dict(result.get("handles") or {})
    for key, value in entry.handles.items():
        if not handles.get(key):
            handles[key] = value
    if handles:
        result["handles"] = handles
    result["updated_at"] = stamp
    if entry.touch:
        kind, note = entry.touch
        at = met_on if met_on is not None and kind == "meeting" else now
        result = changes.logged(result, kind, at, note, stamp)
    if entry.follow_up_date is not None:
        result = changes.scheduled(result, entry.follow_up_date.isoformat(), stamp)
    return result


# --- one-line log ----------------------------------------------------------------


@dataclass(frozen=True)
class LogLine:
    who: str
    kind: str
    note: str
    follow_up: str | None = None
    follow_up_date: pendulum.Date | None = field(default=None, compare=False)


_FU = re.compile(r"^\s*fu\b\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
_PUNCTUATION = ",.!:;"


def parse_log_line(line: str, today: pendulum.Date) -> LogLine:
    _within_cap(line)
    who, colon, rest = clean_line(line).partition(":")
    if not colon or not who.strip():
        raise CaptureError("write who, a colon, then the touch: Ada: call, talked about X")
    body, follow_up, date = rest, None, None
    head, semicolon, tail = rest.rpartition(";")
    if semicolon and not tail.strip():
        body = head
    elif semicolon and (match := _FU.match(tail)):
        if not match[1]:
            raise CaptureError("fu needs a date, e.g. ; fu in 3 days")
        body, follow_up = head, one_line(match[1])
        date = _date(follow_up, today)
    kind, note = _kind(one_line(body))
    return LogLine(one_line(who), kind, note, follow_up, date)


def _kind(text: str) -> tuple[str, str]:
    """The kind a log line starts with, and the rest of it (the note)."""
    low = text.lower()
    for phrase, kind in KIND_PHRASES.items():
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalnum()):
            return kind, text[len(phrase) :].lstrip(_PUNCTUATION + " ")
    words = text.split(maxsplit=1)
    if not words:
        raise CaptureError(f"what kind of touch? one of {', '.join(TOUCH_KINDS)}")
    typed = words[0].rstrip(_PUNCTUATION).lower()
    kind = KIND_ALIASES.get(typed, typed)
    if kind not in TOUCH_KINDS:
        raise CaptureError(f"unknown kind {typed!r}: one of {', '.join(TOUCH_KINDS)}")
    return kind, words[1].lstrip(_PUNCTUATION + " ") if len(words) > 1 else ""


# --- who a log line means ---------------------------------------------------------

MAX_CHOICES = 20  # more candidates than this: type more of the name
_QUALIFIED = re.compile(r"(.*?)\s*\(([^()]*)\)\s*")


class AmbiguousName(CaptureError):
    """Several contacts answer to the name; `candidates` lists them."""

    def __init__(self, who: str, candidates: Sequence[Card]) -> None:
        self.who = who
        self.candidates = list(candidates)
        names = ", ".join(c.name for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"{who!r} could be {names}{more}: type more of the name")


def candidates(who: str, names: NameIndex, contact_of: Callable[[str], Contact]) -> list[Card]:
    """Every contact on the board `who` may mean (at least one), or CaptureError.

    `who` is a name (a unique prefix, accents left out, a nickname), a contact's
    uid, or a name with a qualifier in brackets that tells namesakes apart: a word
    of their company, role or where you met, or their stage: `Ada Lovelace (Acme)`.
    """
    text = one_line(who)
    if text in names.by_uid:
        return [names.by_uid[text]]
    qualified = _QUALIFIED.fullmatch(text)
    if qualified and qualified[1]:
        wanted = fold(qualified[2])
        found = [c for c in names.find(qualified[1]) if _qualifies(contact_of(c.uid or ""), wanted)]
        if found:
            return found
    found = names.find(text)
    if not found:
        raise CaptureError(f"no contact matches {text!r}")
    return found


def _qualifies(contact: Contact, wanted: str) -> bool:
    if not wanted:
        return False
    places = (contact.company, contact.role, contact.where_met)
    return contact.stage == wanted or any(wanted in fold(p) for p in places if p)


def resolve(who: str, names: NameIndex, contact_of: Callable[[str], Contact]) -> Card:
    """The one contact `who` means, or CaptureError (AmbiguousName: several)."""
    found = candidates(who, names, contact_of)
    if len(found) > 1:
        raise AmbiguousName(one_line(who), found)
    return found[0]


def who_they_are(contact: Contact) -> list[str]:
    """What tells a contact from a namesake: stage, role and company, where met."""
    parts = [contact.stage.capitalize()]
    work = " at ".join(p for p in (contact.role, contact.company) if p)
    parts += [work] if work else []
    parts += [f"met at {contact.where_met}"] if contact.where_met else []
    return parts


def tell_apart(contact: Contact) -> str:
    """who_they_are, and the last touch (a one-line log's namesakes)."""
    parts = who_they_are(contact)
    latest = last_touch(contact)
    if latest:
        parts.append(f"last touch {readable(latest.at.date())} ({latest.kind})")
    else:
        parts.append("no touch yet")
    return " · ".join(parts)


def apply_log(doc: dict[str, Any], entry: LogLine, now: pendulum.DateTime) -> dict[str, Any]:
    stamp = clock.stamp(now)
    result = changes.logged(doc, entry.kind, now, entry.note, stamp)
    if entry.follow_up_date is not None:
        result = changes.scheduled(result, entry.follow_up_date.isoformat(), stamp)
    return result
