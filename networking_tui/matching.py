"""Finding a contact by what a person types: case and accents ignored, unique
prefixes and nicknames accepted. Shared by the forms, quick-add and logging."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Card, identity_keys


def fold(text: str) -> str:
    """Lower case without accents: 'Émilie' and 'emilie' are the same name."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def find(query: str, cards: Iterable[Card], *, archived: bool = False) -> list[Card]:
    """Contacts the query names: an exact name or nickname wins; otherwise every
    contact whose name (or any word of it, or the nickname) starts with the query.

    Archived contacts are left out unless `archived` (an archived person can still
    be the one who introduced someone)."""
    wanted = fold(query)
    if not wanted:
        return []
    exact, prefix = [], []
    for card in cards:
        if card.archived and not archived:
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


class Identities:
    """Contacts by folded name and by normalised handle, to spot a duplicate as one
    types (a scan of 30,000 names per key press would lag)."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.by_name: dict[str, list[Card]] = {}
        self.by_handle: dict[str, list[Card]] = {}
        for card in cards:
            if card.archived:
                continue
            self.by_name.setdefault(fold(card.name), []).append(card)
            h = card.handles
            if h.x or h.linkedin or h.email:
                for key in identity_keys(h.x, h.linkedin, h.email):
                    self.by_handle.setdefault(key, []).append(card)

    def matching(self, name: str, keys: Iterable[str]) -> list[Card]:
        found = {c.uid: c for c in self.by_name.get(fold(name), [])}
        for key in keys:
            found.update((c.uid, c) for c in self.by_handle.get(key, []))
        return list(found.values())
