"""Adding, editing, moving, archiving and deleting contacts; undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from networking_tui.data.store import CONTACTS, Change, ContactStore
from networking_tui.domain import changes, clock, events
from networking_tui.domain.capture import (
    QuickAdd,
    describe,
    duplicates,
    merged,
    onto_existing,
    to_doc,
    too_early_to_ask,
    who_is,
)
from networking_tui.domain.changes import Op
from networking_tui.domain.model import STAGE_TITLES, Card
from networking_tui.domain.rules import INVITATION_LAPSE_DAYS, ask_gate, pending_invitation
from networking_tui.usecases.result import Done, Refused
from networking_tui.usecases.touches import event_follow_ups

# --- adding -------------------------------------------------------------------


def namesakes(store: ContactStore, entry: QuickAdd, *, besides: str | None = None) -> list[Card]:
    """Contacts that are probably the person a quick-add line names (same name,
    handle, email or LinkedIn profile), archived ones last."""
    return [c for c in duplicates(entry, store.identities()) if c.uid != besides]


def too_early(entry: QuickAdd) -> list[str]:
    """Why adding this person straight into Ask is too early (empty: fine)."""
    return too_early_to_ask(entry, clock.now())


def met_at_event(store: ContactStore, entry: QuickAdd) -> events.Event | None:
    """The event a quick-add's `met at` names, if one of that name was held in the
    last 7 days: the person is linked to it and the meeting dated on its day."""
    if not entry.where_met:
        return None
    return events.named(entry.where_met, events.events_from(store.docs("events")), clock.today())


def add(store: ContactStore, entry: QuickAdd) -> Done:
    """Add the person a quick-add line describes (no checks: see add_checked); a
    `met at` that names a recent event links them to it, in the same undo step."""
    doc, event = _planned(store, entry)
    if event is None:
        change = store.insert(doc, f"add {entry.name}")
        return Done(change, f"Added {describe(entry, done=True)}.")
    uid = doc["uid"]
    steps: list[tuple[str, str, Op]] = [(CONTACTS, uid, changes.inserting(doc))]
    change = store.apply_all([*steps, _onto_event(uid, event)], f"add {entry.name}")
    said = describe(entry, done=True, saved=store.doc(uid))  # the event's follow-up
    return Done(change, f"Added {said}; {_linked(event)}.")


def preview(store: ContactStore, entry: QuickAdd) -> str:
    """What adding this line would do, as quick-add shows it while it is typed:
    with a recent event's follow-up when `met at` names one."""
    doc, event = _planned(store, entry)
    if event is None:
        return describe(entry)
    return f"{describe(entry, saved=doc)} · {_linked(event, ahead=True)}"


def _planned(store: ContactStore, entry: QuickAdd) -> tuple[changes.Doc, events.Event | None]:
    """The new contact as it will be saved, and the recent event `met at` names.
    Met at an event, the meeting is dated on its day and the next touch is the
    event's follow-up (the day after it, or today: as the event form marks people
    met), not a day after the meeting already gone; of it and a `fu` date typed,
    the sooner (events.met_there)."""
    now = clock.now()
    event = met_at_event(store, entry)
    if event is None:
        return to_doc(entry, now), None
    met = events.at_event(event, now)
    doc = to_doc(entry, now, met_on=met)
    doc = {**doc, "where_met": event.name}  # as the event is named, not as typed
    # In their stage since the meeting (the Ask check counts from it), not since now.
    doc["stage_history"] = [{**h, "at": clock.stamp(met)} for h in doc["stage_history"]]
    chosen = doc.get("next_touch") if entry.follow_up_date is not None else None
    after = _linked_events(store, doc["uid"], event)
    doc = events.met_there(doc["uid"], doc, chosen, event, after, now.date(), clock.stamp(now))
    return doc, event


def _linked(event: events.Event, *, ahead: bool = False) -> str:
    return f"met at {event.name} on {event.day.format('ddd D MMM')}, " + (
        "links to it" if ahead else "linked to it"
    )


def _event_follow_up(
    store: ContactStore, uid: str, event: events.Event
) -> Callable[[changes.Doc], changes.Doc]:
    """The person's follow-up once linked to the event (events.with_follow_ups)."""
    today, stamp = clock.today(), clock.stamp(clock.now())
    after = _linked_events(store, uid, event)
    return lambda doc: events.with_follow_ups(uid, doc, after, today, stamp)


def _linked_events(store: ContactStore, uid: str, event: events.Event) -> list[events.Event]:
    """The events as they are once the person is linked to `event`."""
    docs = store.docs("events")
    docs[event.uid] = events.with_person(docs[event.uid], uid)
    return events.events_from(docs)


def _onto_event(uid: str, event: events.Event) -> tuple[str, str, Op]:
    return ("events", event.uid, changes.updating(lambda d: events.with_person(d, uid)))


def add_many(store: ContactStore, entries: Sequence[QuickAdd]) -> Done:
    """Several people at once (lines pasted into quick-add): one undoable step."""
    now = clock.now()
    docs = [to_doc(entry, now) for entry in entries]
    steps: list[tuple[str, str, Op]] = [
        (CONTACTS, doc["uid"], changes.inserting(doc)) for doc in docs
    ]
    change = store.apply_all(steps, f"add {len(docs)} people")
    names = ", ".join(entry.name for entry in entries)
    return Done(change, f"Added {len(docs)} people: {names}.")


def add_checked(
    store: ContactStore,
    entry: QuickAdd,
    *,
    allow_duplicate: bool = False,
    allow_early_ask: bool = False,
) -> Done:
    """Add, unless the person seems to be here already or it is too early to ask
    them (Refused says which); the shell's `add`, under the file lock."""
    matches = duplicates(entry, store.cards.values())  # one pass: one check needs no index
    if matches and not allow_duplicate:
        names = "; ".join(who_is(c) for c in matches[:5])
        raise Refused(
            f"{entry.name} looks like a contact already here: {names}. "
            "Use --allow-duplicate to add a second one anyway"
        )
    reasons = [] if allow_early_ask else too_early(entry)
    if reasons:
        raise Refused(
            f"{entry.name} would go straight to Ask, which is too early: "
            f"{'; '.join(reasons)}. Use --allow-early-ask to add them there anyway"
        )
    return add(store, entry)


def add_onto(store: ContactStore, uid: str, entry: QuickAdd) -> Done:
    """What a quick-add line says, onto a contact already here (restored from the
    archive if need be), as one undoable step."""
    name = store.cards[uid].name
    restore = store.cards[uid].archived
    now = clock.now()
    stamp = clock.stamp(now)
    follow = event_follow_ups(store, uid, stamp)
    event = met_at_event(store, entry)
    met_on = events.at_event(event, now) if event else None

    def onto(doc: changes.Doc) -> changes.Doc:
        doc = follow(merged(doc, entry, now, met_on))
        return changes.with_fields(doc, {"archived": False}, stamp) if restore else doc

    applied, _ = onto_existing(entry)
    back = " (back on the board)" if restore else ""
    if event is None:
        change = store.update(uid, onto, f"add to {name}")
        return Done(change, f"{name}{back}: {', '.join(applied)}.")
    linked = _event_follow_up(store, uid, event)
    step: tuple[str, str, Op] = (CONTACTS, uid, changes.updating(lambda d: linked(onto(d))))
    change = store.apply_all([step, _onto_event(uid, event)], f"add to {name}")
    return Done(change, f"{name}{back}: {', '.join(applied)}; {_linked(event)}.")


def fold_into(store: ContactStore, ours: str, theirs: str, entry: QuickAdd) -> Done:
    """Two copies of one person (added here and elsewhere at once): what our line
    said goes onto theirs, and ours goes, as one undoable step."""
    now = clock.now()
    stamp = clock.stamp(now)
    follow = event_follow_ups(store, theirs, stamp)
    steps: list[tuple[str, str, Op]] = [
        (CONTACTS, theirs, changes.updating(lambda d: follow(merged(d, entry, now)))),
        (CONTACTS, ours, lambda _: None),
    ]
    name = store.cards[theirs].name
    change = store.apply_all(steps, f"add to {name}")
    applied, _ = onto_existing(entry)
    return Done(change, f"{name}: {', '.join(applied) or 'kept once'}.")


# --- editing and moving -------------------------------------------------------------


class EditedElsewhere(Refused):
    """Fields the edit changes that another writer changed since the form opened."""

    def __init__(self, name: str, fields: list[str]) -> None:
        self.fields = fields
        words = ", ".join(f.removeprefix("handles.").replace("_", " ") for f in fields)
        super().__init__(f"{name}'s {words} changed elsewhere since you opened the form")


def save_fields(
    store: ContactStore,
    uid: str,
    fields: dict[str, Any],
    *,
    base: changes.Doc | None = None,
    overwrite: bool = False,
) -> Done | None:
    """Save what the edit form changed (None: nothing did). `handles` is a patch of
    its keys. With `base` (the contact when the form opened), a field another
    writer changed since raises EditedElsewhere unless `overwrite`."""
    stamp = clock.stamp(clock.now())
    before = store.doc(uid)
    if base is not None and not overwrite:
        clashes = changes.edited_elsewhere(base, before, fields)
        if clashes:
            raise EditedElsewhere(before["name"], clashes)
    after = changes.edited(before, fields, stamp)
    if {**after, "updated_at": None} == {**before, "updated_at": None}:
        return None
    name = fields.get("name") or before["name"]
    change = store.update(uid, lambda d: changes.edited(d, fields, stamp), f"edit {name}")
    return Done(change, f"Saved {name}.")


def without_fields(fields: dict[str, Any], dropped: list[str]) -> dict[str, Any]:
    """The edit less the fields (or handles) named: what keeps the other writer's."""
    kept = {k: v for k, v in fields.items() if k not in dropped}
    for key in changes.KEYED:
        if isinstance(kept.get(key), dict):
            kept[key] = {k: v for k, v in kept[key].items() if f"{key}.{k}" not in dropped}
            if not kept[key]:
                del kept[key]
    return kept


def too_early_to_move(store: ContactStore, uid: str, stage: str) -> list[str]:
    """Why moving this contact to `stage` asks too early (empty: fine)."""
    return ask_gate(store.contact(uid), clock.now()) if stage == "ask" else []


def move(store: ContactStore, uid: str, stage: str) -> Done | None:
    """Move a contact to `stage` (None: they are there already)."""
    contact = store.contact(uid)
    if contact.stage == stage:
        return None
    at = clock.stamp(clock.now())
    label = f"move {contact.name} to {STAGE_TITLES[stage]}"
    change = store.update(uid, lambda d: changes.moved(d, stage, at), label)
    return Done(change, f"{contact.name} is now {STAGE_TITLES[stage]}.")


def accept_invitation(store: ContactStore, uid: str) -> Done:
    """They accepted the invitation to connect: into Connected, recorded now in
    their stage history, one undoable step."""
    contact = store.contact(uid)
    sent = pending_invitation(contact)
    if sent is None:
        if contact.stage in ("connected", "ask"):
            raise Refused(f"{contact.name} is {STAGE_TITLES[contact.stage]} already.")
        raise Refused(
            f"No invitation to {contact.name} is waiting: log one first (l, kind invitation)."
        )
    now = clock.now()
    lapse = clock.local_day(sent.at).add(days=INVITATION_LAPSE_DAYS).isoformat()
    at = clock.stamp(now)
    change = store.update(
        uid, lambda d: changes.accepted(d, at, lapse), f"{contact.name} accepted the invitation"
    )
    return Done(change, f"{contact.name} accepted your invitation: now Connected.")


# --- archive and delete --------------------------------------------------------------


def set_archived(store: ContactStore, uid: str, archived: bool) -> Done:
    name = store.cards[uid].name
    label = f"{'archive' if archived else 'unarchive'} {name}"
    stamp = clock.stamp(clock.now())
    change = store.update(
        uid, lambda d: changes.with_fields(d, {"archived": archived}, stamp), label
    )
    if archived:
        return Done(change, f"Archived {name} (Ctrl+Z brings them back; A lists the archive).")
    return Done(change, f"Back on the board: {name}.")


def dismiss_merge_notes(store: ContactStore, uid: str) -> Done:
    """The merge notes have been read: they go (Ctrl+Z brings them back)."""
    name = store.cards[uid].name
    stamp = clock.stamp(clock.now())
    change = store.update(
        uid,
        lambda d: changes.with_fields(d, {"merge_notes": None}, stamp),
        f"read {name}'s merge notes",
    )
    return Done(change, f"Merge notes on {name} dismissed (Ctrl+Z brings them back).")


def links_to(store: ContactStore, uid: str) -> tuple[list[str], list[str], list[str]]:
    """Who was introduced by the contact, who knows them, and the events they are
    on (uids): what deleting them for good also removes."""
    introduced, knowers = [], []
    for other, doc in store.mentioning(uid).items():
        by, knows = changes.links_to(doc, uid)
        introduced += [other] if by else []
        knowers += [other] if knows else []
    events = store.mentioning(uid, "events")
    on = [e for e, doc in events.items() if uid in (doc.get("contacts") or [])]
    return introduced, knowers, on


def delete_forever(store: ContactStore, uid: str) -> Done:
    """Delete a contact, and in the same undoable step every link to them (other
    contacts' introducer and "knows", events' people): none is left pointing at
    nobody."""
    name = store.cards[uid].name
    introduced, knowers, events = links_to(store, uid)
    stamp = clock.stamp(clock.now())
    steps: list[tuple[str, str, Op]] = [(CONTACTS, uid, lambda _: None)]
    for other in dict.fromkeys(introduced + knowers):
        steps.append((CONTACTS, other, changes.updating(lambda d: changes.unlinked(d, uid, stamp))))

    def off_event(doc: changes.Doc) -> changes.Doc:
        return {**doc, "contacts": [c for c in doc.get("contacts") or [] if c != uid]}

    steps += [("events", event, changes.updating(off_event)) for event in events]
    change = store.apply_all(steps, f"delete {name}")
    links = len(introduced) + len(knowers) + len(events)
    also = f" and {links} link{'s' if links != 1 else ''} to them" if links else ""
    return Done(change, f"Deleted {name}{also}. Ctrl+Z brings it all back until you quit.")


def undo(store: ContactStore) -> Done | None:
    """Undo this session's last change (None: there is none)."""
    change: Change | None = store.undo()
    if change is None:
        return None
    return Done(change, f"Undone: {change.label}." + _kept_note(store, change))


def _kept_note(store: ContactStore, change: Change) -> str:
    """What an undo left as another writer (a window, the shell, a script) set it."""
    if not change.kept:
        return ""
    name = (change.after or change.before or {}).get("name", "it")
    if "archived" in change.kept:
        return f" {name} was changed elsewhere since, so they are archived, not deleted."
    notes = []
    if "stage" in change.kept and change.uid in store:
        stage = STAGE_TITLES[store.contact(change.uid).stage]
        notes.append(f"{name} was moved to {stage} elsewhere since, so that move stays")
    others = [] if notes else list(change.kept)
    if others:
        words = ", ".join(k.replace("_", " ") for k in others)
        notes.append(f"kept as changed elsewhere since: {words}")
    return " " + "; ".join(notes)[:1].upper() + "; ".join(notes)[1:] + "."
