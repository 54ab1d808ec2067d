"""Changes to one document, as pure functions of the document.

A change is kept as a function (not as the resulting document) so that, when
another program wrote the file meanwhile, the store can re-apply it to the fresh
document instead of overwriting what the other program did.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import msgspec
import pendulum

from networking_tui.domain import clock, rules
from networking_tui.domain.model import Contact

Doc = dict[str, Any]
Op = Callable[[Doc | None], Doc | None]

_MISSING = object()


def updating(fn: Callable[[Doc], Doc], base: Doc | None = None) -> Op:
    """An op on an existing document. One deleted elsewhere meanwhile stays deleted,
    unless `base` (the document as this writer changed it) is given: then the
    change brings it back, since an edit wins over a deletion it never saw."""

    def op(doc: Doc | None) -> Doc | None:
        if doc is None:
            return None if base is None else fn(base)
        return fn(doc)

    return op


def inserting(doc: Doc) -> Op:
    def op(current: Doc | None) -> Doc | None:
        return dict(doc) if current is None else current

    return op


def moved(doc: Doc, stage: str, at: str) -> Doc:
    """Into `stage` at the moment `at`; with no next touch, the stage's rhythm sets one.
    Already there (another writer made the same move first): nothing changes, so the
    history never records a move that did not happen."""
    if doc.get("stage") == stage:
        return doc
    history = [*doc.get("stage_history", []), {"stage": stage, "at": at}]
    result = {**doc, "stage": stage, "stage_history": history, "updated_at": at}
    return with_invitation_state(with_rhythm(result, clock.local_day(datetime.fromisoformat(at))))


def met_at(doc: Doc, at: pendulum.DateTime, note: str, stamp: str) -> Doc:
    """Met at an event at `at`: the meeting logged at that moment, and a Stranger or
    Follower moves to Engaged (the person has noticed you), as quick-add's `met at`
    does."""
    if doc.get("stage") in rules.NOT_YET_ENGAGED:
        doc = moved(doc, "engaged", stamp)
    return logged(doc, "meeting", at, note, stamp)


def accepted(doc: Doc, at: str, lapse_day: str | None) -> Doc:
    """The invitation was accepted at `at`: into Connected. The date the invitation
    set to come back (`lapse_day`) goes, unless chosen since: Connected's rhythm
    starts now."""
    if doc.get("next_touch") == lapse_day and not doc.get("next_touch_set_at"):
        doc = {**doc, "next_touch": None}
    return moved(doc, "connected", at)


def every(doc: Doc) -> int | None:
    """Days between touches (rules.cadence_of)."""
    return rules.cadence_of(doc.get("stage", ""), doc.get("cadence_days"))


def with_rhythm(doc: Doc, today: date) -> Doc:
    """A contact with no next touch, in a stage with a rhythm (or with their own),
    is due one rhythm from `today`: added or moved as a Follower, they reach the
    agenda in 7 days instead of never. A date already set is never replaced."""
    days = every(doc)
    if doc.get("next_touch") is not None or not days:
        return doc
    result = {**doc, "next_touch": (today + timedelta(days=days)).isoformat()}
    result.pop("next_touch_set_at", None)  # computed, not chosen
    return result


def with_fields(doc: Doc, fields: Doc, at: str) -> Doc:
    """Set fields; a None value removes an optional field rather than storing null."""
    result = {**doc, "updated_at": at}
    for key, value in fields.items():
        if key == "next_touch" and value != doc.get("next_touch"):
            result = scheduled(result, value, at)
        elif value is None and key != "next_touch":
            result.pop(key, None)
        else:
            result[key] = value
    return result


# Fields an edit changes key by key, so that two writers' handles both stand.
KEYED = ("handles",)


def edited(doc: Doc, fields: Doc, at: str) -> Doc:
    """What the edit form saves: like `with_fields`, except that a keyed field
    (`handles`) is a patch of its keys (None removes one): a handle someone else
    set meanwhile is kept."""
    result = dict(fields)
    for key in KEYED:
        if isinstance(fields.get(key), dict):
            merged = {**(doc.get(key) or {}), **fields[key]}
            merged = {k: v for k, v in merged.items() if v is not None}
            result[key] = merged or None
    return with_fields(doc, result, at)


def edited_elsewhere(base: Doc, current: Doc, fields: Doc) -> list[str]:
    """The fields an edit changes that another writer changed since the form
    opened on `base`: saving would overwrite their value ("handles.email" for
    one handle)."""
    clashes = []
    for key, value in fields.items():
        if key in KEYED and isinstance(value, dict):
            was, now = base.get(key) or {}, current.get(key) or {}
            clashes += [f"{key}.{k}" for k in value if was.get(k) != now.get(k)]
        elif base.get(key) != current.get(key):
            clashes.append(key)
    return clashes


def links_to(doc: Doc, uid: str) -> tuple[bool, bool]:
    """Whether the contact `doc` was introduced by `uid`, and whether it knows `uid`."""
    introducer = doc.get("introduced_by")
    introduced = isinstance(introducer, dict) and introducer.get("uid") == uid
    knows = any(isinstance(k, dict) and k.get("uid") == uid for k in doc.get("knows") or [])
    return introduced, knows


def unlinked(doc: Doc, uid: str, at: str) -> Doc:
    """The contact without its links to `uid` (deleted for good): who introduced
    them, and whom they know."""
    introduced, knows = links_to(doc, uid)
    if not (introduced or knows):
        return doc
    result = {**doc, "updated_at": at}
    if introduced:
        del result["introduced_by"]
    if knows:
        result["knows"] = [
            k for k in doc["knows"] if not (isinstance(k, dict) and k.get("uid") == uid)
        ]
    return result


def scheduled(doc: Doc, day: str | None, at: str) -> Doc:
    """The person chose the next touch (snooze, edit, `fu`): it is stamped so that
    the agenda says it is their date, and its thank-you reminder (3 days after an
    ask) does not override a choice made after the ask."""
    result = {**doc, "next_touch": day, "next_touch_set_at": at}
    result.pop("next_touch_event", None)  # no longer the date an event set (events.py)
    return result


def logged(doc: Doc, kind: str, at: pendulum.DateTime, note: str, stamp: str) -> Doc:
    """Append a touch and reschedule: the touch's date plus the days that
    `rules.days_to_follow_up` gives (the cadence; the next day after a meeting, call
    or event; the thank-you after an ask, which stays due while no thank-you is
    logged: see `thanks_first`). A stranger has no cadence: its next touch stays as
    it was.
    A next touch the person chose (snooze, edit, `fu`) that is still ahead of the
    touch stands, unless this rhythm gives an earlier day.
    """
    touch = {"kind": kind, "at": clock.stamp(at), "note": note}
    earlier = doc.get("interactions", [])
    result = {**doc, "interactions": [*earlier, touch], "updated_at": stamp}
    if any(_moment(t.get("at")) > at.timestamp() for t in earlier):
        # A back-dated touch: the newer one already set the next touch.
        return with_invitation_state(thanks_first(result))
    return with_invitation_state(thanks_first(rescheduled(result, kind, at)))


def rescheduled(doc: Doc, kind: str, at: datetime) -> Doc:
    """The next touch after a touch of `kind` at `at`: the cadence, the day after a
    meeting, 3 days after an ask, INVITATION_LAPSE_DAYS after an invitation (if it
    is not accepted by then it comes back once): rules.days_to_follow_up."""
    days = rules.days_to_follow_up(kind, every(doc))
    due = (at.date() + timedelta(days=days)).isoformat() if days else None
    chosen = doc.get("next_touch") if doc.get("next_touch_set_at") else None
    if isinstance(chosen, str) and chosen > at.date().isoformat() and not (due and due < chosen):
        return doc  # a date the person chose, still ahead, stands
    if not due:
        return doc
    result = {**doc, "next_touch": due}
    result.pop("next_touch_set_at", None)  # computed now, not chosen
    return result


def with_invitation_state(doc: Doc) -> Doc:
    """Keep `invitation_sent` (what the board's card shows) in step with the touches
    and the stage: the day of the invitation still waiting, if any (the rule is
    rules.pending_invitation)."""
    touches = doc.get("interactions") or []
    if "invitation_sent" not in doc and not any(
        isinstance(t, dict) and t.get("kind") == "invitation" for t in touches
    ):
        return doc
    try:
        contact = msgspec.convert({**doc, "invitation_sent": None}, Contact)
    except msgspec.ValidationError:
        return doc  # not a valid contact: the store refuses it anyway
    sent = rules.pending_invitation(contact)
    result = {key: value for key, value in doc.items() if key != "invitation_sent"}
    if sent is not None:
        result["invitation_sent"] = clock.local_day(sent.at).isoformat()
    return result


def owed_ask(touches: list[Doc]) -> float | None:
    """The moment (a timestamp) of the latest ask that no thank-you followed, if any
    (rules.owed_ask)."""
    return rules.owed_ask((t.get("kind", ""), _moment(t.get("at"))) for t in touches)


def thanks_first(doc: Doc) -> Doc:
    """While a thank-you is owed for an ask, the next touch is no later than the
    thank-you's day, whatever other touch was logged since; a date the person chose
    after the ask (snooze, edit, `fu`) still wins, as in the agenda
    (rules.due_while_owed)."""
    ask = owed_ask(doc.get("interactions", []))
    if ask is None:
        return doc
    current = _day(doc.get("next_touch"))
    chosen = doc.get("next_touch_set_at")
    chosen_at = _moment(chosen) if chosen else None
    by = rules.thanks_by(date.fromtimestamp(ask))
    due = rules.due_while_owed(current, chosen_at, ask, by)
    if due == current:
        return doc
    result = {**doc, "next_touch": due.isoformat()}
    result.pop("next_touch_set_at", None)
    return result


def _day(text: object) -> date | None:
    """A stored ISO date (None if unset or unreadable)."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _moment(text: object) -> float:
    """A stored ISO date-time as a timestamp (an unreadable one counts as long ago)."""
    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return float("-inf")


def reverting(before: Doc | None, after: Doc | None, at: str) -> Op:
    """The inverse of a change from `before` to `after`, applied to whatever is current.

    Only what this change did is reverted, on top of what others did since: a
    field changed again elsewhere keeps that value (see `kept_since`); items the
    change appended to a list are removed one by one; a contact this change added
    and another writer changed since is archived rather than deleted, so their
    work stays. `updated_at` goes back too, unless the document changed since.
    """

    def op(current: Doc | None) -> Doc | None:
        if before is None:  # undoing an insert
            if current is None or after is None or _same(current, after):
                return None
            return {**current, "archived": True, "updated_at": at}
        if current is None or after is None:
            return dict(before)  # undoing a delete, or restoring one deleted elsewhere
        kept = set(_kept_keys(before, after, current))
        result = dict(current)
        for key in before.keys() | after.keys():
            if key in _BOOKKEEPING or key in kept:
                continue
            old, new = before.get(key, _MISSING), after.get(key, _MISSING)
            if old == new:
                continue
            if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
                result[key] = _without(current.get(key, []), new[len(old) :])
            elif old is _MISSING:
                result.pop(key, None)
            else:
                result[key] = old
        untouched = _same(current, after)  # nothing else changed it since
        if untouched and "updated_at" in before:
            result["updated_at"] = before["updated_at"]
        elif untouched:
            result.pop("updated_at", None)
        else:
            result["updated_at"] = at
        return result

    return op


# Fields that move together: undoing one without the other would leave a stage
# history that is not the path the contact took.
_TOGETHER = {"stage": ("stage", "stage_history"), "stage_history": ("stage", "stage_history")}


# Bookkeeping, not what a person changed: the merge's records (domain/merge.py:
# stamps, the log entries dropped, an event's people's stamps), and when. An undo
# leaves them: a touch it puts back is stamped as a new entry instead.
_BOOKKEEPING = frozenset({"_stamps", "_dropped", "_members", "updated_at"})


def _same(a: Doc, b: Doc) -> bool:
    def kept(doc: Doc) -> Doc:
        return {k: v for k, v in doc.items() if k not in _BOOKKEEPING}

    return kept(a) == kept(b)


def _kept_keys(before: Doc, after: Doc, current: Doc) -> list[str]:
    """Fields this change set and another writer changed again since."""
    kept: list[str] = []
    for key in sorted(before.keys() | after.keys()):
        if key in _BOOKKEEPING or before.get(key, _MISSING) == after.get(key, _MISSING):
            continue
        new, now = after.get(key, _MISSING), current.get(key, _MISSING)
        appended = isinstance(new, list) and new[: len(before.get(key) or [])] == before.get(key)
        if _unstamped(now) != _unstamped(new) and not appended:
            kept += [k for k in _TOGETHER.get(key, (key,)) if k not in kept]
    if "stage" in kept:  # moved on since: the move and what it set stay whole
        changed = [k for k in sorted(before.keys() | after.keys()) if k not in _BOOKKEEPING]
        kept += [k for k in changed if k not in kept and before.get(k) != after.get(k)]
    return kept


def kept_since(before: Doc | None, after: Doc | None, current: Doc | None) -> list[str]:
    """What undoing a change from `before` to `after` leaves as it is now, because
    another writer changed it since: field names, or "archived" for a contact the
    change added and others changed since (archived instead of deleted)."""
    if current is None or after is None:
        return []
    if before is None:
        return [] if _same(current, after) else ["archived"]
    return _kept_keys(before, after, current)


def _bare(item: Any) -> Any:
    """A log entry without its merge stamp (`_s`)."""
    return {k: v for k, v in item.items() if k != "_s"} if isinstance(item, dict) else item


def _unstamped(value: Any) -> Any:
    """A log as its entries read, whatever their merge stamps: an undo that puts an
    entry back stamps it anew, and a change undone after it still finds its log."""
    return [_bare(item) for item in value] if isinstance(value, list) else value


def _without(items: list[Any], removed: list[Any]) -> list[Any]:
    """`items` less each of `removed`: the entry itself, else the latest one equal to
    it but for the merge stamp (`_s`: a change re-applied after a reload stamps its
    entry anew). The latest, not the first: a stage left and taken again within a
    second gives two entries equal but for that stamp, and an undo removes the
    entry it appended, at the end."""

    remaining = list(items)
    for item in removed:
        target = _bare(item)
        matches = [i for i, candidate in enumerate(remaining) if _bare(candidate) == target]
        exact = [i for i in matches if remaining[i] == item]
        if matches:
            del remaining[(exact or matches)[-1]]
    return remaining


def new_uid() -> str:
    return uuid.uuid4().hex[:12]


def make_contact(name: str, stage: str = "stranger", **fields: Any) -> Doc:
    """A new contact document with its first stage-history entry."""
    at = clock.stamp(clock.now())
    doc: Doc = {
        "uid": new_uid(),
        "name": name,
        "stage": stage,
        "priority": 2,
        "next_touch": None,
        "tags": [],
        "stage_history": [{"stage": stage, "at": at}],
        "interactions": [],
        "archived": False,
        "created_at": at,
        "updated_at": at,
    }
    doc.update({k: v for k, v in fields.items() if v is not None})
    return doc


# --- correcting the touch log -------------------------------------------------------


def touch_replaced(doc: Doc, original: Doc, new: Doc | None, stamp: str, today: date) -> Doc:
    """The contact with one logged touch (`original`, found by its content) edited
    into `new`, or removed (`new` None). A next touch the rules had computed from
    the touch log is computed again from what the log now holds; one the person
    chose, or an event's follow-up, is kept. The thank-you owed and the invitation
    waiting follow too. A touch no longer there (changed elsewhere) changes nothing."""
    touches = list(doc.get("interactions") or [])
    if original not in touches:
        return doc
    index = touches.index(original)
    if new is None:
        del touches[index]
    else:
        touches[index] = new
    result = {**doc, "interactions": touches, "updated_at": stamp}
    if not doc.get("next_touch_set_at") and not doc.get("next_touch_event"):
        result = _recomputed(result, today)
    return with_invitation_state(thanks_first(result))


def _recomputed(doc: Doc, today: date) -> Doc:
    """The next touch from the latest logged touch; with none left, the stage's
    rhythm from today (none for a stranger)."""
    touches = [t for t in doc.get("interactions") or [] if _moment(t.get("at")) > float("-inf")]
    if not touches:
        return with_rhythm({**doc, "next_touch": None}, today)
    latest = max(reversed(touches), key=lambda t: _moment(t.get("at")))  # a tie: the later
    at = pendulum.instance(datetime.fromisoformat(str(latest["at"])))
    rescheduled_doc = rescheduled(doc, str(latest.get("kind")), at)
    if rescheduled_doc is doc:  # no rhythm (a stranger): as it was
        return doc
    return rescheduled_doc
