"""Checks and normal forms for what a person types into a field.

Each function returns the value to store (None for an empty optional field) or
raises FieldError with a message meant to be shown next to the field.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import pendulum

from networking_tui.domain.dates import parse_next_touch
from networking_tui.domain.model import (
    MAX_CADENCE_DAYS,
    OBJECTIVES,
    priority_from,
)
from networking_tui.domain.text import clean_line, whole_number


class FieldError(ValueError):
    pass


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_X_HANDLE = re.compile(r"@?([A-Za-z0-9_]{1,15})")
_PHONE = re.compile(r"\+?[\d\s().\-]{5,}")


def name(text: str) -> str:
    value = " ".join(clean_line(text).split())
    if not value:
        raise FieldError("a name is required")
    return value


def optional(text: str) -> str | None:
    value = clean_line(text).strip()
    return value or None


def priority(text: str) -> int:
    value = priority_from(text)
    if value is None:
        raise FieldError("priority is 1 (highest), 2 or 3, or high, medium or low")
    return value


def objective(text: str) -> str | None:
    value = text.strip().lower()
    if not value:
        return None
    if value not in OBJECTIVES:
        raise FieldError(f"one of: {', '.join(OBJECTIVES)}")
    return value


def email(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if not _EMAIL.fullmatch(value):
        raise FieldError(f"{value!r} is not an email address (name@example.com)")
    return value


def url(text: str, *, host: str | None = None) -> str | None:
    """A web address; `https://` is added when left out. `host` restricts the site."""
    value = text.strip()
    if not value:
        return None
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as error:  # "http://[x": an unclosed IPv6 bracket
        raise FieldError(f"{text.strip()!r} is not a web address") from error
    netloc = parts.netloc.lower()
    if parts.scheme not in ("http", "https") or "." not in netloc or " " in value:
        raise FieldError(f"{text.strip()!r} is not a web address")
    if host and not (netloc == host or netloc.endswith("." + host)):
        raise FieldError(f"{text.strip()!r} is not a {host} address")
    return value


def linkedin(text: str) -> str | None:
    """A LinkedIn address without what a copied link drags along (`?trk=...`,
    `#fragment`): the same profile is then the same text (see model.linkedin_key)."""
    value = url(text, host="linkedin.com")
    if value is None:
        return None
    return urlunsplit(urlsplit(value)._replace(query="", fragment=""))


def x_handle(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if "/" in value:
        return url(value)
    match = _X_HANDLE.fullmatch(value)
    if not match:
        raise FieldError(f"{value!r} is not an X handle (letters, digits, _; up to 15)")
    return "@" + match[1]


def phone(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 5:
        raise FieldError(f"{value!r} is not a phone number")
    return value


def cadence(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    days = whole_number(value, MAX_CADENCE_DAYS)
    if days is None or days < 1:
        raise FieldError(f"days between touches: a whole number from 1 to {MAX_CADENCE_DAYS}")
    return days


def tags(text: str) -> list[str]:
    words = text.replace(",", " ").split()
    seen: list[str] = []
    for word in words:
        tag = word.lstrip("#").lower()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def next_touch(text: str, today: pendulum.Date) -> str | None:
    """A next touch today or later (as snooze and `fu` want); empty, `none` or `-`
    clear it."""
    value = text.strip()
    if not value or value.lower() in ("none", "-"):
        return None
    try:
        return parse_next_touch(value, today).isoformat()
    except ValueError as error:
        raise FieldError(str(error)) from error
