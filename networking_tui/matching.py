"""Finding a contact by what a person types: case and accents ignored, unique
prefixes and nicknames accepted. Shared by the forms, quick-add and logging."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Card


def fold(text: str) -> str:
    """Lower case without accents: 'Émilie' and 'emilie' are the same name."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def find(query: str, cards: Iterable[Card]) -> list[Card]:
    """Contacts the query names: an exact name or nickname wins; otherwise every
    contact whose name (or any word of it, or the nickname) starts with the query."""
    wanted = fold(query)
    if not wanted:
        return []
    exact, prefix = [], []
    for card in cards:
        if card.archived:
            continue
        name = fold(card.name)
        nickname = fold(card.nickname or "")
        if wanted in (name, nickname):
            exact.append(card)
        elif (
            name.startswith(wanted)
            or any(word.startswith(wanted) for word in name.split())
            or (nickname and nickname.startswith(wanted))
        ):
            prefix.append(card)
    return exact or sorted(prefix, key=lambda c: (c.sort_name, c.uid))
