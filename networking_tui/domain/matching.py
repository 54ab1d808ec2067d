"""Finding a contact by what a person types: case and accents ignored, unique
prefixes and nicknames accepted. Shared by the forms, quick-add and logging."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias, TypeVar

from networking_tui.domain.model import Card, identity_keys

_V = TypeVar("_V")
# An index's value: the one uid (or card) under a key, or a list of them when more
# than one: most keys (a whole name, a handle) have one, and a list of one costs
# 64 bytes more (20 MB of the indexes at 100,000 contacts).
_One: TypeAlias = "_V | list[_V]"


def _put(index: dict[str, _One[_V]], key: str, value: _V) -> bool:
    """Add `value` under `key`; True if the key is new."""
    held = index.get(key)
    if held is None:
        index[key] = value
        return True
    if isinstance(held, list):
        held.append(value)
    else:
        index[key] = [held, value]
    return False


def _under(index: dict[str, _One[_V]], key: str) -> Sequence[_V]:
    """Every value under `key`."""
    held = index.get(key)
    if held is None:
        return ()
    return held if isinstance(held, list) else (held,)


def _take(index: dict[str, _One[_V]], key: str, keep: Callable[[_V], bool]) -> bool:
    """Keep under `key` only the values `keep` accepts; True if none is left."""
    held = index.get(key)
    if held is None:
        return False
    kept = [v for v in _under(index, key) if keep(v)]
    if len(kept) > 1:
        index[key] = kept
    elif kept:
        index[key] = kept[0]
    else:
        del index[key]
        return True
    return False


def fold(text: str) -> str:
    """Lower case without accents: 'Émilie' and 'emilie' are the same name."""
    if text.isascii():  # most names: five times quicker, the same result
        return " ".join(text.lower().split())
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
    return sorted(exact or prefix, key=_order)


def _order(card: Card) -> tuple[str, str]:
    return (card.sort_name, card.uid or "")


def _folded(card: Card) -> tuple[str, str]:
    """The card's sort name and folded name: one string when they are the same
    (most names), not two equal ones."""
    sort, folded = card.sort_name, fold(card.name)
    return sort, sort if folded == sort else folded


class NameIndex:
    """`find` over every contact, without a scan per key press: at 30,000 contacts
    folding every name takes 40 ms to 80 ms, a lookup here well under 1 ms (the
    one-line log and the forms that name a contact look the name up on every key).

    Kept current one contact at a time (`add`, `discard`): building it again after
    each change cost 150 ms at 30,000 contacts."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.by_uid: dict[str, Card] = {}  # on the board (not archived)
        self._cards: dict[str, Card] = {}
        self._order: dict[str, str] = {}  # uid -> its card's sort name (then the uid)
        self._exact: dict[str, _One[str]] = {}  # a folded name or nickname -> uids
        self._starts: dict[str, _One[str]] = {}  # a name, a word of it, a nickname -> uids
        for card in cards:
            self._index(card)
        self._keys = sorted(self._starts)  # for prefixes

    def add(self, card: Card) -> None:
        """Index a card (as it is after a change), in place of the uid's old one."""
        if card.uid is None:
            return
        self.discard(card.uid)
        for key in self._index(card):
            insort(self._keys, key)

    def discard(self, uid: str) -> None:
        """Forget the contact (deleted, or about to be added again as changed)."""
        card = self._cards.pop(uid, None)
        if card is None:
            return
        del self._order[uid]
        self.by_uid.pop(uid, None)
        exact, starts = _name_keys(card)
        for key in exact:
            _take(self._exact, key, uid.__ne__)
        for key in starts:
            if _take(self._starts, key, uid.__ne__):
                del self._keys[bisect_left(self._keys, key)]

    def _index(self, card: Card) -> list[str]:
        """Add the card to the dictionaries; returns the prefix keys it is the first for."""
        uid = card.uid
        if uid is None:
            return []
        self._cards[uid] = card
        sort, name = _folded(card)
        self._order[uid] = sort
        if not card.archived:
            self.by_uid[uid] = card
        exact, starts = _name_keys(card, name)
        for key in exact:
            _put(self._exact, key, uid)
        return [key for key in starts if _put(self._starts, key, uid)]

    def find(self, query: str, *, archived: bool = False, exclude: str | None = None) -> list[Card]:
        """The same answer as `find(query, cards, archived=archived)` over the cards
        other than `exclude` (a form naming someone other than its own contact)."""
        wanted = fold(query)
        if not wanted:
            return []
        cards = self._cards

        order = self._order

        def answer(uids: Iterable[str]) -> list[Card]:
            kept = [u for u in uids if u != exclude and (archived or not cards[u].archived)]
            kept.sort()  # by uid, then (a stable sort) by sort name: namesakes by uid
            kept.sort(key=order.__getitem__)
            return [cards[u] for u in kept]

        exact = answer(_under(self._exact, wanted))
        if exact:
            return exact
        keys, found = self._keys, set[str]()
        i = bisect_left(keys, wanted)
        while i < len(keys) and keys[i].startswith(wanted):
            found.update(_under(self._starts, keys[i]))
            i += 1
        return answer(found)


def _name_keys(card: Card, name: str | None = None) -> tuple[set[str], set[str]]:
    """What finds the card: exactly (its folded name and nickname), and by a prefix
    (those, and each word of the name). `name`: its folded name, if known."""
    name = fold(card.name) if name is None else name
    exact = {name}
    if card.nickname and (nickname := fold(card.nickname)):
        exact.add(nickname)
    return exact, {*exact, *name.split()}


class Identities:
    """Contacts by folded name and by normalised handle, to spot a duplicate as one
    types (a scan of 30,000 names per key press would lag). Archived contacts are
    included: adding someone again is how a person forgets they archived them."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self._by_name: dict[str, _One[Card]] = {}
        self._by_handle: dict[str, _One[Card]] = {}
        for card in cards:
            self.add(card)

    def named(self, folded: str) -> Sequence[Card]:
        """The cards whose folded name is `folded`."""
        return _under(self._by_name, folded)

    def with_handle(self, key: str) -> Sequence[Card]:
        """The cards with this normalised handle (see model.identity_keys)."""
        return _under(self._by_handle, key)

    def add(self, card: Card) -> None:
        _put(self._by_name, fold(card.name), card)
        for key in _handle_keys(card):
            _put(self._by_handle, key, card)

    def discard(self, card: Card) -> None:
        """Forget a card (as it was before a change): the index is kept current one
        contact at a time, not rebuilt (120 ms at 30,000 contacts)."""
        uid = card.uid

        def other(c: Card) -> bool:
            return c.uid != uid

        _take(self._by_name, fold(card.name), other)
        for key in _handle_keys(card):
            _take(self._by_handle, key, other)

    def matching(self, name: str, keys: Iterable[str]) -> list[Card]:
        """Who this could be, on the board first, then archived (see `matching`)."""
        found = {c.uid: c for c in self.named(fold(name))}
        for key in keys:
            found.update((c.uid, c) for c in self.with_handle(key))
        return sorted(found.values(), key=lambda c: c.archived)


def same_person(
    known: Identities,
    name: str,
    linkedin: str | None,
    emails: Iterable[str],
    company: str | None,
    company_of: Callable[[str], str | None],
) -> Card | None:
    """The contact an imported person already is: the same LinkedIn profile (however
    its address was copied), else the same email, else the same name (case and
    accents ignored) at the same company (`company_of(uid)`; none on both sides
    counts as the same). On the board before archived; None for someone new."""
    keys = list(identity_keys(None, linkedin, None))
    keys += [key for email in emails for key in identity_keys(None, None, email)]
    for key in keys:
        found = known.with_handle(key)
        if found:
            return min(found, key=lambda c: c.archived)
    wanted = fold(company or "")
    namesakes = [
        card for card in known.named(fold(name)) if fold(company_of(card.uid or "") or "") == wanted
    ]
    return min(namesakes, key=lambda c: c.archived) if namesakes else None


def matching(cards: Iterable[Card], name: str, keys: Iterable[str]) -> list[Card]:
    """What `Identities(cards).matching(name, keys)` answers, in one pass: for a
    single check (a shell `add`), where building the index costs three times more."""
    wanted, handles = fold(name), set(keys)
    by_name, by_handle = [], []
    for card in cards:
        if fold(card.name) == wanted:
            by_name.append(card)
        elif handles and not handles.isdisjoint(_handle_keys(card)):
            by_handle.append(card)
    found = {c.uid: c for c in by_name}
    found.update((c.uid, c) for c in by_handle)
    return sorted(found.values(), key=lambda c: c.archived)


def _handle_keys(card: Card) -> tuple[str, ...]:
    h = card.handles
    if h.x or h.linkedin or h.email:
        return identity_keys(h.x, h.linkedin, h.email)
    return ()
