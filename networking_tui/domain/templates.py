"""Message templates: a starting point the person always edits, never sends as is.

Built-in templates live here; a user's own (and their edits of built-in ones, kept
under the same uid) live in the data file's `templates` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from networking_tui.domain.model import TOUCH_KINDS, Contact
from networking_tui.domain.rules import NOT_YET_CONNECTED, pending_invitation, thanks_due, to_invite

LINKEDIN_NOTE_LIMIT = 300

PLACEHOLDERS = {
    "first_name": "their first name",
    "where_met": "where you met",
    "common_ground": "what you have in common",
    "objective": "what you hope for",
    "introducer": "who introduced you",
    "mutual": "a contact you share",
    "target": "the person you would like to meet",
}


class Withheld(str):
    """A placeholder's value that may not go into a message: the text says why.
    `fill` leaves the placeholder a visible gap with this note in it."""


NOT_AGREED = "not named: they have not agreed to be mentioned"


def may_name(name: str | None, agreed: bool) -> str | None:
    """A mutual contact's name for a message: only if they agreed to be named (the
    warm path's permission); else a Withheld note. The one place of this rule."""
    if name is None:
        return None
    return name if agreed else Withheld(NOT_AGREED)


def mutual(introducer: tuple[str, bool] | None, knowers: list[tuple[str, bool]]) -> str | None:
    """The contact you share, for {mutual}: whoever introduced you, else a Connected
    contact who knows them; one who agreed to be named first."""
    people = ([introducer] if introducer else []) + knowers
    for name, agreed in people:
        if agreed:
            return name
    return may_name(people[0][0], False) if people else None


# {objective} reads as what you would do: "I would love to meet Ada to ask for advice".
OBJECTIVE_PHRASES = {
    "advice": "ask for advice",
    "mentorship": "ask about mentoring",
    "recommendation": "ask for a recommendation",
    "partnership": "talk about working together",
    "introduction": "ask for an introduction",
    "job": "ask about openings on the team",
    "client": "talk about how I could help",
}


def objective_phrase(objective: str | None) -> str | None:
    """The objective as a phrase for a message; None (a visible gap) for `other`."""
    if not objective or objective == "other":
        return None
    return OBJECTIVE_PHRASES.get(objective, objective)


@dataclass(frozen=True)
class Template:
    uid: str
    name: str
    body: str
    builtin: bool = False
    kind: str = "message"  # the touch "Copy & log" records


BUILTIN = [
    Template(
        "builtin-invitation",
        "Invitation after meeting",
        "Hi {first_name}, it was good to talk at {where_met}. I keep thinking about "
        "what you said; I would be glad to stay in touch here.",
        builtin=True,
        kind="invitation",
    ),
    Template(
        "builtin-event-follow-up",
        "Follow-up after an event",
        "Hi {first_name}, thank you for your time at {where_met}. As promised, here is "
        "the link I mentioned. Since we have {common_ground} in common, I thought you "
        "might like it.",
        builtin=True,
    ),
    Template(
        "builtin-introduced",
        "Follow-up after an introduction",
        "Hi {first_name}, {introducer} suggested we talk, and I am glad they did. I have "
        "been following your work and would enjoy hearing how you got there. Would you "
        "have 20 minutes for a call in the coming weeks?",
        builtin=True,
    ),
    Template(
        "builtin-value-first",
        "Value-first note",
        "Hi {first_name}, I came across this and thought of your work. No need to reply; "
        "I hope it is useful.",
        builtin=True,
    ),
    Template(
        "builtin-invitation-online",
        "Invitation after engaging online",
        "Hi {first_name}, I have enjoyed our exchanges about {common_ground}, and we "
        "both know {mutual}. I would like to connect to keep learning from your work; "
        "there is no request behind it.",
        builtin=True,
        kind="invitation",
    ),
    Template(
        "builtin-introduction-request",
        "Introduction request",
        "Hi {first_name}, I hope you are well. I would love to meet {target} to "
        "{objective}. Would you be comfortable introducing us? I can send a short note "
        "you can forward, and it is completely fine if the timing is not right.",
        builtin=True,
    ),
    Template(
        "builtin-thank-you",
        "Thank-you",
        "Hi {first_name}, thank you for your help and for your time. It made a real "
        "difference, and I would be glad to return the favour whenever I can.",
        builtin=True,
        kind="thank-you",
    ),
]
INTRODUCTION_REQUEST = "builtin-introduction-request"
THANK_YOU = "builtin-thank-you"
INTRODUCED = "builtin-introduced"
INVITATION = "builtin-invitation"
INVITATION_ONLINE = "builtin-invitation-online"
VALUE_FIRST = "builtin-value-first"


def fitting(contact: Contact, today: date) -> str:
    """The template a message to this contact starts from, by what is known of them:
    a thank-you after an unthanked ask; the follow-up after an introduction to
    someone not yet written to; an invitation to connect for someone met and not
    yet Connected (none while one is waiting), the online one for someone who
    became Engaged lately (this week's invitations) and was never met; else a
    note that gives value first, which asks nothing and needs no "where we met"."""
    if thanks_due(contact) is not None:
        return THANK_YOU
    if contact.introduced_by is not None and not contact.interactions:
        return INTRODUCED
    if pending_invitation(contact) is not None:
        return VALUE_FIRST
    if contact.where_met and contact.stage in NOT_YET_CONNECTED:
        return INVITATION
    if contact.stage == "engaged" and to_invite(contact, today) is not None:
        return INVITATION_ONLINE  # became Engaged lately: this week's invitation
    return VALUE_FIRST


def all_templates(stored: dict[str, dict[str, Any]]) -> list[Template]:
    """Built-in templates (as edited, if they were), then the user's own by name."""
    result = []
    for template in BUILTIN:
        doc = stored.get(template.uid)
        if doc:
            name, body = doc.get("name", template.name), doc.get("body", template.body)
            kind = _kind(doc.get("kind"), template.kind)
            template = Template(template.uid, name, body, builtin=True, kind=kind)
        result.append(template)
    own = [
        Template(
            uid,
            str(doc.get("name", "untitled")),
            str(doc.get("body", "")),
            kind=_kind(doc.get("kind")),
        )
        for uid, doc in stored.items()
        if uid not in {t.uid for t in BUILTIN}
    ]
    return result + sorted(own, key=lambda t: t.name.casefold())


def _kind(kind: object, default: str = "message") -> str:
    """A template's touch kind; one the app does not know (a hand edit) is ignored."""
    return kind if isinstance(kind, str) and kind in TOUCH_KINDS else default


_FIELD = re.compile(r"\{(\w+)\}")


def fill(body: str, values: dict[str, str | None]) -> str:
    """Put the values in; a missing one becomes a visible [gap] to edit by hand."""

    def replace(match: re.Match[str]) -> str:
        key = match[1]
        value = values.get(key)
        if isinstance(value, Withheld):
            return f"[{PLACEHOLDERS.get(key, key)}: {value}]"
        if value:
            return value
        if key in PLACEHOLDERS:
            return f"[{PLACEHOLDERS[key]}]"
        return match[0]

    return _FIELD.sub(replace, body)


_BRACES = re.compile(r"\{(\w*)\}|[{}]")


def placeholder_problems(body: str) -> list[str]:
    """What in a template's body would reach a message as typed instead of filled:
    an unknown {name}, or a brace that is not part of a placeholder."""
    problems: list[str] = []
    for match in _BRACES.finditer(body):
        if match[1] in PLACEHOLDERS:
            continue
        if match[1] is None:
            problem = f"a lone {match[0]} (a placeholder is a known name in braces)"
        else:
            problem = f"{match[0]} is not a placeholder"
        if problem not in problems:
            problems.append(problem)
    return problems


def known_placeholders() -> str:
    return ", ".join("{" + key + "}" for key in PLACEHOLDERS)


def gap(text: str) -> tuple[int, int] | None:
    """Where the first [gap] left by `fill` is in a message (start, end), if any."""
    match = _GAP.search(text)
    return (match.start(), match.end()) if match else None


_GAP = re.compile(
    "|".join(re.escape(f"[{text}") + r"(?:: [^\]]*)?\]" for text in PLACEHOLDERS.values())
)


def over_limit(text: str) -> bool:
    return len(text) > LINKEDIN_NOTE_LIMIT
