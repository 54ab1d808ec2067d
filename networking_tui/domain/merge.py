"""Merging two versions of the data file that changed apart (a laptop and a desktop).

No common ancestor is needed (a Syncthing conflict copy has none). Each change
stamps the fields it sets (`_stamps`: per field, the newest stamps first, from a
hybrid logical clock with a device id, see `Clock`), and a deletion leaves a
tombstone (table `_deleted`). Merging then:

- keeps a document added on either side; two documents for the same person
  (same LinkedIn profile or email) become one, with both sides' touches;
- joins the logs (touches, stage history): each entry once, less the entries
  either side removed or replaced (an edit or a deletion of a touch, an undo:
  their identities are kept in `_dropped`, see `entry_id`); an edited entry is a
  new entry, so an edit on one side and a deletion on the other keeps the edit;
- takes, for each of an event's people, the side that added or removed them last
  (`_members`: per person, the stamp of the last change);
- takes, per field, the value with the later stamp; when both sides changed a
  field apart (neither stamp history contains the other's stamp), the other
  value is kept in a merge note on the contact, so no typed text vanishes;
- keeps a document deleted on one side and edited on the other after the
  deletion (with a note), and deletes one left untouched.

The result depends only on the two inputs, not on their order: merging A into B
or B into A gives the same tables, merging twice changes nothing, and three
copies merge to one state in any order (tests/test_merge.py checks the laws).
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from networking_tui.domain.model import identity_keys

Doc = dict[str, Any]
Table = dict[str, Doc]  # doc id -> document
Tables = dict[str, Table]

STAMPS = "_stamps"
ENTRY = "_s"  # the stamp of a log entry (a touch, a move), set when it is added (entry_stamp)
NOTES = "merge_notes"
DELETED = "_deleted"
DROPPED = "_dropped"  # identities (entry_id) of log entries removed or replaced
MEMBERS = "_members"  # an event's people: person -> stamp of their last add or removal
KEEP = 4  # stamps kept per field: enough to tell "changed after" from "changed apart"
# Logs: joined, never chosen between (an entry removed on a side is dropped).
LOGS: dict[str, tuple[str, ...]] = {"contacts": ("interactions", "stage_history")}
# Sets of plain values (an event's people): each value's last add or removal wins.
SETS: dict[str, tuple[str, ...]] = {"events": ("contacts",)}
JOINED: dict[str, tuple[str, ...]] = {
    table: LOGS.get(table, ()) + SETS.get(table, ()) for table in LOGS.keys() | SETS.keys()
}
BOOKKEEPING = (STAMPS, DROPPED, MEMBERS)  # what the merge keeps, not what a person typed
UNSTAMPED = {STAMPS, NOTES, DROPPED, MEMBERS, "uid", "updated_at", "created_at"}
# Fields the app sets itself (the history and the rhythm say what happened): the
# losing value of one of these needs no note, so only their newest stamp is kept
# (the others tell "changed after" from "changed apart", for a note).
UNNOTED = {
    "stage",
    "next_touch",
    "next_touch_set_at",
    "next_touch_event",
    "invitation_sent",
    "updated_at",
}
MERGED_TABLES = ("contacts", "events", "templates", "settings")


def _kept(key: str) -> int:
    """How many stamps a field keeps."""
    return 1 if key in UNNOTED else KEEP


def canonical(value: Any) -> str:
    """One text per JSON value (keys sorted, no spaces): what json.dumps with
    sort_keys gives, five times faster (every change and every merge compares
    log entries by it)."""
    return msgspec.json.encode(value, order="sorted").decode()


# --- stamping ------------------------------------------------------------------


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # in ASCII order: fixed widths sort
MS_WIDTH, COUNTER_WIDTH = 9, 1  # 36 stamps a ms
# Added to the milliseconds so that their first digit is a letter (until the year
# 4300): they sort after the stamps of the first format, which begin with a digit.
MS_OFFSET = 10 * 36 ** (MS_WIDTH - 1)


def _base36(number: int, width: int) -> str:
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
    return text.rjust(width, "0")


@dataclass
class Clock:
    """A hybrid logical clock: stamps that sort by time, never go backwards on one
    device, and break ties by the device id. Short, since every touch carries one:
    the milliseconds (9 base-36 digits, from MS_OFFSET), a counter (1 digit; a
    full millisecond borrows the next), the device. They sort after the stamps
    of the first format (`13 digits of ms . counter . device`), which they follow
    in time."""

    device: str
    last_ms: int = 0
    counter: int = 0

    def stamp(self, now_ms: int | None = None) -> str:
        now = int(time.time() * 1000) if now_ms is None else now_ms
        if now > self.last_ms:
            self.last_ms, self.counter = now, 0
        elif self.counter + 1 < 36**COUNTER_WIDTH:
            self.counter += 1
        else:  # a full millisecond: borrow the next one
            self.last_ms, self.counter = self.last_ms + 1, 0
        ms = _base36(self.last_ms + MS_OFFSET, MS_WIDTH)
        return f"{ms}{_base36(self.counter, COUNTER_WIDTH)}{self.device}"

    def observe(self, stamp: str) -> None:
        """Seen a stamp from elsewhere: later stamps here sort after it."""
        try:
            if stamp[:1].isalpha():
                ms, counter = stamp[:MS_WIDTH], stamp[MS_WIDTH : MS_WIDTH + COUNTER_WIDTH]
                seen = (int(ms, 36) - MS_OFFSET, int(counter, 36))
            else:
                ms, counter, _ = stamp.split(".", 2)
                seen = (int(ms), int(counter))
        except ValueError:
            return
        if seen > (self.last_ms, self.counter):
            self.last_ms, self.counter = seen


def entry_stamp(stamp: str) -> str:
    """A log entry's stamp: the moment, without the device. Short, since every touch
    carries one; it orders a joined log and, with the entry's content, tells two
    entries apart (the same touch, to the second, logged on two machines in the
    same millisecond would be one)."""
    return stamp[: MS_WIDTH + COUNTER_WIDTH] if stamp[:1].isalpha() else stamp


def entry_id(entry: Any) -> str:
    """A log entry's identity: a short hash of all of it, its stamp (`_s`) included,
    so that an entry added again (an undo) with a new stamp is a new entry."""
    digest = hashlib.blake2b(canonical(entry).encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()  # 8 characters, 48 bits


def stamped(before: Doc | None, after: Doc, stamp: str, *, table: str) -> Doc:
    """`after` with the fields that differ from `before` stamped. A log is not
    stamped as a field: each entry it gains carries the stamp (`_s`), which orders
    the log when two are joined, and each entry it loses (or that an edit
    replaced) leaves its identity in `_dropped`; an event's people changed are
    stamped in `_members`. A new document (or one an undo brings back) is not
    stamped: it exists on one side only, or keeps the stamps it had."""
    if before is None:
        return after
    result = dict(after)
    for key in BOOKKEEPING:  # an op that rebuilt the document keeps the merge's records
        if key in before and key not in after:
            result[key] = before[key]
    stamps: dict[str, list[str]] = {k: list(v) for k, v in (result.get(STAMPS) or {}).items()}
    dropped: set[str] = set()
    for key in LOGS.get(table, ()):
        items, gone = _logged_entries(before.get(key), after.get(key), entry_stamp(stamp))
        if items is not None:
            result[key] = items
        dropped.update(gone)
    if dropped:
        result[DROPPED] = sorted(dropped.union(result.get(DROPPED) or []))
    for key in SETS.get(table, ()):
        was, now = before.get(key), after.get(key)
        changed = _names(was).symmetric_difference(_names(now))
        if changed:
            members = dict(result.get(MEMBERS) or {})
            result[MEMBERS] = dict(sorted({**members, **dict.fromkeys(changed, stamp)}.items()))
    skip = UNSTAMPED | set(JOINED.get(table, ()))
    for key in after.keys() | before.keys():
        if key in skip or before.get(key) == after.get(key):
            continue
        stamps[key] = [stamp, *stamps.get(key, [])][: _kept(key)]
    if stamps:
        result[STAMPS] = stamps
    return result


def _names(values: Any) -> set[str]:
    """The texts in a list (an event's people); anything else is the validator's."""
    return {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()


def _logged_entries(before: Any, after: Any, stamp: str) -> tuple[list[Any] | None, list[str]]:
    """A log as a change left it: each entry it did not have before gets `stamp`
    (an edited touch, or one an undo put back, is a new entry), and the entries
    it lost are returned by identity (None: the log as it was)."""
    if not isinstance(after, list):
        return None, []
    old = [i for i in before if isinstance(i, dict)] if isinstance(before, list) else []
    had = Counter(canonical(i) for i in old)
    has = Counter(canonical(i) for i in after if isinstance(i, dict))
    gone = {key for key, count in had.items() if has[key] < count}
    left = Counter(had)
    items: list[Any] = []
    for item in after:
        key = canonical(item) if isinstance(item, dict) else ""
        # Not had before, or one of several the same of which one went (its
        # identity is dropped): a new entry, with a new identity.
        if isinstance(item, dict) and (left[key] <= 0 or key in gone):
            item = {**{k: v for k, v in item.items() if k != ENTRY}, ENTRY: stamp}
        elif isinstance(item, dict):
            left[key] -= 1
        items.append(item)
    dropped = sorted({entry_id(i) for i in old if canonical(i) in gone})
    return (items if items != after else None), dropped


def tombstone(uid: str, table: str, stamp: str, doc: Doc | None = None) -> Doc:
    """What a deletion leaves: when, and the document as it was (for a merge)."""
    grave: Doc = {"uid": f"{table}:{uid}", "table": table, "of": uid, "at": stamp}
    if doc is not None:
        grave["doc"] = doc
    return grave


def recorded(
    before: Doc | None, after: Doc | None, uid: str, table: str, clock: Clock
) -> tuple[Doc | None, Doc | None]:
    """One document's change as a merge needs it (table one of MERGED_TABLES):
    (`after` stamped, the tombstone a deletion leaves). It is stamped after every
    change `before` holds, even one from a machine whose clock runs ahead."""
    if before is not None:
        clock.observe(newest_change(before, table))
    if after is None:
        return None, None if before is None else tombstone(uid, table, clock.stamp(), before)
    return stamped(before, after, clock.stamp(), table=table), None


def recorded_tables(before: Mapping[str, Table], after: Tables, clock: Clock) -> Tables:
    """A whole file another program wrote (a script through TinyDB), its changes
    since `before` recorded as the app records its own (see `recorded`): without
    that a merge could undo them, or bring back what it deleted."""
    result = {name: dict(docs) for name, docs in after.items()}
    graves = result.setdefault(DELETED, {})
    buried = {grave.get("uid"): doc_id for doc_id, grave in graves.items()}
    for name in MERGED_TABLES:
        old = {doc.get("uid"): doc for doc in (before.get(name) or {}).values()}
        new = {doc.get("uid"): doc_id for doc_id, doc in (result.get(name) or {}).items()}
        for uid, doc_id in new.items():
            was = old.get(uid)
            doc = result[name][doc_id]
            if uid is None or was == doc:
                continue
            changed, _ = recorded(was, doc, uid, name, clock)
            assert changed is not None  # a document, not a deletion
            result[name][doc_id] = changed
            if was is None and f"{name}:{uid}" in buried:  # back: not deleted
                del graves[buried.pop(f"{name}:{uid}")]
        for uid, was in old.items():
            if uid is not None and uid not in new:
                _, grave = recorded(was, None, uid, name, clock)
                if grave is not None:
                    if grave["uid"] in buried:
                        del graves[buried[grave["uid"]]]
                    next_id = str(max((int(i) for i in graves if i.isdigit()), default=0) + 1)
                    graves[next_id] = grave
                    buried[grave["uid"]] = next_id
    if not graves:
        del result[DELETED]
    return result


# --- merging -------------------------------------------------------------------


@dataclass
class _Merged:
    doc: Doc
    notes: list[Doc] = field(default_factory=list)


def _notes(notes: Iterable[Doc]) -> list[Doc]:
    """One note per field and value (the latest), in a fixed order."""
    latest: dict[str, Doc] = {}
    for note in notes:
        key = canonical([note.get("field"), note.get("value")])
        if key not in latest or str(note.get("at", "")) > str(latest[key].get("at", "")):
            latest[key] = note
    return [latest[k] for k in sorted(latest)]


def _history(doc: Doc, key: str) -> list[str]:
    return list((doc.get(STAMPS) or {}).get(key) or [])


def _join(a: list[Any], b: list[Any]) -> list[Any]:
    """Each entry once. Entries from before stamps (the shared start of both logs)
    keep their order and come first; stamped ones follow in stamp order."""
    seen: dict[str, tuple[tuple[str, int], Any]] = {}
    for items in (a, b):
        for index, item in enumerate(items):
            stamp = item.get(ENTRY, "") if isinstance(item, dict) else ""
            key = (str(stamp), 0 if stamp else index)
            previous = seen.get(canonical(item))
            if previous is None or key < previous[0]:
                seen[canonical(item)] = (key, item)
    return [
        item for _, item in sorted(seen.values(), key=lambda pair: (pair[0], canonical(pair[1])))
    ]


def _join_plain(a: list[Any], b: list[Any]) -> list[Any]:
    seen = {canonical(x): x for x in [*a, *b]}
    return [seen[k] for k in sorted(seen)]


def _live(items: list[Any], dropped: Iterable[str]) -> list[Any]:
    """The log less the entries removed or replaced on either side."""
    gone = set(dropped)
    if not gone:
        return items
    return [i for i in items if not (isinstance(i, dict) and entry_id(i) in gone)]


def _members(a: Doc, b: Doc, keys: Iterable[str]) -> Doc:
    """An event's people on both sides: per person, the side that added or removed
    them last decides (no stamp on either side: there on either, as before
    stamps); `_members` keeps the latest stamp of each."""
    stamps_a, stamps_b = a.get(MEMBERS) or {}, b.get(MEMBERS) or {}
    result: Doc = {}
    for key in keys:
        in_a, in_b = list(a.get(key) or []), list(b.get(key) or [])
        if key not in a and key not in b:
            continue
        values = {canonical(v): v for v in [*in_a, *in_b, *stamps_a, *stamps_b]}
        there_a, there_b = {canonical(v) for v in in_a}, {canonical(v) for v in in_b}
        kept = []
        for text, value in sorted(values.items()):
            name = value if isinstance(value, str) else ""
            side_a = (str(stamps_a.get(name, "")), text in there_a)
            side_b = (str(stamps_b.get(name, "")), text in there_b)
            if max(side_a, side_b)[1]:  # the later stamp decides; a tie keeps them
                kept.append(value)
        result[key] = kept
    stamps = {
        k: max(str(stamps_a.get(k, "")), str(stamps_b.get(k, "")))
        for k in stamps_a.keys() | stamps_b.keys()
    }
    if stamps:
        result[MEMBERS] = dict(sorted(stamps.items()))
    return result


def merge_docs(a: Doc, b: Doc, table: str) -> Doc:
    """One document as both sides changed it (see the module's text)."""
    if canonical(a) == canonical(b):
        return a
    joined = JOINED.get(table, ())
    result: Doc = {}
    notes: list[Doc] = []
    stamps: dict[str, list[str]] = {}
    stamped_keys = (a.get(STAMPS) or {}).keys() | (b.get(STAMPS) or {}).keys()
    dropped = sorted({*(a.get(DROPPED) or []), *(b.get(DROPPED) or [])})
    if dropped:
        result[DROPPED] = dropped
    if table in SETS:
        result.update(_members(a, b, SETS[table]))
    for key in sorted((a.keys() | b.keys() | stamped_keys) - {NOTES, *BOOKKEEPING}):
        va, vb = a.get(key), b.get(key)
        if key in LOGS.get(table, ()):
            result[key] = _live(_join(list(va or []), list(vb or [])), dropped)
            continue
        if key in joined:
            continue  # a set: done above
        ha, hb = _history(a, key), _history(b, key)
        history = sorted(set(ha) | set(hb), reverse=True)[: _kept(key)]
        if history:
            stamps[key] = history
        if canonical(va) == canonical(vb):
            if key in a or key in b:
                result[key] = va if key in a else vb
            continue
        sa, sb = (ha or [""])[0], (hb or [""])[0]
        a_wins = (sa, canonical(va)) > (sb, canonical(vb))
        winner, loser = (a, b) if a_wins else (b, a)
        w_hist, l_hist = (ha, hb) if a_wins else (hb, ha)
        if key in winner:
            result[key] = winner[key]
        # Changed apart: the loser's newest stamp is not in the winner's history.
        l_newest = (l_hist or [""])[0]
        if l_newest and l_newest not in w_hist and key in loser and key not in UNNOTED:
            notes.append({"field": key, "value": loser[key], "at": l_newest})
    if table in ("contacts",):
        result["updated_at"] = max(str(a.get("updated_at") or ""), str(b.get("updated_at") or ""))
        if not result["updated_at"]:
            del result["updated_at"]
    # A note keeps a value that was not kept: one the field has again is no news
    # (and, kept, it would depend on the order of merges).
    all_notes = [
        note
        for note in _notes([*(a.get(NOTES) or []), *(b.get(NOTES) or []), *notes])
        if not (
            note.get("field") in result
            and canonical(result[str(note["field"])]) == canonical(note.get("value"))
        )
    ]
    if all_notes:
        result[NOTES] = all_notes
    if stamps:
        result[STAMPS] = stamps
    return result


def normalized(doc: Doc, table: str) -> Doc:
    """The one form a merged document takes: its logs in their joined order (the
    same move made on both machines stays twice: each happened)."""
    result = dict(doc)
    for key in LOGS.get(table, ()):
        if isinstance(doc.get(key), list):
            result[key] = _live(_join(doc[key], []), doc.get(DROPPED) or [])
    for key in SETS.get(table, ()):
        if isinstance(doc.get(key), list):
            result[key] = _join_plain(doc[key], [])
    return result


def newest_change(doc: Doc, table: str) -> str:
    """The stamp of the latest change: to a field, to a log (a touch logged adds
    an entry and may change no field) or to an event's people."""
    stamps = [str(h[0]) for h in (doc.get(STAMPS) or {}).values() if h]
    stamps += [str(s) for s in (doc.get(MEMBERS) or {}).values()]
    for key in LOGS.get(table, ()):
        stamps += [str(e.get(ENTRY, "")) for e in doc.get(key) or [] if isinstance(e, dict)]
    return max(stamps, default="")


def newest_stamp(tables: Mapping[str, Table]) -> str:
    """The latest stamp in a file's tables (its documents' changes, its graves)."""
    newest = max((_at(g) for g in (tables.get(DELETED) or {}).values()), default="")
    for name in MERGED_TABLES:
        for doc in (tables.get(name) or {}).values():
            newest = max(newest, newest_change(doc, name))
    return newest


def _by_uid(table: Table) -> dict[str, Doc]:
    return {str(doc.get("uid") or f"#{doc_id}"): doc for doc_id, doc in table.items()}


def _same_person(docs: dict[str, Doc]) -> dict[str, str]:
    """uid -> the uid it is folded into: contacts that share a LinkedIn profile or
    an email are one person (the smallest uid stays)."""
    owner: dict[str, str] = {}
    into: dict[str, str] = {}
    for uid in sorted(docs):
        handles = docs[uid].get("handles") or {}
        keys = [
            k
            for k in identity_keys(None, handles.get("linkedin"), handles.get("email"))
            if not k.startswith("x:")
        ]
        target = next((owner[k] for k in keys if k in owner), uid)
        into[uid] = target
        for k in keys:
            owner.setdefault(k, target)
    return into


def merge_tables(a: Mapping[str, Table], b: Mapping[str, Table]) -> Tables:
    """Both versions of the file's tables as one (tables not merged here: from
    `a`, else `b`, so nothing unknown is lost).

    A tombstone keeps the document as it was deleted, merged with every version
    met since: a document is alive when its newest change is later than the
    deletion. Nothing is dropped along the way, so the order of merges does not
    matter."""
    graves = _merged_graves(dict(a.get(DELETED) or {}), dict(b.get(DELETED) or {}))
    result: Tables = {}
    for name in sorted(a.keys() | b.keys()):
        if name == DELETED:
            continue
        if name not in MERGED_TABLES:
            result[name] = dict(a[name]) if name in a else dict(b[name])
            continue
        docs_a, docs_b = _by_uid(dict(a.get(name) or {})), _by_uid(dict(b.get(name) or {}))
        dead = {g["of"] for g in graves.values() if g.get("table") == name}
        alive: dict[str, Doc] = {}
        for uid in sorted(docs_a.keys() | docs_b.keys() | dead):
            versions = [d for d in (docs_a.get(uid), docs_b.get(uid)) if d]
            grave = graves.get(f"{name}:{uid}")
            if grave is not None and grave.get("doc"):
                versions.append(grave["doc"])
            if not versions:
                continue
            content = versions[0]
            for other in versions[1:]:
                content = merge_docs(content, other, name)
            if grave is None:
                alive[uid] = content
                continue
            back = newest_change(content, name) > str(grave.get("at", ""))
            if back and name == "contacts":  # edited after the deletion: it stays, and says so
                note = {"field": "deleted", "value": None, "at": grave["at"]}
                content = {**content, NOTES: _notes([*(content.get(NOTES) or []), note])}
            # The grave keeps the notes too (none is lost, whatever the order of
            # merges), less "deleted": that one says what the graves say now.
            kept = [n for n in content.get(NOTES) or [] if n.get("field") != "deleted"]
            grave["doc"] = normalized(
                {
                    **{k: v for k, v in content.items() if k != NOTES},
                    **({NOTES: kept} if kept else {}),
                },
                name,
            )
            if back:
                alive[uid] = content
        if name == "contacts":
            alive = _fold_people(alive)
        alive = {uid: normalized(doc, name) for uid, doc in alive.items()}
        ordered = sorted(alive.items(), key=lambda kv: (str(kv[1].get("created_at", "")), kv[0]))
        result[name] = {str(n): doc for n, (_, doc) in enumerate(ordered, start=1)}
    if graves:
        result[DELETED] = {str(n): g for n, (_, g) in enumerate(sorted(graves.items()), start=1)}
    return result


def _at(grave: Doc) -> str:
    return str(grave.get("at", ""))


def _merged_graves(a: Table, b: Table) -> dict[str, Doc]:
    """The tombstones of both sides: the latest deletion, with every version of
    the document they hold merged."""
    graves_a, graves_b = _by_uid(a), _by_uid(b)
    graves: dict[str, Doc] = {}
    for key in sorted(graves_a.keys() | graves_b.keys()):
        ga, gb = graves_a.get(key), graves_b.get(key)
        present: list[Doc] = [g for g in (ga, gb) if g]
        latest: Doc = max(present, key=_at)
        grave: Doc = dict(latest)
        docs = [g["doc"] for g in (ga, gb) if g and g.get("doc")]
        if len(docs) == 2:
            grave["doc"] = merge_docs(docs[0], docs[1], str(grave.get("table", "")))
        graves[key] = grave
    return graves


def _fold_people(docs: dict[str, Doc]) -> dict[str, Doc]:
    into = _same_person(docs)
    folded: dict[str, Doc] = {}
    for uid in sorted(docs):
        target = into[uid]
        doc = {**docs[uid], "uid": target}
        folded[target] = merge_docs(folded[target], doc, "contacts") if target in folded else doc
    return folded


def merge_three(
    base: Mapping[str, Table], a: Mapping[str, Table], b: Mapping[str, Table]
) -> Tables:
    """A three-way merge (git gives the ancestor): a field one side left as it was
    in `base` takes the other side's value without a note."""
    base_docs = {n: _by_uid(dict(base.get(n) or {})) for n in MERGED_TABLES}

    def unstamp_unchanged(side: Mapping[str, Table]) -> dict[str, Table]:
        out: dict[str, Table] = {}
        for name, table in side.items():
            if name not in MERGED_TABLES:
                out[name] = dict(table)
                continue
            out[name] = {}
            for doc_id, doc in table.items():
                old = base_docs[name].get(str(doc.get("uid") or f"#{doc_id}"))
                if old is not None:
                    stamps = {
                        k: v
                        for k, v in (doc.get(STAMPS) or {}).items()
                        if canonical(doc.get(k)) != canonical(old.get(k))
                    }
                    doc = {k: v for k, v in doc.items() if k != STAMPS}
                    if stamps:
                        doc[STAMPS] = stamps
                out[name][doc_id] = doc
        return out

    return merge_tables(unstamp_unchanged(a), unstamp_unchanged(b))
