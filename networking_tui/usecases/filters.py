"""Saved filters (table `filters`) and which contacts a filter keeps."""

from __future__ import annotations

import re
from dataclasses import replace

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain import filters as rules
from networking_tui.domain.filters import Filter, FilterError
from networking_tui.usecases.result import Done

FILTERS = "filters"


def saved(store: ContactStore) -> dict[str, Filter]:
    """The saved filters by name (one written by hand that cannot be read is left out)."""
    found = {}
    for doc in store.docs(FILTERS).values():
        name, words = doc.get("name"), doc.get("words")
        if isinstance(name, str) and isinstance(words, str):
            try:
                found[name] = replace(rules.parse(words), name=name)
            except FilterError:
                continue
    return dict(sorted(found.items(), key=lambda kv: kv[0].casefold()))


def save(store: ContactStore, value: Filter) -> Done:
    """Save the filter under its name (a filter of that name is replaced)."""
    slug = re.sub(r"[^a-z0-9]+", "-", value.name.casefold()).strip("-") or "x"
    uid = f"filter-{slug}"
    doc = {"uid": uid, "name": value.name, "words": rules.unparse(value)}
    label = f"save filter {value.name}"
    if uid in store.docs(FILTERS):
        change = store.update(uid, lambda d: {**d, **doc}, label, FILTERS)
    else:
        change = store.insert(doc, label, FILTERS)
    return Done(change, f"Filter saved as “{value.name}”: Ctrl+P recalls it.")


def kept(store: ContactStore, value: Filter) -> set[str]:
    """The uids of the contacts the filter keeps (reads every contact: on a worker
    thread in the app)."""
    contacts = []
    for uid in list(store.cards):
        try:
            contacts.append((uid, store.contact(uid)))
        except KeyError:
            continue  # deleted meanwhile
    return set(rules.keep(contacts, value, clock.today(), store.docs("events")))


def keeps(store: ContactStore, value: Filter, uid: str) -> bool:
    """Whether the filter keeps one contact."""
    at = rules.people_at(store.docs("events"), value.met_at) if value.met_at else frozenset()
    return value.matches(store.contact(uid), clock.today(), at, uid)
