"""Finding a contact by what a person types: case and accents ignored, unique
prefixes and nicknames accepted. Shared by the forms, quick-add and logging."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable

from networking_tui.domain.model import Card, identity_keys


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


class NameIndex:
    """`find` over every contact, without a scan per key press: at 30,000 contacts
    folding every name takes 40 ms to 80 ms, a lookup here well under 1 ms (the
    one-line log and the forms that name a contact look the name up on every key).

    Kept current one contact at a time (`add`, `discard`): building it again after
    each change cost 150 ms at 30,000 contacts."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.by_uid: dict[str, Card] = {}  # on the board (not archived)
        self._cards: dict[str, Card] = {}
        self._order: dict[str, tuple[str, str]] = {}  # uid -> _order(card)
        self._exact: dict[str, list[str]] = {}  # a folded name or nickname -> uids
        self._starts: dict[str, list[str]] = {}  # a name, a word of it, a nickname -> uids
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
            _unlist(self._exact, key, uid)
        for key in starts:
            if _unlist(self._starts, key, uid):
                del self._keys[bisect_left(self._keys, key)]

    def _index(self, card: Card) -> list[str]:
        """Add the card to the dictionaries; returns the prefix keys it is the first for."""
        uid = card.uid
        if uid is None:
            return []
        self._cards[uid] = card
        self._order[uid] = _order(card)
        if not card.archived:
            self.by_uid[uid] = card
        exact, starts = _name_keys(card)
        for key in exact:
            self._exact.setdefault(key, []).append(uid)
        new = []
        for key in starts:
            uids = self._starts.get(key)
            if uids is None:
                self._starts[key] = [uid]
                new.append(key)
            else:
                uids.append(uid)
        return new

    def find(self, query: str, *, archived: bool = False, exclude: str | None = None) -> list[Card]:
        """The same answer as `find(query, cards, archived=archived)` over the cards
        other than `exclude` (a form naming someone other than its own contact)."""
        wanted = fold(query)
        if not wanted:
            return []
        cards = self._cards

        def answer(uids: Iterable[str]) -> list[Card]:
            kept = [u for u in uids if u != exclude and (archived or not cards[u].archived)]
            return [cards[u] for u in sorted(kept, key=self._order.__getitem__)]

        exact = answer(self._exact.get(wanted, ()))
        if exact:
            return exact
        keys, found = self._keys, set()
        i = bisect_left(keys, wanted)
        while i < len(keys) and keys[i].startswith(wanted):
            found.update(self._starts[keys[i]])
            i += 1
        return answer(found)


def _name_keys(card: Card) -> tuple[set[str], set[str]]:
    """What finds the card: exactly (its folded name and nickname), and by a prefix
    (those, and each word of the name)."""
    name = fold(card.name)
    exact = {name}
    if card.nickname and (nickname := fold(card.nickname)):
        exact.add(nickname)
    return exact, {*exact, *name.split()}


def _unlist(index: dict[str, list[str]], key: str, uid: str) -> bool:
    """Take `uid` out of `index[key]`; True if that left the key with no one."""
    uids = index.get(key)
    if uids is None:
        return False
    if uid in uids:
        uids.remove(uid)
    if uids:
        return False
    del index[key]
    return True


class Identities:
    """Contacts by folded name and by normalised handle, to spot a duplicate as one
    types (a scan of 30,000 names per key press would lag). Archived contacts are
    included: adding someone again is how a person forgets they archived them."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.by_name: dict[str, list[Card]] = {}
        self.by_handle: dict[str, list[Card]] = {}
        for card in cards:
            self.add(card)

    def add(self, card: Card) -> None:
        self.by_name.setdefault(fold(card.name), []).append(card)
        for key in _handle_keys(card):
            self.by_handle.setdefault(key, []).append(card)

    def discard(self, card: Card) -> None:
        """Forget a card (as it was before a change): the index is kept current one
        contact at a time, not rebuilt (120 ms at 30,000 contacts)."""
        for index, key in [(self.by_name, fold(card.name))] + [
            (self.by_handle, key) for key in _handle_keys(card)
        ]:
            kept = [c for c in index.get(key, []) if c.uid != card.uid]
            if kept:
                index[key] = kept
            else:
                index.pop(key, None)

    def matching(self, name: str, keys: Iterable[str]) -> list[Card]:
        """Who this could be, on the board first, then archived (see `matching`)."""
        found = {c.uid: c for c in self.by_name.get(fold(name), [])}
        for key in keys:
            found.update((c.uid, c) for c in self.by_handle.get(key, []))
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
        found = known.by_handle.get(key)
        if found:
            return min(found, key=lambda c: c.archived)
    wanted = fold(company or "")
    namesakes = [
        card
        for card in known.by_name.get(fold(name), [])
        if fold(company_of(card.uid or "") or "") == wanted
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
