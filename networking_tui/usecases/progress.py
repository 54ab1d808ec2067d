"""The progress screen's figures from the store (see domain/stats.py)."""

from __future__ import annotations

from dataclasses import replace

import msgspec

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.stats import Progress, Slim, progress, slim


def figures(store: ContactStore) -> Progress:
    """Reads every contact's stages and touches (the app calls it on a worker
    thread)."""

    def slim_of(uid: str, raw: msgspec.Raw) -> tuple[str, Slim] | None:
        try:
            return uid, slim(raw)
        except msgspec.DecodeError:
            return None  # validated by the store; cannot happen

    contacts = [found for found in store.each_contact(slim_of) if found is not None]
    result = progress(contacts, store.settings(), clock.now())
    cards = store.cards  # names as shown (controls from elsewhere left out)
    losing = [replace(i, name=cards[i.uid].name) if i.uid in cards else i for i in result.losing]
    return replace(result, losing=losing)
