"""vCard (3.0 and 4.0) in and out, with vobject: folding, escaping, grouped lines
and parameters are the library's job, not ours.

The stream is cut into cards at their BEGIN/END lines first, so one card the
library cannot read is reported with its line and the others still come in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import vobject

from networking_tui.domain.formats.people import FormatError, Parsed, Person, Skipped, one_line
from networking_tui.domain.validate import tags as tag_words

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
X_HOSTS = ("x.com", "twitter.com")
_PHONE = re.compile(r"\+?[\d\s().\-]{5,}")


def parse(text: str) -> Parsed:
    """The people of a .vcf file's text. Raises FormatError if it holds no card."""
    result = Parsed()
    cards = list(_cards(text.lstrip("\ufeff")))
    if not cards:
        raise FormatError("no vCard found: expected cards from BEGIN:VCARD to END:VCARD")
    for line, chunk in cards:
        try:
            card = vobject.readOne(chunk)
        except Exception as error:  # vobject raises many kinds on bad input: all reported
            result.skipped.append(Skipped(line, f"not a readable vCard ({_why(error)})"))
            continue
        person = _person(line, card)
        if isinstance(person, Skipped):
            result.skipped.append(person)
        else:
            result.people.append(person)
    return result


def _why(error: Exception) -> str:
    # vobject counts lines from the card's start: the summary gives the file's line.
    text = re.sub(r"^At line \d+:\s*", "", " ".join(str(error).split()))
    return text or type(error).__name__


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """(line number of BEGIN, the card's text) for each card."""
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(_LINES.findall(text), start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD" and start is None:
            start, lines = number, []
        if start is not None:
            lines.append(line.rstrip("\r\n") + "\r\n")
            if word == "END:VCARD":
                yield start, "".join(lines)
                start = None
    if start is not None:
        yield start, "".join(lines)  # no END: the library says what is wrong


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value) if value is not None else ""


def _name(card: Any) -> str | None:
    fn = one_line(_text(getattr(card, "fn", None) and card.fn.value))
    if fn:
        return fn
    n = getattr(card, "n", None)
    if n is None or isinstance(n.value, str):
        return one_line(n.value if n is not None else None)
    parts = [n.value.prefix, n.value.given, n.value.additional, n.value.family, n.value.suffix]
    return one_line(" ".join(_text(p) for p in parts))


def _person(line: int, card: Any) -> Person | Skipped:
    name = _name(card)
    if not name:
        return Skipped(line, "no name (neither FN nor N): every contact needs a name")
    labels = {
        c.group.lower(): _text(c.value).lower()
        for c in card.getChildren()
        if c.group and c.name == "X-ABLABEL"
    }
    emails, phones, urls, tags = [], [], [], []
    company = role = notes = None
    for child in card.getChildren():
        value = child.value
        if child.name == "EMAIL" and one_line(_text(value)):
            emails.append(_text(value).strip())
        elif child.name == "TEL" and one_line(_text(value)):
            phones.append(_text(value).strip())
        elif child.name in ("URL", "X-SOCIALPROFILE") and one_line(_text(value)):
            label = labels.get((child.group or "").lower(), "")
            urls.append((_text(value).strip(), label))
        elif child.name == "CATEGORIES":
            values = value if isinstance(value, list) else [value]
            for tag in tag_words(" ".join(str(v).replace(" ", "-") for v in values)):
                if tag not in tags:
                    tags.append(tag)
        elif child.name == "ORG" and company is None:
            company = one_line(" ".join(_text(value).split()))
        elif child.name == "TITLE" and role is None:
            role = one_line(_text(value))
        elif child.name == "NOTE" and notes is None:
            notes = _text(value).strip() or None
    linkedin = x = website = None
    for url, label in urls:
        host = _host(url)
        if linkedin is None and ("linkedin" in label or _on(host, "linkedin.com")):
            linkedin = url
        elif x is None and any(_on(host, h) for h in X_HOSTS):
            handle = urlsplit(url if "://" in url else f"https://{url}").path.strip("/")
            x = f"@{handle.split('/')[0]}" if handle else url
        elif website is None:
            website = url
    return Person(
        line=line,
        name=name,
        company=company,
        role=role,
        linkedin=linkedin,
        emails=tuple(emails),
        phones=tuple(phones),
        website=website,
        x=x,
        tags=tuple(tags),
        notes=notes,
    )


def _host(url: str) -> str:
    try:
        return urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:
        return ""


def _on(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site)


# --- writing -------------------------------------------------------------------


def write(contacts: Iterable[dict[str, Any]]) -> str:
    """vCard 4.0 cards for contact documents, in order."""
    return "".join(_card(doc).serialize() for doc in contacts)


def _card(doc: dict[str, Any]) -> Any:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    name = doc["name"]
    card.add("fn").value = name
    given, _, family = name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if doc.get("company"):
        card.add("org").value = [doc["company"]]
    if doc.get("role"):
        card.add("title").value = doc["role"]
    handles = doc.get("handles") or {}
    for key in ("email", "phone"):
        if handles.get(key):
            card.add("email" if key == "email" else "tel").value = handles[key]
    for extra in (handles.get("other") or "").split(";"):
        extra = extra.strip()  # a second email or phone an import put there
        if "@" in extra and " " not in extra:
            card.add("email").value = extra
        elif extra and _PHONE.fullmatch(extra):
            card.add("tel").value = extra
    if handles.get("linkedin"):
        card.add("url").value = handles["linkedin"]
    if handles.get("x"):
        x = handles["x"]
        card.add("url").value = x if "/" in x else f"https://x.com/{x.lstrip('@')}"
    if handles.get("website"):
        card.add("url").value = handles["website"]
    if doc.get("tags"):
        card.add("categories").value = list(doc["tags"])
    if doc.get("notes"):
        card.add("note").value = doc["notes"]
    if doc.get("uid"):
        card.add("uid").value = doc["uid"]
    return card
