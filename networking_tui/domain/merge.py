"""Merging two versions of the data file that changed apart (a laptop and a desktop).

No common ancestor is needed (a Syncthing conflict copy has none). Each change
stamps the fields it sets (`_stamps`: per field, the newest stamps first, from a
hybrid logical clock with a device id, see `Clock`), and a deletion leaves a
tombstone (table `_deleted`). Merging then:

- keeps a document added on either side; two documents for the same person
  (same LinkedIn profile or email) become one, with both sides' touches;
- joins the logs (touches, stage history, an event's people): each entry once;
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

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from networking_tui.domain.model import identity_keys

Doc = dict[str, Any]
Table = dict[str, Doc]  # doc id -> document
Tables = dict[str, Table]

STAMPS = "_stamps"
ENTRY = "_s"  # the stamp of a log entry (a touch, a move), set when it is added
NOTES = "merge_notes"
DELETED = "_deleted"
KEEP = 4  # stamps kept per field: enough to tell "changed after" from "changed apart"
# Append-only logs: joined, never chosen between.
JOINED: dict[str, tuple[str, ...]] = {
    "contacts": ("interactions", "stage_history"),
    "events": ("contacts",),
}
UNSTAMPED = {STAMPS, NOTES, "uid", "updated_at", "created_at"}
# Fields the app sets itself (the history and the rhythm say what happened): the
# losing value of one of these needs no note.
UNNOTED = {"stage", "next_touch", "next_touch_set_at", "next_touch_event", "updated_at"}
MERGED_TABLES = ("contacts", "events", "templates", "settings")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- stamping ------------------------------------------------------------------


@dataclass
class Clock:
    """A hybrid logical clock: stamps that sort by time, never go backwards on one
    device, and break ties by the device id. `13 digits of ms . counter . device`."""

    device: str
    last_ms: int = 0
    counter: int = 0

    def stamp(self, now_ms: int | None = None) -> str:
        now = int(time.time() * 1000) if now_ms is None else now_ms
        if now > self.last_ms:
            self.last_ms, self.counter = now, 0
        else:
            self.counter += 1
        return f"{self.last_ms:013d}.{self.counter:04d}.{self.device}"

    def observe(self, stamp: str) -> None:
        """Seen a stamp from elsewhere: later stamps here sort after it."""
        try:
            ms, counter, _ = stamp.split(".", 2)
            seen = (int(ms), int(counter))
        except ValueError:
            return
        if seen > (self.last_ms, self.counter):
            self.last_ms, self.counter = seen


def stamped(before: Doc | None, after: Doc, stamp: str, *, joined: Iterable[str] = ()) -> Doc:
    """`after` with the fields that differ from `before` stamped. A log is not
    stamped as a field: each entry it gains carries the stamp (`_s`), which orders
    the log when two are joined. A new document (or one an undo brings back) is
    not stamped: it exists on one side only, or keeps the stamps it had."""
    if before is None:
        return after
    stamps: dict[str, list[str]] = {k: list(v) for k, v in (after.get(STAMPS) or {}).items()}
    old = before or {}
    result = dict(after)
    for key in joined:
        items = after.get(key)
        if isinstance(items, list) and any(isinstance(i, dict) and ENTRY not in i for i in items):
            known = {canonical(i) for i in old.get(key) or []}
            result[key] = [
                {**i, ENTRY: stamp}
                if isinstance(i, dict) and ENTRY not in i and canonical(i) not in known
                else i
                for i in items
            ]
    skip = UNSTAMPED | set(joined)
    for key in after.keys() | old.keys():
        if key in skip or (before is not None and old.get(key) == after.get(key)):
            continue
        stamps[key] = [stamp, *stamps.get(key, [])][:KEEP]
    if stamps:
        result[STAMPS] = stamps
    return result


def tombstone(uid: str, table: str, stamp: str, doc: Doc | None = None) -> Doc:
    """What a deletion leaves: when, and the document as it was (for a merge)."""
    grave: Doc = {"uid": f"{table}:{uid}", "table": table, "of": uid, "at": stamp}
    if doc is not None:
        grave["doc"] = doc
    return grave


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


def _newest(doc: Doc, key: str) -> str:
    return str(((doc.get(STAMPS) or {}).get(key) or [""])[0])


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


def merge_docs(a: Doc, b: Doc, table: str) -> Doc:
    """One document as both sides changed it (see the module's text)."""
    if canonical(a) == canonical(b):
        return a
    joined = JOINED.get(table, ())
    result: Doc = {}
    notes: list[Doc] = []
    stamps: dict[str, list[str]] = {}
    stamped_keys = (a.get(STAMPS) or {}).keys() | (b.get(STAMPS) or {}).keys()
    for key in sorted((a.keys() | b.keys() | stamped_keys) - {STAMPS, NOTES}):
        va, vb = a.get(key), b.get(key)
        if key in joined:
            merged = (_join if table == "contacts" else _join_plain)(list(va or []), list(vb or []))
            result[key] = merged
            continue
        ha, hb = _history(a, key), _history(b, key)
        history = sorted(set(ha) | set(hb), reverse=True)[:KEEP]
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
    all_notes = _notes([*(a.get(NOTES) or []), *(b.get(NOTES) or []), *notes])
    if all_notes:
        result[NOTES] = all_notes
    if stamps:
        result[STAMPS] = stamps
    return result


def normalized(doc: Doc, table: str) -> Doc:
    """The one form a merged document takes: its logs in their joined order (the
    same move made on both machines stays twice: each happened)."""
    result = dict(doc)
    for key in JOINED.get(table, ()):
        if isinstance(doc.get(key), list):
            joiner = _join if table == "contacts" else _join_plain
            result[key] = joiner(doc[key], [])
    return result


def _newest_change(doc: Doc) -> str:
    return max((h[0] for h in (doc.get(STAMPS) or {}).values() if h), default="")


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
            grave["doc"] = normalized({k: v for k, v in content.items() if k != NOTES}, name)
            if _newest_change(content) > str(grave.get("at", "")):
                if name == "contacts":  # edited after the deletion: it stays, and says so
                    note = {"field": "deleted", "value": None, "at": grave["at"]}
                    content = {
                        **content,
                        NOTES: _notes([*(content.get(NOTES) or []), note]),
                    }
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
