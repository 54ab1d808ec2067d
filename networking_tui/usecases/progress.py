"""The progress screen's figures from the store (see domain/stats.py)."""

from __future__ import annotations

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.stats import Progress, progress


def figures(store: ContactStore) -> Progress:
    """Reads every contact: most of a second at 30,000 (the app calls it on a worker
    thread)."""
    contacts = []
    for uid in list(store.cards):
        try:
            contacts.append((uid, store.contact(uid)))
        except KeyError:
            continue  # deleted meanwhile
    return progress(contacts, store.settings(), clock.now())
