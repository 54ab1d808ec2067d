"""Events, goals and the agenda."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from networking_tui.data import agenda_read
from networking_tui.data.agenda_read import AgendaRead
from networking_tui.data.store import CONTACTS, Change, ContactStore
from networking_tui.domain import agenda, changes, clock, events
from networking_tui.domain.changes import Doc, Op, new_uid, updating
from networking_tui.domain.dates import readable
from networking_tui.domain.model import Contact
from networking_tui.usecases.result import Done

if TYPE_CHECKING:
    from pathlib import Path

    from networking_tui.data import storage


def save_event(store: ContactStore, uid: str | None, doc: Mapping[str, Any]) -> Done:
    """Save an event; the people linked to it get their follow-up the day after."""
    uid = uid or new_uid()
    event = {**doc, "uid": uid}
    change = _change_event(store, uid, event, f"save event {doc['name']}")
    set_by_it = [
        after
        for part in change.parts
        if (after := part.after) and (after.get(events.FOLLOW_UP) or {}).get("event") == uid
    ]
    message = f"Saved {doc['name']}."
    if set_by_it:
        names = ", ".join(after["name"] for after in set_by_it)
        when = readable(set_by_it[0]["next_touch"])
        message += f" Follow up with {names} on {when}."
    return Done(change, message, quiet=not set_by_it)


def delete_event(store: ContactStore, uid: str) -> Done:
    name = store.doc(uid, "events")["name"]
    change = _change_event(store, uid, None, f"delete event {name}")
    return Done(change, f"Deleted the event {name}. Ctrl+Z brings it back.")


def _change_event(store: ContactStore, uid: str, event: Doc | None, label: str) -> Any:
    """Write (or delete) one event and, in the same undoable step, the next touch
    of everyone linked to it before or after (domain/events.py)."""
    docs = store.docs("events")
    before = docs.pop(uid, None)
    if event is not None:
        docs[uid] = event
    after = events.events_from(docs)
    people = {*(before or {}).get("contacts", []), *(event or {}).get("contacts", [])}
    now = clock.now()
    today, stamp = now.date(), clock.stamp(now)
    met = _newly_met(before, event, after, uid, today)
    steps: list[tuple[str, str, Op]] = [("events", uid, lambda _: event)]
    for person in sorted(people):
        if person not in store:
            continue

        def follow(doc: Doc, person: str = person) -> Doc:
            if met is None or person not in met[1]:
                return events.with_follow_ups(person, doc, after, today, stamp)
            # Met there: the meeting logged on the event's day, and the follow-up
            # the event's (the day after it, or today if it is entered later).
            note = f"met at {met[0].name}"
            logged = changes.met_at(doc, events.at_event(met[0], now), note, stamp)
            logged = {**logged, "where_met": doc.get("where_met") or met[0].name}
            due = doc.get("next_touch")
            return events.met_there(person, logged, due, met[0], after, today, stamp)

        current = store.doc(person)
        if follow(current) is not current:
            steps.append((CONTACTS, person, updating(follow)))
    return store.apply_all(steps, label)


def _newly_met(
    before: Doc | None, event: Doc | None, after: list[events.Event], uid: str, today: Any
) -> tuple[events.Event, set[str]] | None:
    """The people just added to an event that has taken place (today or earlier):
    marked as met there. (People added to an event still ahead are expected.)"""
    saved = next((e for e in after if e.uid == uid), None)
    if event is None or saved is None or saved.day > today:
        return None
    added = set(event.get("contacts") or []) - set((before or {}).get("contacts") or [])
    return (saved, added) if added else None


def save_settings(store: ContactStore, values: Mapping[str, int]) -> Done:
    """The weekly goals and the Engaged limit."""

    def op(current: Doc | None) -> Doc:
        return {**(current or {}), **values, "uid": "settings"}

    change = store.apply("settings", "settings", op, "change the goals")
    return Done(change, "Goals saved.")


def save_theme(store: ContactStore, name: str) -> Change | None:
    """Remember the theme for the next start (not an undo step: the palette changes
    it back). None when it is the one saved already."""
    if store.settings().theme == name:
        return None

    def op(current: Doc | None) -> Doc:
        return {**(current or {}), "theme": name, "uid": "settings"}

    return store.apply("settings", "settings", op, "change the theme", undoable=False)


def today_agenda(store: ContactStore, *, days: int = agenda.LATER_DAYS) -> agenda.Agenda:
    """Today's agenda from the store (safe to call from a worker thread).

    The app's store keeps each contact's agenda facts current (worked out once,
    then per change): the agenda reads them, and explains only the rows read.
    Otherwise (a shell command) every contact is decoded once, here. Raises
    DataFileError for an invalid contact in a file opened with open_cards."""
    events, settings, now = agenda.events_from(store.docs("events")), store.settings(), clock.now()
    if store.facts_ready:
        return agenda.select(store.agenda_facts(), events, settings, now, _shown(store), days=days)
    return agenda.build(store.contacts(), events, settings, now, days=days)


def file_agenda(
    path: Path,
    *,
    days: int = agenda.LATER_DAYS,
    prefetch: storage.Prefetch[storage.Buffer] | None = None,
    keep: list[object] | None = None,
) -> agenda.Agenda:
    """Today's agenda from the file at `path`, read for it (data/agenda_read.py): a
    shell command's. `keep`: gets what was read, not to be freed (shell._keep).
    Raises DataFileError."""
    now = clock.now()

    def plan(read: AgendaRead) -> agenda.LiveAgenda:
        """The agenda of what was read: the whole file, or a half of it."""
        events = agenda.events_from(read.events)
        found = read.facts
        if found is None:  # read the store's way
            found = [agenda.facts(uid, contact) for uid, contact in read.contacts]
        lookup = dict(read.contacts).get
        live = agenda.LiveAgenda(found, events, read.settings, now, lookup, days=days, kept=False)
        if keep is not None:
            keep.extend((read, live))
        return live

    return agenda_read.planned(path, plan, prefetch)


def live_agenda(store: ContactStore) -> agenda.LiveAgenda:
    """Today's agenda from every contact's facts, to be kept current by
    `updated_agenda` (its `agenda`; safe to call from a worker thread)."""
    events, settings, now = agenda.events_from(store.docs("events")), store.settings(), clock.now()
    facts, mark = store.agenda_facts_marked()
    live = agenda.LiveAgenda(facts, events, settings, now, _shown(store))
    live.mark = mark
    return live


def updated_agenda(store: ContactStore, live: agenda.LiveAgenda) -> agenda.Agenda | None:
    """`live`'s agenda brought up to date with the store, contact by contact, as at
    the moment it was worked out (the same day); None when that would not save time
    (the events changed, or many contacts did): call live_agenda instead."""
    if live.mark is None:
        return None
    changed, mark = store.agenda_facts_since(live.mark)
    if changed is None:
        return None
    events = agenda.events_from(store.docs("events"))
    updated = live.update_changed(changed, events, store.settings())
    live.mark = mark
    return updated


def _shown(store: ContactStore) -> Callable[[str], Contact | None]:
    def shown(uid: str) -> Contact | None:
        return store.contact(uid) if uid in store else None  # deleted meanwhile: None

    return shown


def agenda_item(store: ContactStore, uid: str) -> agenda.Item | None:
    """One contact's agenda row as it is now (its reason, section and lateness),
    however far ahead it is due; None if nothing is planned."""
    events_ = agenda.events_from(store.docs("events"))
    one = agenda.build(
        [(uid, store.contact(uid))], events_, store.settings(), clock.now(), days=36500
    )
    return one.items[0] if one.items else one.next_up
