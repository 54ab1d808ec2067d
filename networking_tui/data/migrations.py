"""Bring an older data file forward to the current schema, in memory.

Schema 0 is any file without a `_meta` table: one written before the schema was
versioned, or by a script using TinyDB's defaults (contacts in the `_default`
table, stages capitalised, priorities as text, next touches as date-times).
Schema 1 is the same as 2 without merge stamps (see `_v1_to_v2`).
The store writes the migrated file only after backing up the original.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from networking_tui.domain.model import SCHEMA_VERSION, priority_from

Raw = msgspec.Raw
Tables = dict[str, dict[str, Raw]]


def _v0_to_v1(tables: Tables) -> Tables:
    rest = {name: docs for name, docs in tables.items() if name != "_meta"}
    source = "contacts" if "contacts" in rest else "_default"
    contacts = rest.pop(source, {})
    upgraded: dict[str, Raw] = {}
    for doc_id, raw in contacts.items():
        doc = msgspec.json.decode(raw)
        if not isinstance(doc, dict):
            raise ValueError(f"document {doc_id} of table {source} is not an object")
        upgraded[doc_id] = Raw(msgspec.json.encode(_contact_v0_to_v1(doc)))
    meta = {"1": Raw(msgspec.json.encode({"schema": 1}))}
    return {"_meta": meta, "contacts": upgraded, **rest}


def _contact_v0_to_v1(doc: dict[str, Any]) -> dict[str, Any]:
    stage = doc.get("stage")
    if isinstance(stage, str):
        doc["stage"] = stage.strip().lower()
    priority = doc.get("priority")
    if isinstance(priority, str) and priority_from(priority) is not None:
        doc["priority"] = priority_from(priority)
    next_touch = doc.get("next_touch")
    if isinstance(next_touch, str) and len(next_touch) > 10 and next_touch[10] in "T ":
        doc["next_touch"] = next_touch[:10]
    return doc


def _v1_to_v2(tables: Tables) -> Tables:
    """Schema 2 files carry merge stamps (`_stamps`, `_s`, `_deleted`): the documents
    need no change, but the version tells an older app, which would change them
    without stamping (and so lose every merge), to refuse the file."""
    out: Tables = {}
    for name, docs in tables.items():
        # A document spread over lines (a script's indented dump) is written on one
        # line, as the file now keeps them.
        out[name] = {
            doc_id: Raw(msgspec.json.encode(msgspec.json.decode(raw)))
            if b"\n" in bytes(raw)
            else raw
            for doc_id, raw in docs.items()
        }
    meta = out.setdefault("_meta", {})
    for doc_id, raw in meta.items():
        doc = msgspec.json.decode(raw)
        if isinstance(doc, dict) and "schema" in doc:
            meta[doc_id] = Raw(msgspec.json.encode({**doc, "schema": 2}))
    return out


STEPS: dict[int, Callable[[Tables], Tables]] = {0: _v0_to_v1, 1: _v1_to_v2}


def lenient_contact(raw: Raw) -> Raw | None:
    """A contact a script wrote with a priority in words (`"high"`, `"low"`, `"2"`),
    as the schema stores it (a number); None when that is not what is wrong, so the
    document's own problem is reported. Any schema: the same words are accepted
    everywhere (quick-add, the shell, a file)."""
    try:
        doc = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("priority"), str):
        return None
    number = priority_from(doc["priority"])
    if number is None:
        return None
    return Raw(msgspec.json.encode({**doc, "priority": number}))


def migrate(tables: Tables, schema: int) -> Tables:
    for version in range(schema, SCHEMA_VERSION):
        tables = STEPS[version](tables)
    return tables
