"""What the merge stamps cost in file size (issue 17: at most 15 % at 30,000).

    python bench/file_growth.py 30000

Three files of the brief's shape (bench/generate.py) are compared:

- before: no stamps (a file from before two-machine merging);
- brief: the brief's user: the 25,000 Strangers came from a LinkedIn import (a
  new document carries no stamps), the 5,000 others were worked in the app: each
  of their touches and moves stamped (`_s`), three fields changed (`_stamps`);
- all logged: as if all 300,000 touches had been logged one by one in the app and
  three fields changed on every contact (the bench's shape is a stress shape:
  that is some 800 touches a day for a year);
- worst: that, and every field of every contact changed four times or more
  (the stamps kept per field);
- all logged, and one touch of every contact edited (or deleted) since, as the
  touch form does (changes.touch_replaced, stamped as the store stamps a change):
  the tombstone of the old entry in `_dropped`, the edited one a new entry.

The stamps are made by the app's own clock (merge.Clock) with this machine's
device id (paths.device_id()).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from networking_tui.data import storage
from networking_tui.data.paths import device_id
from networking_tui.domain import changes, clock, merge

TYPICAL_FIELDS = ("next_touch", "notes", "role")


def stamped_copy(
    tables: dict, fields: tuple[str, ...] | None, per_field: int, strangers: bool = True
) -> dict:
    stamps = merge.Clock(device_id())
    out = {}
    for name, docs in tables.items():
        out[name] = {}
        for doc_id, doc in docs.items():
            if name == "contacts" and (strangers or doc.get("stage") != "stranger"):
                doc = dict(doc)
                for log in ("interactions", "stage_history"):
                    stamp = merge.entry_stamp  # as the store stamps an entry
                    doc[log] = [
                        {**e, merge.ENTRY: stamp(stamps.stamp())} for e in doc.get(log) or []
                    ]
                keys = fields if fields is not None else [k for k in doc if not k.startswith("_")]
                doc[merge.STAMPS] = {k: [stamps.stamp() for _ in range(per_field)] for k in keys}
            out[name][doc_id] = doc
    return out


def corrected(tables: dict, *, delete: bool) -> dict:
    """One touch of every contact edited (or deleted), as the touch form does it."""
    stamps, today = merge.Clock(device_id()), clock.today()
    docs = {}
    for doc_id, doc in tables["contacts"].items():
        touch = doc["interactions"][0]
        new = None if delete else {**touch, "note": touch["note"][:-1] + "!"}  # same length
        at = stamps.stamp()
        after = changes.touch_replaced(doc, touch, new, at, today)
        docs[doc_id] = merge.stamped(doc, after, at, table="contacts")
    return {**tables, "contacts": docs}


def size(tables: dict) -> int:
    raw = {
        n: {i: msgspec.Raw(msgspec.json.encode(d)) for i, d in t.items()} for n, t in tables.items()
    }
    return sum(len(bytes(c)) for c in storage.encode_tables(raw))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = generate(count, Path(folder) / "f.json")
        tables = msgspec.json.decode(path.read_bytes())
    before = size(tables)
    print(f"{count:,} contacts, one document per line")
    print(f"  before (no stamps)   {before / 1e6:7.1f} MB")
    logged = stamped_copy(tables, TYPICAL_FIELDS, 1)
    for label, tables_now in (
        ("brief", stamped_copy(tables, TYPICAL_FIELDS, 1, strangers=False)),
        ("all logged", logged),
        ("worst", stamped_copy(tables, None, merge.KEEP)),
        ("all logged, 1 edited", corrected(logged, delete=False)),
        ("all logged, 1 deleted", corrected(logged, delete=True)),
    ):
        now = size(tables_now)
        print(f"  {label:<22} {now / 1e6:7.1f} MB  +{(now / before - 1) * 100:.1f} %", end="")
        contacts = tables_now["contacts"]
        bare = {i: {k: v for k, v in d.items() if k != merge.DROPPED} for i, d in contacts.items()}
        without = size({**tables_now, "contacts": bare})
        print(f"  (tombstones +{(now - without) / before * 100:.1f} %)" if now > without else "")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
