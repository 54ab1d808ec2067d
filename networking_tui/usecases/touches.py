"""Logging touches and moving the next one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum

from networking_tui.data.store import ContactStore
from networking_tui.domain import changes, clock, events
from networking_tui.domain.capture import LogLine, apply_log
from networking_tui.domain.changes import Doc
from networking_tui.domain.dates import readable
from networking_tui.domain.model import TOUCH_KINDS
from networking_tui.domain.rules import a_touch, ask_gate, thanks_due
from networking_tui.domain.text import clean_block
from networking_tui.usecases.result import Done, Refused


def too_early_to_log(store: ContactStore, uid: str, kind: str) -> list[str]:
    """Why logging an ask with this contact is asking too early (empty: fine), as
    moving them to Ask would be; someone already at Ask passed (or overrode) it."""
    contact = store.contact(uid)
    if kind != "ask" or contact.stage == "ask":
        return []
    return ask_gate(contact, clock.now())


# The touch each stage is about (a follower's is a public one, not a message).
STAGE_KIND = {
    "stranger": "follow",
    "follower": "comment",
    "engaged": "message",
    "connected": "message",
    "ask": "ask",
}


def fitting_kind(store: ContactStore, uid: str) -> str:
    """The kind the log form starts on: a thank-you while one is owed for an ask,
    else the touch the contact's stage is about."""
    contact = store.contact(uid)
    if thanks_due(contact) is not None:
        return "thank-you"
    return STAGE_KIND.get(contact.stage, "message")


def log_touch(store: ContactStore, uid: str, kind: str, at: Any, note: str) -> Done:
    """Log a touch of `kind` at `at` (the log form); the next touch follows the rhythm."""
    stamp = clock.stamp(clock.now())
    return _logged(store, uid, kind, lambda d: changes.logged(d, kind, at, note, stamp), stamp)


def log_line(store: ContactStore, uid: str, entry: LogLine) -> Done:
    """A one-line log (`Ada: call, … ; fu fri`) onto the contact it names."""
    now = clock.now()
    return _logged(store, uid, entry.kind, lambda d: apply_log(d, entry, now), clock.stamp(now))


def _logged(
    store: ContactStore, uid: str, kind: str, log: Callable[[Doc], Doc], stamp: str
) -> Done:
    """Log a touch (`log` adds it and reschedules), keeping the follow-ups that
    events set; says what the next touch now is."""
    name = store.cards[uid].name
    follow = event_follow_ups(store, uid, stamp)
    change = store.update(uid, lambda d: follow(log(d)), f"log {a_touch(kind)} with {name}")
    due = (change.after or {}).get("next_touch")
    message = f"Logged {a_touch(kind)} with {name}." + (
        f" Next touch {readable(due)}." if due else ""
    )
    return Done(change, message)


def event_follow_ups(store: ContactStore, uid: str, stamp: str) -> Callable[[Doc], Doc]:
    """What a touch does to the follow-ups events set for this person."""
    return events.after_log(uid, store.docs("events"), clock.today(), stamp)


def snooze(store: ContactStore, uid: str, day: pendulum.Date) -> Done:
    name = store.cards[uid].name
    stamp = clock.stamp(clock.now())
    fields = {"next_touch": day.isoformat()}
    change = store.update(uid, lambda d: changes.with_fields(d, fields, stamp), f"snooze {name}")
    return Done(change, f"{name} snoozed until {readable(day)}.")


# --- correcting the touch log -------------------------------------------------------


def edit_touch(
    store: ContactStore, uid: str, original: Doc, kind: str, at: pendulum.DateTime, note: str
) -> Done:
    """Correct a logged touch's kind, moment or note; one undoable step."""
    if kind not in TOUCH_KINDS:
        raise Refused(f"unknown kind {kind!r}: one of {', '.join(TOUCH_KINDS)}")
    if clock.local_day(at) > clock.today():
        raise Refused("a touch is logged once it has happened: today or earlier")
    new = {**original, "kind": kind, "at": clock.stamp(at), "note": clean_block(note)}
    if new == original:
        raise Refused("Nothing changed.")
    return _replaced(store, uid, original, new, f"edit a touch with {store.cards[uid].name}")


def delete_touch(store: ContactStore, uid: str, original: Doc) -> Done:
    """Remove a logged touch; one undoable step."""
    return _replaced(store, uid, original, None, f"delete a touch with {store.cards[uid].name}")


def _replaced(store: ContactStore, uid: str, original: Doc, new: Doc | None, label: str) -> Done:
    if original not in (store.doc(uid).get("interactions") or []):
        raise Refused("That touch is no longer in the log (changed elsewhere?).")
    stamp, today = clock.stamp(clock.now()), clock.today()
    follow = event_follow_ups(store, uid, stamp)
    change = store.update(
        uid, lambda d: follow(changes.touch_replaced(d, original, new, stamp, today)), label
    )
    due = (change.after or {}).get("next_touch")
    said = "Deleted the touch" if new is None else "Saved the touch"
    name = store.cards[uid].name
    return Done(change, f"{said} with {name}." + (f" Next touch {readable(due)}." if due else ""))
