"""Choosing one contact among several that match what was typed (two "Sam Lee"s).

The forms that name another contact (introduced by, whom they know) show each
candidate with what tells namesakes apart: stage, company or role, where met.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from networking_tui.data.store import ContactStore
from networking_tui.domain.capture import who_they_are
from networking_tui.domain.model import STAGE_TITLES, Card
from networking_tui.ui.screens.choice import ChoiceScreen

MAX_CANDIDATES = 20


def details(store: ContactStore, card: Card) -> str:
    """What sets this contact apart from a namesake: 'Engaged · Acme · archived'."""
    if card.uid and card.uid in store:
        parts = who_they_are(store.contact(card.uid))
    else:
        parts = [STAGE_TITLES.get(card.stage, card.stage)]
    parts += ["archived"] if card.archived else []
    return " · ".join(parts)


def label(store: ContactStore, card: Card, others: list[Card]) -> str:
    """A contact's name for a form's "→ …" line: with details when a namesake exists
    among `others`, and always saying when the contact is archived."""
    namesake = any(o.uid != card.uid and o.name.casefold() == card.name.casefold() for o in others)
    if namesake:
        return f"{card.name} ({details(store, card)})"
    return f"{card.name} (archived)" if card.archived else card.name


def choose_contact(
    store: ContactStore,
    title: str,
    candidates: list[Card],
    push: Callable[..., object],
    done: Callable[[Card], None],
) -> None:
    """Ask which of `candidates` is meant; `done` is called only if one is chosen."""
    shown = candidates[:MAX_CANDIDATES]
    by_uid = {card.uid: card for card in shown}
    options: list[tuple[str, str | Text]] = []
    for card in shown:
        text = Text(card.name, style="bold")
        text.append(f"  {details(store, card)}", style="dim")
        options.append((str(card.uid), text))

    def chosen(uid: str | None) -> None:
        if uid is not None and uid in by_uid:
            done(by_uid[uid])

    push(ChoiceScreen(title, options), chosen)
